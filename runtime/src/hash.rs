//! The hasher behind [`crate::Dict`] and [`crate::Set`]: a small folded-multiply hash, seeded at
//! random once per process.
//!
//! Each 64-bit word is mixed into the state with a *folded multiply*: the full 128-bit product of
//! two 64-bit numbers, with its high half xored into its low half. Every output bit depends on
//! every input bit, so one multiply per word is enough for a hash table that uses the low bits
//! for the bucket and the high bits as a tag. Byte strings are read 16 bytes at a time (two
//! words, one multiply), and short ones with overlapping loads, so a typical dictionary key costs
//! two or three multiplies.
//!
//! The seed comes from [`std::collections::hash_map::RandomState`] (the operating system's random
//! source), so the hash of a key differs from one run to the next and input chosen by an
//! attacker cannot be made to collide on purpose (it is not a cryptographic hash: it defends
//! hash tables against quadratic blow-up, not against an attacker who can observe hashes).
//! Iteration order of [`crate::Dict`] and [`crate::Set`] never depends on hashes, so the seed
//! never changes what a program prints.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// Fixed odd multiplier with well spread bits (digits of pi), used for integer words.
const MUL_WORD: u64 = 0x243f_6a88_85a3_08d3;
/// Second constant (more digits of pi), mixed into the per-process secret.
const MUL_BYTES: u64 = 0x1319_8a2e_0370_7344;

/// The 128-bit product of `a` and `b`, high half xored into low half.
#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let p = (a as u128).wrapping_mul(b as u128);
    (p as u64) ^ ((p >> 64) as u64)
}

/// The process-wide random seed, drawn once.
fn process_seed() -> (u64, u64) {
    static SEED: OnceLock<(u64, u64)> = OnceLock::new();
    *SEED.get_or_init(|| {
        let rs = RandomState::new();
        let draw = |i: u64| {
            let mut h = rs.build_hasher();
            h.write_u64(i);
            h.finish()
        };
        // The second key multiplies byte words: keep it far from 0 and odd.
        (draw(1), (draw(2) ^ MUL_BYTES) | 1)
    })
}

/// A [`BuildHasher`] for [`PyHasher`]s. `PyBuildHasher::default()` uses the process seed, so two
/// dicts in one run hash a key the same way (cheap to clone, nothing to allocate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PyBuildHasher {
    k0: u64,
    k1: u64,
}

impl PyBuildHasher {
    /// The process-wide randomly seeded hasher (same as `default()`).
    #[inline]
    pub fn new() -> Self {
        let (k0, k1) = process_seed();
        PyBuildHasher { k0, k1 }
    }

    /// A hasher with a fixed seed: reproducible hashes, for tests only (no protection against
    /// chosen collisions).
    pub fn with_seed(seed: u64) -> Self {
        PyBuildHasher {
            k0: fold_mul(seed ^ MUL_WORD, MUL_BYTES),
            k1: (seed.rotate_left(32) ^ MUL_BYTES) | 1,
        }
    }
}

