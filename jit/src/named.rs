//! Built-ins, `math` functions and `str` methods called by name (`RtOp::Named`): the arguments
//! are decoded from words by their types, the runtime function runs under `guard`, and the
//! result is encoded back. Not the fast path: hot operations have their own entry points.

use crate::glue::{guard, with_ty};
use crate::heap::{self, Heap, Obj};
use roast::mir::Ns;
use roast::types::Ty;
use roast_runtime as rt;

/// A decoded argument.
enum V {
    I(i64),
    F(f64),
    B(bool),
    N,
    S(String),
    /// A list's words and element type.
    L(Vec<u64>, Ty),
}

/// A result to encode.
enum R {
    I(i64),
    F(f64),
    B(bool),
    N,
    S(String),
    Strs(Vec<String>),
    Words(Vec<u64>, bool),
    /// A tuple of scalars.
    Pair(u64, u64),
    /// A tuple of strs.
    StrTuple(Vec<String>),
}

fn decode(h: &Heap, ty: &Ty, w: u64) -> V {
    match ty {
        Ty::Int => V::I(w as i64),
        Ty::Float => V::F(f64::from_bits(w)),
        Ty::Bool => V::B(w != 0),
        Ty::Str => V::S(h.str(w).to_string()),
        Ty::List(t) | Ty::TupleOf(t) => V::L(h.list(w).to_vec(), (**t).clone()),
        Ty::Optional(t) if w != 0 => decode(h, t, crate::glue::unbox(h, t, w)),
        _ => V::N,
    }
}

fn encode(r: R) -> u64 {
    match r {
        R::I(i) => i as u64,
        R::F(x) => x.to_bits(),
        R::B(b) => b as u64,
        R::N => 0,
        R::S(s) => heap::new_str(s),
        R::Strs(v) => heap::with(|h| {
            let items = v.into_iter().map(|s| h.alloc_str(s)).collect();
            h.alloc_list(items, true)
        }),
        R::Pair(a, b) => heap::with(|h| h.alloc_tuple(vec![a, b], 0)),
        R::StrTuple(v) => heap::with(|h| {
            let mask = (1u64 << v.len()) - 1;
            let items = v.into_iter().map(|s| h.alloc_str(s)).collect();
            h.alloc_tuple(items, mask)
        }),
        R::Words(v, handles) => {
            if handles {
                v.iter().for_each(|x| heap::incref(*x));
            }
            heap::new_list(v, handles)
        }
    }
}

fn bad() -> ! {
    rt::raise(
        rt::ErrorKind::RuntimeError,
        "internal error: a JIT built-in called with unexpected arguments (this is a Roast bug)",
    )
}

fn num(v: &V) -> f64 {
    match v {
        V::I(i) => *i as f64,
        V::F(x) => *x,
        V::B(b) => f64::from(u8::from(*b)),
        _ => bad(),
    }
}

fn int(v: &V) -> i64 {
    match v {
        V::I(i) => *i,
        V::B(b) => i64::from(*b),
        _ => bad(),
    }
}

fn text(v: &V) -> &str {
    match v {
        V::S(s) => s,
        _ => bad(),
    }
}

fn opt_text(v: Option<&V>) -> Option<&str> {
    match v {
        Some(V::S(s)) => Some(s),
        _ => None,
    }
}

/// A `find`-style bound: `given` unless it is the "not given" default.
fn bound(v: Option<&V>, default: i64) -> Option<i64> {
    match v {
        Some(V::I(i)) if *i != default => Some(*i),
        _ => None,
    }
}

fn strs(v: &V) -> Vec<String> {
    match v {
        V::L(items, _) => heap::with(|h| items.iter().map(|w| h.str(*w).to_string()).collect()),
        _ => bad(),
    }
}

