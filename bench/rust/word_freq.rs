// HashMap of strings: word frequencies of a generated text.
use std::collections::HashMap;

const SYLLABLES: [&str; 8] = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi"];

fn make_text(n: usize) -> String {
    let mut words = Vec::with_capacity(n);
    let mut seed: u64 = 12345;
    for _ in 0..n {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        let mut s = seed / 65536;
        let len = 1 + s % 3;
        s /= 4;
        let mut word = String::new();
        for _ in 0..len {
            word.push_str(SYLLABLES[(s % 8) as usize]);
            s /= 8;
        }
        words.push(word);
    }
    words.join(" ")
}

fn main() {
    let n: usize = std::env::args().nth(1).map_or(1000000, |s| s.parse().unwrap());
    let text = make_text(n);
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for w in text.split_whitespace() {
        *counts.entry(w).or_insert(0) += 1;
    }
    let mut top: Vec<(&str, u64)> = counts.iter().map(|(&w, &c)| (w, c)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("{} chars, {} distinct words", text.chars().count(), counts.len());
    for (w, c) in &top[..5] {
        println!("{:>8} {}", w, c);
    }
}
