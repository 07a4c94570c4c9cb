roast_embed::roast!(r#"
def fib(n: int) -> int:
    return n if n < 2 else fib(n - 1) + fib(n - 2)

def broken() -> str:
    return fib(30)
"#);

fn main() {}
