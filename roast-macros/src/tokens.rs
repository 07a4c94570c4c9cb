//! The token form's input as a flat list of tokens with their positions in the invoking file,
//! and the reverse look-up: which tokens stand at a line and column (to put an error there).

use proc_macro::{Delimiter, Span, TokenStream, TokenTree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Punct,
    Literal,
    /// One side of a `(...)`, `[...]` or `{...}` group.
    Delim,
}

/// One token: its text, its span, and where it starts and ends (1-based lines, 0-based columns
/// counted in characters).
#[derive(Clone, Debug)]
pub struct Leaf {
    pub text: String,
    pub kind: Kind,
    pub span: Span,
    pub start: (usize, usize),
    pub end: (usize, usize),
}

/// Every token of `input` in order, groups opened into their delimiters and contents.
pub fn flatten(input: TokenStream) -> Vec<Leaf> {
    let mut out = Vec::new();
    walk(input, &mut out);
    out
}

fn walk(stream: TokenStream, out: &mut Vec<Leaf>) {
    for tree in stream {
        match tree {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => {
                        walk(g.stream(), out);
                        continue;
                    }
                };
                out.push(leaf(open.into(), Kind::Delim, g.span_open()));
                walk(g.stream(), out);
                out.push(leaf(close.into(), Kind::Delim, g.span_close()));
            }
            TokenTree::Ident(i) => out.push(leaf(i.to_string(), Kind::Ident, i.span())),
            TokenTree::Punct(p) => out.push(leaf(p.as_char().to_string(), Kind::Punct, p.span())),
            TokenTree::Literal(l) => out.push(leaf(l.to_string(), Kind::Literal, l.span())),
        }
    }
}

fn leaf(text: String, kind: Kind, span: Span) -> Leaf {
    let (s, e) = (span.start(), span.end());
    Leaf {
        text,
        kind,
        span,
        start: (s.line(), s.column().saturating_sub(1)),
        end: (e.line(), e.column().saturating_sub(1)),
    }
}

/// The first and last token to underline for the file range `from..to`: the token that contains
/// `from` (else the last one before it on its line, since a `//` comment swallows the rest of a
/// line, else the first after it), through the last token that starts before `to`.
pub fn locate(leaves: &[Leaf], from: (usize, usize), to: (usize, usize)) -> Option<(Span, Span)> {
    let containing = leaves.iter().position(|l| l.start <= from && from < l.end);
    let before_on_line = || {
        leaves
            .iter()
            .rposition(|l| l.start.0 == from.0 && l.start <= from)
    };
    let after = || leaves.iter().position(|l| l.start >= from);
    let first = containing
        .or_else(before_on_line)
        .or_else(after)
        .or(leaves.len().checked_sub(1))?;
    let last = leaves
        .iter()
        .enumerate()
        .skip(first)
        .take_while(|(_, l)| l.start < to)
        .last()
        .map_or(first, |(i, _)| i);
    Some((leaves.get(first)?.span, leaves.get(last)?.span))
}
