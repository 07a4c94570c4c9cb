//! Python's `dict[K, V]`: [`Dict`], a hash map that keeps CPython's insertion order.
//!
//! # Order
//! Iteration follows CPython exactly: keys come in the order they were first inserted; updating
//! the value of a present key keeps its place; a key that is deleted and inserted again goes to
//! the end.
//!
//! # Layout
//! Like CPython's own dict, two arrays:
//! - `entries`, a `Vec` of `(hash, Option<(K, V)>)` in insertion order. A removed entry becomes
//!   `None` (a tombstone) so that the others keep their order, and removal stays O(1).
//! - `index`, an open-addressing table (power-of-two size, triangular probing, load ≤ 3/4) of
//!   `u64` slots: the entry's position in the low 32 bits, the high 32 bits of its hash in the
//!   high 32 bits, so a probe rejects most non-matching slots without touching `entries`.
//!
//! Tombstones never pile up: when they outnumber live entries (by more than 8) the entries are
//! compacted and the index rebuilt from the stored hashes (no key is hashed twice), so
//! `entries.len() <= 2 * len() + 8` after every operation and the cost stays O(1) amortized.
//! Tombstones at the end are dropped at once (so `popitem` is O(1)), and the first live entry is
//! remembered (so [`crate::Set::pop`], which takes the first one, is O(1) too).
//!
//! # Keys
//! Keys are `Hash + Eq` (`int`, `str`, `bool`, tuples, user classes with `__hash__`/`__eq__`).
//! Float keys are not supported yet (`f64` is not `Eq`); Python would allow them.
//!
//! Lookups borrow: a `Dict<String, V>` is queried with a `&str` (the [`Borrow`] pattern of std's
//! maps). Errors are Python's: [`Dict::index`] raises `KeyError` with the key's repr.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::iter::FusedIterator;

use crate::error::{raise, raise_exc, ErrorKind, PyException};
use crate::fmt::{fmt_dict, PyFmt};
use crate::hash::PyBuildHasher;

/// An index slot that was never used: a probe stops here.
const EMPTY: u64 = u64::MAX;
/// An index slot whose entry was dropped from the end of `entries`: a probe goes on.
const DELETED: u64 = u64::MAX - 1;
/// Entry positions must stay below `0xFFFF_FFFE` so a slot never equals `EMPTY` or `DELETED`.
const MAX_ENTRIES: usize = (u32::MAX - 1) as usize;
/// Smallest index table.
const MIN_INDEX: usize = 8;

#[derive(Clone)]
struct Slot<K, V> {
    hash: u64,
    kv: Option<(K, V)>,
}

/// Python's `dict[K, V]`, insertion-ordered as in CPython. See the [module docs](self).
#[derive(Clone)]
pub struct Dict<K, V, S = PyBuildHasher> {
    entries: Vec<Slot<K, V>>,
    index: Vec<u64>,
    /// Index slots that are not `EMPTY` (live entries, tombstones, and `DELETED`).
    used: usize,
    /// Live entries.
    live: usize,
    /// Every entry before this position is a tombstone.
    head: usize,
    hasher: S,
}

/// Where a key is, or where it would go.
enum Probe {
    /// The key's entry position.
    Found(usize),
    /// The index slot a new entry for the key would take (`usize::MAX`: no table yet).
    Vacant(usize),
}

#[inline]
fn slot_value(hash: u64, i: usize) -> u64 {
    (hash & 0xFFFF_FFFF_0000_0000) | i as u64
}

/// The index size for `n` entries at load ≤ 3/4.
fn index_size_for(n: usize) -> usize {
    (n + n / 3 + 1).next_power_of_two().max(MIN_INDEX)
}

#[cold]
#[inline(never)]
fn too_large() -> ! {
    raise(ErrorKind::Other("MemoryError"), "")
}

