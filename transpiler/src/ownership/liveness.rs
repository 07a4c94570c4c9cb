//! Backward liveness over the structured HIR: which uses of a local are its last (so the value
//! can be moved instead of cloned). Loops iterate to a fixpoint before the recording pass.

use crate::hir::{self, visit, ExprKind as H, LocalId, Place, StmtKind as S};
use std::collections::{BTreeSet, HashMap, HashSet};

type Live = BTreeSet<LocalId>;

/// The uses `(local, span start)` after which the local is dead, for non-`Copy` locals.
pub fn last_uses(f: &hir::Function) -> HashSet<(LocalId, u32)> {
    let mut l = Liveness {
        record: true,
        out: HashSet::new(),
        loops: Vec::new(),
        heads: HashMap::new(),
        f,
    };
    l.block(&f.body, Live::new());
    let mut out = l.out;
    // A value cannot move while another part of the same statement borrows it.
    forbid_shared_moves(&f.body, &mut out);
    out
}

fn forbid_shared_moves(stmts: &[hir::Stmt], out: &mut HashSet<(LocalId, u32)>) {
    for s in stmts {
        let mut uses: Vec<(LocalId, u32)> = Vec::new();
        visit::stmt_exprs(s, &mut |e| collect_uses(e, &mut uses));
        if let S::AugAssign {
            target: Place::Local(id),
            ..
        }
        | S::Assign {
            target: Place::Local(id),
            ..
        } = &s.kind
        {
            uses.push((*id, u32::MAX));
        }
        // Counted once per statement: a statement of 100,000 comparisons was quadratic.
        let mut counts: HashMap<LocalId, usize> = HashMap::new();
        for &(id, _) in &uses {
            *counts.entry(id).or_default() += 1;
        }
        for &(id, span) in &uses {
            if counts.get(&id).is_some_and(|&n| n > 1) {
                out.remove(&(id, span));
            }
        }
        for b in visit::stmt_blocks(s) {
            forbid_shared_moves(b, out);
        }
    }
}

fn collect_uses(e: &hir::Expr, out: &mut Vec<(LocalId, u32)>) {
    if let H::Local(id) = e.kind {
        out.push((id, e.span.start));
    }
    visit::each_child(e, &mut |c| collect_uses(c, out));
}

struct Liveness<'a> {
    record: bool,
    out: HashSet<(LocalId, u32)>,
    /// For each enclosing loop: (live after the loop, live at its head).
    loops: Vec<(Live, Live)>,
    /// Each loop's last head (by the loop statement's address): a loop nested in another is
    /// solved again at each of the outer loop's iterations, and starting from its last answer
    /// (a lower bound: the live sets only grow) keeps nested loops from costing 3^depth.
    heads: HashMap<usize, Live>,
    f: &'a hir::Function,
}

