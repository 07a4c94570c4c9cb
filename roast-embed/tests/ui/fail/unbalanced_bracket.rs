// Rust's tokenizer needs balanced brackets: it stops before the macro runs.
roast_embed::roast! {
    def f(x: int) -> int:
        return (x +
}

fn main() {}
