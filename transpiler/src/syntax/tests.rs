//! Tests for parsing and lowering: snippets in, a compact print of the AST (`print`) or the
//! diagnostics (`line:col code message`) out. Rendered snapshots check a few messages whole.

use super::{parse, print};
use crate::source::SourceFile;

/// The AST of a snippet that must lower without any diagnostic.
fn ast(source: &str) -> String {
    let file = SourceFile::new("test.roast", source);
    let parsed = parse(&file);
    let errors = crate::diagnostics::render(&file, &parsed.diagnostics);
    assert!(
        parsed.diagnostics.is_empty(),
        "unexpected diagnostics for {source:?}:\n{errors}"
    );
    print::module(&parsed.module).trim_end().to_string()
}

/// The AST of a one-expression snippet.
fn expr(source: &str) -> String {
    let statement = ast(&format!("{source}\n"));
    let inner = statement
        .strip_prefix("(expr ")
        .and_then(|s| s.strip_suffix(')'));
    inner.unwrap_or(&statement).to_string()
}

/// The diagnostics of a snippet, one `line:col code message` each.
fn errors(source: &str) -> Vec<String> {
    let file = SourceFile::new("test.roast", source);
    let parsed = parse(&file);
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            let (line, col) = file.line_col(d.primary_span().start);
            format!("{line}:{col} {} {}", d.code.as_str(), d.message)
        })
        .collect()
}

/// The single diagnostic of a snippet.
fn error(source: &str) -> String {
    let found = errors(source);
    assert_eq!(
        found.len(),
        1,
        "expected one diagnostic for {source:?}, got {found:#?}"
    );
    found.into_iter().next().unwrap_or_default()
}

fn rendered(source: &str) -> String {
    let file = SourceFile::new("test.roast", source);
    crate::diagnostics::render(&file, &parse(&file).diagnostics)
}

// ---------------------------------------------------------------------------------------------
// Statements

#[test]
fn assignments() {
    assert_eq!(ast("x = 1\n"), "(= x 1)");
    assert_eq!(ast("a = b = c\n"), "(= a b c)");
    assert_eq!(
        ast("x: int = 1\ny: list[int]\n"),
        "(: x int = 1)\n(: y (sub list int))"
    );
    assert_eq!(ast("a, b = b, a\n"), "(= (tuple a b) (tuple b a))");
    assert_eq!(ast("(a, b) = [c, d] = e\n"), "(= (tuple a b) [c d] e)");
    assert_eq!(ast("(a) = 1\n"), "(= a 1)");
    assert_eq!(ast("obj.x = xs[0] = 1\n"), "(= (. obj x) (sub xs 0) 1)");
    assert_eq!(
        ast("x += 1\nx //= 2\nx **= 3\nx <<= 1\n"),
        "(+= x 1)\n(//= x 2)\n(**= x 3)\n(<<= x 1)"
    );
    assert_eq!(
        ast("for a, (b, c) in xs: pass\n"),
        "(for (tuple a (tuple b c)) in xs\n  (do\n    (pass)))"
    );
}

#[test]
fn simple_statements() {
    assert_eq!(
        ast("pass\nbreak\ncontinue\nreturn\nreturn 1, 2\nassert x, \"m\"\ndel a[0], b.c\nraise\nraise E(1) from e\n"),
        "(pass)\n(break)\n(continue)\n(return)\n(return (tuple 1 2))\n(assert x \"m\")\n(del (sub a 0) (. b c))\n(raise)\n(raise (call E 1) from e)"
    );
    assert_eq!(ast("x = 1; y = 2;\n"), "(= x 1)\n(= y 2)");
    // `...` as a statement does what `pass` does.
    assert_eq!(
        ast("def f() -> None: ...\n"),
        "(def f () -> None\n  (pass))"
    );
}

#[test]
fn if_elif_else() {
    assert_eq!(
        ast("if a:\n    x = 1\nelif b:\n    x = 2\nelif c: x = 3\nelse:\n    x = 4\n"),
        "(if a\n  (then\n    (= x 1))\n  (else\n    (if b\n      (then\n        (= x 2))\n      (else\n        (if c\n          (then\n            (= x 3))\n          (else\n            (= x 4)))))))"
    );
}

