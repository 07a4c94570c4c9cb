//! Roast embedded in Rust code (the `roast!` macro of `roast-macros`): the entry point that turns
//! a piece of Roast into Rust items, and the two rules that differ from a whole program.
//!
//! - `@extern` functions (see `types/externs.rs`) are allowed only here: the Rust crate around
//!   the code implements them. A program compiled on its own that declares one is rejected.
//! - Top-level statements are rejected: embedded code is a library of definitions (`def`,
//!   `class`, constants that functions read, imports); nothing runs when the crate loads. As
//!   when Python imports a module, an `if __name__ == "__main__":` block is left out (so a
//!   `.roast` file can keep one for running it on its own).
//!
//! It also says which exported functions raise (a `raise` in them or in a function they call),
//! so that the embedder can give Rust callers a `Result` for those.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::{backend, hir, modules, EmitMode, EmitOptions};
use std::collections::HashSet;

/// Embedded Roast as Rust.
#[derive(Debug)]
pub struct Embedded {
    /// The items, formatted.
    pub rust: String,
    /// The Rust names of the exported functions that raise: a `raise` statement in them or in a
    /// function they call, directly or not (whether a `try` around it catches it or not).
    pub raising: Vec<String>,
}

/// Checks embedded Roast and emits its items (`EmitMode::Embed`): formatted Rust that calls the
/// runtime as `rt::` and calls `@extern` functions by their names, both of which the embedder
/// brings into scope.
pub fn emit_embedded(
    file: &SourceFile,
    loader: modules::Loader<'_>,
) -> Result<Embedded, Vec<Diagnostic>> {
    let checked = crate::check_any(file, loader, true)?;
    let stray = top_level_statements(&checked.program);
    if !stray.is_empty() {
        return Err(stray);
    }
    let options = EmitOptions {
        mode: EmitMode::Embed,
    };
    let rust =
        backend::rust::emit(&checked.program, &checked.ownership, &options).map_err(|d| vec![d])?;
    let program = &checked.program;
    let raises = raising(program);
    let raising = program
        .top_level
        .iter()
        .filter(|id| raises.contains(id) && !program.externs.contains(id))
        .map(|id| program.function(*id))
        .filter(|f| f.kind == hir::FnKind::Function && !f.name.starts_with('_'))
        .map(|f| backend::rust::function_name(&f.name))
        .collect();
    Ok(Embedded { rust, raising })
}

/// The functions with a `raise` in them or in a function they call.
fn raising(program: &hir::Program) -> HashSet<hir::FuncId> {
    fn expr(e: &hir::Expr, calls: &mut Vec<hir::FuncId>) {
        if let hir::ExprKind::Call { func, .. } = &e.kind {
            calls.push(*func);
        }
        hir::visit::each_child(e, &mut |c| expr(c, calls));
    }
    fn block(stmts: &[hir::Stmt], raises: &mut bool, calls: &mut Vec<hir::FuncId>) {
        for s in stmts {
            *raises |= matches!(s.kind, hir::StmtKind::Raise { .. });
            hir::visit::stmt_exprs(s, &mut |e| expr(e, calls));
            for b in hir::visit::stmt_blocks(s) {
                block(b, raises, calls);
            }
        }
    }
    let facts: Vec<(bool, Vec<hir::FuncId>)> = program
        .functions
        .iter()
        .map(|f| {
            let (mut raises, mut calls) = (false, Vec::new());
            block(&f.body, &mut raises, &mut calls);
            (raises, calls)
        })
        .collect();
    let id = |i: usize| hir::FuncId(u32::try_from(i).unwrap_or(u32::MAX));
    let mut out: HashSet<hir::FuncId> = facts
        .iter()
        .enumerate()
        .filter(|(_, (raises, _))| *raises)
        .map(|(i, _)| id(i))
        .collect();
    loop {
        let before = out.len();
        for (i, (_, calls)) in facts.iter().enumerate() {
            if calls.iter().any(|c| out.contains(c)) {
                out.insert(id(i));
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// An error for the first statement that would run at the top level (docstrings and `pass`
/// are fine).
fn top_level_statements(program: &hir::Program) -> Vec<Diagnostic> {
    let runs = |s: &&hir::Stmt| {
        !matches!(
            &s.kind,
            hir::StmtKind::Pass
                | hir::StmtKind::Expr(hir::Expr {
                    kind: hir::ExprKind::Str(_),
                    ..
                })
        )
    };
    let Some(first) = program.main.body.iter().find(runs) else {
        return Vec::new();
    };
    vec![Diagnostic::error(
        Code::Misplaced,
        "top-level statements are not allowed in Roast code embedded in Rust",
        first.span,
        "this would run at the top level",
    )
    .with_note(
        "embedded Roast defines functions, classes and constants that functions read; nothing runs by itself",
    )
    .with_help("put the statements in a function and call it from Rust")]
}

/// An error for each `@extern` function of a program that is not embedded in Rust.
pub(crate) fn externs_outside_rust(program: &hir::Program) -> Vec<Diagnostic> {
    program
        .externs
        .iter()
        .map(|id| {
            let f = program.function(*id);
            // `def`: the function's span starts at it.
            let span = f.span;
            Diagnostic::error(
                Code::Unsupported,
                format!("`@extern` function `{}` outside Rust code", f.name),
                Span {
                    start: span.start,
                    end: span.start + 3,
                },
                "no Rust function implements it here",
            )
            .with_help("`@extern` functions are implemented by the Rust crate that embeds the code with `roast!`")
        })
        .collect()
}
