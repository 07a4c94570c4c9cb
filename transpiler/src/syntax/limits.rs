//! CPython's tokenizer limits, checked before parsing: at most `MAX_INDENT_LEVELS` nested
//! indented blocks ("too many levels of indentation", `MAXINDENT` in CPython) and at most
//! `MAX_BRACKETS` nested brackets ("too many nested parentheses", `MAXLEVEL`). A program past
//! either is not Python, so Roast rejects it with CPython's message, at the place CPython
//! points at, and parses nothing more: past 400 levels the grammar's scanner can no longer
//! track indentation, and its errors would be nonsense.
//!
//! This is a light tokenizer: it follows strings (so brackets and indentation inside them do not
//! count), comments, line continuations and brackets, and nothing else.

use super::syntax_error;
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};

/// Nested indented blocks CPython accepts (its indentation stack holds 100 levels, the
/// module's included).
pub(super) const MAX_INDENT_LEVELS: usize = 99;
/// Nested brackets CPython accepts.
pub(super) const MAX_BRACKETS: usize = 200;

/// The first limit `file` exceeds, as a diagnostic.
pub(super) fn check(file: &SourceFile) -> Option<Diagnostic> {
    let bytes = file.text.as_bytes();
    let mut indents: Vec<usize> = Vec::new();
    let mut brackets = 0usize;
    // The open string's quote and whether it is triple-quoted.
    let mut string: Option<(u8, bool)> = None;
    let mut continued = false;
    let mut i = 0;
    while i < bytes.len() {
        // At the start of a line.
        let line_start = i;
        if brackets == 0 && string.is_none() && !continued {
            let mut width = 0usize;
            while let Some(&c) = bytes.get(i) {
                match c {
                    b' ' => width += 1,
                    b'\t' => width = (width / 8 + 1) * 8,
                    b'\x0c' => width = 0,
                    _ => break,
                }
                i += 1;
            }
            let blank = matches!(bytes.get(i), None | Some(b'\n' | b'\r' | b'#'));
            if !blank {
                let top = indents.last().copied().unwrap_or(0);
                if width > top {
                    indents.push(width);
                    if indents.len() > MAX_INDENT_LEVELS {
                        let span = Span::new(line_start, i);
                        return Some(
                            syntax_error(
                                "too many levels of indentation",
                                span,
                                format!("level {} of indentation", indents.len()),
                            )
                            .with_note(format!(
                                "Python accepts at most {MAX_INDENT_LEVELS} nested indented blocks"
                            ))
                            .with_help("move the innermost blocks into a function"),
                        );
                    }
                } else {
                    while indents.last().is_some_and(|&w| w > width) {
                        indents.pop();
                    }
                }
            }
        }
        continued = false;
        // The rest of the line.
        while let Some(&c) = bytes.get(i) {
            if c == b'\n' || c == b'\r' {
                if string.is_some_and(|(_, triple)| !triple) {
                    string = None; // unterminated: a syntax error the parser reports
                }
                i += 1;
                if c == b'\r' && bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                break;
            }
            if let Some((quote, triple)) = string {
                if c == b'\\' {
                    // An escaped character, or a line continuation inside the string.
                    i += 1;
                    if bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                } else if c == quote
                    && (!triple
                        || (bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote)))
                {
                    string = None;
                    if triple {
                        i += 2;
                    }
                }
                i += 1;
                continue;
            }
            match c {
                b'#' => {
                    while bytes.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                        i += 1;
                    }
                    continue;
                }
                b'\'' | b'"' => {
                    let triple = bytes.get(i + 1) == Some(&c) && bytes.get(i + 2) == Some(&c);
                    string = Some((c, triple));
                    if triple {
                        i += 2;
                    }
                }
                b'(' | b'[' | b'{' => {
                    brackets += 1;
                    if brackets > MAX_BRACKETS {
                        return Some(
                            syntax_error(
                                "too many nested parentheses",
                                Span::new(i, i + 1),
                                format!("bracket {brackets} opened inside the others"),
                            )
                            .with_note(format!(
                                "Python accepts at most {MAX_BRACKETS} nested brackets"
                            ))
                            .with_help("name some of the inner values with variables"),
                        );
                    }
                }
                b')' | b']' | b'}' => brackets = brackets.saturating_sub(1),
                b'\\' if matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => continued = true,
                _ => {}
            }
            i += 1;
        }
    }
    None
}