#[test]
fn loops_with_else() {
    assert_eq!(
        ast("while x:\n    x -= 1\nelse:\n    pass\nfor i in range(3):\n    continue\nelse:\n    break\n"),
        "(while x\n  (do\n    (-= x 1))\n  (else\n    (pass)))\n(for i in (call range 3)\n  (do\n    (continue))\n  (else\n    (break)))"
    );
}

#[test]
fn try_statement() {
    assert_eq!(
        ast("try:\n    f()\nexcept (A, B) as e:\n    pass\nexcept C:\n    raise\nexcept:\n    pass\nelse:\n    g()\nfinally:\n    h()\n"),
        "(try\n  (body\n    (expr (call f)))\n  (except (tuple A B) as e\n    (pass))\n  (except C\n    (raise))\n  (except\n    (pass))\n  (else\n    (expr (call g)))\n  (finally\n    (expr (call h))))"
    );
    assert_eq!(
        ast("try:\n    pass\nfinally:\n    pass\n"),
        "(try\n  (body\n    (pass))\n  (finally\n    (pass)))"
    );
}

#[test]
fn function_definitions() {
    assert_eq!(
        ast("def f(a: int, b: str = \"x\", *, c: float, d: bool = True) -> list[int]:\n    return [a]\n"),
        "(def f (a: int b: str = \"x\" *c: float *d: bool = True) -> (sub list int)\n  (return [a]))"
    );
    assert_eq!(
        ast("def first[T](xs: list[T]) -> T:\n    return xs[0]\n"),
        "(def first[T] (xs: (sub list T)) -> T\n  (return (sub xs 0)))"
    );
    assert_eq!(ast("def g(x):\n    pass\n"), "(def g (x)\n  (pass))");
    assert_eq!(
        ast("def outer() -> int:\n    def inner(y: int) -> int:\n        return y\n    return inner(1)\n"),
        "(def outer () -> int\n  (def inner (y: int) -> int\n    (return y))\n  (return (call inner 1)))"
    );
}

#[test]
fn classes_and_decorators() {
    assert_eq!(
        ast("@dataclass\nclass P(Base):\n    x: int\n    y: int = 0\n\n    @staticmethod\n    def make() -> \"P\":\n        return P(1)\n"),
        "@dataclass (class P (Base)\n  (: x int)\n  (: y int = 0)\n  @staticmethod (def make () -> \"P\"\n    (return (call P 1))))"
    );
    assert_eq!(
        ast("class E(Exception): pass\n"),
        "(class E (Exception)\n  (pass))"
    );
    assert_eq!(
        ast("class Box[T]:\n    item: T\n"),
        "(class Box[T] ()\n  (: item T))"
    );
}

#[test]
fn imports() {
    assert_eq!(
        ast("import math\nimport os.path as p, sys\nfrom typing import Optional, TypeVar as TV\nfrom . import sibling\nfrom ..pkg.mod import (a, b,)\n"),
        "(import math)\n(import os.path as p sys)\n(from typing import Optional TypeVar as TV)\n(from . import sibling)\n(from ..pkg.mod import a b)"
    );
}

#[test]
fn comments_and_layout_do_not_matter() {
    let source =
        "# leading\ndef f(  # after paren\n    a: int,  # first\n    # own line\n    b: int,\n) -> int:\n    # inside\n    x = (a +\n         b)  # trailing\n\n\n    return \\\n        x\n# final\n";
    assert_eq!(
        ast(source),
        "(def f (a: int b: int) -> int\n  (= x (+ a b))\n  (return x))"
    );
    assert_eq!(
        ast("if x:\n\ty = 1\n\tif z:\n\t\tw = 2\n"),
        "(if x\n  (then\n    (= y 1)\n    (if z\n      (then\n        (= w 2)))))"
    );
    assert_eq!(
        ast("x = 1\r\nif x:\r\n    y = 2\r\n"),
        "(= x 1)\n(if x\n  (then\n    (= y 2)))"
    );
    assert_eq!(ast(""), "");
    assert_eq!(ast("x = 1"), "(= x 1)");
}

