//! The `extern "C"` entry points JIT code calls. Every argument and result is a 64-bit word
//! (floats as their bits, bools as 0/1, objects as heap handles); a type parameter of the MIR
//! operation comes first, as an index into the thread's type table.
//!
//! Errors never unwind into JIT frames: an entry point that can raise runs its body under
//! [`guard`], which turns a runtime panic (a Python exception or `sys.exit`) into a pending
//! outcome and sets the thread's error flag; JIT code tests the flag after the call and unwinds
//! by returning. Arguments are borrowed; handle results are new references.

use crate::heap::{self, Handle, Heap, Obj};
use crate::named;
use roast::mir::ClassDecl;
use roast::types::Ty;
use roast_runtime as rt;
use rt::PyFmt;
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::panic::{self, AssertUnwindSafe};

/// What stopped the program: an uncaught exception or `sys.exit`.
pub enum Pending {
    Exc(rt::PyException),
    Exit(rt::SystemExit),
}

thread_local! {
    /// Non-zero while an outcome is pending. JIT code reads it at this address.
    static FLAG: Cell<u8> = const { Cell::new(0) };
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
    /// Types named by the compiled code (`Rvalue::Runtime::tys`), by index.
    static TYPES: RefCell<Vec<Ty>> = const { RefCell::new(Vec::new()) };
    /// The program's classes (instances are formatted and compared from their fields).
    static CLASSES: RefCell<Vec<ClassDecl>> = const { RefCell::new(Vec::new()) };
    /// User exception classes and their bases.
    static EXCEPTIONS: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// Makes the program's classes and exception classes known to the runtime side (before it runs).
pub fn register_classes(classes: &[ClassDecl], exceptions: &[(String, String)]) {
    CLASSES.with(|c| *c.borrow_mut() = classes.to_vec());
    EXCEPTIONS.with(|e| *e.borrow_mut() = exceptions.to_vec());
}

pub(crate) fn with_class<R>(name: &str, f: impl FnOnce(Option<&ClassDecl>) -> R) -> R {
    CLASSES.with(|c| f(c.borrow().iter().find(|k| k.name == name)))
}

fn class_layout(c: &ClassDecl) -> Ty {
    Ty::Tuple(c.fields.iter().map(|(_, t)| t.clone()).collect())
}

/// The address of this thread's error flag (JIT code is compiled and run on one thread).
pub fn flag_address() -> usize {
    FLAG.with(|f| f.as_ptr() as usize)
}

/// The pending outcome, if any, clearing the flag.
pub fn take_pending() -> Option<Pending> {
    FLAG.with(|f| f.set(0));
    PENDING.with(|p| p.borrow_mut().take())
}

fn set_pending(p: Pending) {
    PENDING.with(|slot| *slot.borrow_mut() = Some(p));
    FLAG.with(|f| f.set(1));
}

/// The type table id of `ty`, adding it if new: its index times two, plus one for a handle type
/// (so `is_handle` needs no lookup).
pub fn type_id(ty: &Ty) -> u64 {
    let index = TYPES.with(|t| {
        let mut t = t.borrow_mut();
        match t.iter().position(|x| x == ty) {
            Some(i) => i as u64,
            None => {
                t.push(ty.clone());
                (t.len() - 1) as u64
            }
        }
    });
    index << 1 | u64::from(ty.is_handle())
}

pub(crate) fn with_ty<R>(id: u64, f: impl FnOnce(&Ty) -> R) -> R {
    TYPES.with(|t| {
        let t = t.borrow();
        f(t.get((id >> 1) as usize).unwrap_or(&Ty::None))
    })
}

pub(crate) fn is_handle(id: u64) -> bool {
    id & 1 == 1
}

/// Runs `f`; a Python exception or `sys.exit` raised inside becomes the pending outcome.
pub(crate) fn guard(f: impl FnOnce() -> u64) -> u64 {
    match panic::catch_unwind(AssertUnwindSafe(|| rt::catch(f))) {
        Ok(Ok(v)) => v,
        // `rt::catch` hands `sys.exit` over as a `SystemExit` exception.
        Ok(Err(e)) if e.kind == rt::ErrorKind::SystemExit => {
            set_pending(Pending::Exit(rt::SystemExit {
                code: e.exit_code(),
                msg: (e.msg != e.exit_code().to_string()).then(|| e.msg.clone()),
            }));
            0
        }
        Ok(Err(e)) => {
            set_pending(Pending::Exc(e));
            0
        }
        Err(payload) => {
            let p = match payload.downcast::<rt::SystemExit>() {
                Ok(s) => Pending::Exit(*s),
                Err(_) => Pending::Exc(rt::PyException::runtime_error(
                    "internal error: a panic in the JIT glue (this is a Roast bug)",
                )),
            };
            set_pending(p);
            0
        }
    }
}

/// Sets `e` pending (for code already outside `guard`).
pub(crate) fn raise_exc(e: rt::PyException) -> u64 {
    set_pending(Pending::Exc(e));
    0
}

fn raise(kind: rt::ErrorKind, msg: &str) -> u64 {
    set_pending(Pending::Exc(rt::PyException::new(kind, msg)));
    0
}

fn f(w: u64) -> f64 {
    f64::from_bits(w)
}

fn w(x: f64) -> u64 {
    x.to_bits()
}

fn s_of(h: Handle) -> String {
    heap::with(|hp| hp.str(h).to_string())
}

// ----- references --------------------------------------------------------------------------------

pub extern "C" fn jit_incref(h: u64) -> u64 {
    heap::incref(h);
    0
}

pub extern "C" fn jit_decref(h: u64) -> u64 {
    heap::decref(h);
    0
}

// ----- errors ------------------------------------------------------------------------------------

fn kind_named(name: &str) -> rt::ErrorKind {
    use rt::ErrorKind as E;
    match name {
        "ZeroDivisionError" => E::ZeroDivisionError,
        "OverflowError" => E::OverflowError,
        "IndexError" => E::IndexError,
        "KeyError" => E::KeyError,
        "ValueError" => E::ValueError,
        "TypeError" => E::TypeError,
        "AssertionError" => E::AssertionError,
        "RuntimeError" => E::RuntimeError,
        "NotImplementedError" => E::NotImplementedError,
        "RecursionError" => E::RecursionError,
        "EOFError" => E::EOFError,
        "AttributeError" => E::AttributeError,
        "StopIteration" => E::StopIteration,
        "ArithmeticError" => E::ArithmeticError,
        "LookupError" => E::LookupError,
        "UnicodeError" => E::UnicodeError,
        "UnicodeDecodeError" => E::UnicodeDecodeError,
        "BaseException" => E::BaseException,
        _ => E::Exception,
    }
}

/// The error kind of an exception class: built-in, or a user class (its name, kept for good).
fn kind_of_class(name: &str) -> rt::ErrorKind {
    let user = EXCEPTIONS.with(|e| e.borrow().iter().any(|(c, _)| c == name));
    if user {
        // `ErrorKind::Other` wants a `&'static str`: one leaked copy per class name.
        thread_local! {
            static NAMES: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
        }
        let name = NAMES.with(|n| {
            let mut n = n.borrow_mut();
            match n.iter().find(|k| **k == name) {
                Some(k) => *k,
                None => {
                    let k: &'static str = Box::leak(name.to_string().into_boxed_str());
                    n.push(k);
                    k
                }
            }
        });
        rt::ErrorKind::Other(name)
    } else {
        kind_named(name)
    }
}

/// `isinstance(exception of kind, class)` over the built-in and user hierarchies.
pub(crate) fn exc_is(kind: rt::ErrorKind, class: &str) -> bool {
    let mut name = kind.name().to_string();
    loop {
        if name == class {
            return true;
        }
        let base = EXCEPTIONS.with(|e| {
            e.borrow()
                .iter()
                .find(|(c, _)| *c == name)
                .map(|(_, b)| b.clone())
        });
        match base {
            Some(b) => name = b,
            None => {
                let builtin = kind_named(&name);
                let is_builtin_class = kind_named(class).name() == class;
                return is_builtin_class && builtin.is_subclass_of(kind_named(class));
            }
        }
    }
}

pub extern "C" fn jit_raise(class: u64, msg: u64) -> u64 {
    let (c, m) = heap::with(|h| (h.str(class).to_string(), h.str(msg).to_string()));
    raise_exc(rt::PyException::new(kind_of_class(&c), m))
}

pub extern "C" fn jit_exc_new(class: u64, msg: u64) -> u64 {
    let (c, m) = heap::with(|h| (h.str(class).to_string(), h.str(msg).to_string()));
    let e = rt::PyException::new(kind_of_class(&c), m);
    heap::with(|h| h.alloc_obj(Obj::Exc(e)))
}

fn exc_matches(classes: &[u64]) -> u64 {
    let names: Vec<String> =
        heap::with(|h| classes.iter().map(|c| h.str(*c).to_string()).collect());
    PENDING.with(|p| match &*p.borrow() {
        Some(Pending::Exc(e)) => {
            (names.is_empty() || names.iter().any(|n| exc_is(e.kind, n))) as u64
        }
        _ => 0,
    })
}

pub extern "C" fn jit_exc_matches0() -> u64 {
    exc_matches(&[])
}

pub extern "C" fn jit_exc_matches1(a: u64) -> u64 {
    exc_matches(&[a])
}

pub extern "C" fn jit_exc_matches2(a: u64, b: u64) -> u64 {
    exc_matches(&[a, b])
}

pub extern "C" fn jit_exc_matches3(a: u64, b: u64, c: u64) -> u64 {
    exc_matches(&[a, b, c])
}

/// Takes the pending exception as an object (a `SystemExit` stays pending: nothing catches it).
pub extern "C" fn jit_exc_take() -> u64 {
    let e = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        match p.take() {
            Some(Pending::Exc(e)) => Some(e),
            other => {
                *p = other;
                None
            }
        }
    });
    match e {
        Some(e) => {
            FLAG.with(|f| f.set(0));
            heap::with(|h| h.alloc_obj(Obj::Exc(e)))
        }
        None => 0,
    }
}

