//! Run tests: every `tests/programs/NAME.roast` must do what CPython does with it.
//!
//! Expectations sit beside each program, written by `python3 tests/regen.py`: `NAME.stdout`
//! (exact bytes), `NAME.exit` (status, when not 0), `NAME.stderr` (CPython's last stderr line,
//! when the status is not 0), `NAME.stdin` (input, optional), and `# roast: args=...` header lines
//! for `sys.argv[1:]`.
//!
//! Tests, found automatically (one file is one test, per backend):
//! - `rust::NAME`: the program through the Rust backend. Every program is compiled with
//!   `emit_rust(.., Module)` into a module of ONE crate in `<target>/roast-test-programs/`, whose
//!   `main.rs` dispatches on `argv[1]`; ONE `cargo build` builds them all. If rustc rejects some
//!   modules, its errors are attributed to them (from `--message-format=json`), those tests fail
//!   with the rustc message and the generated code, and the crate is rebuilt without them.
//! - `cpython::NAME` (when `python3`, or `$ROAST_PYTHON`, runs): the committed expectation must
//!   still be what CPython prints, so a hand-edited expectation fails.
//!
//! - `jit::NAME`: the program through the Cranelift JIT (`roast-jit` crate), each in a child
//!   process (this test binary re-run in child mode, so stdin, `sys.argv`, exit status and a
//!   crash stay the program's). A program the JIT does not support yet is an ignored test whose
//!   kind says why (`[not yet: slices (line 3)]`), so the coverage shows in every run.

mod support;

use libtest_mimic::{Failed, Trial};
use roast::{EmitMode, EmitOptions, SourceFile};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use support::one_crate::{module_name, Built};
use support::{
    compare, describe_difference, last_line, run_with_timeout, Expected, Header, Output,
};

/// A program under test and what CPython does with it.
struct Program {
    name: String,
    path: PathBuf,
    source: String,
    header: Result<Header, String>,
    stdin: Vec<u8>,
}

impl Program {
    fn load(path: PathBuf) -> Program {
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let header = support::parse_header(&source);
        let stdin = std::fs::read(path.with_extension("stdin")).unwrap_or_default();
        Program {
            name: support::stem(&path),
            path,
            source,
            header,
            stdin,
        }
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    fn args(&self) -> Result<&[String], Failed> {
        self.header
            .as_ref()
            .map(|h| h.args.as_slice())
            .map_err(|e| Failed::from(format!("{}: {e}", self.path.display())))
    }

    fn expected(&self) -> Result<Expected, Failed> {
        let stdout = std::fs::read(self.path.with_extension("stdout"))
            .map_err(|_| Failed::from(format!("no expectation for {name}.roast: run `python3 tests/regen.py tests/programs/{name}.roast` and commit {name}.stdout", name = self.name)))?;
        let exit = match std::fs::read_to_string(self.path.with_extension("exit")) {
            Ok(s) => s.trim().parse().map_err(|_| {
                Failed::from(format!("{}.exit holds {s:?}, not a number", self.name))
            })?,
            Err(_) => 0,
        };
        let stderr = std::fs::read(self.path.with_extension("stderr")).ok();
        Ok(Expected {
            stdout,
            exit,
            stderr,
        })
    }
}

/// One way of running a program: the generated Rust today, the JIT later.
trait Backend: Send + Sync {
    fn name(&self) -> &'static str;
    /// Runs the program in its directory with its stdin and args (`sys.argv[0]` is `NAME.roast`).
    fn run(&self, program: &Program) -> Result<Output, Failed>;
    /// Why the backend cannot run the program yet (the test is then ignored), if it cannot.
    fn not_yet(&self, _program: &Program) -> Option<String> {
        None
    }
}

const RUN_TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    let args = support::harness_start();
    let dir = support::repo_root().join("tests").join("programs");
    let programs: Vec<Arc<Program>> = support::files_with_extension(&dir, "roast")
        .into_iter()
        .map(|p| Arc::new(Program::load(p)))
        .collect();
    let programs = Arc::new(programs);

