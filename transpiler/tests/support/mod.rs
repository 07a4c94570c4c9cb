//! Helpers shared by the test harnesses: where the repository is, finding test files, reading
//! `# roast: key=value` headers, and running a process with stdin, a timeout and captured output.

#![allow(dead_code)] // each harness uses its own part of this module

pub mod one_crate;

use roast::SourceFile;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The repository's root (the workspace directory).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `<cargo target dir>/NAME`: where a harness writes the crate it builds.
pub fn target_subdir(name: &str) -> PathBuf {
    let root = repo_root();
    let target = cargo_metadata::MetadataCommand::new()
        .manifest_path(root.join("Cargo.toml"))
        .no_deps()
        .exec()
        .map(|m| m.target_directory.into_std_path_buf())
        .unwrap_or_else(|_| root.join("target"));
    target.join(name)
}

/// The `*.EXT` files directly in `dir`, sorted by name.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == ext));
    files.sort();
    files
}

/// The file name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Options of a test program, from `# roast: key=value` lines among the comment and blank lines
/// at its top (the same rules as `tests/regen.py`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// `args=...`, split like a shell does.
    pub args: Vec<String>,
}

pub fn parse_header(text: &str) -> Result<Header, String> {
    let mut header = Header::default();
    let mut seen_args = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(comment) = line.strip_prefix('#') else {
            break;
        };
        let Some(body) = comment.trim_start().strip_prefix("roast:") else {
            continue;
        };
        let body = body.trim();
        match body.split_once('=') {
            Some((key, value)) if key.trim() == "args" => {
                if seen_args {
                    return Err(format!("line {}: duplicate header option 'args'", i + 1));
                }
                seen_args = true;
                header.args =
                    shell_split(value.trim()).map_err(|e| format!("line {}: {e}", i + 1))?;
            }
            _ => {
                return Err(format!(
                    "line {}: unknown header option {body:?} (known: args)",
                    i + 1
                ))
            }
        }
    }
    Ok(header)
}

/// Splits like a POSIX shell (Python's `shlex.split`): quotes and backslashes, no expansions.
pub fn shell_split(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err("unclosed single quote in args".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => w.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => return Err("unclosed double quote in args".into()),
                        },
                        Some(c) => w.push(c),
                        None => return Err("unclosed double quote in args".into()),
                    }
                }
            }
            '\\' => {
                let w = word.get_or_insert_with(String::new);
                if let Some(c) = chars.next() {
                    if c != '\n' {
                        w.push(c);
                    }
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// What a finished process did.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `cmd` with `stdin` as its standard input; kills it after `timeout`.
pub fn run_with_timeout(
    mut cmd: Command,
    stdin: &[u8],
    timeout: Duration,
) -> Result<Output, String> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let input = stdin.to_vec();
    let mut child_stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(w) = child_stdin.as_mut() {
            let _ = w.write_all(&input); // a program may exit without reading its input
        }
    });
    let readers = [
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
        child.stderr.take().map(|r| Box::new(r) as _),
    ]
    .map(|r| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    });
    let start = Instant::now();
    let mut pause = Duration::from_micros(200);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {} s", timeout.as_secs()));
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            Err(e) => return Err(format!("cannot wait for the program: {e}")),
        }
    };
    let _ = writer.join();
    let [out, err] = readers.map(|h| h.join().unwrap_or_default());
    Ok(Output {
        status,
        stdout: out,
        stderr: err,
    })
}

/// The last line of `stderr`, with a `\n` (as `tests/regen.py` stores it); empty if none.
pub fn last_line(stderr: &[u8]) -> Vec<u8> {
    let text = stderr.strip_suffix(b"\n").unwrap_or(stderr);
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    if text.is_empty() && stderr.is_empty() {
        return Vec::new();
    }
    let start = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut line = text[start..].to_vec();
    line.push(b'\n');
    line
}

/// A readable report of two byte strings that differ: the first differing line and both texts.
pub fn describe_difference(what: &str, expected: &[u8], actual: &[u8]) -> String {
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let mut report = format!("{what} differs");
    let (el, al): (Vec<&str>, Vec<&str>) = (
        e.split_inclusive('\n').collect(),
        a.split_inclusive('\n').collect(),
    );
    if let Some(i) = (0..el.len().max(al.len())).find(|&i| el.get(i) != al.get(i)) {
        report += &format!(
            " at line {}:\n  expected: {:?}\n  actual:   {:?}",
            i + 1,
            el.get(i).copied().unwrap_or("<end of output>"),
            al.get(i).copied().unwrap_or("<end of output>")
        );
    }
    const LIMIT: usize = 4000;
    let clip = |s: &str| {
        if s.len() <= LIMIT {
            return s.to_string();
        }
        let cut = (0..=LIMIT)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        format!("{}... ({} bytes in all)", &s[..cut], s.len())
    };
    report
        + &format!(
            "\n----- expected {what}\n{}\n----- actual {what}\n{}\n-----",
            clip(&e),
            clip(&a)
        )
}

/// What a program must do: the committed expectation of a test program, or what CPython did.
#[derive(Clone, Debug)]
pub struct Expected {
    pub stdout: Vec<u8>,
    pub exit: i32,
    /// The last stderr line, when `NAME.stderr` exists.
    pub stderr: Option<Vec<u8>>,
}

pub fn compare(expected: &Expected, out: &Output) -> Result<(), String> {
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
    Err(problems.join("\n"))
}

// ----- CPython and the JIT ------------------------------------------------------------------

/// The interpreter `tests/regen.py` uses: `$ROAST_PYTHON` or `python3`.
pub fn python() -> String {
    std::env::var("ROAST_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// `python3 FILE ARGS` (`$ROAST_PYTHON`) in FILE's directory, in the environment
/// `tests/regen.py` gives it; `tests/pyroast.py` runs the file as `python3 FILE` would, with
/// `.roast` modules importable.
pub fn cpython_command(file: &Path, args: &[String]) -> Command {
    let mut cmd = Command::new(python());
    let runner = repo_root().join("tests/pyroast.py");
    let dir = file.parent().unwrap_or(Path::new("."));
    cmd.arg(runner)
        .arg(file.file_name().unwrap_or_default())
        .args(args)
        .current_dir(dir);
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
    cmd
}

/// Whether `python()` runs; if not, says so once on stderr.
pub fn python_available() -> bool {
    let ok = Command::new(python())
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "note: `{}` not found: nothing is checked against CPython",
            python()
        );
    }
    ok
}

/// Set in the environment of a child that runs one program through the JIT.
pub const JIT_CHILD: &str = "ROAST_TEST_JIT_CHILD";

/// The start of a harness that runs programs through the JIT: in a JIT child (this test binary
/// re-run with `JIT_CHILD` set) runs the program and exits; else the libtest arguments, two
/// test threads unless told otherwise.
pub fn harness_start() -> libtest_mimic::Arguments {
    if std::env::var_os(JIT_CHILD).is_some() {
        jit_child();
    }
    let mut args = libtest_mimic::Arguments::from_args();
    if args.test_threads.is_none() {
        args.test_threads = Some(2);
    }
    args
}

/// Child mode: `argv[1]` is the program (in the current directory), the rest its arguments.
pub fn jit_child() -> ! {
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
