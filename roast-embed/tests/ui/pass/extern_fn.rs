// Roast calls Rust: an `@extern` function is the Rust function of the same name in scope.
roast_embed::roast! {
    @extern
    def scale(x: float, label: str, xs: list[int]) -> float:
        ...

    def total(xs: list[int]) -> float:
        return scale(2.0, "total", xs) + scale(1.0, "again", xs)
}

fn scale(x: f64, label: &str, xs: &[i64]) -> f64 {
    assert!(!label.is_empty());
    x * xs.iter().sum::<i64>() as f64
}

fn main() {
    assert_eq!(total(&vec![1, 2]), 9.0);
}
