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
//! under its own name. Python exceptions raised by Roast code are panics carrying an
//! `rt::PyException`; `rt::catch(|| f(x))` turns one into a `Result`.

extern crate self as roast_embed;

pub use roast_macros::{roast, roast_file};
pub use roast_runtime as rt;
