//! What each function does with its locals (assigns, mutates in place, lets escape), and the
//! aliasing check for the places where an owned copy stands in for a shared Python reference.

use super::{root_local, FnOwnership, LocalFacts, ParamMode, RetBorrow};
use crate::diagnostics::{Code, Diagnostic};
use crate::hir::{self, visit, ExprKind as H, LocalId, Place, StmtKind as S};
use std::collections::{HashMap, HashSet};

/// Collects the facts of every local of `f`, given the callees' parameter modes.
pub fn collect(f: &hir::Function, modes: &[Vec<ParamMode>]) -> Vec<LocalFacts> {
    collect_with(f, modes, false)
}

/// `collect`, leaving out what function values (closures) do when called.
pub fn collect_outside_closures(f: &hir::Function, modes: &[Vec<ParamMode>]) -> Vec<LocalFacts> {
    collect_with(f, modes, true)
}

fn collect_with(
    f: &hir::Function,
    modes: &[Vec<ParamMode>],
    skip_closures: bool,
) -> Vec<LocalFacts> {
    let mut c = Collector {
        facts: vec![LocalFacts::default(); f.locals.len()],
        loop_roots: HashMap::new(),
        modes,
        f,
        skip_closures,
    };
    c.block(&f.body);
    c.facts
}

struct Collector<'a> {
    facts: Vec<LocalFacts>,
    /// `for v in xs`: mutating `v` mutates `xs`.
    loop_roots: HashMap<LocalId, LocalId>,
    modes: &'a [Vec<ParamMode>],
    f: &'a hir::Function,
    /// Leave out the bodies of function values.
    skip_closures: bool,
}

