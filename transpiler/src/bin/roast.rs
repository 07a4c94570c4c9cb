//! The `roast` command (placeholder).
fn main() {}
