//! Differential test (issue 9): random well-typed programs from `progen` run through CPython,
//! the Rust backend and the JIT, which must agree on stdout, the exit status and the last stderr
//! line. A test `seed_N` fails on any divergence, on a program Roast rejects (a generator or
//! compiler bug, either way worth a look), on a compiler panic, and on any rustc error in the
//! generated Rust; its message holds the seed and the program (`cargo run -p progen -- N`
//! prints it again).
//!
//! Seeds: `0..DEFAULT_SEEDS` by default; `ROAST_DIFF_SEEDS=A..B` (or `=N` for `0..N`) runs
//! others, for as long as you like:
//!
//! ```sh
//! ROAST_DIFF_SEEDS=1000..5000 cargo test --release -p roast --test differential
//! ```
//!
//! The Rust side reuses the program harness's one-crate build (`support::one_crate`): each batch
//! of `BATCH` programs is one crate, built with one `cargo build`. Without `python3` (or
//! `$ROAST_PYTHON`) there is no oracle and the test is skipped with a note.

mod support;

use libtest_mimic::{Failed, Trial};
use roast::{EmitMode, EmitOptions, SourceFile};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use support::one_crate::{self, Built};
use support::{compare, last_line, run_with_timeout, Expected};

/// Seeds run by `cargo test` (measured: see progen/README.md).
const DEFAULT_SEEDS: u64 = 240;
/// Programs per crate (`ROAST_DIFF_BATCH` overrides).
const BATCH: u64 = 120;
const TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    let args = support::harness_start();
    let seeds = match seed_range() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    if !support::python_available() {
        eprintln!("note: the differential test needs CPython as its oracle: skipped");
        return;
    }
    let dir = support::target_subdir("roast-differential");
    let programs = dir.join("programs");
    if let Err(e) = std::fs::create_dir_all(&programs) {
        eprintln!("error: cannot create {}: {e}", programs.display());
        std::process::exit(1);
    }
    let batch_size = std::env::var("ROAST_DIFF_BATCH")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(BATCH)
        .max(1);
    let mut trials = Vec::new();
    let mut start = seeds.start;
    let mut index = 0;
    while start < seeds.end {
        let end = (start + batch_size).min(seeds.end);
        let batch = Arc::new(Batch {
            seeds: start..end,
            // Three crates in turn, so that a batch still running is not rebuilt under it.
            crate_dir: dir.join(format!("crate-{}", index % 3)),
            programs: programs.clone(),
            built: OnceLock::new(),
        });
        for seed in start..end {
            let batch = Arc::clone(&batch);
            trials.push(Trial::test(format!("seed_{seed}"), move || {
                check(seed, &batch)
            }));
        }
        start = end;
        index += 1;
    }
    libtest_mimic::run(&args, trials).exit();
}

/// `ROAST_DIFF_SEEDS`: `A..B`, or `N` for `0..N`; `0..DEFAULT_SEEDS` when unset.
fn seed_range() -> Result<Range<u64>, String> {
    let Ok(text) = std::env::var("ROAST_DIFF_SEEDS") else {
        return Ok(0..DEFAULT_SEEDS);
    };
    let bad = || format!("ROAST_DIFF_SEEDS={text:?}: expected A..B or N");
    let num = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
    match text.split_once("..") {
        Some((a, b)) => Ok(num(a)?..num(b)?),
        None => Ok(0..num(&text)?),
    }
}

struct Batch {
    seeds: Range<u64>,
    crate_dir: PathBuf,
    programs: PathBuf,
    built: OnceLock<Built>,
}

fn name(seed: u64) -> String {
    format!("seed_{seed}")
}

