//! Python exceptions as Rust panics: kinds, raising, `sys.exit`, `sys.argv`, and the program entry
//! points ([`run`], [`run_to_exit_code`]) that turn an uncaught error into CPython's last traceback
//! line and exit status.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, Once};

/// The built-in exception classes a Roast program can raise or catch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `ZeroDivisionError`
    ZeroDivisionError,
    /// `OverflowError`
    OverflowError,
    /// `IndexError`
    IndexError,
    /// `KeyError`
    KeyError,
    /// `ValueError`
    ValueError,
    /// `TypeError`
    TypeError,
    /// `AssertionError`
    AssertionError,
    /// `RuntimeError`
    RuntimeError,
    /// `NotImplementedError`
    NotImplementedError,
    /// `RecursionError`
    RecursionError,
    /// `EOFError`
    EOFError,
    /// `AttributeError`
    AttributeError,
    /// `StopIteration`
    StopIteration,
    /// `SystemExit`
    SystemExit,
    /// `Exception`
    Exception,
    /// `ArithmeticError` (base of ZeroDivisionError and OverflowError). Added to the contract.
    ArithmeticError,
    /// `LookupError` (base of IndexError and KeyError). Added to the contract.
    LookupError,
    /// `UnicodeError`. Added to the contract.
    UnicodeError,
    /// `UnicodeDecodeError` (stdin that is not UTF-8). Added to the contract.
    UnicodeDecodeError,
    /// `BaseException`. Added to the contract.
    BaseException,
    /// Any other class name (user classes deriving from `Exception`). Added to the contract.
    Other(&'static str),
}

impl ErrorKind {
    /// The class name as CPython prints it.
    pub fn name(&self) -> &'static str {
        use ErrorKind::*;
        match self {
            ZeroDivisionError => "ZeroDivisionError",
            OverflowError => "OverflowError",
            IndexError => "IndexError",
            KeyError => "KeyError",
            ValueError => "ValueError",
            TypeError => "TypeError",
            AssertionError => "AssertionError",
            RuntimeError => "RuntimeError",
            NotImplementedError => "NotImplementedError",
            RecursionError => "RecursionError",
            EOFError => "EOFError",
            AttributeError => "AttributeError",
            StopIteration => "StopIteration",
            SystemExit => "SystemExit",
            Exception => "Exception",
            ArithmeticError => "ArithmeticError",
            LookupError => "LookupError",
            UnicodeError => "UnicodeError",
            UnicodeDecodeError => "UnicodeDecodeError",
            BaseException => "BaseException",
            Other(n) => n,
        }
    }

    /// The built-in base class, if any (`Other` kinds report `Exception`).
    pub fn parent(&self) -> Option<ErrorKind> {
        use ErrorKind::*;
        match self {
            BaseException => None,
            SystemExit | Exception => Some(BaseException),
            ZeroDivisionError | OverflowError => Some(ArithmeticError),
            IndexError | KeyError => Some(LookupError),
            RecursionError | NotImplementedError => Some(RuntimeError),
            UnicodeError => Some(ValueError),
            UnicodeDecodeError => Some(UnicodeError),
            _ => Some(Exception),
        }
    }

    /// `issubclass(self, other)` over the built-in hierarchy.
    pub fn is_subclass_of(&self, other: ErrorKind) -> bool {
        let mut k = Some(*self);
        while let Some(c) = k {
            if c == other {
                return true;
            }
            k = c.parent();
        }
        false
    }
}

/// A raised Python exception: its class and its message (`str(e)`), and for a user exception
/// class with fields, the instance itself.
#[derive(Clone, Debug)]
pub struct PyException {
    /// The exception class.
    pub kind: ErrorKind,
    /// `str(e)`; for `KeyError` this is already the repr of the key, as CPython prints it.
    pub msg: String,
    /// The user exception object (`except MyError as e: e.field`), if it has fields.
    pub payload: Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
}

/// Two exceptions are equal when their class and message are.
impl PartialEq for PyException {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.msg == other.msg
    }
}

