//! The format-spec mini-language (`format(x, spec)`, f-string `{x:spec}`), CPython 3.11-exact
//! for int, float, bool and str, including its error messages.

use super::float;
use super::PyFmt;
use crate::error::{raise, ErrorKind};

/// `format(self, spec)`, appended to `out`.
pub trait PyFormat: PyFmt {
    /// Appends `format(self, spec)`; an invalid spec raises `ValueError` with CPython's message.
    fn fmt_spec(&self, spec: &str, out: &mut String);
}

/// `format(x, spec)`.
#[inline]
pub fn format<T: PyFormat + ?Sized>(x: &T, spec: &str) -> String {
    let mut s = String::new();
    x.fmt_spec(spec, &mut s);
    s
}

/// A parsed spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Copy, Debug)]
struct Spec {
    fill: char,
    align: Option<char>,
    sign: Option<char>,
    z: bool,
    alt: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

#[cold]
fn value_error(msg: String) -> ! {
    raise(ErrorKind::ValueError, msg)
}

#[inline]
fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

fn parse_number(chars: &[char], pos: &mut usize) -> Option<usize> {
    let start = *pos;
    let mut v: usize = 0;
    while *pos < chars.len() && chars[*pos].is_ascii_digit() {
        v = match v
            .checked_mul(10)
            .and_then(|v| v.checked_add(chars[*pos] as usize - '0' as usize))
        {
            Some(v) if v <= isize::MAX as usize => v,
            _ => value_error("Too many decimal digits in format string".into()),
        };
        *pos += 1;
    }
    if *pos == start {
        None
    } else {
        Some(v)
    }
}

fn parse(spec: &str, type_name: &str, default_align: char) -> Spec {
    let chars: Vec<char> = spec.chars().collect();
    let n = chars.len();
    let mut s = Spec {
        fill: ' ',
        align: None,
        sign: None,
        z: false,
        alt: false,
        width: 0,
        grouping: None,
        precision: None,
        ty: None,
    };
    let mut pos = 0;
    let mut fill_specified = false;
    if n >= 2 && is_align(chars[1]) {
        s.fill = chars[0];
        s.align = Some(chars[1]);
        fill_specified = true;
        pos = 2;
    } else if n >= 1 && is_align(chars[0]) {
        s.align = Some(chars[0]);
        pos = 1;
    }
    if pos < n && matches!(chars[pos], '+' | '-' | ' ') {
        s.sign = Some(chars[pos]);
        pos += 1;
    }
    if pos < n && chars[pos] == 'z' {
        s.z = true;
        pos += 1;
    }
    if pos < n && chars[pos] == '#' {
        s.alt = true;
        pos += 1;
    }
    if !fill_specified && pos < n && chars[pos] == '0' {
        s.fill = '0';
        if s.align.is_none() && default_align == '>' {
            s.align = Some('=');
        }
        pos += 1;
    }
    if let Some(w) = parse_number(&chars, &mut pos) {
        s.width = w;
    }
    if pos < n && (chars[pos] == ',' || chars[pos] == '_') {
        s.grouping = Some(chars[pos]);
        pos += 1;
        if pos < n && (chars[pos] == ',' || chars[pos] == '_') {
            if chars[pos] == s.grouping.unwrap_or(',') {
                value_error(format!("Cannot specify '{0}' with '{0}'.", chars[pos]));
            }
            value_error("Cannot specify both ',' and '_'.".into());
        }
    }
    if pos < n && chars[pos] == '.' {
        pos += 1;
        match parse_number(&chars, &mut pos) {
            Some(p) => s.precision = Some(p),
            None => value_error("Format specifier missing precision".into()),
        }
    }
    if n - pos > 1 {
        value_error(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        ));
    }
    if pos < n {
        s.ty = Some(chars[pos]);
    }
    if let Some(g) = s.grouping {
        let ok = match s.ty {
            None => true,
            Some('d' | 'e' | 'f' | 'g' | 'E' | 'F' | 'G' | '%') => true,
            Some('b' | 'o' | 'x' | 'X') => g == '_',
            _ => false,
        };
        if !ok {
            let t = s.ty.unwrap_or(' ');
            if (t as u32) > 32 && (t as u32) < 128 {
                value_error(format!("Cannot specify '{g}' with '{t}'."));
            } else {
                value_error(format!("Cannot specify '{g}' with '\\x{:x}'.", t as u32));
            }
        }
    }
    s
}