pub extern "C" fn jit_exc_raise(x: u64) -> u64 {
    let e = heap::with(|h| match h.get(x) {
        Some(Obj::Exc(e)) => Some(e.clone()),
        _ => None,
    });
    match e {
        Some(e) => raise_exc(e),
        // A `finally` after a `SystemExit`: it is still pending.
        None => {
            let pending = PENDING.with(|p| p.borrow().is_some());
            if pending {
                FLAG.with(|f| f.set(1));
            }
            0
        }
    }
}

pub extern "C" fn jit_exit(code: u64) -> u64 {
    set_pending(Pending::Exit(rt::SystemExit {
        code: code as i64,
        msg: None,
    }));
    0
}

// ----- numbers -----------------------------------------------------------------------------------

macro_rules! int2 {
    ($($name:ident => $f:path),* $(,)?) => {$(
        pub extern "C" fn $name(a: u64, b: u64) -> u64 {
            guard(|| $f(a as i64, b as i64) as u64)
        }
    )*};
}

int2! {
    jit_int_add => rt::int_add,
    jit_int_sub => rt::int_sub,
    jit_int_mul => rt::int_mul,
    jit_floordiv => rt::floordiv,
    jit_modulo => rt::modulo,
    jit_pow_int => rt::pow_int,
    jit_shl => rt::shl,
    jit_shr => rt::shr,
}