impl Eq for PyException {}

/// The name used by generated code in `Result<T, Exception>` signatures.
pub type Exception = PyException;
/// Alias of [`ErrorKind`] used by generated code.
pub type ExceptionKind = ErrorKind;

impl PyException {
    /// `e.args`: `()` for an exception raised without a message, else its one argument (for a
    /// `KeyError`, the key, whose repr the message holds).
    pub fn args(&self) -> crate::Tuple<String> {
        if self.msg.is_empty() {
            return crate::Tuple::default();
        }
        if self.kind == ErrorKind::KeyError {
            if let Some(key) = crate::fmt::repr::parse_str_repr(&self.msg) {
                return crate::Tuple::from([key]);
            }
        }
        crate::Tuple::from([self.msg.clone()])
    }

    /// A new exception of `kind` with message `msg`.
    pub fn new(kind: ErrorKind, msg: impl Into<String>) -> Self {
        PyException {
            kind,
            msg: msg.into(),
            payload: None,
        }
    }

    /// `SystemExit` as an exception a `try` sees (`finally` runs, `except SystemExit` catches
    /// it); raised again, it ends the program with its status.
    pub fn system_exit(exit: SystemExit) -> Self {
        let msg = exit.msg.clone().unwrap_or_else(|| exit.code.to_string());
        PyException {
            kind: ErrorKind::SystemExit,
            msg,
            payload: Some(std::sync::Arc::new(exit)),
        }
    }

    /// `e.code` of a caught `SystemExit` (1 for `sys.exit("message")`).
    pub fn exit_code(&self) -> i64 {
        match self
            .payload
            .as_ref()
            .and_then(|p| p.downcast_ref::<SystemExit>())
        {
            Some(s) => s.code,
            None => self.msg.parse().unwrap_or(i64::from(!self.msg.is_empty())),
        }
    }

    /// A user exception object raised: its class, `str()` and the object itself.
    pub fn with_payload<T: std::any::Any + Send + Sync>(
        kind: ErrorKind,
        msg: impl Into<String>,
        object: T,
    ) -> Self {
        PyException {
            kind,
            msg: msg.into(),
            payload: Some(std::sync::Arc::new(object)),
        }
    }

    /// The user exception object carried by this exception.
    pub fn payload<T: std::any::Any>(&self) -> &T {
        match self.payload.as_ref().and_then(|p| p.downcast_ref::<T>()) {
            Some(t) => t,
            None => raise(
                ErrorKind::RuntimeError,
                "internal error: exception object of an unexpected class (this is a Roast bug)",
            ),
        }
    }
    /// `ValueError(msg)`.
    pub fn value_error(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::ValueError, msg)
    }
    /// `TypeError(msg)`.
    pub fn type_error(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::TypeError, msg)
    }
    /// `IndexError(msg)`.
    pub fn index_error(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::IndexError, msg)
    }
    /// `RuntimeError(msg)`.
    pub fn runtime_error(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::RuntimeError, msg)
    }
    /// `ZeroDivisionError(msg)`.
    pub fn zero_division(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::ZeroDivisionError, msg)
    }
    /// `KeyError(key)`: the message is `repr(key)`, as CPython prints it.
    pub fn key_error<K: crate::PyFmt + ?Sized>(key: &K) -> Self {
        Self::new(ErrorKind::KeyError, crate::repr(key))
    }
    /// `isinstance(self, kind)` over the built-in hierarchy (`except kind:` matches).
    pub fn is(&self, kind: ErrorKind) -> bool {
        self.kind.is_subclass_of(kind)
    }
}

impl std::fmt::Display for PyException {
    /// `Kind: msg`, or just `Kind` when the message is empty (the traceback's last line).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.msg.is_empty() {
            f.write_str(self.kind.name())
        } else {
            write!(f, "{}: {}", self.kind.name(), self.msg)
        }
    }
}

impl std::error::Error for PyException {}

/// The payload of a `sys.exit()` unwind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemExit {
    /// The exit status.
    pub code: i64,
    /// `sys.exit("text")` prints the text to stderr and exits with 1.
    pub msg: Option<String>,
}

