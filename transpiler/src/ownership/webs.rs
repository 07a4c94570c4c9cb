//! One Python name, several independent variables: `for i in range(4): ...` and later
//! `i = 0; while i < 20: ...` never see each other's values. A plain assignment at the top of the
//! function that does not read the name starts a new variable from there on, so each gets its
//! own `let` where it begins (instead of one `let mut i: i64 = 0;` hoisted above both).

use crate::hir::{self, visit, ExprKind as H, LocalId, Place, StmtKind as S, Target};

pub fn split(f: &mut hir::Function) {
    let mut i = 0;
    while i < f.body.len() {
        if let S::Assign {
            target: Place::Local(x),
            value,
        } = &f.body[i].kind
        {
            let x = *x;
            let earlier = f.body[..i]
                .iter()
                .any(|s| super::facts::stmt_mentions(s, x));
            if earlier
                && !captured(&f.body, x)
                && !super::facts::expr_mentions(value, x)
                && !f.params.contains(&x)
                && !f.local(x).scoped
            {
                let new = LocalId(u32::try_from(f.locals.len()).unwrap_or(u32::MAX));
                let local = f.local(x).clone();
                f.locals.push(local);
                for s in &mut f.body[i..] {
                    rename_stmt(s, x, new);
                }
            }
        }
        i += 1;
    }
}

/// Does a lambda read `x`? It reads the variable, whichever value it holds when called, so the
/// name stays one variable.
fn captured(stmts: &[hir::Stmt], x: LocalId) -> bool {
    fn in_expr(e: &hir::Expr, x: LocalId, inside: bool) -> bool {
        if inside && matches!(e.kind, H::Local(id) if id == x) {
            return true;
        }
        let inside = inside || matches!(e.kind, H::Lambda { .. });
        let mut found = false;
        visit::each_child(e, &mut |c| found = found || in_expr(c, x, inside));
        found
    }
    stmts.iter().any(|s| {
        let mut found = false;
        visit::stmt_exprs(s, &mut |e| found = found || in_expr(e, x, false));
        found || visit::stmt_blocks(s).iter().any(|b| captured(b, x))
    })
}

fn rename_stmt(s: &mut hir::Stmt, from: LocalId, to: LocalId) {
    let swap = |id: &mut LocalId| {
        if *id == from {
            *id = to;
        }
    };
    match &mut s.kind {
        S::Assign { target, .. } | S::AugAssign { target, .. } => {
            if let Place::Local(id) = target {
                swap(id);
            }
        }
        S::MultiAssign { targets, .. } => {
            for t in targets {
                if let Place::Local(id) = t {
                    swap(id);
                }
            }
        }
        S::For { target, .. } => rename_target(target, from, to),
        S::Try { handlers, .. } => {
            for h in handlers {
                swap(&mut h.var);
            }
        }
        S::Raise {
            handler: Some(h), ..
        } => swap(h),
        _ => {}
    }
    visit::stmt_exprs_mut(s, &mut |e| rename_expr(e, from, to));
    for b in visit::stmt_blocks_mut(s) {
        for s in b.iter_mut() {
            rename_stmt(s, from, to);
        }
    }
}

fn rename_target(t: &mut Target, from: LocalId, to: LocalId) {
    match t {
        Target::Local(id) => {
            if *id == from {
                *id = to;
            }
        }
        Target::Tuple(ts) => ts.iter_mut().for_each(|t| rename_target(t, from, to)),
    }
}

fn rename_expr(e: &mut hir::Expr, from: LocalId, to: LocalId) {
    if let H::Local(id) = &mut e.kind {
        if *id == from {
            *id = to;
        }
    }
    visit::each_child_mut(e, &mut |c| rename_expr(c, from, to));
}
