//! `progen SEED [COUNT]`: prints the random Roast program of each seed (SEED, SEED+1, ...).
//! The differential test itself is `cargo test -p roast --test differential` (see README.md).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parse = |i: usize, default: u64| -> u64 {
        args.get(i).map_or(default, |s| {
            s.parse().unwrap_or_else(|_| {
                eprintln!("usage: progen SEED [COUNT]");
                std::process::exit(2)
            })
        })
    };
    let (seed, count) = (parse(0, 0), parse(1, 1));
    for s in seed..seed + count {
        if count > 1 {
            println!("# ----- seed {s}");
        }
        print!("{}", progen::generate(s));
    }
}
