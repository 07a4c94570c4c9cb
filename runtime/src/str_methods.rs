//! `str` operations and methods, CPython-exact: code-point indexing and slicing (with ASCII fast
//! paths), `chr`/`ord`, and the str methods (`str_split`, `str_strip`, ...).

use crate::error::{raise, ErrorKind};
use crate::seq::{clamp_range, slice_indices};
use crate::unicode as u;

/// `len(s)` in code points.
#[inline]
pub fn str_len(s: &str) -> i64 {
    if s.is_ascii() {
        s.len() as i64
    } else {
        s.bytes().filter(|b| (b & 0xC0) != 0x80).count() as i64
    }
}

/// Byte offset of code point `ci` (`ci <= len`).
#[inline]
fn byte_at(s: &str, ci: usize) -> usize {
    if s.is_ascii() {
        return ci.min(s.len());
    }
    s.char_indices().nth(ci).map(|(b, _)| b).unwrap_or(s.len())
}

/// Code-point index of byte offset `b`.
#[inline]
fn char_index(s: &str, b: usize) -> i64 {
    if s.is_ascii() {
        b as i64
    } else {
        str_len(&s[..b])
    }
}

/// `s[i]` as a borrowed one-character `&str` (IndexError "string index out of range").
#[inline]
pub fn str_at(s: &str, i: i64) -> &str {
    if s.is_ascii() {
        match crate::seq::norm_index(s.len(), i) {
            Some(j) => return &s[j..j + 1],
            None => raise(ErrorKind::IndexError, "string index out of range"),
        }
    }
    let found = if i >= 0 {
        s.char_indices().nth(i as usize)
    } else {
        s.char_indices().rev().nth((-(i + 1)) as usize)
    };
    match found {
        Some((b, c)) => &s[b..b + c.len_utf8()],
        None => raise(ErrorKind::IndexError, "string index out of range"),
    }
}

/// `s[i]` (IndexError "string index out of range").
#[inline]
pub fn str_index(s: &str, i: i64) -> String {
    str_at(s, i).to_string()
}

/// `s[start:stop:step]` over code points.
pub fn str_slice(s: &str, start: Option<i64>, stop: Option<i64>, step: Option<i64>) -> String {
    if s.is_ascii() {
        let (a, _, st, count) = slice_indices(s.len(), start, stop, step);
        if st == 1 {
            return s[a as usize..a as usize + count].to_string();
        }
        let b = s.as_bytes();
        let mut out = String::with_capacity(count);
        let mut i = a;
        for _ in 0..count {
            out.push(b[i as usize] as char);
            i += st;
        }
        return out;
    }
    let chars: Vec<char> = s.chars().collect();
    let (a, _, st, count) = slice_indices(chars.len(), start, stop, step);
    let mut out = String::with_capacity(count * 2);
    let mut i = a;
    for _ in 0..count {
        out.push(chars[i as usize]);
        i += st;
    }
    out
}

/// Iterates over the code points of `s` as one-character `&str` slices (`for c in s:`).
#[inline]
pub fn str_chars(s: &str) -> impl DoubleEndedIterator<Item = &str> + '_ {
    s.char_indices().map(move |(i, c)| &s[i..i + c.len_utf8()])
}

/// `s * n`
pub fn str_repeat(s: &str, n: i64) -> String {
    if n <= 0 {
        String::new()
    } else {
        s.repeat(n as usize)
    }
}

/// `chr(i)` (ValueError "chr() arg not in range(0x110000)"). Surrogates, which a Rust string
/// cannot hold, raise `ValueError` too (CPython returns a lone surrogate).
pub fn chr(i: i64) -> String {
    if !(0..0x110000).contains(&i) {
        raise(ErrorKind::ValueError, "chr() arg not in range(0x110000)");
    }
    match char::from_u32(i as u32) {
        Some(c) => c.to_string(),
        None => raise(
            ErrorKind::ValueError,
            "chr() arg is a surrogate, which Roast strings cannot hold",
        ),
    }
}

