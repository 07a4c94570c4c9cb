//! Runs every case of `test/corpus/*.txt` through the Rust binding and
//! compares the tree with the expected S-expression, so the corpus is
//! checked by `cargo test` without the tree-sitter CLI. Also checks that
//! hostile inputs (deep nesting, invalid UTF-8, random bytes) parse without
//! crashing or hanging.
//!
//! `UPDATE_CORPUS=1 cargo test -p tree-sitter-roast --test corpus` rewrites
//! the expected trees from the parser (review the diff); `tree-sitter test`
//! must agree with them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Case {
    file: String,
    name: String,
    input: String,
    expected: String,
}

fn is_header_line(line: &str, ch: char) -> bool {
    line.len() >= 3 && line.chars().all(|c| c == ch)
}

/// Splits a corpus file into cases: a `===` line, the name, a `===` line,
/// the input, a `---` line, the expected tree.
fn read_cases(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("corpus file is readable");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_header_line(lines[i], '=') {
            i += 1;
            continue;
        }
        let name = lines[i + 1].trim().to_string();
        assert!(
            is_header_line(lines[i + 2], '='),
            "{}: bad header at {name}",
            path.display()
        );
        let mut j = i + 3;
        let mut input_lines = Vec::new();
        while !is_header_line(lines[j], '-') {
            input_lines.push(lines[j]);
            j += 1;
        }
        let mut k = j + 1;
        let mut expected_lines = Vec::new();
        while k < lines.len() && !is_header_line(lines[k], '=') {
            expected_lines.push(lines[k]);
            k += 1;
        }
        // Like the CLI: the blank line before `---` is not part of the input.
        let mut input = input_lines.join("\n");
        let trimmed_len = input.trim_end_matches('\n').len();
        input.truncate(trimmed_len);
        cases.push(Case {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            name,
            input,
            expected: expected_lines.join("\n"),
        });
        i = k;
    }
    cases
}

/// The tree as the CLI's test runner prints it: named nodes, field names,
/// `MISSING` nodes, and the unexpected characters inside `ERROR` nodes, one
/// node per line.
fn sexp(
    node: tree_sitter::Node,
    source: &[u8],
    field: Option<&str>,
    indent: usize,
    out: &mut String,
) {
    let named = node.is_named();
    if !named && !node.is_missing() && !is_unexpected(node) {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&"  ".repeat(indent));
    if let Some(field) = field {
        write!(out, "{field}: ").ok();
    }
    if node.is_missing() {
        if named {
            write!(out, "(MISSING {})", node.kind()).ok();
        } else {
            write!(out, "(MISSING \"{}\")", node.kind()).ok();
        }
        return;
    }
    if is_unexpected(node) {
        let text = node.utf8_text(source).unwrap_or("");
        let c = text.chars().next().unwrap_or(' ');
        write!(out, "(UNEXPECTED '{c}')").ok();
        return;
    }
    out.push('(');
    out.push_str(node.kind());
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            let child = cursor.node();
            sexp(child, source, cursor.field_name(), indent + 1, out);
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    out.push(')');
}

/// A character the lexer could not use at all, kept inside an `ERROR`.
fn is_unexpected(node: tree_sitter::Node) -> bool {
    node.is_error()
        && node.child_count() == 0
        && node.kind() == "ERROR"
        && node.parent().is_some_and(|p| p.is_error())
}

/// Whitespace collapsed; `(MISSING _hidden)` tokens, which the CLI prints but
/// a tree cursor never visits, left out.
fn normalize(s: &str) -> String {
    let mut s = s.to_string();
    while let Some(at) = s.find("(MISSING _") {
        let end = s[at..].find(')').map_or(s.len(), |e| at + e + 1);
        s.replace_range(at..end, "");
    }
    let mut out = String::new();
    let mut last_space = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            if c == ')' && out.ends_with(' ') {
                out.pop();
            }
            out.push(c);
            last_space = false;
        }
    }
    out.trim().to_string()
}

fn parser() -> tree_sitter::Parser {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_roast::LANGUAGE.into())
        .expect("grammar ABI matches the runtime");
    parser
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test")
        .join("corpus")
}

