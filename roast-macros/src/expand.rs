//! The three forms of the macro, from input tokens to the expansion: the Rust items in a hidden
//! module that sees the invoking module (`use super::*`, so `@extern` functions find their Rust
//! implementations) and the runtime (`use ::roast_embed::rt`), re-exported with `pub use`.

use crate::compile::{self, Failure};
use crate::recover::{self, Lines};
use crate::tokens::{self, Leaf};
use proc_macro::TokenStream;
use proc_macro2::{Span as Span2, TokenStream as TokenStream2};
use quote::ToTokens;
use roast::Embedded;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

/// `roast! { ... }` and `roast!("...")`.
pub fn roast(input: TokenStream) -> TokenStream {
    let mut trees = input.clone().into_iter();
    let single = match (trees.next(), trees.next()) {
        (Some(proc_macro::TokenTree::Literal(lit)), None) => Some(lit),
        _ => None,
    };
    let out = match single {
        Some(lit) if lit.to_string().contains('"') => string_form(lit),
        _ => token_form(input),
    };
    out.into()
}

fn error(span: Span2, message: impl std::fmt::Display) -> TokenStream2 {
    syn::Error::new(span, message).to_compile_error()
}

fn token_form(input: TokenStream) -> TokenStream2 {
    let leaves = tokens::flatten(input);
    let Some(first) = leaves.first() else {
        return TokenStream2::new();
    };
    let Some(source) = recover::recover(&leaves) else {
        return error(
            Span2::call_site(),
            "roast!: cannot recover the Roast source",
        );
    };
    let limits = recover::tokenizer_limits(&leaves, &source);
    if !limits.is_empty() {
        return limits
            .into_iter()
            .map(|(span, what)| {
                error(
                    span.into(),
                    format!(
                        "Rust's tokenizer cannot read {what} inside `roast! {{ ... }}`\n\
                         help: write this Roast code as a string, `roast!(r#\"...\"#)`, \
                         or in a file, `roast_file!(\"src/code.roast\")`: both take any Roast source"
                    ),
                )
            })
            .collect();
    }
    let name = first.span.file();
    let mut read = Vec::new();
    match compile::compile(&name, &source, &mut read) {
        Ok(rust) => wrap(&rust, (&name, first.start), &read),
        Err(failures) => failures
            .into_iter()
            .map(|f| token_error(&leaves, &f))
            .collect(),
    }
}

/// A Roast error at the tokens it is about (rustc underlines them).
fn token_error(leaves: &[Leaf], f: &Failure) -> TokenStream2 {
    let Some((start, end)) = tokens::locate(leaves, f.from, f.to) else {
        return error(Span2::call_site(), &f.message);
    };
    // `new_spanned` underlines from its tokens' first span to their last.
    let marker = |span: proc_macro::Span| {
        let mut p = proc_macro2::Punct::new('#', proc_macro2::Spacing::Alone);
        p.set_span(span.into());
        proc_macro2::TokenTree::Punct(p)
    };
    let tokens: TokenStream2 = [marker(start), marker(end)].into_iter().collect();
    syn::Error::new_spanned(tokens, &f.message).to_compile_error()
}

fn string_form(lit: proc_macro::Literal) -> TokenStream2 {
    let span = lit.span();
    let text = lit.to_string();
    let parsed: syn::LitStr = match syn::parse_str(&text) {
        Ok(s) => s,
        Err(_) => {
            return error(
                span.into(),
                "roast! takes Roast code: between braces, `roast! { ... }`, or as a string, `roast!(r#\"...\"#)`",
            )
        }
    };
    let value = parsed.value();
    // Where the string's contents start on its line: after `r#"`, `"`, ...
    let quote = text.find('"').unwrap_or(0) + 1;
    let start = span.start();
    let col = start.column().saturating_sub(1) + quote;
    let mut lines: Vec<String> = value.lines().map(str::to_string).collect();
    if let Some(l) = lines.first_mut() {
        *l = format!("{}{l}", " ".repeat(col));
    }
    let source = Lines {
        first_line: start.line(),
        lines,
        exact: true,
        file: span.local_file(),
        in_string: true,
    };
    let name = span.file();
    let mut read = Vec::new();
    match compile::compile(&name, &source, &mut read) {
        Ok(rust) => wrap(&rust, (&name, (start.line(), col)), &read),
        Err(failures) => failures
            .into_iter()
            .map(|f| error(span.into(), &f.message))
            .collect(),
    }
}