impl Liveness<'_> {
    fn block(&mut self, stmts: &[hir::Stmt], mut live: Live) -> Live {
        for s in stmts.iter().rev() {
            live = self.stmt(s, live);
        }
        live
    }

    fn stmt(&mut self, s: &hir::Stmt, live: Live) -> Live {
        match &s.kind {
            S::Assign { target, value } => {
                let live = self.place(target, live);
                self.expr(value, live)
            }
            S::AugAssign { target, value, .. } => {
                let mut live = self.place(target, live);
                if let Place::Local(id) = target {
                    live.insert(*id);
                }
                self.expr(value, live)
            }
            S::MultiAssign { targets, values } => {
                let mut live = live;
                for t in targets.iter().rev() {
                    live = self.place(t, live);
                }
                for v in values.iter().rev() {
                    live = self.expr(v, live);
                }
                live
            }
            S::Expr(e) => self.expr(e, live),
            S::Return(e) => match e {
                Some(e) => self.expr(e, Live::new()),
                None => Live::new(),
            },
            S::Assert { cond, msg } => {
                let live = match msg {
                    Some(m) => self.expr(m, live),
                    None => live,
                };
                self.expr(cond, live)
            }
            S::Pass => live,
            S::Raise { exc, .. } => match exc {
                Some(e) => self.expr(e, Live::new()),
                None => Live::new(),
            },
            S::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                // Any point of the body may jump to a handler: be conservative there (moves
                // are not made inside the protected region anyway).
                let after = self.block(finalbody, live);
                let mut everything = after.clone();
                for h in handlers {
                    let l = self.block(&h.body, after.clone());
                    everything.extend(l);
                }
                let else_in = self.block(orelse, after.clone());
                everything.extend(else_in);
                let mut all = Live::new();
                for_all_locals(s, &mut all);
                everything.extend(all);
                let record = self.record;
                self.record = false;
                let body_in = self.block(body, everything.clone());
                self.record = record;
                let mut out = body_in;
                out.extend(everything);
                out
            }
            S::Break => self.loops.last().map(|l| l.0.clone()).unwrap_or_default(),
            S::Continue => self.loops.last().map(|l| l.1.clone()).unwrap_or_default(),
            S::If { cond, then, els } => {
                let mut a = self.block(then, live.clone());
                let b = self.block(els, live);
                a.extend(b);
                self.expr(cond, a)
            }
            S::While { cond, body, orelse } => {
                let after_else = self.block(orelse, live.clone());
                self.fixpoint(s, &live, |l, head| {
                    let mut at = l.block(body, head.clone());
                    at.extend(after_else.iter().copied());
                    l.expr(cond, at)
                })
            }
            S::For {
                target,
                body,
                orelse,
                ..
            } => {
                let vars = target.locals();
                let after_else = self.block(orelse, live.clone());
                let mut iter_locals = Live::new();
                visit::stmt_exprs(s, &mut |e| collect_locals(e, &mut iter_locals));
                let head = self.fixpoint(s, &live, |l, head| {
                    let mut at = l.block(body, head.clone());
                    for v in &vars {
                        at.remove(v);
                    }
                    at.extend(after_else.iter().copied());
                    // The iterated list stays borrowed for the whole loop.
                    at.extend(iter_locals.iter().copied());
                    at
                });
                let mut live_in = head;
                let exprs: Vec<&hir::Expr> = {
                    let mut v = Vec::new();
                    visit::stmt_exprs(s, &mut |e| v.push(e));
                    v
                };
                for e in exprs.into_iter().rev() {
                    live_in = self.expr(e, live_in);
                }
                live_in
            }
        }
    }

    /// Iterates a loop's transfer function until the head's live set is stable, then runs it
    /// once more with recording on.
    fn fixpoint(
        &mut self,
        lp: &hir::Stmt,
        after: &Live,
        mut step: impl FnMut(&mut Self, &Live) -> Live,
    ) -> Live {
        let key = lp as *const hir::Stmt as usize;
        let record = self.record;
        self.record = false;
        let mut head = self.heads.get(&key).cloned().unwrap_or_default();
        let mut stable = false;
        for _ in 0..64 {
            self.loops.push((after.clone(), head.clone()));
            let next = step(self, &head);
            self.loops.pop();
            if next == head {
                stable = true;
                break;
            }
            head = next;
        }
        self.heads.insert(key, head.clone());
        self.record = record;
        if stable && !record {
            // Running `step` again would give `head` again, and record nothing.
            return head;
        }
        self.loops.push((after.clone(), head.clone()));
        let result = step(self, &head);
        self.loops.pop();
        result
    }

    fn place(&mut self, p: &Place, mut live: Live) -> Live {
        match p {
            Place::Local(id) => {
                live.remove(id);
                live
            }
            Place::Index { list, index } => {
                let live = self.expr(index, live);
                self.expr(list, live)
            }
            Place::Field { obj, .. } => self.expr(obj, live),
        }
    }

    /// Uses in `e`, evaluated left to right, so processed right to left.
    fn expr(&mut self, e: &hir::Expr, live: Live) -> Live {
        let mut children = Vec::new();
        visit::each_child(e, &mut |c| children.push(c));
        let mut live = live;
        if let H::Local(id) = e.kind {
            if self.record && !live.contains(&id) && !self.f.local(id).ty.is_copy() {
                self.out.insert((id, e.span.start));
            }
            live.insert(id);
        }
        for c in children.into_iter().rev() {
            live = self.expr(c, live);
        }
        live
    }
}

fn for_all_locals(s: &hir::Stmt, out: &mut Live) {
    visit::stmt_exprs(s, &mut |e| collect_locals(e, out));
    for b in visit::stmt_blocks(s) {
        for s in b {
            for_all_locals(s, out);
        }
    }
}

fn collect_locals(e: &hir::Expr, out: &mut Live) {
    if let H::Local(id) = e.kind {
        out.insert(id);
    }
    visit::each_child(e, &mut |c| collect_locals(c, out));
}
