//! Functions that return a part of a parameter (`def room(self, name) -> Room: return
//! self.rooms[name]`). CPython's caller gets the object inside the container, so changes made
//! through the result show in the container; the Rust function returns a borrow of the part
//! (`&mut Room`, or `&Room` where no caller changes it) instead of a copy.

use super::{LocalFacts, ParamMode};
use crate::hir::{self, visit, ExprKind as H, FuncId, Place, StmtKind as S};
use crate::types::Ty;
use std::collections::HashSet;

/// A function whose result borrows one of its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetBorrow {
    /// The parameter the result is a part of.
    pub param: usize,
    /// Some caller changes the result (or the parameter is changed anyway): `&mut`.
    pub mutable: bool,
    /// `&mut` only for the callers that change the result: the function itself only reads the
    /// parameter, so it also exists as a `&` version (`get` beside `get_mut`), which the other
    /// callers use.
    pub shared_variant: bool,
}

/// The parameter every `return` of `f` takes a part of, when Rust's lifetime elision ties the
/// result to it: `self` of a method, or the only borrowed parameter of a function.
pub fn candidate(f: &hir::Function) -> Option<usize> {
    let optional = matches!(&f.ret, Ty::Optional(t) if matches!(**t, Ty::Class(_)));
    if !optional
        && (f.ret.is_copy()
            || matches!(
                f.ret,
                Ty::Str
                    | Ty::None
                    | Ty::Optional(_)
                    | Ty::Func(..)
                    | Ty::Exception(_)
                    | Ty::Tuple(_)
            ))
    {
        return None;
    }
    let borrowed: Vec<usize> = f
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| !f.local(**p).ty.is_copy())
        .map(|(i, _)| i)
        .collect();
    let param = match f.kind {
        hir::FnKind::Method(_) => 0,
        _ if borrowed.len() == 1 => borrowed[0],
        _ => return None,
    };
    let root = *f.params.get(param)?;
    let mut returns = 0;
    let elements = element_vars(f, root);
    let part = |e: &hir::Expr| {
        (matches!(e.kind, H::Index { .. } | H::Field { .. })
            && super::root_local(e) == Some(root)
            && plain_place(e))
            || matches!(e.kind, H::Local(v) if elements.contains(&v))
    };
    let ok = all_returns(&f.body, &mut |e| {
        returns += 1;
        match &e.kind {
            // `Optional[Class]`: `None`, `Some(part)`, `d.get(k)` of a dict in the parameter,
            // or an optional field of it.
            H::None => optional,
            H::Some(x) => optional && part(x),
            H::Method {
                method: hir::Method::DictGetOpt,
                receiver,
                ..
            } => optional && plain_place(receiver) && super::root_local(receiver) == Some(root),
            _ => part(e),
        }
    });
    (ok && returns > 0).then_some(param)
}

/// The loop variables of `f` that walk the elements of a list or the values of a dict inside
/// parameter `root` (`for t in self.tasks`), bound by nothing else: returning one returns a
/// part of the parameter.
pub fn element_vars(f: &hir::Function, root: hir::LocalId) -> Vec<hir::LocalId> {
    fn walk(stmts: &[hir::Stmt], root: hir::LocalId, out: &mut Vec<hir::LocalId>) {
        for s in stmts {
            if let S::For {
                target: hir::Target::Local(v),
                iter,
                ..
            } = &s.kind
            {
                let walked = match iter {
                    hir::Iterable::List(e)
                    | hir::Iterable::Dict {
                        dict: e,
                        what: hir::DictIter::Values,
                    } => Some(e),
                    _ => None,
                };
                if walked.is_some_and(|e| super::root_local(e) == Some(root) && plain_place(e)) {
                    out.push(*v);
                }
            }
            for b in visit::stmt_blocks(s) {
                walk(b, root, out);
            }
        }
    }
    fn assigned(stmts: &[hir::Stmt], v: hir::LocalId) -> bool {
        stmts.iter().any(|s| {
            matches!(&s.kind, S::Assign { target: Place::Local(t), .. } | S::AugAssign { target: Place::Local(t), .. } if *t == v)
                || matches!(&s.kind, S::MultiAssign { targets, .. } if targets.iter().any(|t| matches!(t, Place::Local(x) if *x == v)))
                || visit::stmt_blocks(s).iter().any(|b| assigned(b, v))
        })
    }
    /// Is `root` used after the loop binding `v`? Then the loop's borrow cannot be returned
    /// (Rust would hold it across that use).
    fn used_after(stmts: &[hir::Stmt], v: hir::LocalId, root: hir::LocalId) -> Option<bool> {
        for (i, s) in stmts.iter().enumerate() {
            if matches!(&s.kind, S::For { target: hir::Target::Local(t), .. } if *t == v) {
                return Some(
                    stmts[i + 1..]
                        .iter()
                        .any(|t| super::facts::stmt_mentions(t, root)),
                );
            }
            for b in visit::stmt_blocks(s) {
                if let Some(inner) = used_after(b, v, root) {
                    return Some(
                        inner
                            || stmts[i + 1..]
                                .iter()
                                .any(|t| super::facts::stmt_mentions(t, root)),
                    );
                }
            }
        }
        None
    }
    let mut out = Vec::new();
    walk(&f.body, root, &mut out);
    out.retain(|v| used_after(&f.body, *v, root) == Some(false));
    let mut loops = std::collections::HashMap::new();
    for v in &out {
        *loops.entry(*v).or_insert(0) += 1;
    }
    out.retain(|v| loops[v] == 1 && !assigned(&f.body, *v) && !f.local(*v).ty.is_copy());
    out
}

