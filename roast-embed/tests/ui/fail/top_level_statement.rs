roast_embed::roast! {
    def double(x: int) -> int:
        return 2 * x

    print(double(21))
}

fn main() {}
