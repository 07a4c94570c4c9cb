//! Closures that change what they capture: `make_counter`'s `box`, `make_log`'s `entries`.
//!
//! In CPython a nested function shares the variables of the function that made it, so two
//! closures over one list see each other's appends. Roast gives such a list one owner the closures
//! share, `Rc<RefCell<Vec<T>>>` (a *cell*), where all of these hold:
//!
//! - the captured value is not `Copy` and something changes it (the closures, typically);
//! - from the statement that first makes such a closure on, the enclosing function no longer
//!   touches the variable itself: it only hands it to closures (which it may return or store);
//! - each closure body is a call of the nested function with the variable as one argument that
//!   the function reads or changes in place (`&` or `&mut`), never keeps or returns, so one
//!   `borrow()`/`borrow_mut()` per call is all the closure needs, and no caller ever holds a copy
//!   of the shared value.
//!
//! Anything else that captures a changing variable stays an error (`E0010`).

use super::{FnOwnership, ParamMode};
use crate::hir::{self, visit, ExprKind as H, LocalId, StmtKind};
use crate::types::Ty;

/// The captured variables that become cells, with the index of the top-level statement of `f`
/// before which each is wrapped.
pub fn find(
    f: &hir::Function,
    own: &FnOwnership,
    modes: &[Vec<ParamMode>],
) -> Vec<(LocalId, usize)> {
    let mut cells = Vec::new();
    let mut rejected = Vec::new();
    for (i, s) in f.body.iter().enumerate() {
        let mut lambdas = Vec::new();
        stmt_lambdas(s, &mut lambdas);
        for lambda in lambdas {
            let H::Lambda { params, body } = &lambda.kind else {
                continue;
            };
            let mut captured = Vec::new();
            super::facts::lambda_captures(body, params, f, &mut captured);
            for c in captured {
                if cells.iter().any(|(x, _)| *x == c) || rejected.contains(&c) {
                    continue;
                }
                let facts = own.local(c);
                let is_param = f.params.contains(&c);
                let changes = facts.mutated || facts.assignments > u32::from(!is_param);
                if !changes {
                    continue;
                }
                if shareable(f, c, &f.body[i..], modes) {
                    cells.push((c, i));
                } else {
                    rejected.push(c);
                }
            }
        }
    }
    cells
}

/// `c` can be a cell from `rest` on: every use there is a closure passing it to a call as `&` or
/// `&mut`.
fn shareable(f: &hir::Function, c: LocalId, rest: &[hir::Stmt], modes: &[Vec<ParamMode>]) -> bool {
    if f.local(c).ty.is_copy() || matches!(f.local(c).ty, Ty::Str) {
        return false;
    }
    let mut ok = true;
    for s in rest {
        walk_stmt(s, &mut |e: &hir::Expr| match &e.kind {
            H::Lambda { body, .. } if matches!(e.ty, Ty::Func(..)) => {
                if super::facts::expr_mentions(body, c) && !passes_once(body, c, modes) {
                    ok = false;
                }
                false
            }
            H::Local(x) if *x == c => {
                ok = false;
                false
            }
            _ => true,
        });
        if rebinds(s, c) {
            ok = false;
        }
    }
    ok
}

/// The closure body is `g(..., c, ...)`, `c` once, and `g` borrows that parameter.
fn passes_once(body: &hir::Expr, c: LocalId, modes: &[Vec<ParamMode>]) -> bool {
    let H::Call { func, args } = &body.kind else {
        return false;
    };
    let mut at = None;
    for (k, a) in args.iter().enumerate() {
        match &a.kind {
            H::Local(x) if *x == c => {
                if at.is_some() {
                    return false;
                }
                at = Some(k);
            }
            _ if super::facts::expr_mentions(a, c) => return false,
            _ => {}
        }
    }
    let mode = at.and_then(|k| modes.get(func.0 as usize)?.get(k));
    matches!(mode, Some(ParamMode::Ref | ParamMode::RefMut { .. }))
}

/// Calls `f` on each expression of `s` and its nested statements, descending into an
/// expression's parts while `f` says so.
fn walk_stmt(s: &hir::Stmt, f: &mut dyn FnMut(&hir::Expr) -> bool) {
    fn walk_expr(e: &hir::Expr, f: &mut dyn FnMut(&hir::Expr) -> bool) {
        if f(e) {
            visit::each_child(e, &mut |c| walk_expr(c, f));
        }
    }
    visit::stmt_exprs(s, &mut |e| walk_expr(e, f));
    for b in visit::stmt_blocks(s) {
        for s in b {
            walk_stmt(s, f);
        }
    }
}

/// Does `s` (or a statement inside it) assign `c` itself?
fn rebinds(s: &hir::Stmt, c: LocalId) -> bool {
    let own = match &s.kind {
        StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } => {
            matches!(target, hir::Place::Local(x) if *x == c)
        }
        StmtKind::MultiAssign { targets, .. } => targets
            .iter()
            .any(|t| matches!(t, hir::Place::Local(x) if *x == c)),
        StmtKind::For { target, .. } => target.locals().contains(&c),
        _ => false,
    };
    own || visit::stmt_blocks(s)
        .iter()
        .any(|b| b.iter().any(|s| rebinds(s, c)))
}

/// The function-valued lambdas in `s`, outermost first.
fn stmt_lambdas<'a>(s: &'a hir::Stmt, out: &mut Vec<&'a hir::Expr>) {
    fn expr_lambdas<'a>(e: &'a hir::Expr, out: &mut Vec<&'a hir::Expr>) {
        if matches!(e.kind, H::Lambda { .. }) && matches!(e.ty, Ty::Func(..)) {
            out.push(e);
        }
        visit::each_child(e, &mut |c| expr_lambdas(c, out));
    }
    visit::stmt_exprs(s, &mut |e| expr_lambdas(e, out));
    for b in visit::stmt_blocks(s) {
        for s in b {
            stmt_lambdas(s, out);
        }
    }
}
