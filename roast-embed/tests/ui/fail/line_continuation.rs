roast_embed::roast! {
    def total(a: int, b: int) -> int:
        return a + \
            b
}

fn main() {}
