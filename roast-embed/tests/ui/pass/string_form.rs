// The string form takes what Rust's tokenizer cannot read: '...' strings, f-strings, `\d`.
roast_embed::roast!(r#"
def describe(name: str, xs: list[float]) -> str:
    return f'{name}: {len(xs)} values, max {max(xs):.2f}'


def count_digits(s: str) -> int:
    return len([c for c in s if c in '0123456789']) + len("\d") - 2


# Left out, as when Python imports the module.
if __name__ == "__main__":
    print(describe("t", [1.0]))
"#);

fn main() {
    assert_eq!(describe("t", &[1.0, 2.5]), "t: 2 values, max 2.50");
    assert_eq!(count_digits("a1b22"), 3);
}
