//! Objects copied into a second container. `by_name[a.name] = a` for `a` in `accounts`, or
//! `top.append(scores[0])`, puts in CPython one object in two places; Roast stores a copy (the
//! original stays where it is). The copy is not observable as long as neither the original nor
//! the copy is changed afterwards; where one of them is (`by_name["bob"].deposit(5)` and then
//! `accounts` is printed), the program is rejected with `E0010` rather than printing something
//! CPython would not.

use super::{facts::iter_root, root_local, FnOwnership, ParamMode};
use crate::diagnostics::{Code, Diagnostic};
use crate::hir::{self, visit, ExprKind as H, LocalId, Place, StmtKind as S};
use crate::source::Span;
use std::collections::HashMap;

pub fn check(
    f: &hir::Function,
    own: &FnOwnership,
    modes: &[Vec<ParamMode>],
    diags: &mut Vec<Diagnostic>,
) {
    let mut elements = HashMap::new();
    element_names(&f.body, &mut elements);
    let mut cx = Check {
        f,
        own,
        modes,
        elements,
        frames: Vec::new(),
        diags,
    };
    cx.block(&f.body);
}

/// Locals that name an element of a container: loop variables and `p = ps[i]`.
fn element_names(stmts: &[hir::Stmt], out: &mut HashMap<LocalId, LocalId>) {
    for s in stmts {
        match &s.kind {
            S::For { target, iter, .. } => {
                if let Some(root) = iter_root(iter) {
                    for v in target.locals() {
                        out.insert(v, root);
                    }
                }
            }
            S::Assign {
                target: Place::Local(dst),
                value,
            } if matches!(value.kind, H::Index { .. } | H::Field { .. }) && !value.ty.is_copy() => {
                if let Some(root) = root_local(value) {
                    out.insert(*dst, root);
                }
            }
            _ => {}
        }
        for b in visit::stmt_blocks(s) {
            element_names(b, out);
        }
    }
}

struct Check<'a, 'd> {
    f: &'a hir::Function,
    own: &'a FnOwnership,
    modes: &'a [Vec<ParamMode>],
    elements: HashMap<LocalId, LocalId>,
    /// The enclosing blocks and the index of the statement being checked in each.
    frames: Vec<(&'a [hir::Stmt], usize)>,
    diags: &'d mut Vec<Diagnostic>,
}

impl<'a> Check<'a, '_> {
    fn block(&mut self, stmts: &'a [hir::Stmt]) {
        for (i, s) in stmts.iter().enumerate() {
            self.frames.push((stmts, i));
            if let S::Assign {
                target: Place::Index { list: dest, .. } | Place::Field { obj: dest, .. },
                value,
            } = &s.kind
            {
                self.stored(value, root_local(dest));
            }
            visit::stmt_exprs(s, &mut |e| self.expr(e));
            for b in visit::stmt_blocks(s) {
                self.block(b);
            }
            self.frames.pop();
        }
    }

    fn expr(&mut self, e: &hir::Expr) {
        if let H::Method {
            method: hir::Method::ListAppend | hir::Method::ListInsert,
            receiver,
            args,
        } = &e.kind
        {
            if let Some(v) = args.last() {
                self.stored(v, root_local(receiver));
            }
        }
        visit::each_child(e, &mut |c| self.expr(c));
    }

    /// `value` is stored into a container rooted at `dest`.
    fn stored(&mut self, value: &hir::Expr, dest: Option<LocalId>) {
        if value.ty.is_copy() || value.ty == crate::types::Ty::Str {
            return;
        }
        let source = match &value.kind {
            H::Local(id) if self.own.can_move(*id, value.span.start) => return,
            H::Local(id) => match self.elements.get(id) {
                Some(root) => *root,
                None => return,
            },
            H::Index { .. } | H::Field { .. } => match root_local(value) {
                Some(root) => root,
                None => return,
            },
            _ => return,
        };
        let after = self.after();
        let changed = [Some(source), dest]
            .into_iter()
            .flatten()
            .find_map(|root| after.iter().find_map(|s| self.element_change(s, root)));
        let Some((root, at)) = changed else { return };
        let name = |id: LocalId| self.f.local(id).name.clone();
        let what = dest.map_or_else(|| "a container".to_string(), |d| format!("`{}`", name(d)));
        self.diags.push(
            Diagnostic::error(
                Code::Aliasing,
                format!("this object is copied into {what}, and an object of `{}` is changed later", name(root)),
                value.span,
                "copied here",
            )
            .with_secondary(at, "changed here")
            .with_note("in CPython both places hold one object, so the change would show in both; Roast would change only one of two copies")
            .with_help("keep the object in one container and refer to it by its key or index elsewhere (e.g. store the name, not the object)"),
        );
    }

    /// The statements that may run after the one being checked: the rest of each enclosing
    /// block, and each enclosing loop again.
    fn after(&self) -> Vec<&'a hir::Stmt> {
        let mut out = Vec::new();
        for &(stmts, i) in self.frames.iter().rev() {
            out.extend(&stmts[i + 1..]);
            if matches!(stmts[i].kind, S::While { .. } | S::For { .. }) {
                out.push(&stmts[i]);
            }
        }
        out
    }

    /// Is `e` an element of container `root` (or a part of one)?
    fn is_element(&self, e: &hir::Expr, root: LocalId) -> bool {
        let mut depth = 0;
        let mut cur = e;
        loop {
            match &cur.kind {
                H::Field { obj: x, .. }
                | H::Index { list: x, .. }
                | H::Unwrap(x)
                | H::Downcast(x) => {
                    depth += 1;
                    cur = x;
                }
                H::Local(id) => {
                    return (*id == root && depth > 0) || self.elements.get(id) == Some(&root)
                }
                _ => return false,
            }
        }
    }

    /// Where `s` changes an element of `root` in place, if it does.
    fn element_change(&self, s: &hir::Stmt, root: LocalId) -> Option<(LocalId, Span)> {
        let mut hit = None;
        if let S::Assign {
            target: Place::Field { obj: x, .. } | Place::Index { list: x, .. },
            ..
        }
        | S::AugAssign {
            target: Place::Field { obj: x, .. } | Place::Index { list: x, .. },
            ..
        } = &s.kind
        {
            if self.is_element(x, root) {
                hit = Some((root, s.span));
            }
        }
        if hit.is_none() {
            visit::stmt_exprs(s, &mut |e| {
                if hit.is_none() {
                    hit = self.expr_change(e, root).map(|at| (root, at));
                }
            });
        }
        if hit.is_none() {
            for b in visit::stmt_blocks(s) {
                if let Some(h) = b.iter().find_map(|s| self.element_change(s, root)) {
                    return Some(h);
                }
            }
        }
        hit
    }

    fn expr_change(&self, e: &hir::Expr, root: LocalId) -> Option<Span> {
        match &e.kind {
            H::Method {
                method, receiver, ..
            } if method.mutates() && self.is_element(receiver, root) => return Some(e.span),
            H::Call { func, args } => {
                let modes = self
                    .modes
                    .get(func.0 as usize)
                    .map_or(&[][..], Vec::as_slice);
                if args
                    .iter()
                    .zip(modes)
                    .any(|(a, m)| matches!(m, ParamMode::RefMut { .. }) && self.is_element(a, root))
                {
                    return Some(e.span);
                }
            }
            _ => {}
        }
        let mut hit = None;
        visit::each_child(e, &mut |c| {
            if hit.is_none() {
                hit = self.expr_change(c, root);
            }
        });
        hit
    }
}
