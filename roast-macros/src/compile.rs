//! Roast source lines, as they stand in a file, through the compiler: dedented so the code
//! starts at column 0, with blank lines before it so Roast's line numbers are the file's, and
//! each error mapped back to the file's line and column and rendered as the CLI renders it.

use crate::recover::Lines;
use roast::diagnostics::{self, Severity};
use roast::{Diagnostic, Embedded, SourceFile, Span};
use std::path::{Path, PathBuf};

/// An error in the Roast code: where it is in the file (1-based line, 0-based column, start and
/// end) and the rendered diagnostic.
pub struct Failure {
    pub from: (usize, usize),
    pub to: (usize, usize),
    pub message: String,
}

/// Compiles the lines to Rust items (`roast::emit_embedded`). Imported modules
/// (`from helpers import f` → `helpers.roast`) are looked for beside `src.file`; the files read
/// are added to `read`.
pub fn compile(name: &str, src: &Lines, read: &mut Vec<PathBuf>) -> Result<Embedded, Vec<Failure>> {
    let base = src.file.as_deref().and_then(Path::parent);
    let indent = |l: &str| l.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    let starts_with_code = src.lines.first().is_some_and(|l| !l.trim().is_empty());
    let dedent = if src.in_string && starts_with_code {
        0
    } else {
        src.lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indent(l))
            .min()
            .unwrap_or(0)
    };
    // Each line's shift; the first line loses all its indentation (its code may start after
    // `roast! {` or `r#"` on the same line).
    let shifts: Vec<usize> = src
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| match i {
            _ if l.trim().is_empty() => l.chars().count(),
            0 => indent(l),
            _ => dedent,
        })
        .collect();
    let pad = "\n".repeat(src.first_line.saturating_sub(1));
    let mut text = pad.clone();
    let mut shown = pad;
    for (line, shift) in src.lines.iter().zip(&shifts) {
        text.extend(line.chars().skip(*shift));
        text.push('\n');
        shown.push_str(line);
        shown.push('\n');
    }
    let file = SourceFile::new(name, text);
    let shown = SourceFile::new(name, shown);
    let diags = match emit(&file, base, read) {
        Ok(embedded) => return Ok(embedded),
        Err(Crash(what)) => {
            return Err(vec![Failure {
                from: (src.first_line, 0),
                to: (src.first_line, 0),
                message: format!(
                    "internal compiler error: {what}\n\
                     note: this is a Roast bug; please report it with the code that triggered it"
                ),
            }])
        }
        Err(Errors(diags)) => diags,
    };
    let first = src.first_line;
    let map = |offset: u32| {
        let (line, col) = file.line_col(offset);
        let shift = shifts.get(line.wrapping_sub(first)).copied().unwrap_or(0);
        (line, col - 1 + shift)
    };
    Err(diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|mut d| {
            for label in &mut d.labels {
                let (from, to) = (map(label.span.start), map(label.span.end));
                label.span = Span::new(offset_of(&shown, from), offset_of(&shown, to));
            }
            let span = d.primary_span();
            let at = |o: u32| {
                let (line, col) = shown.line_col(o);
                (line, col - 1)
            };
            Failure {
                from: at(span.start),
                to: at(span.end),
                message: render(&shown, &d),
            }
        })
        .collect())
}

/// Why `emit` gave no Rust.
enum NoRust {
    Errors(Vec<Diagnostic>),
    /// The compiler panicked (a Roast bug): what it said.
    Crash(String),
}
use NoRust::{Crash, Errors};

/// `roast::emit_embedded`, a panic turned into `Crash`. (It runs on the compiler's thread: the
/// `proc_macro2` inside the backend decides once per process whether it runs inside a
/// procedural macro, so it must not run on another thread.) Imported modules are read beside
/// `base`.
fn emit(
    file: &SourceFile,
    base: Option<&Path>,
    read: &mut Vec<PathBuf>,
) -> Result<Embedded, NoRust> {
    let seen = std::cell::RefCell::new(Vec::new());
    let loader = |module: &str| {
        let path = base?.join(format!("{module}.roast"));
        let text = std::fs::read_to_string(&path).ok()?;
        seen.borrow_mut().push(path);
        Some(SourceFile::new(format!("{module}.roast"), text))
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        roast::emit_embedded(file, &loader)
    }));
    read.extend(seen.into_inner());
    match result {
        Ok(result) => result.map_err(Errors),
        Err(payload) => Err(Crash(
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into()),
        )),
    }
}

