//! Syntax errors: tree-sitter's `ERROR` and `MISSING` nodes, unbalanced brackets and
//! unterminated strings, turned into diagnostics with the most specific message that can be
//! recognised (a missing `:` after a block header, a bracket that was never closed, ...).
//!
//! Everything here walks the tree with a cursor, never by recursion, so any nesting depth is
//! fine. At most one syntax error is reported per line, and nothing after an unbalanced
//! bracket (which makes the rest of the file meaningless to the parser).

use super::cst::span;
use super::syntax_error;
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};
use tree_sitter::Node;

/// A token of the CST, as the bracket and header checks see it.
#[derive(Clone, Copy, Debug)]
struct Leaf<'t> {
    node: Node<'t>,
    kind: &'t str,
    span: Span,
    row: usize,
    /// An unexpected character (an `ERROR` leaf).
    unexpected: bool,
}

/// Block headers that need a `:` at the end.
const HEADER_KEYWORDS: &[&str] = &[
    "def", "class", "if", "elif", "else", "for", "while", "try", "except", "finally", "with",
];

/// Tokens after which an expression must follow.
const NEEDS_OPERAND: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "**", "@", "|", "&", "^", "<<", ">>", "~", "<", "<=", "==",
    "!=", ">=", ">", "in", "not in", "is", "is not", "not", "and", "or", "=", "+=", "-=", "*=",
    "/=", "//=", "%=", "**=", "@=", "|=", "&=", "^=", "<<=", ">>=", ".", "return", "lambda",
    "assert", "del", "raise", "await", "yield", "if", "while", "elif", "for", "import", "from",
];

pub(super) fn collect(file: &SourceFile, root: Node) -> Vec<Diagnostic> {
    let mut leaves = Vec::new();
    let mut broken = Vec::new();
    let mut diags = Vec::new();
    walk(file, root, &mut leaves, &mut broken, &mut diags);

    // Unbalanced brackets make everything after them noise.
    let mut cutoff = u32::MAX;
    if !root.has_error() {
        return diags;
    }
    if let Some((diag, at)) = check_brackets(file, &leaves) {
        cutoff = at;
        diags.push(diag);
    }

    let mut reported_rows: Vec<usize> = Vec::new();
    for node in broken {
        let node_span = span(node);
        // Past an unbalanced bracket the parser's view is noise: keep only
        // errors that end before it.
        if node_span.end > cutoff || node_span.start >= cutoff {
            continue;
        }
        let diag = if node.is_missing() {
            missing(file, node)
        } else {
            error_node(file, node, &leaves)
        };
        let row = file.line_col(diag.primary_span().start).0;
        if reported_rows.contains(&row) {
            continue;
        }
        reported_rows.push(row);
        diags.push(diag);
    }
    diags
}