/// The slow path of a counted function's entry (past the limit, or deep in the stack): raises
/// `RecursionError` when it must (the function's exit gives the frame back).
pub extern "C" fn jit_recursion_deep() -> u64 {
    guard(|| {
        if rt::recursion::too_deep() {
            rt::recursion::raise_recursion_error();
        }
        0
    })
}

pub extern "C" fn jit_int_neg(a: u64) -> u64 {
    guard(|| rt::int_neg(a as i64) as u64)
}

pub extern "C" fn jit_abs_int(a: u64) -> u64 {
    guard(|| rt::abs_int(a as i64) as u64)
}

pub extern "C" fn jit_pow_int_float(a: u64, b: u64) -> u64 {
    guard(|| w(rt::pow_int_float(a as i64, b as i64)))
}

pub extern "C" fn jit_int_true_div(a: u64, b: u64) -> u64 {
    guard(|| w(rt::int_true_div(a as i64, b as i64)))
}

macro_rules! float2 {
    ($($name:ident => $f:path),* $(,)?) => {$(
        pub extern "C" fn $name(a: u64, b: u64) -> u64 {
            guard(|| w($f(f(a), f(b))))
        }
    )*};
}

float2! {
    jit_true_div => rt::true_div,
    jit_floordiv_f64 => rt::floordiv_f64,
    jit_mod_f64 => rt::mod_f64,
    jit_pow_float => rt::pow_float,
}

pub extern "C" fn jit_sqrt(a: u64) -> u64 {
    guard(|| w(rt::math::sqrt(f(a))))
}

pub extern "C" fn jit_int_from_float(a: u64) -> u64 {
    guard(|| rt::int_from_float(f(a)) as u64)
}

pub extern "C" fn jit_round_float(a: u64) -> u64 {
    guard(|| rt::round_half_even(f(a)) as u64)
}

pub extern "C" fn jit_int_from_str(s: u64) -> u64 {
    let s = s_of(s);
    guard(|| rt::int_from_str(&s) as u64)
}

pub extern "C" fn jit_float_from_str(s: u64) -> u64 {
    let s = s_of(s);
    guard(|| w(rt::float_from_str(&s)))
}

// ----- formatting and output ---------------------------------------------------------------------

/// `(1, 'a')`, `(1,)`, `()`: a tuple of these words and their types.
fn fmt_tuple<'a>(h: &Heap, items: impl Iterator<Item = (&'a u64, &'a Ty)>, out: &mut String) {
    out.push('(');
    let mut n = 0;
    for (item, t) in items {
        if n > 0 {
            out.push_str(", ");
        }
        fmt_value(h, t, *item, true, out);
        n += 1;
    }
    if n == 1 {
        out.push(',');
    }
    out.push(')');
}

/// Appends `str(x)` (or `repr(x)`) of a word of type `ty`.
pub(crate) fn fmt_value(h: &Heap, ty: &Ty, x: u64, repr: bool, out: &mut String) {
    match ty {
        Ty::Int => (x as i64).fmt_str(out),
        Ty::Float => f(x).fmt_str(out),
        Ty::Bool => (x != 0).fmt_str(out),
        Ty::None => out.push_str("None"),
        Ty::Str if repr => h.str(x).fmt_repr(out),
        Ty::Str => out.push_str(h.str(x)),
        Ty::Optional(_) if x == 0 => out.push_str("None"),
        Ty::Optional(t) => fmt_value(h, t, unbox(h, t, x), repr, out),
        Ty::List(t) => {
            out.push('[');
            for (i, item) in h.list(x).iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                fmt_value(h, t, *item, true, out);
            }
            out.push(']');
        }
        Ty::Tuple(ts) => fmt_tuple(h, h.list(x).iter().zip(ts), out),
        Ty::TupleOf(t) => fmt_tuple(h, h.list(x).iter().zip(std::iter::repeat(&**t)), out),
        Ty::Dict(..) | Ty::Set(_) => crate::coll::fmt(h, ty, x, out),
        Ty::Exception(_) => {
            if let Some(Obj::Exc(e)) = h.get(x) {
                if repr {
                    out.push_str(e.kind.name());
                    out.push('(');
                    if e.is(rt::ErrorKind::KeyError) {
                        // A KeyError's message is already the key's repr.
                        out.push_str(&e.msg);
                    } else if !e.msg.is_empty() {
                        e.msg.fmt_repr(out);
                    }
                    out.push(')');
                } else {
                    out.push_str(&e.msg);
                }
            }
        }
        Ty::Class(name) => with_class(name, |c| match c {
            Some(c) if c.auto_repr => {
                // An instance of a generic class prints as the class (`Pair`, not `Pair[str, int]`).
                out.push_str(c.name.split('[').next().unwrap_or(&c.name));
                out.push('(');
                for (i, ((fname, t), item)) in c.fields.iter().zip(h.list(x)).enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(fname);
                    out.push('=');
                    fmt_value(h, t, *item, true, out);
                }
                out.push(')');
            }
            _ => out.push_str(&format!(
                "<__main__.{} object>",
                name.split('[').next().unwrap_or(name)
            )),
        }),
        other => out.push_str(&format!("<{other}>")),
    }
}

fn to_string(ty: u64, x: u64, repr: bool) -> String {
    with_ty(ty, |t| {
        heap::with(|h| {
            let mut out = String::new();
            fmt_value(h, t, x, repr, &mut out);
            out
        })
    })
}

