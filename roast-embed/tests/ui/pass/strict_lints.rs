//! A crate with strict lints: the expansion adds no warning of its own.
#![deny(warnings, missing_docs, unused_results, unused_qualifications, unreachable_pub)]

roast_embed::roast! {
    def mean(xs: list[float]) -> float:
        total = 0.0
        for x in xs:
            total += x
        return total / len(xs)

    class Point:
        def __init__(self, x: float, y: float) -> None:
            self.x = x
            self.y = y
}

fn main() {
    assert_eq!(mean(&[1.0, 2.0]), 1.5);
    assert_eq!(Point::new(1.0, 2.0).y, 2.0);
}
