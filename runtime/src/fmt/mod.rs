//! `str()` and `repr()` as CPython 3.11 writes them: the [`PyFmt`] trait and its
//! implementations for the Rust types Roast values map to.

pub mod float;
pub mod repr;
pub mod spec;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// `str()` and `repr()` of a value, appended to a buffer. Generated code implements it for user
/// classes (from `__str__` / `__repr__`).
pub trait PyFmt {
    /// Appends `str(self)`.
    fn fmt_str(&self, out: &mut String);
    /// Appends `repr(self)`.
    fn fmt_repr(&self, out: &mut String);
}

/// `str(x)`.
#[inline]
pub fn str<T: PyFmt + ?Sized>(x: &T) -> String {
    let mut s = String::new();
    x.fmt_str(&mut s);
    s
}

/// `repr(x)`.
#[inline]
pub fn repr<T: PyFmt + ?Sized>(x: &T) -> String {
    let mut s = String::new();
    x.fmt_repr(&mut s);
    s
}

macro_rules! int_fmt {
    ($($t:ty),*) => {$(
        impl PyFmt for $t {
            #[inline]
            fn fmt_str(&self, out: &mut String) {
                use std::fmt::Write;
                let _ = write!(out, "{}", self);
            }
            #[inline]
            fn fmt_repr(&self, out: &mut String) {
                self.fmt_str(out)
            }
        }
    )*};
}
int_fmt!(i8, i16, i32, i64, i128, u8, u16, u32, u64, usize, isize);

impl PyFmt for f64 {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        float::push_float_repr(*self, out)
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        float::push_float_repr(*self, out)
    }
}

impl PyFmt for f32 {
    fn fmt_str(&self, out: &mut String) {
        float::push_float_repr(*self as f64, out)
    }
    fn fmt_repr(&self, out: &mut String) {
        float::push_float_repr(*self as f64, out)
    }
}

impl PyFmt for bool {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        out.push_str(if *self { "True" } else { "False" })
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        self.fmt_str(out)
    }
}

impl PyFmt for str {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        out.push_str(self)
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        repr::push_str_repr(self, out)
    }
}

impl PyFmt for String {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        out.push_str(self)
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        repr::push_str_repr(self, out)
    }
}

/// A `char` is a one-character `str`.
impl PyFmt for char {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        out.push(*self)
    }
    fn fmt_repr(&self, out: &mut String) {
        let mut b = [0u8; 4];
        repr::push_str_repr(self.encode_utf8(&mut b), out)
    }
}

/// `()` is `None`.
impl PyFmt for () {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        out.push_str("None")
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        out.push_str("None")
    }
}

impl<T: PyFmt + ?Sized> PyFmt for &T {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        (**self).fmt_str(out)
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        (**self).fmt_repr(out)
    }
}

impl<T: PyFmt + ?Sized> PyFmt for &mut T {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        (**self).fmt_str(out)
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        (**self).fmt_repr(out)
    }
}

impl<T: PyFmt + ?Sized> PyFmt for Box<T> {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        (**self).fmt_str(out)
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        (**self).fmt_repr(out)
    }
}

impl<T: PyFmt + ?Sized> PyFmt for Rc<T> {
    #[inline]
    fn fmt_str(&self, out: &mut String) {
        (**self).fmt_str(out)
    }
    #[inline]
    fn fmt_repr(&self, out: &mut String) {
        (**self).fmt_repr(out)
    }
}

impl<T: PyFmt> PyFmt for std::cell::RefCell<T> {
    fn fmt_str(&self, out: &mut String) {
        self.borrow().fmt_str(out)
    }
    fn fmt_repr(&self, out: &mut String) {
        self.borrow().fmt_repr(out)
    }
}

impl PyFmt for std::borrow::Cow<'_, str> {
    fn fmt_str(&self, out: &mut String) {
        out.push_str(self)
    }
    fn fmt_repr(&self, out: &mut String) {
        repr::push_str_repr(self, out)
    }
}

/// Appends `[a, b, c]` with elements in repr form.
fn push_list<'a, T: PyFmt + 'a>(it: impl Iterator<Item = &'a T>, out: &mut String) {
    out.push('[');
    for (i, x) in it.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        x.fmt_repr(out);
    }
    out.push(']');
}

