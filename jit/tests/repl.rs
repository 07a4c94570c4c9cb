//! REPL transcripts: each `tests/repl/NAME.txt` is a session as `roast repl --echo` prints it
//! (input lines after their `>>> `/`... ` prompts, then what each input printed, stdout and
//! stderr together). Its input is fed to `roast-jit repl --echo` and the whole output must be
//! the file. The outputs come from CPython (`python3 tests/repl/regen.py`), except Roast's
//! compile errors, recorded with `ROAST_BLESS=1`; `cpython_agrees` re-checks them with
//! `tests/repl/regen.py --check`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/repl")
}

/// The input lines of a transcript: its prompt lines without the prompts.
fn input_of(transcript: &str) -> String {
    let mut input = String::new();
    for line in transcript.lines() {
        let rest = [">>> ", "... "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .or_else(|| (line == ">>>" || line == "...").then_some(""));
        if let Some(rest) = rest {
            input.push_str(rest);
            input.push('\n');
        }
    }
    input
}

/// `roast-jit repl [--echo]` on `input`: stdout and stderr interleaved as written.
fn session(input: &str, name: &str, echo: bool) -> String {
    let tmp = std::env::temp_dir().join(format!("roast-repl-test-{}-{name}", std::process::id()));
    let out = std::fs::File::create(&tmp).expect("temp file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_roast-jit"))
        .arg("repl")
        .args(echo.then_some("--echo"))
        .stdin(Stdio::piped())
        .stdout(out.try_clone().expect("clone"))
        .stderr(out)
        .spawn()
        .expect("run roast-jit repl");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write input");
    child.wait().expect("wait");
    let text = std::fs::read_to_string(&tmp).expect("read output");
    let _ = std::fs::remove_file(&tmp);
    text
}

#[test]
fn transcripts() {
    let bless = std::env::var_os("ROAST_BLESS").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/repl")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no transcripts in tests/repl");
    let handles: Vec<_> = files
        .into_iter()
        .map(|path| {
            std::thread::spawn(move || {
                let expected = std::fs::read_to_string(&path).expect("read transcript");
                let name = path.file_stem().unwrap().to_string_lossy().to_string();
                let got = session(&input_of(&expected), &name, true);
                (path, expected, got)
            })
        })
        .collect();
    let mut failures = Vec::new();
    for h in handles {
        let (path, expected, got) = h.join().expect("transcript thread");
        if got == expected {
            continue;
        }
        if bless {
            std::fs::write(&path, &got).expect("bless");
        } else {
            failures.push(format!(
                "--- {} (expected)\n{expected}--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs `python3 tests/repl/SCRIPT ARGS`, which must succeed; skipped without `python3`.
fn python_check(script: &str, args: &[&str]) {
    let python = std::env::var("ROAST_PYTHON").unwrap_or_else(|_| "python3".into());
    let Ok(out) = Command::new(&python)
        .arg(dir().join(script))
        .args(args)
        .output()
    else {
        eprintln!("skipped: `{python}` is not available");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cpython_agrees() {
    python_check("regen.py", &["--check"]);
}

/// Prompts, line editing, history, Ctrl-C and Ctrl-D through a pseudo-terminal: driven by
/// `tests/repl/pty_check.py` (Python's `pty` module).
#[test]
fn pseudo_terminal() {
    python_check("pty_check.py", &[env!("CARGO_BIN_EXE_roast-jit")]);
}

#[test]
fn piped_input_without_echo_prints_only_results() {
    let got = session(
        "x = 2\nx * 21\n\ndef f() -> None:\n    print('hi')\n\nf()\n",
        "plain",
        false,
    );
    assert_eq!(got, "42\nhi\n");
}
