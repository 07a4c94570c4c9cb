//! Where each local gets its `let`. Python scopes a variable to the whole function; Rust to a
//! block. A local is declared at its first assignment when that assignment is in the innermost
//! block holding every use; otherwise it is hoisted to the top of that block (uninitialized when
//! every path assigns it before reading it, else with a default value that is never observed,
//! because the checker rejects reads before assignment on straight-line code).

use crate::hir::{self, visit, ExprKind as H, LocalId, Place, StmtKind as S};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Default)]
pub struct Decls {
    /// Assignment statements (by address) that declare their target(s) with `let`.
    pub let_at: HashMap<usize, Vec<LocalId>>,
    /// Blocks (by address) that begin with hoisted declarations: (local, needs a default value).
    pub hoist: HashMap<usize, Vec<(LocalId, bool)>>,
    /// `for` variables bound by the loop itself.
    pub for_binding: HashSet<LocalId>,
    /// `for` variables used only in the loops' bodies that the bodies rebind (`w = w.lower()`):
    /// each iteration declares them (`let mut w = w_item;`).
    pub loop_local: HashSet<LocalId>,
}

pub fn addr<T>(x: &T) -> usize {
    std::ptr::from_ref(x) as usize
}

pub fn block_addr(b: &[hir::Stmt]) -> usize {
    b.as_ptr() as usize
}

impl Decls {
    pub fn compute(f: &hir::Function) -> Decls {
        let mut occ: HashMap<LocalId, Vec<Vec<usize>>> = HashMap::new();
        let mut blocks: HashMap<usize, &[hir::Stmt]> = HashMap::new();
        let mut for_of: HashMap<LocalId, Vec<(usize, usize)>> = HashMap::new();
        walk(&f.body, &mut Vec::new(), &mut occ, &mut blocks, &mut for_of);
        let params: HashSet<LocalId> = f.params.iter().copied().collect();
        let mut d = Decls::default();
        // Per block, where each local is first mentioned (a search per local was quadratic in a
        // function of many variables).
        let mut first_in: HashMap<usize, HashMap<LocalId, usize>> = HashMap::new();
        let mut ids: Vec<&LocalId> = occ.keys().collect();
        ids.sort();
        for &id in ids {
            if params.contains(&id) || f.local(id).scoped {
                continue;
            }
            let paths = &occ[&id];
            let lca = common_prefix(paths);
            // A `for` variable used only inside the bodies of the loops that bind it (each use
            // in exactly one of them) and never reassigned there: each loop binds it itself.
            if let Some(fors) = for_of.get(&id) {
                let bodies: Vec<usize> = fors.iter().map(|(_, body)| *body).collect();
                let inside = paths
                    .iter()
                    .all(|p| bodies.iter().filter(|b| p.contains(b)).count() == 1);
                let reassigned = bodies.iter().any(|body| {
                    blocks
                        .get(body)
                        .is_some_and(|b| b.iter().any(|s| assigns(s, id)))
                });
                if inside && !reassigned {
                    d.for_binding.insert(id);
                    continue;
                }
                if inside {
                    d.loop_local.insert(id);
                    continue;
                }
            }
            // A loop variable the body rebinds is declared outside the loop (the loop assigns
            // it before the body's own declarations).
            let mut lca = lca;
            if let Some(fors) = for_of.get(&id) {
                if lca
                    .last()
                    .is_some_and(|b| fors.iter().any(|(_, body)| body == b))
                {
                    lca.pop();
                }
            }
            let Some(&block_id) = lca.last() else {
                continue;
            };
            let Some(block) = blocks.get(&block_id) else {
                continue;
            };
            let first = first_in
                .entry(block_id)
                .or_insert_with(|| first_mentions(block))
                .get(&id)
                .and_then(|&i| block.get(i));
            let declares_here = first.is_some_and(|s| match &s.kind {
                S::Assign {
                    target: Place::Local(t),
                    value,
                } => *t == id && !expr_mentions(value, id),
                S::MultiAssign { targets, values } => {
                    targets.iter().all(|t| matches!(t, Place::Local(_)))
                        && targets
                            .iter()
                            .any(|t| matches!(t, Place::Local(t) if *t == id))
                        && !values.iter().any(|v| expr_mentions(v, id))
                }
                _ => false,
            });
            match first {
                Some(s) if declares_here => d.let_at.entry(addr(s)).or_default().push(id),
                _ => {
                    let needs_default = !definitely_assigned_before_read(block, id);
                    d.hoist
                        .entry(block_id)
                        .or_default()
                        .push((id, needs_default));
                }
            }
        }
        // A tuple assignment declares with `let` only if it declares all its targets.
        let mut demote = Vec::new();
        walk_stmts(&f.body, &mut |s| {
            if let S::MultiAssign { targets, .. } = &s.kind {
                if let Some(declared) = d.let_at.get(&addr(s)) {
                    if declared.len() != targets.len() {
                        demote.push(addr(s));
                    }
                }
            }
        });
        for a in demote {
            if let Some(locals) = d.let_at.remove(&a) {
                for id in locals {
                    let lca = common_prefix(&occ[&id]);
                    if let Some(&b) = lca.last() {
                        // Uninitialized where every path assigns it first (`h, m = ...`).
                        let needs_default = blocks
                            .get(&b)
                            .is_none_or(|block| !definitely_assigned_before_read(block, id));
                        d.hoist.entry(b).or_default().push((id, needs_default));
                    }
                }
            }
        }
        d
    }
}

