//! Running `cargo build` on a generated project and finding the executable it made (from cargo's
//! JSON messages, so a `build.target` in the user's cargo config does not mislead us).

use super::compile::io_reason;
use super::{trace, Error, Result};
use cargo_metadata::Message;
use std::io::{BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Which cargo profile to build with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    Release,
    Debug,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Debug => "debug",
        }
    }
}

/// How a build shows itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Cargo's own progress and messages go straight to our stderr (a terminal).
    Show,
    /// `--quiet`; cargo's output is kept and shown only if the build fails.
    Quiet,
}

impl Progress {
    /// `Show` when stderr is a terminal.
    pub fn auto() -> Progress {
        if std::io::stderr().is_terminal() {
            Progress::Show
        } else {
            Progress::Quiet
        }
    }
}

/// The cargo to run: `$CARGO` when we were started by cargo, else `cargo` from PATH.
pub fn cargo_command() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Builds the binary of the project whose manifest is `manifest`, into `target_dir`.
/// `what` names the program in messages. A failed build is a Roast bug: generated Rust always
/// compiles.
pub fn build(
    manifest: &Path,
    target_dir: &Path,
    profile: Profile,
    progress: Progress,
    what: &str,
) -> Result<PathBuf> {
    let project_dir = manifest.parent().unwrap_or(Path::new("."));
    let mut cmd = cargo_command();
    cmd.arg("build")
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--message-format=json-render-diagnostics");
    if profile == Profile::Release {
        cmd.arg("--release");
    }
    if progress == Progress::Quiet {
        cmd.arg("--quiet");
        cmd.stderr(Stdio::piped());
    } else {
        cmd.stderr(Stdio::inherit());
    }
    // Run from the project, so a `.cargo/config.toml` around the user's directory does not apply.
    cmd.current_dir(project_dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    trace!(
        "running {:?} (CARGO_TARGET_DIR={})",
        cmd,
        target_dir.display()
    );
    let mut child = cmd.spawn().map_err(|e| {
        Error::new(format!(
            "cannot run cargo: {} (roast needs the Rust toolchain on PATH to build programs)",
            io_reason(&e)
        ))
    })?;
    let stderr_reader = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut buf = String::new();
            let _ = err.read_to_string(&mut buf);
            buf
        })
    });
    let mut executable = None;
    let mut diagnostics = String::new();
    if let Some(out) = child.stdout.take() {
        for message in Message::parse_stream(BufReader::new(out)).flatten() {
            match message {
                Message::CompilerArtifact(artifact) => {
                    if let Some(exe) = artifact.executable {
                        executable = Some(exe.into_std_path_buf());
                    }
                }
                Message::CompilerMessage(msg) => {
                    if let Some(rendered) = msg.message.rendered {
                        diagnostics.push_str(&rendered);
                    }
                }
                _ => {}
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| Error::new(format!("cannot wait for cargo: {}", io_reason(&e))))?;
    let captured = stderr_reader
        .and_then(|h| h.join().ok())
        .unwrap_or_default();
    if !status.success() {
        if !captured.is_empty() {
            super::print_stderr(&captured);
        }
        if !diagnostics.is_empty() {
            super::print_stderr(&diagnostics);
        }
        return Err(Error::bug(format!(
            "internal error: the Rust generated for {what} failed to build\n\
             note: this is a Roast bug (generated Rust must always compile); please report it with the program\n\
             note: the generated project is in {}",
            project_dir.display()
        )));
    }
    executable.ok_or_else(|| {
        Error::bug(format!(
            "internal error: cargo built {what} but reported no executable; this is a Roast bug"
        ))
    })
}
