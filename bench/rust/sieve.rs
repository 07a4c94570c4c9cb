// Integer loops over a Vec<bool>: the sieve of Eratosthenes, repeated.
fn sieve(n: usize) -> Vec<bool> {
    let mut flags = vec![true; n + 1];
    flags[0] = false;
    flags[1] = false;
    let mut p = 2;
    while p * p <= n {
        if flags[p] {
            for m in (p * p..=n).step_by(p) {
                flags[m] = false;
            }
        }
        p += 1;
    }
    flags
}

fn main() {
    let n: usize = std::env::args().nth(1).map_or(5000000, |s| s.parse().unwrap());
    let (mut count, mut total, mut last) = (0u64, 0u64, 0usize);
    for rep in 0..3 {
        let flags = sieve(n - rep);
        count = 0;
        total = 0;
        for (i, _) in flags.iter().enumerate().filter(|(_, &f)| f) {
            count += 1;
            total += i as u64;
            last = i;
        }
    }
    println!("{} primes up to {}, sum {}, largest {}", count, n - 2, total, last);
}
