//! Roast inside a Rust crate: the three forms of the macro, Rust calling Roast and Roast calling
//! Rust (`@extern`). Run it with `cargo run -p roast-embed-example`.

use roast_embed::{roast, roast_file};

// 1. The token form: Roast between braces. The macro reads the exact text, so `//` (floor
//    division) and `#` comments are kept exactly as written.
roast! {
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def digits(n: int) -> list[int]:
        out: list[int] = []
        while n > 0:
            out.append(n % 10)  # the last digit
            n = n // 10
        out.reverse()
        return out

    class Particle:
        def __init__(self, x: float, v: float) -> None:
            self.x = x
            self.v = v

        def step(self, dt: float) -> None:
            self.x += self.v * dt

    # Implemented in Rust, below: Roast checks the calls against this signature.
    @extern
    def friction(v: float) -> float:
        ...

    def simulate(ps: list[Particle], steps: int) -> None:
        for _ in range(steps):
            for p in ps:
                p.v = friction(p.v)
                p.step(0.1)
}

// 2. The string form: any Roast source, including what Rust's tokenizer rejects ('...'
//    strings, f-strings, `\d`).
roast!(
    r#"
def word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in text.lower().split():
        w = w.strip('.,!?')
        counts[w] = counts.get(w, 0) + 1
    return counts


def parse_port(s: str) -> int:
    n = int(s)
    if n < 1 or n > 65535:
        raise ValueError(f"port out of range: {n}")
    return n


def banner(name: str, width: int) -> str:
    return f"[{name:^{width}}]"
"#
);

// 3. A file, relative to this crate's Cargo.toml.
roast_file!("src/stats.roast");

/// Called from the Roast `simulate` (declared there with `@extern`).
fn friction(v: f64) -> f64 {
    v * 0.9
}

/// Called from `stats.roast`: the weight of the `i`-th sample.
fn weight(i: i64) -> f64 {
    1.0 / (i + 1) as f64
}

fn main() {
    println!("fib(30) = {}", fib(30));
    println!("digits(90210) = {:?}", digits(90210));

    let mut ps = vec![Particle::new(0.0, 1.0), Particle::new(1.0, -2.0)];
    simulate(&mut ps, 10);
    for p in &ps {
        println!("particle at x = {:.4}, v = {:.4}", p.x, p.v);
    }

    let counts = word_counts("The cat saw the other cat. The end!");
    for (word, n) in counts.iter() {
        println!("{word}: {n}");
    }
    println!("{}", banner("roast", 11));
    for s in ["80", "x", "70000"] {
        // `parse_port` raises, so Rust sees `Result<i64, rt::PyException>`.
        match parse_port(s) {
            Ok(port) => println!("port {port}"),
            Err(e) => println!("bad port {s:?}: {e}"),
        }
    }

    let mut xs = vec![2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
    println!("mean = {}, stddev = {}", mean(&xs), stddev(&xs));
    println!("weighted mean = {:.4}", weighted_mean(&xs));
    center(&mut xs);
    println!("centered = {xs:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use roast_embed::rt;

    #[test]
    fn roast_from_rust() {
        assert_eq!(fib(20), 6765);
        assert_eq!(digits(1203), vec![1, 2, 0, 3]);
        assert_eq!(word_counts("a b a").get("a"), Some(&2));
        assert_eq!(banner("x", 3), "[ x ]");
        assert_eq!(parse_port("8080"), Ok(8080));
        // A function that does not raise is plain; its Python exceptions are panics.
        let e = rt::catch(|| digits(10)[5]).unwrap_err();
        assert_eq!(e.to_string(), "IndexError: list index out of range");
        let e = parse_port("0").unwrap_err();
        assert_eq!(e.to_string(), "ValueError: port out of range: 0");
    }

    #[test]
    fn rust_from_roast() {
        let mut ps = vec![Particle::new(0.0, 1.0)];
        simulate(&mut ps, 1);
        assert!((ps[0].v - 0.9).abs() < 1e-12);
        assert!((weighted_mean(&[1.0, 3.0]) - (1.0 + 1.5) / 1.5).abs() < 1e-12);
        let mut xs = vec![1.0, 3.0];
        center(&mut xs);
        assert_eq!(xs, vec![-1.0, 1.0]);
    }
}
