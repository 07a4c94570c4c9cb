//! Typed HIR: the checked program, every name resolved and every expression typed.

#[derive(Debug, Default)]
pub struct Program {}
