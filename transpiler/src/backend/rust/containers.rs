//! Methods of dicts and sets, on the runtime's insertion-ordered `rt::Dict` and `rt::Set`.

use super::code::{prec, Code, Kind};
use super::FnEmitter;
use crate::hir::{self, Method as M};
use crate::types::Ty;

impl FnEmitter<'_> {
    /// A borrowed key for lookups: `&str` for str keys, `&k` otherwise.
    pub(super) fn key_ref(&mut self, key: &hir::Expr) -> String {
        if key.ty == Ty::Str {
            return self.str_ref(key);
        }
        if let hir::ExprKind::Int(n) = key.kind {
            return format!("&{n}_i64");
        }
        self.borrow(key)
    }

    pub(super) fn container_method(
        &mut self,
        method: M,
        receiver: &hir::Expr,
        args: &[hir::Expr],
    ) -> Code {
        let copy_or_clone = |t: &Ty| if t.is_copy() { "copied" } else { "cloned" };
        let (key_ty, val_ty) = match &receiver.ty {
            Ty::Dict(k, v) => ((**k).clone(), (**v).clone()),
            Ty::Set(t) => ((**t).clone(), Ty::None),
            _ => (Ty::None, Ty::None),
        };
        // Receivers: shared for queries, mutable place for changes.
        if method.mutates() {
            let r = self.place_mut(receiver).recv();
            let text = match method {
                M::DictSetdefault => {
                    let k = self.value(&args[0]);
                    let d = self.value(&args[1]);
                    return Code::new(
                        format!("{r}.setdefault({k}, {d})"),
                        prec::ATOM,
                        Kind::RefMut,
                    );
                }
                M::DictPop => format!("{r}.pop({})", self.key_ref(&args[0])),
                M::DictPopDefault => {
                    let k = self.key_ref(&args[0]);
                    let d = self.value(&args[1]);
                    format!("{r}.pop_default({k}, {d})")
                }
                M::DictPopOpt => {
                    let wrap = if matches!(val_ty, Ty::Class(_)) {
                        "Box::new(v)"
                    } else {
                        "v"
                    };
                    format!(
                        "{r}.remove_entry({}).map(|(_, v)| {wrap})",
                        self.key_ref(&args[0])
                    )
                }
                M::DictPopitem => format!("{r}.popitem()"),
                M::DictUpdate => {
                    let c = self.expr(&args[0]);
                    if c.kind == Kind::Value || (c.kind == Kind::Place && c.movable) {
                        format!("{r}.extend({})", c.text)
                    } else {
                        format!(
                            "{r}.extend({}.iter().map({}))",
                            c.recv(),
                            owned_pair(&key_ty, &val_ty)
                        )
                    }
                }
                M::DictClear | M::SetClear => format!("{r}.clear()"),
                M::DictDel => format!("{r}.remove({})", self.key_ref(&args[0])),
                M::SetAdd => {
                    let v = self.value(&args[0]);
                    format!("{r}.insert({v})")
                }
                M::SetRemove => format!("{r}.remove({})", self.key_ref(&args[0])),
                M::SetDiscard => format!("{r}.discard({})", self.key_ref(&args[0])),
                M::SetPop => format!("{r}.pop()"),
                M::SetUpdate => format!("{r}.update({})", self.borrow(&args[0])),
                M::SetSymmetricDifferenceUpdate => {
                    format!("{r}.symmetric_difference_update({})", self.borrow(&args[0]))
                }
                M::SetIntersectionUpdate => {
                    format!("{r}.intersection_update({})", self.borrow(&args[0]))
                }
                M::SetDifferenceUpdate => {
                    format!("{r}.difference_update({})", self.borrow(&args[0]))
                }
                _ => format!("{r}.clear()"),
            };
            return Code::atom(text);
        }
        let c = self.expr(receiver);
        let r = c.recv();
        let text = match method {
            M::DictGet => {
                let k = self.key_ref(&args[0]);
                let d = self.value(&args[1]);
                format!("{r}.get({k}).{}().unwrap_or({d})", copy_or_clone(&val_ty))
            }
            // `Optional[Class]` is `Option<Box<Class>>`.
            M::DictGetOpt if matches!(val_ty, Ty::Class(_)) => format!(
                "{r}.get({}).map(|v| Box::new(v.clone()))",
                self.key_ref(&args[0])
            ),
            M::DictGetOpt => format!(
                "{r}.get({}).{}()",
                self.key_ref(&args[0]),
                copy_or_clone(&val_ty)
            ),
            M::DictKeys => format!(
                "{r}.keys().{}().collect::<Vec<_>>()",
                copy_or_clone(&key_ty)
            ),
            M::DictValues => format!(
                "{r}.values().{}().collect::<Vec<_>>()",
                copy_or_clone(&val_ty)
            ),
            M::DictItems => {
                format!(
                    "{r}.iter().map({}).collect::<Vec<_>>()",
                    owned_pair(&key_ty, &val_ty)
                )
            }
            M::DictCopy => format!("{r}.clone()"),
            // CPython's copy rebuilds the table (without the dummies of removed elements).
            M::SetCopy => format!("{r}.copy()"),
            M::SetUnion => format!("{r}.union({})", self.borrow(&args[0])),
            M::SetIntersection => format!("{r}.intersection({})", self.borrow(&args[0])),
            M::SetDifference => format!("{r}.difference({})", self.borrow(&args[0])),
            M::SetSymmetricDifference => {
                format!("{r}.symmetric_difference({})", self.borrow(&args[0]))
            }
            M::SetIsSubset => format!("{r}.is_subset({})", self.borrow(&args[0])),
            M::SetIsSuperset => format!("{r}.is_superset({})", self.borrow(&args[0])),
            M::SetIsDisjoint => format!("{r}.is_disjoint({})", self.borrow(&args[0])),
            M::SetToList => format!(
                "{r}.iter().{}().collect::<Vec<_>>()",
                copy_or_clone(&key_ty)
            ),
            _ => format!("{r}.clone()"),
        };
        Code::atom(text)
    }
}

/// The closure that turns a dict entry `(&K, &V)` into an owned `(K, V)`.
pub(super) fn owned_pair(k: &Ty, v: &Ty) -> String {
    let own = |name: &str, t: &Ty| {
        if t.is_copy() {
            format!("*{name}")
        } else {
            format!("{name}.clone()")
        }
    };
    format!("|(k, v)| ({}, {})", own("k", k), own("v", v))
}
