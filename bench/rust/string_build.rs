// String building: format!, join, push_str, and a scan over the characters.
use std::fmt::Write;

fn main() {
    let n: usize = std::env::args().nth(1).map_or(1000000, |s| s.parse().unwrap());
    let parts: Vec<String> = (0..n).map(|i| format!("{}:{};", i, i * i % 97)).collect();
    let s = parts.concat();
    let (mut separators, mut digits) = (0, 0);
    for ch in s.chars() {
        if ch == ';' {
            separators += 1;
        } else if ch.is_ascii_digit() {
            digits += 1;
        }
    }
    let mut acc = String::new();
    for i in 0..n {
        write!(acc, "{}", i % 10).unwrap();
    }
    println!("{} {} {} {}", s.chars().count(), separators, digits, s.matches('7').count());
    let tail: String = acc.chars().skip(acc.chars().count().saturating_sub(12)).collect();
    println!("{} {}", acc.chars().count(), tail);
}
