//! Reading a `.roast` file and running the compiler library on it, guarded: the library runs on
//! a thread with a large stack, and a panic in it becomes an internal-error report instead of a
//! crash.

use super::{Error, Result};
use roast::{EmitMode, EmitOptions, SourceFile};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Reads a source file, with a one-line error for a missing file, a directory or non-UTF-8 bytes.
/// The file keeps the name the user gave, as rustc does in its diagnostics.
pub fn read_source(path: &Path) -> Result<SourceFile> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Error::new(format!(
            "`{shown}` is a directory, not a .roast file"
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(format!("couldn't read `{shown}`: {}", io_reason(&e))))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::new(format!("`{shown}` is not valid UTF-8 (invalid byte on line {line}); Roast source must be UTF-8"))
    })?;
    Ok(SourceFile::new(path.display().to_string(), text))
}

/// An IO error's reason without Rust's `(os error N)` suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Why a program produced no Rust.
#[derive(Debug)]
pub enum Failure {
    /// The program has errors; this is the rendered report (rustc's format).
    Diagnostics(String),
    /// Roast itself failed.
    Internal(Error),
}

/// What `check` found in a program that passed: rendered warnings, possibly empty.
pub fn check(file: &SourceFile) -> Result<String, Failure> {
    let file2 = file.clone();
    guarded(
        move || match roast::check_with(&file2, &|m| load_beside(&file2, m)) {
            Ok(checked) if checked.warnings.is_empty() => Ok(String::new()),
            Ok(checked) => Ok(roast::diagnostics::render(&file2, &checked.warnings)),
            Err(diags) => Err(Failure::Diagnostics(roast::diagnostics::render(
                &file2, &diags,
            ))),
        },
    )
}

/// `roast check --explain-ownership`: the ownership decisions, function by function.
pub fn explain(file: &SourceFile) -> Result<String, Failure> {
    let file2 = file.clone();
    guarded(
        move || match roast::check_with(&file2, &|m| load_beside(&file2, m)) {
            Ok(checked) => Ok(roast::ownership::explain(
                &file2,
                &checked.program,
                &checked.ownership,
            )),
            Err(diags) => Err(Failure::Diagnostics(roast::diagnostics::render(
                &file2, &diags,
            ))),
        },
    )
}

/// The generated Rust for a program, laid out by `rustfmt` when the toolchain has it (it also
/// formats the insides of `format!` calls, which the library's own printer leaves as tokens).
pub fn emit(file: &SourceFile, mode: EmitMode) -> Result<String, Failure> {
    let file2 = file.clone();
    let rust = guarded(move || {
        roast::emit_rust_with(&file2, &EmitOptions { mode }, &|m| load_beside(&file2, m))
            .map_err(|diags| Failure::Diagnostics(roast::diagnostics::render(&file2, &diags)))
    })?;
    Ok(rustfmt(&rust).unwrap_or(rust))
}

/// `rustfmt` over a whole file, or `None` if it is not installed, fails, or takes longer than
/// `RUSTFMT_TIME_LIMIT` (it is exponential in the nesting of closures: 98 nested `try` blocks
/// took minutes).
fn rustfmt(source: &str) -> Option<String> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    const RUSTFMT_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = source.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).is_ok());
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).ok().map(|_| text)
    });
    let deadline = std::time::Instant::now() + RUSTFMT_TIME_LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    let written = writer.join().unwrap_or(false);
    let text = reader.join().ok().flatten()?;
    if !status.success() || !written {
        return None;
    }
    (!text.trim().is_empty()).then_some(text)
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

/// Runs `f` on a big-stack thread; a panic becomes `Failure::Internal`.
fn guarded<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let message: Arc<Mutex<Option<String>>> = Arc::default();
    let hook_message = Arc::clone(&message);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut m) = hook_message.lock() {
            *m = Some(info.to_string().replace('\n', " "));
        }
    }));
    let result =
        std::thread::Builder::new().name("roast-compiler".into()).stack_size(roast::COMPILER_STACK_SIZE).spawn(f).map_err(|e| Failure::Internal(Error::new(format!("cannot start the compiler thread: {e}")))).and_then(
            |handle| {
                handle.join().unwrap_or_else(|_| {
                    let what = message.lock().ok().and_then(|mut m| m.take()).unwrap_or_else(|| "a panic".into());
                    Err(Failure::Internal(Error::bug(format!("internal compiler error: {what}\nnote: this is a Roast bug; please report it with the program that triggered it"))))
                })
            },
        );
    std::panic::set_hook(previous);
    result
}
