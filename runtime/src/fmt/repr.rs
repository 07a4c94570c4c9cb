//! `repr()` of a `str` exactly as CPython writes it: quote choice, escapes, and which
//! non-ASCII characters stay as they are (the printable ones).

use crate::unicode::is_printable;

/// Appends CPython's `repr(s)`.
pub fn push_str_repr(s: &str, out: &mut String) {
    let has_single = s.as_bytes().contains(&b'\'');
    let quote = if has_single && !s.as_bytes().contains(&b'"') {
        '"'
    } else {
        '\''
    };
    out.reserve(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        push_char_escaped(c, quote, out);
    }
    out.push(quote);
}

#[inline]
fn push_char_escaped(c: char, quote: char, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match c {
        '\\' => out.push_str("\\\\"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        _ if c == quote => {
            out.push('\\');
            out.push(c);
        }
        ' '..='~' => out.push(c),
        _ if !c.is_ascii() && is_printable(c) => out.push(c),
        _ => {
            let v = c as u32;
            let (prefix, n) = if v <= 0xff {
                ("\\x", 2)
            } else if v <= 0xffff {
                ("\\u", 4)
            } else {
                ("\\U", 8)
            };
            out.push_str(prefix);
            for i in (0..n).rev() {
                out.push(HEX[((v >> (4 * i)) & 0xf) as usize] as char);
            }
        }
    }
}

/// CPython's `repr(s)` as a new string.
pub fn str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_str_repr(s, &mut out);
    out
}