/// Calls `ns.name(args)`; `tys` holds the argument types, then the result type.
pub fn call(ns: u64, name: u64, tys: &[u64], words: &[u64]) -> u64 {
    let name = heap::with(|h| h.str(name).to_string());
    match (name.as_str(), tys, words) {
        ("hash_value", [t, ..], [w]) => {
            return with_ty(*t, |ty| heap::with(|h| hash_word(h, ty, *w))) as u64;
        }
        ("transpose", [t, ..], [rows]) => {
            let handles = with_ty(*t, |t| {
                t.seq_elem()
                    .and_then(Ty::seq_elem)
                    .is_some_and(Ty::is_handle)
            });
            let columns: Vec<Vec<u64>> = heap::with(|h| {
                let rows: Vec<&[u64]> = h.list(*rows).iter().map(|r| h.list(*r)).collect();
                let n = rows.iter().map(|r| r.len()).min().unwrap_or(0);
                (0..n)
                    .map(|j| rows.iter().map(|r| r[j]).collect())
                    .collect()
            });
            let columns = columns
                .into_iter()
                .map(|col| encode(R::Words(col, handles)))
                .collect();
            return heap::new_list(columns, true);
        }
        ("exc_args", _, [e]) => {
            let args = heap::with(|h| match h.get(*e) {
                Some(Obj::Exc(e)) => e.args().to_vec(),
                _ => Vec::new(),
            });
            return encode(R::Strs(args));
        }
        ("exc_isinstance", _, [e, class]) => {
            return heap::with(|h| match h.get(*e) {
                Some(Obj::Exc(e)) => crate::glue::exc_is(e.kind, h.str(*class)),
                _ => false,
            }) as u64;
        }
        _ => {}
    }
    let args: Vec<V> = heap::with(|h| {
        words
            .iter()
            .zip(tys)
            .map(|(w, t)| with_ty(*t, |ty| decode(h, ty, *w)))
            .collect()
    });
    let ret = tys.last().map_or(Ty::None, |t| with_ty(*t, Ty::clone));
    guard(|| {
        let r = match ns {
            0 => builtin(&name, &args, &ret),
            1 => math(&name, &args),
            _ => str_method(&name, &args),
        };
        encode(r)
    })
}

/// `hash(x)` of a word of type `ty`: CPython's number for ints, floats and tuples of them (as
/// the native build computes it), a per-run hash of the value's key for the rest.
fn hash_word(h: &Heap, ty: &Ty, w: u64) -> i64 {
    match ty {
        Ty::Int => rt::hash_int(w as i64),
        Ty::Bool => i64::from(w != 0),
        Ty::Float => rt::hash_float(f64::from_bits(w)),
        Ty::Tuple(ts) => {
            let items = h.list(w);
            let lanes = items.iter().zip(ts).map(|(x, t)| hash_word(h, t, *x));
            rt::hash::tuple_hash(lanes, items.len())
        }
        Ty::TupleOf(t) => {
            let items = h.list(w);
            rt::hash::tuple_hash(items.iter().map(|x| hash_word(h, t, *x)), items.len())
        }
        _ => rt::hash_value(&crate::coll::key_of(h, ty, w)),
    }
}

pub fn ns_code(ns: Ns) -> i64 {
    match ns {
        Ns::Builtin => 0,
        Ns::Math => 1,
        Ns::StrMethod => 2,
    }
}