/// Raises `kind(msg)`: unwinds with a [`PyException`] payload.
#[cold]
#[inline(never)]
pub fn raise(kind: ErrorKind, msg: impl Into<String>) -> ! {
    panic::panic_any(PyException::new(kind, msg))
}

/// Raises (or re-raises) an exception value.
#[cold]
#[inline(never)]
pub fn raise_exc(e: PyException) -> ! {
    panic::panic_any(e)
}

/// What generated `main` code calls on an `Err` nobody caught: raises it as a panic.
#[cold]
pub fn uncaught(e: PyException) -> ! {
    raise_exc(e)
}

/// `sys.exit(code)`.
#[cold]
pub fn exit(code: i64) -> ! {
    panic::panic_any(SystemExit { code, msg: None })
}

/// `sys.exit("message")`: prints the message to stderr, exit status 1.
#[cold]
pub fn exit_msg(msg: &str) -> ! {
    panic::panic_any(SystemExit {
        code: 1,
        msg: Some(msg.to_string()),
    })
}

static ARGV: Mutex<Option<Vec<String>>> = Mutex::new(None);

/// Sets `sys.argv`.
pub fn set_argv(args: Vec<String>) {
    *ARGV.lock().unwrap_or_else(|e| e.into_inner()) = Some(args);
}

/// `sys.argv` (defaults to the process arguments).
pub fn argv() -> Vec<String> {
    let g = ARGV.lock().unwrap_or_else(|e| e.into_inner());
    match &*g {
        Some(v) => v.clone(),
        None => std::env::args().collect(),
    }
}

thread_local! {
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Installs (once) a panic hook that is silent on Roast program threads and keeps the default
/// behaviour elsewhere.
fn install_hook() {
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(|q| q.get()) {
                default(info);
            }
        }));
    });
}

/// Turns a Rust panic message into the Python exception CPython would raise.
fn translate_message(m: &str) -> PyException {
    if m.starts_with("attempt to ") && m.ends_with("with overflow") {
        PyException::new(ErrorKind::OverflowError, "integer overflow")
    } else if m.starts_with("index out of bounds") {
        PyException::new(ErrorKind::IndexError, "list index out of range")
    } else if m.starts_with("attempt to divide by zero") {
        PyException::new(
            ErrorKind::ZeroDivisionError,
            "integer division or modulo by zero",
        )
    } else if m.starts_with("attempt to calculate the remainder with a divisor of zero") {
        PyException::new(ErrorKind::ZeroDivisionError, "integer modulo by zero")
    } else {
        PyException::new(
            ErrorKind::RuntimeError,
            format!("internal error: {m} (this is a Roast bug)"),
        )
    }
}

/// What an unwind carried.
enum Outcome {
    Exc(PyException),
    Exit(SystemExit),
}

fn classify(payload: Box<dyn Any + Send>) -> Outcome {
    let payload = match payload.downcast::<PyException>() {
        // A caught `SystemExit` raised again ends the program as `sys.exit` does.
        Ok(e) if e.kind == ErrorKind::SystemExit => {
            // `raise SystemExit(3)` carries no payload: the status comes from the argument
            // (none: 0; an int: that; anything else: printed, status 1).
            let exit = e
                .payload
                .as_ref()
                .and_then(|p| p.downcast_ref::<SystemExit>())
                .cloned()
                .unwrap_or_else(|| match e.msg.parse::<i64>() {
                    Ok(code) => SystemExit { code, msg: None },
                    Err(_) if e.msg.is_empty() => SystemExit { code: 0, msg: None },
                    Err(_) => SystemExit {
                        code: 1,
                        msg: Some(e.msg.clone()),
                    },
                });
            return Outcome::Exit(exit);
        }
        Ok(e) => return Outcome::Exc(*e),
        Err(p) => p,
    };
    let payload = match payload.downcast::<SystemExit>() {
        Ok(e) => return Outcome::Exit(*e),
        Err(p) => p,
    };
    if let Some(s) = payload.downcast_ref::<&str>() {
        return Outcome::Exc(translate_message(s));
    }
    if let Some(s) = payload.downcast_ref::<String>() {
        return Outcome::Exc(translate_message(s));
    }
    Outcome::Exc(PyException::new(
        ErrorKind::RuntimeError,
        "internal error: unknown panic (this is a Roast bug)",
    ))
}

