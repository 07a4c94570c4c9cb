//! Nanoseconds per hash, insert and lookup for Roast's `PyBuildHasher` against std's SipHash,
//! through std `HashMap` and `rt::Dict`: the measurement behind the choice of hasher.
//!
//! Run: `cargo run --release -p roast-runtime --example hasher_speed`

use roast_runtime::{Dict, PyBuildHasher};
use std::hash::Hash;

fn main() {
    use std::collections::hash_map::RandomState;
    use std::collections::HashMap;
    use std::hash::BuildHasher;
    use std::hint::black_box;
    use std::time::Instant;

    const N: usize = 1_000_000;
    let ints: Vec<i64> = (0..N as i64).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
    let short: Vec<String> = (0..N).map(|i| format!("key{i}")).collect();
    let long: Vec<String> = (0..N)
        .map(|i| format!("a somewhat longer dictionary key, number {i}"))
        .collect();

    fn raw<T: Hash, S: BuildHasher>(s: &S, xs: &[T]) -> f64 {
        let t = Instant::now();
        let mut acc = 0u64;
        for _ in 0..5 {
            for x in xs {
                acc = acc.wrapping_add(s.hash_one(black_box(x)));
            }
        }
        black_box(acc);
        t.elapsed().as_secs_f64() * 1e9 / (5 * xs.len()) as f64
    }
    /// Best of three runs (the first one also pays for page faults).
    fn best(f: impl Fn() -> f64) -> f64 {
        (0..3).map(|_| f()).fold(f64::INFINITY, f64::min)
    }
    fn hashmap<T: Hash + Eq + Clone, S: BuildHasher + Default>(xs: &[T]) -> f64 {
        best(|| {
            let t = Instant::now();
            let mut m: HashMap<T, usize, S> = HashMap::default();
            for (i, x) in xs.iter().enumerate() {
                m.insert(x.clone(), i);
            }
            let mut acc = 0;
            for x in xs {
                acc += m[x];
            }
            black_box(acc);
            t.elapsed().as_secs_f64() * 1e9 / xs.len() as f64
        })
    }
    fn dict<T: Hash + Eq + Clone, S: BuildHasher + Default>(xs: &[T]) -> f64 {
        best(|| {
            let t = Instant::now();
            let mut m: Dict<T, usize, S> = Dict::default();
            for (i, x) in xs.iter().enumerate() {
                m.insert(x.clone(), i);
            }
            let mut acc = 0;
            for x in xs {
                acc += m.get(x).copied().unwrap_or(0);
            }
            black_box(acc);
            t.elapsed().as_secs_f64() * 1e9 / xs.len() as f64
        })
    }
    fn dict_lookup<T: Hash + Eq + Clone, S: BuildHasher + Default>(xs: &[T]) -> f64 {
        let m: Dict<T, usize, S> = xs.iter().cloned().zip(0..).collect();
        best(|| {
            let t = Instant::now();
            let mut acc = 0;
            for x in xs {
                acc += m.get(x).copied().unwrap_or(0);
            }
            black_box(acc);
            t.elapsed().as_secs_f64() * 1e9 / xs.len() as f64
        })
    }

    let py = PyBuildHasher::default();
    let sip = RandomState::new();
    println!("ns per operation, {N} keys (lower is better)        PyHasher   SipHash-1-3");
    println!(
        "hash_one(i64)                                    {:8.2}   {:8.2}",
        raw(&py, &ints),
        raw(&sip, &ints)
    );
    println!(
        "hash_one(str ~9 bytes)                           {:8.2}   {:8.2}",
        raw(&py, &short),
        raw(&sip, &short)
    );
    println!(
        "hash_one(str ~48 bytes)                          {:8.2}   {:8.2}",
        raw(&py, &long),
        raw(&sip, &long)
    );
    println!(
        "std HashMap<i64> insert + lookup                 {:8.2}   {:8.2}",
        hashmap::<_, PyBuildHasher>(&ints),
        hashmap::<_, RandomState>(&ints)
    );
    println!(
        "std HashMap<String ~9> insert + lookup           {:8.2}   {:8.2}",
        hashmap::<_, PyBuildHasher>(&short),
        hashmap::<_, RandomState>(&short)
    );
    println!(
        "rt::Dict<i64> insert + lookup                    {:8.2}   {:8.2}",
        dict::<_, PyBuildHasher>(&ints),
        dict::<_, RandomState>(&ints)
    );
    println!(
        "rt::Dict<String ~9> insert + lookup              {:8.2}   {:8.2}",
        dict::<_, PyBuildHasher>(&short),
        dict::<_, RandomState>(&short)
    );
    println!(
        "rt::Dict<String ~48> insert + lookup             {:8.2}   {:8.2}",
        dict::<_, PyBuildHasher>(&long),
        dict::<_, RandomState>(&long)
    );
    println!(
        "rt::Dict<i64> lookup only                        {:8.2}   {:8.2}",
        dict_lookup::<_, PyBuildHasher>(&ints),
        dict_lookup::<_, RandomState>(&ints)
    );
    println!(
        "rt::Dict<String ~9> lookup only                  {:8.2}   {:8.2}",
        dict_lookup::<_, PyBuildHasher>(&short),
        dict_lookup::<_, RandomState>(&short)
    );
}
