"""Generates src/unicode_tables.rs (data only, no code) from CPython's own unicodedata/str predicates.

Run with the CPython whose behaviour Roast follows (3.11):  python3 tools/gen_unicode.py > src/unicode_tables.rs
"""
import sys

def ranges(pred):
    out = []
    start = None
    for c in range(0x80, 0x110000):
        ok = pred(chr(c))
        if ok and start is None:
            start = c
        elif not ok and start is not None:
            out.append((start, c - 1))
            start = None
    if start is not None:
        out.append((start, 0x10FFFF))
    return out

def emit(name, doc, rs):
    print(f"/// {doc}")
    print(f"pub(crate) static {name}: &[(u32, u32)] = &[")
    line = []
    for a, b in rs:
        line.append(f"(0x{a:X}, 0x{b:X})")
        if len(line) == 6:
            print("    " + ", ".join(line) + ",")
            line = []
    if line:
        print("    " + ", ".join(line) + ",")
    print("];")
    print()

def emit_map(name, doc, pairs):
    print(f"/// {doc}")
    print(f"pub(crate) static {name}: &[(u32, &str)] = &[")
    for c, s in pairs:
        esc = "".join(f"\\u{{{ord(ch):X}}}" for ch in s)
        print(f'    (0x{c:X}, "{esc}"),')
    print("];")
    print()

print("//! Unicode tables generated from CPython %d.%d (unicodedata %s) by tools/gen_unicode.py; do not edit." % (sys.version_info[0], sys.version_info[1], __import__('unicodedata').unidata_version))
print("//! Every table covers non-ASCII code points only (ASCII is handled by fast paths) and is sorted for binary search.")
print()
emit("NOT_PRINTABLE", "Non-ASCII code points for which `str.isprintable()` is false (repr escapes them).", ranges(lambda ch: not ch.isprintable()))
emit("ALPHA", "Non-ASCII code points for which `str.isalpha()` is true.", ranges(str.isalpha))
emit("DECIMAL", "Non-ASCII code points for which `str.isdecimal()` is true.", ranges(str.isdecimal))
emit("DIGIT", "Non-ASCII code points for which `str.isdigit()` is true.", ranges(str.isdigit))
emit("NUMERIC", "Non-ASCII code points for which `str.isnumeric()` is true.", ranges(str.isnumeric))
emit("SPACE", "Non-ASCII code points for which `str.isspace()` is true.", ranges(str.isspace))
emit("CASED_UPPER", "Non-ASCII code points for which `str.isupper()` is true (uppercase and cased).", ranges(str.isupper))
emit("CASED_LOWER", "Non-ASCII code points for which `str.islower()` is true.", ranges(str.islower))
emit("TITLE", "Non-ASCII code points of category Lt (titlecase letters).", ranges(lambda c: __import__('unicodedata').category(c) == 'Lt'))
emit("CASED", "Non-ASCII cased code points (`c.lower() != c.upper()` or Lt/Lu/Ll), for title()/istitle().", ranges(lambda c: c.isupper() or c.islower() or __import__('unicodedata').category(c) == 'Lt'))
emit("CASE_IGNORABLE", "Non-ASCII case-ignorable code points approximation (Mn, Me, Cf, Lm, Sk), for title()/istitle().", ranges(lambda c: __import__('unicodedata').category(c) in ('Mn','Me','Cf','Lm','Sk')))
emit_map("TITLE_MAP", "Code points whose titlecase differs from their uppercase: (char, title).", [(c, chr(c).title()) for c in range(0x80, 0x110000) if chr(c).title() != chr(c).upper()])
emit_map("UPPER_MAP", "Code points whose CPython upper() mapping is given explicitly (all non-ASCII with upper != char).", [(c, chr(c).upper()) for c in range(0x80, 0x110000) if chr(c).upper() != chr(c)])
emit_map("LOWER_MAP", "Code points whose CPython lower() mapping differs from the char (non-ASCII).", [(c, chr(c).lower()) for c in range(0x80, 0x110000) if chr(c).lower() != chr(c)])
emit_map("FOLD_MAP", "Code points whose casefold() differs from lower() (non-ASCII, and ASCII never).", [(c, chr(c).casefold()) for c in range(0x80, 0x110000) if chr(c).casefold() != chr(c).lower()])