impl Collector<'_> {
    fn fact(&mut self, id: LocalId) -> Option<&mut LocalFacts> {
        self.facts.get_mut(id.0 as usize)
    }

    fn mutate(&mut self, root: Option<LocalId>, len_changes: bool) {
        let Some(mut id) = root else { return };
        let mut len_changes = len_changes;
        // Up the chain of containers (`p` of `ps`, ...); a name walking down its own chain
        // (`cur = cur.left`) makes a cycle, which ends the walk.
        let mut seen = HashSet::new();
        while seen.insert(id) {
            if let Some(f) = self.fact(id) {
                f.mutated = true;
                f.len_changes |= len_changes;
            }
            let Some(&list) = self.loop_roots.get(&id) else {
                return;
            };
            if let Some(f) = self.fact(id) {
                f.loop_var_mutated = true;
            }
            // Mutating an element changes the list's contents, never its length.
            len_changes = false;
            id = list;
        }
    }

    fn escape(&mut self, e: &hir::Expr) {
        if let H::Local(id) = e.kind {
            if !e.ty.is_copy() {
                if let Some(f) = self.fact(id) {
                    f.escapes = true;
                }
            }
        }
    }

    fn block(&mut self, stmts: &[hir::Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn place(&mut self, p: &hir::Place) {
        match p {
            Place::Local(id) => {
                if let Some(f) = self.fact(*id) {
                    f.assignments += 1;
                }
            }
            Place::Index { list, index } => {
                self.mutate(root_local(list), false);
                self.expr(list);
                self.expr(index);
            }
            Place::Field { obj, .. } => {
                self.mutate(root_local(obj), false);
                self.expr(obj);
            }
        }
    }

    fn stmt(&mut self, s: &hir::Stmt) {
        match &s.kind {
            S::Assign { target, value } => {
                // `p = ps[i]`: changing `p` in place changes `ps`'s element (a `&mut` borrow, or
                // an aliasing error).
                if let (Place::Local(dst), H::Index { .. } | H::Field { .. }) =
                    (target, &value.kind)
                {
                    if !value.ty.is_copy() {
                        if let Some(root) = root_local(value) {
                            self.loop_roots.insert(*dst, root);
                        }
                    }
                }
                self.place(target);
                self.escape(value);
                self.expr(value);
            }
            S::AugAssign { target, value, .. } => {
                self.place(target);
                self.expr(value);
            }
            S::MultiAssign { targets, values } => {
                for v in values {
                    self.escape(v);
                    self.expr(v);
                }
                targets.iter().for_each(|t| self.place(t));
            }
            S::Return(Some(e)) => {
                self.escape(e);
                self.expr(e);
            }
            S::For {
                target,
                iter,
                body,
                orelse,
            } => {
                for var in target.locals() {
                    if let Some(f) = self.fact(var) {
                        f.assignments += 1;
                    }
                }
                if let Some(root) = iter_root(iter) {
                    for var in target.locals() {
                        if !self.f.local(var).ty.is_copy() {
                            self.loop_roots.insert(var, root);
                        }
                    }
                }
                visit::stmt_exprs(s, &mut |e| self.expr(e));
                self.block(body);
                self.block(orelse);
            }
            _ => {
                visit::stmt_exprs(s, &mut |e| self.expr(e));
                for b in visit::stmt_blocks(s) {
                    self.block(b);
                }
            }
        }
    }

    fn expr(&mut self, e: &hir::Expr) {
        match &e.kind {
            H::Method {
                method,
                receiver,
                args,
            } => {
                if method.mutates() {
                    self.mutate(root_local(receiver), !method.keeps_len());
                }
                if matches!(method, hir::Method::ListAppend | hir::Method::ListInsert) {
                    if let Some(v) = args.last() {
                        self.escape(v);
                    }
                }
            }
            H::Call { func, args } => {
                let modes = self.modes.get(func.0 as usize).cloned().unwrap_or_default();
                for (a, m) in args.iter().zip(modes) {
                    match m {
                        ParamMode::RefMut { len_changes } => {
                            self.mutate(root_local(a), len_changes)
                        }
                        ParamMode::Owned => self.escape(a),
                        _ => {}
                    }
                }
            }
            H::List(items) | H::New { args: items, .. } | H::Tuple(items) | H::Set(items) => {
                items.iter().for_each(|i| self.escape(i))
            }
            H::Lambda { params, body } if matches!(e.ty, crate::types::Ty::Func(..)) => {
                // A `Callable` value owns copies of what it captures.
                let mut captured = Vec::new();
                lambda_captures(body, params, self.f, &mut captured);
                for c in captured {
                    if let Some(f) = self.fact(c) {
                        f.escapes = true;
                    }
                }
                if self.skip_closures {
                    return;
                }
            }
            _ => {}
        }
        let _ = self.f;
        visit::each_child(e, &mut |c| self.expr(c));
    }
}

/// The local whose elements a loop walks (mutating a loop variable mutates it).
pub fn iter_root(iter: &hir::Iterable) -> Option<LocalId> {
    match iter {
        hir::Iterable::List(e) | hir::Iterable::Set(e) | hir::Iterable::Dict { dict: e, .. } => {
            root_local(e)
        }
        hir::Iterable::Enumerate { inner, .. } | hir::Iterable::Reversed(inner) => iter_root(inner),
        _ => None,
    }
}

/// Locals that hold a borrow instead of a value.
pub struct Borrows {
    /// `p = ps[i]; p.x = 1` → `&mut ps[i]`.
    pub elements: HashSet<LocalId>,
    /// `r = g.room(a)` of a function returning a part of `g` → the borrow it returns.
    pub calls: HashSet<LocalId>,
}

/// Reports the copies that would make the program print something CPython would not.
/// Returns the locals that hold borrows.
pub fn check_aliasing(
    f: &hir::Function,
    own: &FnOwnership,
    modes: &[Vec<ParamMode>],
    aliasing: &[bool],
    ret_borrows: &[Option<RetBorrow>],
    diags: &mut Vec<Diagnostic>,
) -> Borrows {
    let mut cx = AliasCheck {
        f,
        loop_targets: Vec::new(),
        own,
        modes,
        aliasing,
        ret_borrows,
        diags,
        borrows: Borrows {
            elements: HashSet::new(),
            calls: HashSet::new(),
        },
    };
    cx.block(&f.body);
    cx.borrows
}

struct AliasCheck<'a> {
    f: &'a hir::Function,
    /// The variables of the `for` loops around the statement being checked.
    loop_targets: Vec<LocalId>,
    own: &'a FnOwnership,
    modes: &'a [Vec<ParamMode>],
    /// Functions that return a part of an argument (a field, an element), by id.
    aliasing: &'a [bool],
    ret_borrows: &'a [Option<RetBorrow>],
    borrows: Borrows,
    diags: &'a mut Vec<Diagnostic>,
}