/// `try:` in generated code: runs `f`, returning any raised Python exception (Rust arithmetic
/// and index panics are translated as in [`run`]), `SystemExit` included, as CPython's `try`
/// sees it (`except Exception:` does not match it; `finally` runs). Panics are silent while
/// inside.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, PyException> {
    install_hook();
    let prev = QUIET_PANICS.with(|q| q.replace(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(prev));
    match r {
        Ok(v) => Ok(v),
        Err(p) => match classify(p) {
            Outcome::Exc(e) => Err(e),
            Outcome::Exit(s) => Err(PyException::system_exit(s)),
        },
    }
}

/// The program thread's stack: 1 GiB of address space (only the pages used are memory), so that
/// `sys.setrecursionlimit(10**6)` recursion fits; 256 MiB where the system refuses that much.
const STACK_SIZES: [usize; 2] = [1 << 30, 256 << 20];

fn run_inner(program: fn(), capture: bool) -> (i32, String, String) {
    install_hook();
    let mut spawned = Err(std::io::Error::other("no stack size"));
    for size in STACK_SIZES {
        spawned = std::thread::Builder::new()
            .name("roast-main".into())
            .stack_size(size)
            .spawn(move || run_program(program, capture, size));
        if spawned.is_ok() {
            break;
        }
    }
    let handle = spawned.expect("cannot spawn the program thread");
    match handle.join() {
        Ok(r) => r,
        Err(_) => (1, String::new(), String::new()),
    }
}

/// The program thread's body: runs `program`, then prints an uncaught exception.
fn run_program(program: fn(), capture: bool, stack_size: usize) -> (i32, String, String) {
    QUIET_PANICS.with(|q| q.set(true));
    crate::recursion::begin_program(stack_size);
    crate::output::begin_program(capture);
    let r = panic::catch_unwind(program);
    let code = match r {
        Ok(()) => {
            crate::output::flush_stdout();
            0
        }
        Err(p) => {
            crate::output::flush_stdout();
            match classify(p) {
                Outcome::Exc(e) => {
                    crate::output::write_stderr_line("Traceback (most recent call last):");
                    crate::output::write_stderr_line(&e.to_string());
                    1
                }
                Outcome::Exit(s) => {
                    if let Some(m) = &s.msg {
                        crate::output::write_stderr_line(m);
                    }
                    s.code as i32
                }
            }
        }
    };
    let (out, err) = crate::output::end_program();
    (code, out, err)
}

/// Runs a program like [`run`] but returns its exit status instead of exiting the process.
pub fn run_to_exit_code(program: fn()) -> i32 {
    run_inner(program, false).0
}

/// Runs a program with stdout and stderr captured: returns (exit status, stdout, stderr).
/// For test harnesses that run many programs in one process (added to the contract).
pub fn run_captured(program: fn()) -> (i32, String, String) {
    run_inner(program, true)
}

/// The entry point of every generated binary: `fn main() { rt::run(__main__) }`.
/// Runs `program` on a thread with a 1 GiB stack, prints an uncaught exception as CPython's
/// last traceback line on stderr, and exits with CPython's status.
pub fn run(program: fn()) -> ! {
    let code = run_to_exit_code(program);
    std::process::exit(code)
}

/// The value of an `Optional` used where a value is required; `None` there is a `TypeError`
/// (CPython's message names the operation; Roast's names the value).
#[inline]
pub fn unwrap<T>(x: Option<T>) -> T {
    match x {
        Some(v) => v,
        None => raise(
            ErrorKind::TypeError,
            "'NoneType' object used where a value is required",
        ),
    }
}
