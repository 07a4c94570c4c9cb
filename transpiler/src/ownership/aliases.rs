//! Names for parts of a container. After `a = self.accounts[name]`, CPython's `a` *is* the
//! element: changes through `a` show in the container and changes through the container show in
//! `a`. Where a Rust borrow cannot stand for it (the container is used while `a` is), every use
//! of `a` becomes the place it names, evaluated again (`self.accounts[name].deposit(5)`), which
//! is what CPython's shared reference means as long as the place keeps naming the same object:
//! the container is not reshaped or replaced, the element is not replaced, and the index or key
//! does not change while `a` is in use. Where that cannot be shown, the program is left as it is
//! and the aliasing check reports it; a copy that CPython's sharing would make observable is
//! never made silently.

use super::facts::{count_mentions, expr_mentions, stmt_mentions as mentions};
use super::{LocalFacts, ParamMode};
use crate::diagnostics::{Code, Diagnostic};
use crate::hir::{self, visit, ExprKind as H, LocalId, Place, StmtKind as S};
use crate::types::Ty;

/// Rewrites the element names of `f` that need it; reports the ones that cannot be rewritten
/// and would otherwise be copied observably. Returns whether anything changed.
pub fn rewrite(
    f: &mut hir::Function,
    facts: &[LocalFacts],
    modes: &[Vec<ParamMode>],
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut found = Vec::new();
    find(&f.body, f, facts, modes, &mut found, diags);
    if found.is_empty() {
        // `xs.append(obj)` and `obj` used after: first note where it goes
        // (`appended_at = len(xs)`), then treat it as the store `xs[appended_at] = obj`.
        if let Some(at) = appended(f, facts) {
            let S::Expr(call) = &f.body[at].kind else {
                return false;
            };
            let H::Method { receiver, .. } = &call.kind else {
                return false;
            };
            let id = LocalId(u32::try_from(f.locals.len()).unwrap_or(u32::MAX));
            f.locals.push(hir::Local {
                name: "appended_at".into(),
                ty: Ty::Int,
                span: call.span,
                scoped: false,
            });
            let len = hir::Expr {
                kind: H::Builtin {
                    func: hir::Builtin::LenList,
                    args: vec![(**receiver).clone()],
                },
                ty: Ty::Int,
                span: call.span,
            };
            let span = f.body[at].span;
            f.body.insert(
                at,
                hir::Stmt {
                    kind: S::Assign {
                        target: Place::Local(id),
                        value: len,
                    },
                    span,
                },
            );
            return true;
        }
        // `d[k] = obj` and `obj` used after: from there on `obj` is `d[k]`.
        if let Some((at, alias)) = stored(f, facts, modes) {
            for s in &mut f.body[at + 1..] {
                visit::stmt_exprs_mut(s, &mut |e| replace(e, &alias));
                for b in visit::stmt_blocks_mut(s) {
                    substitute(b, &alias);
                }
            }
            return true;
        }
        return false;
    }
    for alias in &found {
        substitute(&mut f.body, alias);
    }
    true
}

/// `n = len(xs)` for the list `xs` names: the local noting where the next append goes (whoever
/// wrote it: the index is right as long as nothing changes `n`, which the store's stability
/// check asks).
fn length_noted(s: &hir::Stmt, xs: &hir::Expr) -> Option<LocalId> {
    let S::Assign {
        target: Place::Local(n),
        value,
    } = &s.kind
    else {
        return None;
    };
    let H::Builtin {
        func: hir::Builtin::LenList,
        args,
    } = &value.kind
    else {
        return None;
    };
    let same = match (args.first().and_then(Path::of), Path::of(xs)) {
        // Fields only: two indexes (`grid[i]`, `grid[j]`) may name different lists.
        (Some(a), Some(b)) => a.root == b.root && a.segs == b.segs && !a.segs.contains(&Seg::Index),
        _ => false,
    };
    same.then_some(*n)
}

