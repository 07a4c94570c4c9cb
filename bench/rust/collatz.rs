// Integer loops: the longest Collatz chain for a start below a limit.
fn chain_length(start: u64) -> u64 {
    let mut n = start;
    let mut steps = 1;
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}

fn main() {
    let limit: u64 = std::env::args().nth(1).map_or(200000, |s| s.parse().unwrap());
    let (mut best, mut best_len, mut total) = (1, 1, 0);
    for start in 1..limit {
        let len = chain_length(start);
        total += len;
        if len > best_len {
            best = start;
            best_len = len;
        }
    }
    println!("below {}: {} has {} terms; {} terms in all", limit, best, best_len, total);
}