/// A list: `[1, 'a', 2.5]`.
impl<T: PyFmt> PyFmt for [T] {
    fn fmt_str(&self, out: &mut String) {
        push_list(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        push_list(self.iter(), out)
    }
}

impl<T: PyFmt, const N: usize> PyFmt for [T; N] {
    fn fmt_str(&self, out: &mut String) {
        push_list(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        push_list(self.iter(), out)
    }
}

impl<T: PyFmt> PyFmt for Vec<T> {
    fn fmt_str(&self, out: &mut String) {
        push_list(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        push_list(self.iter(), out)
    }
}

impl<T: PyFmt> PyFmt for std::collections::VecDeque<T> {
    fn fmt_str(&self, out: &mut String) {
        push_list(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        push_list(self.iter(), out)
    }
}

/// `None` or the value.
impl<T: PyFmt> PyFmt for Option<T> {
    fn fmt_str(&self, out: &mut String) {
        match self {
            Some(x) => x.fmt_str(out),
            None => out.push_str("None"),
        }
    }
    fn fmt_repr(&self, out: &mut String) {
        match self {
            Some(x) => x.fmt_repr(out),
            None => out.push_str("None"),
        }
    }
}

macro_rules! tuple_fmt {
    ($($name:ident $idx:tt),+) => {
        /// A tuple: `(1,)`, `(1, 'a')`.
        impl<$($name: PyFmt),+> PyFmt for ($($name,)+) {
            fn fmt_str(&self, out: &mut String) {
                self.fmt_repr(out)
            }
            fn fmt_repr(&self, out: &mut String) {
                out.push('(');
                let mut n = 0usize;
                $(
                    if n > 0 { out.push_str(", "); }
                    self.$idx.fmt_repr(out);
                    n += 1;
                )+
                if n == 1 { out.push(','); }
                out.push(')');
            }
        }
    };
}
tuple_fmt!(A 0);
tuple_fmt!(A 0, B 1);
tuple_fmt!(A 0, B 1, C 2);
tuple_fmt!(A 0, B 1, C 2, D 3);
tuple_fmt!(A 0, B 1, C 2, D 3, E 4);
tuple_fmt!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_fmt!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_fmt!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// Appends a dict's repr, `{k: v, ...}`, from its items in iteration order (for any map type the
/// backend uses).
pub fn fmt_dict<'a, K: PyFmt + 'a, V: PyFmt + 'a>(
    items: impl IntoIterator<Item = (&'a K, &'a V)>,
    out: &mut String,
) {
    out.push('{');
    for (i, (k, v)) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        k.fmt_repr(out);
        out.push_str(": ");
        v.fmt_repr(out);
    }
    out.push('}');
}

/// Appends a set's repr, `{a, b}`, or `set()` when empty.
pub fn fmt_set<'a, T: PyFmt + 'a>(items: impl IntoIterator<Item = &'a T>, out: &mut String) {
    let start = out.len();
    out.push('{');
    let mut n = 0;
    for x in items {
        if n > 0 {
            out.push_str(", ");
        }
        x.fmt_repr(out);
        n += 1;
    }
    if n == 0 {
        out.truncate(start);
        out.push_str("set()");
    } else {
        out.push('}');
    }
}

impl<K: PyFmt, V: PyFmt, S> PyFmt for HashMap<K, V, S> {
    fn fmt_str(&self, out: &mut String) {
        fmt_dict(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        fmt_dict(self.iter(), out)
    }
}

impl<K: PyFmt, V: PyFmt> PyFmt for BTreeMap<K, V> {
    fn fmt_str(&self, out: &mut String) {
        fmt_dict(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        fmt_dict(self.iter(), out)
    }
}

impl<T: PyFmt, S> PyFmt for HashSet<T, S> {
    fn fmt_str(&self, out: &mut String) {
        fmt_set(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        fmt_set(self.iter(), out)
    }
}

impl<T: PyFmt> PyFmt for BTreeSet<T> {
    fn fmt_str(&self, out: &mut String) {
        fmt_set(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        fmt_set(self.iter(), out)
    }
}

/// `str(e)` is the message; `repr(e)` is `ValueError('msg')`.
impl PyFmt for crate::PyException {
    fn fmt_str(&self, out: &mut String) {
        out.push_str(&self.msg)
    }
    fn fmt_repr(&self, out: &mut String) {
        out.push_str(self.kind.name());
        out.push('(');
        if self.kind == crate::ErrorKind::KeyError {
            out.push_str(&self.msg); // already the key's repr
        } else if !self.msg.is_empty() {
            repr::push_str_repr(&self.msg, out);
        }
        out.push(')');
    }
}
