//! Roast's runtime: what generated Rust calls at run time.