fn builtin(name: &str, a: &[V], ret: &Ty) -> R {
    let first = || a.first().unwrap_or_else(|| bad());
    match name {
        "ord" => R::I(rt::ord(text(first()))),
        "chr" => R::S(rt::chr(int(first()))),
        "hex" => R::S(rt::hex(int(first()))),
        "oct" => R::S(rt::oct(int(first()))),
        "bin" => R::S(rt::bin(int(first()))),
        "bit_length" => R::I(rt::bit_length(int(first()))),
        "hash_int" => R::I(rt::hash_int(int(first()))),
        "unpack_at_least" => match a {
            [len, n] => {
                rt::unpack_at_least(int(len), int(n));
                R::N
            }
            _ => bad(),
        },
        "sum_int" => match first() {
            V::L(items, _) => R::I(rt::sum_i64(items.iter().map(|w| *w as i64))),
            _ => bad(),
        },
        "sum_float" => match first() {
            V::L(items, _) => R::F(rt::sum_f64(items.iter().map(|w| f64::from_bits(*w)))),
            _ => bad(),
        },
        "setrecursionlimit" => {
            rt::set_recursion_limit(int(first()));
            R::N
        }
        "getrecursionlimit" => R::I(rt::get_recursion_limit()),
        "int_eq_float" => R::B(rt::int_eq_float(int(first()), num(&a[1]))),
        "int_ne_float" => R::B(rt::int_ne_float(int(first()), num(&a[1]))),
        "int_lt_float" => R::B(rt::int_lt_float(int(first()), num(&a[1]))),
        "int_le_float" => R::B(rt::int_le_float(int(first()), num(&a[1]))),
        "int_gt_float" => R::B(rt::int_gt_float(int(first()), num(&a[1]))),
        "int_ge_float" => R::B(rt::int_ge_float(int(first()), num(&a[1]))),
        "input" => R::S(rt::input(opt_text(a.first()).unwrap_or(""))),
        "stdin_readline" => R::S(rt::stdin_readline()),
        "stdin_read" => R::S(rt::stdin_read()),
        "stdin_lines" => R::Strs(rt::stdin_lines()),
        "round_digits" => R::F(rt::round_digits(num(first()), int(&a[1]))),
        "round_int" => R::I(rt::round_int(int(first()), int(&a[1]))),
        "int_base" => R::I(rt::int_from_str_base(text(first()), int(&a[1]))),
        "list_from_str" => R::Strs(rt::str_chars(text(first())).map(str::to_string).collect()),
        "divmod_int" => {
            let (q, r) = rt::divmod(int(first()), int(&a[1]));
            R::Pair(q as u64, r as u64)
        }
        "divmod_float" => {
            let (q, r) = rt::divmod_f64(num(first()), num(&a[1]));
            R::Pair(q.to_bits(), r.to_bits())
        }
        "list_copy" => match first() {
            V::L(items, t) => R::Words(items.clone(), t.is_handle()),
            _ => bad(),
        },
        "any" | "all" => match first() {
            V::L(items, t) => {
                let truth = |w: &u64| heap::with(|h| crate::glue::truthy_word(h, t, *w));
                R::B(if name == "any" {
                    items.iter().any(truth)
                } else {
                    items.iter().all(truth)
                })
            }
            _ => bad(),
        },
        "unpack_check" => {
            let (n, want) = match (first(), a.get(1)) {
                (V::L(items, _), Some(V::I(k))) => (items.len() as i64, *k),
                _ => bad(),
            };
            if n > want {
                let msg = format!("too many values to unpack (expected {want})");
                rt::raise(rt::ErrorKind::ValueError, msg)
            }
            if n < want {
                let msg = format!("not enough values to unpack (expected {want}, got {n})");
                rt::raise(rt::ErrorKind::ValueError, msg)
            }
            R::N
        }
        "min" | "max" => {
            let is_min = name == "min";
            let mut best = 0;
            for i in 1..a.len() {
                let better = match (&a[i], &a[best]) {
                    (V::S(x), V::S(y)) => (x < y) == is_min && x != y,
                    (x, y) => {
                        let (x, y) = (num(x), num(y));
                        if is_min {
                            x < y
                        } else {
                            x > y
                        }
                    }
                };
                if better {
                    best = i;
                }
            }
            match (&a[best], ret) {
                (V::S(s), _) => R::S(s.clone()),
                (v, Ty::Float) => R::F(num(v)),
                (v, _) => R::I(int(v)),
            }
        }
        _ => bad(),
    }
}