// ---------------------------------------------------------------------------------------------
// Expressions

#[test]
fn operators_and_precedence() {
    assert_eq!(
        expr("a + b * c - d / e // f % g"),
        "(- (+ a (* b c)) (% (// (/ d e) f) g))"
    );
    assert_eq!(expr("-x ** 2"), "(neg (** x 2))");
    assert_eq!(expr("2 ** -1"), "(** 2 (neg 1))");
    assert_eq!(expr("a ** b ** c"), "(** a (** b c))");
    assert_eq!(
        expr("~a | b & c ^ d << 1 >> 2"),
        "(| (~ a) (^ (& b c) (>> (<< d 1) 2)))"
    );
    assert_eq!(
        expr("not a and b or c and d and e"),
        "(or (and (not a) b) (and c d e))"
    );
    assert_eq!(expr("a or b or c"), "(or a b c)");
    assert_eq!(expr("(a or b) or c"), "(or (or a b) c)");
    assert_eq!(expr("a < b <= c != d"), "(cmp a < b <= c != d)");
    assert_eq!(expr("x in xs"), "(cmp x in xs)");
    assert_eq!(expr("x not in xs"), "(cmp x not in xs)");
    assert_eq!(expr("x is None"), "(cmp x is None)");
    assert_eq!(expr("x is not None"), "(cmp x is not None)");
    assert_eq!(
        expr("a if b else c if d else e"),
        "(ifexp b a (ifexp d c e))"
    );
    assert_eq!(expr("+x"), "(pos x)");
}

#[test]
fn calls_attributes_subscripts() {
    assert_eq!(expr("f()"), "(call f)");
    assert_eq!(
        expr("print(a, b, sep=\", \", end=\"\")"),
        "(call print a b sep=\", \" end=\"\")"
    );
    assert_eq!(
        expr("sorted(xs, key=lambda p: (p.x, -p.y), reverse=True)"),
        "(call sorted xs key=(lambda (p) (tuple (. p x) (neg (. p y)))) reverse=True)"
    );
    assert_eq!(
        expr("sum(x * x for x in xs)"),
        "(call sum (genexp (* x x) (for x in xs)))"
    );
    assert_eq!(expr("a.b.c(d)[e]"), "(sub (call (. (. a b) c) d) e)");
    assert_eq!(expr("a[i, j]"), "(sub a (tuple i j))");
    assert_eq!(expr("a[i,]"), "(sub a (tuple i))");
    assert_eq!(expr("a[1:2]"), "(sub a (slice 1 2 _))");
    assert_eq!(expr("a[::-1]"), "(sub a (slice _ _ (neg 1)))");
    assert_eq!(expr("a[:]"), "(sub a (slice _ _ _))");
    assert_eq!(expr("a[1:10:3]"), "(sub a (slice 1 10 3))");
    assert_eq!(expr("a[x:]"), "(sub a (slice x _ _))");
}

#[test]
fn displays_and_comprehensions() {
    assert_eq!(expr("[1, 2, 3,]"), "[1 2 3]");
    assert_eq!(expr("()"), "(tuple )");
    assert_eq!(expr("(1,)"), "(tuple 1)");
    assert_eq!(expr("{}"), "(dict)");
    assert_eq!(expr("{1: \"a\", k: v}"), "(dict (1 \"a\") (k v))");
    assert_eq!(expr("{1, 2}"), "{1 2}");
    assert_eq!(
        expr("[x * 2 for x in xs if x if y]"),
        "(listcomp (* x 2) (for x in xs if x if y))"
    );
    assert_eq!(
        expr("[(x, y) for x in a for y in b if x < y]"),
        "(listcomp (tuple x y) (for x in a) (for y in b if (cmp x < y)))"
    );
    assert_eq!(
        expr("{k: v for k, v in d.items()}"),
        "(dictcomp k v (for (tuple k v) in (call (. d items))))"
    );
    assert_eq!(expr("{x for x in s}"), "(setcomp x (for x in s))");
    assert_eq!(
        expr("[x for x in (a if b else c)]"),
        "(listcomp x (for x in (ifexp b a c)))"
    );
}

