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

use cargo_metadata::Message;
use libtest_mimic::{Arguments, Failed, Trial};
use roast::{EmitMode, EmitOptions, SourceFile};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use support::{describe_difference, last_line, run_with_timeout, Header, Output};

/// A program under test and what CPython does with it.
struct Program {
    name: String,
    path: PathBuf,
    source: String,
    header: Result<Header, String>,
    stdin: Vec<u8>,
}

/// The committed expectation of a program.
struct Expected {
    stdout: Vec<u8>,
    exit: i32,
    /// The last stderr line, when `NAME.stderr` exists.
    stderr: Option<Vec<u8>>,
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
    if std::env::var_os(JIT_CHILD).is_some() {
        jit_child();
    }
    let mut args = Arguments::from_args();
    if args.test_threads.is_none() {
        args.test_threads = Some(2);
    }
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
    compare(&expected, &out)
}

fn compare(expected: &Expected, out: &Output) -> Result<(), Failed> {
    let mut problems = Vec::new();
    let status = out.status.code();
    if status != Some(expected.exit) {
        let got = status.map_or_else(|| format!("{}", out.status), |c| c.to_string());
        problems.push(format!(
            "exit status: expected {}, got {got}",
            expected.exit
        ));
    }
    if out.stdout != expected.stdout {
        problems.push(describe_difference("stdout", &expected.stdout, &out.stdout));
    }
    if let Some(want) = &expected.stderr {
        let got = last_line(&out.stderr);
        if &got != want {
            problems.push(format!(
                "last stderr line: expected {:?}, got {:?}",
                String::from_utf8_lossy(want),
                String::from_utf8_lossy(&got)
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    if !out.stderr.is_empty() && expected.stderr.as_ref().is_none_or(|_| problems.len() > 1) {
        problems.push(format!(
            "----- stderr\n{}-----",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Err(problems.join("\n").into())
}

// ----- CPython ---------------------------------------------------------------------------------

/// The interpreter `tests/regen.py` uses: `$ROAST_PYTHON` or `python3`.
fn python() -> String {
    std::env::var("ROAST_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// The program under CPython, in the environment `tests/regen.py` gives it.
fn run_cpython(program: &Program) -> Result<Output, Failed> {
    let mut cmd = Command::new(python());
    // tests/pyroast.py runs the file as `python3 FILE` would, with `.roast` modules importable.
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/pyroast.py");
    cmd.arg(runner)
        .arg(format!("{}.roast", program.name))
        .args(program.args()?)
        .current_dir(program.dir());
    cmd.env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8");
    for var in [
        "PYTHONSTARTUP",
        "PYTHONINSPECT",
        "PYTHONWARNINGS",
        "PYTHONDEVMODE",
    ] {
        cmd.env_remove(var);
    }
    run_with_timeout(cmd, &program.stdin, Duration::from_secs(20)).map_err(Failed::from)
}

fn check_cpython(python_ok: &OnceLock<bool>, program: &Program) -> Result<(), Failed> {
    let available = *python_ok.get_or_init(|| {
        let ok = Command::new(python())
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!(
                "note: `{}` not found: expectations are not re-checked against CPython",
                python()
            );
        }
        ok
    });
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

/// Set in the environment of a child that runs one program through the JIT.
const JIT_CHILD: &str = "ROAST_TEST_JIT_CHILD";

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
        cmd.env(JIT_CHILD, "1")
            .arg(format!("{}.roast", program.name))
            .args(program.args()?)
            .current_dir(program.dir());
        run_with_timeout(cmd, &program.stdin, RUN_TIMEOUT).map_err(Failed::from)
    }
}

/// Child mode: `argv[1]` is the program (in the current directory), the rest its arguments.
fn jit_child() -> ! {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let path = argv.first().cloned().unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let file = SourceFile::new(path, text);
    let code = match roast_jit::prepare(&file) {
        Ok(program) => roast_jit::run(program, argv),
        Err(roast_jit::NotRun::Diagnostics(d)) => {
            eprint!("Roast rejected the program:\n{d}");
            1
        }
        Err(roast_jit::NotRun::Unsupported(note)) => {
            eprintln!("{note}");
            3
        }
    };
    std::process::exit(code)
}

// ----- The Rust backend ------------------------------------------------------------------------

struct RustBackend {
    programs: Arc<Vec<Arc<Program>>>,
    built: OnceLock<Built>,
}

/// The one crate holding every program, after building it.
struct Built {
    /// The dispatcher executable, or why there is none.
    exe: Result<PathBuf, String>,
    /// Programs left out of the crate, and why (diagnostics, a panic, rustc errors).
    failures: HashMap<String, String>,
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

/// The module name of a program in the test crate (`p_` + the name made an identifier).
fn module_name(program: &str) -> String {
    let ident: String = program
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("p_{ident}")
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
    let dir = crate_dir();
    let mut last_error = String::new();
    let start = std::time::Instant::now();
    // Each round either builds, or takes out at least one program that rustc rejected.
    for round in 1..=programs.len() + 1 {
        let layout = match write_crate(&dir, &modules) {
            Ok(layout) => layout,
            Err(e) => {
                return Built {
                    exe: Err(e),
                    failures,
                }
            }
        };
        match cargo_build(&dir) {
            Ok(exe) => {
                eprintln!("note: {} programs built as one crate in {} with {round} cargo build(s), {:.1} s", modules.len(), dir.display(), start.elapsed().as_secs_f64());
                return Built {
                    exe: Ok(exe),
                    failures,
                };
            }
            Err(BuildError::Failed { errors, output }) => {
                let mut blamed: BTreeMap<String, String> = BTreeMap::new();
                for (places, rendered) in errors {
                    if let Some(program) = places
                        .iter()
                        .find_map(|(file, line)| layout.blame(file, *line))
                    {
                        blamed.entry(program).or_default().push_str(&rendered);
                    }
                }
                if blamed.is_empty() {
                    last_error = format!("the test crate in {} failed to build, and no error points into a program:\n{output}", dir.display());
                    break;
                }
                for (program, rendered) in blamed {
                    if let Some((module, code)) = modules.remove(&program) {
                        failures
                            .insert(program, format!("rustc rejected the generated Rust (a Roast bug: generated Rust must always compile):\n{rendered}\n----- src/{module}.rs\n{}", numbered(&code)));
                    }
                }
            }
            Err(BuildError::Other(e)) => {
                last_error = e;
                break;
            }
        }
    }
    eprintln!("{last_error}");
    Built {
        exe: Err(format!(
            "the test crate did not build: {}",
            last_error.lines().next().unwrap_or("")
        )),
        failures,
    }
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
    let tokens: proc_macro2::TokenStream = code.parse().map_err(|e| {
        format!(
            "the generated Rust does not even tokenize: {e}\n----- generated\n{}",
            numbered(&code)
        )
    })?;
    if contains_unsafe(tokens) {
        return Err(format!(
            "the generated Rust contains `unsafe`\n----- generated\n{}",
            numbered(&code)
        ));
    }
    Ok(code)
}

fn contains_unsafe(tokens: proc_macro2::TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == "unsafe",
        proc_macro2::TokenTree::Group(g) => contains_unsafe(g.stream()),
        _ => false,
    })
}

fn numbered(code: &str) -> String {
    code.lines()
        .enumerate()
        .fold(String::new(), |mut out, (i, l)| {
            let _ = writeln!(out, "{:>4} | {l}", i + 1);
            out
        })
}

/// Where each program sits in the generated crate, to blame rustc errors on programs.
struct Layout {
    /// `src/p_x.rs` → program.
    files: HashMap<String, String>,
    /// Line of `src/main.rs` → program.
    main_lines: HashMap<usize, String>,
}

impl Layout {
    fn blame(&self, file: &str, line: usize) -> Option<String> {
        let file = file.replace('\\', "/");
        if let Some(p) = self
            .files
            .iter()
            .find(|(f, _)| file.ends_with(f.as_str()))
            .map(|(_, p)| p)
        {
            return Some(p.clone());
        }
        if file.ends_with("src/main.rs") {
            return self.main_lines.get(&line).cloned();
        }
        None
    }
}

/// Optimization level of the test crate (measured: see README's "Tests" section).
const OPT_LEVEL: &str = "0";

fn write_crate(dir: &Path, modules: &BTreeMap<String, (String, String)>) -> Result<Layout, String> {
    let runtime = support::repo_root().join("runtime");
    let opt_level = std::env::var("ROAST_TEST_OPT_LEVEL").unwrap_or_else(|_| OPT_LEVEL.to_string());
    let cargo_toml = format!(
        "# Written by transpiler/tests/programs.rs: every test program as a module of one crate.\n\
         [package]\nname = \"roast-test-programs\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nroast-runtime = {{ path = {:?} }}\n\n\
         [profile.dev]\nopt-level = {opt_level}\noverflow-checks = true\npanic = \"unwind\"\ndebug = false\n\n\
         [profile.dev.package.roast-runtime]\nopt-level = 2\n\n\
         [workspace]\n",
        runtime.display().to_string()
    );
    let mut main = String::from(
        "//! Written by transpiler/tests/programs.rs: runs the test program named by argv[1].\n\
         use roast_runtime as rt;\n\n",
    );
    let mut layout = Layout {
        files: HashMap::new(),
        main_lines: HashMap::new(),
    };
    let line_of = |s: &str| s.lines().count() + 1;
    for (program, (module, _)) in modules {
        layout.main_lines.insert(line_of(&main), program.clone());
        let _ = writeln!(main, "mod {module};");
        layout
            .files
            .insert(format!("src/{module}.rs"), program.clone());
    }
    main.push_str(
        "\nfn main() {\n    let mut args = std::env::args().skip(1);\n    let name = args.next().unwrap_or_default();\n\
         \x20   let program: fn() = match name.as_str() {\n",
    );
    for (program, (module, _)) in modules {
        layout.main_lines.insert(line_of(&main), program.clone());
        let _ = writeln!(main, "        {program:?} => {module}::__main__,");
    }
    main.push_str(
        "        _ => {\n            eprintln!(\"no test program named {name:?}\");\n            std::process::exit(2);\n        }\n    };\n\
         \x20   let mut argv = vec![format!(\"{name}.roast\")];\n    argv.extend(args);\n    rt::set_argv(argv);\n\
         \x20   std::process::exit(rt::run_to_exit_code(program));\n}\n",
    );

    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let mut wanted = vec![
        (dir.join("Cargo.toml"), cargo_toml),
        (src.join("main.rs"), main),
    ];
    for (module, code) in modules.values() {
        wanted.push((src.join(format!("{module}.rs")), code.clone()));
    }
    // Remove modules of programs that are gone or left out.
    if let Ok(entries) = std::fs::read_dir(&src) {
        for e in entries.flatten() {
            if !wanted.iter().any(|(p, _)| *p == e.path()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    for (path, text) in wanted {
        // Unchanged files keep their mtime, so cargo does not rebuild for nothing.
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    Ok(layout)
}

enum BuildError {
    /// rustc errors as (the places they point at, rendered message), and cargo's whole output.
    Failed {
        errors: Vec<(Vec<(String, usize)>, String)>,
        output: String,
    },
    Other(String),
}

/// One `cargo build` of the test crate; the dispatcher's path on success.
fn cargo_build(dir: &Path) -> Result<PathBuf, BuildError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--message-format=json", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| BuildError::Other(format!("cannot run cargo: {e}")))?;
    let stderr = child.stderr.take().map(|mut r| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut r, &mut s);
            s
        })
    });
    let mut exe = None;
    let mut errors = Vec::new();
    let mut rendered_all = String::new();
    if let Some(out) = child.stdout.take() {
        for msg in Message::parse_stream(BufReader::new(out)).flatten() {
            match msg {
                Message::CompilerArtifact(a) if a.target.name == "roast-test-programs" => {
                    if let Some(e) = a.executable {
                        exe = Some(e.into_std_path_buf());
                    }
                }
                Message::CompilerMessage(m) => {
                    let d = &m.message;
                    let rendered = d.rendered.clone().unwrap_or_else(|| d.message.clone());
                    rendered_all.push_str(&rendered);
                    if d.level != cargo_metadata::diagnostic::DiagnosticLevel::Error {
                        continue;
                    }
                    // Blame the first span (primary first, then macro call sites) in a program.
                    let mut spans: Vec<&cargo_metadata::diagnostic::DiagnosticSpan> =
                        d.spans.iter().filter(|s| s.is_primary).collect();
                    spans.extend(d.spans.iter().filter(|s| !s.is_primary));
                    spans.extend(d.children.iter().flat_map(|c| c.spans.iter()));
                    let mut located: Vec<(String, usize)> = Vec::new();
                    for s in spans {
                        located.push((s.file_name.clone(), s.line_start));
                        let mut exp = s.expansion.as_deref();
                        while let Some(e) = exp {
                            located.push((e.span.file_name.clone(), e.span.line_start));
                            exp = e.span.expansion.as_deref();
                        }
                    }
                    errors.push((located, rendered));
                }
                _ => {}
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| BuildError::Other(format!("cannot wait for cargo: {e}")))?;
    let stderr = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
    match exe {
        Some(exe) if status.success() => Ok(exe),
        _ => Err(BuildError::Failed {
            errors,
            output: format!("{rendered_all}{stderr}"),
        }),
    }
}