/// A top-level `xs.append(obj)` (not yet preceded by `appended_at = len(xs)`) whose `obj`, a
/// local of a mutable type, is used after it.
fn appended(f: &hir::Function, _facts: &[LocalFacts]) -> Option<usize> {
    f.body.iter().enumerate().find_map(|(at, s)| {
        let S::Expr(call) = &s.kind else { return None };
        let H::Method {
            method: hir::Method::ListAppend,
            receiver,
            args,
        } = &call.kind
        else {
            return None;
        };
        let x = match args.first().map(|a| &a.kind) {
            Some(H::Local(x)) => *x,
            _ => return None,
        };
        let ty = &f.local(x).ty;
        if ty.is_copy() || matches!(ty, Ty::Str | Ty::Func(..) | Ty::Exception(_)) {
            return None;
        }
        if Path::of(receiver)?.segs.contains(&Seg::Index) {
            return None;
        }
        let noted = at > 0 && length_noted(&f.body[at - 1], receiver).is_some();
        let used_after = f.body[at + 1..].iter().any(|s| mentions(s, x));
        (!noted && used_after).then_some(at)
    })
}

/// `self.accounts[owner] = acct` (a top-level statement) and `acct` used after it: in CPython
/// the dict holds the very object `acct` names, so changes through either show in both (the
/// caller of `open` changing the account it got back). From there on, `acct` is read as
/// `self.accounts[owner]` (the store moves it), under the same conditions as a name bound to a
/// part: the container is not reshaped and the key does not change meanwhile.
fn stored(
    f: &hir::Function,
    facts: &[LocalFacts],
    modes: &[Vec<ParamMode>],
) -> Option<(usize, Alias)> {
    for (at, s) in f.body.iter().enumerate() {
        // `appended_at = len(xs); xs.append(obj)` is the store `xs[appended_at] = obj`.
        let appended_store;
        let (target, value) = match &s.kind {
            S::Assign { target, value } => (target, value),
            S::Expr(hir::Expr {
                kind:
                    H::Method {
                        method: hir::Method::ListAppend,
                        receiver,
                        args,
                    },
                ..
            }) if at > 0 => {
                let Some(idx) = length_noted(&f.body[at - 1], receiver) else {
                    continue;
                };
                let idx = &idx;
                let Some(v) = args.first() else { continue };
                appended_store = Place::Index {
                    list: receiver.clone(),
                    index: Box::new(hir::Expr {
                        kind: H::Local(*idx),
                        ty: Ty::Int,
                        span: v.span,
                    }),
                };
                (&appended_store, v)
            }
            _ => continue,
        };
        let H::Local(x) = value.kind else { continue };
        if value.ty.is_copy() || matches!(value.ty, Ty::Str | Ty::Func(..) | Ty::Exception(_)) {
            continue;
        }
        let place = match target {
            Place::Index { list, index } => hir::Expr {
                kind: H::Index {
                    list: list.clone(),
                    index: index.clone(),
                },
                ty: value.ty.clone(),
                span: value.span,
            },
            Place::Field { obj, name } => hir::Expr {
                kind: H::Field {
                    obj: obj.clone(),
                    name: name.clone(),
                },
                ty: value.ty.clone(),
                span: value.span,
            },
            Place::Local(_) => continue,
        };
        let rest = &f.body[at + 1..];
        if !rest.iter().any(|s| mentions(s, x)) {
            continue;
        }
        let Some(path) = Path::of(&place) else {
            continue;
        };
        if path.root == x || super::facts::expr_mentions(&place, x) {
            continue;
        }
        // `x` keeps naming that object: not rebound after the store.
        let rebound = rest.iter().any(|s| {
            let mut w = Vec::new();
            block_writes(std::slice::from_ref(s), x, true, modes, &mut w);
            w.iter()
                .any(|(p, k, _)| p.root == x && p.segs.is_empty() && *k == Write::Replace)
        });
        if rebound || facts.get(x.0 as usize).is_none() {
            continue;
        }
        let Some(keys) = index_paths(&place) else {
            continue;
        };
        let mut writes = Vec::new();
        block_writes(rest, x, false, modes, &mut writes);
        let stable = writes.iter().all(|(w, kind, _)| {
            !kind.moves(w, &path)
                && keys
                    .iter()
                    .all(|k| !(kind.moves(w, k) || (*kind == Write::Contents && w.may_lead_to(k))))
        });
        if stable {
            return Some((
                at,
                Alias {
                    local: x,
                    place,
                    at: s.span,
                },
            ));
        }
    }
    None
}

