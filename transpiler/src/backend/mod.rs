//! Backends: MIR → Rust source (and later, MIR → Cranelift).

pub mod rust;
