//! CST → AST. Every CST child is optional: where one is absent the tree already holds a syntax
//! error (reported by `errors`), so lowering leaves the statement out or puts
//! `ExprKind::Error` in its place without a second message.
//!
//! Python that Roast does not support is reported here, naming the construct (`Code::Unsupported`),
//! and never reaches the AST. So are the errors CPython's own parser and compiler report on
//! syntactically valid trees: bad indentation, empty blocks, parameter order, assignment targets.
//!
//! Recursion is bounded: `MAX_DEPTH` nested expressions or blocks, then one "nested too deeply"
//! diagnostic and `ExprKind::Error`.

mod expr;
mod literal;
mod stmt;

pub(super) use stmt::describe_target;

use super::cst;
use super::{ast, syntax_error};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use tree_sitter::Node;

/// How deep expressions and blocks may nest before lowering gives up on that part.
pub(super) const MAX_DEPTH: usize = 500;

/// How many `elif` clauses one `if` may have: the AST nests each in the previous one's `else`,
/// and every later pass recurses down the chain (100,000 overflowed a 256 MB stack).
pub(super) const MAX_ELIFS: usize = 2_000;

pub(super) fn lower_module(
    file: &SourceFile,
    root: Node,
    has_syntax_errors: bool,
) -> (ast::Module, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        file,
        diags: Vec::new(),
        depth: 0,
        too_deep_reported: false,
        has_syntax_errors,
    };
    let body = lowerer.block_statements(root, Some(0));
    (ast::Module { body }, lowerer.diags)
}

pub(super) struct Lowerer<'s> {
    file: &'s SourceFile,
    diags: Vec<Diagnostic>,
    depth: usize,
    too_deep_reported: bool,
    /// Whether `errors` found anything: then absent children are expected and stay silent.
    has_syntax_errors: bool,
}

impl<'s> Lowerer<'s> {
    fn text(&self, node: Node) -> &'s str {
        self.file.slice(cst::span(node))
    }

    fn error(&mut self, diag: Diagnostic) {
        self.diags.push(diag);
    }

    /// "`what` is not supported by Roast".
    fn unsupported(&mut self, span: Span, what: &str, label: &str) {
        self.diags.push(Diagnostic::error(
            Code::Unsupported,
            format!("{what} is not supported by Roast"),
            span,
            label,
        ));
    }

    fn unsupported_with_help(&mut self, span: Span, what: &str, label: &str, help: &str) {
        self.diags.push(
            Diagnostic::error(
                Code::Unsupported,
                format!("{what} is not supported by Roast"),
                span,
                label,
            )
            .with_help(help),
        );
    }

    /// A child the grammar requires is absent. The syntax pass has reported why, unless the
    /// tree had no error at all, which would be a grammar bug: say so once.
    fn absent(&mut self, node: Node, what: &str) {
        if !self.has_syntax_errors && !cst::is_broken(node) {
            self.has_syntax_errors = true;
            self.diags.push(Diagnostic::internal(
                format!(
                    "`{}` without {what} in a tree with no syntax error",
                    node.kind()
                ),
                cst::span(node),
            ));
        }
    }

    /// Enters one level of nesting; `false` (after one diagnostic) when too deep.
    fn enter(&mut self, node: Node) -> bool {
        if self.depth >= MAX_DEPTH {
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                self.diags.push(
                    syntax_error(
                        "expression is nested too deeply",
                        cst::span(node),
                        "nesting limit reached here",
                    )
                    .with_note(format!(
                        "Roast accepts at most {MAX_DEPTH} levels of nested expressions and blocks"
                    ))
                    .with_help("name some of the inner values with variables"),
                );
            }
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn ident(&self, node: Node) -> ast::Ident {
        ast::Ident {
            name: self.text(node).to_string(),
            span: cst::span(node),
        }
    }

    /// The indentation width of the line `offset` is on, if `offset` is the first non-blank
    /// character of that line (tabs to the next multiple of 8, like the scanner).
    fn indentation_at(&self, offset: u32) -> Option<usize> {
        let before = self.file.text.get(..offset as usize)?;
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let prefix = before.get(line_start..)?;
        let mut width = 0usize;
        for c in prefix.chars() {
            match c {
                ' ' => width += 1,
                '\t' => width = (width / 8 + 1) * 8,
                '\x0c' => width = 0,
                _ => return None,
            }
        }
        Some(width)
    }
}

fn expr(kind: ast::ExprKind, span: Span) -> ast::Expr {
    ast::Expr { kind, span }
}

fn error_expr(span: Span) -> ast::Expr {
    expr(ast::ExprKind::Error, span)
}