/// The byte offset of a 1-based line and 0-based character column.
fn offset_of(file: &SourceFile, (line, col): (usize, usize)) -> usize {
    let before: usize = (1..line).map(|n| file.line_text(n).len() + 1).sum();
    let text = file.line_text(line);
    before + text.char_indices().nth(col).map_or(text.len(), |(i, _)| i)
}

/// One diagnostic as `roast check` prints it, less the summary line; the first line is
/// `[E0004] message`, since rustc puts `error: ` before it.
pub fn render(file: &SourceFile, d: &Diagnostic) -> String {
    let text = diagnostics::render(file, std::slice::from_ref(d));
    let body: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("error: could not compile"))
        .collect();
    let body = body.join("\n");
    let head = format!("error[{}]: ", d.code.as_str());
    match body.strip_prefix(&head) {
        Some(rest) => format!("[{}] {}", d.code.as_str(), rest.trim_end()),
        None => body.trim_end().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(first_line: usize, lines: &[&str], in_string: bool) -> Lines {
        Lines {
            first_line,
            lines: lines.iter().map(|l| l.to_string()).collect(),
            exact: true,
            file: None,
            in_string,
        }
    }

    fn run(src: &Lines) -> Result<String, Vec<Failure>> {
        compile("src/main.rs", src, &mut Vec::new()).map(|e| e.rust)
    }

    #[test]
    fn indented_code_is_dedented() {
        let src = lines(
            5,
            &["    def f(n: int) -> int:", "        return n // 2", ""],
            false,
        );
        let rust = run(&src).ok().unwrap_or_default();
        assert!(rust.contains("pub fn f(n: i64) -> i64"), "{rust}");
    }

    #[test]
    fn errors_are_at_the_files_line_and_column() {
        let src = lines(
            5,
            &["    def f(n: int) -> int:", "        return \"x\""],
            false,
        );
        let failures = run(&src).err().unwrap_or_default();
        let [f] = failures.as_slice() else {
            panic!("one error expected, got {}", failures.len());
        };
        assert_eq!((f.from, f.to), ((6, 15), (6, 18)));
        assert!(f.message.starts_with("[E0004] "), "{}", f.message);
        assert!(f.message.contains("--> src/main.rs:6:16"), "{}", f.message);
        assert!(
            f.message.contains("6 |         return \"x\""),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_string_that_starts_with_code() {
        // `roast!("def f() -> int:\n    return 1\n")`: the second line is indented relative to
        // the string's start, not to the first line's column in the file.
        let src = lines(
            3,
            &["                    def f() -> int:", "    return 1"],
            true,
        );
        assert!(run(&src).is_ok());
        let bad = lines(
            3,
            &["                    def f() -> int:", "    return \"x\""],
            true,
        );
        let failures = run(&bad).err().unwrap_or_default();
        assert_eq!(failures.first().map(|f| f.from), Some((4, 11)));
    }

    #[test]
    fn functions_that_raise_are_listed() {
        let src = lines(
            1,
            &[
                "def check(x: int) -> int:",
                "    if x < 0:",
                "        raise ValueError(\"negative\")",
                "    return x",
                "def twice(x: int) -> int:",
                "    return check(x) * 2",
                "def safe(x: int) -> int:",
                "    return x // 2",
                "def _hidden(x: int) -> int:",
                "    return check(x)",
            ],
            false,
        );
        let raising = compile("src/main.rs", &src, &mut Vec::new()).map(|e| e.raising);
        assert_eq!(
            raising.ok(),
            Some(vec!["check".to_string(), "twice".to_string()])
        );
    }

    #[test]
    fn top_level_statements_are_rejected() {
        let src = lines(1, &["x = 1", "print(x)"], false);
        let failures = run(&src).err().unwrap_or_default();
        assert!(failures.iter().any(|f| f.message.starts_with("[E0013]")));
    }
}
