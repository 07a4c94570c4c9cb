//! The token form's Roast source, recovered exactly (so `//`, comments and strings survive)
//! from the compiler's own copy of the invocation (`Span::call_site().source_text()`), else by
//! re-reading the invoking file between the first and the last token, else rebuilt from the
//! tokens' positions (then a `//` and what follows it on its line are lost: Rust's tokenizer
//! drops them as a comment).
//!
//! Also the token form's limits: Python that Rust's tokenizer cannot read (`'abc'`, `f"..."`,
//! `"\d"`, a `\` outside a string) has already been reported by rustc; each is reported again
//! with the way out, the string form.

use crate::tokens::{Kind, Leaf};
use proc_macro::Span;
use std::path::PathBuf;

/// Roast source lines as they stand in a file, numbered as there.
pub struct Lines {
    /// The line number of `lines[0]` (1-based).
    pub first_line: usize,
    /// The lines; on the first one, what precedes the code is blanked out (spaces), so columns
    /// stay the file's.
    pub lines: Vec<String>,
    /// The text is the file's, exactly (not rebuilt from tokens).
    pub exact: bool,
    /// The file the code is in, when known (imported modules are looked for beside it).
    pub file: Option<PathBuf>,
    /// A string's lines: when its text starts on the line of its opening quote, the lines
    /// after that one are indented relative to the string's start, not to one another.
    pub in_string: bool,
}

/// The source of a token-form invocation.
pub fn recover(leaves: &[Leaf]) -> Option<Lines> {
    let mut lines = from_call_site(leaves)
        .or_else(|| from_file(leaves))
        .or_else(|| from_tokens(leaves))?;
    lines.file = leaves.first().and_then(|l| l.span.local_file());
    Some(lines)
}

fn char_slice(line: &str, from: usize) -> &str {
    line.char_indices()
        .nth(from)
        .map_or("", |(i, _)| line.get(i..).unwrap_or(""))
}

fn char_prefix(line: &str, to: usize) -> &str {
    let end = line.char_indices().nth(to).map_or(line.len(), |(i, _)| i);
    line.get(..end).unwrap_or(line)
}

fn blank_prefix(line: &str, to: usize) -> String {
    format!("{}{}", " ".repeat(to), char_slice(line, to))
}

/// The invocation's text as the compiler holds it (`roast! { ... }`), when the tokens come
/// from it (not through a `macro_rules!` forwarding them).
fn from_call_site(leaves: &[Leaf]) -> Option<Lines> {
    let call = Span::call_site();
    let text = call.source_text()?;
    let (line, col) = (call.line(), call.column().saturating_sub(1));
    let mut text_lines: Vec<String> = text.lines().map(str::to_string).collect();
    if let Some(l) = text_lines.first_mut() {
        *l = format!("{}{l}", " ".repeat(col));
    }
    between(leaves, |n| {
        text_lines.get(n.checked_sub(line)?).map(String::as_str)
    })
}

/// The invoking file's text, re-read.
fn from_file(leaves: &[Leaf]) -> Option<Lines> {
    let path = leaves.first()?.span.local_file()?;
    let text = std::fs::read_to_string(path).ok()?;
    let file_lines: Vec<&str> = text.lines().collect();
    between(leaves, |n| file_lines.get(n.checked_sub(1)?).copied())
}

/// The text between the first and the last token, from the lines `line_of` gives by their
/// number in the file, if the tokens stand there.
fn between<'a>(leaves: &[Leaf], line_of: impl Fn(usize) -> Option<&'a str>) -> Option<Lines> {
    let (first, last) = (leaves.first()?, leaves.last()?);
    for l in [first, last] {
        if !char_slice(line_of(l.start.0)?, l.start.1).starts_with(&l.text) {
            return None;
        }
    }
    let mut lines = Vec::new();
    for n in first.start.0..=last.end.0 {
        let mut line = line_of(n)?.to_string();
        if n == last.end.0 {
            // After the last token: the macro's closing delimiter (drop it), or a `//` that
            // Rust read as a comment (Roast's floor division: keep it).
            let rest = char_slice(&line, last.end.1);
            if !rest.trim_start().starts_with("//") {
                line = char_prefix(&line, last.end.1).to_string();
            }
        }
        if n == first.start.0 {
            line = blank_prefix(&line, first.start.1);
        }
        lines.push(line);
    }
    Some(Lines {
        first_line: first.start.0,
        lines,
        exact: true,
        file: None,
        in_string: false,
    })
}

/// Each token's text at its line and column.
fn from_tokens(leaves: &[Leaf]) -> Option<Lines> {
    let tokens: Vec<(&str, (usize, usize))> =
        leaves.iter().map(|l| (l.text.as_str(), l.start)).collect();
    Some(Lines {
        first_line: tokens.first()?.1 .0,
        lines: rebuild(&tokens),
        exact: false,
        file: None,
        in_string: false,
    })
}

/// Lines holding each token's text at its (1-based line, 0-based column), from the first
/// token's line; tokens that would overlap are separated by a space.
fn rebuild(tokens: &[(&str, (usize, usize))]) -> Vec<String> {
    let first_line = tokens.first().map_or(0, |t| t.1 .0);
    let mut lines: Vec<String> = vec![String::new()];
    let mut col = 0;
    for &(text, (line, at)) in tokens {
        let row = line.saturating_sub(first_line);
        while lines.len() <= row {
            lines.push(String::new());
            col = 0;
        }
        let Some(out) = lines.last_mut() else { break };
        if at > col {
            out.push_str(&" ".repeat(at - col));
            col = at;
        } else if col > 0 && at < col {
            out.push(' ');
            col += 1;
        }
        out.push_str(text);
        col += text.chars().count();
    }
    lines
}