pub extern "C" fn jit_write_value(ty: u64, x: u64) -> u64 {
    let s = to_string(ty, x, false);
    guard(|| {
        rt::output::write_stdout(&s);
        0
    })
}

pub extern "C" fn jit_write_items(ty: u64, l: u64, sep: u64, started: u64) -> u64 {
    let (items, sep) = heap::with(|h| (h.list(l).to_vec(), h.str(sep).to_string()));
    let mut text = String::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 || started != 0 {
            text.push_str(&sep);
        }
        text.push_str(&to_string(ty, *x, false));
    }
    guard(|| {
        rt::output::write_stdout(&text);
        0
    });
    u64::from(started != 0 || !items.is_empty())
}

pub extern "C" fn jit_write_str(s: u64) -> u64 {
    let s = s_of(s);
    guard(|| {
        rt::output::write_stdout(&s);
        0
    })
}

pub extern "C" fn jit_to_str(ty: u64, x: u64) -> u64 {
    heap::new_str(to_string(ty, x, false))
}

pub extern "C" fn jit_to_repr(ty: u64, x: u64) -> u64 {
    heap::new_str(to_string(ty, x, true))
}

pub extern "C" fn jit_format(ty: u64, x: u64, spec: u64) -> u64 {
    let spec = s_of(spec);
    let (t, x) = match with_ty(ty, Ty::clone) {
        Ty::Optional(inner) if x != 0 => {
            let x = heap::with(|h| unbox(h, &inner, x));
            (*inner, x)
        }
        Ty::Optional(_) => (Ty::None, x),
        t => (t, x),
    };
    let ty = type_id(&t);
    match t {
        Ty::Int => guard(|| heap::new_str(rt::format(&(x as i64), &spec))),
        Ty::Float => guard(|| heap::new_str(rt::format(&f(x), &spec))),
        Ty::Bool => guard(|| heap::new_str(rt::format(&(x != 0), &spec))),
        Ty::Str => {
            let v = s_of(x);
            guard(|| heap::new_str(rt::format(v.as_str(), &spec)))
        }
        _ if spec.is_empty() => heap::new_str(to_string(ty, x, false)),
        Ty::Dict(..) => raise(
            rt::ErrorKind::TypeError,
            "unsupported format string passed to dict.__format__",
        ),
        _ => {
            let name = match t {
                Ty::List(_) => "list",
                Ty::Tuple(_) | Ty::TupleOf(_) => "tuple",
                _ => "NoneType",
            };
            let msg = format!("unsupported format string passed to {name}.__format__");
            raise(rt::ErrorKind::TypeError, &msg)
        }
    }
}

// ----- strings -----------------------------------------------------------------------------------

pub extern "C" fn jit_str_concat(a: u64, b: u64) -> u64 {
    heap::with(|h| {
        let (x, y) = (h.str(a), h.str(b));
        let mut s = String::with_capacity(x.len() + y.len());
        s.push_str(x);
        s.push_str(y);
        h.alloc_str(s)
    })
}

/// `s += t`: takes `a`'s reference; appends in place when it is the only one.
pub extern "C" fn jit_str_append(a: u64, b: u64) -> u64 {
    let done = heap::with(|h| {
        if a == b {
            return false;
        }
        let tail = h.str(b).to_string();
        match h.get_unique(a) {
            Some(Obj::Str { s, ascii }) => {
                *ascii &= tail.is_ascii();
                s.push_str(&tail);
                true
            }
            _ => false,
        }
    });
    if done {
        return a;
    }
    let r = jit_str_concat(a, b);
    heap::decref(a);
    r
}

pub extern "C" fn jit_str_repeat(a: u64, n: u64) -> u64 {
    let s = s_of(a);
    guard(|| heap::new_str(rt::str_repeat(&s, n as i64)))
}

/// `a op b` on strs; `op` is the `CmpOp` code the codegen passes (see `cmp_code`).
pub extern "C" fn jit_str_cmp(op: u64, a: u64, b: u64) -> u64 {
    heap::with(|h| {
        let (x, y) = (h.str(a), h.str(b));
        let r = match op {
            0 => x == y,
            1 => x != y,
            2 => x < y,
            3 => x <= y,
            4 => x > y,
            _ => x >= y,
        };
        r as u64
    })
}

pub extern "C" fn jit_str_len(a: u64) -> u64 {
    heap::with(|h| match h.get(a) {
        Some(Obj::Str { s, ascii: true }) => s.len() as u64,
        Some(Obj::Str { s, .. }) => s.chars().count() as u64,
        _ => 0,
    })
}

pub extern "C" fn jit_str_index(a: u64, i: u64) -> u64 {
    let s = s_of(a);
    guard(|| heap::new_str(rt::str_index(&s, i as i64)))
}

pub extern "C" fn jit_str_char_at(a: u64, i: u64) -> u64 {
    heap::with(|h| {
        let c = match h.get(a) {
            Some(Obj::Str { s, ascii: true }) => s.get(i as usize..i as usize + 1).unwrap_or(""),
            Some(Obj::Str { s, .. }) => s
                .char_indices()
                .nth(i as usize)
                .map_or("", |(j, c)| &s[j..j + c.len_utf8()]),
            _ => "",
        }
        .to_string();
        h.alloc_str(c)
    })
}

pub extern "C" fn jit_str_contains(s: u64, sub: u64) -> u64 {
    heap::with(|h| h.str(s).contains(h.str(sub)) as u64)
}

pub extern "C" fn jit_str_join_parts(list: u64) -> u64 {
    heap::with(|h| {
        let mut out = String::new();
        for part in h.list(list) {
            out.push_str(h.str(*part));
        }
        h.alloc_str(out)
    })
}

