//! Python's `set[T]`: [`Set`], CPython's own hash table, so that a set iterates (and prints, and
//! pops) in the order CPython's does.
//!
//! CPython's set order is not insertion order: it is where each element lands in an
//! open-addressing table (`Objects/setobject.c`), which depends on the element's hash, the table
//! size, and the history of insertions, deletions and resizes. `print({3, 1, 2})` shows
//! `{1, 2, 3}`. This module is that table, step for step: the same probe sequence (linear probes,
//! then perturbation), the same growth rule, deleted slots left as dummies, `pop` from CPython's
//! moving finger, and each operation (`|`, `&`, `-`, `^`, their in-place forms, `copy`, literals)
//! built the way CPython builds it. With CPython's hashes ([`PyHash`]) the order is CPython's
//! order: for ints, floats and tuples of them always; for strs, CPython's with
//! `PYTHONHASHSEED=0` (its str hashes change from run to run otherwise).
//!
//! Like CPython's, the table can be driven into long probe chains by elements chosen to collide
//! (ints that are equal modulo the table size); the dict ([`crate::Dict`]) is the randomly seeded
//! one.

use std::borrow::Borrow;
use std::fmt;
use std::iter::FusedIterator;

use crate::error::{raise_exc, PyException};
use crate::fmt::{fmt_set, PyFmt};
use crate::hash::PyHash;

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Debug)]
enum Slot<T> {
    Empty,
    /// A removed element's place: lookups go on past it, insertions may reuse it.
    Dummy,
    Full(u64, T),
}

/// Python's `set[T]`, in CPython's order. See the [module docs](self).
#[derive(Clone)]
pub struct Set<T> {
    table: Vec<Slot<T>>,
    /// Full and dummy slots.
    fill: usize,
    /// Full slots.
    used: usize,
    /// Where the next `pop` starts looking.
    finger: usize,
}

impl<T> Set<T> {
    /// `set()`: an empty set.
    pub fn new() -> Self {
        Set {
            table: empty_table(MIN_SIZE),
            fill: 0,
            used: 0,
            finger: 0,
        }
    }

    /// An empty set (CPython sizes a set by what goes in, not in advance).
    pub fn with_capacity(_n: usize) -> Self {
        Set::new()
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// `len(s)`.
    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    /// `not s`.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// `s.clear()`.
    pub fn clear(&mut self) {
        self.table = empty_table(MIN_SIZE);
        self.fill = 0;
        self.used = 0;
    }

    /// Iteration in CPython's order (table order).
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            slots: self.table.iter(),
            left: self.used,
        }
    }

    /// Keeps only the elements for which `f` returns true (the others leave dummies, as
    /// `discard` does).
    pub fn retain(&mut self, mut f: impl FnMut(&T) -> bool) {
        for slot in &mut self.table {
            if let Slot::Full(_, x) = slot {
                if !f(x) {
                    *slot = Slot::Dummy;
                    self.used -= 1;
                }
            }
        }
    }

    /// `s.pop()`: CPython's: the first element at or after the finger (KeyError
    /// `'pop from an empty set'`).
    pub fn pop(&mut self) -> T {
        if self.used == 0 {
            raise_exc(PyException::key_error("pop from an empty set"));
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.table[i], Slot::Full(..)) {
            i = (i + 1) & mask;
        }
        self.finger = i + 1;
        self.used -= 1;
        match std::mem::replace(&mut self.table[i], Slot::Dummy) {
            Slot::Full(_, x) => x,
            _ => unreachable!("the slot was checked to be full"),
        }
    }

    /// Internal sizes for tests: (elements, table slots).
    #[doc(hidden)]
    pub fn debug_sizes(&self) -> (usize, usize) {
        (self.used, self.table.len())
    }

    /// Puts `x` in the first empty slot of its probe sequence (`set_insert_clean`): for a table
    /// with no dummies that does not hold `x`.
    fn insert_clean(table: &mut [Slot<T>], hash: u64, x: T) {
        if let Some(i) = probe(hash, table.len() - 1).find(|&i| matches!(table[i], Slot::Empty)) {
            table[i] = Slot::Full(hash, x);
        }
    }

    /// The resize CPython makes when a table fills up or fills with dummies.
    fn grow(&mut self) {
        let min_used = if self.used > 50_000 {
            self.used * 2
        } else {
            self.used * 4
        };
        self.resize(min_used);
    }

    /// `set_table_resize`: a table of the smallest power of two above `min_used` (at least 8),
    /// the elements reinserted in table order.
    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.table, empty_table(size));
        self.fill = self.used;
        for slot in old {
            if let Slot::Full(h, x) = slot {
                Self::insert_clean(&mut self.table, h, x);
            }
        }
    }
}

