//! MIR → Rust source via syn/quote and prettyplease.

use crate::{mir, EmitMode, EmitOptions};

/// Placeholder until the backend lands: a program that prints a greeting.
pub fn emit(_program: &mir::Program, options: &EmitOptions) -> String {
    let body = "use roast_runtime as rt;\n\npub fn __main__() {\n    rt::print(&[&\"hello from roast\"]);\n}\n";
    match options.mode {
        EmitMode::Module => body.to_string(),
        EmitMode::Binary => format!("{body}\nfn main() {{\n    rt::run(__main__);\n}}\n"),
    }
}
