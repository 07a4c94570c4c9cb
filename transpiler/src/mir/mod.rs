//! MIR: typed, monomorphic, structured control flow, explicit moves/borrows/clones.

pub mod build;

#[derive(Debug, Default)]
pub struct Program {}
