//! HIR → MIR.

use crate::hir;

pub fn lower(_program: &hir::Program) -> super::Program {
    super::Program::default()
}
