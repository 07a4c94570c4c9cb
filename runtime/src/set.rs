//! Python's `set[T]`: [`Set`], a hash set that iterates in insertion order.
//!
//! CPython's set order is arbitrary; Roast documents (and guarantees) insertion order instead:
//! an element that is added again keeps its place, one that is removed and added again goes to
//! the end, and [`Set::pop`] removes the *first* element in that order. A set is a
//! [`Dict<T, ()>`](crate::Dict), with the same layout, costs and hasher.
//!
//! The operations that build a new set put the elements in a documented, deterministic order:
//! - `a | b` ([`Set::union`]): `a`'s elements in `a`'s order, then `b`'s new ones in `b`'s order;
//! - `a & b` ([`Set::intersection`]): `a`'s elements that are in `b`, in `a`'s order;
//! - `a - b` ([`Set::difference`]): `a`'s elements not in `b`, in `a`'s order;
//! - `a ^ b` ([`Set::symmetric_difference`]): `a`'s elements not in `b` in `a`'s order, then
//!   `b`'s not in `a` in `b`'s order.
//!
//! The in-place forms (`update`, `intersection_update`, ...) give the same order as the new-set
//! forms. Float elements are not supported yet (`f64` is not `Eq`).

use std::borrow::Borrow;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::iter::FusedIterator;

use crate::dict::{self, Dict};
use crate::error::{raise_exc, PyException};
use crate::fmt::{fmt_set, PyFmt};
use crate::hash::PyBuildHasher;

/// Python's `set[T]`, iterating in insertion order. See the [module docs](self).
#[derive(Clone)]
pub struct Set<T, S = PyBuildHasher> {
    map: Dict<T, (), S>,
}

impl<T> Set<T, PyBuildHasher> {
    /// `set()`: an empty set (allocates nothing).
    #[inline]
    pub fn new() -> Self {
        Set { map: Dict::new() }
    }

    /// An empty set with room for `n` elements.
    pub fn with_capacity(n: usize) -> Self {
        Set {
            map: Dict::with_capacity(n),
        }
    }
}

impl<T, S> Set<T, S> {
    /// An empty set that hashes with `hasher`.
    pub fn with_hasher(hasher: S) -> Self {
        Set {
            map: Dict::with_hasher(hasher),
        }
    }

    /// `len(s)`.
    #[inline]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// `not s`.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// `s.clear()`.
    pub fn clear(&mut self) {
        self.map.clear()
    }

    /// Iteration in insertion order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            inner: self.map.keys(),
        }
    }

    /// Keeps only the elements for which `f` returns true (order kept).
    pub fn retain(&mut self, mut f: impl FnMut(&T) -> bool) {
        self.map.retain(|x, _| f(x))
    }

    /// `s.copy()`.
    pub fn copy(&self) -> Self
    where
        T: Clone,
        S: Clone,
    {
        self.clone()
    }

    /// `s.pop()`: removes and returns the first element in insertion order (KeyError
    /// `'pop from an empty set'`).
    pub fn pop(&mut self) -> T {
        match self.map.pop_first() {
            Some((x, ())) => x,
            None => raise_exc(PyException::key_error("pop from an empty set")),
        }
    }

    /// Internal sizes for tests (see [`Dict::debug_sizes`]).
    #[doc(hidden)]
    pub fn debug_sizes(&self) -> (usize, usize) {
        self.map.debug_sizes()
    }
}

impl<T: Hash + Eq, S: BuildHasher> Set<T, S> {
    /// `x in s`.
    #[inline]
    pub fn contains<Q>(&self, x: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.contains_key(x)
    }

    /// The stored element equal to `x`, if any.
    pub fn get<Q>(&self, x: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get_key_value(x).map(|(k, _)| k)
    }

    /// `s.add(x)`: true if `x` was not there (it goes to the end); a present element keeps its
    /// place and the stored one is kept.
    #[inline]
    pub fn insert(&mut self, x: T) -> bool {
        self.map.insert(x, ()).is_none()
    }

    /// `s.add(x)` (same as [`Set::insert`], without the result).
    #[inline]
    pub fn add(&mut self, x: T) {
        self.map.insert(x, ());
    }

