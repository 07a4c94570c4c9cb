//! The tree-sitter grammar for Roast, a statically typed subset of Python 3.
//!
//! The grammar parses the whole Python 3.11 statement and expression language
//! (plus PEP 695 type parameters), so that the compiler can reject what Roast
//! does not support by name rather than with a syntax error. Node kinds and
//! field names follow tree-sitter-python's conventions.
//!
//! ```
//! let mut parser = tree_sitter::Parser::new();
//! parser
//!     .set_language(&tree_sitter_roast::LANGUAGE.into())
//!     .expect("the grammar's ABI matches the runtime");
//! let tree = parser.parse("x: int = 1\n", None).expect("a tree");
//! assert!(!tree.root_node().has_error());
//! ```

use tree_sitter_language::LanguageFn;

#[allow(unsafe_code)]
extern "C" {
    fn tree_sitter_roast() -> *const ();
}

/// The tree-sitter [`LanguageFn`] for Roast.
#[allow(unsafe_code)]
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_roast) };

/// The content of the [`node-types.json`] file for this grammar.
///
/// [`node-types.json`]: https://tree-sitter.github.io/tree-sitter/using-parsers/6-static-node-types
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// The syntax highlighting query for this grammar.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

#[cfg(test)]
mod tests {
    #[test]
    fn can_load_grammar() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&super::LANGUAGE.into())
            .expect("Error loading Roast parser");
    }
}
