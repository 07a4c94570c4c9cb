//! `roast-jit` end to end: errors become CPython's last traceback line after the flushed stdout,
//! `sys.exit` keeps its status, arithmetic errors are exceptions (never a trap), and a program
//! the JIT does not support yet gets one note line naming the construct and its line.

use std::process::{Command, Output};

fn run(name: &str, source: &str, args: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("roast-jit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.roast"));
    std::fs::write(&path, source).expect("write program");
    Command::new(env!("CARGO_BIN_EXE_roast-jit"))
        .arg(&path)
        .args(args)
        .env("ROAST_JIT_NO_FALLBACK", "1")
        .output()
        .expect("run roast-jit")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[test]
fn an_uncaught_error_prints_the_last_traceback_line_after_stdout() {
    let out = run(
        "zero",
        "def f(a: int, b: int) -> int:\n    return a // b\n\nprint(\"before\")\nprint(f(7, 0))\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "before\n");
    assert_eq!(
        text(&out.stderr).lines().last(),
        Some("ZeroDivisionError: integer division or modulo by zero")
    );
}

#[test]
fn overflow_and_float_division_raise_instead_of_trapping() {
    let out = run(
        "overflow",
        "x = 9223372036854775807\ntry:\n    x = x + 1\nexcept OverflowError as e:\n    print(\"caught\", e)\nprint(1.0 / 0.0)\n",
        &[],
    );
    assert_eq!(text(&out.stdout), "caught integer overflow\n");
    assert_eq!(
        text(&out.stderr).lines().last(),
        Some("ZeroDivisionError: float division by zero")
    );
}

#[test]
fn sys_exit_and_argv() {
    let out = run(
        "exit",
        "import sys\nprint(sys.argv[1:])\nsys.exit(int(sys.argv[1]))\n",
        &["4", "x"],
    );
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(text(&out.stdout), "['4', 'x']\n");
}

#[test]
fn an_unsupported_construct_is_named_with_its_line() {
    let out = run(
        "exit_code",
        "import sys\ntry:\n    sys.exit(3)\nexcept SystemExit as e:\n    print(e.code)\n",
        &[],
    );
    // ROAST_JIT_NO_FALLBACK: status 3 instead of running the native build.
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("note: the JIT does not support ")
            && err.contains("yet (line 5); running the native build"),
        "{err}"
    );
}

#[test]
fn int_overflow_is_always_detected_never_wrapped() {
    // Each operation's exact result is outside the 64-bit range: CPython grows the int, Roast
    // raises OverflowError (the documented divergence), and never prints a wrapped number.
    let source = "\
MAX = 9223372036854775807
MIN = -9223372036854775807 - 1


def probe(op: int, k: int) -> int:
    x = MIN + k
    if op == 0:
        return -x
    if op == 1:
        return abs(x)
    if op == 2:
        return x * -1
    if op == 3:
        return (k + 2) ** 63
    if op == 4:
        return (k + 1) << 63
    if op == 5:
        return x // -1
    if op == 6:
        return sum([MAX, k + 1])
    if op == 7:
        return int(\"9223372036854775808\")
    if op == 8:
        return int(\"-9223372036854775809\")
    if op == 9:
        return MAX + k + 1
    if op == 10:
        return x - 1
    if op == 11:
        return int(9.3e18)
    if op == 12:
        return round(-9.3e18)
    return divmod(x, -1)[0]


for op in range(14):
    try:
        print(op, probe(op, 0))
    except OverflowError as e:
        print(op, \"OverflowError:\", e)
";
    let out = run("overflow_ops", source, &[]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(stdout.lines().count(), 14, "{stdout}");
    for line in stdout.lines() {
        assert!(
            line.ends_with("OverflowError: integer overflow"),
            "{stdout}"
        );
    }
}
