//! MIR: the typed program as functions of basic blocks, lowered from the HIR for the JIT.
//!
//! `syntax.rs` holds the data types (and the invariants every pass keeps), `build.rs` the
//! lowering of functions and statements (`try` included), `expr.rs` of expressions, `loops.rs` of
//! `for` loops and comprehensions, `keys.rs` of `key=` functions, `lift.rs` of lambdas and
//! functions as values, `print.rs` a text form for tests and debugging (`roast-jit --mir`),
//! `verify.rs` the checks.
//! No machine code here: backends (the Cranelift JIT in the `roast-jit` crate) read the MIR.
//!
//! The lowering covers a subset of the language that grows; a program outside it is
//! `Unsupported`, with the construct and its span, before anything runs.

mod build;
mod expr;
mod keys;
mod lift;
mod loops;
mod print;
mod syntax;
mod verify;

pub use build::{lower, Unsupported};
pub use print::print;
pub use syntax::*;
pub use verify::verify;
