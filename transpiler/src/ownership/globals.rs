//! Module-level values that functions read are Rust constants (`static` / `const`), evaluated
//! before the program runs. Changing one in place (`memo[n] = r` inside a function,
//! `seen.append(5)` at the top level) has no Rust form in that translation: it is reported here,
//! with the fix a person would make, instead of leaving rustc to reject the generated code.

use super::ParamMode;
use crate::diagnostics::{Code, Diagnostic};
use crate::hir::{self, visit, ExprKind as H, GlobalId, Place, StmtKind as S};

pub fn check(program: &hir::Program, modes: &[Vec<ParamMode>], diags: &mut Vec<Diagnostic>) {
    let mut reported = std::collections::HashSet::new();
    for f in program
        .functions
        .iter()
        .chain(std::iter::once(&program.main))
    {
        walk(&f.body, program, modes, diags, &mut reported);
    }
}

fn root_global(e: &hir::Expr) -> Option<GlobalId> {
    match &e.kind {
        H::Global(id) => Some(*id),
        H::Index { list: x, .. } | H::Field { obj: x, .. } | H::Unwrap(x) | H::Downcast(x) => {
            root_global(x)
        }
        _ => None,
    }
}

fn walk(
    stmts: &[hir::Stmt],
    program: &hir::Program,
    modes: &[Vec<ParamMode>],
    diags: &mut Vec<Diagnostic>,
    reported: &mut std::collections::HashSet<GlobalId>,
) {
    for s in stmts {
        if let S::Assign { target, .. } | S::AugAssign { target, .. } = &s.kind {
            if let Place::Index { list: x, .. } | Place::Field { obj: x, .. } = target {
                if let Some(g) = root_global(x) {
                    report(program, g, s.span, diags, reported);
                }
            }
        }
        visit::stmt_exprs(s, &mut |e| expr(e, program, modes, diags, reported));
        for b in visit::stmt_blocks(s) {
            walk(b, program, modes, diags, reported);
        }
    }
}

fn expr(
    e: &hir::Expr,
    program: &hir::Program,
    modes: &[Vec<ParamMode>],
    diags: &mut Vec<Diagnostic>,
    reported: &mut std::collections::HashSet<GlobalId>,
) {
    match &e.kind {
        H::Method {
            method, receiver, ..
        } if method.mutates() => {
            if let Some(g) = root_global(receiver) {
                report(program, g, e.span, diags, reported);
            }
        }
        H::Call { func, args } => {
            let modes = modes.get(func.0 as usize).map_or(&[][..], Vec::as_slice);
            for (a, m) in args.iter().zip(modes) {
                if matches!(m, ParamMode::RefMut { .. }) {
                    if let Some(g) = root_global(a) {
                        report(program, g, e.span, diags, reported);
                    }
                }
            }
        }
        _ => {}
    }
    visit::each_child(e, &mut |c| expr(c, program, modes, diags, reported));
}

fn report(
    program: &hir::Program,
    g: GlobalId,
    at: crate::source::Span,
    diags: &mut Vec<Diagnostic>,
    reported: &mut std::collections::HashSet<GlobalId>,
) {
    if !reported.insert(g) {
        return;
    }
    let Some(global) = program.globals.get(g.0 as usize) else {
        return;
    };
    let name = &global.name;
    diags.push(
        Diagnostic::error(
            Code::Unsupported,
            format!("module-level `{name}` is read inside a function and changed here"),
            at,
            "changed here",
        )
        .with_secondary(global.span, "defined at module level")
        .with_note("Roast compiles module-level values that functions read to constants, made once before the program runs")
        .with_help(format!("create `{name}` inside a function (for example a `main()`) and pass it to the functions that use it as a parameter")),
    );
}
