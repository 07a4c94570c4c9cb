roast_embed::roast! {
    def greet(name: str) -> str:
        return f"hello {name}"
}

fn main() {}
