//! Unicode character predicates and case mappings that follow CPython 3.11's tables.

use crate::unicode_tables as t;

#[inline]
fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(a, b)| {
            if b < c {
                std::cmp::Ordering::Less
            } else if a > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[inline]
fn lookup_map(table: &'static [(u32, &'static str)], c: char) -> Option<&'static str> {
    table
        .binary_search_by_key(&(c as u32), |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

/// `str.isprintable()` for one character (what repr() keeps unescaped).
#[inline]
pub(crate) fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        (' '..='~').contains(&c)
    } else {
        !in_ranges(t::NOT_PRINTABLE, c)
    }
}

/// `str.isspace()` for one character.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(
            c,
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\x1f'
        )
    } else {
        in_ranges(t::SPACE, c)
    }
}

/// `str.isalpha()` for one character.
#[inline]
pub(crate) fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_ranges(t::ALPHA, c)
    }
}

/// `str.isdecimal()` for one character.
#[inline]
pub(crate) fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_ranges(t::DECIMAL, c)
    }
}

/// `str.isdigit()` for one character.
#[inline]
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_ranges(t::DIGIT, c)
    }
}

/// `str.isnumeric()` for one character.
#[inline]
pub(crate) fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        in_ranges(t::NUMERIC, c)
    }
}

/// `str.isalnum()` for one character.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}

/// CPython's Uppercase property.
#[inline]
pub(crate) fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        in_ranges(t::CASED_UPPER, c)
    }
}

/// CPython's Lowercase property.
#[inline]
pub(crate) fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else {
        in_ranges(t::CASED_LOWER, c)
    }
}

/// Titlecase letter (category Lt).
#[inline]
pub(crate) fn is_title(c: char) -> bool {
    !c.is_ascii() && in_ranges(t::TITLE, c)
}

/// Cased property.
#[inline]
pub(crate) fn is_cased(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_ranges(t::CASED, c)
    }
}

/// Case-ignorable (approximation: Mn, Me, Cf, Lm, Sk and the ASCII word-break marks).
#[inline]
pub(crate) fn is_case_ignorable(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '\'' | '.' | ':' | '^' | '`')
    } else {
        in_ranges(t::CASE_IGNORABLE, c)
            || matches!(
                c,
                '\u{b7}'
                    | '\u{2018}'
                    | '\u{2019}'
                    | '\u{2024}'
                    | '\u{fe52}'
                    | '\u{ff07}'
                    | '\u{ff0e}'
                    | '\u{387}'
                    | '\u{5f4}'
                    | '\u{2027}'
                    | '\u{fe13}'
                    | '\u{fe55}'
                    | '\u{ff1a}'
            )
    }
}

/// Appends CPython's `upper()` of `c`.
#[inline]
pub(crate) fn push_upper(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else if let Some(s) = lookup_map(t::UPPER_MAP, c) {
        out.push_str(s);
    } else {
        out.push(c);
    }
}

/// Appends CPython's `lower()` of `c` (without the final-sigma rule).
#[inline]
pub(crate) fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if let Some(s) = lookup_map(t::LOWER_MAP, c) {
        out.push_str(s);
    } else {
        out.push(c);
    }
}

/// Appends CPython's titlecase of `c`.
#[inline]
pub(crate) fn push_title(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else if let Some(s) = lookup_map(t::TITLE_MAP, c) {
        out.push_str(s);
    } else {
        push_upper(c, out);
    }
}

/// Appends CPython's `casefold()` of `c`.
#[inline]
pub(crate) fn push_fold(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if let Some(s) = lookup_map(t::FOLD_MAP, c) {
        out.push_str(s);
    } else {
        push_lower(c, out);
    }
}

/// The digit value of a Unicode decimal digit (category Nd), as `int()` and `float()` accept them.
/// Every Nd block starts at a digit zero, so the value is the offset from the range start mod 10.
#[inline]
pub(crate) fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    let v = c as u32;
    let i = t::DECIMAL.partition_point(|&(_, b)| b < v);
    match t::DECIMAL.get(i) {
        Some(&(a, b)) if a <= v && v <= b => Some((v - a) % 10),
        _ => None,
    }
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: non-ASCII decimal digits become ASCII
/// digits and non-ASCII whitespace becomes a space (other characters become `?`, which no
/// number parser accepts).
pub(crate) fn ascii_number_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if is_space(c) {
            out.push(' ');
        } else if let Some(d) = decimal_value(c) {
            out.push((b'0' + d as u8) as char);
        } else {
            out.push('?');
        }
    }
    std::borrow::Cow::Owned(out)
}