impl<K, V> Dict<K, V, PyBuildHasher> {
    /// `{}`: an empty dict (allocates nothing).
    #[inline]
    pub fn new() -> Self {
        Self::with_hasher(PyBuildHasher::default())
    }

    /// An empty dict with room for `n` entries before any reallocation.
    pub fn with_capacity(n: usize) -> Self {
        Self::with_capacity_and_hasher(n, PyBuildHasher::default())
    }
}

impl<K, V, S> Dict<K, V, S> {
    /// An empty dict that hashes with `hasher`.
    pub fn with_hasher(hasher: S) -> Self {
        Dict {
            entries: Vec::new(),
            index: Vec::new(),
            used: 0,
            live: 0,
            head: 0,
            hasher,
        }
    }

    /// An empty dict with room for `n` entries, hashing with `hasher`.
    pub fn with_capacity_and_hasher(n: usize, hasher: S) -> Self {
        let index = if n == 0 {
            Vec::new()
        } else {
            vec![EMPTY; index_size_for(n)]
        };
        Dict {
            entries: Vec::with_capacity(n),
            index,
            used: 0,
            live: 0,
            head: 0,
            hasher,
        }
    }

    /// `len(d)`.
    #[inline]
    pub fn len(&self) -> usize {
        self.live
    }

    /// `not d`.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The hasher.
    pub fn hasher(&self) -> &S {
        &self.hasher
    }

    /// `d.clear()`: removes everything and frees the memory.
    pub fn clear(&mut self) {
        self.entries = Vec::new();
        self.index = Vec::new();
        self.used = 0;
        self.live = 0;
        self.head = 0;
    }