/// `ord(c)` (TypeError "ord() expected a character, but string of length N found").
pub fn ord(s: &str) -> i64 {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => c as i64,
        _ => raise(
            ErrorKind::TypeError,
            format!(
                "ord() expected a character, but string of length {} found",
                str_len(s)
            ),
        ),
    }
}

#[cold]
fn empty_separator() -> ! {
    raise(ErrorKind::ValueError, "empty separator")
}

/// `s.split(sep, maxsplit)`; `sep = None` splits on runs of whitespace; maxsplit < 0 means all.
pub fn str_split(s: &str, sep: Option<&str>, maxsplit: i64) -> Vec<String> {
    match sep {
        None => split_ws(s, maxsplit)
            .into_iter()
            .map(str::to_string)
            .collect(),
        Some("") => empty_separator(),
        Some(sep) => {
            if maxsplit < 0 {
                s.split(sep).map(str::to_string).collect()
            } else {
                s.splitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect()
            }
        }
    }
}

fn split_ws(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(u::is_space);
    let mut splits = 0;
    while !rest.is_empty() {
        if maxsplit >= 0 && splits >= maxsplit {
            out.push(rest);
            break;
        }
        match rest.find(u::is_space) {
            Some(i) => {
                out.push(&rest[..i]);
                rest = rest[i..].trim_start_matches(u::is_space);
                splits += 1;
            }
            None => {
                out.push(rest);
                break;
            }
        }
    }
    out
}

/// `s.split()` as borrowed words (Python's whitespace, which differs from Rust's
/// `split_whitespace` on \x1c..\x1f and a few others).
pub fn str_split_whitespace(s: &str) -> impl DoubleEndedIterator<Item = &str> + '_ {
    s.split(u::is_space).filter(|w| !w.is_empty())
}

/// `s.rsplit(sep, maxsplit)`
pub fn str_rsplit(s: &str, sep: Option<&str>, maxsplit: i64) -> Vec<String> {
    match sep {
        None => {
            let mut out: Vec<String> = Vec::new();
            let mut rest = s.trim_end_matches(u::is_space);
            let mut splits = 0;
            while !rest.is_empty() {
                if maxsplit >= 0 && splits >= maxsplit {
                    out.push(rest.to_string());
                    break;
                }
                match rest.rfind(u::is_space) {
                    Some(i) => {
                        let c = rest[i..].chars().next().map(char::len_utf8).unwrap_or(1);
                        out.push(rest[i + c..].to_string());
                        rest = rest[..i].trim_end_matches(u::is_space);
                        splits += 1;
                    }
                    None => {
                        out.push(rest.to_string());
                        break;
                    }
                }
            }
            out.reverse();
            out
        }
        Some("") => empty_separator(),
        Some(sep) => {
            let mut v: Vec<String> = if maxsplit < 0 {
                s.rsplit(sep).map(str::to_string).collect()
            } else {
                s.rsplitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect()
            };
            v.reverse();
            v
        }
    }
}

#[inline]
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `s.splitlines(keepends)`
pub fn str_splitlines(s: &str, keepends: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_line_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(_, '\n')) = it.peek() {
                    it.next();
                    end += 1;
                }
            }
            out.push(if keepends {
                s[start..end].to_string()
            } else {
                s[start..i].to_string()
            });
            start = end;
        }
    }
    if start < s.len() {
        out.push(s[start..].to_string());
    }
    out
}

/// `sep.join(items)`
pub fn str_join<S: AsRef<str>>(sep: &str, items: &[S]) -> String {
    let total: usize = items.iter().map(|x| x.as_ref().len()).sum::<usize>()
        + sep.len() * items.len().saturating_sub(1);
    let mut out = String::with_capacity(total);
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(x.as_ref());
    }
    out
}

/// `s.strip(chars)`; `None` strips Python whitespace. Borrows.
#[inline]
pub fn str_strip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    match chars {
        None => s.trim_matches(u::is_space),
        Some(cs) => s.trim_matches(|c| cs.contains(c)),
    }
}

/// `s.lstrip(chars)`
#[inline]
pub fn str_lstrip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    match chars {
        None => s.trim_start_matches(u::is_space),
        Some(cs) => s.trim_start_matches(|c| cs.contains(c)),
    }
}

