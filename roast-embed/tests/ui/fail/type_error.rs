roast_embed::roast! {
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def broken() -> int:
        return fib("thirty")
}

fn main() {}