    /// `d.items()` / iteration over `(key, value)` pairs, in insertion order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            inner: self.entries[self.head..].iter(),
            left: self.live,
        }
    }

    /// `d.items()` (same as [`Dict::iter`]).
    pub fn items(&self) -> Iter<'_, K, V> {
        self.iter()
    }

    /// Iteration over `(key, &mut value)` pairs, in insertion order.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut {
            inner: self.entries[self.head..].iter_mut(),
            left: self.live,
        }
    }

    /// `d.keys()` / `for k in d`.
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys { inner: self.iter() }
    }

    /// `d.values()`.
    pub fn values(&self) -> Values<'_, K, V> {
        Values { inner: self.iter() }
    }

    /// `d.values()`, mutably.
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut {
            inner: self.iter_mut(),
        }
    }

    /// The keys, by value, in order.
    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = K> + ExactSizeIterator {
        self.into_iter().map(|(k, _)| k)
    }

    /// The values, by value, in order.
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.into_iter().map(|(_, v)| v)
    }

    /// The first pair in order (`next(iter(d.items()))`).
    pub fn first(&self) -> Option<(&K, &V)> {
        self.iter().next()
    }

    /// The last pair in order.
    pub fn last(&self) -> Option<(&K, &V)> {
        self.iter().next_back()
    }

    /// Internal sizes for tests: (length of the entries vector, tombstones included; size of the
    /// index table).
    #[doc(hidden)]
    pub fn debug_sizes(&self) -> (usize, usize) {
        (self.entries.len(), self.index.len())
    }

    /// The index slot that holds entry `i` (which must be in the table).
    fn slot_of_entry(&self, hash: u64, i: usize) -> usize {
        let mask = self.index.len() - 1;
        let want = slot_value(hash, i);
        let mut pos = hash as usize & mask;
        let mut stride = 0;
        loop {
            let s = self.index[pos];
            if s == want {
                return pos;
            }
            debug_assert!(s != EMPTY, "dict index lost an entry");
            stride += 1;
            pos = (pos + stride) & mask;
        }
    }

    /// The first `EMPTY` or `DELETED` slot on `hash`'s probe sequence.
    fn free_slot(&self, hash: u64) -> usize {
        let mask = self.index.len() - 1;
        let mut pos = hash as usize & mask;
        let mut stride = 0;
        loop {
            let s = self.index[pos];
            if s == EMPTY || s == DELETED {
                return pos;
            }
            stride += 1;
            pos = (pos + stride) & mask;
        }
    }

    /// Drops tombstones and rebuilds the index, sized for the live entries plus half as many
    /// again (no index at all when empty).
    fn rebuild(&mut self) {
        let n = if self.live == 0 {
            0
        } else {
            self.live + self.live / 2 + 1
        };
        self.rebuild_for(n)
    }

    /// Drops tombstones and rebuilds the index with room for `n` entries.
    fn rebuild_for(&mut self, n: usize) {
        if self.live < self.entries.len() {
            self.entries.retain(|s| s.kv.is_some());
            if self.entries.capacity() > 4 * self.entries.len() + 16 {
                self.entries.shrink_to(2 * self.entries.len() + 8);
            }
        }
        self.head = 0;
        if n == 0 {
            self.index = Vec::new();
            self.used = 0;
            return;
        }
        let size = index_size_for(n.max(self.live));
        if self.index.len() == size {
            self.index.fill(EMPTY);
        } else {
            self.index = vec![EMPTY; size];
        }
        let mask = size - 1;
        for (i, e) in self.entries.iter().enumerate() {
            let mut pos = e.hash as usize & mask;
            let mut stride = 0;
            while self.index[pos] != EMPTY {
                stride += 1;
                pos = (pos + stride) & mask;
            }
            self.index[pos] = slot_value(e.hash, i);
        }
        self.used = self.entries.len();
    }

    /// After a removal: drops tombstones at the end, and compacts when they outnumber the live
    /// entries.
    fn after_remove(&mut self, i: usize) {
        if i + 1 == self.entries.len() {
            while let Some(last) = self.entries.last() {
                if last.kv.is_some() {
                    break;
                }
                let pos = self.slot_of_entry(last.hash, self.entries.len() - 1);
                self.index[pos] = DELETED;
                self.entries.pop();
            }
            self.head = self.head.min(self.entries.len());
        }
        if self.entries.len() > 2 * self.live + 8 {
            self.rebuild();
        }
    }

    /// Removes entry `i` (live) and returns it.
    fn remove_at(&mut self, i: usize) -> (K, V) {
        let kv = self.entries[i].kv.take().expect("live entry");
        self.live -= 1;
        self.after_remove(i);
        kv
    }

    /// Appends a new entry whose key is known to be absent; `pos` is the slot from the probe.
    fn push_new(&mut self, hash: u64, mut pos: usize, k: K, v: V) -> usize {
        let fresh = pos == usize::MAX || self.index[pos] == EMPTY;
        if pos == usize::MAX
            || (fresh && (self.used + 1) * 4 > self.index.len() * 3)
            || self.entries.len() >= MAX_ENTRIES
        {
            self.rebuild_for(self.live + self.live / 2 + 1);
            if self.entries.len() >= MAX_ENTRIES {
                too_large();
            }
            pos = self.free_slot(hash);
        }
        let i = self.entries.len();
        if self.index[pos] == EMPTY {
            self.used += 1;
        }
        self.index[pos] = slot_value(hash, i);
        self.entries.push(Slot {
            hash,
            kv: Some((k, v)),
        });
        self.live += 1;
        i
    }

    /// Removes and returns the first pair in order (what moves the head forward; tests).
    #[cfg(test)]
    pub(crate) fn pop_first(&mut self) -> Option<(K, V)> {
        if self.live == 0 {
            return None;
        }
        let mut i = self.head;
        while self.entries[i].kv.is_none() {
            i += 1;
        }
        self.head = i + 1;
        Some(self.remove_at(i))
    }

    /// Removes and returns the last pair in order (`d.popitem()` without the error).
    pub fn pop_last(&mut self) -> Option<(K, V)> {
        // Tombstones are never left at the end, so the last entry is live.
        let i = self.entries.len().checked_sub(1)?;
        Some(self.remove_at(i))
    }

    /// `d.popitem()`: removes and returns the last inserted pair (KeyError
    /// `'popitem(): dictionary is empty'`).
    pub fn popitem(&mut self) -> (K, V) {
        match self.pop_last() {
            Some(kv) => kv,
            None => raise_exc(PyException::key_error("popitem(): dictionary is empty")),
        }
    }

    /// Keeps only the pairs for which `f` returns true (order kept).
    pub fn retain(&mut self, mut f: impl FnMut(&K, &mut V) -> bool) {
        let mut removed = false;
        for e in &mut self.entries[self.head..] {
            if let Some((k, v)) = &mut e.kv {
                if !f(k, v) {
                    e.kv = None;
                    self.live -= 1;
                    removed = true;
                }
            }
        }
        if removed {
            self.rebuild();
        }
    }

    /// `d.copy()`.
    pub fn copy(&self) -> Self
    where
        K: Clone,
        V: Clone,
        S: Clone,
    {
        self.clone()
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> Dict<K, V, S> {
    #[inline]
    fn hash_of<Q: Hash + ?Sized>(&self, k: &Q) -> u64 {
        self.hasher.hash_one(k)
    }

    /// Finds `k`'s entry, or the slot where it would go.
    #[inline]
    fn probe<Q>(&self, hash: u64, k: &Q) -> Probe
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        if self.index.is_empty() {
            return Probe::Vacant(usize::MAX);
        }
        let mask = self.index.len() - 1;
        let mut pos = hash as usize & mask;
        let mut stride = 0;
        let mut free = usize::MAX;
        loop {
            let s = self.index[pos];
            if s == EMPTY {
                return Probe::Vacant(if free == usize::MAX { pos } else { free });
            }
            if s == DELETED {
                if free == usize::MAX {
                    free = pos;
                }
            } else if (s ^ hash) >> 32 == 0 {
                let i = s as u32 as usize;
                if let Some((ek, _)) = &self.entries[i].kv {
                    if ek.borrow() == k {
                        return Probe::Found(i);
                    }
                }
            }
            stride += 1;
            pos = (pos + stride) & mask;
        }
    }

    #[inline]
    fn find<Q>(&self, k: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.live == 0 {
            return None;
        }
        match self.probe(self.hash_of(k), k) {
            Probe::Found(i) => Some(i),
            Probe::Vacant(_) => None,
        }
    }

    /// `d.get(k)`: the value for `k`, if present.
    #[inline]
    pub fn get<Q>(&self, k: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.find(k)?;
        self.entries[i].kv.as_ref().map(|(_, v)| v)
    }

    /// The stored key and value for `k`, if present.
    pub fn get_key_value<Q>(&self, k: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.find(k)?;
        self.entries[i].kv.as_ref().map(|(k, v)| (k, v))
    }

    /// The value for `k`, mutably, if present.
    #[inline]
    pub fn get_mut<Q>(&mut self, k: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.find(k)?;
        self.entries[i].kv.as_mut().map(|(_, v)| v)
    }

    /// `d[k] = f(d.get(k, default))` with one lookup when `k` is present; the key is copied
    /// only when it is new (the common `counts[w] = counts.get(w, 0) + 1`).
    #[inline]
    pub fn upsert<Q>(&mut self, k: &Q, default: V, f: impl FnOnce(&V) -> V)
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(v) = self.get_mut(k) {
            let new = f(v);
            *v = new;
        } else {
            let new = f(&default);
            self.insert(k.to_owned(), new);
        }
    }

    /// `k in d`.
    #[inline]
    pub fn contains_key<Q>(&self, k: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(k).is_some()
    }

    /// `d[k] = v`: returns the old value if `k` was present (it keeps its place, and the stored
    /// key is kept, as in CPython); otherwise `k` goes to the end.
    #[inline]
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        let hash = self.hash_of(&k);
        match self.probe(hash, &k) {
            Probe::Found(i) => {
                let slot = &mut self.entries[i].kv.as_mut().expect("live entry").1;
                Some(std::mem::replace(slot, v))
            }
            Probe::Vacant(pos) => {
                self.push_new(hash, pos, k, v);
                None
            }
        }
    }

    /// `d[k]` (KeyError with `repr(k)` when missing).
    #[allow(clippy::should_implement_trait)]
    #[inline]
    pub fn index<Q>(&self, k: &Q) -> &V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + PyFmt + ?Sized,
    {
        match self.get(k) {
            Some(v) => v,
            None => key_error(k),
        }
    }

    /// `d[k]` as a place (`d[k] += 1`; KeyError with `repr(k)` when missing).
    #[allow(clippy::should_implement_trait)]
    #[inline]
    pub fn index_mut<Q>(&mut self, k: &Q) -> &mut V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + PyFmt + ?Sized,
    {
        match self.find(k) {
            Some(i) => &mut self.entries[i].kv.as_mut().expect("live entry").1,
            None => key_error(k),
        }
    }

    /// Removes `k` and returns its stored key and value, if present (no error).
    pub fn remove_entry<Q>(&mut self, k: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let i = self.find(k)?;
        Some(self.remove_at(i))
    }

    /// `del d[k]` (KeyError with `repr(k)` when missing).
    pub fn remove<Q>(&mut self, k: &Q)
    where
        K: Borrow<Q>,
        Q: Hash + Eq + PyFmt + ?Sized,
    {
        if self.remove_entry(k).is_none() {
            key_error(k)
        }
    }

    /// `d.pop(k)` (KeyError with `repr(k)` when missing).
    pub fn pop<Q>(&mut self, k: &Q) -> V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + PyFmt + ?Sized,
    {
        match self.remove_entry(k) {
            Some((_, v)) => v,
            None => key_error(k),
        }
    }

    /// `d.pop(k, default)`.
    pub fn pop_default<Q>(&mut self, k: &Q, default: V) -> V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        match self.remove_entry(k) {
            Some((_, v)) => v,
            None => default,
        }
    }

    /// The value for `k`, inserting `f()` first if `k` is missing (one hash, one probe).
    pub fn get_or_insert_with(&mut self, k: K, f: impl FnOnce() -> V) -> &mut V {
        let hash = self.hash_of(&k);
        let i = match self.probe(hash, &k) {
            Probe::Found(i) => i,
            Probe::Vacant(pos) => self.push_new(hash, pos, k, f()),
        };
        &mut self.entries[i].kv.as_mut().expect("live entry").1
    }

    /// `d.setdefault(k, default)`: the value for `k`, inserting `default` if missing.
    pub fn setdefault(&mut self, k: K, default: V) -> &mut V {
        self.get_or_insert_with(k, || default)
    }

    /// `d.update(pairs)` (same as [`Extend`]).
    pub fn update<I: IntoIterator<Item = (K, V)>>(&mut self, pairs: I) {
        self.extend(pairs)
    }

    /// `d.update(other)` from a borrowed dict: clones its keys and values.
    pub fn update_from<S2>(&mut self, other: &Dict<K, V, S2>)
    where
        K: Clone,
        V: Clone,
    {
        for (k, v) in other {
            self.insert(k.clone(), v.clone());
        }
    }

    /// Makes room for `n` more entries.
    pub fn reserve(&mut self, n: usize) {
        if (self.used + n) * 4 > self.index.len() * 3 {
            self.entries.reserve(n);
            self.rebuild_for(self.live + n);
        }
    }
}

