//! Hostile input through the library's front door (`roast::compile_bytes`, what the fuzz targets
//! in `fuzz/` call): invalid UTF-8, 100,000-deep nesting, 10 MB files, and every input the
//! fuzzers found a crash with (`tests/fuzz-regressions/*.roast`). Each must give output or
//! diagnostics, never a panic or a stack overflow, and every diagnostic must render with a code,
//! a `-->` location, the source line and a caret.

mod support;

use roast::{diagnostics, Code, Stage};

/// Runs every stage on `bytes`, on a thread with the stack the `roast` binary gives the compiler;
/// returns the rendered diagnostics of the first stage that failed (empty if none did).
fn compile(name: &str, bytes: &[u8]) -> String {
    let (name, bytes) = (name.to_string(), bytes.to_vec());
    std::thread::Builder::new()
        .stack_size(roast::COMPILER_STACK_SIZE)
        .spawn(move || {
            for stage in [Stage::Parse, Stage::Check, Stage::Emit] {
                let (file, result) = roast::compile_bytes(&name, &bytes, stage);
                let Err(diags) = result else { continue };
                assert!(
                    !diags.is_empty(),
                    "{name}: {stage:?} failed without a diagnostic"
                );
                for d in &diags {
                    let one = diagnostics::render(&file, std::slice::from_ref(d));
                    assert!(d.code != Code::Internal, "{name}: {stage:?}: {one}");
                    assert!(
                        one.starts_with(&format!("error[{}]", d.code.as_str()))
                            || one.starts_with(&format!("warning[{}]", d.code.as_str())),
                        "{name}: no code: {one}"
                    );
                    assert!(one.contains("-->") && one.contains('^'), "{name}: {one}");
                }
                return diagnostics::render(&file, &diags);
            }
            String::new()
        })
        .expect("spawn")
        .join()
        .unwrap_or_else(|_| panic!("the compiler panicked"))
}

/// The first line of a rendered report.
fn first_line(report: &str) -> &str {
    report.lines().next().unwrap_or("")
}

#[test]
fn invalid_utf8_is_a_diagnostic_at_the_byte() {
    let report = compile("bad.roast", b"x = 1\nprint(\"caf\xe9\")\n");
    assert_eq!(
        first_line(&report),
        "error[E0001]: the source is not valid UTF-8"
    );
    assert!(report.contains("--> bad.roast:2:11"), "{report}");
    assert!(report.contains("help: "), "{report}");
    for bytes in [&b"\xff\xfe"[..], b"\x80", b"x = '\xc3'", b"\xed\xa0\x80"] {
        assert!(compile("bad.roast", bytes).contains("not valid UTF-8"));
    }
}

#[test]
fn deep_nesting_is_a_diagnostic() {
    const N: usize = 100_000;
    let blocks: String = (0..1_000)
        .map(|i| format!("{}if True:\n", " ".repeat(i)))
        .collect::<String>()
        + &" ".repeat(1_000)
        + "pass\n";
    let cases = [
        (
            format!("x = {}1{}\n", "(".repeat(N), ")".repeat(N)),
            "error[E0001]: too many nested parentheses",
        ),
        (
            format!("x = {}{}\n", "[".repeat(N), "]".repeat(N)),
            "error[E0001]: too many nested parentheses",
        ),
        (
            format!("x = {}\n", "{1: ".repeat(N)),
            "error[E0001]: too many nested parentheses",
        ),
        (blocks, "error[E0001]: too many levels of indentation"),
        (
            format!("x = {}1\n", "-".repeat(N)),
            "error[E0001]: expression is nested too deeply",
        ),
        (
            format!("x = {}True\n", "not ".repeat(N)),
            "error[E0001]: expression is nested too deeply",
        ),
        (
            format!("a = 1\nx = {}a\n", "a + ".repeat(N)),
            "error[E0001]: expression is nested too deeply",
        ),
        (
            format!("a = 1\nx = {}a\n", "a if a else ".repeat(N)),
            "error[E0001]: expression is nested too deeply",
        ),
        (
            format!("x = {}0\n", "lambda: ".repeat(N)),
            "error[E0001]: expression is nested too deeply",
        ),
        (
            format!("a = [1]\nx = a{}\n", "[0]".repeat(N)),
            "error[E0001]: expression is nested too deeply",
        ),
        (
            format!("a = 1\nx = a{}\n", " < a".repeat(N)),
            "error[E0001]: expression is nested too deeply",
        ),
        // Each `elif` nests the rest of the chain: this overflowed a 256 MB stack.
        (
            format!("a = 1\nif a:\n pass\n{}", "elif a:\n pass\n".repeat(N)),
            "error[E0001]: too many `elif` clauses",
        ),
    ];
    for (source, expected) in cases {
        let report = compile("deep.roast", source.as_bytes());
        assert_eq!(first_line(&report), expected, "{}", &source[..40]);
    }
}

