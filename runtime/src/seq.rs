//! Lists and other sequences: Python's negative indices, slicing, `range`, list methods,
//! `sum`/`min`/`max`, and sorting that never panics on nan.

use crate::error::{raise, ErrorKind};
use crate::fmt::PyFmt;

/// Resolves a Python index (negative counts from the end) into `0..len`, or `None`.
#[inline]
pub fn norm_index(len: usize, i: i64) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    if j >= 0 && (j as u64) < len as u64 {
        Some(j as usize)
    } else {
        None
    }
}

#[cold]
#[inline(never)]
fn list_index_error() -> ! {
    raise(ErrorKind::IndexError, "list index out of range")
}

/// `xs[i]` (IndexError "list index out of range").
#[inline]
pub fn index<T>(xs: &[T], i: i64) -> &T {
    match norm_index(xs.len(), i) {
        Some(j) => &xs[j],
        None => list_index_error(),
    }
}

/// `xs[i]` as a place to assign (`xs[i] = v`; "list assignment index out of range").
#[inline]
pub fn index_mut<T>(xs: &mut [T], i: i64) -> &mut T {
    match norm_index(xs.len(), i) {
        Some(j) => &mut xs[j],
        None => raise(ErrorKind::IndexError, "list assignment index out of range"),
    }
}

/// `xs[i] = v` (IndexError "list assignment index out of range").
#[inline]
pub fn set_index<T>(xs: &mut [T], i: i64, v: T) {
    *index_mut(xs, i) = v;
}

/// `del xs[i]` (IndexError "list assignment index out of range").
pub fn list_del<T>(xs: &mut Vec<T>, i: i64) {
    match norm_index(xs.len(), i) {
        Some(j) => {
            xs.remove(j);
        }
        None => raise(ErrorKind::IndexError, "list assignment index out of range"),
    }
}

/// `xs.pop()`
#[inline]
pub fn list_pop<T>(xs: &mut Vec<T>) -> T {
    match xs.pop() {
        Some(x) => x,
        None => raise(ErrorKind::IndexError, "pop from empty list"),
    }
}

/// `xs.pop(i)`
pub fn list_pop_at<T>(xs: &mut Vec<T>, i: i64) -> T {
    if xs.is_empty() {
        raise(ErrorKind::IndexError, "pop from empty list");
    }
    match norm_index(xs.len(), i) {
        Some(j) => xs.remove(j),
        None => raise(ErrorKind::IndexError, "pop index out of range"),
    }
}

/// `xs.insert(i, x)`: the index is clamped like CPython.
pub fn list_insert<T>(xs: &mut Vec<T>, i: i64, x: T) {
    let n = xs.len() as i64;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
    xs.insert(j as usize, x);
}

/// `xs.index(x)` (ValueError "<repr> is not in list").
pub fn list_index<T: PartialEq + PyFmt>(xs: &[T], x: &T) -> i64 {
    match xs.iter().position(|y| y == x) {
        Some(i) => i as i64,
        None => raise(
            ErrorKind::ValueError,
            format!("{} is not in list", crate::repr(x)),
        ),
    }
}

/// `xs.index(x, start, end)` with Python's clamped bounds.
pub fn list_index_range<T: PartialEq + PyFmt>(
    xs: &[T],
    x: &T,
    start: Option<i64>,
    end: Option<i64>,
) -> i64 {
    let (a, b) = clamp_range(xs.len(), start, end);
    if a < b {
        if let Some(i) = xs[a..b].iter().position(|y| y == x) {
            return (a + i) as i64;
        }
    }
    raise(
        ErrorKind::ValueError,
        format!("{} is not in list", crate::repr(x)),
    )
}

/// Clamps optional start/end like `str.find` and `list.index` do.
#[inline]
pub(crate) fn clamp_range(len: usize, start: Option<i64>, end: Option<i64>) -> (usize, usize) {
    let n = len as i64;
    let fix = |v: i64| -> usize {
        if v < 0 {
            (v + n).max(0) as usize
        } else {
            v.min(n) as usize
        }
    };
    (fix(start.unwrap_or(0)), fix(end.unwrap_or(n)))
}

/// `xs.remove(x)` (ValueError "list.remove(x): x not in list").
pub fn list_remove<T: PartialEq>(xs: &mut Vec<T>, x: &T) {
    match xs.iter().position(|y| y == x) {
        Some(i) => {
            xs.remove(i);
        }
        None => raise(ErrorKind::ValueError, "list.remove(x): x not in list"),
    }
}