/// Collects the leaves, the outermost `ERROR` and the `MISSING` nodes, and reports
/// unterminated strings, in one iterative pre-order walk.
fn walk<'t>(
    file: &SourceFile,
    root: Node<'t>,
    leaves: &mut Vec<Leaf<'t>>,
    broken: &mut Vec<Node<'t>>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut cursor = root.walk();
    let mut inside_error: Option<usize> = None;
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        if node.is_missing() {
            if inside_error.is_none() {
                broken.push(node);
            }
        } else if node.child_count() == 0 {
            if node.kind() == "string_end" && node.start_byte() == node.end_byte() {
                diags.push(unterminated_string(file, node));
            }
            if node.end_byte() > node.start_byte() || node.is_error() {
                leaves.push(Leaf {
                    node,
                    kind: node.kind(),
                    span: span(node),
                    row: node.start_position().row,
                    unexpected: node.is_error(),
                });
            }
        }
        if node.is_error() && inside_error.is_none() {
            broken.push(node);
            inside_error = Some(depth);
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if inside_error == Some(depth) {
                inside_error = None;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}

fn unterminated_string(file: &SourceFile, end: Node) -> Diagnostic {
    let start = end.parent().and_then(|s| s.child_by_field_name("start"));
    let at = start.map_or(span(end), span);
    let start_text = file.slice(at);
    let triple = start_text.ends_with("\"\"\"") || start_text.ends_with("'''");
    let (message, help) = if triple {
        (
            "unterminated triple-quoted string literal",
            "close it with the same three quotes",
        )
    } else {
        (
            "unterminated string literal",
            "close it with the same quote on this line",
        )
    };
    syntax_error(message, at, "this string is never closed").with_help(help)
}

/// `MISSING x`: the parser inserted a token to recover.
fn missing(file: &SourceFile, node: Node) -> Diagnostic {
    let at = span(node);
    let what = match node.kind() {
        "identifier" => "a name".to_string(),
        "_indent" | "block" => "an indented block".to_string(),
        "_newline" => "a new line".to_string(),
        "string_end" => "the end of the string".to_string(),
        "integer" | "float" | "expression" | "primary_expression" => "an expression".to_string(),
        kind => format!("`{kind}`"),
    };
    // Point at the token before the gap, which is where the user looks.
    let before = previous_token_span(file, at);
    syntax_error(
        format!("expected {what}"),
        before,
        format!("expected {what} after this"),
    )
}

/// The span of the last non-blank text before `at` on or before its line, or `at` itself.
fn previous_token_span(file: &SourceFile, at: Span) -> Span {
    let text = file.text.get(..at.start as usize).unwrap_or("");
    let trimmed = text.trim_end();
    if trimmed.is_empty() {
        return at;
    }
    let end = trimmed.len();
    let start = trimmed.char_indices().next_back().map_or(end, |(i, _)| i);
    Span::new(start, end)
}

fn error_node(file: &SourceFile, node: Node, leaves: &[Leaf]) -> Diagnostic {
    let node_span = span(node);
    let first = leaves.partition_point(|l| l.span.start < node_span.start);
    let end = leaves.partition_point(|l| l.span.start < node_span.end.max(node_span.start + 1));
    let inside = leaves.get(first..end).unwrap_or(&[]);

    if let Some(diag) = missing_colon(leaves, first, end) {
        return diag;
    }
    if let Some(diag) = bad_assignment_target(node) {
        return diag;
    }

    let Some(last) = inside
        .iter()
        .rev()
        .find(|l| !l.span.is_empty())
        .or_else(|| leaves.get(end))
    else {
        return syntax_error("invalid syntax", node_span, "unexpected end of file");
    };
    let text = file.slice(last.span);
    if last.unexpected {
        let c = text.chars().next().unwrap_or('?');
        let shown = if c.is_control() || c == '\u{FFFD}' {
            format!("{:?}", c)
        } else {
            format!("`{c}`")
        };
        return syntax_error(
            "invalid syntax",
            last.span,
            format!("unexpected character {shown}"),
        );
    }
    let next = leaves.iter().find(|l| l.span.start >= last.span.end);
    let ends_line = next.is_none_or(|n| n.row > last.row);
    if ends_line && NEEDS_OPERAND.contains(&last.kind) && !last.node.is_named() {
        return syntax_error(
            "invalid syntax",
            last.span,
            format!("expected an expression after `{}`", last.kind),
        );
    }
    let shown: String = text.chars().take(30).collect();
    let label = if shown.is_empty() {
        "unexpected token".to_string()
    } else {
        format!("unexpected `{shown}`")
    };
    syntax_error("invalid syntax", last.span, label)
}

/// A block header (`def f()`, `if x`, ...) whose line ends without `:`: a header keyword that
/// starts its line, inside the error, then a line end (outside brackets) before any `:`.
fn missing_colon(leaves: &[Leaf], first: usize, end: usize) -> Option<Diagnostic> {
    let keyword_index = (first..end).find(|&i| {
        leaves.get(i).is_some_and(|l| {
            HEADER_KEYWORDS.contains(&l.kind)
                && !l.node.is_named()
                && i.checked_sub(1)
                    .and_then(|p| leaves.get(p))
                    .is_none_or(|prev| prev.row < l.row)
        })
    })?;
    let keyword = leaves.get(keyword_index)?;
    let rest = leaves.get(keyword_index..)?;
    let mut depth = 0i64;
    let mut last = keyword;
    for leaf in rest {
        if depth == 0 && leaf.row > last.row {
            break;
        }
        match leaf.kind {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth -= 1,
            ":" if depth == 0 => return None,
            _ => {}
        }
        last = leaf;
    }
    if depth != 0 {
        return None;
    }
    Some(
        syntax_error("expected `:`", last.span, "expected `:` after this").with_help(format!(
            "end the `{}` line with `:`, then indent its block",
            keyword.kind
        )),
    )
}

/// `f() = 1`, `1 = x`: something that cannot be assigned to, before `=`.
fn bad_assignment_target(node: Node) -> Option<Diagnostic> {
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    let equals = children
        .iter()
        .position(|c| c.kind() == "=" && !c.is_named())?;
    let before = children
        .get(..equals)?
        .iter()
        .rev()
        .find(|c| c.is_named() && !c.is_extra())
        .copied();
    // `f() = 1` parses as the statement `f()` and then an error starting at `=`.
    let target = match before {
        Some(target) => target,
        None => {
            let previous = node.prev_sibling()?;
            if previous.kind() == "expression_statement" {
                previous.named_child(0)?
            } else {
                previous
            }
        }
    };
    let what = super::lower::describe_target(target.kind());
    if matches!(
        target.kind(),
        "identifier" | "attribute" | "subscript" | "ERROR"
    ) || target.end_position().row != node.start_position().row
    {
        return None;
    }
    Some(
        syntax_error(
            format!("cannot assign to {what}"),
            span(target),
            "not something a value can be stored in",
        )
        .with_help("to compare, write `==`"),
    )
}

/// The first bracket problem, if any, with the byte offset after which other errors are noise.
fn check_brackets(file: &SourceFile, leaves: &[Leaf]) -> Option<(Diagnostic, u32)> {
    let mut stack: Vec<&Leaf> = Vec::new();
    for leaf in leaves {
        match leaf.kind {
            "(" | "[" | "{" => stack.push(leaf),
            ")" | "]" | "}" => match stack.pop() {
                None => {
                    let diag = syntax_error(
                        format!("unmatched `{}`", leaf.kind),
                        leaf.span,
                        "no opening bracket before this",
                    );
                    return Some((diag, leaf.span.start));
                }
                Some(open) if closer(open.kind) != leaf.kind => {
                    let diag = syntax_error(
                        format!(
                            "closing {} `{}` does not match opening {} `{}`",
                            bracket_name(leaf.kind),
                            leaf.kind,
                            bracket_name(open.kind),
                            open.kind
                        ),
                        leaf.span,
                        format!("expected `{}` here", closer(open.kind)),
                    )
                    .with_secondary(open.span, "opened here");
                    return Some((diag, open.span.start));
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
    let open = stack.last()?;
    let (line, _) = file.line_col(open.span.start);
    let diag = syntax_error(
        format!("`{}` was never closed", open.kind),
        open.span,
        "this bracket is never closed",
    )
    .with_note(format!(
        "the bracket opened on line {line} is still open at the end of the file"
    ));
    Some((diag, open.span.start))
}

fn closer(open: &str) -> &'static str {
    match open {
        "(" => ")",
        "[" => "]",
        _ => "}",
    }
}

fn bracket_name(bracket: &str) -> &'static str {
    match bracket {
        "(" | ")" => "parenthesis",
        "[" | "]" => "bracket",
        _ => "brace",
    }
}