#[test]
fn corpus() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("test/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files");
    let mut parser = parser();
    let mut failures = Vec::new();
    let mut count = 0;
    let update = std::env::var_os("UPDATE_CORPUS").is_some();
    for file in &files {
        let mut rewritten = String::new();
        for case in read_cases(file) {
            count += 1;
            // Like the CLI: the code between the header and `---`, ending
            // with one line break.
            let code = case.input.strip_prefix('\n').unwrap_or(&case.input);
            let input = format!("{code}\n");
            let tree = parser.parse(&input, None).expect("parse returns a tree");
            let mut pretty = String::new();
            sexp(tree.root_node(), input.as_bytes(), None, 0, &mut pretty);
            let rule = "=".repeat(60);
            write!(
                rewritten,
                "{rule}\n{}\n{rule}\n\n{code}\n\n{}\n\n{pretty}\n\n",
                case.name,
                "-".repeat(60)
            )
            .ok();
            let actual = normalize(&pretty);
            let expected = normalize(&case.expected);
            if actual != expected {
                failures.push(format!(
                    "{} / {}:\n  expected: {expected}\n  actual:   {actual}",
                    case.file, case.name
                ));
            }
        }
        if update {
            std::fs::write(file, rewritten.trim_end().to_string() + "\n")
                .expect("corpus file is writable");
        }
    }
    if update {
        return;
    }
    assert!(count > 50, "only {count} corpus cases found");
    assert!(
        failures.is_empty(),
        "{} of {count} corpus cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_test_program_parses_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/programs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut parser = parser();
    let mut bad = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "roast") {
            continue;
        }
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let tree = parser.parse(&source, None).expect("a tree");
        if tree.root_node().has_error() {
            bad.push(path.display().to_string());
        }
    }
    assert!(bad.is_empty(), "syntax errors in: {bad:?}");
}

#[test]
fn hostile_inputs_do_not_crash() {
    let mut parser = parser();
    let mut inputs: Vec<Vec<u8>> = vec![
        format!("x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000)).into_bytes(),
        format!("x = {}\n", "[".repeat(100_000)).into_bytes(),
        format!("x = {}\n", "f\"{".repeat(100_000)).into_bytes(),
        format!("x = {}\n", "f\"{x:{".repeat(20_000)).into_bytes(),
        // Long lines of the grammar's own tokens once made the scanner
        // quadratic (the lexer's column is costly after a rewind).
        format!("x = {}1\n", "1 + ".repeat(100_000)).into_bytes(),
        format!("x = {}1\n", "not -".repeat(50_000)).into_bytes(),
        format!("x = {}1\n", "lambda: ".repeat(20_000)).into_bytes(),
        format!("x = {}\n", "\"".repeat(100_001)).into_bytes(),
        (0..700)
            .map(|i| format!("{}if x:\n", "    ".repeat(i)))
            .collect::<String>()
            .into_bytes(),
        vec![
            0xff, 0xfe, b'x', b' ', b'=', 0xc3, b'\n', 0x80, b'"', 0xf0, 0x9f, b'\n',
        ],
        b"\\".to_vec(),
        b"x = 1 \\".to_vec(),
        b"f'{".to_vec(),
        b"f'{x:".to_vec(),
        b"'''".to_vec(),
        b"\t\t  \x0c if\r\r\nx".to_vec(),
        b"\0\0\0".to_vec(),
    ];
    // Deterministic pseudo-random bytes and token soup.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"()[]{}\"'\\ \n\t#fr:=,.ab1{}";
    for _ in 0..20 {
        inputs.push((0..5000).map(|_| (next() & 0xff) as u8).collect());
        inputs.push(
            (0..5000)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect(),
        );
    }
    for (i, input) in inputs.iter().enumerate() {
        let started = std::time::Instant::now();
        let tree = parser.parse(input, None).expect("parse returns a tree");
        if std::env::var_os("TIMING").is_some() {
            eprintln!("input {i}: {} bytes, {:?}", input.len(), started.elapsed());
        }
        // Walk the whole tree without recursion.
        let mut cursor = tree.walk();
        let mut nodes = 0usize;
        loop {
            nodes += 1;
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break;
                }
            }
            if cursor.node() == tree.root_node() {
                break;
            }
        }
        assert!(nodes > 0);
    }
}