// ----- lists -------------------------------------------------------------------------------------

fn items_mut(h: &mut Heap, l: u64) -> Option<&mut Vec<u64>> {
    match h.get_mut(l) {
        Some(Obj::List { items, .. }) => Some(items),
        _ => None,
    }
}

pub extern "C" fn jit_list_new(ty: u64) -> u64 {
    heap::new_list(Vec::new(), is_handle(ty))
}

pub extern "C" fn jit_list_push(ty: u64, l: u64, v: u64) -> u64 {
    let handles = is_handle(ty);
    heap::with(|h| {
        if handles {
            h.incref(v);
        }
        if let Some(items) = items_mut(h, l) {
            items.push(v);
        }
    });
    0
}

pub extern "C" fn jit_list_len(_ty: u64, l: u64) -> u64 {
    heap::with(|h| h.list(l).len() as u64)
}

pub extern "C" fn jit_list_get(ty: u64, l: u64, i: u64) -> u64 {
    let handles = is_handle(ty);
    heap::with(|h| {
        let items = h.list(l);
        match rt::norm_index(items.len(), i as i64) {
            Some(j) => {
                let v = items[j];
                if handles {
                    h.incref(v);
                }
                v
            }
            None => raise(rt::ErrorKind::IndexError, "list index out of range"),
        }
    })
}

pub extern "C" fn jit_list_get_unchecked(ty: u64, l: u64, i: u64) -> u64 {
    let handles = is_handle(ty);
    heap::with(|h| {
        let v = h.list(l).get(i as usize).copied().unwrap_or(0);
        if handles {
            h.incref(v);
        }
        v
    })
}

pub extern "C" fn jit_list_set(ty: u64, l: u64, i: u64, v: u64) -> u64 {
    let handles = is_handle(ty);
    let old = heap::with(|h| {
        if handles {
            h.incref(v);
        }
        let items = items_mut(h, l)?;
        let j = rt::norm_index(items.len(), i as i64)?;
        Some(std::mem::replace(&mut items[j], v))
    });
    match old {
        Some(old) => {
            if handles {
                heap::decref(old);
            }
            0
        }
        None => {
            if handles {
                heap::decref(v);
            }
            raise(
                rt::ErrorKind::IndexError,
                "list assignment index out of range",
            )
        }
    }
}

pub extern "C" fn jit_list_pop(_ty: u64, l: u64) -> u64 {
    // The popped reference moves from the list to the caller.
    match heap::with(|h| items_mut(h, l).and_then(Vec::pop)) {
        Some(v) => v,
        None => raise(rt::ErrorKind::IndexError, "pop from empty list"),
    }
}

pub extern "C" fn jit_list_pop_at(_ty: u64, l: u64, i: u64) -> u64 {
    let r = heap::with(|h| {
        let items = items_mut(h, l)?;
        if items.is_empty() {
            return Some(Err("pop from empty list"));
        }
        Some(match rt::norm_index(items.len(), i as i64) {
            Some(j) => Ok(items.remove(j)),
            None => Err("pop index out of range"),
        })
    });
    match r {
        Some(Ok(v)) => v,
        Some(Err(m)) => raise(rt::ErrorKind::IndexError, m),
        None => 0,
    }
}

pub extern "C" fn jit_list_insert(ty: u64, l: u64, i: u64, v: u64) -> u64 {
    let handles = is_handle(ty);
    heap::with(|h| {
        if handles {
            h.incref(v);
        }
        if let Some(items) = items_mut(h, l) {
            let n = items.len() as i64;
            let j = (i as i64).clamp(-n, n);
            let j = if j < 0 { j + n } else { j };
            items.insert(j as usize, v);
        }
    });
    0
}

pub extern "C" fn jit_list_del(ty: u64, l: u64, i: u64) -> u64 {
    let handles = is_handle(ty);
    let r = heap::with(|h| {
        let items = items_mut(h, l)?;
        rt::norm_index(items.len(), i as i64).map(|j| items.remove(j))
    });
    match r {
        Some(v) => {
            if handles {
                heap::decref(v);
            }
            0
        }
        None => raise(
            rt::ErrorKind::IndexError,
            "list assignment index out of range",
        ),
    }
}

pub extern "C" fn jit_list_extend(ty: u64, l: u64, other: u64) -> u64 {
    let handles = is_handle(ty);
    heap::with(|h| {
        let more = h.list(other).to_vec();
        if handles {
            more.iter().for_each(|x| h.incref(*x));
        }
        if let Some(items) = items_mut(h, l) {
            items.extend(more);
        }
    });
    0
}

/// The position of the first element equal to `v`.
fn position(ty: u64, l: u64, v: u64) -> Option<usize> {
    with_ty(ty, |t| {
        heap::with(|h| h.list(l).iter().position(|x| eq_words(h, t, *x, v)))
    })
}

fn repr_of(ty: u64, v: u64) -> String {
    to_string(ty, v, true)
}

pub extern "C" fn jit_list_index(ty: u64, l: u64, v: u64) -> u64 {
    match position(ty, l, v) {
        Some(i) => i as u64,
        None => raise(
            rt::ErrorKind::ValueError,
            &format!("{} is not in list", repr_of(ty, v)),
        ),
    }
}

pub extern "C" fn jit_list_count(ty: u64, l: u64, v: u64) -> u64 {
    with_ty(ty, |t| {
        heap::with(|h| h.list(l).iter().filter(|x| eq_words(h, t, **x, v)).count() as u64)
    })
}

pub extern "C" fn jit_list_remove(ty: u64, l: u64, v: u64) -> u64 {
    match position(ty, l, v) {
        Some(i) => jit_list_del(ty, l, i as u64),
        None => raise(rt::ErrorKind::ValueError, "list.remove(x): x not in list"),
    }
}

