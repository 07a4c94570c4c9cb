//! The Roast compiler as a library: statically typed Python in, idiomatic Rust out.
//!
//! The pipeline is a chain of types, and this library does no IO:
//! `syntax::parse → Parsed`, `types::check_module → hir::Program`,
//! `ownership::infer → Ownership` (together: `check → Result<Checked, Vec<Diagnostic>>`), then
//! `backend::rust::emit`. Only the front end can fail on
//! user input; a failure after checking is a Roast bug and is reported as one.

pub mod backend;
pub mod diagnostics;
mod embed;
pub mod hir;
pub mod mir;
pub mod modules;
pub mod ownership;
pub mod source;
pub mod syntax;
pub mod types;

pub use diagnostics::{Code, Diagnostic};
pub use embed::{emit_embedded, Embedded};
pub use source::{SourceFile, Span};

/// How the generated Rust is packaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EmitMode {
    /// A whole `main.rs`: the program's items and `fn main() { rt::run(__main__) }`.
    #[default]
    Binary,
    /// The program's items and `pub fn __main__()`, to be a module of a larger crate (the test
    /// harness compiles many programs as modules of one binary).
    Module,
    /// Items only, for `roast!` (see `emit_embedded`): no `use` of the runtime (the embedder
    /// brings `rt` into scope), no `__main__`, and the top-level functions whose names do not
    /// start with `_` are `pub`.
    Embed,
}

#[derive(Clone, Debug, Default)]
pub struct EmitOptions {
    pub mode: EmitMode,
}

/// A program that passed every front-end check, ownership included: it will compile.
#[derive(Debug)]
pub struct Checked {
    pub program: hir::Program,
    pub ownership: ownership::Ownership,
    /// Warnings found on the way (errors would have stopped checking).
    pub warnings: Vec<Diagnostic>,
}

/// Parses, type-checks and infers ownership: every diagnostic a user can get comes from here.
/// A single file: imports of other `.roast` modules are not found (see `check_with`).
pub fn check(file: &SourceFile) -> Result<Checked, Vec<Diagnostic>> {
    check_with(file, &|_| None)
}

/// `check`, with `loader` finding the modules the program imports (`from helpers import f`).
pub fn check_with(
    file: &SourceFile,
    loader: modules::Loader<'_>,
) -> Result<Checked, Vec<Diagnostic>> {
    let checked = check_any(file, loader, false)?;
    let externs = embed::externs_outside_rust(&checked.program);
    if externs.is_empty() {
        Ok(checked)
    } else {
        Err(externs)
    }
}

/// `check_with`, `@extern` functions allowed; `embedded` code is a module that Rust imports, so
/// its `if __name__ == "__main__":` blocks are left out, as Python leaves them out on import.
fn check_any(
    file: &SourceFile,
    loader: modules::Loader<'_>,
    embedded: bool,
) -> Result<Checked, Vec<Diagnostic>> {
    let mut parsed = syntax::parse(file);
    if embedded {
        parsed.module.body.retain(|s| !modules::is_main_guard(s));
    }
    let mut diags = parsed.diagnostics;
    let has_errors =
        |d: &[Diagnostic]| d.iter().any(|d| d.severity == diagnostics::Severity::Error);
    let mut module = modules::link(parsed.module, loader, &mut diags);
    types::generic_classes::expand(&mut module, &mut diags);
    let mut program = types::check_module(&module, &mut diags);
    if has_errors(&diags) {
        diagnostics::sort(&mut diags);
        return Err(diags);
    }
    let ownership = ownership::infer(&mut program, &mut diags);
    diagnostics::sort(&mut diags);
    if has_errors(&diags) {
        return Err(diags);
    }
    Ok(Checked {
        program,
        ownership,
        warnings: diags,
    })
}

/// The whole pipeline: source to formatted Rust.
pub fn emit_rust(file: &SourceFile, options: &EmitOptions) -> Result<String, Vec<Diagnostic>> {
    emit_rust_with(file, options, &|_| None)
}

/// `emit_rust`, with `loader` finding imported modules.
pub fn emit_rust_with(
    file: &SourceFile,
    options: &EmitOptions,
    loader: modules::Loader<'_>,
) -> Result<String, Vec<Diagnostic>> {
    let checked = check_with(file, loader)?;
    backend::rust::emit(&checked.program, &checked.ownership, options).map_err(|d| vec![d])
}

/// How far `compile_bytes` takes a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Parsing and lowering to the AST (`syntax::parse`); the output is the AST, printed.
    Parse,
    /// Everything `roast check` does: parsing, types, ownership; the output is empty.
    Check,
    /// Everything `roast emit` does: the output is the generated `main.rs`.
    Emit,
}

/// The front door for untrusted input (the fuzz targets, `transpiler/tests/robustness.rs`): any
/// bytes in, output or diagnostics out, never a panic. Bytes that are not UTF-8 are an `E0001`
/// pointing at the first invalid byte (the text is decoded lossily, so the caret can show it).
/// Imports of other `.roast` modules are not found. Returns the file, to render the
/// diagnostics with `diagnostics::render`.
///
/// Stack: the front end bounds nesting first (CPython's 99 indented blocks and 200 brackets,
/// then 500 nested expressions and blocks, 2,000 `elif`s; see `fuzz/README.md`), and every later
/// stage's recursion is bounded by that; the `roast` binary runs this on a thread with a
/// `COMPILER_STACK_SIZE` stack, and so should other callers.
pub fn compile_bytes(
    name: &str,
    bytes: &[u8],
    stage: Stage,
) -> (SourceFile, Result<String, Vec<Diagnostic>>) {
    let file = SourceFile::new(name, String::from_utf8_lossy(bytes).into_owned());
    if let Err(e) = std::str::from_utf8(bytes) {
        // The lossy text is identical up to the first invalid byte, which became U+FFFD.
        let at = e.valid_up_to();
        let diag = Diagnostic::error(
            Code::Syntax,
            "the source is not valid UTF-8",
            Span::new(at, at + '\u{FFFD}'.len_utf8()),
            "invalid byte here (shown as \u{FFFD})",
        )
        .with_help(
            "Roast source must be UTF-8, as Python's is by default: re-save the file as UTF-8",
        );
        return (file, Err(vec![diag]));
    }
    let result = match stage {
        Stage::Parse => {
            let parsed = syntax::parse(&file);
            if parsed
                .diagnostics
                .iter()
                .any(|d| d.severity == diagnostics::Severity::Error)
            {
                Err(parsed.diagnostics)
            } else {
                Ok(syntax::print::module(&parsed.module))
            }
        }
        Stage::Check => check(&file).map(|_| String::new()),
        Stage::Emit => emit_rust(&file, &EmitOptions::default()),
    };
    (file, result)
}

/// The stack the compiler runs on in the `roast` binary (and should elsewhere): deep enough for
/// the recursion that `MAX_DEPTH` allows, in debug builds too.
pub const COMPILER_STACK_SIZE: usize = 256 << 20;