/// `xs.count(x)`
pub fn list_count<T: PartialEq>(xs: &[T], x: &T) -> i64 {
    xs.iter().filter(|y| *y == x).count() as i64
}

/// `xs * n` (n <= 0 gives an empty list).
pub fn repeat<T: Clone>(xs: &[T], n: i64) -> Vec<T> {
    if n <= 0 || xs.is_empty() {
        return Vec::new();
    }
    let total = xs.len().checked_mul(n as usize).unwrap_or_else(|| {
        raise(
            ErrorKind::OverflowError,
            "cannot fit 'int' into an index-sized integer",
        )
    });
    let mut v = Vec::with_capacity(total);
    for _ in 0..n {
        v.extend_from_slice(xs);
    }
    v
}

/// `a + b` for lists.
pub fn concat<T: Clone>(a: &[T], b: &[T]) -> Vec<T> {
    let mut v = Vec::with_capacity(a.len() + b.len());
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    v
}

/// CPython's `PySlice_AdjustIndices`: (start, stop, step, count) for a slice of `len` items.
pub fn slice_indices(
    len: usize,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> (i64, i64, i64, usize) {
    let step = step.unwrap_or(1);
    if step == 0 {
        raise(ErrorKind::ValueError, "slice step cannot be zero");
    }
    let n = len as i64;
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) if v < 0 => {
                let v = v.saturating_add(n);
                if v < 0 {
                    if step < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    v
                }
            }
            Some(v) => {
                if v >= n {
                    if step < 0 {
                        n - 1
                    } else {
                        n
                    }
                } else {
                    v
                }
            }
        }
    };
    let (start, stop) = if step > 0 {
        (adjust(start, 0), adjust(stop, n))
    } else {
        (adjust(start, n - 1), adjust(stop, -1))
    };
    let count = if step > 0 {
        if stop > start {
            ((stop - start - 1) / step + 1) as usize
        } else {
            0
        }
    } else if start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    };
    (start, stop, step, count)
}

/// `xs[start:stop:step]`.
pub fn slice<T: Clone>(
    xs: &[T],
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Vec<T> {
    let (start, _, step, count) = slice_indices(xs.len(), start, stop, step);
    if step == 1 {
        let s = start as usize;
        return xs[s..s + count].to_vec();
    }
    let mut v = Vec::with_capacity(count);
    let mut i = start;
    for _ in 0..count {
        v.push(xs[i as usize].clone());
        i += step;
    }
    v
}

/// `xs[start:stop:step] = values` (extended slices need the same length, as CPython).
pub fn slice_assign<T: Clone>(
    xs: &mut Vec<T>,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    values: Vec<T>,
) {
    let (s, e, st, count) = slice_indices(xs.len(), start, stop, step);
    if st == 1 {
        let s = s as usize;
        let e = (e.max(s as i64)) as usize;
        xs.splice(s..e, values);
        return;
    }
    if values.len() != count {
        raise(
            ErrorKind::ValueError,
            format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                values.len(),
                count
            ),
        );
    }
    let mut i = s;
    for v in values {
        xs[i as usize] = v;
        i += st;
    }
}

/// `del xs[start:stop:step]`.
pub fn slice_del<T>(xs: &mut Vec<T>, start: Option<i64>, stop: Option<i64>, step: Option<i64>) {
    let (s, _, st, count) = slice_indices(xs.len(), start, stop, step);
    if count == 0 {
        return;
    }
    let mut drop = vec![false; xs.len()];
    let mut i = s;
    for _ in 0..count {
        drop[i as usize] = true;
        i += st;
    }
    let mut k = 0;
    xs.retain(|_| {
        let keep = !drop[k];
        k += 1;
        keep
    });
}

/// `range(start, stop, step)` as an iterator (ValueError "range() arg 3 must not be zero").
#[inline]
pub fn range(start: i64, stop: i64, step: i64) -> PyRange {
    if step == 0 {
        raise(ErrorKind::ValueError, "range() arg 3 must not be zero");
    }
    PyRange {
        next: start,
        remaining: range_len(start, stop, step),
        step,
    }
}

/// The iterator [`range`] returns.
#[derive(Clone, Debug)]
pub struct PyRange {
    next: i64,
    remaining: u64,
    step: i64,
}

