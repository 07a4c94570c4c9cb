//! Tests for parsing and lowering: snippets in, a compact print of the AST (or the rendered
//! diagnostics) out.

use super::{parse, print};
use crate::source::SourceFile;

fn ast(source: &str) -> String {
    let file = SourceFile::new("test.roast", source);
    let parsed = parse(&file);
    let errors = crate::diagnostics::render(&file, &parsed.diagnostics);
    assert!(parsed.diagnostics.is_empty(), "unexpected diagnostics:\n{errors}");
    print::module(&parsed.module)
}

#[test]
fn smoke() {
    assert_eq!(ast("x = 1\n"), "(= x 1)\n");
}