fn walk<'a>(
    block: &'a [hir::Stmt],
    path: &mut Vec<usize>,
    occ: &mut HashMap<LocalId, Vec<Vec<usize>>>,
    blocks: &mut HashMap<usize, &'a [hir::Stmt]>,
    for_of: &mut HashMap<LocalId, Vec<(usize, usize)>>,
) {
    let id = block_addr(block);
    blocks.insert(id, block);
    path.push(id);
    for s in block {
        let mut here = HashSet::new();
        visit::stmt_exprs(s, &mut |e| locals_in(e, &mut here));
        match &s.kind {
            S::Assign {
                target: Place::Local(t),
                ..
            }
            | S::AugAssign {
                target: Place::Local(t),
                ..
            } => {
                here.insert(*t);
            }
            S::MultiAssign { targets, .. } => {
                for t in targets {
                    if let Place::Local(t) = t {
                        here.insert(*t);
                    }
                }
            }
            S::For { target, body, .. } => {
                for var in target.locals() {
                    for_of
                        .entry(var)
                        .or_default()
                        .push((addr(s), block_addr(body)));
                    let mut inner = path.clone();
                    inner.push(block_addr(body));
                    occ.entry(var).or_default().push(inner);
                }
            }
            _ => {}
        }
        for l in here {
            occ.entry(l).or_default().push(path.clone());
        }
        for b in visit::stmt_blocks(s) {
            walk(b, path, occ, blocks, for_of);
        }
    }
    path.pop();
}

fn walk_stmts(block: &[hir::Stmt], f: &mut dyn FnMut(&hir::Stmt)) {
    for s in block {
        f(s);
        for b in visit::stmt_blocks(s) {
            walk_stmts(b, f);
        }
    }
}

fn common_prefix(paths: &[Vec<usize>]) -> Vec<usize> {
    let Some(first) = paths.first() else {
        return Vec::new();
    };
    let mut len = first.len();
    for p in &paths[1..] {
        len = len.min(p.iter().zip(first).take_while(|(a, b)| a == b).count());
    }
    first[..len].to_vec()
}

fn locals_in(e: &hir::Expr, out: &mut HashSet<LocalId>) {
    if let H::Local(id) = e.kind {
        out.insert(id);
    }
    visit::each_child(e, &mut |c| locals_in(c, out));
}