/// What Rust's tokenizer could not read in a token-form invocation: the tokens to point at and
/// what is wrong there.
pub fn tokenizer_limits(leaves: &[Leaf], source: &Lines) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for (i, l) in leaves.iter().enumerate() {
        let prefixed = i
            .checked_sub(1)
            .and_then(|p| leaves.get(p))
            .filter(|p| p.kind == Kind::Ident && p.end == l.start);
        if l.kind == Kind::Punct && l.text == "'" {
            // `it's` in a comment: Rust reads `it` as a reserved prefix before a lifetime.
            if let Some(p) = prefixed {
                out.push((p.span, format!("the apostrophe in `{}'...`", p.text)));
            }
            continue;
        }
        if l.kind != Kind::Literal {
            continue;
        }
        if let Some(p) = prefixed {
            if l.text.starts_with(['"', '\'']) {
                out.push((
                    p.span,
                    format!(
                        "the string prefix `{}` (as in `{}{}`)",
                        p.text,
                        p.text,
                        shorten(&l.text)
                    ),
                ));
                continue;
            }
        }
        if l.text.starts_with('\'') && !is_rust_char(&l.text) {
            out.push((
                l.span,
                format!("the string `{}` in single quotes", shorten(&l.text)),
            ));
        } else if l.text.starts_with('"') {
            if let Some(bad) = bad_escape(&l.text) {
                out.push((
                    l.span,
                    format!(
                        "the escape `{bad}` in `{}` (Rust has no such escape)",
                        shorten(&l.text)
                    ),
                ));
            }
        }
    }
    if source.exact {
        out.extend(dropped_characters(leaves, source));
    }
    out
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 24 {
        format!("{}...", char_prefix(s, 20))
    } else {
        s.to_string()
    }
}

/// `'a'`, `'\n'`, `'\x41'`, `'\u{e9}'`: what Rust reads as one character.
fn is_rust_char(text: &str) -> bool {
    let inner = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .unwrap_or("");
    let mut chars = inner.chars();
    match (chars.next(), chars.next()) {
        (Some('\\'), Some(c)) => {
            matches!(c, 'n' | 'r' | 't' | '\\' | '0' | '\'' | '"') && inner.chars().count() == 2
                || inner.starts_with("\\x") && inner.len() == 4
                || inner.starts_with("\\u{") && inner.ends_with('}')
        }
        (Some(_), None) => true,
        _ => false,
    }
}

/// The first escape in a `"..."` literal that Rust does not have (`\d`, `\N{...}`, `\u00e9`).
fn bad_escape(text: &str) -> Option<String> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        let e = chars.next()?;
        let ok = match e {
            'n' | 'r' | 't' | '\\' | '0' | '\'' | '"' | '\n' | '\r' | 'x' => true,
            'u' => chars.peek() == Some(&'{'),
            _ => false,
        };
        if !ok {
            return Some(format!("\\{e}"));
        }
    }
    None
}

/// Characters of the file between two tokens that are neither white space nor a `//` comment:
/// Rust's tokenizer dropped them (a `\` line continuation, a `$` or a backtick in code).
fn dropped_characters(leaves: &[Leaf], source: &Lines) -> Vec<(Span, String)> {
    let line = |n: usize| {
        source
            .lines
            .get(n.wrapping_sub(source.first_line))
            .map_or("", String::as_str)
    };
    let mut out = Vec::new();
    for pair in leaves.windows(2) {
        let [a, b] = pair else { continue };
        for n in a.end.0..=b.start.0 {
            let text = line(n);
            let from = if n == a.end.0 { a.end.1 } else { 0 };
            let to = if n == b.start.0 {
                b.start.1
            } else {
                text.chars().count()
            };
            let gap: String = char_slice(text, from)
                .chars()
                .take(to.saturating_sub(from))
                .collect();
            let code = gap.split("//").next().unwrap_or("");
            if let Some(c) = code.chars().find(|c| !c.is_whitespace()) {
                out.push((b.span, format!("the `{c}` before this token")));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuild_puts_tokens_at_their_columns() {
        let tokens = [
            ("def", (3, 4)),
            ("f", (3, 8)),
            ("(", (3, 9)),
            (")", (3, 10)),
            (":", (3, 11)),
            ("return", (4, 8)),
            ("1", (4, 15)),
            ("x", (6, 4)),
        ];
        assert_eq!(
            rebuild(&tokens),
            ["    def f():", "        return 1", "", "    x"]
        );
    }

    #[test]
    fn rust_chars() {
        for ok in ["'a'", "'\\n'", "'\\''", "'\\x41'", "'\\u{e9}'", "'é'"] {
            assert!(is_rust_char(ok), "{ok}");
        }
        for bad in ["'ab'", "''", "'\\d'", "'hello'"] {
            assert!(!is_rust_char(bad), "{bad}");
        }
    }

    #[test]
    fn escapes_rust_lacks() {
        assert_eq!(bad_escape(r#""a\nb\t\"\\""#), None);
        assert_eq!(bad_escape(r#""\u{e9}\x41""#), None);
        assert_eq!(bad_escape(r#""\d+""#).as_deref(), Some("\\d"));
        assert_eq!(bad_escape(r#""\u00e9""#).as_deref(), Some("\\u"));
        assert_eq!(bad_escape(r#""\N{DASH}""#).as_deref(), Some("\\N"));
    }
}