impl AliasCheck<'_> {
    fn block(&mut self, stmts: &[hir::Stmt]) {
        for (i, s) in stmts.iter().enumerate() {
            if let S::Assign {
                target: Place::Field { obj: x, .. } | Place::Index { list: x, .. },
                ..
            }
            | S::AugAssign {
                target: Place::Field { obj: x, .. } | Place::Index { list: x, .. },
                ..
            } = &s.kind
            {
                self.changed_result(x, s.span);
            }
            match &s.kind {
                S::Assign {
                    target: Place::Local(dst),
                    value,
                } if self.elem_borrow_ok(stmts, i, *dst, value) => {
                    // `p = ps[i]` then `p.x = 1`, with `ps` untouched meanwhile: `&mut ps[i]`.
                    self.borrows.elements.insert(*dst);
                    self.expr(value);
                }
                S::Assign {
                    target: Place::Local(dst),
                    value,
                } if self.call_borrow_ok(stmts, i, *dst, value) => {
                    // `r = g.room(a)`, with `g` untouched while `r` is used: the returned borrow.
                    self.borrows.calls.insert(*dst);
                    self.expr(value);
                }
                S::Assign {
                    target: Place::Local(dst),
                    value,
                } if self.own.cursors.contains_key(dst) => {
                    // `cur = cur.next`: a borrow moving down the chain (see `cursors`).
                    self.expr(value);
                }
                S::Assign {
                    target: Place::Local(dst),
                    value,
                } => {
                    self.value(value, Some(*dst));
                    self.expr(value);
                }
                S::MultiAssign { values, .. } => values.iter().for_each(|v| self.value(v, None)),
                S::Return(Some(v)) => self.value(v, None),
                _ => {}
            }
            visit::stmt_exprs(s, &mut |e| self.expr(e));
            let targets = match &s.kind {
                S::For { target, .. } => target.locals(),
                _ => Vec::new(),
            };
            let depth = self.loop_targets.len();
            self.loop_targets.extend(targets);
            for b in visit::stmt_blocks(s) {
                self.block(b);
            }
            self.loop_targets.truncate(depth);
        }
    }

    /// `g.room(a).items.append(x)`: changing the result of a call in place. Where the callee
    /// returns a copy of a part of its argument (not a borrow), the change would be lost.
    fn changed_result(&mut self, x: &hir::Expr, at: crate::source::Span) {
        let Some(func) = super::returns::root_call(x) else {
            return;
        };
        let copies_part = self.aliasing.get(func.0 as usize).copied().unwrap_or(false)
            && !matches!(self.ret_borrows.get(func.0 as usize), Some(Some(_)));
        if copies_part {
            self.diags.push(
                Diagnostic::error(
                    Code::Aliasing,
                    "this changes an object that the called function takes out of its argument",
                    at,
                    "changed here",
                )
                .with_note("in CPython the result is the object inside the container, so the change would show there; here Roast would change a copy")
                .with_help("change the object through the container (e.g. `self.items[i].field = ...`), or make the function return the element without using the container after its loop"),
            );
        }
    }

    fn expr(&mut self, e: &hir::Expr) {
        if let H::Method {
            method, receiver, ..
        } = &e.kind
        {
            if method.mutates() {
                self.changed_result(receiver, e.span);
            }
        }
        if let H::Call { func, args } = &e.kind {
            let modes = self.modes.get(func.0 as usize).cloned().unwrap_or_default();
            for (a, m) in args.iter().zip(modes) {
                if matches!(m, ParamMode::RefMut { .. }) {
                    self.changed_result(a, e.span);
                }
            }
        }
        match &e.kind {
            H::Method {
                method: hir::Method::ListAppend | hir::Method::ListInsert,
                args,
                ..
            } => {
                if let Some(v) = args.last() {
                    self.value(v, None);
                }
            }
            H::List(items) => items.iter().for_each(|i| self.value(i, None)),
            H::Lambda { params, body } if matches!(e.ty, crate::types::Ty::Func(..)) => {
                let mut captured = Vec::new();
                lambda_captures(body, params, self.f, &mut captured);
                for c in captured {
                    let facts = self.own.local(c);
                    let is_param = self.f.params.contains(&c);
                    let shared = self.own.cells.iter().any(|(x, _)| *x == c);
                    if self.loop_targets.contains(&c) {
                        let name = self.f.local(c).name.clone();
                        self.diags.push(
                            Diagnostic::error(Code::Aliasing, format!("this function captures `{name}`, which the loop around it changes"), e.span, "captured here")
                                .with_note(format!("CPython's function sees `{name}` when it is called, after the loop has moved on (the last value, once the loop ends); Roast's would hold the value it had when created"))
                                .with_help(format!("pass `{name}` to the function as a parameter when you call it")),
                        );
                        continue;
                    }
                    if !shared && (facts.mutated || facts.assignments > u32::from(!is_param)) {
                        let name = self.f.local(c).name.clone();
                        self.diags.push(
                            Diagnostic::error(Code::Aliasing, format!("this function captures `{name}`, which changes after it is created"), e.span, "captured here")
                                .with_note(format!("CPython's function would see the later value of `{name}`; Roast's holds the value it had when created"))
                                .with_help(format!("pass `{name}` as a parameter, or bind it to a name that does not change")),
                        );
                    }
                }
            }
            H::Call { func, args } => {
                let modes = self.modes.get(func.0 as usize).cloned().unwrap_or_default();
                for (a, m) in args.iter().zip(modes.iter()) {
                    if *m == ParamMode::Owned {
                        self.value(a, None);
                    }
                }
                // One argument changed in place while another borrows the same object
                // (`self.insert(self.root, k)` with `insert` changing its node): Rust cannot
                // hand out both at once.
                for (i, (a, m)) in args.iter().zip(modes.iter()).enumerate() {
                    if !matches!(m, ParamMode::RefMut { .. }) {
                        continue;
                    }
                    let Some(root) = root_local(a) else { continue };
                    let clash = args
                        .iter()
                        .zip(modes.iter())
                        .enumerate()
                        .find(|(j, (b, n))| {
                            *j != i
                                && !matches!(n, ParamMode::Copy)
                                && !b.ty.is_copy()
                                // a str is copied first (it cannot change: no one sees the copy)
                                && b.ty != crate::types::Ty::Str
                                && root_local(b) == Some(root)
                        });
                    if let Some((_, (b, _))) = clash {
                        let name = self.f.local(root).name.clone();
                        self.diags.push(
                            Diagnostic::error(Code::Aliasing, format!("this call changes part of `{name}` while also borrowing `{name}`"), a.span, "changed in place by the callee")
                                .with_secondary(b.span, "borrowed at the same time")
                                .with_note("Rust allows one mutable borrow of an object at a time; Roast does not copy here because the change must stay visible")
                                .with_help("pass the part on its own (for example make the method a function of the part), or restructure so the callee does not also receive the whole object"),
                        );
                    }
                }
            }
            _ => {}
        }
        visit::each_child(e, &mut |c| self.expr(c));
    }

    /// `value` is needed as an owned value (stored in `dst` when it is a local).
    fn value(&mut self, value: &hir::Expr, dst: Option<LocalId>) {
        if value.ty.is_copy() || value.ty == crate::types::Ty::Str {
            return;
        }
        // `d.get(k) if c else None`: each branch is what `dst` may hold.
        if let H::IfExp { then, els, .. } = &value.kind {
            self.value(then, dst);
            self.value(els, dst);
            return;
        }
        let dst_mutated = dst.is_some_and(|d| self.own.local(d).mutated);
        let value = match &value.kind {
            H::Unwrap(inner) | H::Some(inner) => inner,
            _ => value,
        };
        if let H::Call { func, .. } = &value.kind {
            if dst_mutated && self.aliasing.get(func.0 as usize).copied().unwrap_or(false) {
                let dname = dst.map_or(String::new(), |d| self.f.local(d).name.clone());
                let mut d = Diagnostic::error(
                    Code::Aliasing,
                    format!("`{dname}` holds an object that the called function takes out of its argument, and is changed later"),
                    value.span,
                    "returns a part of its argument",
                )
                .with_note(format!("in CPython `{dname}` is the same object as the one inside the container, so the change would show there; Roast would change a copy"))
                .with_help(if matches!(self.ret_borrows.get(func.0 as usize), Some(Some(_))) {
                    // The callee returns a borrow; it cannot stay alive here.
                    format!("Roast keeps `{dname}` as a borrow only while its container is not used: call the function again where `{dname}` is changed, or change the object through the container")
                } else {
                    "change the object through the container (e.g. `self.items[key].field = ...`), or return a copy explicitly".to_string()
                });
                if let Some(at) = dst.and_then(|d| self.first_mutation(d)) {
                    d = d.with_secondary(at, format!("`{dname}` is changed here"));
                }
                self.diags.push(d);
                return;
            }
        }
        match &value.kind {
            H::Local(src) => {
                if self.own.can_move(*src, value.span.start) {
                    return;
                }
                let src_mutated = self.own.local(*src).mutated;
                if src_mutated || dst_mutated {
                    let name = &self.f.local(*src).name;
                    let (at, what) = if src_mutated {
                        (self.first_mutation(*src), name.clone())
                    } else {
                        (
                            dst.and_then(|d| self.first_mutation(d)),
                            dst.map_or(String::new(), |d| self.f.local(d).name.clone()),
                        )
                    };
                    let mut d = Diagnostic::error(
                        Code::Aliasing,
                        format!("`{name}` is shared here and changed later, which Roast cannot do without a copy"),
                        value.span,
                        "the same list gets a second owner here",
                    )
                    .with_note(format!("in CPython both names refer to one list, so changing `{what}` would show through the other"))
                    .with_help(format!("if you want an independent list, write `{name}.copy()`; if you want one list, use a single name"));
                    if let Some(at) = at {
                        d = d.with_secondary(at, format!("`{what}` is changed here"));
                    }
                    self.diags.push(d);
                }
            }
            H::Index { .. }
            | H::Field { .. }
            | H::Unwrap(_)
            | H::Downcast(_)
            | H::Method {
                method: hir::Method::DictGet | hir::Method::DictGetOpt | hir::Method::DictSetdefault,
                ..
            } if dst_mutated => {
                let src = container_root(value).map_or_else(
                    || "a container".to_string(),
                    |r| format!("`{}`", self.f.local(r).name),
                );
                let dname = dst.map_or(String::new(), |d| self.f.local(d).name.clone());
                let mut d = Diagnostic::error(
                    Code::Aliasing,
                    format!("`{dname}` names an element of {src} and is changed later, which Roast cannot do without a copy"),
                    value.span,
                    "a part of a container is bound to a name here",
                )
                .with_note(format!("in CPython `{dname}` and the part are one object, so the change would show in {src}"))
                .with_help(if container_root(value) == dst {
                    "walk with one name from the structure's owner (`cur = self.head`, then `cur = cur.next`), and use the owner only through its other fields until the walk is done".to_string()
                } else if matches!(value.ty, crate::types::Ty::Class(_) | crate::types::Ty::Optional(_)) {
                    format!("change the object through {src} where it is changed (`...[key].field = ...`), so that nothing else uses {src} while `{dname}` does")
                } else {
                    "change the element through its index instead, or take an explicit copy with `.copy()`".to_string()
                });
                if let Some(at) = dst.and_then(|d| self.first_mutation(d)) {
                    d = d.with_secondary(at, format!("`{dname}` is changed here"));
                }
                self.diags.push(d);
            }
            _ => {}
        }
    }

    /// `stmts[at]` binds `dst` to an element or field of a container; `dst` is changed in place
    /// but never rebound or stored, is used only in the statements that follow in this block,
    /// and the container is not touched while `dst` is in use: a mutable borrow serves.
    fn elem_borrow_ok(
        &self,
        stmts: &[hir::Stmt],
        at: usize,
        dst: LocalId,
        value: &hir::Expr,
    ) -> bool {
        if value.ty.is_copy() || !matches!(value.kind, H::Index { .. } | H::Field { .. }) {
            return false;
        }
        let facts = self.own.local(dst);
        if !facts.mutated || facts.assignments != 1 || facts.escapes || self.f.params.contains(&dst)
        {
            return false;
        }
        let Some(root) = root_local(value) else {
            return false;
        };
        self.live_range(stmts, at, dst)
            .is_some_and(|range| !range.iter().any(|s| stmt_mentions(s, root)))
    }

    /// `stmts[at]` binds `dst` to the result of a function that returns a borrow of a part of
    /// an argument: `dst` can hold that borrow when it is bound once, not stored or returned,
    /// and the argument is not used while `dst` is.
    fn call_borrow_ok(
        &self,
        stmts: &[hir::Stmt],
        at: usize,
        dst: LocalId,
        value: &hir::Expr,
    ) -> bool {
        let H::Call { func, args } = &value.kind else {
            return false;
        };
        let Some(Some(rb)) = self.ret_borrows.get(func.0 as usize) else {
            return false;
        };
        let facts = self.own.local(dst);
        if facts.assignments != 1
            || facts.escapes
            || self.f.params.contains(&dst)
            || (facts.mutated && !rb.mutable)
        {
            return false;
        }
        let Some(root) = args.get(rb.param).and_then(root_local) else {
            return false;
        };
        self.live_range(stmts, at, dst)
            .is_some_and(|range| !range.iter().any(|s| stmt_mentions(s, root)))
    }

    /// The statements after `stmts[at]` up to the last use of `dst`, when every other use of
    /// `dst` in the function is among them.
    fn live_range<'s>(
        &self,
        stmts: &'s [hir::Stmt],
        at: usize,
        dst: LocalId,
    ) -> Option<&'s [hir::Stmt]> {
        let rest = &stmts[at + 1..];
        let last = rest.iter().rposition(|s| stmt_mentions(s, dst))?;
        let range = &rest[..=last];
        (count_mentions(range, dst) + 1 == count_mentions(&self.f.body, dst)).then_some(range)
    }

    /// The span of the first statement that changes `id` in place (for the secondary label).
    #[allow(clippy::only_used_in_recursion)]
    fn first_mutation(&self, id: LocalId) -> Option<crate::source::Span> {
        fn find(stmts: &[hir::Stmt], id: LocalId) -> Option<crate::source::Span> {
            for s in stmts {
                let mut hit = None;
                match &s.kind {
                    S::Assign {
                        target: Place::Index { list, .. },
                        ..
                    }
                    | S::AugAssign {
                        target: Place::Index { list, .. },
                        ..
                    }
                    | S::Assign {
                        target: Place::Field { obj: list, .. },
                        ..
                    }
                    | S::AugAssign {
                        target: Place::Field { obj: list, .. },
                        ..
                    } if root_local(list) == Some(id) => {
                        hit = Some(s.span);
                    }
                    _ => visit::stmt_exprs(s, &mut |e| {
                        if hit.is_none() {
                            hit = find_expr(e, id);
                        }
                    }),
                }
                if hit.is_some() {
                    return hit;
                }
                for b in visit::stmt_blocks(s) {
                    if let Some(h) = find(b, id) {
                        return Some(h);
                    }
                }
            }
            None
        }
        fn find_expr(e: &hir::Expr, id: LocalId) -> Option<crate::source::Span> {
            if let H::Method {
                method, receiver, ..
            } = &e.kind
            {
                if method.mutates() && root_local(receiver) == Some(id) {
                    return Some(e.span);
                }
            }
            let mut hit = None;
            visit::each_child(e, &mut |c| {
                if hit.is_none() {
                    hit = find_expr(c, id);
                }
            });
            hit
        }
        find(&self.f.body, id)
    }
}

