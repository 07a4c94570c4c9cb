//! Python number semantics on i64/f64: floor division and modulo, true division, powers,
//! `int()`/`float()` parsing, rounding, `hex`/`oct`/`bin`, `min`/`max` of floats.

use crate::error::{raise, ErrorKind};
use crate::fmt::repr::str_repr;
use crate::unicode::is_space;

/// 2**63 as f64 (exact).
const TWO63: f64 = 9_223_372_036_854_775_808.0;

#[cold]
#[inline(never)]
fn overflow() -> ! {
    raise(ErrorKind::OverflowError, "integer overflow")
}

/// `a // b` on ints (floor division).
#[inline]
pub fn floordiv(a: i64, b: i64) -> i64 {
    if b == 0 {
        raise(
            ErrorKind::ZeroDivisionError,
            "integer division or modulo by zero",
        );
    }
    if a == i64::MIN && b == -1 {
        overflow();
    }
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

/// `a % b` on ints (the result has the divisor's sign).
#[inline]
pub fn modulo(a: i64, b: i64) -> i64 {
    if b == 0 {
        raise(ErrorKind::ZeroDivisionError, "integer modulo by zero");
    }
    if b == -1 {
        return 0;
    }
    let r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) {
        r + b
    } else {
        r
    }
}

/// `divmod(a, b)` on ints.
#[inline]
pub fn divmod(a: i64, b: i64) -> (i64, i64) {
    if b == 0 {
        raise(
            ErrorKind::ZeroDivisionError,
            "integer division or modulo by zero",
        );
    }
    (floordiv(a, b), modulo(a, b))
}

/// `a / b` on floats.
#[inline]
pub fn true_div(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        raise(ErrorKind::ZeroDivisionError, "float division by zero");
    }
    a / b
}

/// `a / b` on ints, correctly rounded like CPython even when the operands exceed 2**53.
#[inline]
pub fn int_true_div(a: i64, b: i64) -> f64 {
    if b == 0 {
        raise(ErrorKind::ZeroDivisionError, "division by zero");
    }
    const EXACT: u64 = 1 << 53;
    if a.unsigned_abs() <= EXACT && b.unsigned_abs() <= EXACT {
        return a as f64 / b as f64;
    }
    let neg = (a < 0) != (b < 0);
    let na = a.unsigned_abs() as u128;
    let nb = b.unsigned_abs() as u128;
    if na == 0 {
        return if neg { -0.0 } else { 0.0 };
    }
    // Scale the numerator so the quotient keeps >= 62 significant bits, then fold the remainder
    // into a sticky bit: the u128 -> f64 conversion then rounds exactly once, half-even.
    let shift = 127 - (128 - na.leading_zeros());
    let num = na << shift;
    let q = num / nb;
    let r = num % nb;
    let q = q | (r != 0) as u128;
    let v = q as f64 * 2f64.powi(-(shift as i32));
    if neg {
        -v
    } else {
        v
    }
}

/// `a // b` on floats (CPython's algorithm, signs of zero included).
pub fn floordiv_f64(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        raise(ErrorKind::ZeroDivisionError, "float floor division by zero");
    }
    divmod_f64_inner(a, b).0
}

/// `a % b` on floats.
pub fn mod_f64(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        raise(ErrorKind::ZeroDivisionError, "float modulo");
    }
    divmod_f64_inner(a, b).1
}

/// `divmod(a, b)` on floats.
pub fn divmod_f64(a: f64, b: f64) -> (f64, f64) {
    if b == 0.0 {
        raise(ErrorKind::ZeroDivisionError, "float divmod()");
    }
    divmod_f64_inner(a, b)
}