#[cold]
#[inline(never)]
fn key_error<Q: PyFmt + ?Sized>(k: &Q) -> ! {
    raise_exc(PyException::key_error(k))
}

impl<K, V, S: Default> Default for Dict<K, V, S> {
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

/// Order-insensitive, like Python: same keys, equal values.
impl<K: Hash + Eq, V: PartialEq, S: BuildHasher, S2: BuildHasher> PartialEq<Dict<K, V, S2>>
    for Dict<K, V, S>
{
    fn eq(&self, other: &Dict<K, V, S2>) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V: Eq, S: BuildHasher> Eq for Dict<K, V, S> {}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for Dict<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// `{'a': 1, 'b': [1, 2]}`; `{}` when empty.
impl<K: PyFmt, V: PyFmt, S> PyFmt for Dict<K, V, S> {
    fn fmt_str(&self, out: &mut String) {
        fmt_dict(self.iter(), out)
    }
    fn fmt_repr(&self, out: &mut String) {
        fmt_dict(self.iter(), out)
    }
}

/// `d[k]` (KeyError with `repr(k)` when missing).
impl<K, V, S, Q> std::ops::Index<&Q> for Dict<K, V, S>
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + PyFmt + ?Sized,
    S: BuildHasher,
{
    type Output = V;
    #[inline]
    fn index(&self, k: &Q) -> &V {
        Dict::index(self, k)
    }
}

/// `d[k]` as a place (KeyError with `repr(k)` when missing; `d[k] = v` is [`Dict::insert`]).
impl<K, V, S, Q> std::ops::IndexMut<&Q> for Dict<K, V, S>
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + PyFmt + ?Sized,
    S: BuildHasher,
{
    #[inline]
    fn index_mut(&mut self, k: &Q) -> &mut V {
        Dict::index_mut(self, k)
    }
}

/// `dict(pairs)`: a later duplicate key overwrites the value and keeps the first place.
impl<K: Hash + Eq, V, S: BuildHasher + Default> FromIterator<(K, V)> for Dict<K, V, S> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut d = Dict::with_capacity_and_hasher(iter.size_hint().0, S::default());
        d.extend(iter);
        d
    }
}

