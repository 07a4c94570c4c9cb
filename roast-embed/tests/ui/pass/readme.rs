// The examples of README.md's `roast!` section.
use roast_embed::roast;

roast! {
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def digits(n: int) -> list[int]:
        out: list[int] = []
        while n > 0:
            out.append(n % 10)
            n = n // 10        # floor division: the macro reads the exact text, `//` is kept
        out.reverse()
        return out
}

roast! {
    @extern
    def friction(v: float) -> float:
        ...

    def slow_down(vs: list[float]) -> None:
        for i in range(len(vs)):
            vs[i] = friction(vs[i])
}

fn friction(v: f64) -> f64 {
    v * 0.9
}

fn main() {
    assert_eq!(fib(30), 832040);
    assert_eq!(digits(90210), vec![9, 0, 2, 1, 0]);
    let mut vs = vec![1.0, 2.0];
    slow_down(&mut vs);
    assert_eq!(vs, vec![0.9, 1.8]);
}