fn math(name: &str, a: &[V]) -> R {
    use rt::math as m;
    let x = || num(a.first().unwrap_or_else(|| bad()));
    let y = || num(a.get(1).unwrap_or_else(|| bad()));
    let i = |k: usize| int(a.get(k).unwrap_or_else(|| bad()));
    match name {
        "sqrt" => R::F(m::sqrt(x())),
        "floor" => R::I(m::floor(x())),
        "ceil" => R::I(m::ceil(x())),
        "trunc" => R::I(m::trunc(x())),
        "log" if a.len() == 2 => R::F(m::log_base(x(), y())),
        "log" => R::F(m::log(x())),
        "log2" => R::F(m::log2(x())),
        "log10" => R::F(m::log10(x())),
        "exp" => R::F(m::exp(x())),
        "sin" => R::F(m::sin(x())),
        "cos" => R::F(m::cos(x())),
        "tan" => R::F(m::tan(x())),
        "asin" => R::F(m::asin(x())),
        "acos" => R::F(m::acos(x())),
        "atan" => R::F(m::atan(x())),
        "atan2" => R::F(m::atan2(x(), y())),
        "hypot" => R::F(m::hypot(x(), y())),
        "fabs" => R::F(m::fabs(x())),
        "pow" => R::F(m::pow(x(), y())),
        "copysign" => R::F(m::copysign(x(), y())),
        "fmod" => R::F(m::fmod(x(), y())),
        "degrees" => R::F(m::degrees(x())),
        "radians" => R::F(m::radians(x())),
        "isfinite" => R::B(m::isfinite(x())),
        "isinf" => R::B(m::isinf(x())),
        "isnan" => R::B(m::isnan(x())),
        "isclose" if a.len() == 4 => R::B(m::isclose_tol(x(), y(), num(&a[2]), num(&a[3]))),
        "isclose" => R::B(m::isclose(x(), y())),
        "gcd" => R::I(m::gcd(i(0), i(1))),
        "lcm" => R::I(m::lcm(i(0), i(1))),
        "factorial" => R::I(m::factorial(i(0))),
        "isqrt" => R::I(m::isqrt(i(0))),
        "comb" => R::I(m::comb(i(0), i(1))),
        "perm" => R::I(m::perm(i(0), i(1))),
        _ => bad(),
    }
}

fn str_method(name: &str, a: &[V]) -> R {
    let s = text(a.first().unwrap_or_else(|| bad()));
    let arg = |k: usize| a.get(k).unwrap_or_else(|| bad());
    let fill = |k: usize| a.get(k).map_or(' ', |v| rt::fill_char(text(v)));
    match name {
        "upper" => R::S(rt::str_upper(s)),
        "lower" => R::S(rt::str_lower(s)),
        "casefold" => R::S(rt::str_casefold(s)),
        "swapcase" => R::S(rt::str_swapcase(s)),
        "title" => R::S(rt::str_title(s)),
        "capitalize" => R::S(rt::str_capitalize(s)),
        "strip" => R::S(rt::str_strip(s, opt_text(a.get(1))).to_string()),
        "lstrip" => R::S(rt::str_lstrip(s, opt_text(a.get(1))).to_string()),
        "rstrip" => R::S(rt::str_rstrip(s, opt_text(a.get(1))).to_string()),
        "split" => R::Strs(rt::str_split(s, opt_text(a.get(1)), bound_or(a.get(2), -1))),
        "rsplit" => R::Strs(rt::str_rsplit(
            s,
            opt_text(a.get(1)),
            bound_or(a.get(2), -1),
        )),
        "splitlines" => R::Strs(rt::str_splitlines(s, matches!(a.get(1), Some(V::B(true))))),
        "join" => R::S(rt::str_join(s, &strs(arg(1)))),
        "replace" => R::S(rt::str_replace(
            s,
            text(arg(1)),
            text(arg(2)),
            bound_or(a.get(3), -1),
        )),
        "partition" | "rpartition" => {
            let (a, b, c) = if name == "partition" {
                rt::str_partition(s, text(arg(1)))
            } else {
                rt::str_rpartition(s, text(arg(1)))
            };
            R::StrTuple(vec![a, b, c])
        }
        "startswith_any" | "endswith_any" => {
            let subs: Vec<&str> = a[1..].iter().map(text).collect();
            R::B(if name == "startswith_any" {
                rt::str_startswith_any(s, &subs)
            } else {
                rt::str_endswith_any(s, &subs)
            })
        }
        "startswith_range" | "endswith_range" => {
            let (sub, start, end) = (text(arg(1)), Some(int(arg(2))), bound(a.get(3), i64::MAX));
            R::B(if name == "startswith_range" {
                rt::str_startswith_range(s, sub, start, end)
            } else {
                rt::str_endswith_range(s, sub, start, end)
            })
        }
        "startswith" => R::B(rt::str_startswith(s, text(arg(1)))),
        "endswith" => R::B(rt::str_endswith(s, text(arg(1)))),
        "find" | "rfind" | "index" | "rindex" | "count" => {
            let (sub, start, end) = (text(arg(1)), bound(a.get(2), 0), bound(a.get(3), i64::MAX));
            R::I(match name {
                "find" => rt::str_find(s, sub, start, end),
                "rfind" => rt::str_rfind(s, sub, start, end),
                "index" => rt::str_index_of(s, sub, start, end),
                "rindex" => rt::str_rindex(s, sub, start, end),
                _ => rt::str_count(s, sub, start, end),
            })
        }
        "isdigit" => R::B(rt::str_isdigit(s)),
        "isdecimal" => R::B(rt::str_isdecimal(s)),
        "isnumeric" => R::B(rt::str_isnumeric(s)),
        "isalpha" => R::B(rt::str_isalpha(s)),
        "isalnum" => R::B(rt::str_isalnum(s)),
        "isspace" => R::B(rt::str_isspace(s)),
        "isupper" => R::B(rt::str_isupper(s)),
        "islower" => R::B(rt::str_islower(s)),
        "istitle" => R::B(rt::str_istitle(s)),
        "isascii" => R::B(rt::str_isascii(s)),
        "isprintable" => R::B(rt::str_isprintable(s)),
        "zfill" => R::S(rt::str_zfill(s, int(arg(1)))),
        "ljust" => R::S(rt::str_ljust(s, int(arg(1)), fill(2))),
        "rjust" => R::S(rt::str_rjust(s, int(arg(1)), fill(2))),
        "center" => R::S(rt::str_center(s, int(arg(1)), fill(2))),
        "removeprefix" => R::S(rt::str_removeprefix(s, text(arg(1))).to_string()),
        "removesuffix" => R::S(rt::str_removesuffix(s, text(arg(1))).to_string()),
        "expandtabs" => R::S(rt::str_expandtabs(s, a.get(1).map_or(8, int))),
        _ => {
            let _ = R::N;
            bad()
        }
    }
}