/// The element loop variables a function returns (they walk the container mutably when the
/// function hands out `&mut`).
pub fn returned_elements(f: &hir::Function, param: usize) -> Vec<hir::LocalId> {
    let Some(&root) = f.params.get(param) else {
        return Vec::new();
    };
    let elements = element_vars(f, root);
    let mut out = Vec::new();
    all_returns(&f.body, &mut |e| {
        let e = match &e.kind {
            H::Some(x) => x,
            _ => e,
        };
        if let H::Local(v) = e.kind {
            if elements.contains(&v) && !out.contains(&v) {
                out.push(v);
            }
        }
        true
    });
    out
}

/// `self.rooms[name]`, `xs[i].items`: fields and indexes only, no calls.
fn plain_place(e: &hir::Expr) -> bool {
    match &e.kind {
        H::Local(_) => true,
        H::Field { obj, .. } => plain_place(obj),
        H::Index { list, .. } => plain_place(list),
        _ => false,
    }
}

/// Calls `ok` on every returned value; false if any says no, or a `return` sits inside a `try`
/// (its value travels through the handler's closure).
fn all_returns(stmts: &[hir::Stmt], ok: &mut dyn FnMut(&hir::Expr) -> bool) -> bool {
    stmts.iter().all(|s| match &s.kind {
        S::Return(Some(e)) => ok(e),
        S::Return(None) => false,
        S::Try { .. } => !contains_return(s),
        _ => visit::stmt_blocks(s).iter().all(|b| all_returns(b, ok)),
    })
}

fn contains_return(s: &hir::Stmt) -> bool {
    matches!(s.kind, S::Return(_))
        || visit::stmt_blocks(s)
            .iter()
            .any(|b| b.iter().any(contains_return))
}

/// The function whose call an expression takes a part of (`s.room(a).exits` → `room`).
pub fn root_call(e: &hir::Expr) -> Option<FuncId> {
    root_call_site(e).map(|(func, _)| func)
}

/// The call whose result an expression takes a part of, and where that call starts.
fn root_call_site(e: &hir::Expr) -> Option<(FuncId, u32)> {
    match &e.kind {
        H::Field { obj: x, .. } | H::Index { list: x, .. } => root_call_site(x),
        H::Call { func, .. } => Some((*func, e.span.start)),
        _ => None,
    }
}

/// The calls whose result is changed in place, per function (the functions in order, then
/// `main`): directly (`g.room(a).items.append(x)`) or through a name the result is bound to
/// (`r = g.room(a)` then `r.items.append(x)`). Each as (callee, where the call starts).
pub fn changed_results(
    program: &hir::Program,
    facts: &dyn Fn(&hir::Function) -> Vec<LocalFacts>,
    modes: &[Vec<ParamMode>],
) -> Vec<HashSet<(FuncId, u32)>> {
    program
        .functions
        .iter()
        .chain(std::iter::once(&program.main))
        .map(|f| {
            let facts = facts(f);
            let mut out = HashSet::new();
            walk(&f.body, &facts, modes, &mut out);
            out
        })
        .collect()
}

fn walk(
    stmts: &[hir::Stmt],
    facts: &[LocalFacts],
    modes: &[Vec<ParamMode>],
    out: &mut HashSet<(FuncId, u32)>,
) {
    for s in stmts {
        match &s.kind {
            S::Assign { target, value } | S::AugAssign { target, value, .. } => match target {
                Place::Index { list: x, .. } | Place::Field { obj: x, .. } => {
                    out.extend(root_call_site(x));
                }
                Place::Local(id) => {
                    if facts.get(id.0 as usize).is_some_and(|f| f.mutated) {
                        if let H::Call { func, .. } = &value.kind {
                            out.insert((*func, value.span.start));
                        }
                    }
                }
            },
            S::MultiAssign { targets, .. } => {
                for t in targets {
                    if let Place::Index { list: x, .. } | Place::Field { obj: x, .. } = t {
                        out.extend(root_call_site(x));
                    }
                }
            }
            _ => {}
        }
        visit::stmt_exprs(s, &mut |e| expr(e, modes, out));
        for b in visit::stmt_blocks(s) {
            walk(b, facts, modes, out);
        }
    }
}

fn expr(e: &hir::Expr, modes: &[Vec<ParamMode>], out: &mut HashSet<(FuncId, u32)>) {
    match &e.kind {
        H::Method {
            method, receiver, ..
        } if method.mutates() => out.extend(root_call_site(receiver)),
        H::Call { func, args } => {
            let modes = modes.get(func.0 as usize).map_or(&[][..], Vec::as_slice);
            for (a, m) in args.iter().zip(modes) {
                if matches!(m, ParamMode::RefMut { .. }) {
                    out.extend(root_call_site(a));
                }
            }
        }
        _ => {}
    }
    visit::each_child(e, &mut |c| expr(c, modes, out));
}
