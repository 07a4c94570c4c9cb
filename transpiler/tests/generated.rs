//! The generated Rust as a reader sees it, over the whole `tests/programs` corpus. Every program
//! is compiled to a module of one library crate in `<target>/roast-test-generated/`, and:
//!
//! - `generated::no_unsafe`: no `unsafe` anywhere.
//! - `generated::clippy`: `cargo clippy` over the crate; the warnings of each lint may not
//!   exceed `tests/generated/clippy.txt` (a ratchet towards zero: a change that adds a warning
//!   fails; one that removes some lowers the file with `ROAST_BLESS=1`). The lints that fight
//!   the translation itself are allowed in the generated file, each with its reason.
//! - `generated::clones`: the `.clone()` calls in each program of `tests/generated/clones.txt`
//!   must number exactly what the file says, so that a change adding (or removing) a clone is
//!   seen and recorded (`ROAST_BLESS=1`).

mod support;

use cargo_metadata::Message;
use libtest_mimic::{Arguments, Failed, Trial};
use roast::{EmitMode, EmitOptions, SourceFile};
use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};

fn main() {
    let args = Arguments::from_args();
    let emitted: Arc<OnceLock<BTreeMap<String, String>>> = Arc::new(OnceLock::new());
    let e = Arc::clone(&emitted);
    let e2 = Arc::clone(&emitted);
    let e3 = Arc::clone(&emitted);
    let trials = vec![
        Trial::test("generated::no_unsafe", move || {
            no_unsafe(e.get_or_init(emit_all))
        }),
        Trial::test("generated::clippy", move || {
            clippy(e2.get_or_init(emit_all))
        }),
        Trial::test("generated::clones", move || {
            clones(e3.get_or_init(emit_all))
        }),
    ];
    libtest_mimic::run(&args, trials).exit();
}

/// Every program of `tests/programs` that compiles, as Rust module text, by program name.
fn emit_all() -> BTreeMap<String, String> {
    let dir = support::repo_root().join("tests").join("programs");
    let mut out = BTreeMap::new();
    for path in support::files_with_extension(&dir, "roast") {
        let name = support::stem(&path);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let file = SourceFile::new(format!("tests/programs/{name}.roast"), text);
        let loader = |m: &str| {
            std::fs::read_to_string(dir.join(format!("{m}.roast")))
                .ok()
                .map(|t| SourceFile::new(format!("{m}.roast"), t))
        };
        let options = EmitOptions {
            mode: EmitMode::Module,
        };
        if let Ok(code) = roast::emit_rust_with(&file, &options, &loader) {
            out.insert(name, code);
        }
    }
    out
}

fn expectation_file(name: &str) -> PathBuf {
    support::repo_root()
        .join("tests")
        .join("generated")
        .join(name)
}

fn bless() -> bool {
    std::env::var_os("ROAST_BLESS").is_some()
}

fn no_unsafe(modules: &BTreeMap<String, String>) -> Result<(), Failed> {
    let bad: Vec<&String> = modules
        .iter()
        .filter(|(_, code)| {
            code.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == "unsafe")
        })
        .map(|(name, _)| name)
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(format!("generated Rust contains `unsafe`: {bad:?}").into())
    }
}

/// `count name` lines.
fn read_counts(path: &Path) -> BTreeMap<String, usize> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (n, name) = l.trim().split_once(' ')?;
            Some((name.trim().to_string(), n.parse().ok()?))
        })
        .collect()
}

fn write_counts(path: &Path, header: &str, counts: &BTreeMap<String, usize>) {
    let mut text = String::from(header);
    for (name, n) in counts {
        text.push_str(&format!("{n} {name}\n"));
    }
    let _ = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")));
    let _ = std::fs::write(path, text);
}

fn clones(modules: &BTreeMap<String, String>) -> Result<(), Failed> {
    let path = expectation_file("clones.txt");
    let expected = read_counts(&path);
    let actual: BTreeMap<String, usize> = expected
        .keys()
        .map(|name| {
            let n = modules
                .get(name)
                .map_or(0, |code| code.matches(".clone()").count());
            (name.clone(), n)
        })
        .collect();
    if bless() {
        write_counts(&path, CLONES_HEADER, &actual);
        return Ok(());
    }
    let diffs: Vec<String> = expected
        .iter()
        .filter(|(name, n)| actual.get(*name) != Some(n))
        .map(|(name, n)| {
            format!(
                "{name}: expected {n} `.clone()` calls, the generated Rust has {}",
                actual[name]
            )
        })
        .collect();
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n(if the change is intended, record it with ROAST_BLESS=1)",
            diffs.join("\n")
        )
        .into())
    }
}