impl Default for PyBuildHasher {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl BuildHasher for PyBuildHasher {
    type Hasher = PyHasher;
    #[inline]
    fn build_hasher(&self) -> PyHasher {
        PyHasher {
            acc: self.k0,
            k1: self.k1,
        }
    }
}

/// The streaming hasher built by [`PyBuildHasher`].
#[derive(Clone, Debug)]
pub struct PyHasher {
    acc: u64,
    k1: u64,
}

#[inline(always)]
fn read_u64(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

#[inline(always)]
fn read_u32(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[i..i + 4]);
    u32::from_le_bytes(w) as u64
}

impl Hasher for PyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        let k1 = self.k1;
        let mut acc = self.acc ^ (len as u64).wrapping_mul(MUL_WORD);
        if len <= 16 {
            // Overlapping loads: every byte is read at least once, and the length (mixed in
            // above) tells the overlaps apart.
            let (a, b) = if len >= 8 {
                (read_u64(bytes, 0), read_u64(bytes, len - 8))
            } else if len >= 4 {
                (read_u32(bytes, 0), read_u32(bytes, len - 4))
            } else if len > 0 {
                let a = (bytes[0] as u64)
                    | (bytes[len / 2] as u64) << 8
                    | (bytes[len - 1] as u64) << 16;
                (a, 0)
            } else {
                (0, 0)
            };
            acc = fold_mul(a ^ acc, b ^ k1);
        } else {
            let mut i = 0;
            while len - i > 16 {
                acc = fold_mul(read_u64(bytes, i) ^ acc, read_u64(bytes, i + 8) ^ k1);
                i += 16;
            }
            // The last 16 bytes (overlapping the previous block when len is not a multiple).
            acc = fold_mul(
                read_u64(bytes, len - 16) ^ acc,
                read_u64(bytes, len - 8) ^ k1,
            );
        }
        self.acc = acc;
    }

    #[inline]
    fn write_u64(&mut self, x: u64) {
        self.acc = fold_mul(self.acc ^ x, MUL_WORD);
    }
    #[inline]
    fn write_u8(&mut self, x: u8) {
        self.write_u64(x as u64)
    }
    #[inline]
    fn write_u16(&mut self, x: u16) {
        self.write_u64(x as u64)
    }
    #[inline]
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64)
    }
    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64)
    }
    #[inline]
    fn write_u128(&mut self, x: u128) {
        self.write_u64(x as u64);
        self.write_u64((x >> 64) as u64);
    }
    #[inline]
    fn write_i64(&mut self, x: i64) {
        self.write_u64(x as u64)
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn deterministic_within_a_process() {
        let a = PyBuildHasher::default();
        let b = PyBuildHasher::new();
        assert_eq!(a.hash_one("hello"), b.hash_one("hello"));
        assert_eq!(a.hash_one(42i64), b.hash_one(42i64));
        assert_ne!(a.hash_one("hello"), a.hash_one("hellp"));
    }

    #[test]
    fn short_strings_do_not_collide() {
        // Every string of length 0..=3 over a small alphabet, plus longer prefixes: overlapping
        // loads must not make different strings collide.
        let h = PyBuildHasher::with_seed(7);
        let alpha = [
            "", "a", "b", "\0", "ab", "ba", "aa", "aaa", "aab", "aba", "baa", "\0\0", "\0\0\0",
        ];
        let mut seen = std::collections::HashSet::new();
        for s in alpha {
            assert!(seen.insert(h.hash_one(s)), "collision on {s:?}");
        }
        let long = "abcdefghijklmnopqrstuvwxyz0123456789";
        for n in 0..=long.len() {
            assert!(
                seen.insert(h.hash_one(&long[..n])) || n <= 3,
                "collision on prefix {n}"
            );
        }
    }

    #[test]
    fn low_bits_spread_for_sequential_ints() {
        let h = PyBuildHasher::with_seed(1);
        let mut buckets = [0u32; 64];
        for i in 0..64_000i64 {
            buckets[(h.hash_one(i) & 63) as usize] += 1;
        }
        assert!(
            buckets.iter().all(|&c| (800..1200).contains(&c)),
            "{buckets:?}"
        );
    }
}

/// `hash(x)` exactly as CPython computes it, for the values whose hash CPython does not
/// randomize per process: ints, bools, floats, and tuples of them. (The hash of a `str` changes
/// from run to run in CPython, so no program can print it; those go through [`crate::hash_value`].)
pub trait PyHash {
    fn py_hash(&self) -> i64;
}

/// `hash(x)` of an int, float or tuple of them: the number CPython prints.
pub fn py_hash<T: PyHash + ?Sized>(x: &T) -> i64 {
    x.py_hash()
}

impl PyHash for i64 {
    fn py_hash(&self) -> i64 {
        crate::hash_int(*self)
    }
}

impl PyHash for bool {
    fn py_hash(&self) -> i64 {
        i64::from(*self)
    }
}

impl PyHash for f64 {
    fn py_hash(&self) -> i64 {
        crate::hash_float(*self)
    }
}

impl<T: PyHash + ?Sized> PyHash for &T {
    fn py_hash(&self) -> i64 {
        (**self).py_hash()
    }
}

/// A str's hash as CPython computes it with `PYTHONHASHSEED=0` (SipHash-1-3 with a zero key
/// over the string's PEP 393 form: 1, 2 or 4 bytes a code point). With any other seed CPython's
/// str hashes change from run to run, and so does the order of a set of strs; Roast's order is
/// the seed-0 one.
impl PyHash for str {
    fn py_hash(&self) -> i64 {
        if self.is_empty() {
            return 0;
        }
        if self.is_ascii() {
            // One byte a code point: the UTF-8 bytes are the PEP 393 form.
            return match siphash13(0, 0, self.as_bytes()) as i64 {
                -1 => -2,
                h => h,
            };
        }
        let widest = self.chars().map(|c| c as u32).max().unwrap_or(0);
        let mut bytes = Vec::with_capacity(self.len() * 2);
        for c in self.chars() {
            let c = c as u32;
            match widest {
                0..=0xff => bytes.push(c as u8),
                0x100..=0xffff => bytes.extend_from_slice(&(c as u16).to_le_bytes()),
                _ => bytes.extend_from_slice(&c.to_le_bytes()),
            }
        }
        match siphash13(0, 0, &bytes) as i64 {
            -1 => -2,
            h => h,
        }
    }
}

