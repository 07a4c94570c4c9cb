// Two invocations in one module, and one in a nested module, each with its own items.
use roast_embed::roast;

roast! {
    def one() -> int:
        return 1
}

roast! {
    def two() -> int:
        return 2
}

mod inner {
    roast_embed::roast!("def three() -> int:\n    return 3\n");
}

fn main() {
    assert_eq!(one() + two() + inner::three(), 6);
}
