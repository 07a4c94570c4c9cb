//! Roast inside Rust code: the one dependency a crate adds to write Roast in it.
//!
//! ```
//! roast_embed::roast! {
//!     def fib(n: int) -> int:
//!         return n if n < 2 else fib(n - 1) + fib(n - 2)
//! }
//! fn main() {
//!     assert_eq!(fib(30), 832040);
//! }
//! ```
//!
//! The macros come from `roast-macros`; their expansions call the runtime as
//! `::roast_embed::rt` (re-exported here), so they work from any crate that depends on this one
//! under its own name. A Roast function that raises returns `Result<T, rt::PyException>`; in
//! the others a Python error is a panic carrying an `rt::PyException`, which
//! `rt::catch(|| f(x))` turns into a `Result`.

extern crate self as roast_embed;

pub use roast_macros::{roast, roast_file};
pub use roast_runtime as rt;
