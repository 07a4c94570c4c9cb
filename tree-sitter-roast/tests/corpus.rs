//! Runs every case of `test/corpus/*.txt` through the Rust binding and
//! compares the tree with the expected S-expression, so the corpus is
//! checked by `cargo test` without the tree-sitter CLI. Also checks that
//! hostile inputs (deep nesting, invalid UTF-8, random bytes) parse without
//! crashing or hanging.
//!
//! The expected trees are written by `tree-sitter test --update` (or by hand
//! for cases with errors, which the CLI does not update).

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
        assert!(is_header_line(lines[i + 2], '='), "{}: bad header at {name}", path.display());
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
            file: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            name,
            input,
            expected: expected_lines.join("\n"),
        });
        i = k;
    }
    cases
}

/// The tree as the CLI's test runner prints it: named nodes, field names,
/// `MISSING` nodes, and the unexpected characters inside `ERROR` nodes.
fn sexp(node: tree_sitter::Node, field: Option<&str>, out: &mut String) {
    let named = node.is_named();
    if !named && !node.is_missing() && !(node.is_error() || is_unexpected(node)) {
        return;
    }
    out.push(' ');
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
        // The CLI names a character near the error, not always the first
        // one of the node; only the presence of the marker is compared.
        out.push_str("(UNEXPECTED)");
        return;
    }
    out.push('(');
    out.push_str(node.kind());
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            let child = cursor.node();
            sexp(child, cursor.field_name(), out);
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    out.push(')');
}

/// A character the lexer could not use at all, kept inside an `ERROR`.
fn is_unexpected(node: tree_sitter::Node) -> bool {
    node.is_error() && node.child_count() == 0 && node.kind() == "ERROR"
        && node.parent().is_some_and(|p| p.is_error())
}

fn normalize(s: &str) -> String {
    let s = strip_unexpected_characters(s);
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

/// `(UNEXPECTED 'c')` becomes `(UNEXPECTED)`.
fn strip_unexpected_characters(s: &str) -> String {
    let marker = "(UNEXPECTED '";
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at]);
        out.push_str("(UNEXPECTED)");
        let after = &rest[at + marker.len()..];
        // Skip the character and the closing `')`.
        let mut chars = after.char_indices();
        chars.next();
        let skip = chars.next().map_or(after.len(), |(i, _)| i);
        rest = after[skip..].strip_prefix("')").unwrap_or(&after[skip..]);
    }
    out.push_str(rest);
    out
}

fn parser() -> tree_sitter::Parser {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_roast::LANGUAGE.into())
        .expect("grammar ABI matches the runtime");
    parser
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test").join("corpus")
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
    for file in &files {
        for case in read_cases(file) {
            count += 1;
            let mut input = case.input.clone();
            input.push('\n');
            let tree = parser.parse(&input, None).expect("parse returns a tree");
            let mut actual = String::new();
            sexp(tree.root_node(), None, &mut actual);
            let actual = normalize(&actual);
            let expected = normalize(&case.expected);
            if actual != expected {
                failures.push(format!(
                    "{} / {}:\n  expected: {expected}\n  actual:   {actual}",
                    case.file, case.name
                ));
            }
        }
    }
    assert!(count > 50, "only {count} corpus cases found");
    assert!(failures.is_empty(), "{} of {count} corpus cases differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_test_program_parses_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/programs");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut parser = parser();
    let mut bad = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "roast") {
            continue;
        }
        let Ok(source) = std::fs::read_to_string(&path) else { continue };
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
        format!("x = {}\n", "f\"{".repeat(20_000)).into_bytes(),
        format!("x = {}\n", "\"".repeat(100_001)).into_bytes(),
        (0..700).map(|i| format!("{}if x:\n", "    ".repeat(i))).collect::<String>().into_bytes(),
        vec![0xff, 0xfe, b'x', b' ', b'=', 0xc3, b'\n', 0x80, b'"', 0xf0, 0x9f, b'\n'],
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
    for input in &inputs {
        let tree = parser.parse(input, None).expect("parse returns a tree");
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