/// `s.rstrip(chars)`
#[inline]
pub fn str_rstrip<'a>(s: &'a str, chars: Option<&str>) -> &'a str {
    match chars {
        None => s.trim_end_matches(u::is_space),
        Some(cs) => s.trim_end_matches(|c| cs.contains(c)),
    }
}

/// `s.replace(old, new, count)`; count < 0 replaces all. An empty `old` inserts `new` before
/// every code point and at the end, as CPython.
pub fn str_replace(s: &str, old: &str, new: &str, count: i64) -> String {
    if count == 0 {
        return s.to_string();
    }
    if old.is_empty() {
        let mut out = String::with_capacity(s.len() + new.len() * (s.len() + 1));
        let mut n = 0;
        for c in s.chars() {
            if count < 0 || n < count {
                out.push_str(new);
                n += 1;
            }
            out.push(c);
        }
        if count < 0 || n < count {
            out.push_str(new);
        }
        return out;
    }
    if count < 0 {
        s.replace(old, new)
    } else {
        s.replacen(old, new, count as usize)
    }
}

/// Byte range of the code-point range `start..end` (clamped like CPython's slice bounds).
fn sub_range(s: &str, start: Option<i64>, end: Option<i64>) -> Option<(usize, usize)> {
    if start.is_none() && end.is_none() {
        return Some((0, s.len()));
    }
    let n = str_len(s) as usize;
    let (a, b) = clamp_range(n, start, end);
    if a > b {
        return None;
    }
    Some((byte_at(s, a), byte_at(s, b)))
}

/// `s.startswith(prefix)`
#[inline]
pub fn str_startswith(s: &str, prefix: &str) -> bool {
    s.starts_with(prefix)
}

/// `s.startswith((p1, p2, ...))`
pub fn str_startswith_any(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.starts_with(p))
}

/// `s.endswith((s1, s2, ...))`
pub fn str_endswith_any(s: &str, suffixes: &[&str]) -> bool {
    suffixes.iter().any(|x| s.ends_with(x))
}

/// `s.endswith(suffix)`
#[inline]
pub fn str_endswith(s: &str, suffix: &str) -> bool {
    s.ends_with(suffix)
}

/// `s.startswith(prefix, start, end)`
pub fn str_startswith_range(s: &str, prefix: &str, start: Option<i64>, end: Option<i64>) -> bool {
    match sub_range_find(s, start, end) {
        Some((a, b)) => s[a..b].starts_with(prefix),
        None => false,
    }
}

/// `s.endswith(suffix, start, end)`
pub fn str_endswith_range(s: &str, suffix: &str, start: Option<i64>, end: Option<i64>) -> bool {
    match sub_range_find(s, start, end) {
        Some((a, b)) => s[a..b].ends_with(suffix),
        None => false,
    }
}

/// Like `sub_range`, but a start beyond the end finds nothing (CPython's find/startswith rule).
fn sub_range_find(s: &str, start: Option<i64>, end: Option<i64>) -> Option<(usize, usize)> {
    if let Some(st) = start {
        if st > str_len(s) {
            return None;
        }
    }
    sub_range(s, start, end)
}

/// `s.find(sub, start, end)` → code-point index or -1.
pub fn str_find(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    match sub_range_find(s, start, end) {
        Some((a, b)) => match s[a..b].find(sub) {
            Some(i) => char_index(s, a + i),
            None => -1,
        },
        None => -1,
    }
}

/// `s.rfind(sub, start, end)`
pub fn str_rfind(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    match sub_range_find(s, start, end) {
        Some((a, b)) => match s[a..b].rfind(sub) {
            Some(i) => char_index(s, a + i),
            None => -1,
        },
        None => -1,
    }
}

/// `s.index(sub, start, end)` (ValueError "substring not found").
pub fn str_index_of(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    let r = str_find(s, sub, start, end);
    if r < 0 {
        raise(ErrorKind::ValueError, "substring not found");
    }
    r
}

/// `s.rindex(sub, start, end)` (ValueError "substring not found").
pub fn str_rindex(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    let r = str_rfind(s, sub, start, end);
    if r < 0 {
        raise(ErrorKind::ValueError, "substring not found");
    }
    r
}