impl PyHash for String {
    fn py_hash(&self) -> i64 {
        self.as_str().py_hash()
    }
}

/// `None` hashes by identity in CPython 3.11 (a different number each run); any constant will do.
impl<T: PyHash> PyHash for Option<T> {
    fn py_hash(&self) -> i64 {
        match self {
            Some(x) => x.py_hash(),
            None => 0x5f5f_4e6f_6e65,
        }
    }
}

impl<T: PyHash + ?Sized> PyHash for Box<T> {
    fn py_hash(&self) -> i64 {
        (**self).py_hash()
    }
}

/// SipHash-1-3 as CPython's `Python/pyhash.c` has it (its last step xors all four words).
fn siphash13(k0: u64, k1: u64, src: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v2 = v2.wrapping_add(*v3);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v1);
        *v0 = v0.wrapping_add(*v3);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = src.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let mi = u64::from_le_bytes(word);
        v3 ^= mi;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= mi;
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let b = ((src.len() as u64) << 56) | u64::from_le_bytes(last);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    for _ in 0..3 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    (v0 ^ v1) ^ (v2 ^ v3)
}

impl<T: PyHash> PyHash for crate::Tuple<T> {
    fn py_hash(&self) -> i64 {
        tuple_hash(self.iter().map(PyHash::py_hash), self.len())
    }
}

/// CPython's tuple hash (xxHash-based, `Objects/tupleobject.c`) of items with hashes `lanes`.
pub fn tuple_hash(lanes: impl Iterator<Item = i64>, len: usize) -> i64 {
    const PRIME_1: u64 = 11_400_714_785_074_694_791;
    const PRIME_2: u64 = 14_029_467_366_897_019_727;
    const PRIME_5: u64 = 2_870_177_450_012_600_261;
    let mut acc = PRIME_5;
    for lane in lanes {
        acc = acc.wrapping_add((lane as u64).wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add(len as u64 ^ (PRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

macro_rules! tuple_py_hash {
    ($n:expr; $($name:ident $idx:tt),+) => {
        impl<$($name: PyHash),+> PyHash for ($($name,)+) {
            fn py_hash(&self) -> i64 {
                tuple_hash([$(self.$idx.py_hash()),+].into_iter(), $n)
            }
        }
    };
}
tuple_py_hash!(1; A 0);
tuple_py_hash!(2; A 0, B 1);
tuple_py_hash!(3; A 0, B 1, C 2);
tuple_py_hash!(4; A 0, B 1, C 2, D 3);
tuple_py_hash!(5; A 0, B 1, C 2, D 3, E 4);
tuple_py_hash!(6; A 0, B 1, C 2, D 3, E 4, F 5);
tuple_py_hash!(7; A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_py_hash!(8; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

impl PyHash for crate::Tuple<()> {
    fn py_hash(&self) -> i64 {
        tuple_hash(std::iter::empty(), 0)
    }
}

#[cfg(test)]
mod cpython_hash_tests {
    use super::py_hash;

    /// The numbers `python3 -c "print(hash((1,2)), hash(()), hash((1.5, True, -1)), hash(((1,2),3)))"` prints.
    #[test]
    fn tuple_hashes_are_cpythons() {
        assert_eq!(py_hash(&(1_i64, 2_i64)), -3550055125485641917);
        assert_eq!(py_hash(&crate::Tuple::<()>::default()), 5740354900026072187);
        assert_eq!(py_hash(&(1.5_f64, true, -1_i64)), 357167059602383637);
        assert_eq!(py_hash(&((1_i64, 2_i64), 3_i64)), -333907151259015829);
        assert_eq!(
            py_hash(&crate::Tuple::from([1_i64, 2])),
            -3550055125485641917
        );
    }

    /// `PYTHONHASHSEED=0 python3 -c 'print(hash("a"), hash(""), hash("hello world!"),
    /// hash("é"), hash("€uro"), hash("😀"))'`.
    #[test]
    fn str_hashes_are_cpythons_with_seed_0() {
        assert_eq!(py_hash("a"), 4644417185603328019);
        assert_eq!(py_hash(""), 0);
        assert_eq!(py_hash("hello world!"), 839851713330019024);
        assert_eq!(py_hash("é"), 6047309291227476195);
        assert_eq!(py_hash("€uro"), 7542247858446192590);
        assert_eq!(py_hash("😀"), -3536540696076613844);
    }
}
