// Sorting with a key: stable sorts of records (by reference) and of strings.
fn main() {
    let n: usize = std::env::args().nth(1).map_or(300000, |s| s.parse().unwrap());
    let mut seed: u64 = 7;
    let records: Vec<(String, u64)> = (0..n)
        .map(|_| {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            (format!("user{}", seed % 50000), seed % 1000)
        })
        .collect();
    let mut checksum = 0;
    let mut by_score: Vec<&(String, u64)> = Vec::new();
    let mut by_name: Vec<&(String, u64)> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for rnd in 0..3 {
        by_score = records.iter().collect();
        by_score.sort_by_key(|r| r.1);
        by_name = records.iter().collect();
        by_name.sort_by(|a, b| b.0.cmp(&a.0));
        names = records.iter().map(|r| r.0.as_str()).collect();
        names.sort_by_key(|s| s.chars().count());
        checksum = (checksum
            + by_score[n / 3].1 as usize
            + by_name[rnd].0.chars().count()
            + names[n - 1].chars().count())
            % 1000003;
    }
    let show = |r: &(String, u64)| format!("('{}', {})", r.0, r.1);
    println!("{} {}", show(by_score[0]), show(by_score[n - 1]));
    println!("{} {}", show(by_name[0]), show(by_name[n - 1]));
    println!("{} {} {}", names[0], names[n - 1], checksum);
}
