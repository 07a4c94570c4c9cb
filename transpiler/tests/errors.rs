//! Diagnostic tests: every `tests/errors/NAME.roast` must be rejected by `roast::check`, and the
//! rendered diagnostics must equal the snapshot `tests/errors/NAME.expected`, which holds the
//! source and the rendered output together:
//!
//! ```text
//! ----- SOURCE
//! <the program>
//! ----- DIAGNOSTICS
//! <what `roast check tests/errors/NAME.roast` prints>
//! ```
//!
//! `ROAST_BLESS=1 cargo test -p roast --test errors` writes or updates the snapshots. Every
//! diagnostic must also have a code, a `-->` location and a caret line.

mod support;

use libtest_mimic::{Arguments, Failed, Trial};
use roast::diagnostics::{render, Severity};
use roast::SourceFile;
use std::path::{Path, PathBuf};

const SOURCE_HEADER: &str = "----- SOURCE\n";
const DIAGNOSTICS_HEADER: &str = "----- DIAGNOSTICS\n";

fn main() {
    let args = Arguments::from_args();
    let dir = support::repo_root().join("tests").join("errors");
    let mut trials: Vec<Trial> = support::files_with_extension(&dir, "roast")
        .into_iter()
        .map(|path| Trial::test(support::stem(&path), move || check_file(&path)))
        .collect();
    // A snapshot whose program is gone is a leftover: say so rather than keep it silently.
    for snapshot in support::files_with_extension(&dir, "expected") {
        if !snapshot.with_extension("roast").exists() {
            let name = format!("orphan::{}", support::stem(&snapshot));
            trials.push(Trial::test(name, move || {
                Err(format!(
                    "{} has no .roast file beside it: delete it",
                    snapshot.display()
                )
                .into())
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

fn blessing() -> bool {
    std::env::var_os("ROAST_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The snapshot text for a program and its rendered diagnostics.
fn snapshot(source: &str, rendered: &str) -> String {
    let mut s = String::from(SOURCE_HEADER);
    s.push_str(source);
    if !source.ends_with('\n') {
        s.push('\n');
    }
    s.push_str(DIAGNOSTICS_HEADER);
    s.push_str(rendered);
    s
}

fn check_file(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name = format!(
        "tests/errors/{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    let file = SourceFile::new(name, text.clone());
    let diags = match std::panic::catch_unwind(|| roast::check(&file)) {
        Ok(Ok(_)) => return Err("`check` accepted the program; it must be rejected".into()),
        Ok(Err(diags)) => diags,
        Err(_) => {
            return Err("the compiler panicked (a Roast bug); see the panic message above".into())
        }
    };
    let rendered = render(&file, &diags);
    let mut problems = Vec::new();
    if !diags.iter().any(|d| d.severity == Severity::Error) {
        problems.push("`check` failed without an error diagnostic".to_string());
    }
    for d in &diags {
        let one = render(&file, std::slice::from_ref(d));
        let first = one.lines().next().unwrap_or("");
        let code = d.code.as_str();
        let code_ok = code.len() == 5
            && code.starts_with('E')
            && code[1..].bytes().all(|b| b.is_ascii_digit());
        if !code_ok || !first.contains(&format!("[{code}]")) {
            problems.push(format!("no error code in `{first}`"));
        }
        if !one.lines().any(|l| l.trim_start().starts_with("--> ")) {
            problems.push(format!("no `-->` location for `{first}`"));
        }
        if !one.lines().any(|l| {
            l.split_once(" | ")
                .is_some_and(|(g, m)| g.trim().is_empty() && m.trim_start().starts_with('^'))
        }) {
            problems.push(format!("no caret line under the source for `{first}`"));
        }
    }
    let expected_path: PathBuf = path.with_extension("expected");
    let actual = snapshot(&text, &rendered);
    let expected = std::fs::read_to_string(&expected_path).ok();
    if expected.as_deref() != Some(actual.as_str()) {
        if blessing() {
            std::fs::write(&expected_path, &actual)
                .map_err(|e| format!("cannot write {}: {e}", expected_path.display()))?;
        } else {
            let what = match &expected {
                None => format!(
                    "no snapshot {}\n----- rendered now\n{rendered}-----",
                    expected_path.display()
                ),
                Some(old) => {
                    let old_diags = old
                        .split_once(DIAGNOSTICS_HEADER)
                        .map_or(old.as_str(), |(_, d)| d);
                    if old_diags == rendered {
                        format!(
                            "the SOURCE section of {} is not the program's source",
                            expected_path.display()
                        )
                    } else {
                        support::describe_difference(
                            "diagnostics",
                            old_diags.as_bytes(),
                            rendered.as_bytes(),
                        )
                    }
                }
            };
            problems.push(format!(
                "{what}\n(if this is right: ROAST_BLESS=1 cargo test -p roast --test errors)"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}