/// `s.count(sub, start, end)` (non-overlapping; an empty `sub` counts positions).
pub fn str_count(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> i64 {
    match sub_range_find(s, start, end) {
        Some((a, b)) => {
            let t = &s[a..b];
            if sub.is_empty() {
                str_len(t) + 1
            } else {
                t.matches(sub).count() as i64
            }
        }
        None => 0,
    }
}

/// `s.upper()`
pub fn str_upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        u::push_upper(c, &mut out);
    }
    out
}

/// `s.lower()` (with the final-sigma rule).
pub fn str_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == '\u{3a3}' {
            out.push(if final_sigma(s, i) {
                '\u{3c2}'
            } else {
                '\u{3c3}'
            });
        } else {
            u::push_lower(c, &mut out);
        }
    }
    out
}

/// CPython's final-sigma context: a cased letter before (skipping case-ignorables) and none after.
fn final_sigma(s: &str, i: usize) -> bool {
    let before = s[..i]
        .chars()
        .rev()
        .find(|&c| !u::is_case_ignorable(c))
        .is_some_and(u::is_cased);
    let after = s[i + 2..]
        .chars()
        .find(|&c| !u::is_case_ignorable(c))
        .is_some_and(u::is_cased);
    before && !after
}

/// `s.casefold()`
pub fn str_casefold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        u::push_fold(c, &mut out);
    }
    out
}

/// `s.swapcase()`
pub fn str_swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if u::is_upper(c) {
            if c == '\u{3a3}' {
                out.push(if final_sigma(s, i) {
                    '\u{3c2}'
                } else {
                    '\u{3c3}'
                });
            } else {
                u::push_lower(c, &mut out);
            }
        } else if u::is_lower(c) {
            u::push_upper(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

/// `s.title()`
pub fn str_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for (i, c) in s.char_indices() {
        if prev_cased {
            if c == '\u{3a3}' {
                out.push(if final_sigma(s, i) {
                    '\u{3c2}'
                } else {
                    '\u{3c3}'
                });
            } else {
                u::push_lower(c, &mut out);
            }
        } else {
            u::push_title(c, &mut out);
        }
        prev_cased = u::is_cased(c);
    }
    out
}

/// `s.capitalize()` (first character titlecased, the rest lowercased, as CPython 3.8+).
pub fn str_capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if i == 0 {
            u::push_title(c, &mut out);
        } else if c == '\u{3a3}' {
            out.push(if final_sigma(s, i) {
                '\u{3c2}'
            } else {
                '\u{3c3}'
            });
        } else {
            u::push_lower(c, &mut out);
        }
    }
    out
}

fn all_nonempty(s: &str, f: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

/// `s.isdigit()`
pub fn str_isdigit(s: &str) -> bool {
    all_nonempty(s, u::is_digit)
}
/// `s.isdecimal()`
pub fn str_isdecimal(s: &str) -> bool {
    all_nonempty(s, u::is_decimal)
}
/// `s.isnumeric()`
pub fn str_isnumeric(s: &str) -> bool {
    all_nonempty(s, u::is_numeric)
}
/// `s.isalpha()`
pub fn str_isalpha(s: &str) -> bool {
    all_nonempty(s, u::is_alpha)
}
/// `s.isalnum()`
pub fn str_isalnum(s: &str) -> bool {
    all_nonempty(s, u::is_alnum)
}
/// `s.isspace()`
pub fn str_isspace(s: &str) -> bool {
    all_nonempty(s, u::is_space)
}
/// `s.isascii()`
pub fn str_isascii(s: &str) -> bool {
    s.is_ascii()
}
/// `s.isprintable()`
pub fn str_isprintable(s: &str) -> bool {
    s.chars().all(u::is_printable)
}

/// `s.isupper()`: at least one cased character and no lowercase or titlecase ones.
pub fn str_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if u::is_lower(c) || u::is_title(c) {
            return false;
        }
        if !cased && u::is_upper(c) {
            cased = true;
        }
    }
    cased
}