fn divmod_f64_inner(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `base ** exp` on ints. A negative exponent gives a float in CPython; Roast's int result
/// cannot hold it, so it raises `ValueError` (the backend should call [`pow_int_float`] when the
/// exponent may be negative). Overflow raises `OverflowError: integer overflow`.
pub fn pow_int(base: i64, exp: i64) -> i64 {
    if exp < 0 {
        raise(
            ErrorKind::ValueError,
            "negative exponent in int ** int: the result would be a float",
        );
    }
    let mut result: i64 = 1;
    let mut b = base;
    let mut e = exp as u64;
    while e > 0 {
        if e & 1 == 1 {
            result = result.checked_mul(b).unwrap_or_else(|| overflow());
        }
        e >>= 1;
        if e > 0 {
            b = b.checked_mul(b).unwrap_or_else(|| overflow());
        }
    }
    result
}

/// `base ** exp` for ints where the exponent is negative (a float result, as CPython).
/// `pow(base, exp, m)`: `base ** exp % m` without the big power, the result taking `m`'s sign
/// as `%` does; a negative `exp` uses the inverse of `base` modulo `m`, as CPython 3.8+ does.
pub fn pow_mod(base: i64, exp: i64, m: i64) -> i64 {
    if m == 0 {
        raise(ErrorKind::ValueError, "pow() 3rd argument cannot be 0");
    }
    let modulus = i128::from(m).abs();
    let mut b = i128::from(base).rem_euclid(modulus);
    if exp < 0 {
        b = match inverse_mod(b, modulus) {
            Some(inv) => inv,
            None => raise(
                ErrorKind::ValueError,
                "base is not invertible for the given modulus",
            ),
        };
    }
    let mut e = exp.unsigned_abs();
    let mut result: i128 = 1 % modulus;
    while e > 0 {
        if e & 1 == 1 {
            result = result * b % modulus;
        }
        b = b * b % modulus;
        e >>= 1;
    }
    // The result has the sign of `m` (Python's `%`).
    let r = if m < 0 && result != 0 {
        result - modulus
    } else {
        result
    };
    i64::try_from(r).unwrap_or_else(|_| overflow())
}

/// `x` with `x * a % m == 1`, when `a` and `m` are coprime.
fn inverse_mod(a: i128, m: i128) -> Option<i128> {
    let (mut old_r, mut r) = (a, m);
    let (mut old_s, mut s) = (1i128, 0i128);
    while r != 0 {
        let q = old_r / r;
        (old_r, r) = (r, old_r - q * r);
        (old_s, s) = (s, old_s - q * s);
    }
    (old_r == 1).then(|| old_s.rem_euclid(m))
}

pub fn pow_int_float(base: i64, exp: i64) -> f64 {
    if exp >= 0 {
        return pow_int(base, exp) as f64;
    }
    if base == 0 {
        raise(
            ErrorKind::ZeroDivisionError,
            "0.0 cannot be raised to a negative power",
        );
    }
    pow_float(base as f64, exp as f64)
}

/// `base ** exp` on floats, with CPython's errors. A negative base with a non-integer exponent
/// gives a complex number in CPython; Roast raises `ValueError: math domain error` instead.
pub fn pow_float(base: f64, exp: f64) -> f64 {
    if base == 0.0 && exp < 0.0 && exp.is_finite() {
        raise(
            ErrorKind::ZeroDivisionError,
            "0.0 cannot be raised to a negative power",
        );
    }
    if base.is_finite() && base < 0.0 && exp.is_finite() && exp != exp.trunc() {
        raise(ErrorKind::ValueError, "math domain error");
    }
    let r = base.powf(exp);
    if r.is_infinite() && base.is_finite() && exp.is_finite() {
        raise(
            ErrorKind::OverflowError,
            "(34, 'Numerical result out of range')",
        );
    }
    r
}

/// Python's whitespace strip for number parsing.
#[inline]
fn py_trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

#[cold]
fn bad_int(s: &str, base: i64) -> ! {
    raise(
        ErrorKind::ValueError,
        format!(
            "invalid literal for int() with base {base}: {}",
            str_repr(s)
        ),
    )
}

/// `int(s)`: optional whitespace and sign, decimal digits with single `_` between them.
/// Unicode decimal digits are accepted, as CPython. Values outside i64 raise
/// `OverflowError: integer overflow`.
pub fn int_from_str(s: &str) -> i64 {
    let norm = crate::unicode::ascii_number_text(s);
    let t = py_trim(&norm);
    let b = t.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || digits[0] == b'_' || digits[digits.len() - 1] == b'_' {
        bad_int(s, 10);
    }
    let mut v: i64 = 0;
    let mut prev_us = false;
    let mut overflowed = false;
    for &c in digits {
        if c == b'_' {
            if prev_us {
                bad_int(s, 10);
            }
            prev_us = true;
            continue;
        }
        prev_us = false;
        if !c.is_ascii_digit() {
            bad_int(s, 10);
        }
        let d = (c - b'0') as i64;
        match v.checked_mul(10).and_then(|v| {
            if neg {
                v.checked_sub(d)
            } else {
                v.checked_add(d)
            }
        }) {
            Some(n) => v = n,
            None => overflowed = true,
        }
    }
    if overflowed {
        overflow();
    }
    v
}

/// `int(s, base)`: base 0 (infer from the prefix, as in source code) or 2..=36.
pub fn int_from_str_base(s: &str, base: i64) -> i64 {
    if base != 0 && !(2..=36).contains(&base) {
        raise(
            ErrorKind::ValueError,
            "int() base must be >= 2 and <= 36, or 0",
        );
    }
    let norm = crate::unicode::ascii_number_text(s);
    let t = py_trim(&norm);
    let b = t.as_bytes();
    let (neg, mut rest) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let mut radix = base as u32;
    let prefix_of = |r: &[u8]| -> Option<u32> {
        if r.len() >= 2 && r[0] == b'0' {
            match r[1] | 0x20 {
                b'x' => Some(16),
                b'o' => Some(8),
                b'b' => Some(2),
                _ => None,
            }
        } else {
            None
        }
    };
    let mut had_prefix = false;
    if let Some(p) = prefix_of(rest) {
        if base == 0 || p == radix {
            radix = p;
            rest = &rest[2..];
            had_prefix = true;
        }
    }
    if radix == 0 {
        radix = 10;
        // Base 0: a decimal literal may not have leading zeros unless it is zero.
        let nonzero = rest.iter().any(|&c| c != b'0' && c != b'_');
        if rest.len() > 1 && rest[0] == b'0' && nonzero {
            bad_int(s, 0);
        }
    }
    let shown_base = base;
    if rest.is_empty() || rest[rest.len() - 1] == b'_' || (rest[0] == b'_' && !had_prefix) {
        bad_int(s, shown_base);
    }
    let mut v: i64 = 0;
    let mut prev_us = false;
    let mut overflowed = false;
    for &c in rest {
        if c == b'_' {
            if prev_us {
                bad_int(s, shown_base);
            }
            prev_us = true;
            continue;
        }
        prev_us = false;
        let d = match (c as char).to_digit(36) {
            Some(d) if d < radix => d as i64,
            _ => bad_int(s, shown_base),
        };
        match v.checked_mul(radix as i64).and_then(|v| {
            if neg {
                v.checked_sub(d)
            } else {
                v.checked_add(d)
            }
        }) {
            Some(n) => v = n,
            None => overflowed = true,
        }
    }
    if overflowed {
        overflow();
    }
    v
}

/// `float(s)`: whitespace, sign, digits with single `_` between digits, `inf`/`infinity`/`nan`
/// in any case. Errors: `ValueError: could not convert string to float: '...'`.
pub fn float_from_str(s: &str) -> f64 {
    let norm = crate::unicode::ascii_number_text(s);
    let t = py_trim(&norm);
    let bad = || -> ! {
        raise(
            ErrorKind::ValueError,
            format!("could not convert string to float: {}", str_repr(s)),
        )
    };
    let b = t.as_bytes();
    let (neg, body) = match b.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let special = match lower.as_str() {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return if neg { -v } else { v };
    }
    // Validate: digits[.digits][e[sign]digits], underscores only between digits.
    let bb = body.as_bytes();
    let mut clean = String::with_capacity(bb.len() + 1);
    if neg {
        clean.push('-');
    }
    let mut i = 0;
    let mut mant_digits = 0;
    let digits_run = |i: &mut usize, clean: &mut String| -> usize {
        let mut n = 0;
        while *i < bb.len() {
            let c = bb[*i];
            if c.is_ascii_digit() {
                clean.push(c as char);
                n += 1;
                *i += 1;
            } else if c == b'_' && n > 0 && *i + 1 < bb.len() && bb[*i + 1].is_ascii_digit() {
                *i += 1;
            } else {
                break;
            }
        }
        n
    };
    mant_digits += digits_run(&mut i, &mut clean);
    if i < bb.len() && bb[i] == b'.' {
        clean.push('.');
        i += 1;
        mant_digits += digits_run(&mut i, &mut clean);
    }
    if mant_digits == 0 {
        bad();
    }
    if i < bb.len() && (bb[i] | 0x20) == b'e' {
        clean.push('e');
        i += 1;
        if i < bb.len() && (bb[i] == b'+' || bb[i] == b'-') {
            clean.push(bb[i] as char);
            i += 1;
        }
        if digits_run(&mut i, &mut clean) == 0 {
            bad();
        }
    }
    if i != bb.len() {
        bad();
    }
    clean.parse::<f64>().unwrap_or_else(|_| bad())
}

/// `int(x)` for a float: truncates toward zero.
#[inline]
pub fn int_from_float(x: f64) -> i64 {
    if x.is_nan() {
        raise(ErrorKind::ValueError, "cannot convert float NaN to integer");
    }
    if x.is_infinite() {
        raise(
            ErrorKind::OverflowError,
            "cannot convert float infinity to integer",
        );
    }
    let t = x.trunc();
    if !(-TWO63..TWO63).contains(&t) {
        overflow();
    }
    t as i64
}

/// `round(x)`: to the nearest int, ties to even.
#[inline]
pub fn round_half_even(x: f64) -> i64 {
    int_from_float(x.round_ties_even())
}

/// `round(x, ndigits)` for a float, CPython-exact (rounds the exact binary value, ties to even:
/// `round(2.675, 2) == 2.67`, `round(0.125, 2) == 0.12`).
pub fn round_digits(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if ndigits > 323 {
        return x;
    }
    if ndigits < -308 {
        return 0.0f64.copysign(x);
    }
    let r = if ndigits >= 0 {
        format!("{:.*}", ndigits as usize, x)
            .parse::<f64>()
            .unwrap_or(x)
    } else {
        round_to_power_of_ten(x, (-ndigits) as usize)
    };
    if r.is_infinite() {
        raise(
            ErrorKind::OverflowError,
            "rounded value too large to represent",
        );
    }
    if r == 0.0 {
        return 0.0f64.copysign(x);
    }
    r
}

/// Rounds `x` to a multiple of 10**k (k >= 1), half-even on the exact value.
fn round_to_power_of_ten(x: f64, k: usize) -> f64 {
    let t = x.trunc();
    let frac_nonzero = x != t;
    let int = format!("{:.0}", t.abs()); // exact: t is integral
    let digits = int.as_bytes();
    if digits.len() < k {
        // |x| < 10**(k-1) * 10 with fewer digits: below half unless ... (half is 5*10**(k-1), which has k digits)
        return 0.0f64.copysign(x);
    }
    let keep = &digits[..digits.len() - k];
    let tail = &digits[digits.len() - k..];
    let cmp = match tail[0].cmp(&b'5') {
        std::cmp::Ordering::Equal => {
            if tail[1..].iter().any(|&d| d != b'0') || frac_nonzero {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }
        o => o,
    };
    let last_odd = keep.last().map(|d| (d - b'0') % 2 == 1).unwrap_or(false);
    let round_up =
        cmp == std::cmp::Ordering::Greater || (cmp == std::cmp::Ordering::Equal && last_odd);
    let mut kept: Vec<u8> = if keep.is_empty() {
        vec![b'0']
    } else {
        keep.to_vec()
    };
    if round_up {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let mut s = String::from_utf8(kept).unwrap_or_default();
    s.push('e');
    s.push_str(&k.to_string());
    let v: f64 = s.parse().unwrap_or(0.0);
    v.copysign(x)
}

/// `round(x, ndigits)` for an int: `round(1234, -2) == 1200`, ties to even; ndigits >= 0 returns x.
pub fn round_int(x: i64, ndigits: i64) -> i64 {
    if ndigits >= 0 {
        return x;
    }
    if ndigits < -19 {
        return 0;
    }
    let p = 10i128.pow((-ndigits) as u32);
    let xv = x as i128;
    let q = xv.div_euclid(p);
    let r = xv.rem_euclid(p);
    let twice = 2 * r;
    let q = if twice > p || (twice == p && q % 2 != 0) {
        q + 1
    } else {
        q
    };
    i64::try_from(q * p).unwrap_or_else(|_| overflow())
}

/// `x.bit_length()`.
#[inline]
pub fn bit_length(x: i64) -> i64 {
    (64 - x.unsigned_abs().leading_zeros()) as i64
}

/// `hex(x)`: `0x1f`, `-0x1f`.
pub fn hex(x: i64) -> String {
    let sign = if x < 0 { "-" } else { "" };
    format!("{sign}0x{:x}", x.unsigned_abs())
}

/// `oct(x)`: `0o17`, `-0o17`.
pub fn oct(x: i64) -> String {
    let sign = if x < 0 { "-" } else { "" };
    format!("{sign}0o{:o}", x.unsigned_abs())
}

/// `bin(x)`: `0b101`, `-0b101`.
pub fn bin(x: i64) -> String {
    let sign = if x < 0 { "-" } else { "" };
    format!("{sign}0b{:b}", x.unsigned_abs())
}

/// `abs(x)` on ints (`abs(-2**63)` overflows).
#[inline]
pub fn abs_int(x: i64) -> i64 {
    x.checked_abs().unwrap_or_else(|| overflow())
}

/// `min(a, b)` on floats as CPython computes it: `b` replaces `a` only when `b < a`
/// (so a leading nan sticks, and a later nan is ignored).
#[inline]
pub fn min_f64(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// `max(a, b)` on floats as CPython computes it: `b` replaces `a` only when `b > a`.
#[inline]
pub fn max_f64(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// `float(i) == f`-style comparison of an int and a float, exact like CPython (no rounding of
/// the int to f64).
pub fn float_eq_int(f: f64, i: i64) -> bool {
    if !f.is_finite() || f != f.trunc() {
        return false;
    }
    if !(-TWO63..TWO63).contains(&f) {
        return false;
    }
    f as i64 == i
}

/// `hash(x)` of an int as CPython computes it (modulo 2**61 - 1, -1 maps to -2).
pub fn hash_int(x: i64) -> i64 {
    const M: i128 = (1 << 61) - 1;
    let v = x as i128;
    let mut h = (v.abs() % M) as i64;
    if v < 0 {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `a << b` with Python's rules: a negative count is a ValueError, a result beyond 64 bits an
/// OverflowError (never a wrapped number).
pub fn shl(a: i64, b: i64) -> i64 {
    if b < 0 {
        raise(ErrorKind::ValueError, "negative shift count");
    }
    if a == 0 {
        return 0;
    }
    let shifted = u32::try_from(b)
        .ok()
        .and_then(|b| a.checked_shl(b))
        .filter(|r| b < 64 && (r >> b) == a);
    shifted.unwrap_or_else(|| raise(ErrorKind::OverflowError, "integer overflow"))
}

/// `a >> b` with Python's rules: arithmetic shift, any non-negative count.
pub fn shr(a: i64, b: i64) -> i64 {
    if b < 0 {
        raise(ErrorKind::ValueError, "negative shift count");
    }
    a >> b.min(63)
}

/// `a + b` on ints, `OverflowError: integer overflow` whatever the build profile.
#[inline]
pub fn int_add(a: i64, b: i64) -> i64 {
    a.checked_add(b).unwrap_or_else(|| overflow())
}

/// `a - b` on ints.
#[inline]
pub fn int_sub(a: i64, b: i64) -> i64 {
    a.checked_sub(b).unwrap_or_else(|| overflow())
}

/// `a * b` on ints.
#[inline]
pub fn int_mul(a: i64, b: i64) -> i64 {
    a.checked_mul(b).unwrap_or_else(|| overflow())
}

/// `-a` on ints.
#[inline]
pub fn int_neg(a: i64) -> i64 {
    a.checked_neg().unwrap_or_else(|| overflow())
}

/// `hash(x)` of a float as CPython computes it (equal to the int hash for integral values;
/// `inf` is 314159). CPython hashes nan by object identity; this returns 0 for nan.
pub fn hash_float(v: f64) -> i64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if v.is_infinite() {
        return if v > 0.0 { 314159 } else { -314159 };
    }
    if v.is_nan() {
        return 0;
    }
    let (mut m, mut e) = crate::math::frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        (e % BITS as i64) as u32
    } else {
        BITS - 1 - ((-1 - e) % BITS as i64) as u32
    };
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let mut h = (x as i64).wrapping_mul(sign);
    if h == -1 {
        h = -2;
    }
    h
}

/// `hash(x)` of a str, tuple or other hashable value. CPython randomizes string hashes per
/// process, so no program can depend on the number; Roast's is stable within a run.
pub fn hash_value<T: std::hash::Hash + ?Sized>(x: &T) -> i64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut h);
    // CPython never returns -1 from hash().
    match h.finish() as i64 {
        -1 => -2,
        v => v,
    }
}

/// `i <op> f` for an `int` and a `float`, exactly as CPython compares them (not through
/// `i as f64`, which rounds past 2**53): `None` when `f` is NaN.
#[inline]
pub fn cmp_int_float(i: i64, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    // Rounding `i` is monotonic: an order between the rounded value and `f` is the exact order.
    #[allow(clippy::cast_precision_loss)]
    let rounded = i as f64;
    if rounded != f {
        return rounded.partial_cmp(&f);
    }
    // `f` is then a whole number within [-2**63, 2**63].
    if f >= 9_223_372_036_854_775_808.0 {
        return Some(Less);
    }
    #[allow(clippy::cast_possible_truncation)]
    Some(i.cmp(&(f as i64)))
}

/// `i == f` on an `int` and a `float`, exact (`9007199254740993 == 9007199254740992.0` is false).
#[inline]
pub fn int_eq_float(i: i64, f: f64) -> bool {
    cmp_int_float(i, f) == Some(std::cmp::Ordering::Equal)
}

/// `i != f` on an `int` and a `float`, exact.
#[inline]
pub fn int_ne_float(i: i64, f: f64) -> bool {
    !int_eq_float(i, f)
}

/// `i < f` on an `int` and a `float`, exact.
#[inline]
pub fn int_lt_float(i: i64, f: f64) -> bool {
    cmp_int_float(i, f) == Some(std::cmp::Ordering::Less)
}

/// `i <= f` on an `int` and a `float`, exact.
#[inline]
pub fn int_le_float(i: i64, f: f64) -> bool {
    matches!(
        cmp_int_float(i, f),
        Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
    )
}

/// `i > f` on an `int` and a `float`, exact.
#[inline]
pub fn int_gt_float(i: i64, f: f64) -> bool {
    cmp_int_float(i, f) == Some(std::cmp::Ordering::Greater)
}

/// `i >= f` on an `int` and a `float`, exact.
#[inline]
pub fn int_ge_float(i: i64, f: f64) -> bool {
    matches!(
        cmp_int_float(i, f),
        Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
    )
}

/// `f != i` on a `float` and an `int`, exact.
#[inline]
pub fn float_ne_int(f: f64, i: i64) -> bool {
    int_ne_float(i, f)
}

/// `f < i` on a `float` and an `int`, exact.
#[inline]
pub fn float_lt_int(f: f64, i: i64) -> bool {
    int_gt_float(i, f)
}

/// `f <= i` on a `float` and an `int`, exact.
#[inline]
pub fn float_le_int(f: f64, i: i64) -> bool {
    int_ge_float(i, f)
}

/// `f > i` on a `float` and an `int`, exact.
#[inline]
pub fn float_gt_int(f: f64, i: i64) -> bool {
    int_lt_float(i, f)
}

/// `f >= i` on a `float` and an `int`, exact.
#[inline]
pub fn float_ge_int(f: f64, i: i64) -> bool {
    int_le_float(i, f)
}