    let mut trials = Vec::new();
    for backend in backends(&programs) {
        for p in programs.iter() {
            let not_yet = backend.not_yet(p);
            let (backend, p) = (Arc::clone(&backend), Arc::clone(p));
            let trial = Trial::test(format!("{}::{}", backend.name(), p.name), move || {
                check_backend(&*backend, &p)
            });
            trials.push(match not_yet {
                Some(why) => trial
                    .with_kind(format!("not yet: {why}"))
                    .with_ignored_flag(true),
                None => trial,
            });
        }
    }
    let python = Arc::new(OnceLock::new());
    for p in programs.iter() {
        let (python, p) = (Arc::clone(&python), Arc::clone(p));
        trials.push(Trial::test(format!("cpython::{}", p.name), move || {
            check_cpython(&python, &p)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn backends(programs: &Arc<Vec<Arc<Program>>>) -> Vec<Arc<dyn Backend>> {
    vec![
        Arc::new(RustBackend {
            programs: Arc::clone(programs),
            built: OnceLock::new(),
        }),
        Arc::new(JitBackend),
    ]
}

/// Runs one program through a backend and compares with the committed expectation.
fn check_backend(backend: &dyn Backend, program: &Program) -> Result<(), Failed> {
    let expected = program.expected()?;
    let out = backend.run(program)?;
    compare(&expected, &out).map_err(Failed::from)
}

// ----- CPython ---------------------------------------------------------------------------------

/// The program under CPython, in the environment `tests/regen.py` gives it.
fn run_cpython(program: &Program) -> Result<Output, Failed> {
    let cmd = support::cpython_command(
        &program.dir().join(format!("{}.roast", program.name)),
        program.args()?,
    );
    run_with_timeout(cmd, &program.stdin, Duration::from_secs(20)).map_err(Failed::from)
}

fn check_cpython(python_ok: &OnceLock<bool>, program: &Program) -> Result<(), Failed> {
    let available = *python_ok.get_or_init(support::python_available);
    if !available {
        return Ok(());
    }
    let expected = program.expected()?;
    let out = run_cpython(program)?;
    let mut problems = Vec::new();
    if out.stdout != expected.stdout {
        problems.push(describe_difference(
            "stdout (CPython's vs the committed .stdout)",
            &out.stdout,
            &expected.stdout,
        ));
    }
    let status = out.status.code().unwrap_or(-1);
    if status != expected.exit {
        problems.push(format!(
            "CPython exits with {status}, the committed .exit says {}",
            expected.exit
        ));
    }
    let stderr_file = program.path.with_extension("stderr");
    match (status, &expected.stderr) {
        (0, Some(_)) => problems.push(format!(
            "{} exists but CPython exits with 0",
            stderr_file.display()
        )),
        (0, None) => {}
        (_, None) => problems.push(format!("{} is missing", stderr_file.display())),
        (_, Some(want)) => {
            let got = last_line(&out.stderr);
            if &got != want {
                problems.push(format!(
                    "CPython's last stderr line is {:?}, the committed .stderr says {:?}",
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(want)
                ));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    problems.push(format!(
        "(regenerate with `python3 tests/regen.py tests/programs/{}.roast`)",
        program.name
    ));
    Err(problems.join("\n").into())
}

// ----- The JIT ---------------------------------------------------------------------------------

struct JitBackend;

impl JitBackend {
    fn source(program: &Program) -> SourceFile {
        let path = program.dir().join(format!("{}.roast", program.name));
        SourceFile::new(path.display().to_string(), program.source.clone())
    }
}

impl Backend for JitBackend {
    fn name(&self) -> &'static str {
        "jit"
    }

    fn not_yet(&self, program: &Program) -> Option<String> {
        let file = Self::source(program);
        match std::panic::catch_unwind(|| roast_jit::prepare(&file).err()) {
            Ok(Some(roast_jit::NotRun::Unsupported(note))) => Some(
                note.trim_start_matches("note: the JIT does not support ")
                    .trim_end_matches("; running the native build")
                    .replace(" yet (", " (")
                    .to_string(),
            ),
            // Programs with errors or compiler panics fail in `run`, with the details.
            _ => None,
        }
    }

    fn run(&self, program: &Program) -> Result<Output, Failed> {
        let exe = std::env::current_exe().map_err(|e| Failed::from(e.to_string()))?;
        let mut cmd = Command::new(exe);
        cmd.env(support::JIT_CHILD, "1")
            .arg(format!("{}.roast", program.name))
            .args(program.args()?)
            .current_dir(program.dir());
        run_with_timeout(cmd, &program.stdin, RUN_TIMEOUT).map_err(Failed::from)
    }
}

// ----- The Rust backend ------------------------------------------------------------------------

struct RustBackend {
    programs: Arc<Vec<Arc<Program>>>,
    built: OnceLock<Built>,
}

impl Backend for RustBackend {
    fn name(&self) -> &'static str {
        "rust"
    }

    fn run(&self, program: &Program) -> Result<Output, Failed> {
        let built = self.built.get_or_init(|| build_all(&self.programs));
        if let Some(why) = built.failures.get(&program.name) {
            return Err(why.clone().into());
        }
        let exe = built.exe.as_ref().map_err(|e| Failed::from(e.clone()))?;
        let mut cmd = Command::new(exe);
        cmd.arg(&program.name)
            .args(program.args()?)
            .current_dir(program.dir());
        cmd.env("PYTHONHASHSEED", "0")
            .env("PYTHONIOENCODING", "utf-8");
        run_with_timeout(cmd, &program.stdin, RUN_TIMEOUT).map_err(Failed::from)
    }
}

/// The test crate's directory: `<cargo target dir>/roast-test-programs`.
fn crate_dir() -> PathBuf {
    support::target_subdir("roast-test-programs")
}

/// Compiles every program to Rust, builds them as one crate, and sets aside those that fail.
fn build_all(programs: &[Arc<Program>]) -> Built {
    let mut failures = HashMap::new();
    let mut modules: BTreeMap<String, (String, String)> = BTreeMap::new(); // program → (module, code)
    for p in programs {
        match emit_module(p) {
            Ok(code) => {
                modules.insert(p.name.clone(), (module_name(&p.name), code));
            }
            Err(why) => {
                failures.insert(p.name.clone(), why);
            }
        }
    }
    support::one_crate::build(&crate_dir(), "roast-test-programs", modules, failures)
}

/// The program's module, or why there is none.
fn emit_module(p: &Program) -> Result<String, String> {
    let file = SourceFile::new(format!("tests/programs/{}.roast", p.name), p.source.clone());
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/programs");
    let loader = |m: &str| {
        std::fs::read_to_string(dir.join(format!("{m}.roast")))
            .ok()
            .map(|t| SourceFile::new(format!("{m}.roast"), t))
    };
    let result = std::panic::catch_unwind(|| {
        roast::emit_rust_with(
            &file,
            &EmitOptions {
                mode: EmitMode::Module,
            },
            &loader,
        )
    });
    let code = match result {
        Ok(Ok(code)) => code,
        Ok(Err(diags)) => {
            return Err(format!(
                "Roast rejected the program:\n{}",
                roast::diagnostics::render(&file, &diags)
            ))
        }
        Err(_) => {
            return Err(
                "the compiler panicked (a Roast bug); see the panic message above".to_string(),
            )
        }
    };
    support::one_crate::check_generated(&code)?;
    Ok(code)
}
