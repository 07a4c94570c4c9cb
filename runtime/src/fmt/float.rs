//! Float to text as CPython does it: `repr()` (shortest round-trip digits, scientific when the
//! exponent is < -4 or >= 16) and the fixed / scientific / general forms used by format specs.

/// Splits Rust's `{:e}` output (`"-1.2345e-5"`) into (negative, digits, decimal exponent).
#[inline]
fn split_exp(s: &str) -> (bool, &str, &str, i32) {
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let epos = s.find('e').unwrap_or(s.len());
    let mant = &s[..epos];
    let exp: i32 = s[epos + 1..].parse().unwrap_or(0);
    let (int, frac) = match mant.find('.') {
        Some(p) => (&mant[..p], &mant[p + 1..]),
        None => (mant, ""),
    };
    (neg, int, frac, exp)
}

/// Appends the exponent part `e+05` / `e-10` / `e+100` (sign always, two digits at least).
#[inline]
pub(crate) fn push_exponent(exp: i32, e: char, out: &mut String) {
    out.push(e);
    out.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
}

/// Appends `repr(x)` for a finite or non-finite float.
pub fn push_float_repr(x: f64, out: &mut String) {
    if !x.is_finite() {
        out.push_str(if x.is_nan() {
            "nan"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        });
        return;
    }
    // Fast path: integral values of moderate size.
    if x == x.trunc() && x.abs() < 1e15 && !(x == 0.0 && x.is_sign_negative()) {
        out.push_str(&(x as i64).to_string());
        out.push_str(".0");
        return;
    }
    let s = format!("{:e}", x);
    let (neg, int, frac, exp) = split_exp(&s);
    if neg {
        out.push('-');
    }
    let last = frac.as_bytes().last().copied().unwrap_or(int.as_bytes()[0]);
    if (last - b'0') % 2 == 1 {
        if let Some(fixed) = tie_to_even(x.abs(), int, frac, exp) {
            let (i2, f2) = fixed.split_at(1);
            return push_digits(i2, f2, exp, 16, true, out);
        }
    }
    push_digits(int, frac, exp, 16, true, out);
}

/// Rust's shortest digits break an exact tie between two shortest candidates upwards; CPython's
/// dtoa picks the even one. Returns the even candidate when `x` (positive) is exactly halfway
/// between the odd shortest digits `int frac` and a neighbour one unit away.
fn tie_to_even(x: f64, int: &str, frac: &str, exp: i32) -> Option<String> {
    let n = 1 + frac.len();
    // Digits after the decimal point of the halfway value (n + 1 significant digits).
    let fd = n as i32 - exp;
    let exact: String = if fd > 0 {
        let bits = x.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i32;
        let mant = if e == 0 {
            bits & ((1 << 52) - 1)
        } else {
            (bits & ((1 << 52) - 1)) | (1 << 52)
        };
        let e = if e == 0 { 1 } else { e };
        let frac_bits = (1075 - e - mant.trailing_zeros() as i32).max(0);
        if frac_bits > fd {
            return None; // the exact expansion is longer: not a tie
        }
        let s = format!("{:.*e}", n, x); // exact: it has n + 1 significant digits at most
        let (_, i, f, _) = split_exp(&s);
        format!("{i}{f}")
    } else {
        if x != x.trunc() {
            return None;
        }
        let s = format!("{:.0}", x);
        let t = s.trim_end_matches('0');
        if t.len() != n + 1 {
            return None;
        }
        t.to_string()
    };
    let eb = exact.as_bytes();
    if eb.len() != n + 1 || eb[n] != b'5' {
        return None;
    }
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    if eb[..n] == digits[..] {
        // halfway above: the even neighbour is one unit up
        digits[n - 1] += 1;
    } else {
        digits[n - 1] -= 1;
        if eb[..n] != digits[..] {
            return None;
        }
    }
    if digits[n - 1] > b'9' {
        return None;
    }
    String::from_utf8(digits).ok()
}