#[test]
fn ten_megabyte_files_are_fine() {
    const MB10: usize = 10 << 20;
    // A long string literal: compiles.
    let long = format!("x = \"{}\"\nprint(len(x))\n", "a".repeat(MB10));
    assert_eq!(compile("long.roast", long.as_bytes()), "");
    // A long comment.
    let comment = format!("# {}\nprint(1)\n", "c".repeat(MB10));
    assert_eq!(compile("comment.roast", comment.as_bytes()), "");
    // 10 MB of noise: at most 50 syntax errors, quickly.
    const ALPHABET: &[u8] = b"()[]{}:=+-*/ \n\tabc1'\"#\\.,";
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let noise: Vec<u8> = (0..MB10)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            ALPHABET[(seed % ALPHABET.len() as u64) as usize]
        })
        .collect();
    let report = compile("noise.roast", &noise);
    assert!(
        report.starts_with("error[E0001]"),
        "{}",
        first_line(&report)
    );
}

#[test]
fn long_flat_constructs_take_linear_time() {
    // Each took minutes at 100,000 (a quadratic pass), seconds per stage at this size.
    const N: usize = 15_000;
    let params: String = (0..N).map(|i| format!("a{i}: int, ")).collect();
    let cases = [
        format!("a = 1\nprint(a{})\n", ", a".repeat(N)),
        // Not flat, but it belongs here: 50 terms never finished in emit (exponential).
        format!("a = 1\nx = a{}\nprint(x)\n", " + a".repeat(400)),
        // Nested loops: liveness solved each inner loop from scratch, 3^depth (16 took 60 s).
        (0..60)
            .map(|i| format!("{}for i{i} in range(1):\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(60)
            + "print(1)\n",
        "x = 0\n".to_string()
            + &(0..60)
                .map(|i| format!("{}while x < 1:\n", " ".repeat(i)))
                .collect::<String>()
            + &" ".repeat(60)
            + "x += 1\n",
        format!("a = 1\nx = f\"{}\"\nprint(x)\n", "{a}".repeat(N)),
        format!("def f({params}) -> None:\n    pass\n"),
        format!(
            "def f() -> None:\n{}    print(x)\n\nf()\n",
            "    x = 1 + 2\n".repeat(N)
        ),
    ];
    for source in cases {
        let start = std::time::Instant::now();
        let report = compile("long.roast", source.as_bytes());
        assert_eq!(report, "", "{}", &source[..40]);
        let took = start.elapsed();
        assert!(took.as_secs() < 10, "{took:?} for {}", &source[..40]);
    }
}

#[test]
fn fuzz_regressions() {
    let dir = support::repo_root().join("tests/fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz-regressions") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "roast") {
            let bytes = std::fs::read(&path).expect("read");
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            compile(&name, &bytes);
            n += 1;
        }
    }
    assert!(n > 0, "no regression inputs in {}", dir.display());
}