    /// `s.remove(x)` (KeyError with `repr(x)` when missing).
    pub fn remove<Q>(&mut self, x: &Q)
    where
        T: Borrow<Q>,
        Q: Hash + Eq + PyFmt + ?Sized,
    {
        self.map.remove(x)
    }

    /// `s.discard(x)`: true if `x` was there.
    pub fn discard<Q>(&mut self, x: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.remove_entry(x).is_some()
    }

    /// Removes `x` and returns the stored element, if present.
    pub fn take<Q>(&mut self, x: &Q) -> Option<T>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.remove_entry(x).map(|(k, ())| k)
    }

    /// `a | b`: `self`'s elements in order, then `other`'s new ones in `other`'s order.
    pub fn union<S2>(&self, other: &Set<T, S2>) -> Self
    where
        T: Clone,
        S: Clone,
    {
        let mut r = self.clone();
        r.extend(other.iter().cloned());
        r
    }

    /// `a & b`: `self`'s elements that are in `other`, in `self`'s order.
    pub fn intersection<S2: BuildHasher>(&self, other: &Set<T, S2>) -> Self
    where
        T: Clone,
        S: Clone,
    {
        self.filtered(|x| other.contains(x))
    }

    /// `a - b`: `self`'s elements that are not in `other`, in `self`'s order.
    pub fn difference<S2: BuildHasher>(&self, other: &Set<T, S2>) -> Self
    where
        T: Clone,
        S: Clone,
    {
        self.filtered(|x| !other.contains(x))
    }

    /// `a ^ b`: `self`'s elements not in `other` (in `self`'s order), then `other`'s not in
    /// `self` (in `other`'s order).
    pub fn symmetric_difference<S2: BuildHasher>(&self, other: &Set<T, S2>) -> Self
    where
        T: Clone,
        S: Clone,
    {
        let mut r = self.filtered(|x| !other.contains(x));
        for x in other {
            if !self.contains(x) {
                r.add(x.clone());
            }
        }
        r
    }

    fn filtered(&self, mut keep: impl FnMut(&T) -> bool) -> Self
    where
        T: Clone,
        S: Clone,
    {
        let mut r = Set::with_hasher(self.map.hasher().clone());
        for x in self {
            if keep(x) {
                r.add(x.clone());
            }
        }
        r
    }

    /// `a |= b` / `a.update(b)`: `other`'s new elements go to the end, in `other`'s order.
    pub fn update<S2>(&mut self, other: &Set<T, S2>)
    where
        T: Clone,
    {
        self.extend(other.iter().cloned())
    }

    /// `a &= b` / `a.intersection_update(b)`.
    pub fn intersection_update<S2: BuildHasher>(&mut self, other: &Set<T, S2>) {
        self.retain(|x| other.contains(x))
    }

    /// `a -= b` / `a.difference_update(b)`.
    pub fn difference_update<S2: BuildHasher>(&mut self, other: &Set<T, S2>) {
        if other.len() < self.len() / 4 {
            for x in other {
                self.discard(x);
            }
        } else {
            self.retain(|x| !other.contains(x))
        }
    }

    /// `a ^= b` / `a.symmetric_difference_update(b)`: common elements leave, `other`'s others go
    /// to the end in `other`'s order.
    pub fn symmetric_difference_update<S2: BuildHasher>(&mut self, other: &Set<T, S2>)
    where
        T: Clone,
    {
        for x in other {
            if !self.discard(x) {
                self.add(x.clone());
            }
        }
    }

    /// `a <= b` / `a.issubset(b)`.
    pub fn is_subset<S2: BuildHasher>(&self, other: &Set<T, S2>) -> bool {
        self.len() <= other.len() && self.iter().all(|x| other.contains(x))
    }

    /// `a >= b` / `a.issuperset(b)`.
    pub fn is_superset<S2: BuildHasher>(&self, other: &Set<T, S2>) -> bool {
        other.is_subset(self)
    }

    /// `a < b`: a subset and not equal.
    pub fn is_proper_subset<S2: BuildHasher>(&self, other: &Set<T, S2>) -> bool {
        self.len() < other.len() && self.is_subset(other)
    }

    /// `a > b`: a superset and not equal.
    pub fn is_proper_superset<S2: BuildHasher>(&self, other: &Set<T, S2>) -> bool {
        other.is_proper_subset(self)
    }

    /// `a.isdisjoint(b)`.
    pub fn is_disjoint<S2: BuildHasher>(&self, other: &Set<T, S2>) -> bool {
        if self.len() <= other.len() {
            self.iter().all(|x| !other.contains(x))
        } else {
            other.iter().all(|x| !self.contains(x))
        }
    }
}