pub extern "C" fn jit_list_reverse(_ty: u64, l: u64) -> u64 {
    heap::with(|h| {
        if let Some(items) = items_mut(h, l) {
            items.reverse();
        }
    });
    0
}

pub extern "C" fn jit_list_clear(ty: u64, l: u64) -> u64 {
    let handles = is_handle(ty);
    let old = heap::with(|h| items_mut(h, l).map(std::mem::take).unwrap_or_default());
    if handles {
        old.into_iter().for_each(heap::decref);
    }
    0
}

pub extern "C" fn jit_list_repeat(ty: u64, l: u64, n: u64) -> u64 {
    let handles = is_handle(ty);
    let items = heap::with(|h| h.list(l).to_vec());
    let r = guard(|| {
        let v = rt::repeat(&items, n as i64);
        if handles {
            v.iter().for_each(|x| heap::incref(*x));
        }
        heap::new_list(v, handles)
    });
    r
}

pub extern "C" fn jit_list_concat(ty: u64, a: u64, b: u64) -> u64 {
    let handles = is_handle(ty);
    heap::with(|h| {
        let v = rt::concat(h.list(a), h.list(b));
        if handles {
            v.iter().for_each(|x| h.incref(*x));
        }
        h.alloc_list(v, handles)
    })
}

/// The value inside a non-null `Optional` of `t` (scalars are boxed in a 1-tuple).
pub(crate) fn unbox(h: &Heap, t: &Ty, x: u64) -> u64 {
    if t.is_handle() {
        x
    } else {
        h.list(x).first().copied().unwrap_or(0)
    }
}

/// Python `==` of two words of type `ty`.
fn eq_words(h: &Heap, ty: &Ty, a: u64, b: u64) -> bool {
    match ty {
        Ty::Float => f(a) == f(b),
        Ty::Str => h.str(a) == h.str(b),
        Ty::List(t) | Ty::TupleOf(t) => {
            let (x, y) = (h.list(a), h.list(b));
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| eq_words(h, t, *p, *q))
        }
        Ty::Tuple(ts) => {
            let (x, y) = (h.list(a), h.list(b));
            x.iter()
                .zip(y)
                .zip(ts)
                .all(|((p, q), t)| eq_words(h, t, *p, *q))
        }
        Ty::Optional(t) => {
            a == b || (a != 0 && b != 0 && eq_words(h, t, unbox(h, t, a), unbox(h, t, b)))
        }
        Ty::Dict(..) | Ty::Set(_) => crate::coll::eq(h, ty, a, b, eq_words),
        Ty::Class(name) => {
            a == b
                || with_class(name, |c| match c {
                    Some(c) if c.field_eq => eq_words(h, &class_layout(c), a, b),
                    _ => false,
                })
        }
        _ => a == b,
    }
}

