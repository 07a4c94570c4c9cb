//! The `roast` command: check, run, build or show the Rust of a Roast program.
//!
//! ```text
//! roast run [--debug] prog.roast [ARGS...]   transpile, build (cached), run
//! roast run --jit prog.roast [ARGS...]       run through the Cranelift JIT (`roast-jit`)
//! roast check prog.roast                     diagnostics only
//! roast build [--debug] prog.roast [-o OUT]  a native executable
//! roast emit prog.roast                      print the generated Rust
//! roast repl [--echo]                        an interactive session (`roast-jit repl`)
//! ```

#[allow(dead_code)]
#[path = "../driver/mod.rs"]
mod driver;

use clap::{Parser, Subcommand};
use driver::cache::{self, Cache};
use driver::cargo::{Profile, Progress};
use driver::compile::{self, read_source};
use driver::trace;
use roast::EmitMode;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Roast: statically typed Python, compiled to Rust.
#[derive(Parser, Debug)]
#[command(name = "roast", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compile (cached) and run a program; its exit status is roast's.
    Run {
        /// Build without optimizations (faster to build, slower to run).
        #[arg(long)]
        debug: bool,
        /// Run through the Cranelift JIT at once, without rustc (the `roast-jit` executable
        /// beside this one); a program it does not support yet runs natively, after a note.
        #[arg(long)]
        jit: bool,
        /// The program, then the arguments it gets in sys.argv[1:].
        #[arg(required = true, num_args = 1.., trailing_var_arg = true, allow_hyphen_values = true, value_name = "PROGRAM")]
        program_and_args: Vec<OsString>,
    },
    /// Report a program's errors and warnings; exit 1 if it has errors, print nothing if it is fine.
    Check {
        program: PathBuf,
        /// Print how each parameter is passed and which values move, function by function.
        #[arg(long)]
        explain_ownership: bool,
    },
    /// Build a native executable.
    Build {
        program: PathBuf,
        /// Where to write the executable (default: the program's name in the current directory).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Build without optimizations.
        #[arg(long)]
        debug: bool,
    },
    /// Print the generated Rust (a complete main.rs) to stdout.
    Emit { program: PathBuf },
    /// An interactive session (through the JIT, `roast-jit repl`); with stdin not a terminal,
    /// runs the input as a session.
    Repl {
        /// Echo each input line after its prompt (`>>> `, `... `): the output is a transcript.
        #[arg(long)]
        echo: bool,
    },
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            jit: true,
            program_and_args,
            ..
        } => run_jit(program_and_args),
        Command::Run {
            debug,
            program_and_args,
            ..
        } => {
            let mut it = program_and_args.into_iter();
            let program = PathBuf::from(it.next().unwrap_or_default());
            run(&program, it.collect(), profile(debug))
        }
        Command::Check {
            program,
            explain_ownership: false,
        } => check(&program),
        Command::Check {
            program,
            explain_ownership: true,
        } => explain(&program),
        Command::Build {
            program,
            output,
            debug,
        } => build(&program, output, profile(debug)),
        Command::Emit { program } => emit(&program),
        Command::Repl { echo } => {
            let mut args = vec![OsString::from("repl")];
            if echo {
                args.push("--echo".into());
            }
            run_jit(args)
        }
    };
    if let Err(e) = result {
        driver::exit_with(&e);
    }
}

fn profile(debug: bool) -> Profile {
    if debug {
        Profile::Debug
    } else {
        Profile::Release
    }
}

fn check(program: &Path) -> driver::Result<()> {
    let file = read_source(program)?;
    let warnings = compile::check(&file).unwrap_or_else(|f| driver::exit_with_failure(f));
    driver::print_stderr(&warnings);
    Ok(())
}

fn explain(program: &Path) -> driver::Result<()> {
    let file = read_source(program)?;
    let text = compile::explain(&file).unwrap_or_else(|f| driver::exit_with_failure(f));
    driver::print_stdout(&text);
    Ok(())
}