fn bound_or(v: Option<&V>, default: i64) -> i64 {
    match v {
        Some(V::I(i)) => *i,
        _ => default,
    }
}

/// `seq[a:b:c]` of a str (`elem` is `None`) or a list.
pub fn slice(elem: Option<u64>, seq: u64, bounds: [(u64, u64); 3]) -> u64 {
    let b = bounds.map(|(v, given)| (given != 0).then_some(v as i64));
    match elem {
        None => {
            let s = heap::with(|h| h.str(seq).to_string());
            guard(|| heap::new_str(rt::str_slice(&s, b[0], b[1], b[2])))
        }
        Some(t) => {
            let handles = with_ty(t, Ty::is_handle);
            let items = heap::with(|h| h.list(seq).to_vec());
            guard(|| encode(R::Words(rt::slice(&items, b[0], b[1], b[2]), handles)))
        }
    }
}

/// `xs[a:b:c] = values` (`values` a list handle) or `del xs[a:b:c]` (`values` none).
pub fn slice_assign(elem: u64, l: u64, bounds: [(u64, u64); 3], values: Option<u64>) -> u64 {
    let b = bounds.map(|(v, given)| (given != 0).then_some(v as i64));
    let handles = crate::glue::is_handle(elem);
    let (mut items, new) = heap::with(|h| {
        let new = values.map(|v| h.list(v).to_vec());
        (h.list(l).to_vec(), new)
    });
    let old = items.clone();
    let r = guard(|| {
        match new {
            Some(v) => rt::slice_assign(&mut items, b[0], b[1], b[2], v),
            None => rt::slice_del(&mut items, b[0], b[1], b[2]),
        }
        1
    });
    if r == 0 {
        return 0;
    }
    // The list's references: the new items gain one, the old ones lose one.
    if handles {
        items.iter().for_each(|x| heap::incref(*x));
    }
    heap::with(|h| {
        if let Some(Obj::List { items: slot, .. }) = h.get_mut(l) {
            *slot = items;
        }
    });
    if handles {
        old.into_iter().for_each(heap::decref);
    }
    0
}
