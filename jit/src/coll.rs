//! Dicts and sets for JIT code (`RtOp::Coll`): the runtime's insertion-ordered `Dict` and `Set`
//! over `Elem`s, a key's Python identity (`Key`) with the word it came from. Keys hash and
//! compare by value (strs by content, tuples item by item, dataclasses with generated `__eq__`
//! by their fields, other instances by identity).

use crate::glue::{fmt_value, raise_exc, with_class, with_ty};
use crate::heap::{self, Heap, Obj};
use roast::mir::CollOp;
use roast::types::Ty;
use roast_runtime as rt;
use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Key {
    I(i64),
    /// A float's bits, `-0.0` folded into `0.0`.
    F(u64),
    S(String),
    T(Vec<Key>),
    /// An object compared by identity.
    Id(u64),
}

/// A key and the word it was made from (which the container holds a reference to).
#[derive(Clone, Debug)]
pub struct Elem {
    pub key: Key,
    pub word: u64,
}

impl PartialEq for Elem {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Elem {}

impl Hash for Elem {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

/// CPython's hash of the key, which places it in a set's table (see `roast_runtime::Set`).
impl rt::PyHash for Key {
    fn py_hash(&self) -> i64 {
        match self {
            Key::I(i) => rt::hash_int(*i),
            Key::F(bits) => rt::hash_float(f64::from_bits(*bits)),
            Key::S(s) => s.py_hash(),
            Key::T(items) => rt::hash::tuple_hash(items.iter().map(Key::py_hash), items.len()),
            Key::Id(w) => *w as i64,
        }
    }
}

impl rt::PyHash for Elem {
    fn py_hash(&self) -> i64 {
        self.key.py_hash()
    }
}

impl Borrow<Key> for Elem {
    fn borrow(&self) -> &Key {
        &self.key
    }
}

pub fn key_of(h: &Heap, ty: &Ty, w: u64) -> Key {
    match ty {
        Ty::Int | Ty::Bool | Ty::None => Key::I(w as i64),
        Ty::Float => {
            let x = f64::from_bits(w);
            Key::F(if x == 0.0 { 0 } else { w })
        }
        Ty::Str => Key::S(h.str(w).to_string()),
        Ty::Tuple(ts) => Key::T(
            h.list(w)
                .iter()
                .zip(ts)
                .map(|(x, t)| key_of(h, t, *x))
                .collect(),
        ),
        Ty::TupleOf(t) => Key::T(h.list(w).iter().map(|x| key_of(h, t, *x)).collect()),
        Ty::Optional(t) if w != 0 => key_of(h, t, crate::glue::unbox(h, t, w)),
        Ty::Class(name) => with_class(name, |c| match c {
            Some(c) if c.field_eq => Key::T(
                h.list(w)
                    .iter()
                    .zip(&c.fields)
                    .map(|(x, (_, t))| key_of(h, t, *x))
                    .collect(),
            ),
            _ => Key::Id(w),
        }),
        _ => Key::Id(w),
    }
}

/// The key and value types of a dict type, or the element type (twice) of a set type.
fn kv(ty: &Ty) -> (Ty, Ty) {
    match ty {
        Ty::Dict(k, v) => ((**k).clone(), (**v).clone()),
        Ty::Set(t) | Ty::List(t) => ((**t).clone(), (**t).clone()),
        _ => (Ty::None, Ty::None),
    }
}

fn key_error(kt: &Ty, w: u64) -> u64 {
    let msg = heap::with(|h| {
        let mut s = String::new();
        fmt_value(h, kt, w, true, &mut s);
        s
    });
    raise_exc(rt::PyException::new(rt::ErrorKind::KeyError, msg))
}

fn inc(h: &mut Heap, yes: bool, w: u64) {
    if yes {
        h.incref(w);
    }
}

/// Runs a dict or set operation: `code` is `CollOp::code`, `ty` the container's type id.
pub fn run(code: u64, ty: u64, a: &[u64]) -> u64 {
    let op = CollOp::ALL
        .get(code as usize)
        .copied()
        .unwrap_or(CollOp::Len);
    let cty = with_ty(ty, Ty::clone);
    let (kt, vt) = kv(&cty);
    let (kh, vh) = (kt.is_handle(), vt.is_handle());
    let arg = |i: usize| a.get(i).copied().unwrap_or(0);
    let key = |w: u64| heap::with(|h| key_of(h, &kt, w));
    let is_set = matches!(cty, Ty::Set(_));
    use CollOp as C;
    match op {
        C::New if is_set => heap::with(|h| {
            h.alloc_obj(Obj::Set {
                set: rt::Set::new(),
                h: kh,
            })
        }),
        C::New => heap::with(|h| {
            h.alloc_obj(Obj::Dict {
                map: rt::Dict::new(),
                kh,
                vh,
            })
        }),
        C::Len => heap::with(|h| match h.get(arg(0)) {
            Some(Obj::Dict { map, .. }) => map.len() as u64,
            Some(Obj::Set { set, .. }) => set.len() as u64,
            _ => 0,
        }),
        C::Contains => {
            let k = key(arg(1));
            heap::with(|h| match h.get(arg(0)) {
                Some(Obj::Dict { map, .. }) => map.contains_key(&k) as u64,
                Some(Obj::Set { set, .. }) => set.contains(&k) as u64,
                _ => 0,
            })
        }
        C::Set => {
            let (k, v) = (arg(1), arg(2));
            let key = key(k);
            let old = heap::with(|h| {
                inc(h, vh, v);
                let Some(Obj::Dict { map, .. }) = h.get_mut(arg(0)) else {
                    return None;
                };
                match map.get_mut(&key) {
                    Some(slot) => Some(std::mem::replace(slot, v)),
                    None => {
                        map.insert(Elem { key, word: k }, v);
                        inc(h, kh, k);
                        None
                    }
                }
            });
            if let (Some(old), true) = (old, vh) {
                heap::decref(old);
            }
            0
        }
        C::Get | C::GetOr | C::SetDefault => {
            let k = key(arg(1));
            let found = heap::with(|h| {
                let v = match h.get(arg(0)) {
                    Some(Obj::Dict { map, .. }) => map.get(&k).copied(),
                    _ => None,
                };
                if let Some(v) = v {
                    inc(h, vh, v);
                }
                v
            });
            match (found, op) {
                (Some(v), _) => v,
                (None, C::Get) => key_error(&kt, arg(1)),
                (None, C::GetOr) => {
                    heap::with(|h| inc(h, vh, arg(2)));
                    arg(2)
                }
                (None, _) => {
                    run(C::Set.code() as u64, ty, &[arg(0), arg(1), arg(2)]);
                    heap::with(|h| inc(h, vh, arg(2)));
                    arg(2)
                }
            }
        }
        C::Del | C::Pop | C::PopOr | C::Remove | C::Discard => {
            let k = key(arg(1));
            let removed = heap::with(|h| match h.get_mut(arg(0)) {
                Some(Obj::Dict { map, .. }) => map.remove_entry(&k).map(|(e, v)| (e.word, v)),
                Some(Obj::Set { set, .. }) => set.take(&k).map(|e| (e.word, e.word)),
                _ => None,
            });
            match (removed, op) {
                (Some((kw, v)), C::Pop | C::PopOr) => {
                    if kh {
                        heap::decref(kw);
                    }
                    v
                }
                (Some((kw, v)), _) => {
                    if kh {
                        heap::decref(kw);
                    }
                    if vh && !is_set {
                        heap::decref(v);
                    }
                    0
                }
                (None, C::PopOr) => {
                    heap::with(|h| inc(h, vh, arg(2)));
                    arg(2)
                }
                (None, C::Discard) => 0,
                (None, _) => key_error(&kt, arg(1)),
            }
        }
        C::Keys | C::Values | C::Items => heap::with(|h| {
            let (words, handles): (Vec<u64>, bool) = match (h.get(arg(0)), op) {
                (Some(Obj::Set { set, .. }), _) => (set.iter().map(|e| e.word).collect(), kh),
                (Some(Obj::Dict { map, .. }), C::Keys) => {
                    (map.iter().map(|(e, _)| e.word).collect(), kh)
                }
                (Some(Obj::Dict { map, .. }), C::Values) => {
                    (map.iter().map(|(_, v)| *v).collect(), vh)
                }
                (Some(Obj::Dict { map, .. }), _) => {
                    let pairs: Vec<(u64, u64)> = map.iter().map(|(e, v)| (e.word, *v)).collect();
                    let mask = u64::from(kh) | u64::from(vh) << 1;
                    let items = pairs
                        .into_iter()
                        .map(|(k, v)| {
                            inc(h, kh, k);
                            inc(h, vh, v);
                            h.alloc_tuple(vec![k, v], mask)
                        })
                        .collect();
                    return h.alloc_list(items, true);
                }
                _ => (Vec::new(), false),
            };
            words.iter().for_each(|w| inc(h, handles, *w));
            h.alloc_list(words, handles)
        }),
        C::Copy => heap::with(|h| {
            let obj = match h.get(arg(0)) {
                Some(Obj::Dict { map, kh, vh }) => Obj::Dict {
                    map: map.copy(),
                    kh: *kh,
                    vh: *vh,
                },
                Some(Obj::Set { set, h }) => Obj::Set {
                    set: set.copy(),
                    h: *h,
                },
                _ => return 0,
            };
            let words: Vec<(u64, bool)> = match &obj {
                Obj::Dict { map, .. } => map
                    .iter()
                    .flat_map(|(e, v)| [(e.word, kh), (*v, vh)])
                    .collect(),
                Obj::Set { set, .. } => set.iter().map(|e| (e.word, kh)).collect(),
                _ => Vec::new(),
            };
            words.into_iter().for_each(|(w, yes)| inc(h, yes, w));
            h.alloc_obj(obj)
        }),
        C::Clear => {
            let old = heap::with(|h| match h.get_mut(arg(0)) {
                Some(Obj::Dict { map, .. }) => {
                    let words: Vec<u64> = map
                        .iter()
                        .flat_map(|(e, v)| {
                            [(e.word, kh), (*v, vh)]
                                .into_iter()
                                .filter(|(_, yes)| *yes)
                                .map(|(w, _)| w)
                        })
                        .collect();
                    map.clear();
                    words
                }
                Some(Obj::Set { set, .. }) => {
                    let words = set.iter().filter(|_| kh).map(|e| e.word).collect();
                    set.clear();
                    words
                }
                _ => Vec::new(),
            });
            old.into_iter().for_each(heap::decref);
            0
        }
        C::Popitem | C::SetPop => {
            let r = heap::with(|h| match h.get_mut(arg(0)) {
                Some(Obj::Dict { map, .. }) => map.pop_last().map(|(e, v)| (e.word, v)),
                Some(Obj::Set { set, .. }) if !set.is_empty() => {
                    let e = set.pop();
                    Some((e.word, e.word))
                }
                _ => None,
            });
            match (r, op) {
                (Some((k, v)), C::Popitem) => {
                    let mask = u64::from(kh) | u64::from(vh) << 1;
                    heap::with(|h| h.alloc_tuple(vec![k, v], mask))
                }
                (Some((k, _)), _) => k,
                (None, C::Popitem) => raise_exc(rt::PyException::new(
                    rt::ErrorKind::KeyError,
                    "'popitem(): dictionary is empty'",
                )),
                (None, _) => raise_exc(rt::PyException::new(
                    rt::ErrorKind::KeyError,
                    "'pop from an empty set'",
                )),
            }
        }
        C::Add => {
            let x = arg(1);
            let k = key(x);
            heap::with(|h| {
                let added = match h.get_mut(arg(0)) {
                    Some(Obj::Set { set, .. }) => set.insert(Elem { key: k, word: x }),
                    _ => false,
                };
                if added {
                    inc(h, kh, x);
                }
            });
            0
        }
        C::FromList | C::DictFromList => {
            let c = run(C::New.code() as u64, ty, &[]);
            let items = heap::with(|h| h.list(arg(0)).to_vec());
            for w in items {
                if op == C::FromList {
                    run(C::Add.code() as u64, ty, &[c, w]);
                } else {
                    let (k, v) = heap::with(|h| {
                        let kv = h.list(w);
                        (
                            kv.first().copied().unwrap_or(0),
                            kv.get(1).copied().unwrap_or(0),
                        )
                    });
                    run(C::Set.code() as u64, ty, &[c, k, v]);
                }
            }
            c
        }
        C::Update if is_set => heap::with(|h| {
            // CPython's merge of a whole set (see `roast_runtime::Set::update`).
            let Some(Obj::Set { set: y, .. }) = h.get(arg(1)) else {
                return 0;
            };
            let y = y.clone();
            let Some(Obj::Set { set: x, .. }) = h.get_mut(arg(0)) else {
                return 0;
            };
            let added: Vec<u64> = y
                .iter()
                .filter(|e| !x.contains(*e))
                .map(|e| e.word)
                .collect();
            x.update(&y);
            added.into_iter().for_each(|w| inc(h, kh, w));
            0
        }),
        C::DifferenceUpdate | C::SymmetricDifferenceUpdate => {
            // In place, as CPython does: removed elements leave dummies where they were.
            let (removed, added) = heap::with(|h| {
                let Some(Obj::Set { set: y, .. }) = h.get(arg(1)) else {
                    return (Vec::new(), Vec::new());
                };
                let y = y.clone();
                let Some(Obj::Set { set: x, .. }) = h.get_mut(arg(0)) else {
                    return (Vec::new(), Vec::new());
                };
                let removed: Vec<u64> = y.iter().filter_map(|e| x.get(e)).map(|e| e.word).collect();
                let added: Vec<u64> = if op == C::DifferenceUpdate {
                    x.difference_update(&y);
                    Vec::new()
                } else {
                    let added = y
                        .iter()
                        .filter(|e| !x.contains(*e))
                        .map(|e| e.word)
                        .collect();
                    x.symmetric_difference_update(&y);
                    added
                };
                (removed, added)
            });
            heap::with(|h| added.iter().for_each(|w| inc(h, kh, *w)));
            if kh {
                removed.into_iter().for_each(heap::decref);
            }
            0
        }
        C::Update => {
            let other = heap::with(|h| match h.get(arg(1)) {
                Some(Obj::Dict { map, .. }) => map.iter().map(|(e, v)| (e.word, *v)).collect(),
                Some(Obj::Set { set, .. }) => set.iter().map(|e| (e.word, 0)).collect(),
                _ => Vec::new(),
            });
            for (k, v) in other {
                if is_set {
                    run(C::Add.code() as u64, ty, &[arg(0), k]);
                } else {
                    run(C::Set.code() as u64, ty, &[arg(0), k, v]);
                }
            }
            0
        }
        C::Union
        | C::Intersection
        | C::Difference
        | C::SymmetricDifference
        | C::IsSubset
        | C::IsSuperset
        | C::IsDisjoint => heap::with(|h| {
            let (Some(Obj::Set { set: x, .. }), Some(Obj::Set { set: y, .. })) =
                (h.get(arg(0)), h.get(arg(1)))
            else {
                return 0;
            };
            let r = match op {
                C::Union => x.union(y),
                C::Intersection => x.intersection(y),
                C::Difference => x.difference(y),
                C::SymmetricDifference => x.symmetric_difference(y),
                C::IsSubset => return x.is_subset(y) as u64,
                C::IsSuperset => return x.is_superset(y) as u64,
                _ => return x.is_disjoint(y) as u64,
            };
            let words: Vec<u64> = r.iter().map(|e| e.word).collect();
            words.into_iter().for_each(|w| inc(h, kh, w));
            h.alloc_obj(Obj::Set { set: r, h: kh })
        }),
        C::Refold => heap::with(|h| {
            if let Some(Obj::Set { set, .. }) = h.get_mut(arg(0)) {
                *set = std::mem::take(set).refold();
            }
            0
        }),
        C::IntersectionUpdate => {
            let keep = heap::with(|h| {
                let (Some(Obj::Set { set: x, .. }), Some(Obj::Set { set: y, .. })) =
                    (h.get(arg(0)), h.get(arg(1)))
                else {
                    return None;
                };
                Some(x.intersection(y))
            });
            if let Some(keep) = keep {
                let words: Vec<u64> = keep.iter().map(|e| e.word).collect();
                heap::with(|h| words.iter().for_each(|w| inc(h, kh, *w)));
                run(C::Clear.code() as u64, ty, &[arg(0)]);
                heap::with(|h| {
                    if let Some(Obj::Set { set, .. }) = h.get_mut(arg(0)) {
                        *set = keep;
                    }
                });
            }
            0
        }
    }
}

/// Appends `{k: v, ...}` or `{x, ...}` / `set()`.
pub fn fmt(h: &Heap, ty: &Ty, x: u64, out: &mut String) {
    let (kt, vt) = kv(ty);
    match h.get(x) {
        Some(Obj::Dict { map, .. }) => {
            out.push('{');
            for (i, (e, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                fmt_value(h, &kt, e.word, true, out);
                out.push_str(": ");
                fmt_value(h, &vt, *v, true, out);
            }
            out.push('}');
        }
        Some(Obj::Set { set, .. }) if set.is_empty() => out.push_str("set()"),
        Some(Obj::Set { set, .. }) => {
            out.push('{');
            for (i, e) in set.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                fmt_value(h, &kt, e.word, true, out);
            }
            out.push('}');
        }
        _ => out.push_str("{}"),
    }
}

/// `a == b` for dicts and sets (insertion order does not matter).
pub fn eq(h: &Heap, ty: &Ty, a: u64, b: u64, eq_words: fn(&Heap, &Ty, u64, u64) -> bool) -> bool {
    let (_, vt) = kv(ty);
    match (h.get(a), h.get(b)) {
        (Some(Obj::Dict { map: x, .. }), Some(Obj::Dict { map: y, .. })) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(e, v)| y.get(&e.key).is_some_and(|w| eq_words(h, &vt, *v, *w)))
        }
        (Some(Obj::Set { set: x, .. }), Some(Obj::Set { set: y, .. })) => {
            x.len() == y.len() && x.iter().all(|e| y.contains(&e.key))
        }
        _ => false,
    }
}

pub fn len(h: &Heap, x: u64) -> usize {
    match h.get(x) {
        Some(Obj::Dict { map, .. }) => map.len(),
        Some(Obj::Set { set, .. }) => set.len(),
        _ => 0,
    }
}

/// Every element of set `a` is in set `b`.
pub fn subset(h: &Heap, a: u64, b: u64) -> bool {
    match (h.get(a), h.get(b)) {
        (Some(Obj::Set { set: x, .. }), Some(Obj::Set { set: y, .. })) => x.is_subset(y),
        _ => false,
    }
}
