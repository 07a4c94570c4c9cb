//! Buffered stdout and `print`/`input`: output is collected per program thread and written in
//! 8 KiB chunks, at exit, before an error message, and before `input()` reads.

use crate::fmt::PyFmt;
use std::cell::RefCell;
use std::io::Write;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Outside `run`: every print is written through (nobody would flush at exit).
    Direct,
    /// Inside `run`: flushed when larger than 8 KiB and at the end.
    Buffered,
    /// Inside `run_captured`: kept in memory.
    Capture,
}

struct Sink {
    mode: Mode,
    out: String,
    err: String,
    broken: bool,
}

thread_local! {
    static SINK: RefCell<Sink> = const { RefCell::new(Sink { mode: Mode::Direct, out: String::new(), err: String::new(), broken: false }) };
}

const FLUSH_AT: usize = 8 * 1024;

pub(crate) fn begin_program(capture: bool) {
    SINK.with(|s| {
        let mut s = s.borrow_mut();
        s.mode = if capture {
            Mode::Capture
        } else {
            Mode::Buffered
        };
        s.out.clear();
        s.err.clear();
        s.broken = false;
    });
}

pub(crate) fn end_program() -> (String, String) {
    SINK.with(|s| {
        let mut s = s.borrow_mut();
        s.mode = Mode::Direct;
        (std::mem::take(&mut s.out), std::mem::take(&mut s.err))
    })
}

fn write_out(s: &mut Sink) {
    if s.out.is_empty() || s.mode == Mode::Capture {
        return;
    }
    if !s.broken {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        let r = lock.write_all(s.out.as_bytes()).and_then(|_| lock.flush());
        if let Err(e) = r {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                // A closed pipe (`prog | head`): drop the rest of the output quietly.
                s.broken = true;
            }
        }
    }
    s.out.clear();
}

/// Appends text to stdout (buffered).
#[inline]
fn emit(f: impl FnOnce(&mut String)) {
    SINK.with(|s| {
        let mut s = s.borrow_mut();
        f(&mut s.out);
        let flush = match s.mode {
            Mode::Direct => true,
            Mode::Buffered => s.out.len() >= FLUSH_AT,
            Mode::Capture => false,
        };
        if flush {
            write_out(&mut s);
            if s.broken {
                // The reader went away (`prog | head`): stop quietly, as the contract asks.
                drop(s);
                crate::error::exit(0);
            }
        }
    });
}

/// Writes everything buffered to the real stdout.
pub fn flush_stdout() {
    SINK.with(|s| write_out(&mut s.borrow_mut()));
}

/// Appends raw text to stdout (`sys.stdout.write`).
pub fn write_stdout(text: &str) {
    emit(|o| o.push_str(text));
}

/// `print(*args)`: str() of each argument, separated by a space, then a newline.
pub fn print(args: &[&dyn PyFmt]) {
    print_with(args, " ", "\n");
}

/// `print(*args, sep=sep, end=end)`.
pub fn print_with(args: &[&dyn PyFmt], sep: &str, end: &str) {
    emit(|o| {
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                o.push_str(sep);
            }
            a.fmt_str(o);
        }
        o.push_str(end);
    });
}

/// Writes one line to stderr (after flushing stdout, so the order matches CPython's).
pub fn write_stderr_line(line: &str) {
    SINK.with(|s| {
        let mut s = s.borrow_mut();
        write_out(&mut s);
        if s.mode == Mode::Capture {
            s.err.push_str(line);
            s.err.push('\n');
        } else {
            let stderr = std::io::stderr();
            let mut lock = stderr.lock();
            let _ = writeln!(lock, "{line}");
        }
    });
}

/// `input(prompt)`: writes the prompt, flushes stdout, reads one line without its newline.
/// End of input raises `EOFError: EOF when reading a line`.
pub fn input(prompt: &str) -> String {
    emit(|o| o.push_str(prompt));
    flush_stdout();
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) | Err(_) => {
            crate::error::raise(crate::ErrorKind::EOFError, "EOF when reading a line")
        }
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
                if line.ends_with('\r') && cfg!(windows) {
                    line.pop();
                }
            }
            line
        }
    }
}

/// `sys.stdin` iterated or `sys.stdin.readlines()`: every remaining line, each with its `\n`.
pub fn stdin_lines() -> Vec<String> {
    flush_stdout();
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => return lines,
            Ok(_) => lines.push(line),
        }
    }
}

/// `sys.stdin.read()`: the rest of the input.
pub fn stdin_read() -> String {
    stdin_lines().concat()
}

/// `sys.stdin.readline()`: the next line with its `\n`, or `""` at the end.
pub fn stdin_readline() -> String {
    flush_stdout();
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(_) => line,
        Err(_) => String::new(),
    }
}