pub fn expr_mentions(e: &hir::Expr, id: LocalId) -> bool {
    if matches!(e.kind, H::Local(x) if x == id) {
        return true;
    }
    let mut found = false;
    visit::each_child(e, &mut |c| found = found || expr_mentions(c, id));
    found
}

/// For each local `block` mentions (as `mentions` sees it), the index of its first statement
/// that does.
fn first_mentions(block: &[hir::Stmt]) -> HashMap<LocalId, usize> {
    fn mentioned(s: &hir::Stmt, out: &mut HashSet<LocalId>) {
        match &s.kind {
            S::Assign {
                target: Place::Local(t),
                ..
            }
            | S::AugAssign {
                target: Place::Local(t),
                ..
            } => {
                out.insert(*t);
            }
            S::MultiAssign { targets, .. } => {
                for t in targets {
                    if let Place::Local(t) = t {
                        out.insert(*t);
                    }
                }
            }
            S::For { target, .. } => out.extend(target.locals()),
            _ => {}
        }
        visit::stmt_exprs(s, &mut |e| locals_in(e, out));
        for b in visit::stmt_blocks(s) {
            for s in b {
                mentioned(s, out);
            }
        }
    }
    let mut first = HashMap::new();
    for (i, s) in block.iter().enumerate() {
        let mut here = HashSet::new();
        mentioned(s, &mut here);
        for id in here {
            first.entry(id).or_insert(i);
        }
    }
    first
}

/// The statement reads or writes `id` anywhere inside it.
pub fn mentions(s: &hir::Stmt, id: LocalId) -> bool {
    assigns(s, id) || reads(s, id)
}

/// The statement (or a nested one) assigns `id`.
pub fn assigns(s: &hir::Stmt, id: LocalId) -> bool {
    let direct = match &s.kind {
        S::Assign {
            target: Place::Local(t),
            ..
        }
        | S::AugAssign {
            target: Place::Local(t),
            ..
        } => *t == id,
        S::MultiAssign { targets, .. } => targets
            .iter()
            .any(|t| matches!(t, Place::Local(t) if *t == id)),
        S::For { target, .. } => target.locals().contains(&id),
        _ => false,
    };
    direct
        || visit::stmt_blocks(s)
            .iter()
            .any(|b| b.iter().any(|s| assigns(s, id)))
}

/// The statement (or a nested one) reads `id`.
pub fn reads(s: &hir::Stmt, id: LocalId) -> bool {
    let mut found = matches!(&s.kind, S::AugAssign { target: Place::Local(t), .. } if *t == id);
    visit::stmt_exprs(s, &mut |e| found = found || expr_mentions(e, id));
    found
        || visit::stmt_blocks(s)
            .iter()
            .any(|b| b.iter().any(|s| reads(s, id)))
}

/// Every path through `block` assigns `id` before any read of it.
fn definitely_assigned_before_read(block: &[hir::Stmt], id: LocalId) -> bool {
    for s in block {
        match definite(s, id) {
            Some(result) => return result,
            None => continue,
        }
    }
    false
}

/// `Some(true)`: assigns before reading; `Some(false)`: may read first; `None`: does neither.
fn definite(s: &hir::Stmt, id: LocalId) -> Option<bool> {
    if !mentions(s, id) {
        return None;
    }
    match &s.kind {
        S::Assign {
            target: Place::Local(t),
            value,
        } if *t == id => Some(!expr_mentions(value, id)),
        S::MultiAssign { values, .. } => {
            Some(!values.iter().any(|v| expr_mentions(v, id)) && assigns(s, id))
        }
        S::If { cond, then, els } => {
            if expr_mentions(cond, id) {
                return Some(false);
            }
            let a = definitely_assigned_before_read(then, id) || ends_abruptly(then);
            let b = definitely_assigned_before_read(els, id) || ends_abruptly(els);
            Some(a && b)
        }
        _ => Some(false),
    }
}

fn ends_abruptly(block: &[hir::Stmt]) -> bool {
    block
        .iter()
        .any(|s| matches!(s.kind, S::Return(_) | S::Break | S::Continue))
}