impl Iterator for PyRange {
    type Item = i64;
    #[inline]
    fn next(&mut self) -> Option<i64> {
        if self.remaining == 0 {
            return None;
        }
        let v = self.next;
        self.remaining -= 1;
        self.next = self.next.wrapping_add(self.step);
        Some(v)
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.remaining as usize;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for PyRange {
    fn next_back(&mut self) -> Option<i64> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        Some(
            self.next
                .wrapping_add((self.remaining as i64).wrapping_mul(self.step)),
        )
    }
}

impl ExactSizeIterator for PyRange {}

/// `len(range(start, stop, step))`.
#[inline]
pub fn range_len(start: i64, stop: i64, step: i64) -> u64 {
    if step == 0 {
        raise(ErrorKind::ValueError, "range() arg 3 must not be zero");
    }
    let (lo, hi, st) = if step > 0 {
        (start as i128, stop as i128, step as i128)
    } else {
        (stop as i128, start as i128, -(step as i128))
    };
    if lo >= hi {
        0
    } else {
        ((hi - lo - 1) / st + 1) as u64
    }
}

/// `sum(xs)` of floats: starts from the int 0, so `sum([])` is 0 and `sum([-0.0])` is `0.0`.
/// (CPython prints `sum([])` over floats as the int `0`; the caller formats that case.)
pub fn sum_f64(xs: impl IntoIterator<Item = f64>) -> f64 {
    let mut it = xs.into_iter();
    let mut total = match it.next() {
        Some(x) => 0.0 + x,
        None => return 0.0,
    };
    for x in it {
        total += x;
    }
    total
}

/// `sum(xs)` of ints (OverflowError "integer overflow").
pub fn sum_i64(xs: impl IntoIterator<Item = i64>) -> i64 {
    let mut total: i64 = 0;
    for x in xs {
        total = total
            .checked_add(x)
            .unwrap_or_else(|| raise(ErrorKind::OverflowError, "integer overflow"));
    }
    total
}

/// `min(xs)` (ValueError "min() arg is an empty sequence"); the first minimal item wins and a
/// later item replaces the current one only when it is strictly smaller (CPython).
pub fn min<T: PartialOrd + Clone>(xs: impl IntoIterator<Item = T>) -> T {
    let mut it = xs.into_iter();
    let mut best = it
        .next()
        .unwrap_or_else(|| raise(ErrorKind::ValueError, "min() arg is an empty sequence"));
    for x in it {
        if x < best {
            best = x;
        }
    }
    best
}

/// `max(xs)` (ValueError "max() arg is an empty sequence").
pub fn max<T: PartialOrd + Clone>(xs: impl IntoIterator<Item = T>) -> T {
    let mut it = xs.into_iter();
    let mut best = it
        .next()
        .unwrap_or_else(|| raise(ErrorKind::ValueError, "max() arg is an empty sequence"));
    for x in it {
        if x > best {
            best = x;
        }
    }
    best
}

/// `min(xs, key=f)`
pub fn min_by_key<T, K: PartialOrd>(
    xs: impl IntoIterator<Item = T>,
    mut key: impl FnMut(&T) -> K,
) -> T {
    let mut it = xs.into_iter();
    let mut best = it
        .next()
        .unwrap_or_else(|| raise(ErrorKind::ValueError, "min() arg is an empty sequence"));
    let mut bk = key(&best);
    for x in it {
        let k = key(&x);
        if k < bk {
            best = x;
            bk = k;
        }
    }
    best
}

/// `max(xs, key=f)`
pub fn max_by_key<T, K: PartialOrd>(
    xs: impl IntoIterator<Item = T>,
    mut key: impl FnMut(&T) -> K,
) -> T {
    let mut it = xs.into_iter();
    let mut best = it
        .next()
        .unwrap_or_else(|| raise(ErrorKind::ValueError, "max() arg is an empty sequence"));
    let mut bk = key(&best);
    for x in it {
        let k = key(&x);
        if k > bk {
            best = x;
            bk = k;
        }
    }
    best
}

/// Lists this short are sorted with CPython's own small-list path (count_run + binary insertion
/// sort), so even a non-total order (nan) gives CPython's exact result.
const SMALL_SORT: usize = 64;

/// CPython's listsort for fewer than 64 items: the leading run (a strictly descending one is
/// reversed), then binary insertion of the rest, asking only `lt(a, b)`.
fn cpython_small_sort<T>(xs: &mut [T], lt: &mut impl FnMut(&T, &T) -> bool) {
    let n = xs.len();
    if n < 2 {
        return;
    }
    let mut run = 2;
    if lt(&xs[1], &xs[0]) {
        while run < n && lt(&xs[run], &xs[run - 1]) {
            run += 1;
        }
        xs[..run].reverse();
    } else {
        while run < n && !lt(&xs[run], &xs[run - 1]) {
            run += 1;
        }
    }
    for start in run..n {
        let (mut l, mut r) = (0, start);
        while l < r {
            let p = l + ((r - l) >> 1);
            if lt(&xs[start], &xs[p]) {
                r = p;
            } else {
                l = p + 1;
            }
        }
        xs[l..=start].rotate_right(1);
    }
}

/// Sorts by `lt` like CPython: exact for short lists, a stable merge sort beyond (identical to
/// CPython whenever `lt` is a total order).
fn sort_lt<T>(xs: &mut [T], mut lt: impl FnMut(&T, &T) -> bool) {
    if xs.len() < SMALL_SORT {
        cpython_small_sort(xs, &mut lt);
    } else {
        xs.sort_by(|a, b| {
            if lt(b, a) {
                std::cmp::Ordering::Greater
            } else if lt(a, b) {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Equal
            }
        });
    }
}

/// `xs.sort()` for any `PartialOrd` items (floats included), stable, never panics.
pub fn sort<T: PartialOrd>(xs: &mut [T]) {
    if xs.len() < SMALL_SORT {
        sort_lt(xs, |a, b| a < b);
    } else {
        xs.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    }
}

/// `xs.sort()` for floats.
pub fn sort_f64(xs: &mut [f64]) {
    sort_lt(xs, |a, b| a < b);
}

/// `xs.sort(reverse=True)`: CPython reverses, sorts stably, and reverses again.
pub fn sort_reverse<T: PartialOrd>(xs: &mut [T]) {
    xs.reverse();
    sort_lt(xs, |a, b| a < b);
    xs.reverse();
}

/// `xs.sort(key=f, reverse=r)`: the key is computed once per item, as CPython.
pub fn sort_by_key<T, K: PartialOrd>(xs: &mut Vec<T>, mut key: impl FnMut(&T) -> K, reverse: bool) {
    let mut keyed: Vec<(K, T)> = xs.drain(..).map(|x| (key(&x), x)).collect();
    if reverse {
        keyed.reverse();
    }
    if keyed.len() < SMALL_SORT {
        sort_lt(&mut keyed, |a, b| a.0 < b.0);
    } else {
        // One comparison per step; incomparable keys (NaN) compare equal, as in `sort_lt`.
        keyed.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    }
    if reverse {
        keyed.reverse();
    }
    xs.extend(keyed.into_iter().map(|(_, x)| x));
}

/// `xs.sort(key=f, reverse=r)` where the key is a part of each item (`key=lambda r: r.name`):
/// the parts are compared where they are, not copied out. Reading a part has no effects, so
/// reading it at each comparison gives what CPython's once-per-item key gives.
pub fn sort_by_ref_key<T, K: PartialOrd + ?Sized>(
    xs: &mut [T],
    key: impl Fn(&T) -> &K,
    reverse: bool,
) {
    if reverse {
        xs.reverse();
    }
    xs.sort_by(|a, b| {
        key(a)
            .partial_cmp(key(b))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    if reverse {
        xs.reverse();
    }
}

/// `sorted(xs)`
pub fn sorted<T: PartialOrd>(xs: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = xs.into_iter().collect();
    sort(&mut v);
    v
}

/// `xs.reverse()` / `list(reversed(xs))`.
pub fn reversed<T: Clone>(xs: &[T]) -> Vec<T> {
    xs.iter().rev().cloned().collect()
}

/// `a, b = xs`: the list's items as an array of exactly `N` (CPython's `ValueError`s otherwise).
/// `a, *rest = xs` with `len(xs)` items: at least `n` (the names besides `rest`) are needed.
pub fn unpack_at_least(len: i64, n: i64) {
    if len < n {
        raise(
            ErrorKind::ValueError,
            format!("not enough values to unpack (expected at least {n}, got {len})"),
        );
    }
}

pub fn unpack<T, const N: usize>(xs: Vec<T>) -> [T; N] {
    let len = xs.len();
    match <[T; N]>::try_from(xs) {
        Ok(items) => items,
        Err(_) if len < N => raise(
            ErrorKind::ValueError,
            format!("not enough values to unpack (expected {N}, got {len})"),
        ),
        Err(_) => raise(
            ErrorKind::ValueError,
            format!("too many values to unpack (expected {N})"),
        ),
    }
}
