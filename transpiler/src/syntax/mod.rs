//! Syntax: tree-sitter's CST lowered to the spanned AST. Parsing never fails: it returns a
//! tree and the syntax errors found in it.
//!
//! - `cst`: small, panic-free accessors over tree-sitter nodes (every child is optional).
//! - `errors`: turns `ERROR`/`MISSING` nodes, unbalanced brackets and unterminated strings
//!   into diagnostics, before lowering, so lowering can skip broken parts silently.
//! - `lower`: CST → AST, reporting constructs Roast does not support by name.
//! - `print`: a compact S-expression printer for the AST (tests, debugging).
//!
//! Invariants: no function here panics on any input, and no recursion is unbounded: a file
//! past CPython's own limits (`limits`: 99 nested indented blocks, 200 nested brackets) is
//! rejected before parsing, and lowering stops at `lower::MAX_DEPTH` nested expressions or blocks
//! with a diagnostic. Later stages recurse at most as deep as the AST.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

pub mod ast;
mod cst;
mod errors;
mod limits;
mod lower;
pub mod print;

#[cfg(test)]
mod tests;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// At most this many syntax diagnostics are reported for one file.
const MAX_DIAGNOSTICS: usize = 50;

/// A parsed module and the diagnostics found while parsing and lowering it.
#[derive(Debug, Default)]
pub struct Parsed {
    pub module: ast::Module,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and lowers one file. Never fails: a file with errors gives a partial module (broken
/// parts left out or replaced by `ExprKind::Error`) and the errors, sorted by position.
pub fn parse(file: &SourceFile) -> Parsed {
    if let Some(too_deep) = limits::check(file) {
        return Parsed {
            module: ast::Module::default(),
            diagnostics: vec![too_deep],
        };
    }
    let mut parser = tree_sitter::Parser::new();
    if parser
        .set_language(&tree_sitter_roast::LANGUAGE.into())
        .is_err()
    {
        return internal_failure("the tree-sitter grammar does not match the runtime's ABI");
    }
    let Some(tree) = parser.parse(&file.text, None) else {
        return internal_failure("tree-sitter returned no tree");
    };
    let root = tree.root_node();
    let mut diagnostics = errors::collect(file, root);
    let has_syntax_errors = !diagnostics.is_empty();
    let (module, lowered) = lower::lower_module(file, root, has_syntax_errors);
    diagnostics.extend(lowered);
    crate::diagnostics::sort(&mut diagnostics);
    // Past this many, the rest are consequences of the first ones.
    diagnostics.truncate(MAX_DIAGNOSTICS);
    Parsed {
        module,
        diagnostics,
    }
}

fn internal_failure(message: &str) -> Parsed {
    Parsed {
        module: ast::Module::default(),
        diagnostics: vec![Diagnostic::internal(message, Span::default())],
    }
}

/// A syntax error (`E0001`).
fn syntax_error(message: impl Into<String>, span: Span, label: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::Syntax, message, span, label)
}
