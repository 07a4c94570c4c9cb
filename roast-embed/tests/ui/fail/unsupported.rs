roast_embed::roast! {
    def total(xs: list[int]) -> int:
        return sum(xs)

    async def fetch(n: int) -> int:
        return n
}

fn main() {}
