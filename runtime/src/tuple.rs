//! [`Tuple`]: Python's `tuple[T, ...]`, a tuple of any length whose items share one type.
//!
//! A fixed-shape tuple (`tuple[int, str]`) is a Rust tuple; this is the homogeneous,
//! variable-length kind, e.g. the key a program builds with `tuple(counts)`. It reads as a slice
//! (`t[i]`, `t.len()`, `t.iter()`, `t.contains(&x)`), compares and hashes item by item as CPython
//! does, and prints as a tuple: `(1, 2)`, `(1,)`, `()`.

use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

use crate::fmt::PyFmt;

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tuple<T>(Box<[T]>);

impl<T> Tuple<T> {
    /// The items as a list.
    pub fn to_vec(&self) -> Vec<T>
    where
        T: Clone,
    {
        self.0.to_vec()
    }
}

impl<T> Deref for Tuple<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

/// An item of a tuple can itself be changed in place (`t[0].append(1)` on a tuple of lists).
impl<T> DerefMut for Tuple<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

/// Item by item with no length prefix, exactly as a Rust tuple of the same items hashes, so
/// `hash((1, 2))` is the same number for both kinds of tuple.
impl<T: Hash> Hash for Tuple<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for x in self.0.iter() {
            x.hash(state);
        }
    }
}

impl<T> From<Vec<T>> for Tuple<T> {
    fn from(v: Vec<T>) -> Self {
        Tuple(v.into_boxed_slice())
    }
}

impl<T> From<Tuple<T>> for Vec<T> {
    fn from(t: Tuple<T>) -> Self {
        t.0.into_vec()
    }
}

impl<T, const N: usize> From<[T; N]> for Tuple<T> {
    fn from(v: [T; N]) -> Self {
        Tuple(Box::new(v))
    }
}

impl<T: Clone> From<&[T]> for Tuple<T> {
    fn from(v: &[T]) -> Self {
        Tuple(v.into())
    }
}

macro_rules! from_rust_tuple {
    ($($idx:tt $name:ident),+) => {
        /// A fixed-shape tuple whose items share a type, as a `tuple[T, ...]`.
        impl<T> From<($($name,)+)> for Tuple<T> {
            fn from(t: ($($name,)+)) -> Self {
                Tuple(Box::new([$(t.$idx),+]))
            }
        }
    };
}
from_rust_tuple!(0 T);
from_rust_tuple!(0 T, 1 T);
from_rust_tuple!(0 T, 1 T, 2 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T, 4 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T, 4 T, 5 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T, 4 T, 5 T, 6 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T, 4 T, 5 T, 6 T, 7 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T, 4 T, 5 T, 6 T, 7 T, 8 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T, 4 T, 5 T, 6 T, 7 T, 8 T, 9 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T, 4 T, 5 T, 6 T, 7 T, 8 T, 9 T, 10 T);
from_rust_tuple!(0 T, 1 T, 2 T, 3 T, 4 T, 5 T, 6 T, 7 T, 8 T, 9 T, 10 T, 11 T);

/// `()`: the empty tuple as a `tuple[T, ...]`.
impl<T> From<()> for Tuple<T> {
    fn from(_: ()) -> Self {
        Tuple(Box::new([]))
    }
}

impl<T> FromIterator<T> for Tuple<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Tuple(iter.into_iter().collect())
    }
}

impl<'a, T> IntoIterator for &'a Tuple<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Tuple<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
    }
}

impl<T> IntoIterator for Tuple<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_vec().into_iter()
    }
}

/// `zip(*rows)`: the columns of `rows` as tuples, as many as the shortest row is long.
pub fn transpose<T: Clone, R: std::ops::Deref<Target = [T]>>(rows: &[R]) -> Vec<Tuple<T>> {
    let n = rows.iter().map(|r| r.len()).min().unwrap_or(0);
    (0..n)
        .map(|j| rows.iter().map(|r| r[j].clone()).collect())
        .collect()
}

/// `(1, 2)`, `(1,)`, `()`.
impl<T: PyFmt> PyFmt for Tuple<T> {
    fn fmt_str(&self, out: &mut String) {
        self.fmt_repr(out)
    }
    fn fmt_repr(&self, out: &mut String) {
        out.push('(');
        for (i, x) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            x.fmt_repr(out);
        }
        if self.0.len() == 1 {
            out.push(',');
        }
        out.push(')');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_python_does() {
        assert_eq!(crate::repr(&Tuple::from([1_i64, 2])), "(1, 2)");
        assert_eq!(crate::repr(&Tuple::from([1_i64])), "(1,)");
        assert_eq!(crate::repr(&Tuple::<i64>::default()), "()");
    }

    #[test]
    fn hashes_as_the_rust_tuple_of_the_same_items() {
        assert_eq!(
            crate::hash_value(&Tuple::from([1_i64, 2])),
            crate::hash_value(&(1_i64, 2_i64))
        );
    }

    #[test]
    fn compares_item_by_item() {
        assert!(Tuple::from([1_i64, 2]) < Tuple::from([1_i64, 2, 0]));
        assert!(Tuple::from([2_i64]) > Tuple::from([1_i64, 99]));
    }
}