impl<T, S: Default> Default for Set<T, S> {
    fn default() -> Self {
        Set {
            map: Dict::default(),
        }
    }
}

/// Order-insensitive, like Python.
impl<T: Hash + Eq, S: BuildHasher, S2: BuildHasher> PartialEq<Set<T, S2>> for Set<T, S> {
    fn eq(&self, other: &Set<T, S2>) -> bool {
        self.len() == other.len() && self.is_subset(other)
    }
}

impl<T: Hash + Eq, S: BuildHasher> Eq for Set<T, S> {}

impl<T: fmt::Debug, S> fmt::Debug for Set<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// `{1, 2}`; `set()` when empty.
impl<T: PyFmt, S> PyFmt for Set<T, S> {
    fn fmt_str(&self, out: &mut String) {
        fmt_set(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        fmt_set(self.iter(), out)
    }
}

/// `set(iterable)`: the first occurrence of each element, in order.
impl<T: Hash + Eq, S: BuildHasher + Default> FromIterator<T> for Set<T, S> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Set {
            map: iter.into_iter().map(|x| (x, ())).collect(),
        }
    }
}

/// `s.update(iterable)`.
impl<T: Hash + Eq, S: BuildHasher> Extend<T> for Set<T, S> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.map.extend(iter.into_iter().map(|x| (x, ())))
    }
}

/// `{a, b, c}` as `Set::from([a, b, c])`.
impl<T: Hash + Eq, const N: usize> From<[T; N]> for Set<T, PyBuildHasher> {
    fn from(xs: [T; N]) -> Self {
        xs.into_iter().collect()
    }
}

macro_rules! set_operator {
    ($trait:ident, $method:ident, $call:ident, $doc:literal) => {
        #[doc = $doc]
        impl<T: Hash + Eq + Clone, S: BuildHasher + Clone> std::ops::$trait<&Set<T, S>>
            for &Set<T, S>
        {
            type Output = Set<T, S>;
            fn $method(self, other: &Set<T, S>) -> Set<T, S> {
                self.$call(other)
            }
        }
    };
}
set_operator!(BitOr, bitor, union, "`a | b` ([`Set::union`]).");
set_operator!(
    BitAnd,
    bitand,
    intersection,
    "`a & b` ([`Set::intersection`])."
);
set_operator!(Sub, sub, difference, "`a - b` ([`Set::difference`]).");
set_operator!(
    BitXor,
    bitxor,
    symmetric_difference,
    "`a ^ b` ([`Set::symmetric_difference`])."
);

/// Iterator over a set's elements in insertion order.
pub struct Iter<'a, T> {
    inner: dict::Keys<'a, T, ()>,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            inner: self.inner.clone(),
        }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;
    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        self.inner.next()
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back()
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

/// Owning iterator over a set's elements in insertion order.
pub struct IntoIter<T> {
    inner: dict::IntoIter<T, ()>,
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;
    #[inline]
    fn next(&mut self) -> Option<T> {
        self.inner.next().map(|(x, ())| x)
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> DoubleEndedIterator for IntoIter<T> {
    fn next_back(&mut self) -> Option<T> {
        self.inner.next_back().map(|(x, ())| x)
    }
}

impl<T> ExactSizeIterator for IntoIter<T> {}
impl<T> FusedIterator for IntoIter<T> {}

impl<T, S> IntoIterator for Set<T, S> {
    type Item = T;
    type IntoIter = IntoIter<T>;
    fn into_iter(self) -> IntoIter<T> {
        IntoIter {
            inner: self.map.into_iter(),
        }
    }
}

impl<'a, T, S> IntoIterator for &'a Set<T, S> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}