/// Inserts `sep` every `every` digits from the right of `digits`; when `min_len` is given, pads
/// with grouped zeros to at least that length (CPython's zero padding with grouping).
fn group(digits: &str, sep: Option<char>, every: usize, min_len: usize) -> String {
    let Some(sep) = sep else {
        if digits.len() >= min_len {
            return digits.to_string();
        }
        let mut s = "0".repeat(min_len - digits.len());
        s.push_str(digits);
        return s;
    };
    // Build reversed.
    let mut rev: Vec<u8> = Vec::with_capacity(digits.len() * 2);
    let mut count = 0;
    let mut bytes = digits.bytes().rev();
    loop {
        let d = bytes.next();
        let have_more = d.is_some();
        if !have_more && rev.len() >= min_len {
            break;
        }
        if count == every {
            rev.push(sep as u8);
            count = 0;
            if !have_more && rev.len() >= min_len {
                rev.push(b'0');
                break;
            }
        }
        rev.push(d.unwrap_or(b'0'));
        count += 1;
    }
    rev.reverse();
    String::from_utf8(rev).unwrap_or_default()
}

/// Lays out a number: sign, prefix, integer digits (grouped), remainder (fraction, exponent, %),
/// aligned and filled in `width`.
fn layout(
    s: &Spec,
    negative: bool,
    prefix: &str,
    int_digits: &str,
    remainder: &str,
    every: usize,
    out: &mut String,
) {
    let sign = if negative {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    let align = s.align.unwrap_or('>');
    let lead = sign.len() + prefix.len();
    let zero_pad = s.fill == '0' && align == '=';
    let min_digits = if zero_pad {
        s.width.saturating_sub(lead + remainder.chars().count())
    } else {
        0
    };
    let body = group(int_digits, s.grouping, every, min_digits);
    let len = lead + body.len() + remainder.chars().count();
    let pad = s.width.saturating_sub(len);
    let push_fill = |out: &mut String, k: usize| {
        for _ in 0..k {
            out.push(s.fill);
        }
    };
    match align {
        '<' => {
            out.push_str(sign);
            out.push_str(prefix);
            out.push_str(&body);
            out.push_str(remainder);
            push_fill(out, pad);
        }
        '^' => {
            push_fill(out, pad / 2);
            out.push_str(sign);
            out.push_str(prefix);
            out.push_str(&body);
            out.push_str(remainder);
            push_fill(out, pad - pad / 2);
        }
        '=' => {
            out.push_str(sign);
            out.push_str(prefix);
            push_fill(out, pad);
            out.push_str(&body);
            out.push_str(remainder);
        }
        _ => {
            push_fill(out, pad);
            out.push_str(sign);
            out.push_str(prefix);
            out.push_str(&body);
            out.push_str(remainder);
        }
    }
}

/// Pads already-formatted text (str, or a `'c'` character) to the spec's width.
fn pad_text(s: &Spec, text: &str, default_align: char, out: &mut String) {
    let len = text.chars().count();
    let pad = s.width.saturating_sub(len);
    let (l, r) = match s.align.unwrap_or(default_align) {
        '<' => (0, pad),
        '^' => (pad / 2, pad - pad / 2),
        _ => (pad, 0),
    };
    for _ in 0..l {
        out.push(s.fill);
    }
    out.push_str(text);
    for _ in 0..r {
        out.push(s.fill);
    }
}

fn format_int(x: i64, spec: &str, type_name: &str, out: &mut String) {
    let s = parse(spec, type_name, '>');
    let ty = s.ty.unwrap_or('d');
    match ty {
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => return format_float_spec(x as f64, &s, out),
        'd' | 'n' | 'b' | 'o' | 'x' | 'X' | 'c' => {}
        _ => value_error(format!(
            "Unknown format code '{ty}' for object of type '{type_name}'"
        )),
    }
    if s.precision.is_some() {
        value_error("Precision not allowed in integer format specifier".into());
    }
    if s.z {
        value_error("Negative zero coercion (z) not allowed in integer format specifier".into());
    }
    if ty == 'c' {
        if s.sign.is_some() {
            value_error("Sign not allowed with integer format specifier 'c'".into());
        }
        if s.alt {
            value_error("Alternate form (#) not allowed with integer format specifier 'c'".into());
        }
        let c = match u32::try_from(x).ok().filter(|&v| v < 0x110000) {
            Some(v) => char::from_u32(v).unwrap_or('\u{fffd}'),
            None => raise(ErrorKind::OverflowError, "%c arg not in range(0x110000)"),
        };
        let mut b = [0u8; 4];
        let mut sp = s;
        if sp.align == Some('=') {
            sp.align = Some('>');
        }
        // '=' with 'c' behaves as right alignment of the single character.
        return pad_text(&sp, c.encode_utf8(&mut b), '>', out);
    }
    let negative = x < 0;
    let a = x.unsigned_abs();
    let (digits, prefix, every) = match ty {
        'b' => (format!("{a:b}"), "0b", 4),
        'o' => (format!("{a:o}"), "0o", 4),
        'x' => (format!("{a:x}"), "0x", 4),
        'X' => (format!("{a:X}"), "0X", 4),
        _ => (a.to_string(), "", 3),
    };
    layout(
        &s,
        negative,
        if s.alt { prefix } else { "" },
        &digits,
        "",
        every,
        out,
    );
}

impl PyFormat for i64 {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        if spec.is_empty() {
            return self.fmt_str(out);
        }
        format_int(*self, spec, "int", out)
    }
}

