// Rust reads `'hello '` as an unterminated character literal and stops before the macro runs:
// rustc reports it alone (use the string form for such code).
roast_embed::roast! {
    def greet(name: str) -> str:
        return 'hello ' + name
}

fn main() {}
