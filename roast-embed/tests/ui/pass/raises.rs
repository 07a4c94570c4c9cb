// A function that raises (itself or through a function it calls) returns a `Result` to Rust.
roast_embed::roast! {
    def withdraw(balances: list[int], i: int, amount: int) -> None:
        if balances[i] < amount:
            raise ValueError("insufficient funds")
        balances[i] -= amount

    def checked_div(a: int, b: int) -> int:
        if b == 0:
            raise ZeroDivisionError("b is zero")
        return a // b

    def half(a: int) -> int:
        return checked_div(a, 2)

    def plain(xs: list[int]) -> int:
        return xs[3]
}

fn main() {
    let mut b = vec![10, 5];
    assert!(withdraw(&mut b, 0, 3).is_ok());
    assert_eq!(b, vec![7, 5]);
    let e = withdraw(&mut b, 1, 6).unwrap_err();
    assert_eq!(e.to_string(), "ValueError: insufficient funds");
    assert_eq!(checked_div(7, 0).unwrap_err().to_string(), "ZeroDivisionError: b is zero");
    assert_eq!(half(9), Ok(4));
    // Not raising: a plain signature, and a Python error in it is a panic.
    let e = roast_embed::rt::catch(|| plain(&[1])).unwrap_err();
    assert_eq!(e.to_string(), "IndexError: list index out of range");
}
