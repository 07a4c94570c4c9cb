//! The compiler's IO side, used by the `roast` and `roast2rs` binaries: reading source files,
//! running the (IO-free) library with a guard against panics, writing generated Cargo projects,
//! invoking cargo, and the build cache of `roast run`.
//!
//! Invariant: every failure a user can cause (a missing file, an unwritable directory, a foreign
//! Cargo.toml in the way) is an [`Error`] with a one-line message; nothing here panics on bad
//! input. A failure that can only come from a bug in Roast says so.

pub mod cache;
pub mod cargo;
pub mod compile;
pub mod embedded;
pub mod hash;
pub mod project;

use std::fmt;

/// A one-line, user-facing error, printed as `error: {message}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    /// The process exit status to use: 1 for the user's mistakes, 101 for Roast's own bugs.
    pub status: i32,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            status: 1,
        }
    }

    /// An error that is a bug in Roast, not the user's doing (exit status 101, like rustc's ICE).
    pub fn bug(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            status: 101,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether `ROAST_LOG` asks for a trace of what the driver does (on stderr).
pub fn log_enabled() -> bool {
    std::env::var_os("ROAST_LOG").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Writes one trace line to stderr when `ROAST_LOG` is set.
macro_rules! trace {
    ($($arg:tt)*) => {
        if $crate::driver::log_enabled() {
            $crate::driver::print_stderr(&format!("roast: {}\n", format_args!($($arg)*)));
        }
    };
}
pub(crate) use trace;

/// Prints `error: ...` on stderr and exits with the error's status.
pub fn exit_with(error: &Error) -> ! {
    print_stderr(&format!("error: {}\n", error.message));
    std::process::exit(error.status)
}

/// Prints a compile failure (rendered diagnostics, or an internal error) and exits: 1 for the
/// program's errors, 101 for Roast's own.
pub fn exit_with_failure(failure: compile::Failure) -> ! {
    match failure {
        compile::Failure::Diagnostics(rendered) => {
            print_stderr(&rendered);
            std::process::exit(1)
        }
        compile::Failure::Internal(error) => exit_with(&error),
    }
}

/// Writes `text` to stdout; a closed pipe (`roast emit x | head`) is not an error.
/// Writes `text` to stderr; a closed pipe (`roast check bad.roast 2>&1 | head`) is not an
/// error worth a panic.
pub fn print_stderr(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

pub fn print_stdout(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
