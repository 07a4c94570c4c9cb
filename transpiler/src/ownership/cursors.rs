//! A name walking down a chain of objects and changing them (`cur = self.head`, then
//! `cur = cur.next` in a loop, then `cur.next = node`): in CPython `cur` is each node in turn.
//! Rust says the same with a mutable borrow that moves down the chain
//! (`let mut cur = self.head.as_deref_mut()...; cur = cur.next.as_deref_mut()...`), which holds
//! as long as the chain's owner is not otherwise used while the walk goes on.

use super::FnOwnership;
use crate::hir::{self, visit, ExprKind as H, LocalId, Place, StmtKind as S};
use crate::types::Ty;
use std::collections::HashMap;

/// The cursors of `f`: locals of a class type every assignment of which takes a part of the same
/// owner (the first, a top-level statement) or of the cursor itself; each with whether it
/// changes what it walks (`&mut`) or only reads it (`&`, where a copy would do the same, only
/// slower: each step would copy the rest of the chain).
pub fn find(f: &hir::Function, own: &FnOwnership) -> HashMap<LocalId, bool> {
    let mut out = HashMap::new();
    for (i, local) in f.locals.iter().enumerate() {
        let id = LocalId(i as u32);
        let class = match &local.ty {
            Ty::Class(_) => true,
            Ty::Optional(t) => matches!(**t, Ty::Class(_)),
            _ => false,
        };
        if !class || f.params.contains(&id) || local.scoped {
            continue;
        }
        let facts = own.local(id);
        if facts.escapes || facts.assignments < 2 {
            continue;
        }
        if is_cursor(f, id) {
            out.insert(id, facts.mutated);
        }
    }
    out
}

fn is_cursor(f: &hir::Function, id: LocalId) -> bool {
    // The entry: the first top-level statement mentioning `id` assigns it a part of an owner.
    let Some(at) = f
        .body
        .iter()
        .position(|s| super::facts::stmt_mentions(s, id))
    else {
        return false;
    };
    let S::Assign {
        target: Place::Local(t),
        value,
    } = &f.body[at].kind
    else {
        return false;
    };
    if *t != id {
        return false;
    }
    let Some((owner, field)) = part_of(value) else {
        return false;
    };
    if owner == id {
        return false;
    }
    // Every other assignment takes a part of the cursor itself (or of the owner again, by the
    // same field).
    let mut ok = true;
    walk(&f.body[at + 1..], &mut |s| match &s.kind {
        S::Assign {
            target: Place::Local(t),
            value,
        } if *t == id => match parts_of(value) {
            Some(parts) => {
                for (r, fl) in parts {
                    if !(r == id || (r == owner && fl == field)) {
                        ok = false;
                    }
                }
            }
            None => ok = false,
        },
        S::MultiAssign { targets, .. } => {
            if targets
                .iter()
                .any(|t| matches!(t, Place::Local(x) if *x == id))
            {
                ok = false;
            }
        }
        S::AugAssign {
            target: Place::Local(t),
            ..
        } if *t == id => ok = false,
        S::For { target, .. } if target.locals().contains(&id) => ok = false,
        _ => {}
    });
    if !ok {
        return false;
    }
    // While the walk goes on, the owner is used only through its other fields.
    let mut fine = true;
    walk(&f.body[at + 1..], &mut |s| match &s.kind {
        S::Assign { target, value } | S::AugAssign { target, value, .. } => {
            match target {
                Place::Local(t) if *t == owner => fine = false,
                Place::Field { obj, name } if matches!(obj.kind, H::Local(o) if o == owner) => {
                    fine &= *name != field;
                }
                Place::Field { obj, .. } => fine &= owner_used_apart(obj, owner, &field),
                Place::Index { list, index } => {
                    fine &= owner_used_apart(list, owner, &field)
                        && owner_used_apart(index, owner, &field);
                }
                Place::Local(_) => {}
            }
            fine &= owner_used_apart(value, owner, &field);
        }
        _ => visit::stmt_exprs(s, &mut |e| fine &= owner_used_apart(e, owner, &field)),
    });
    fine
}

/// The parts a value takes: one, or one per branch of `a if c else b`.
fn parts_of(e: &hir::Expr) -> Option<Vec<(LocalId, String)>> {
    match &e.kind {
        H::IfExp { then, els, .. } => {
            let mut v = parts_of(then)?;
            v.extend(parts_of(els)?);
            Some(v)
        }
        _ => part_of(e).map(|p| vec![p]),
    }
}

/// `owner.field...` (through `Optional` unwrapping): the owner and the first field.
fn part_of(e: &hir::Expr) -> Option<(LocalId, String)> {
    let mut cur = e;
    let mut first: Option<&str> = None;
    loop {
        match &cur.kind {
            H::Unwrap(x) | H::Downcast(x) => cur = x,
            H::Field { obj, name } => {
                first = Some(name);
                cur = obj;
            }
            H::Local(id) => return first.map(|f| (*id, f.to_string())),
            _ => return None,
        }
    }
}

/// Is every use of `owner` in `e` a field other than `field` (`self.size` beside a walk
/// down `self.head`)?
fn owner_used_apart(e: &hir::Expr, owner: LocalId, field: &str) -> bool {
    match &e.kind {
        H::Field { obj, name } if matches!(obj.kind, H::Local(o) if o == owner) => name != field,
        H::Local(o) => *o != owner,
        _ => {
            let mut ok = true;
            visit::each_child(e, &mut |c| ok &= owner_used_apart(c, owner, field));
            ok
        }
    }
}

fn walk(stmts: &[hir::Stmt], f: &mut dyn FnMut(&hir::Stmt)) {
    for s in stmts {
        f(s);
        for b in visit::stmt_blocks(s) {
            walk(b, f);
        }
    }
}