fn emit(program: &Path) -> driver::Result<()> {
    let file = read_source(program)?;
    let rust =
        compile::emit(&file, EmitMode::Binary).unwrap_or_else(|f| driver::exit_with_failure(f));
    driver::print_stdout(&rust);
    Ok(())
}

/// The executable for `program`, from the cache or freshly built.
fn executable(program: &Path, profile: Profile) -> driver::Result<PathBuf> {
    let file = read_source(program)?;
    let rust =
        compile::emit(&file, EmitMode::Binary).unwrap_or_else(|f| driver::exit_with_failure(f));
    let cache = Cache::locate()?;
    let prepared = cache::prepare(&cache, program, &rust, profile);
    if let Some(exe) = cache::lookup(&prepared) {
        trace!("cache hit: {}", exe.display());
        return Ok(exe);
    }
    trace!(
        "cache miss: building {} in {}",
        program.display(),
        prepared.project_dir.display()
    );
    cache::build(&cache, &prepared, Progress::auto())
}

fn run(program: &Path, args: Vec<OsString>, profile: Profile) -> driver::Result<()> {
    let exe = executable(program, profile)?;
    let mut cmd = std::process::Command::new(&exe);
    cmd.args(&args);
    exec(cmd, program)
}

/// `roast run --jit`: the JIT lives in the `roast-jit` executable (the `roast-jit` crate depends
/// on this library for the MIR, so this binary cannot link it without a dependency cycle).
fn run_jit(program_and_args: Vec<OsString>) -> driver::Result<()> {
    let name = format!("roast-jit{}", std::env::consts::EXE_SUFFIX);
    let beside = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join(&name)))
        .filter(|p| p.is_file());
    let Some(jit) = beside else {
        return Err(driver::Error::new(format!(
            "`{name}` is not installed beside `roast` (build it with `cargo build -p roast-jit`, or install it with `cargo install --path jit`)"
        )));
    };
    let mut cmd = std::process::Command::new(&jit);
    cmd.args(&program_and_args);
    exec_plain(cmd, &jit)
}

#[cfg(unix)]
fn exec_plain(mut cmd: std::process::Command, exe: &Path) -> driver::Result<()> {
    use std::os::unix::process::CommandExt;
    let e = cmd.exec();
    Err(driver::Error::new(format!(
        "cannot run `{}`: {}",
        exe.display(),
        compile::io_reason(&e)
    )))
}

#[cfg(not(unix))]
fn exec_plain(mut cmd: std::process::Command, exe: &Path) -> driver::Result<()> {
    let status = cmd.status().map_err(|e| {
        driver::Error::new(format!(
            "cannot run `{}`: {}",
            exe.display(),
            compile::io_reason(&e)
        ))
    })?;
    std::process::exit(status.code().unwrap_or(1))
}

/// Replaces this process with the program (Unix), so its status, signals and stdio are its own;
/// `sys.argv[0]` is the `.roast` path as the user typed it, as with `python3 prog.roast`.
fn exec(mut cmd: std::process::Command, program: &Path) -> driver::Result<()> {
    #[cfg(unix)]
    std::os::unix::process::CommandExt::arg0(&mut cmd, program);
    exec_plain(cmd, program)
}

fn build(program: &Path, output: Option<PathBuf>, profile: Profile) -> driver::Result<()> {
    let exe = executable(program, profile)?;
    let name = format!(
        "{}{}",
        driver::project::stem(program),
        std::env::consts::EXE_SUFFIX
    );
    let output = match output {
        Some(o) if o.is_dir() => o.join(name),
        Some(o) => o,
        None => PathBuf::from(name),
    };
    let tmp = output.with_file_name(format!(
        ".{}.roast-tmp",
        output
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned())
    ));
    std::fs::copy(&exe, &tmp)
        .and_then(|_| std::fs::rename(&tmp, &output))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            driver::Error::new(format!(
                "cannot write `{}`: {}",
                output.display(),
                compile::io_reason(&e)
            ))
        })
}
