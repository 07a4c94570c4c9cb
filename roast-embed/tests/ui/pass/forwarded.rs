// Tokens forwarded by a `macro_rules!`: the invocation's text is the forwarding macro's, so the
// source is re-read from this file (the `//` on the last line is kept).
macro_rules! forward {
    ($($code:tt)*) => {
        roast_embed::roast! { $($code)* }
    };
}

forward! {
    def halve(n: int) -> int:
        return n // 2
}

fn main() {
    assert_eq!(halve(7), 3);
}
