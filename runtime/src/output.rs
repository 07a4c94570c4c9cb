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
    let mut line = read_line();
    if line.is_empty() {
        crate::error::raise(crate::ErrorKind::EOFError, "EOF when reading a line")
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') && cfg!(windows) {
            line.pop();
        }
    }
    line
}

/// `sys.stdin` iterated or `sys.stdin.readlines()`: every remaining line, each with its `\n`.
pub fn stdin_lines() -> Vec<String> {
    flush_stdout();
    let mut lines = Vec::new();
    loop {
        let line = read_line();
        if line.is_empty() {
            return lines;
        }
        lines.push(line);
    }
}

/// `sys.stdin.read()`: the rest of the input.
pub fn stdin_read() -> String {
    flush_stdout();
    STDIN.with(|s| {
        let mut s = s.borrow_mut();
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut rest);
        s.eof = true;
        s.decode(rest);
        std::mem::take(&mut s.text)
    })
}

/// `sys.stdin.readline()`: the next line with its `\n`, or `""` at the end.
pub fn stdin_readline() -> String {
    flush_stdout();
    read_line()
}

/// stdin decoded as CPython's `sys.stdin` decodes it: UTF-8, strictly, a chunk of up to 8 KiB
/// at a time (a chunk with an invalid byte raises `UnicodeDecodeError`, with the position in
/// that chunk, and is dropped; an incomplete character at the end waits for the next chunk).
struct StdinText {
    /// Decoded text not yet returned.
    text: String,
    /// The bytes of an incomplete character at the end of the last chunk.
    partial: Vec<u8>,
    eof: bool,
}

thread_local! {
    static STDIN: RefCell<StdinText> = const {
        RefCell::new(StdinText { text: String::new(), partial: Vec::new(), eof: false })
    };
}

/// CPython's `TextIOWrapper` chunk size.
const CHUNK: usize = 8192;

impl StdinText {
    /// Decodes `chunk` after the pending partial character, keeping a partial one at the end
    /// unless at the end of input; raises `UnicodeDecodeError` as CPython's decoder does.
    fn decode(&mut self, chunk: Vec<u8>) {
        let mut data = std::mem::take(&mut self.partial);
        let kept = data.clone();
        data.extend_from_slice(&chunk);
        match std::str::from_utf8(&data) {
            Ok(t) => self.text.push_str(t),
            Err(e) if e.error_len().is_none() && !self.eof => {
                let (good, rest) = data.split_at(e.valid_up_to());
                self.text
                    .push_str(std::str::from_utf8(good).unwrap_or_default());
                self.partial = rest.to_vec();
            }
            Err(e) => {
                // CPython's decoder keeps its pending bytes and drops the chunk.
                self.partial = kept;
                let at = e.valid_up_to();
                let byte = data[at];
                let (n, reason) = match e.error_len() {
                    None => (data.len() - at, "unexpected end of data"),
                    Some(n) if (0x80..=0xC1).contains(&byte) || byte >= 0xF5 => {
                        (n, "invalid start byte")
                    }
                    Some(n) => (n, "invalid continuation byte"),
                };
                let msg = if n == 1 {
                    format!(
                        "'utf-8' codec can't decode byte 0x{byte:02x} in position {at}: {reason}"
                    )
                } else {
                    format!(
                        "'utf-8' codec can't decode bytes in position {at}-{}: {reason}",
                        at + n - 1
                    )
                };
                crate::error::raise(crate::ErrorKind::UnicodeDecodeError, msg)
            }
        }
    }
}

/// The next line of stdin with its `\n` (without one at the end of input), `""` at the end.
fn read_line() -> String {
    STDIN.with(|s| loop {
        let mut st = s.borrow_mut();
        if let Some(i) = st.text.find('\n') {
            let rest = st.text.split_off(i + 1);
            return std::mem::replace(&mut st.text, rest);
        }
        if st.eof && st.partial.is_empty() {
            return std::mem::take(&mut st.text);
        }
        let mut buf = vec![0u8; CHUNK];
        let n = if st.eof {
            0
        } else {
            loop {
                match std::io::Read::read(&mut std::io::stdin().lock(), &mut buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break 0,
                }
            }
        };
        buf.truncate(n);
        if n == 0 {
            st.eof = true;
        }
        drop(st);
        // Decoding may raise: no borrow is held across it.
        let mut st = s.borrow_mut();
        st.decode(buf);
    })
}