/// `d.update(pairs)`.
impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for Dict<K, V, S> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

/// `{k1: v1, k2: v2}` as `Dict::from([(k1, v1), (k2, v2)])`.
impl<K: Hash + Eq, V, const N: usize> From<[(K, V); N]> for Dict<K, V, PyBuildHasher> {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

/// Iterator over `(&K, &V)` in insertion order ([`Dict::iter`]).
pub struct Iter<'a, K, V> {
    inner: std::slice::Iter<'a, Slot<K, V>>,
    left: usize,
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Iter {
            inner: self.inner.clone(),
            left: self.left,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        for s in self.inner.by_ref() {
            if let Some((k, v)) = &s.kv {
                self.left -= 1;
                return Some((k, v));
            }
        }
        None
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        while let Some(s) = self.inner.next_back() {
            if let Some((k, v)) = &s.kv {
                self.left -= 1;
                return Some((k, v));
            }
        }
        None
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

/// Iterator over `(&K, &mut V)` in insertion order ([`Dict::iter_mut`]).
pub struct IterMut<'a, K, V> {
    inner: std::slice::IterMut<'a, Slot<K, V>>,
    left: usize,
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        for s in self.inner.by_ref() {
            if let Some((k, v)) = &mut s.kv {
                self.left -= 1;
                return Some((&*k, v));
            }
        }
        None
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> DoubleEndedIterator for IterMut<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        while let Some(s) = self.inner.next_back() {
            if let Some((k, v)) = &mut s.kv {
                self.left -= 1;
                return Some((&*k, v));
            }
        }
        None
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

/// Owning iterator over `(K, V)` in insertion order.
pub struct IntoIter<K, V> {
    inner: std::vec::IntoIter<Slot<K, V>>,
    left: usize,
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (K, V);
    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        for s in self.inner.by_ref() {
            if let Some(kv) = s.kv {
                self.left -= 1;
                return Some(kv);
            }
        }
        None
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> DoubleEndedIterator for IntoIter<K, V> {
    fn next_back(&mut self) -> Option<(K, V)> {
        while let Some(s) = self.inner.next_back() {
            if let Some(kv) = s.kv {
                self.left -= 1;
                return Some(kv);
            }
        }
        None
    }
}

impl<K, V> ExactSizeIterator for IntoIter<K, V> {}
impl<K, V> FusedIterator for IntoIter<K, V> {}

/// Iterator over the keys in insertion order ([`Dict::keys`]).
pub struct Keys<'a, K, V> {
    inner: Iter<'a, K, V>,
}

impl<K, V> Clone for Keys<'_, K, V> {
    fn clone(&self) -> Self {
        Keys {
            inner: self.inner.clone(),
        }
    }
}

impl<'a, K, V> Iterator for Keys<'a, K, V> {
    type Item = &'a K;
    #[inline]
    fn next(&mut self) -> Option<&'a K> {
        self.inner.next().map(|(k, _)| k)
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Keys<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(k, _)| k)
    }
}