/// `local = place`, to be replaced by `place` at each use.
struct Alias {
    local: LocalId,
    place: hir::Expr,
    /// The binding statement's span: it becomes a check that the place exists.
    at: crate::source::Span,
}

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Field(String),
    Index,
}

/// A place as a local and the fields and indexes taken from it (`self.rooms[i]` →
/// `self`, [rooms, index]). Indexes compare equal to any index: they may name the same element.
#[derive(Clone, Debug)]
struct Path {
    root: LocalId,
    segs: Vec<Seg>,
}

impl Path {
    fn of(e: &hir::Expr) -> Option<Path> {
        match &e.kind {
            H::Local(id) => Some(Path {
                root: *id,
                segs: Vec::new(),
            }),
            H::Field { obj, name } => {
                let mut p = Path::of(obj)?;
                p.segs.push(Seg::Field(name.clone()));
                Some(p)
            }
            H::Index { list, .. } => {
                let mut p = Path::of(list)?;
                p.segs.push(Seg::Index);
                Some(p)
            }
            _ => None,
        }
    }

    fn of_place(p: &Place) -> Option<Path> {
        match p {
            Place::Local(id) => Some(Path {
                root: *id,
                segs: Vec::new(),
            }),
            Place::Index { list, .. } => {
                let mut p = Path::of(list)?;
                p.segs.push(Seg::Index);
                Some(p)
            }
            Place::Field { obj, name } => {
                let mut p = Path::of(obj)?;
                p.segs.push(Seg::Field(name.clone()));
                Some(p)
            }
        }
    }

    /// May `self` be `other` or a part of the way to it?
    fn may_lead_to(&self, other: &Path) -> bool {
        self.root == other.root
            && self.segs.len() <= other.segs.len()
            && self
                .segs
                .iter()
                .zip(&other.segs)
                .all(|(a, b)| match (a, b) {
                    (Seg::Field(x), Seg::Field(y)) => x == y,
                    _ => true,
                })
    }

