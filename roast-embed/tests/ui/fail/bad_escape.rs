roast_embed::roast! {
    def pattern() -> str:
        return "\d+"
}

fn main() {}
