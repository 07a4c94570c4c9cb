roast_embed::roast! {
    def total(xs: list[int]) -> int:
        # it's the sum
        return sum(xs)
}

fn main() {}