/// Python's ordering of two words of type `ty` (`None` where it is undefined: nan).
fn cmp_words(h: &Heap, ty: &Ty, a: u64, b: u64) -> Option<Ordering> {
    match ty {
        Ty::Int => Some((a as i64).cmp(&(b as i64))),
        Ty::Bool => Some(a.cmp(&b)),
        Ty::Float => f(a).partial_cmp(&f(b)),
        Ty::Str => Some(h.str(a).cmp(h.str(b))),
        Ty::List(t) | Ty::TupleOf(t) => {
            let (x, y) = (h.list(a), h.list(b));
            for (p, q) in x.iter().zip(y) {
                if !eq_words(h, t, *p, *q) {
                    return cmp_words(h, t, *p, *q);
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        Ty::Tuple(ts) => {
            let (x, y) = (h.list(a), h.list(b));
            for ((p, q), t) in x.iter().zip(y).zip(ts) {
                if !eq_words(h, t, *p, *q) {
                    return cmp_words(h, t, *p, *q);
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        Ty::Class(name) => with_class(name, |c| match c {
            Some(c) if c.field_order => cmp_words(h, &class_layout(c), a, b),
            _ => None,
        }),
        _ => Some(a.cmp(&b)),
    }
}

/// `a op b` for values of type `tys[0]` (item by item for lists and tuples).
pub extern "C" fn jit_value_cmp(op: u64, ty: u64, a: u64, b: u64) -> u64 {
    with_ty(ty, |t| {
        heap::with(|h| {
            if let (Ty::Set(_), 2..) = (t, op) {
                // Set ordering is inclusion.
                let (sub, sup) = (crate::coll::subset(h, a, b), crate::coll::subset(h, b, a));
                let r = match op {
                    2 => sub && !sup,
                    3 => sub,
                    4 => sup && !sub,
                    _ => sup,
                };
                return r as u64;
            }
            let r = match op {
                0 => eq_words(h, t, a, b),
                1 => !eq_words(h, t, a, b),
                _ => match (cmp_words(h, t, a, b), op) {
                    (Some(o), 2) => o == Ordering::Less,
                    (Some(o), 3) => o != Ordering::Greater,
                    (Some(o), 4) => o == Ordering::Greater,
                    (Some(o), _) => o != Ordering::Less,
                    (None, _) => false,
                },
            };
            r as u64
        })
    })
}

fn sort_words(ty: u64, items: &mut [u64], reverse: bool) {
    with_ty(ty, |t| {
        heap::with(|h| {
            let ord = |a: &u64, b: &u64| cmp_words(h, t, *a, *b).unwrap_or(Ordering::Equal);
            if reverse {
                items.sort_by(|a, b| ord(b, a));
            } else {
                items.sort_by(ord);
            }
        })
    })
}

pub extern "C" fn jit_sorted(ty: u64, l: u64, reverse: u64) -> u64 {
    let handles = is_handle(ty);
    let mut items = heap::with(|h| h.list(l).to_vec());
    sort_words(ty, &mut items, reverse != 0);
    if handles {
        items.iter().for_each(|x| heap::incref(*x));
    }
    heap::new_list(items, handles)
}

pub extern "C" fn jit_sort_in_place(ty: u64, l: u64, reverse: u64) -> u64 {
    let mut items = heap::with(|h| items_mut(h, l).map(std::mem::take).unwrap_or_default());
    sort_words(ty, &mut items, reverse != 0);
    heap::with(|h| {
        if let Some(slot) = items_mut(h, l) {
            *slot = items;
        }
    });
    0
}

pub extern "C" fn jit_list_min(ty: u64, l: u64) -> u64 {
    list_min_max(ty, l, true)
}

pub extern "C" fn jit_list_max(ty: u64, l: u64) -> u64 {
    list_min_max(ty, l, false)
}

fn list_min_max(ty: u64, l: u64, is_min: bool) -> u64 {
    // The elements are their own keys.
    min_max_by_key(ty, ty, l, l, is_min)
}

/// The positions of `keys` in the order a stable sort by key gives (reversed stably).
fn key_order(kty: u64, keys: u64, reverse: bool) -> Vec<usize> {
    with_ty(kty, |t| {
        heap::with(|h| {
            let ks = h.list(keys);
            let mut idx: Vec<usize> = (0..ks.len()).collect();
            let ord =
                |a: &usize, b: &usize| cmp_words(h, t, ks[*a], ks[*b]).unwrap_or(Ordering::Equal);
            if reverse {
                idx.sort_by(|a, b| ord(b, a));
            } else {
                idx.sort_by(ord);
            }
            idx
        })
    })
}

pub extern "C" fn jit_sorted_by_key(ty: u64, kty: u64, l: u64, keys: u64, rev: u64) -> u64 {
    let handles = is_handle(ty);
    let order = key_order(kty, keys, rev != 0);
    heap::with(|h| {
        let items = h.list(l);
        let v: Vec<u64> = order
            .iter()
            .filter_map(|i| items.get(*i).copied())
            .collect();
        if handles {
            v.iter().for_each(|x| h.incref(*x));
        }
        h.alloc_list(v, handles)
    })
}

pub extern "C" fn jit_sort_by_key_in_place(ty: u64, kty: u64, l: u64, keys: u64, rev: u64) -> u64 {
    let _ = ty;
    let order = key_order(kty, keys, rev != 0);
    heap::with(|h| {
        if let Some(items) = items_mut(h, l) {
            let v: Vec<u64> = order
                .iter()
                .filter_map(|i| items.get(*i).copied())
                .collect();
            *items = v;
        }
    });
    0
}

fn min_max_by_key(ty: u64, kty: u64, l: u64, keys: u64, is_min: bool) -> u64 {
    let handles = is_handle(ty);
    let best = with_ty(kty, |t| {
        heap::with(|h| {
            let ks = h.list(keys);
            let mut best = 0;
            if ks.is_empty() {
                return None;
            }
            for i in 1..ks.len() {
                let o = cmp_words(h, t, ks[i], ks[best]);
                let better = if is_min {
                    o == Some(Ordering::Less)
                } else {
                    o == Some(Ordering::Greater)
                };
                if better {
                    best = i;
                }
            }
            h.list(l).get(best).copied()
        })
    });
    match best {
        Some(b) => {
            if handles {
                heap::incref(b);
            }
            b
        }
        None => {
            let name = if is_min { "min" } else { "max" };
            raise(
                rt::ErrorKind::ValueError,
                &format!("{name}() arg is an empty sequence"),
            )
        }
    }
}

pub extern "C" fn jit_list_min_by_key(ty: u64, kty: u64, l: u64, keys: u64) -> u64 {
    min_max_by_key(ty, kty, l, keys, true)
}

pub extern "C" fn jit_list_max_by_key(ty: u64, kty: u64, l: u64, keys: u64) -> u64 {
    min_max_by_key(ty, kty, l, keys, false)
}

// ----- tuples ------------------------------------------------------------------------------------

/// Bit `i` set when item `i` of the tuple type is a handle.
fn tuple_mask(ty: &Ty) -> u64 {
    match ty {
        Ty::Tuple(ts) => ts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_handle())
            .fold(0, |m, (i, _)| m | 1 << i),
        _ => 0,
    }
}

pub extern "C" fn jit_tuple_new(ty: u64) -> u64 {
    let mask = with_ty(ty, tuple_mask);
    heap::with(|h| h.alloc_tuple(Vec::new(), mask))
}

pub extern "C" fn jit_obj_new(ty: u64) -> u64 {
    let (mask, n) = with_ty(ty, |t| {
        let n = match t {
            Ty::Tuple(ts) => ts.len(),
            _ => 0,
        };
        (tuple_mask(t), n)
    });
    heap::with(|h| h.alloc_tuple(vec![0; n], mask))
}

pub extern "C" fn jit_obj_set(_ty: u64, o: u64, i: u64, v: u64) -> u64 {
    let old = heap::with(|h| {
        let handle = match h.get(o) {
            Some(Obj::Tuple { mask, .. }) => *mask >> i & 1 == 1,
            _ => return None,
        };
        if handle {
            h.incref(v);
        }
        match h.get_mut(o) {
            Some(Obj::Tuple { items, .. }) => {
                let slot = items.get_mut(i as usize)?;
                let old = std::mem::replace(slot, v);
                handle.then_some(old)
            }
            _ => None,
        }
    });
    if let Some(old) = old {
        heap::decref(old);
    }
    0
}

pub extern "C" fn jit_tuple_push(_ty: u64, t: u64, v: u64) -> u64 {
    heap::with(|h| {
        if let Some(Obj::Tuple { items, mask }) = h.get_mut(t) {
            let handle = *mask >> items.len() & 1 == 1;
            items.push(v);
            if handle {
                h.incref(v);
            }
        }
    });
    0
}

pub extern "C" fn jit_tuple_get(_ty: u64, t: u64, i: u64) -> u64 {
    heap::with(|h| match h.get(t) {
        Some(Obj::Tuple { items, mask }) => {
            let v = items.get(i as usize).copied().unwrap_or(0);
            if mask >> i & 1 == 1 {
                h.incref(v);
            }
            v
        }
        _ => 0,
    })
}

pub extern "C" fn jit_list_contains(ty: u64, l: u64, v: u64) -> u64 {
    with_ty(ty, |t| {
        heap::with(|h| h.list(l).iter().any(|x| eq_words(h, t, *x, v)) as u64)
    })
}

pub extern "C" fn jit_list_eq(ty: u64, a: u64, b: u64) -> u64 {
    with_ty(ty, |t| {
        heap::with(|h| eq_words(h, &Ty::List(Box::new(t.clone())), a, b) as u64)
    })
}

pub(crate) fn truthy_word(h: &Heap, t: &Ty, x: u64) -> bool {
    match t {
        Ty::Float => f(x) != 0.0,
        Ty::Str => !h.str(x).is_empty(),
        Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) => !h.list(x).is_empty(),
        Ty::Dict(..) | Ty::Set(_) => crate::coll::len(h, x) > 0,
        Ty::Optional(inner) => x != 0 && truthy_word(h, inner, unbox(h, inner, x)),
        Ty::Exception(_) | Ty::Class(_) => true,
        _ => x != 0,
    }
}

pub extern "C" fn jit_truthy(ty: u64, x: u64) -> u64 {
    with_ty(ty, |t| heap::with(|h| truthy_word(h, t, x)) as u64)
}

pub extern "C" fn jit_sys_argv() -> u64 {
    let args = rt::argv();
    heap::with(|h| {
        let items = args.into_iter().map(|a| h.alloc_str(a)).collect();
        h.alloc_list(items, true)
    })
}

// ----- by name (`RtOp::Named`) and slices ------------------------------------------------------

pub extern "C" fn jit_named0(ns: u64, name: u64, tr: u64) -> u64 {
    named::call(ns, name, &[tr], &[])
}

pub extern "C" fn jit_named1(ns: u64, name: u64, t1: u64, tr: u64, a1: u64) -> u64 {
    named::call(ns, name, &[t1, tr], &[a1])
}

pub extern "C" fn jit_named2(
    ns: u64,
    name: u64,
    t1: u64,
    t2: u64,
    tr: u64,
    a1: u64,
    a2: u64,
) -> u64 {
    named::call(ns, name, &[t1, t2, tr], &[a1, a2])
}

#[allow(clippy::too_many_arguments)]
pub extern "C" fn jit_named3(
    ns: u64,
    name: u64,
    t1: u64,
    t2: u64,
    t3: u64,
    tr: u64,
    a1: u64,
    a2: u64,
    a3: u64,
) -> u64 {
    named::call(ns, name, &[t1, t2, t3, tr], &[a1, a2, a3])
}

#[allow(clippy::too_many_arguments)]
pub extern "C" fn jit_named4(
    ns: u64,
    name: u64,
    t1: u64,
    t2: u64,
    t3: u64,
    t4: u64,
    tr: u64,
    a1: u64,
    a2: u64,
    a3: u64,
    a4: u64,
) -> u64 {
    named::call(ns, name, &[t1, t2, t3, t4, tr], &[a1, a2, a3, a4])
}

#[allow(clippy::too_many_arguments)]
pub extern "C" fn jit_slice_str(s: u64, a: u64, ag: u64, b: u64, bg: u64, c: u64, cg: u64) -> u64 {
    named::slice(None, s, [(a, ag), (b, bg), (c, cg)])
}

#[allow(clippy::too_many_arguments)]
pub extern "C" fn jit_slice_list(
    ty: u64,
    l: u64,
    a: u64,
    ag: u64,
    b: u64,
    bg: u64,
    c: u64,
    cg: u64,
) -> u64 {
    named::slice(Some(ty), l, [(a, ag), (b, bg), (c, cg)])
}

// ----- dicts and sets ----------------------------------------------------------------------------

pub extern "C" fn jit_coll0(op: u64, ty: u64) -> u64 {
    crate::coll::run(op, ty, &[])
}

pub extern "C" fn jit_coll1(op: u64, ty: u64, a: u64) -> u64 {
    crate::coll::run(op, ty, &[a])
}

pub extern "C" fn jit_coll2(op: u64, ty: u64, a: u64, b: u64) -> u64 {
    crate::coll::run(op, ty, &[a, b])
}

pub extern "C" fn jit_coll3(op: u64, ty: u64, a: u64, b: u64, c: u64) -> u64 {
    crate::coll::run(op, ty, &[a, b, c])
}

#[allow(clippy::too_many_arguments)]
pub extern "C" fn jit_slice_assign(
    ty: u64,
    l: u64,
    a: u64,
    ag: u64,
    b: u64,
    bg: u64,
    c: u64,
    cg: u64,
    v: u64,
) -> u64 {
    // `del xs[a:b:c]` passes no values (null).
    named::slice_assign(ty, l, [(a, ag), (b, bg), (c, cg)], (v != 0).then_some(v))
}