/// Lays out the significant digits `int`+`frac` (int is one digit) with decimal exponent `exp`:
/// positional when -4 <= exp < `threshold`, else scientific. `dot0` adds `.0` to integral
/// positional results (repr style).
fn push_digits(int: &str, frac: &str, exp: i32, threshold: i32, dot0: bool, out: &mut String) {
    if (-4..threshold).contains(&exp) {
        let total = 1 + frac.len() as i32;
        if exp >= 0 {
            let ipart_len = (exp + 1) as usize;
            let mut all = String::with_capacity(total as usize);
            all.push_str(int);
            all.push_str(frac);
            if all.len() <= ipart_len {
                out.push_str(&all);
                for _ in all.len()..ipart_len {
                    out.push('0');
                }
                if dot0 {
                    out.push_str(".0");
                }
            } else {
                out.push_str(&all[..ipart_len]);
                out.push('.');
                out.push_str(&all[ipart_len..]);
            }
        } else {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(int);
            out.push_str(frac);
        }
    } else {
        out.push_str(int);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        push_exponent(exp, 'e', out);
    }
}

/// `repr(x)` as a new string.
pub fn float_repr(x: f64) -> String {
    let mut s = String::new();
    push_float_repr(x, &mut s);
    s
}

/// `|x|` with `prec` digits after the point (`'f'`), correctly rounded half-even on the exact value.
pub(crate) fn fixed_abs(x: f64, prec: usize, alt: bool) -> String {
    let mut s = format!("{:.*}", prec, x.abs());
    if alt && prec == 0 {
        s.push('.');
    }
    s
}

/// `|x|` in scientific form with `prec` digits after the point (`'e'`).
pub(crate) fn sci_abs(x: f64, prec: usize, alt: bool, e: char) -> String {
    let s = format!("{:.*e}", prec, x.abs());
    let (_, int, frac, exp) = split_exp(&s);
    let mut out = String::with_capacity(s.len() + 3);
    out.push_str(int);
    if !frac.is_empty() || alt {
        out.push('.');
        out.push_str(frac);
    }
    push_exponent(exp, e, &mut out);
    out
}

/// `|x|` in general form (`'g'`) with `prec` significant digits (0 means 1). `alt` keeps trailing
/// zeros; `dot0` (used by the empty presentation type) adds `.0` to integral positional results.
pub(crate) fn general_abs(x: f64, prec: usize, alt: bool, dot0: bool, e: char) -> String {
    let p = prec.max(1);
    let s = format!("{:.*e}", p - 1, x.abs());
    let (_, int, frac, exp) = split_exp(&s);
    let mut out = String::new();
    // With `dot0` (the empty presentation type) CPython switches to exponent form one digit
    // earlier: `format(100.0, '.3')` is `1e+02`.
    let limit = if dot0 { p as i32 - 1 } else { p as i32 };
    if exp >= -4 && exp < limit {
        // positional with p - 1 - exp decimals
        let decimals = (p as i32 - 1 - exp) as usize;
        let mut f = format!("{:.*}", decimals, x.abs());
        if !alt && f.contains('.') {
            while f.ends_with('0') {
                f.pop();
            }
            if f.ends_with('.') {
                f.pop();
            }
        }
        if alt && !f.contains('.') {
            f.push('.');
        }
        if dot0 && !f.contains('.') {
            f.push_str(".0");
        }
        out.push_str(&f);
    } else {
        let mut frac = frac.to_string();
        if !alt {
            while frac.ends_with('0') {
                frac.pop();
            }
        }
        out.push_str(int);
        if !frac.is_empty() || alt {
            out.push('.');
            out.push_str(&frac);
        }
        push_exponent(exp, e, &mut out);
    }
    out
}

/// `|x|` as `repr` lays it out (the empty presentation type without precision).
/// With `alt` (`'#'`), a mantissa without a point gets one: `1.e+16`.
pub(crate) fn repr_abs(x: f64, alt: bool) -> String {
    let mut s = String::new();
    push_float_repr(x.abs(), &mut s);
    if alt {
        if let Some(e) = s.find('e') {
            if !s[..e].contains('.') {
                s.insert(e, '.');
            }
        }
    }
    s
}