/// Writes the program of `seed` (when changed) and returns its path.
fn write_program(dir: &Path, seed: u64) -> Result<(PathBuf, String), String> {
    let source = progen::generate(seed);
    let path = dir.join(format!("{}.roast", name(seed)));
    if std::fs::read_to_string(&path).ok().as_deref() != Some(source.as_str()) {
        std::fs::write(&path, &source)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok((path, source))
}

/// The batch's programs as one crate.
fn build(batch: &Batch) -> Built {
    let mut modules = BTreeMap::new();
    let mut failures = HashMap::new();
    for seed in batch.seeds.clone() {
        let name = name(seed);
        match emit(&batch.programs, seed) {
            Ok(code) => {
                modules.insert(name.clone(), (one_crate::module_name(&name), code));
            }
            Err(why) => {
                failures.insert(name, why);
            }
        }
    }
    one_crate::build(&batch.crate_dir, "roast-differential", modules, failures)
}

fn emit(dir: &Path, seed: u64) -> Result<String, String> {
    let (path, source) = write_program(dir, seed)?;
    let file = SourceFile::new(path.display().to_string(), source);
    let options = EmitOptions {
        mode: EmitMode::Module,
    };
    let code = match std::panic::catch_unwind(|| roast::emit_rust(&file, &options)) {
        Ok(Ok(code)) => code,
        Ok(Err(diags)) => {
            return Err(format!(
                "Roast rejected the program:\n{}",
                roast::diagnostics::render(&file, &diags)
            ))
        }
        Err(_) => return Err("the compiler panicked (a Roast bug); see the panic above".into()),
    };
    one_crate::check_generated(&code)?;
    Ok(code)
}

fn check(seed: u64, batch: &Batch) -> Result<(), Failed> {
    let (path, source) = write_program(&batch.programs, seed)?;
    let report = |problems: Vec<String>| -> Failed {
        format!(
            "seed {seed}: {}\n----- the program (`cargo run -p progen -- {seed}` prints it)\n{}",
            problems.join("\n"),
            one_crate::numbered(&source)
        )
        .into()
    };
    let py = run_with_timeout(support::cpython_command(&path, &[]), b"", TIMEOUT)
        .map_err(|e| report(vec![format!("CPython: {e} (a generator bug)")]))?;
    let exit = py.status.code().unwrap_or(-1);
    let expected = Expected {
        stdout: py.stdout,
        exit,
        stderr: (exit != 0).then(|| last_line(&py.stderr)),
    };
    let mut problems = Vec::new();

    let built = batch.built.get_or_init(|| build(batch));
    let name = name(seed);
    if let Some(why) = built.failures.get(&name) {
        problems.push(format!("Rust backend: {why}"));
    } else {
        match &built.exe {
            Err(e) => problems.push(format!("Rust backend: {e}")),
            Ok(exe) => {
                let mut cmd = Command::new(exe);
                cmd.arg(&name).current_dir(&batch.programs);
                match run_with_timeout(cmd, b"", TIMEOUT) {
                    Ok(out) => {
                        if let Err(e) = compare(&expected, &out) {
                            problems.push(format!("Rust backend differs from CPython:\n{e}"));
                        }
                    }
                    Err(e) => problems.push(format!("Rust backend: {e}")),
                }
            }
        }
    }

    let exe = std::env::current_exe().map_err(|e| Failed::from(e.to_string()))?;
    let mut cmd = Command::new(exe);
    cmd.env(support::JIT_CHILD, "1")
        .arg(format!("{name}.roast"))
        .current_dir(&batch.programs);
    match run_with_timeout(cmd, b"", TIMEOUT) {
        Ok(out) if out.status.code() == Some(3) && out.stderr.starts_with(b"note:") => {
            // Not supported by the JIT yet: not a divergence.
            eprintln!(
                "seed {seed}: {}",
                String::from_utf8_lossy(&out.stderr).trim_end()
            );
        }
        Ok(out) => {
            if let Err(e) = compare(&expected, &out) {
                problems.push(format!("JIT differs from CPython:\n{e}"));
            }
        }
        Err(e) => problems.push(format!("JIT: {e}")),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(report(problems))
    }
}