const CLONES_HEADER: &str = "# `.clone()` calls in the generated Rust of these programs (checked by transpiler/tests/generated.rs;\n# update with ROAST_BLESS=1 when a change adds or removes one on purpose).\n";
const CLIPPY_HEADER: &str = "# Clippy warnings over the generated Rust of tests/programs, per lint: a ratchet towards zero\n# (checked by transpiler/tests/generated.rs; lower it with ROAST_BLESS=1 after removing some).\n";

fn clippy(modules: &BTreeMap<String, String>) -> Result<(), Failed> {
    let dir = crate_dir();
    write_crate(&dir, modules).map_err(|e| format!("cannot write the test crate: {e}"))?;
    let actual = run_clippy(&dir)?;
    let path = expectation_file("clippy.txt");
    if bless() {
        write_counts(&path, CLIPPY_HEADER, &actual);
        return Ok(());
    }
    let allowed = read_counts(&path);
    let over: Vec<String> = actual
        .iter()
        .filter(|(lint, n)| **n > allowed.get(*lint).copied().unwrap_or(0))
        .map(|(lint, n)| {
            format!(
                "{lint}: {n} warnings, at most {} allowed",
                allowed.get(lint).copied().unwrap_or(0)
            )
        })
        .collect();
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the generated Rust has new clippy warnings (run `cargo clippy` in {}):\n{}",
            dir.display(),
            over.join("\n")
        )
        .into())
    }
}

fn crate_dir() -> PathBuf {
    support::target_subdir("roast-test-generated")
}

fn write_crate(dir: &Path, modules: &BTreeMap<String, String>) -> std::io::Result<()> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src)?;
    let runtime = support::repo_root().join("runtime");
    let manifest = format!(
        "# Written by transpiler/tests/generated.rs: every test program as a module of one crate.\n[package]\nname = \"roast-test-generated\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nroast-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let mut lib = String::from("// Written by transpiler/tests/generated.rs.\n");
    for name in modules.keys() {
        lib.push_str(&format!("pub mod {};\n", module_name(name)));
    }
    write_if_changed(&src.join("lib.rs"), &lib)?;
    for (name, code) in modules {
        write_if_changed(&src.join(format!("{}.rs", module_name(name))), code)?;
    }
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    std::fs::write(path, text)
}

fn module_name(program: &str) -> String {
    let ident: String = program
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("p_{ident}")
}

/// Warnings per lint (`clippy::needless_return`, `unused_variables`, ...) in the programs'
/// modules.
fn run_clippy(dir: &Path) -> Result<BTreeMap<String, usize>, Failed> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .args(["clippy", "--quiet", "--message-format=json"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout from cargo clippy")?;
    let mut counts = BTreeMap::new();
    let mut errors = Vec::new();
    for message in Message::parse_stream(BufReader::new(stdout)).flatten() {
        let Message::CompilerMessage(m) = message else {
            continue;
        };
        let m = m.message;
        let in_program = m
            .spans
            .iter()
            .any(|s| s.is_primary && s.file_name.starts_with("src/p_"));
        if !in_program {
            continue;
        }
        match m.level {
            cargo_metadata::diagnostic::DiagnosticLevel::Error
                if !m
                    .code
                    .as_ref()
                    .is_some_and(|c| c.code.starts_with("clippy::")) =>
            {
                errors.push(m.rendered.unwrap_or(m.message));
            }
            // Warnings, and clippy's deny-by-default lints.
            cargo_metadata::diagnostic::DiagnosticLevel::Warning
            | cargo_metadata::diagnostic::DiagnosticLevel::Error => {
                let code = m.code.map_or_else(|| "(no code)".to_string(), |c| c.code);
                *counts.entry(code).or_insert(0) += 1;
            }
            _ => {}
        }
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot wait for cargo clippy: {e}"))?;
    if !errors.is_empty() {
        return Err(format!(
            "the generated Rust does not compile:\n{}",
            errors.join("\n")
        )
        .into());
    }
    if !output.status.success() && counts.is_empty() {
        return Err(format!(
            "cargo clippy failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(counts)
}