impl<T: PyHash + Eq> Set<T> {
    /// The slot holding an element equal to `x` (hash `hash`), if any (`set_lookkey`).
    fn find<Q>(&self, x: &Q, hash: u64) -> Option<usize>
    where
        T: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        for i in probe(hash, self.mask()) {
            match &self.table[i] {
                Slot::Empty => return None,
                Slot::Full(h, y) if *h == hash && y.borrow() == x => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// `set_add_entry`: true if `x` was not there. A new element takes the last dummy on its
    /// probe sequence before the first empty slot, else that empty slot.
    fn add_hashed(&mut self, hash: u64, x: T) -> bool {
        let mask = self.mask();
        let mut free: Option<usize> = None;
        let mut empty = 0;
        for i in probe(hash, mask) {
            match &self.table[i] {
                Slot::Empty => {
                    empty = i;
                    break;
                }
                Slot::Full(h, y) if *h == hash && *y == x => return false,
                // CPython keeps the last dummy seen, not the first.
                Slot::Dummy => free = Some(i),
                Slot::Full(..) => {}
            }
        }
        self.used += 1;
        if let Some(d) = free {
            // A dummy on the way: reuse it (the fill stays).
            self.table[d] = Slot::Full(hash, x);
            return true;
        }
        self.table[empty] = Slot::Full(hash, x);
        self.fill += 1;
        if self.fill * 5 >= mask * 3 {
            self.grow();
        }
        true
    }

    /// `x in s`.
    #[inline]
    pub fn contains<Q>(&self, x: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: PyHash + Eq + ?Sized,
    {
        self.find(x, hash_of(x)).is_some()
    }

    /// The stored element equal to `x`, if any.
    pub fn get<Q>(&self, x: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
        Q: PyHash + Eq + ?Sized,
    {
        match self.find(x, hash_of(x)).map(|i| &self.table[i]) {
            Some(Slot::Full(_, y)) => Some(y),
            _ => None,
        }
    }

    /// `s.add(x)`: true if `x` was not there (a present element stays as it is).
    #[inline]
    pub fn insert(&mut self, x: T) -> bool {
        let hash = hash_of(&x);
        self.add_hashed(hash, x)
    }

    /// `s.add(x)` (same as [`Set::insert`], without the result).
    #[inline]
    pub fn add(&mut self, x: T) {
        self.insert(x);
    }

    /// `s.remove(x)` (KeyError with `repr(x)` when missing).
    pub fn remove<Q>(&mut self, x: &Q)
    where
        T: Borrow<Q>,
        Q: PyHash + Eq + PyFmt + ?Sized,
    {
        if self.take(x).is_none() {
            raise_exc(PyException::key_error(x));
        }
    }

    /// `s.discard(x)`: true if `x` was there.
    pub fn discard<Q>(&mut self, x: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: PyHash + Eq + ?Sized,
    {
        self.take(x).is_some()
    }

    /// Removes `x` and returns the stored element, if present (its slot becomes a dummy).
    pub fn take<Q>(&mut self, x: &Q) -> Option<T>
    where
        T: Borrow<Q>,
        Q: PyHash + Eq + ?Sized,
    {
        let i = self.find(x, hash_of(x))?;
        self.used -= 1;
        match std::mem::replace(&mut self.table[i], Slot::Dummy) {
            Slot::Full(_, y) => Some(y),
            _ => None,
        }
    }

    /// `set_merge`: adds `other`'s elements the way CPython adds a whole set (one resize
    /// first; into an empty table of the same size, slot for slot).
    fn merge(&mut self, other: &Set<T>)
    where
        T: Clone,
    {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table = other.table.clone();
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            self.fill = other.used;
            self.used = other.used;
            for slot in &other.table {
                if let Slot::Full(h, x) = slot {
                    Self::insert_clean(&mut self.table, *h, x.clone());
                }
            }
            return;
        }
        for slot in &other.table {
            if let Slot::Full(h, x) = slot {
                self.add_hashed(*h, x.clone());
            }
        }
    }

    /// `s.copy()` / `set(s)`: a new set merged from this one.
    pub fn copy(&self) -> Self
    where
        T: Clone,
    {
        let mut r = Set::new();
        r.merge(self);
        r
    }

    /// `{1, 2, 3}` with constant elements, three or more. CPython's compiler makes a frozenset
    /// of them, then (merging equal constants) a second frozenset from the first one's items in
    /// its order; the program's set is a copy of that.
    pub fn from_constants<I: IntoIterator<Item = T>>(items: I) -> Self
    where
        T: Clone,
    {
        let first: Set<T> = items.into_iter().collect();
        first.refold()
    }

    /// The set CPython's compiler makes of a frozenset constant (`from_constants`, given the
    /// set built from the constants in order).
    pub fn refold(self) -> Self
    where
        T: Clone,
    {
        let merged: Set<T> = self.into_iter().collect();
        merged.copy()
    }

    /// `a | b`: a copy of `self` with `other` merged in.
    pub fn union(&self, other: &Set<T>) -> Self
    where
        T: Clone,
    {
        let mut r = self.copy();
        r.merge(other);
        r
    }

    /// `a & b`: the smaller set's elements (the second one's when equal in size) that the other
    /// holds, in the smaller one's order.
    pub fn intersection(&self, other: &Set<T>) -> Self
    where
        T: Clone,
    {
        if std::ptr::eq(self, other) {
            return self.copy();
        }
        let (big, small) = if other.len() > self.len() {
            (other, self)
        } else {
            (self, other)
        };
        Self::select(small, |x, h| big.find(x, h).is_some())
    }

    /// A new set of `from`'s elements (in its table order) for which `keep` holds, added one by
    /// one.
    fn select(from: &Set<T>, mut keep: impl FnMut(&T, u64) -> bool) -> Self
    where
        T: Clone,
    {
        let mut r = Set::new();
        for slot in &from.table {
            if let Slot::Full(h, x) = slot {
                if keep(x, *h) {
                    r.add_hashed(*h, x.clone());
                }
            }
        }
        r
    }

    /// `a - b`: for a `b` much smaller than `a`, a copy of `a` with `b`'s elements discarded;
    /// else `a`'s elements not in `b`, added in `a`'s order.
    pub fn difference(&self, other: &Set<T>) -> Self
    where
        T: Clone,
    {
        if (self.len() >> 2) > other.len() {
            let mut r = self.copy();
            r.difference_update(other);
            return r;
        }
        Self::select(self, |x, h| other.find(x, h).is_none())
    }

    /// `a ^ b`: a new set from `b`, then `a`'s elements toggled in `a`'s order.
    pub fn symmetric_difference(&self, other: &Set<T>) -> Self
    where
        T: Clone,
    {
        let mut r = other.copy();
        r.symmetric_difference_update(self);
        r
    }

    /// `a |= b` / `a.update(b)`.
    pub fn update(&mut self, other: &Set<T>)
    where
        T: Clone,
    {
        self.merge(other)
    }

    /// `a &= b` / `a.intersection_update(b)`: the intersection takes this set's place.
    pub fn intersection_update(&mut self, other: &Set<T>)
    where
        T: Clone,
    {
        let finger = self.finger;
        *self = self.intersection(other);
        self.finger = finger;
    }

    /// `a -= b` / `a.difference_update(b)`: `b`'s elements discarded, in `b`'s order; then,
    /// if more than a quarter of the table is dummies, a resize clears them away.
    pub fn difference_update(&mut self, other: &Set<T>) {
        for slot in &other.table {
            if let Slot::Full(h, x) = slot {
                if let Some(i) = self.find(x, *h) {
                    self.table[i] = Slot::Dummy;
                    self.used -= 1;
                }
            }
        }
        if self.fill - self.used > self.mask() / 4 {
            self.grow();
        }
    }

    /// `a ^= b` / `a.symmetric_difference_update(b)`: each of `b`'s elements, in `b`'s order,
    /// leaves if present and comes in if not.
    pub fn symmetric_difference_update(&mut self, other: &Set<T>)
    where
        T: Clone,
    {
        if std::ptr::eq(self, other) {
            self.clear();
            return;
        }
        for slot in &other.table {
            if let Slot::Full(h, x) = slot {
                match self.find(x, *h) {
                    Some(i) => {
                        self.table[i] = Slot::Dummy;
                        self.used -= 1;
                    }
                    None => {
                        self.add_hashed(*h, x.clone());
                    }
                }
            }
        }
    }

    /// `a <= b` / `a.issubset(b)`.
    pub fn is_subset(&self, other: &Set<T>) -> bool {
        self.len() <= other.len() && self.iter().all(|x| other.contains(x))
    }

    /// `a >= b` / `a.issuperset(b)`.
    pub fn is_superset(&self, other: &Set<T>) -> bool {
        other.is_subset(self)
    }

    /// `a < b`: a subset and not equal.
    pub fn is_proper_subset(&self, other: &Set<T>) -> bool {
        self.len() < other.len() && self.is_subset(other)
    }

    /// `a > b`: a superset and not equal.
    pub fn is_proper_superset(&self, other: &Set<T>) -> bool {
        other.is_proper_subset(self)
    }

    /// `a.isdisjoint(b)`.
    pub fn is_disjoint(&self, other: &Set<T>) -> bool {
        if self.len() <= other.len() {
            self.iter().all(|x| !other.contains(x))
        } else {
            other.iter().all(|x| !self.contains(x))
        }
    }
}

/// The slots CPython's probe sequence visits for `hash` in a table of `mask + 1` slots: the home
/// slot and, where they fit, the nine after it; then the next home slot by the perturbed
/// recurrence, and so on (endless: every caller stops at an empty slot, and a table always has
/// one).
fn probe(hash: u64, mask: usize) -> impl Iterator<Item = usize> {
    let mut perturb = hash;
    let mut home = hash as usize & mask;
    let mut next = 0;
    std::iter::from_fn(move || {
        let run = if home + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        if next > run {
            perturb >>= PERTURB_SHIFT;
            home = home
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize)
                & mask;
            next = 0;
        }
        next += 1;
        Some(home + next - 1)
    })
}

/// CPython's hash of `x` as the table's unsigned word.
fn hash_of<Q: PyHash + ?Sized>(x: &Q) -> u64 {
    x.py_hash() as u64
}

fn empty_table<T>(size: usize) -> Vec<Slot<T>> {
    (0..size).map(|_| Slot::Empty).collect()
}

impl<T> Default for Set<T> {
    fn default() -> Self {
        Set::new()
    }
}

/// Order-insensitive, like Python.
impl<T: PyHash + Eq> PartialEq for Set<T> {
    fn eq(&self, other: &Set<T>) -> bool {
        self.len() == other.len() && self.is_subset(other)
    }
}

impl<T: PyHash + Eq> Eq for Set<T> {}

impl<T: fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// `{1, 2}`; `set()` when empty.
impl<T: PyFmt> PyFmt for Set<T> {
    fn fmt_str(&self, out: &mut String) {
        fmt_set(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        fmt_set(self.iter(), out)
    }
}

/// `set(iterable)`: each element added in turn.
impl<T: PyHash + Eq> FromIterator<T> for Set<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut s = Set::new();
        s.extend(iter);
        s
    }
}

/// `s.update(iterable)`: each element added in turn.
impl<T: PyHash + Eq> Extend<T> for Set<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for x in iter {
            self.insert(x);
        }
    }
}

