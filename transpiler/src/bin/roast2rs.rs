//! The `roast2rs` command (placeholder).
fn main() {}