impl PyFormat for i32 {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        (*self as i64).fmt_spec(spec, out)
    }
}

impl PyFormat for usize {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        (*self as i64).fmt_spec(spec, out)
    }
}

/// `bool` formats as `True`/`False` with an empty spec and as the int 1/0 otherwise
/// (CPython's `bool.__format__` is `int.__format__`; the contract said "as str", CPython says int).
impl PyFormat for bool {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        if spec.is_empty() {
            return self.fmt_str(out);
        }
        format_int(*self as i64, spec, "bool", out)
    }
}

fn format_float_spec(x: f64, s: &Spec, out: &mut String) {
    let ty = s.ty;
    let negative = x.is_sign_negative() && !x.is_nan();
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let body: String = if !x.is_finite() {
        let t = if x.is_nan() { "nan" } else { "inf" };
        let t = if upper {
            t.to_uppercase()
        } else {
            t.to_string()
        };
        if ty == Some('%') {
            t + "%"
        } else {
            t
        }
    } else {
        match ty {
            None => match s.precision {
                None => float::repr_abs(x, s.alt),
                Some(p) => float::general_abs(x, p, s.alt, true, 'e'),
            },
            Some('f' | 'F') => float::fixed_abs(x, s.precision.unwrap_or(6), s.alt),
            Some('e' | 'E') => float::sci_abs(
                x,
                s.precision.unwrap_or(6),
                s.alt,
                if upper { 'E' } else { 'e' },
            ),
            Some('g' | 'G' | 'n') => float::general_abs(
                x,
                s.precision.unwrap_or(6),
                s.alt,
                false,
                if upper { 'E' } else { 'e' },
            ),
            Some('%') => {
                let mut t = float::fixed_abs(x * 100.0, s.precision.unwrap_or(6), s.alt);
                t.push('%');
                t
            }
            Some(t) => value_error(format!(
                "Unknown format code '{t}' for object of type 'float'"
            )),
        }
    };
    let mut negative = negative;
    if s.z && negative && x.is_finite() && body.bytes().all(|b| !(b'1'..=b'9').contains(&b)) {
        negative = false;
    }
    // Split the integer digits (grouped and zero-padded) from the rest.
    let split = body
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(body.len());
    if !x.is_finite() {
        let mut sp = *s;
        sp.grouping = None;
        return layout(&sp, negative, "", "", &body, 3, out);
    }
    let (int_digits, rest) = body.split_at(split);
    layout(s, negative, "", int_digits, rest, 3, out);
}