/// `roast_file!("src/algo.roast")`: a file relative to the crate's `Cargo.toml`.
pub fn roast_file(input: TokenStream) -> TokenStream {
    let lit: syn::LitStr = match syn::parse(input) {
        Ok(l) => l,
        Err(e) => return e.to_compile_error().into(),
    };
    let rel = lit.value();
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    let path = dir.join(&rel);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            return error(
                lit.span(),
                format!("roast_file!: cannot read `{}`: {e}", path.display()),
            )
            .into()
        }
    };
    let source = Lines {
        first_line: 1,
        lines: text.lines().map(str::to_string).collect(),
        exact: true,
        file: Some(path.clone()),
        in_string: false,
    };
    let mut read = vec![path.clone()];
    let out = match compile::compile(&rel, &source, &mut read) {
        Ok(rust) => wrap(&rust, (&rel, (0, 0)), &read),
        Err(failures) => failures
            .into_iter()
            .map(|f| error(lit.span(), &f.message))
            .collect(),
    };
    out.into()
}

/// The items in a hidden module named after where the code is, re-exported; for each function
/// that raises, a wrapper returning `Result` (in `__api` inside it) is re-exported instead.
fn wrap(code: &Embedded, (file, at): (&str, (usize, usize)), read: &[PathBuf]) -> TokenStream2 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (file, at).hash(&mut h);
    let module = format!("__roast_{:016x}", h.finish());
    // `include_bytes!` of the files read makes cargo rebuild when one changes.
    let tracked: String = read
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .map(|p| {
            format!(
                "const _: &[u8] = include_bytes!({:?});\n",
                p.display().to_string()
            )
        })
        .collect();
    let (api, names) = match result_wrappers(code) {
        Ok(w) => w,
        Err(e) => return internal(e),
    };
    let rust = &code.rust;
    let text = format!(
        "#[doc(hidden)]\n\
         #[allow(warnings, unused, missing_docs, missing_debug_implementations, unreachable_pub, unused_results, unused_qualifications, clippy::all, clippy::pedantic, clippy::nursery)]\n\
         mod {module} {{\n\
         use super::*;\n\
         use ::roast_embed::rt;\n\
         {tracked}{rust}\n\
         pub mod __api {{\n\
         use super::*;\n\
         {api}\n\
         }}\n\
         }}\n\
         #[allow(unused_imports)]\n\
         pub use {module}::*;\n\
         #[allow(unused_imports)]\n\
         pub use {module}::__api::{{{names}}};\n"
    );
    match text.parse() {
        Ok(ts) => ts,
        Err(e) => internal(e),
    }
}

fn internal(e: impl std::fmt::Display) -> TokenStream2 {
    error(
        Span2::call_site(),
        format!("internal error: this is a Roast bug: the expansion is not valid Rust ({e})"),
    )
}

/// For each function that raises, `pub fn f(..) -> Result<T, rt::PyException>` calling the
/// function (`super::f`) under `rt::catch`: the wrappers, and their names for the `pub use`.
fn result_wrappers(code: &Embedded) -> syn::Result<(String, String)> {
    if code.raising.is_empty() {
        return Ok((String::new(), String::new()));
    }
    let file = syn::parse_file(&code.rust)?;
    let mut wrappers = String::new();
    let mut names = Vec::new();
    for item in &file.items {
        let syn::Item::Fn(f) = item else { continue };
        let name = f.sig.ident.to_string();
        if !code.raising.contains(&name) {
            continue;
        }
        let mut params = Vec::new();
        let mut args = Vec::new();
        for input in &f.sig.inputs {
            let syn::FnArg::Typed(p) = input else {
                continue;
            };
            let syn::Pat::Ident(pat) = &*p.pat else {
                continue;
            };
            params.push(format!("{}: {}", pat.ident, p.ty.to_token_stream()));
            args.push(pat.ident.to_string());
        }
        let ret = match &f.sig.output {
            syn::ReturnType::Default => "()".to_string(),
            syn::ReturnType::Type(_, t) => t.to_token_stream().to_string(),
        };
        wrappers.push_str(&format!(
            "/// `{name}` under `rt::catch`: a Python exception it raises is the `Err`.\n\
             pub fn {name}({}) -> ::core::result::Result<{ret}, rt::PyException> {{\n\
             rt::catch(|| super::{name}({}))\n}}\n",
            params.join(", "),
            args.join(", ")
        ));
        names.push(name);
    }
    Ok((wrappers, names.join(", ")))
}