impl<K, V> ExactSizeIterator for Keys<'_, K, V> {}
impl<K, V> FusedIterator for Keys<'_, K, V> {}

/// Iterator over the values in insertion order ([`Dict::values`]).
pub struct Values<'a, K, V> {
    inner: Iter<'a, K, V>,
}

impl<K, V> Clone for Values<'_, K, V> {
    fn clone(&self) -> Self {
        Values {
            inner: self.inner.clone(),
        }
    }
}

impl<'a, K, V> Iterator for Values<'a, K, V> {
    type Item = &'a V;
    #[inline]
    fn next(&mut self) -> Option<&'a V> {
        self.inner.next().map(|(_, v)| v)
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Values<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(_, v)| v)
    }
}

impl<K, V> ExactSizeIterator for Values<'_, K, V> {}
impl<K, V> FusedIterator for Values<'_, K, V> {}

/// Iterator over the values, mutably, in insertion order ([`Dict::values_mut`]).
pub struct ValuesMut<'a, K, V> {
    inner: IterMut<'a, K, V>,
}

impl<'a, K, V> Iterator for ValuesMut<'a, K, V> {
    type Item = &'a mut V;
    #[inline]
    fn next(&mut self) -> Option<&'a mut V> {
        self.inner.next().map(|(_, v)| v)
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for ValuesMut<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(_, v)| v)
    }
}

