// Inside a function body: the items are local to the block.
fn main() {
    roast_embed::roast! {
        def square(x: int) -> int:
            return x * x
    }
    assert_eq!(square(7), 49);
}
