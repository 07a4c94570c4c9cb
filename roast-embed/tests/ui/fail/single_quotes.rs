roast_embed::roast! {
    def greet(name: str) -> str:
        return 'hello' + name
}

fn main() {}
