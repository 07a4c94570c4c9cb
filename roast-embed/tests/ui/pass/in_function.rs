// Inside a function body: the items are local to the block.
fn main() {
    roast_embed::roast! {
        def square(x: int) -> int:
            return x * x

        def root(x: int) -> int:
            if x < 0:
                raise ValueError("negative")
            r = 0
            while (r + 1) * (r + 1) <= x:
                r += 1
            return r
    }
    assert_eq!(square(7), 49);
    assert_eq!(root(50), Ok(7));
    assert!(root(-1).is_err());
}