/// `{a, b}`: each element added in turn.
impl<T: PyHash + Eq, const N: usize> From<[T; N]> for Set<T> {
    fn from(xs: [T; N]) -> Self {
        xs.into_iter().collect()
    }
}

macro_rules! set_operator {
    ($trait:ident, $method:ident, $call:ident, $doc:literal) => {
        #[doc = $doc]
        impl<T: PyHash + Eq + Clone> std::ops::$trait<&Set<T>> for &Set<T> {
            type Output = Set<T>;
            fn $method(self, other: &Set<T>) -> Set<T> {
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

/// Iterator over a set's elements in CPython's order.
pub struct Iter<'a, T> {
    slots: std::slice::Iter<'a, Slot<T>>,
    left: usize,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            slots: self.slots.clone(),
            left: self.left,
        }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;
    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        for slot in self.slots.by_ref() {
            if let Slot::Full(_, x) = slot {
                self.left -= 1;
                return Some(x);
            }
        }
        None
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        while let Some(slot) = self.slots.next_back() {
            if let Slot::Full(_, x) = slot {
                self.left -= 1;
                return Some(x);
            }
        }
        None
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

/// Owning iterator over a set's elements in CPython's order.
pub struct IntoIter<T> {
    slots: std::vec::IntoIter<Slot<T>>,
    left: usize,
}

impl<T> Iterator for IntoIter<T> {
    type Item = T;
    #[inline]
    fn next(&mut self) -> Option<T> {
        for slot in self.slots.by_ref() {
            if let Slot::Full(_, x) = slot {
                self.left -= 1;
                return Some(x);
            }
        }
        None
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<T> DoubleEndedIterator for IntoIter<T> {
    fn next_back(&mut self) -> Option<T> {
        while let Some(slot) = self.slots.next_back() {
            if let Slot::Full(_, x) = slot {
                self.left -= 1;
                return Some(x);
            }
        }
        None
    }
}

impl<T> ExactSizeIterator for IntoIter<T> {}
impl<T> FusedIterator for IntoIter<T> {}

impl<T> IntoIterator for Set<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;
    fn into_iter(self) -> IntoIter<T> {
        IntoIter {
            left: self.used,
            slots: self.table.into_iter(),
        }
    }
}

impl<'a, T> IntoIterator for &'a Set<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}
