// The token form keeps what Rust's tokenizer loses: `//` is floor division, and the comments
// with it stay out of the Rust tokens but in the Roast source.
roast_embed::roast! {
    def halve(n: int) -> int:
        return n // 2  # Python's floor division, not a Rust comment

    def mean_of_halves(xs: list[int]) -> float:
        total = 0
        for x in xs:
            total += x // 2
        return total / len(xs)

    class Counter:
        def __init__(self) -> None:
            self.n = 0

        def bump(self, by: int) -> None:
            self.n += by

    def _private(x: int) -> int:
        return x

    def uses_private(x: int) -> int:
        return _private(x) + 1
}

fn main() {
    assert_eq!(halve(-7), -4);
    assert_eq!(mean_of_halves(&[3, 5]), 1.5);
    let mut c = Counter::new();
    c.bump(2);
    assert_eq!(c.n, 2);
    assert_eq!(uses_private(1), 2);
}