    fn overlaps(&self, other: &Path) -> bool {
        self.may_lead_to(other) || other.may_lead_to(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Write {
    /// Assigned or rebound: what was there is replaced.
    Replace,
    /// Changed in place (a mutating method, a `&mut` argument): its contents change.
    Contents,
    /// Passed by value: the callee takes it.
    Taken,
}

impl Write {
    /// Does this write at `w` make `p` name something else (or nothing)?
    fn moves(self, w: &Path, p: &Path) -> bool {
        match self {
            Write::Replace => w.may_lead_to(p),
            Write::Contents => w.may_lead_to(p) && w.segs.len() < p.segs.len(),
            Write::Taken => w.overlaps(p),
        }
    }
}

fn find(
    stmts: &[hir::Stmt],
    f: &hir::Function,
    facts: &[LocalFacts],
    modes: &[Vec<ParamMode>],
    out: &mut Vec<Alias>,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, s) in stmts.iter().enumerate() {
        if let S::Assign {
            target: Place::Local(dst),
            value,
        } = &s.kind
        {
            if let Some(alias) = candidate(stmts, i, *dst, value, f, facts, modes, diags) {
                out.push(alias);
            }
        }
        for b in visit::stmt_blocks(s) {
            find(b, f, facts, modes, out, diags);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn candidate(
    stmts: &[hir::Stmt],
    at: usize,
    dst: LocalId,
    value: &hir::Expr,
    f: &hir::Function,
    facts: &[LocalFacts],
    modes: &[Vec<ParamMode>],
    diags: &mut Vec<Diagnostic>,
) -> Option<Alias> {
    if value.ty.is_copy()
        || matches!(value.ty, Ty::Str | Ty::Func(..) | Ty::Exception(_))
        || !matches!(value.kind, H::Index { .. } | H::Field { .. })
    {
        return None;
    }
    let fact = facts.get(dst.0 as usize)?;
    if fact.assignments != 1 || fact.escapes || f.params.contains(&dst) {
        return None;
    }
    let place = Path::of(value)?;
    // `cur = cur.left`: a name walking down a chain names a different part each time.
    if place.root == dst || super::facts::expr_mentions(value, dst) {
        return None;
    }
    let rest = &stmts[at + 1..];
    let last = rest.iter().rposition(|s| mentions(s, dst))?;
    let range = &rest[..=last];
    if count_mentions(&f.body, dst) != count_mentions(range, dst) + 1 {
        return None;
    }
    let mut writes = Vec::new();
    block_writes(range, dst, false, modes, &mut writes);
    // A write through another name for a part (`b = xs[0]; b.n = 5`) is a write to that part.
    let parts = part_names(f, facts);
    for (w, kind, _) in writes.iter_mut() {
        // Rebinding the other name changes nothing in the container.
        if w.root == dst || (*kind == Write::Replace && w.segs.is_empty()) {
            continue;
        }
        if let Some(base) = parts.get(&w.root) {
            let mut full = base.clone();
            full.segs.extend(w.segs.iter().cloned());
            *w = full;
        }
    }
    let root_used = range.iter().any(|s| mentions(s, place.root))
        || writes.iter().any(|(w, _, _)| w.root == place.root);
    let seen_change = writes
        .iter()
        .any(|(w, _, _)| w.root == place.root && w.overlaps(&place));
    // A borrow serves when the container is left alone while `dst` is used; a copy serves when
    // neither side changes.
    let needed = (fact.mutated && root_used) || seen_change;
    if !needed {
        return None;
    }
    let keys = index_paths(value)?;
    let stable = writes.iter().all(|(w, kind, _)| {
        !kind.moves(w, &place)
            && keys
                .iter()
                .all(|k| !(kind.moves(w, k) || (*kind == Write::Contents && w.may_lead_to(k))))
    });
    if !stable {
        if !fact.mutated {
            // Copying would hide the later change from `dst`; the aliasing check reports the
            // mutated case.
            let name = &f.local(dst).name;
            let mut d = Diagnostic::error(
                Code::Aliasing,
                format!("`{name}` names a part of a container that changes while `{name}` is in use"),
                value.span,
                "bound here",
            )
            .with_note(format!("in CPython `{name}` is the same object as the one in the container, so it would see the change; Roast cannot keep the two together here"))
            .with_help(format!("read it through the container where it is used instead of through `{name}`"));
            if let Some((_, _, span)) = writes.iter().find(|(w, _, _)| w.overlaps(&place)) {
                d = d.with_secondary(*span, "changed here");
            }
            diags.push(d);
        }
        return None;
    }
    Some(Alias {
        local: dst,
        place: value.clone(),
        at: stmts[at].span,
    })
}

/// Locals bound once to a part of a container (`b = xs[0]`), with the part's path.
fn part_names(f: &hir::Function, facts: &[LocalFacts]) -> std::collections::HashMap<LocalId, Path> {
    fn walk(
        stmts: &[hir::Stmt],
        facts: &[LocalFacts],
        out: &mut std::collections::HashMap<LocalId, Path>,
    ) {
        for s in stmts {
            if let S::Assign {
                target: Place::Local(t),
                value,
            } = &s.kind
            {
                if matches!(value.kind, H::Index { .. } | H::Field { .. })
                    && facts.get(t.0 as usize).is_some_and(|f| f.assignments == 1)
                {
                    if let Some(p) = Path::of(value) {
                        if p.root != *t {
                            out.insert(*t, p);
                        }
                    }
                }
            }
            for b in visit::stmt_blocks(s) {
                walk(b, facts, out);
            }
        }
    }
    let mut out = std::collections::HashMap::new();
    walk(&f.body, facts, &mut out);
    out
}

/// The places the indexes of `e` read (`rooms[self.here]` → `self.here`); `None` when an
/// index is not a constant or a plain place of a value type.
fn index_paths(e: &hir::Expr) -> Option<Vec<Path>> {
    let mut out = Vec::new();
    let mut cur = e;
    loop {
        match &cur.kind {
            H::Field { obj, .. } => cur = obj,
            H::Index { list, index } => {
                match &index.kind {
                    H::Int(_) | H::Str(_) | H::Bool(_) => {}
                    _ if index.ty.is_copy() || index.ty == Ty::Str => {
                        out.push(Path::of(index)?);
                    }
                    _ => return None,
                }
                cur = list;
            }
            H::Local(_) => return Some(out),
            _ => return None,
        }
    }
}

/// What the statements of a block write while `dst` may still be used, deep, with the kind of
/// write and where. A write after the last use of `dst` on every path cannot change what `dst`
/// names; `later` says whether `dst` may be used after the block.
fn block_writes(
    stmts: &[hir::Stmt],
    dst: LocalId,
    later: bool,
    modes: &[Vec<ParamMode>],
    out: &mut Vec<(Path, Write, crate::source::Span)>,
) {
    for (i, s) in stmts.iter().enumerate() {
        let after = later || stmts[i + 1..].iter().any(|t| mentions(t, dst));
        let mut here = false;
        visit::stmt_exprs(s, &mut |e| here = here || expr_mentions(e, dst));
        let deep = mentions(s, dst);
        let place = |p: &Place, out: &mut Vec<_>| {
            if let Some(path) = Path::of_place(p) {
                out.push((path, Write::Replace, s.span));
            }
        };
        match &s.kind {
            // The value is read before the target is stored.
            S::Assign { target, .. } | S::AugAssign { target, .. } if after => place(target, out),
            S::MultiAssign { targets, .. } if after => targets.iter().for_each(|t| place(t, out)),
            S::For { target, .. } if after || deep => {
                for id in target.locals() {
                    place(&Place::Local(id), out);
                }
            }
            S::Try { handlers, .. } if after || deep => {
                for h in handlers {
                    place(&Place::Local(h.var), out);
                }
            }
            _ => {}
        }
        if after || here {
            visit::stmt_exprs(s, &mut |e| expr_writes(e, modes, out));
        }
        // A loop runs its body again, and a `try` may run a handler or `finally` after any part
        // of its body: a use anywhere in them comes after every write in them.
        let again = matches!(s.kind, S::While { .. } | S::For { .. } | S::Try { .. }) && deep;
        for b in visit::stmt_blocks(s) {
            block_writes(b, dst, after || again, modes, out);
        }
    }
}

fn expr_writes(
    e: &hir::Expr,
    modes: &[Vec<ParamMode>],
    out: &mut Vec<(Path, Write, crate::source::Span)>,
) {
    match &e.kind {
        H::Method {
            method, receiver, ..
        } if method.mutates() => {
            if let Some(p) = Path::of(receiver) {
                out.push((p, Write::Contents, e.span));
            }
        }
        H::Call { func, args } => {
            let modes = modes.get(func.0 as usize).map_or(&[][..], Vec::as_slice);
            for (a, m) in args.iter().zip(modes) {
                let kind = match m {
                    ParamMode::RefMut { .. } => Write::Contents,
                    ParamMode::Owned => Write::Taken,
                    _ => continue,
                };
                if let Some(p) = Path::of(a) {
                    out.push((p, kind, e.span));
                }
            }
        }
        _ => {}
    }
    visit::each_child(e, &mut |c| expr_writes(c, modes, out));
}

/// Replaces the binding of `alias` by a check that its place exists (an index can fail) and
/// every use by the place itself.
fn substitute(stmts: &mut [hir::Stmt], alias: &Alias) {
    for s in stmts.iter_mut() {
        if s.span == alias.at {
            if let S::Assign {
                target: Place::Local(dst),
                ..
            } = &s.kind
            {
                if *dst == alias.local {
                    let checks_index = index_count(&alias.place) > 0;
                    s.kind = if checks_index {
                        S::Expr(alias.place.clone())
                    } else {
                        S::Pass
                    };
                    continue;
                }
            }
        }
        visit::stmt_exprs_mut(s, &mut |e| replace(e, alias));
        for b in visit::stmt_blocks_mut(s) {
            substitute(b, alias);
        }
    }
}

fn replace(e: &mut hir::Expr, alias: &Alias) {
    if matches!(e.kind, H::Local(id) if id == alias.local) {
        let span = e.span;
        *e = alias.place.clone();
        respan(e, span);
        return;
    }
    visit::each_child_mut(e, &mut |c| replace(c, alias));
}

/// Gives a copied place the span of the use it stands for: later passes tell uses apart by
/// where they start.
fn respan(e: &mut hir::Expr, span: crate::source::Span) {
    e.span = span;
    visit::each_child_mut(e, &mut |c| respan(c, span));
}

fn index_count(e: &hir::Expr) -> usize {
    match &e.kind {
        H::Index { list, .. } => 1 + index_count(list),
        H::Field { obj, .. } => index_count(obj),
        _ => 0,
    }
}
