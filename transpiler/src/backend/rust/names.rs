//! Rust names for Roast names: keywords become raw identifiers, and a user function named
//! `main` is renamed so it cannot clash with the binary's entry point.

use crate::hir;

const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "box",
    "break",
    "const",
    "continue",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "priv",
    "pub",
    "ref",
    "return",
    "static",
    "struct",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "union",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
    "abstract",
    "become",
    "do",
    "final",
    "override",
    "macro_rules",
];

/// Names that cannot even be raw identifiers.
const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_", "rt", "__main__"];

pub fn ident(name: &str) -> String {
    if RESERVED.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

pub fn function_name(name: &str) -> String {
    if name == "main" {
        "main_".to_string()
    } else {
        ident(name)
    }
}

/// Rust names for a function's locals: a Python name given values of two types (two locals)
/// gets a numbered second name, so each Rust binding keeps one type.
pub fn local_names(f: &hir::Function) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    f.locals
        .iter()
        .map(|l| {
            if l.scoped {
                return ident(&l.name);
            }
            let n = seen.entry(l.name.as_str()).or_insert(0);
            *n += 1;
            if *n == 1 {
                ident(&l.name)
            } else {
                format!("{}_{}", l.name, n)
            }
        })
        .collect()
}

/// Names from Rust's prelude (and the runtime alias) that a user class must not shadow.
const PRELUDE_TYPES: &[&str] = &[
    "Vec",
    "String",
    "Option",
    "Some",
    "None",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Self",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "IntoIterator",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Send",
    "Sized",
    "Sync",
    "ToString",
    "ToOwned",
    "Debug",
    "Hash",
    "Display",
    "Extend",
    "FromIterator",
    "AsRef",
    "AsMut",
];

/// The Rust name of a user class.
pub fn type_name(name: &str) -> String {
    if PRELUDE_TYPES.contains(&name) {
        format!("{name}_")
    } else {
        ident(name)
    }
}

/// The Rust name of module-level constant `index`: upper case, as Rust's constants are (and so
/// that no local or pattern can clash with it), made unique among the program's globals.
pub fn global_name(program: &hir::Program, index: usize) -> String {
    // A class constant `Deck.SUITS` becomes `DECK_SUITS`.
    let upper = |n: &str| n.to_uppercase().replace('.', "_");
    let Some(g) = program.globals.get(index) else {
        return String::new();
    };
    let name = upper(&g.name);
    let clash = program
        .globals
        .iter()
        .enumerate()
        .any(|(i, other)| i != index && upper(&other.name) == name);
    if clash && g.name != name {
        format!("{name}_{index}")
    } else {
        ident(&name)
    }
}