/// `s.islower()`
pub fn str_islower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if u::is_upper(c) || u::is_title(c) {
            return false;
        }
        if !cased && u::is_lower(c) {
            cased = true;
        }
    }
    cased
}

/// `s.istitle()`
pub fn str_istitle(s: &str) -> bool {
    let mut cased = false;
    let mut prev_cased = false;
    for c in s.chars() {
        if u::is_upper(c) || u::is_title(c) {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else if u::is_lower(c) {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    cased
}

/// `s.zfill(width)`
pub fn str_zfill(s: &str, width: i64) -> String {
    let n = str_len(s);
    if width <= n {
        return s.to_string();
    }
    let fill = (width - n) as usize;
    let mut out = String::with_capacity(s.len() + fill);
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') | Some(b'-') => s.split_at(1),
        _ => ("", s),
    };
    out.push_str(sign);
    for _ in 0..fill {
        out.push('0');
    }
    out.push_str(rest);
    out
}

fn pad(s: &str, left: usize, right: usize, fill: char) -> String {
    let mut out = String::with_capacity(s.len() + (left + right) * fill.len_utf8());
    for _ in 0..left {
        out.push(fill);
    }
    out.push_str(s);
    for _ in 0..right {
        out.push(fill);
    }
    out
}

/// `s.ljust(width, fill)`
pub fn str_ljust(s: &str, width: i64, fill: char) -> String {
    let n = str_len(s);
    if width <= n {
        return s.to_string();
    }
    pad(s, 0, (width - n) as usize, fill)
}

/// `s.rjust(width, fill)`
pub fn str_rjust(s: &str, width: i64, fill: char) -> String {
    let n = str_len(s);
    if width <= n {
        return s.to_string();
    }
    pad(s, (width - n) as usize, 0, fill)
}

/// `s.center(width, fill)` (CPython puts the odd extra space on the left when `width` is odd... as
/// its formula `left = marg/2 + (marg & width & 1)` says).
pub fn str_center(s: &str, width: i64, fill: char) -> String {
    let n = str_len(s);
    if width <= n {
        return s.to_string();
    }
    let marg = width - n;
    let left = marg / 2 + (marg & width & 1);
    pad(s, left as usize, (marg - left) as usize, fill)
}

/// `s.partition(sep)` (ValueError "empty separator").
pub fn str_partition(s: &str, sep: &str) -> (String, String, String) {
    if sep.is_empty() {
        empty_separator();
    }
    match s.find(sep) {
        Some(i) => (
            s[..i].to_string(),
            sep.to_string(),
            s[i + sep.len()..].to_string(),
        ),
        None => (s.to_string(), String::new(), String::new()),
    }
}

/// `s.rpartition(sep)`
pub fn str_rpartition(s: &str, sep: &str) -> (String, String, String) {
    if sep.is_empty() {
        empty_separator();
    }
    match s.rfind(sep) {
        Some(i) => (
            s[..i].to_string(),
            sep.to_string(),
            s[i + sep.len()..].to_string(),
        ),
        None => (String::new(), String::new(), s.to_string()),
    }
}

/// `s.removeprefix(prefix)` (borrows).
#[inline]
pub fn str_removeprefix<'a>(s: &'a str, prefix: &str) -> &'a str {
    s.strip_prefix(prefix).unwrap_or(s)
}

/// `s.removesuffix(suffix)` (borrows).
#[inline]
pub fn str_removesuffix<'a>(s: &'a str, suffix: &str) -> &'a str {
    if suffix.is_empty() {
        return s;
    }
    s.strip_suffix(suffix).unwrap_or(s)
}

/// `s.expandtabs(tabsize)`
pub fn str_expandtabs(s: &str, tabsize: i64) -> String {
    let mut out = String::with_capacity(s.len());
    let mut col: i64 = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    for _ in 0..n {
                        out.push(' ');
                    }
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// `sub in s`
#[inline]
pub fn str_contains(s: &str, sub: &str) -> bool {
    s.contains(sub)
}

/// The fill argument of `ljust`/`rjust`/`center`: exactly one character.
pub fn fill_char(s: &str) -> char {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        _ => raise(
            ErrorKind::TypeError,
            "The fill character must be exactly one character long",
        ),
    }
}
