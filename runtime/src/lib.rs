//! Roast's runtime: what generated Rust calls at run time.
//!
//! Everything here reproduces CPython 3.11 behaviour exactly (output formatting, arithmetic
//! corner cases, error kinds and messages); CPython is the test oracle (`tests/cpython.rs`).
//! Generated code does `use roast_runtime as rt;`. Errors are raised as panics carrying a
//! [`PyException`] payload; [`run`] turns them into CPython's last traceback line and exit status.

pub mod dict;
pub mod error;
pub mod fmt;
pub mod hash;
pub mod math;
pub mod num;
pub mod output;
pub mod recursion;
pub mod seq;
pub mod set;
pub mod str_methods;
pub mod tuple;
mod unicode;
mod unicode_tables;

pub use dict::Dict;
pub use error::{
    argv, catch, exit, exit_msg, raise, raise_exc, run, run_captured, run_to_exit_code, set_argv,
    uncaught, ErrorKind, Exception, ExceptionKind, PyException, SystemExit,
};
pub use fmt::spec::{format, PyFormat};
pub use fmt::{fmt_dict, fmt_set, repr, str, PyFmt};
pub use hash::{py_hash, PyBuildHasher, PyHash, PyHasher};
pub use num::*;
pub use output::{
    flush_stdout, input, print, print_with, stdin_lines, stdin_read, stdin_readline,
    write_stderr_line,
};
pub use recursion::{
    enter_init, enter_recursion, get_recursion_limit, set_recursion_limit, RecursionGuard,
};
pub use seq::*;
pub use set::Set;
pub use str_methods::*;
pub use tuple::{transpose, Tuple};
