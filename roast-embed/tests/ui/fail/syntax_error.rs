roast_embed::roast! {
    def f(x: int) -> int
        return x + 1
}

fn main() {}
