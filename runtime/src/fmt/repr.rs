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

/// The str whose `repr` is `r`, if `r` is one (the inverse of [`push_str_repr`]).
pub fn parse_str_repr(r: &str) -> Option<String> {
    let quote = r.chars().next().filter(|q| *q == '\'' || *q == '"')?;
    let body = r.strip_prefix(quote)?.strip_suffix(quote)?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let digits = match chars.next()? {
            't' => {
                out.push('\t');
                continue;
            }
            'n' => {
                out.push('\n');
                continue;
            }
            'r' => {
                out.push('\r');
                continue;
            }
            'x' => 2,
            'u' => 4,
            'U' => 8,
            other => {
                out.push(other);
                continue;
            }
        };
        let hex: String = chars.by_ref().take(digits).collect();
        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
    }
    Some(out)
}

/// CPython's `repr(s)` as a new string.
pub fn str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_str_repr(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_undoes_repr() {
        for s in [
            "",
            "a'b",
            "a\"b'c",
            "tab\tnew\nline\\",
            "\u{7}\u{e9}\u{1F600}\u{200b}",
        ] {
            assert_eq!(parse_str_repr(&str_repr(s)).as_deref(), Some(s));
        }
        assert_eq!(parse_str_repr("5"), None);
    }
}