impl<K, V> ExactSizeIterator for ValuesMut<'_, K, V> {}
impl<K, V> FusedIterator for ValuesMut<'_, K, V> {}

impl<K, V, S> IntoIterator for Dict<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;
    fn into_iter(mut self) -> IntoIter<K, V> {
        let left = self.live;
        let mut entries = std::mem::take(&mut self.entries);
        entries.drain(..self.head);
        IntoIter {
            inner: entries.into_iter(),
            left,
        }
    }
}

impl<'a, K, V, S> IntoIterator for &'a Dict<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut Dict<K, V, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;
    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invariants_hold_under_churn() {
        let mut d: Dict<u32, u32> = Dict::new();
        let mut x = 1u32;
        for step in 0..20_000u32 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let k = (x >> 16) % 300;
            match (x >> 8) % 4 {
                0 | 1 => {
                    d.insert(k, step);
                }
                2 => {
                    d.remove_entry(&k);
                }
                _ => {
                    d.pop_first();
                }
            }
            assert!(d.entries.len() <= 2 * d.live + 8);
            assert_eq!(d.entries.iter().filter(|e| e.kv.is_some()).count(), d.live);
            assert!(d.entries[..d.head].iter().all(|e| e.kv.is_none()));
            assert!(d.entries.last().is_none_or(|e| e.kv.is_some()));
            assert!(d.index.is_empty() || d.used * 4 <= d.index.len() * 3);
            assert_eq!(d.index.iter().filter(|&&s| s != EMPTY).count(), d.used);
        }
    }
}
