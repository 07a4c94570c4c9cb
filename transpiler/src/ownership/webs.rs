//! One Python name, several independent variables: `for i in range(4): ...` and later
//! `i = 0; while i < 20: ...` never see each other's values. A plain assignment at the top of the
//! function that does not read the name starts a new variable from there on, so each gets its
//! own `let` where it begins (instead of one `let mut i: i64 = 0;` hoisted above both).

use crate::hir::{self, visit, ExprKind as H, LocalId, Place, StmtKind as S, Target};
use std::collections::{HashMap, HashSet};

pub fn split(f: &mut hir::Function) {
    // One pass, linear in the body's size (a file of 100,000 assignments to one name was
    // quadratic): which names a lambda reads, which names the statements so far mention, and
    // the variable each split name currently stands for.
    let mut lambda_read = HashSet::new();
    for s in &f.body {
        captured(s, false, &mut lambda_read);
    }
    let mut mentioned: HashSet<LocalId> = HashSet::new();
    let mut current: HashMap<LocalId, LocalId> = HashMap::new();
    for i in 0..f.body.len() {
        let Some(s) = f.body.get(i) else { break };
        if let S::Assign {
            target: Place::Local(x),
            value,
        } = &s.kind
        {
            let x = *x;
            if mentioned.contains(&x)
                && !lambda_read.contains(&x)
                && !super::facts::expr_mentions(value, x)
                && !f.params.contains(&x)
                && !f.local(x).scoped
            {
                let new = LocalId(u32::try_from(f.locals.len()).unwrap_or(u32::MAX));
                let local = f.local(x).clone();
                f.locals.push(local);
                current.insert(x, new);
            }
        }
        let Some(s) = f.body.get_mut(i) else { break };
        mentions(s, &mut mentioned);
        if !current.is_empty() {
            rename_stmt(s, &current);
        }
    }
}

/// Adds the names `s` mentions (as `facts::stmt_mentions` sees them) to `out`.
fn mentions(s: &hir::Stmt, out: &mut HashSet<LocalId>) {
    fn in_expr(e: &hir::Expr, out: &mut HashSet<LocalId>) {
        if let H::Local(id) = e.kind {
            out.insert(id);
        }
        visit::each_child(e, &mut |c| in_expr(c, out));
    }
    if let S::Assign {
        target: Place::Local(t),
        ..
    }
    | S::AugAssign {
        target: Place::Local(t),
        ..
    } = &s.kind
    {
        out.insert(*t);
    }
    visit::stmt_exprs(s, &mut |e| in_expr(e, out));
    for b in visit::stmt_blocks(s) {
        for s in b {
            mentions(s, out);
        }
    }
}

/// The names a lambda in `s` reads: such a name reads the variable, whichever value it holds
/// when called, so it stays one variable.
fn captured(s: &hir::Stmt, inside: bool, out: &mut HashSet<LocalId>) {
    fn in_expr(e: &hir::Expr, inside: bool, out: &mut HashSet<LocalId>) {
        if let (true, H::Local(id)) = (inside, &e.kind) {
            out.insert(*id);
        }
        let inside = inside || matches!(e.kind, H::Lambda { .. });
        visit::each_child(e, &mut |c| in_expr(c, inside, out));
    }
    visit::stmt_exprs(s, &mut |e| in_expr(e, inside, out));
    for b in visit::stmt_blocks(s) {
        for s in b {
            captured(s, inside, out);
        }
    }
}

/// Renames every name of `map` in `s` to the variable it maps to.
fn rename_stmt(s: &mut hir::Stmt, map: &HashMap<LocalId, LocalId>) {
    let swap = |id: &mut LocalId| {
        if let Some(to) = map.get(id) {
            *id = *to;
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
        S::For { target, .. } => rename_target(target, map),
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
    visit::stmt_exprs_mut(s, &mut |e| rename_expr(e, map));
    for b in visit::stmt_blocks_mut(s) {
        for s in b.iter_mut() {
            rename_stmt(s, map);
        }
    }
}

fn rename_target(t: &mut Target, map: &HashMap<LocalId, LocalId>) {
    match t {
        Target::Local(id) => {
            if let Some(to) = map.get(id) {
                *id = *to;
            }
        }
        Target::Tuple(ts) => ts.iter_mut().for_each(|t| rename_target(t, map)),
    }
}

fn rename_expr(e: &mut hir::Expr, map: &HashMap<LocalId, LocalId>) {
    if let H::Local(id) = &mut e.kind {
        if let Some(to) = map.get(id) {
            *id = *to;
        }
    }
    visit::each_child_mut(e, &mut |c| rename_expr(c, map));
}