/// The local a read of an element, field or dict entry comes from.
fn container_root(e: &hir::Expr) -> Option<LocalId> {
    match &e.kind {
        H::Unwrap(x) | H::Downcast(x) => container_root(x),
        H::Method { receiver, .. } => root_local(receiver),
        _ => root_local(e),
    }
}

/// Does `f` return a part of one of its arguments (a field, an element, a dict entry)?
pub fn returns_alias(f: &hir::Function) -> bool {
    fn part(e: &hir::Expr) -> bool {
        match &e.kind {
            H::Some(x) | H::Unwrap(x) | H::Downcast(x) => part(x),
            H::Index { .. }
            | H::Field { .. }
            | H::Method {
                method: hir::Method::DictGet | hir::Method::DictGetOpt | hir::Method::DictSetdefault,
                ..
            } => {
                !e.ty.is_copy()
                    && e.ty != crate::types::Ty::Str
                    && !matches!(e.ty, crate::types::Ty::Optional(ref t) if t.is_copy() || **t == crate::types::Ty::Str)
            }
            _ => false,
        }
    }
    // Loop variables over a container's elements are parts of it too, and so are the names
    // bound to them (`top = p`).
    let mut elements = Vec::new();
    fn loop_vars(stmts: &[hir::Stmt], out: &mut Vec<LocalId>) {
        for s in stmts {
            if let S::For { target, iter, .. } = &s.kind {
                if iter_root(iter).is_some() {
                    out.extend(target.locals());
                }
            }
            for b in visit::stmt_blocks(s) {
                loop_vars(b, out);
            }
        }
    }
    loop_vars(&f.body, &mut elements);
    elements.retain(|v| !f.local(*v).ty.is_copy() && f.local(*v).ty != crate::types::Ty::Str);
    fn holders(stmts: &[hir::Stmt], elements: &mut Vec<LocalId>) {
        for s in stmts {
            if let S::Assign {
                target: Place::Local(dst),
                value,
            } = &s.kind
            {
                let v = match &value.kind {
                    H::Some(x) => x,
                    _ => value,
                };
                if matches!(v.kind, H::Local(x) if elements.contains(&x)) && !elements.contains(dst)
                {
                    elements.push(*dst);
                }
            }
            for b in visit::stmt_blocks(s) {
                holders(b, elements);
            }
        }
    }
    holders(&f.body, &mut elements);
    let element = |e: &hir::Expr| {
        let e = match &e.kind {
            H::Some(x) => x,
            _ => e,
        };
        matches!(e.kind, H::Local(v) if elements.contains(&v))
    };
    fn walk(stmts: &[hir::Stmt], part: &dyn Fn(&hir::Expr) -> bool) -> bool {
        stmts.iter().any(|s| match &s.kind {
            S::Return(Some(e)) => part(e),
            _ => visit::stmt_blocks(s).iter().any(|b| walk(b, part)),
        })
    }
    walk(&f.body, &|e| part(e) || element(e))
}

