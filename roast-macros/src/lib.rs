//! `roast!` and `roast_file!`: Roast code inside a Rust crate, compiled to ordinary Rust items
//! (`fn fib(n: i64) -> i64`, `pub struct` + `impl` for a class) while the crate builds, through
//! the same compiler library and Rust backend as `roast2rs`.
//!
//! Use these through the `roast-embed` crate: the expansions call the runtime as
//! `::roast_embed::rt`, which a proc-macro crate cannot export itself.
//!
//! - `roast! { ... }`: Roast between braces. The exact text (`//`, comments and strings
//!   included) comes from the compiler's copy of the invocation, or from the invoking file;
//!   Python that Rust's tokenizer rejects (`'abc'`, `f"..."`, `"\d"`, `\` continuations)
//!   needs one of the other two forms.
//! - `roast!(r#"..."#)`: any Roast source in a string.
//! - `roast_file!("src/algo.roast")`: a file, relative to the crate's `Cargo.toml`.
//!
//! Top-level functions whose names do not start with `_`, and classes, are `pub`; a function
//! that raises returns `Result<T, rt::PyException>` to Rust; a function
//! declared `@extern` with `...` as its body is implemented by the Rust function of the same
//! name in the invoking module. Top-level statements are rejected (nothing runs by itself).
//! Roast errors become `compile_error!`s rendered as `roast check` renders them.

extern crate proc_macro;

mod compile;
mod expand;
mod recover;
mod tokens;

use proc_macro::TokenStream;

/// Roast code, between braces or as one string literal, compiled to Rust items.
#[proc_macro]
pub fn roast(input: TokenStream) -> TokenStream {
    expand::roast(input)
}

/// A `.roast` file, relative to the crate's `Cargo.toml`, compiled to Rust items.
#[proc_macro]
pub fn roast_file(input: TokenStream) -> TokenStream {
    expand::roast_file(input)
}
