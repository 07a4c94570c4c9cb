//! The `roast2rs` command: turns a `.roast` program into a Cargo project (or prints its Rust).
//!
//! ```text
//! roast2rs prog.roast [-o DIR]     write DIR/Cargo.toml, DIR/src/main.rs, DIR/roast-runtime/
//! roast2rs --emit-rust prog.roast  print the generated main.rs on stdout
//! ```

#[allow(dead_code)]
#[path = "../driver/mod.rs"]
mod driver;

use clap::Parser;
use driver::compile::{self, read_source};
use driver::project::{self, ProjectSpec, ReleaseProfile};
use roast::EmitMode;
use std::path::{Path, PathBuf};

/// Compile a Roast program (statically typed Python) to a Rust Cargo project.
#[derive(Parser, Debug)]
#[command(name = "roast2rs", version)]
struct Args {
    /// The program to compile.
    program: PathBuf,
    /// Directory of the generated Cargo project (created if missing).
    #[arg(
        short = 'o',
        long = "out-dir",
        value_name = "DIR",
        default_value = ".",
        conflicts_with = "emit_rust"
    )]
    out_dir: PathBuf,
    /// Print the generated Rust to stdout instead of writing a project.
    #[arg(long)]
    emit_rust: bool,
}

fn main() {
    let args = Args::parse();
    let file = read_source(&args.program).unwrap_or_else(|e| driver::exit_with(&e));
    let rust =
        compile::emit(&file, EmitMode::Binary).unwrap_or_else(|f| driver::exit_with_failure(f));
    if args.emit_rust {
        driver::print_stdout(&rust);
        return;
    }
    if let Err(e) = write_project(&args.program, &rust, &args.out_dir) {
        driver::exit_with(&e);
    }
}

fn write_project(program: &Path, rust: &str, out_dir: &Path) -> driver::Result<()> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(driver::Error::new(format!(
            "`{}` exists and is not a directory",
            out_dir.display()
        )));
    }
    if let Some(file) = out_dir.ancestors().skip(1).find(|a| a.is_file()) {
        return Err(driver::Error::new(format!(
            "cannot create `{}`: `{}` is a file, not a directory",
            out_dir.display(),
            file.display()
        )));
    }
    let spec = ProjectSpec {
        source: program,
        rust,
        package: project::package_name(program),
        bin: project::sanitize(&project::stem(program)),
        runtime_path: "roast-runtime".to_string(),
        release: ReleaseProfile::default(),
    };
    let mut files = project::project_files(&spec);
    files.extend(project::runtime_files(Path::new("roast-runtime")));
    project::write_files(out_dir, &files)
}