#[test]
fn lambdas() {
    assert_eq!(expr("lambda: 0"), "(lambda () 0)");
    assert_eq!(expr("lambda x, y: x + y"), "(lambda (x y) (+ x y))");
    assert_eq!(
        expr("lambda x: lambda y: x if y else -x"),
        "(lambda (x) (lambda (y) (ifexp y x (neg x))))"
    );
}

// ---------------------------------------------------------------------------------------------
// Literals

#[test]
fn integer_literals() {
    assert_eq!(expr("0"), "0");
    assert_eq!(expr("1_000_000"), "1000000");
    assert_eq!(expr("0x1f"), "31");
    assert_eq!(expr("0XFF"), "255");
    assert_eq!(expr("0o17"), "15");
    assert_eq!(expr("0b_1010"), "10");
    assert_eq!(expr("000"), "0");
    assert_eq!(expr("9223372036854775807"), "9223372036854775807");
    assert_eq!(expr("-9223372036854775808"), "-9223372036854775808");
    assert_eq!(expr("0x7fff_ffff_ffff_ffff"), "9223372036854775807");
}

#[test]
fn integer_literal_errors() {
    assert_eq!(
        error("x = 9223372036854775808\n"),
        "1:5 E0011 integer literal is too large for Roast's 64-bit int"
    );
    assert_eq!(
        error("x = 99999999999999999999999999999\n"),
        "1:5 E0011 integer literal is too large for Roast's 64-bit int"
    );
    assert_eq!(
        error("x = 0x1_0000_0000_0000_0000\n"),
        "1:5 E0011 integer literal is too large for Roast's 64-bit int"
    );
    assert_eq!(
        error("x = -(9223372036854775808)\n"),
        "1:7 E0011 integer literal is too large for Roast's 64-bit int"
    );
    assert_eq!(
        error("x = 0777\n"),
        "1:5 E0001 leading zeros in decimal integer literals are not permitted"
    );
}

#[test]
fn float_literals() {
    assert_eq!(expr("1.5"), "1.5");
    assert_eq!(expr("1e-5"), "1e-5");
    assert_eq!(expr(".5"), "0.5");
    assert_eq!(expr("5."), "5.0");
    assert_eq!(expr("1_0.0_1"), "10.01");
    assert_eq!(expr("2E+10"), "20000000000.0");
    assert_eq!(expr("1e400"), "inf");
}