/// Locals a lambda reads that it does not bind itself.
pub fn lambda_captures(
    e: &hir::Expr,
    params: &[LocalId],
    f: &hir::Function,
    out: &mut Vec<LocalId>,
) {
    if let H::Local(id) = e.kind {
        if !params.contains(&id) && !f.local(id).scoped && !out.contains(&id) {
            out.push(id);
        }
    }
    visit::each_child(e, &mut |c| lambda_captures(c, params, f, out));
}

pub(super) fn expr_mentions(e: &hir::Expr, id: LocalId) -> bool {
    if matches!(e.kind, H::Local(x) if x == id) {
        return true;
    }
    let mut found = false;
    visit::each_child(e, &mut |c| found = found || expr_mentions(c, id));
    found
}

pub(super) fn stmt_mentions(s: &hir::Stmt, id: LocalId) -> bool {
    let mut found = matches!(&s.kind, S::Assign { target: Place::Local(t), .. } | S::AugAssign { target: Place::Local(t), .. } if *t == id);
    visit::stmt_exprs(s, &mut |e| found = found || expr_mentions(e, id));
    found
        || visit::stmt_blocks(s)
            .iter()
            .any(|b| b.iter().any(|s| stmt_mentions(s, id)))
}

/// Statements of `stmts` (deep) that mention `id`.
pub(super) fn count_mentions(stmts: &[hir::Stmt], id: LocalId) -> usize {
    stmts
        .iter()
        .map(|s| {
            let mut own = 0;
            let direct = matches!(&s.kind, S::Assign { target: Place::Local(t), .. } | S::AugAssign { target: Place::Local(t), .. } if *t == id);
            let mut in_exprs = false;
            visit::stmt_exprs(s, &mut |e| in_exprs = in_exprs || expr_mentions(e, id));
            if direct || in_exprs {
                own += 1;
            }
            own + visit::stmt_blocks(s).iter().map(|b| count_mentions(b, id)).sum::<usize>()
        })
        .sum()
}
