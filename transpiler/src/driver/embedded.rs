//! The runtime crate's sources and the project templates, built into the compiler (see
//! `transpiler/build.rs`), so a generated project needs nothing from this repository.

include!(concat!(env!("OUT_DIR"), "/embedded_runtime.rs"));

/// The generated project's `Cargo.toml`, with `{{placeholders}}`.
pub const CARGO_TOML: &str = include_str!("../../../templates/Cargo.toml.tmpl");
/// The generated project's `.gitignore`.
pub const GITIGNORE: &str = include_str!("../../../templates/gitignore.tmpl");
/// The first line of a generated `src/main.rs`.
pub const MAIN_RS_HEADER: &str = include_str!("../../../templates/main.rs.header.tmpl");

/// Fills `{{name}}` placeholders. Every placeholder in the template must be given a value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    debug_assert!(
        !out.contains("{{"),
        "unfilled placeholder in template: {out}"
    );
    out
}