#[test]
fn string_literals() {
    assert_eq!(expr("'single'"), "\"single\"");
    assert_eq!(expr(r#""a\nb\tc\\d\'e\"f""#), r#""a\nb\tc\\d'e\"f""#);
    assert_eq!(expr(r#""\x41\u00e9\U0001F600\101\0""#), "\"Aé😀A\\0\"");
    assert_eq!(expr(r#""\a\b\f\v""#), r#""\u{7}\u{8}\u{c}\u{b}""#);
    assert_eq!(expr(r#""\d stays""#), r#""\\d stays""#);
    assert_eq!(expr(r#"r"\d+\n""#), r#""\\d+\\n""#);
    assert_eq!(expr(r#"R'\''"#), r#""\\'""#);
    assert_eq!(expr("\"a\" 'b' \"\"\"c\"\"\""), "\"abc\"");
    assert_eq!(expr("(\"one \"\n \"two\")"), "\"one two\"");
    assert_eq!(
        expr("\"\"\"line one\nline \"two\" ''\nthree\"\"\""),
        "\"line one\\nline \\\"two\\\" ''\\nthree\""
    );
    assert_eq!(expr("'''a\r\nb'''"), "\"a\\nb\"");
    assert_eq!(expr("\"con\\\ntinued\""), "\"continued\"");
    assert_eq!(expr("u\"unicode\""), "\"unicode\"");
    assert_eq!(expr("''"), "\"\"");
}

#[test]
fn f_strings() {
    assert_eq!(expr("f\"Hello, {name}!\""), "(f \"Hello, \" {name} \"!\")");
    assert_eq!(
        expr("f\"{x!r} {x!s} {x!a}\""),
        "(f {x !r} \" \" {x !s} \" \" {x !a})"
    );
    assert_eq!(
        expr("f\"{pi:.2f}|{n:>10,}\""),
        "(f {pi : \".2f\"} \"|\" {n : \">10,\"})"
    );
    assert_eq!(expr("f\"{x:{width}}\""), "(f {x : {width}})");
    assert_eq!(
        expr("f\"{x:>{w}.{p}f}\""),
        "(f {x : \">\" {w} \".\" {p} \"f\"})"
    );
    assert_eq!(expr("f\"{x!r:^{w}}\""), "(f {x !r : \"^\" {w}})");
    assert_eq!(
        expr("f\"{{literal}} {x} }}{{\""),
        "(f \"{literal} \" {x} \" }{\")"
    );
    assert_eq!(expr("f\"{x=}\""), "(f {x debug=\"x=\"})");
    assert_eq!(expr("f\"{x = }\""), "(f {x debug=\"x = \"})");
    assert_eq!(expr("f\"{x=!s:>5}\""), "(f {x debug=\"x=\" !s : \">5\"})");
    assert_eq!(
        expr("f\"{d['key']} {', '.join(xs)}\""),
        "(f {(sub d \"key\")} \" \" {(call (. \", \" join) xs)})"
    );
    assert_eq!(expr("f\"{f'{inner}'}\""), "(f {(f {inner})})");
    assert_eq!(
        expr("f\"\\t{x: >8}\\n\""),
        "(f \"\\t\" {x : \" >8\"} \"\\n\")"
    );
    assert_eq!(expr("rf\"\\d{x}\""), "(f \"\\\\d\" {x})");
    assert_eq!(expr("f\"a\" \"b{c}\" f\"{d}\""), "(f \"ab{c}\" {d})");
    assert_eq!(
        expr("f\"\"\"a {\n    x\n} b\"\"\""),
        "(f \"a \" {x} \" b\")"
    );
    assert_eq!(expr("f\"{a, b}\""), "(f {(tuple a b)})");
    assert_eq!(
        expr("f\"{d:%Y-%m-%d %H:%M}\""),
        "(f {d : \"%Y-%m-%d %H:%M\"})"
    );
    assert_eq!(expr("f\"\""), "(f)");
}

// ---------------------------------------------------------------------------------------------
// Python that Roast does not support: one diagnostic naming the construct.

#[test]
fn unsupported_constructs_are_named() {
    let cases: &[(&str, &str)] = &[
        (
            "async def f() -> None:\n    pass\n",
            "1:1 E0002 `async def` is not supported by Roast",
        ),
        (
            "def f() -> int:\n    yield 1\n",
            "2:5 E0002 `yield` (generators) is not supported by Roast",
        ),
        (
            "def f() -> int:\n    x = yield\n",
            "2:9 E0002 `yield` (generators) is not supported by Roast",
        ),
        (
            "def f() -> int:\n    yield from g()\n",
            "2:5 E0002 `yield` (generators) is not supported by Roast",
        ),
        (
            "def f() -> None:\n    global g\n",
            "2:5 E0002 `global` is not supported by Roast",
        ),
        (
            "def f() -> None:\n    nonlocal g\n",
            "2:5 E0002 `nonlocal` is not supported by Roast",
        ),
        (
            "with open(p) as f:\n    pass\n",
            "1:1 E0002 `with` is not supported by Roast",
        ),
        (
            "match x:\n    case 1:\n        pass\n",
            "1:1 E0002 `match` is not supported by Roast",
        ),
        (
            "def f(*args: int) -> None:\n    pass\n",
            "1:7 E0002 `*args` is not supported by Roast",
        ),
        (
            "def f(**kw: int) -> None:\n    pass\n",
            "1:7 E0002 `**kwargs` is not supported by Roast",
        ),
        (
            "def f(a: int, /) -> None:\n    pass\n",
            "1:15 E0002 a positional-only marker (`/`) is not supported by Roast",
        ),
        (
            "f(**d)\n",
            "1:3 E0002 `**kwargs` in a call is not supported by Roast",
        ),
        (
            "if (n := 1):\n    pass\n",
            "1:7 E0002 an assignment expression (`:=`) is not supported by Roast",
        ),
        (
            "xs = [*a, 1]\n",
            "1:7 E0002 a starred expression (`*x`) is not supported by Roast",
        ),
        (
            "d = {**a}\n",
            "1:6 E0002 `**` unpacking is not supported by Roast",
        ),
        (
            "f = lambda x=1: x\n",
            "1:12 E0002 a default value for a lambda parameter is not supported by Roast",
        ),
        (
            "async def f() -> None:\n    await g()\n",
            "1:1 E0002 `async def` is not supported by Roast",
        ),
        (
            "type V = list[int]\n",
            "1:1 E0002 a `type` alias statement is not supported by Roast",
        ),
        (
            "try:\n    pass\nexcept* E:\n    pass\n",
            "3:1 E0002 `except*` (exception groups) is not supported by Roast",
        ),
        (
            "class C(metaclass=M):\n    pass\n",
            "1:9 E0002 a metaclass is not supported by Roast",
        ),
        (
            "from m import *\n",
            "1:15 E0002 `from ... import *` is not supported by Roast",
        ),
        (
            "x = 1j\n",
            "1:5 E0002 a complex number is not supported by Roast",
        ),
        (
            "x = b\"bytes\"\n",
            "1:5 E0002 a bytes literal is not supported by Roast",
        ),
        (
            "x = \"\\N{BULLET}\"\n",
            "1:6 E0002 a `\\N{...}` escape is not supported by Roast",
        ),
        (
            "x = ...\n",
            "1:5 E0002 `...` (Ellipsis) as a value is not supported by Roast",
        ),
        (
            "x = \"\\ud800\"\n",
            "1:6 E0002 a surrogate code point in a string is not supported by Roast",
        ),
    ];
    for (source, expected) in cases {
        let found = errors(source);
        assert_eq!(found, vec![expected.to_string()], "for {source:?}");
    }
}

#[test]
fn unsupported_inside_expressions_await() {
    assert_eq!(
        error("x = [await y]\n"),
        "1:6 E0002 `await` is not supported by Roast"
    );
    assert_eq!(
        error("for x in y:\n    async for z in w:\n        pass\n"),
        "2:5 E0002 `async for` is not supported by Roast"
    );
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

#[test]
fn syntax_errors() {
    let cases: &[(&str, &str)] = &[
        ("if x > 2\n    print(x)\n", "1:8 E0001 expected `:`"),
        ("def f()\n    return 1\n", "1:7 E0001 expected `:`"),
        ("for i in range(3)\n    pass\n", "1:17 E0001 expected `:`"),
        (
            "while (a and\n       b)\n    pass\n",
            "2:9 E0001 expected `:`",
        ),
        ("class A\n    pass\n", "1:7 E0001 expected `:`"),
        (
            "xs = [1, 2, 3\nprint(xs)\n",
            "1:6 E0001 `[` was never closed",
        ),
        ("x = (1 + 2))\n", "1:12 E0001 unmatched `)`"),
        (
            "x = (1, 2]\n",
            "1:10 E0001 closing bracket `]` does not match opening parenthesis `(`",
        ),
        (
            "name = \"Ada\nprint(name)\n",
            "1:8 E0001 unterminated string literal",
        ),
        (
            "x = '''abc\n",
            "1:5 E0001 unterminated triple-quoted string literal",
        ),
        ("x = 1\n    y = 2\n", "2:5 E0001 unexpected indent"),
        ("    x = 1\n", "1:5 E0001 unexpected indent"),
        (
            "if x:\n        a = 1\n    b = 2\n",
            "3:5 E0001 unindent does not match any outer indentation level",
        ),
        (
            "def f() -> None:\n\nprint(1)\n",
            "1:1 E0001 expected an indented block after function definition on line 1",
        ),
        (
            "for x in y:\nz = 1\n",
            "1:1 E0001 expected an indented block after 'for' statement on line 1",
        ),
        ("x = 4 *\nprint(x)\n", "1:7 E0001 invalid syntax"),
        ("x = def\n", "1:5 E0001 invalid syntax"),
        (
            "def f(a: int = 1, b: int) -> None:\n    pass\n",
            "1:19 E0001 non-default argument follows default argument",
        ),
        (
            "def f(a: int, a: int) -> None:\n    pass\n",
            "1:15 E0001 duplicate argument `a` in function definition",
        ),
        ("f(a=1, a=2)\n", "1:8 E0001 keyword argument repeated: a"),
        (
            "f(a=1, 2)\n",
            "1:8 E0001 positional argument follows keyword argument",
        ),
        ("f() = 1\n", "1:1 E0001 cannot assign to function call"),
        ("a + b = 1\n", "1:1 E0001 cannot assign to expression"),
        (
            "a, b += 1\n",
            "1:1 E0001 'tuple' is an illegal expression for augmented assignment",
        ),
        (
            "a, b: int = 1, 2\n",
            "1:1 E0001 only single target (not tuple) can be annotated",
        ),
        (
            "try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n",
            "3:1 E0001 default 'except:' must be last",
        ),
        ("x = \"\\x4\"\n", "1:6 E0001 truncated `\\xXX` escape"),
        (
            "x = f\"{x!z}\"\n",
            "1:9 E0001 f-string: invalid conversion character: expected 's', 'r', or 'a'",
        ),
        (
            "x = \"a\" b\"b\"\n",
            "1:5 E0001 cannot mix bytes and nonbytes literals",
        ),
        ("del f()\n", "1:5 E0001 cannot delete function call"),
        (
            "def f(*) -> None:\n    pass\n",
            "1:7 E0001 named arguments must follow bare *",
        ),
        ("raise E, \"msg\"\n", "1:7 E0001 invalid syntax"),
    ];
    for (source, expected) in cases {
        let found = errors(source);
        assert_eq!(
            found.first().map(String::as_str),
            Some(*expected),
            "for {source:?}: {found:#?}"
        );
    }
}

#[test]
fn missing_colon_renders_like_rustc() {
    assert_eq!(
        rendered("x = 3\nif x > 2\n    print(\"big\")\n"),
        "error[E0001]: expected `:`\n --> test.roast:2:8\n  |\n2 | if x > 2\n  |        ^ expected `:` after this\n  |\n  = help: end the `if` line with `:`, then indent its block\n\nerror: could not compile due to 1 previous error\n"
    );
}

#[test]
fn unclosed_bracket_renders_like_rustc() {
    assert_eq!(
        rendered("xs = [1, 2, 3\nprint(len(xs))\n"),
        "error[E0001]: `[` was never closed\n --> test.roast:1:6\n  |\n1 | xs = [1, 2, 3\n  |      ^ this bracket is never closed\n  |\n  = note: the bracket opened on line 1 is still open at the end of the file\n\nerror: could not compile due to 1 previous error\n"
    );
}

#[test]
fn unsupported_renders_with_help() {
    assert_eq!(
        rendered("def f(*nums: int) -> int:\n    return 0\n"),
        "error[E0002]: `*args` is not supported by Roast\n --> test.roast:1:7\n  |\n1 | def f(*nums: int) -> int:\n  |       ^^^^^ variadic parameter\n  |\n  = help: pass a `list` instead\n\nerror: could not compile due to 1 previous error\n"
    );
}

#[test]
fn errors_do_not_cascade_and_later_code_still_lowers() {
    let file = SourceFile::new("t.roast", "x = (1 +\ndef g() -> int:\n    return 1\n");
    let parsed = parse(&file);
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    let file = SourceFile::new("t.roast", "x = = 1\n\ndef g() -> int:\n    return 1\n");
    let parsed = parse(&file);
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    assert!(
        print::module(&parsed.module).contains("(def g () -> int"),
        "{}",
        print::module(&parsed.module)
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile input: never a panic, never a stack overflow.

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // CPython's tokenizer limits: 200 nested brackets, 99 nested indented blocks.
    let source = format!("x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(
        errors(&source),
        ["1:205 E0001 too many nested parentheses"],
        "the 201st bracket"
    );
    let lists = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(errors(&lists), ["1:205 E0001 too many nested parentheses"]);
    let blocks = |n: usize| {
        (0..n)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(n)
            + "pass\n"
    };
    assert_eq!(
        errors(&blocks(1_000)),
        ["101:1 E0001 too many levels of indentation"]
    );
    assert_eq!(
        errors(&blocks(100)),
        ["101:1 E0001 too many levels of indentation"]
    );
    assert!(errors(&blocks(99)).is_empty());
    // Brackets and indentation inside strings and comments do not count.
    let quoted = format!(
        "x = \"{}\"\ny = \"\"\"\n{}\"\"\"  # {}\n",
        "(".repeat(300),
        blocks(200).replace('\n', "\\n\n"),
        "[".repeat(300)
    );
    assert_eq!(errors(&quoted), Vec::<String>::new());
    // Within CPython's limits, Roast's own: 500 nested expressions.
    let chain = format!("x = {}1\n", "1 + ".repeat(10_000));
    assert_eq!(
        errors(&chain),
        ["1:5 E0001 expression is nested too deeply"]
    );
    let unary = format!("x = {}1\n", "-".repeat(100_000));
    assert_eq!(
        errors(&unary),
        ["1:505 E0001 expression is nested too deeply"]
    );
    // Just under the limits is fine.
    let fine = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
    assert_eq!(ast(&fine), "(= x 1)");
}

#[test]
fn any_bytes_parse_without_panic() {
    let mut inputs: Vec<String> = vec![
        String::from_utf8_lossy(&[0xff, 0xfe, b'x', b'=', 0xc3, b'\n', 0x80, b'"']).into_owned(),
        "\\".into(),
        "x = 1 \\".into(),
        "f'{".into(),
        "f'{x:".into(),
        "f'{x!".into(),
        "f\"{}\"".into(),
        "'''".into(),
        "\0\0".into(),
        "def".into(),
        "def f(".into(),
        "class".into(),
        "@".into(),
        "lambda".into(),
        "x[".into(),
        "x = {1:".into(),
        "if x:\n  if y:\n pass".into(),
        format!("x = {}\n", "f\"{".repeat(10_000)),
        format!("x = {}\n", "\"".repeat(10_001)),
        "\u{FEFF}x = 1\n".into(),
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let alphabet: Vec<char> = "()[]{}\"'\\ \n\t#fr:=,.ab1*-+<>!@%&|^~;".chars().collect();
    for _ in 0..200 {
        let text: String = (0..300)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                alphabet
                    .get((seed % alphabet.len() as u64) as usize)
                    .copied()
                    .unwrap_or(' ')
            })
            .collect();
        inputs.push(text);
    }
    for input in inputs {
        let file = SourceFile::new("fuzz.roast", input);
        let parsed = parse(&file);
        // Rendering must not panic either.
        let _ = crate::diagnostics::render(&file, &parsed.diagnostics);
        let _ = print::module(&parsed.module);
    }
}

#[test]
fn every_test_program_lowers_without_diagnostics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/programs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut failures = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "roast") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let file = SourceFile::new(path.display().to_string(), text);
        let parsed = parse(&file);
        if !parsed.diagnostics.is_empty() {
            failures.push(crate::diagnostics::render(&file, &parsed.diagnostics));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
