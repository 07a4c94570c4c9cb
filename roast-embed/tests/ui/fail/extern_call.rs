// Calls to an `@extern` function are checked against its Roast signature.
roast_embed::roast! {
    @extern
    def lookup(key: str) -> int:
        ...

    def twice(key: str) -> int:
        return lookup(key) + lookup(2)
}

fn lookup(key: &str) -> i64 {
    key.len() as i64
}

fn main() {}
