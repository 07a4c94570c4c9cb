//! The Roast JIT: runs a checked program at once, through Cranelift, with no rustc.
//!
//! `roast::mir::lower` turns the typed HIR into MIR (or says which construct it does not support
//! yet); `codegen` compiles the MIR to machine code in memory; `glue` holds the `extern "C"`
//! entry points that code calls, which reach the `roast-runtime` crate (formatting, arithmetic
//! slow paths, errors) and `heap`, the reference-counted objects behind handles.
//!
//! The program runs inside `roast_runtime::run_to_exit_code`, on its big-stack thread, so stdout
//! buffering, the last traceback line and the exit status are exactly the native build's. A
//! runtime error never unwinds through JIT frames: the glue records it and sets a flag that the
//! compiled code tests after each call that can raise; it returns to Rust, which re-raises it.

mod codegen;
mod coll;
mod glue;
pub mod heap;
mod named;
pub mod repl;

use roast::{mir, SourceFile};
use roast_runtime as rt;
use std::sync::Mutex;

/// Why a program does not run under the JIT.
pub enum NotRun {
    /// The program has errors: the rendered diagnostics (rustc's format).
    Diagnostics(String),
    /// The JIT does not support a construct yet: the line `note: ...` to print.
    Unsupported(String),
}

/// The module `name` imported by `file`: `name.roast` in the same directory.
fn load_beside(file: &SourceFile, name: &str) -> Option<SourceFile> {
    let dir = std::path::Path::new(&file.name)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let path = dir.join(format!("{name}.roast"));
    let text = std::fs::read_to_string(&path).ok()?;
    Some(SourceFile::new(path.display().to_string(), text))
}

/// Checks and lowers a program to MIR: everything the JIT needs to know before running it.
pub fn prepare(file: &SourceFile) -> Result<mir::Program, NotRun> {
    let checked = roast::check_with(file, &|m| load_beside(file, m))
        .map_err(|d| NotRun::Diagnostics(roast::diagnostics::render(file, &d)))?;
    lower(file, &checked)
}

/// Lowers a checked program to MIR (`prepare` after the check).
pub fn lower(file: &SourceFile, checked: &roast::Checked) -> Result<mir::Program, NotRun> {
    let program = mir::lower(&checked.program).map_err(|u| {
        let (line, _) = file.line_col(u.span.start);
        NotRun::Unsupported(format!(
            "note: the JIT does not support {} yet (line {line}); running the native build",
            u.what
        ))
    })?;
    if let Err(e) = mir::verify(&program) {
        return Err(NotRun::Unsupported(format!(
            "note: internal error in the JIT's MIR ({e}, a Roast bug); running the native build"
        )));
    }
    Ok(program)
}

static JOB: Mutex<Option<mir::Program>> = Mutex::new(None);

/// Compiles and runs a program with `sys.argv` = `argv`; returns its exit status (after printing
/// an uncaught exception's last traceback line, as the native build does).
pub fn run(program: mir::Program, argv: Vec<String>) -> i32 {
    rt::set_argv(argv);
    *JOB.lock().unwrap_or_else(|e| e.into_inner()) = Some(program);
    rt::run_to_exit_code(run_job)
}

/// The program thread: compile here (the code embeds this thread's error flag), run, re-raise.
fn run_job() {
    let Some(program) = JOB.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return;
    };
    let compiled = match codegen::compile(&program) {
        Ok(c) => c,
        Err(e) => rt::raise(
            rt::ErrorKind::RuntimeError,
            format!(
                "internal error: the JIT cannot compile this program: {e} (this is a Roast bug)"
            ),
        ),
    };
    drop(program);
    compiled.call_entry();
    if std::env::var_os("ROAST_JIT_STATS").is_some() {
        // For the memory tests: objects still alive (literals included) and peak memory.
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM"))
                    .map(str::to_string)
            })
            .unwrap_or_default();
        eprintln!("roast-jit: live objects: {}; {peak}", heap::live());
    }
    match glue::take_pending() {
        None => {}
        Some(glue::Pending::Exc(e)) => rt::raise_exc(e),
        Some(glue::Pending::Exit(s)) => std::panic::panic_any(s),
    }
}

/// Compile time of a program, for measurements: (lowering and codegen), no run.
pub fn compile_only(program: &mir::Program) -> Result<(), String> {
    codegen::compile(program).map(|_| ())
}