impl PyFormat for f64 {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        if spec.is_empty() {
            return self.fmt_str(out);
        }
        let s = parse(spec, "float", '>');
        if let Some(t) = s.ty {
            if !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') {
                value_error(format!(
                    "Unknown format code '{t}' for object of type 'float'"
                ));
            }
        }
        format_float_spec(*self, &s, out)
    }
}

fn format_str(x: &str, spec: &str, out: &mut String) {
    if spec.is_empty() {
        out.push_str(x);
        return;
    }
    let s = parse(spec, "str", '<');
    match s.ty {
        None | Some('s') => {}
        Some(t) => value_error(format!(
            "Unknown format code '{t}' for object of type 'str'"
        )),
    }
    if let Some(g) = s.grouping {
        value_error(format!("Cannot specify '{g}' with 's'."));
    }
    match s.sign {
        Some(' ') => value_error("Space not allowed in string format specifier".into()),
        Some(_) => value_error("Sign not allowed in string format specifier".into()),
        None => {}
    }
    if s.z {
        value_error("Negative zero coercion (z) not allowed in string format specifier".into());
    }
    if s.alt {
        value_error("Alternate form (#) not allowed in string format specifier".into());
    }
    if s.align == Some('=') {
        value_error("'=' alignment not allowed in string format specifier".into());
    }
    let text = match s.precision {
        Some(p) => match x.char_indices().nth(p) {
            Some((i, _)) => &x[..i],
            None => x,
        },
        None => x,
    };
    pad_text(&s, text, '<', out);
}

impl PyFormat for str {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        format_str(self, spec, out)
    }
}

impl PyFormat for String {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        format_str(self, spec, out)
    }
}

impl PyFormat for char {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        let mut b = [0u8; 4];
        format_str(self.encode_utf8(&mut b), spec, out)
    }
}

impl<T: PyFormat + ?Sized> PyFormat for &T {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        (**self).fmt_spec(spec, out)
    }
}

impl<T: PyFormat + ?Sized> PyFormat for Box<T> {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        (**self).fmt_spec(spec, out)
    }
}

/// Formats `str(x)` under a str spec: what `object.__format__` does for types without their own
/// `__format__` (lists, user classes with `__str__`): only an empty spec is allowed by CPython.
pub fn format_via_str<T: PyFmt + ?Sized>(x: &T, spec: &str, type_name: &str, out: &mut String) {
    if !spec.is_empty() {
        raise(
            ErrorKind::TypeError,
            format!("unsupported format string passed to {type_name}.__format__"),
        );
    }
    x.fmt_str(out)
}

/// `format(x, spec)` of an `Optional`: the value's format, or `None` with an empty spec
/// (CPython: any other spec on `None` is a `TypeError`).
impl<T: PyFormat> PyFormat for Option<T> {
    fn fmt_spec(&self, spec: &str, out: &mut String) {
        match self {
            Some(v) => v.fmt_spec(spec, out),
            None if spec.is_empty() => out.push_str("None"),
            None => crate::error::raise(
                crate::ErrorKind::TypeError,
                "unsupported format string passed to NoneType.__format__",
            ),
        }
    }
}
