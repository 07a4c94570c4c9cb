//! `Dict` and `Set`: order, errors and formatting compared with what `python3` prints for the
//! same operations, plus a 1,000,000-key stress test. The hasher measurement is a program, not a
//! test: `cargo run --release -p roast-runtime --example hasher_speed`.
//!
//! The oracle tests generate a random sequence of operations with a fixed-seed LCG, run it on the
//! runtime, write the same sequence as one Python script, and compare the printed line after
//! every step: the operation's result (or `KeyError: ...`) and the container's repr. A set is
//! CPython's table, so its repr must match CPython's order exactly (Python runs with
//! `PYTHONHASHSEED=0`, the seed whose str hashes Roast uses). Without `python3` on PATH those
//! tests print a note and pass.

use roast_runtime as rt;
use rt::{Dict, PyFmt, Set};
use std::hash::Hash;
use std::io::Write;
use std::process::{Command, Stdio};

/// A fixed-seed linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Runs `f`, giving the result's repr or the raised exception's `Kind: msg` line.
fn outcome<R: PyFmt>(f: impl FnOnce() -> R) -> String {
    match rt::catch(f) {
        Ok(v) => rt::repr(&v),
        Err(e) => e.to_string(),
    }
}

/// A Python script built step by step, with the line the runtime printed for each step.
struct Oracle {
    name: String,
    script: String,
    steps: Vec<(String, String)>,
}

const PRELUDE: &str = r#"
import sys
def _r(f):
    try:
        return repr(f())
    except KeyError as e:
        return 'KeyError: ' + str(e)
def _setdel(d, k):
    del d[k]
def _setitem(d, k, v):
    d[k] = v
def _inc(d, k):
    d[k] += 1
def _double(d):
    for k in d:
        d[k] *= 2
def _clear(d):
    d.clear()
def _update(d, kvs):
    d.update(kvs)
def _append(d, k, v):
    d.setdefault(k, []).append(v)
    return d[k]
s = set()
def s_add(x):
    s.add(x)
def s_remove(x):
    s.remove(x)
def s_discard(x):
    s.discard(x)
def s_pop():
    return s.pop()
def s_clear():
    s.clear()
def s_update(xs):
    s.update(set(xs))
def s_iupdate(xs):
    s.intersection_update(set(xs))
def s_dupdate(xs):
    s.difference_update(set(xs))
def s_xupdate(xs):
    s.symmetric_difference_update(set(xs))
def s_binop(name, xs):
    return getattr(s, name)(set(xs))
def s_rel(xs):
    o = set(xs)
    return (s <= o, s >= o, s.isdisjoint(o), s < o, s > o, s == o)
"#;

impl Oracle {
    fn new(name: impl Into<String>) -> Self {
        Oracle {
            name: name.into(),
            script: String::from(PRELUDE),
            steps: Vec::new(),
        }
    }

    /// Adds a setup statement.
    fn stmt(&mut self, py: &str) {
        self.script.push_str(py);
        self.script.push('\n');
    }

    /// Adds a step: Python prints `_r(lambda: expr) | repr(container)`; `got` is the runtime's.
    fn step(&mut self, expr: String, container: &str, got: String) {
        self.script.push_str(&format!(
            "print(_r(lambda: {expr}), '|', repr({container}))\n"
        ));
        self.steps.push((expr, got));
    }

    fn check(self) {
        if Command::new("python3").arg("--version").output().is_err() {
            eprintln!(
                "note: python3 not found on PATH; skipping the CPython comparison for {}",
                self.name
            );
            return;
        }
        let mut child = Command::new("python3")
            .arg("-")
            .env("PYTHONIOENCODING", "utf-8")
            .env("PYTHONHASHSEED", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(self.script.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            out.status.success(),
            "python3 failed for {}: {}",
            self.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            lines.len(),
            self.steps.len(),
            "{}: python3 printed a different number of lines",
            self.name
        );
        for (i, ((expr, got), want)) in self.steps.iter().zip(&lines).enumerate() {
            assert_eq!(
                got, want,
                "{}: step {i} ({expr}) differs from CPython",
                self.name
            );
        }
        let errors = self
            .steps
            .iter()
            .filter(|(_, got)| got.starts_with("KeyError"))
            .count();
        eprintln!(
            "{}: {} steps match CPython ({errors} raised KeyError)",
            self.name,
            self.steps.len()
        );
    }
}

fn lit<T: PyFmt + ?Sized>(x: &T) -> String {
    rt::repr(x)
}

/// A random sequence of dict operations on keys from `pool`, with `i64` values.
fn dict_oracle<K: Hash + Eq + Clone + PyFmt>(name: &str, pool: &[K], seed: u64, steps: usize) {
    let mut rng = Lcg(seed);
    let mut d: Dict<K, i64> = Dict::new();
    let mut o = Oracle::new(format!("{name} (seed {seed})"));
    o.stmt("d = {}");
    for step in 0..steps {
        let k = pool[rng.below(pool.len())].clone();
        let kl = lit(&k);
        let v = (rng.next() % 1000) as i64 - 500;
        let op = rng.below(100);
        let (expr, got) = match op {
            0..=29 => (
                format!("_setitem(d, {kl}, {v})"),
                outcome(|| {
                    d.insert(k, v);
                }),
            ),
            30..=44 => (format!("_setdel(d, {kl})"), outcome(|| d.remove(&k))),
            45..=51 => (format!("d.pop({kl})"), outcome(|| d.pop(&k))),
            52..=56 => (
                format!("d.pop({kl}, {v})"),
                outcome(|| d.pop_default(&k, v)),
            ),
            57..=62 => (
                format!("d.setdefault({kl}, {v})"),
                outcome(|| *d.setdefault(k, v)),
            ),
            63..=67 => (format!("d.get({kl})"), outcome(|| d.get(&k).copied())),
            68..=72 => (format!("d[{kl}]"), outcome(|| d[&k])),
            73..=77 => (format!("_inc(d, {kl})"), outcome(|| *d.index_mut(&k) += 1)),
            78..=81 => ("d.popitem()".to_string(), outcome(|| d.popitem())),
            82..=84 => (format!("{kl} in d"), outcome(|| d.contains_key(&k))),
            85..=87 => {
                let n = rng.below(4);
                let kvs: Vec<(K, i64)> = (0..n)
                    .map(|j| (pool[rng.below(pool.len())].clone(), v + j as i64))
                    .collect();
                let py: Vec<String> = kvs
                    .iter()
                    .map(|(k, v)| format!("({}, {v})", lit(k)))
                    .collect();
                (
                    format!("_update(d, [{}])", py.join(", ")),
                    outcome(|| d.extend(kvs)),
                )
            }
            88..=89 => (
                "(list(d), list(d.values()), list(reversed(d)), len(d))".to_string(),
                outcome(|| {
                    let keys: Vec<K> = d.keys().cloned().collect();
                    let vals: Vec<i64> = d.values().copied().collect();
                    let rev: Vec<K> = d.keys().rev().cloned().collect();
                    (keys, vals, rev, d.len() as i64)
                }),
            ),
            90..=91 => (
                "d == dict(reversed(list(d.items())))".to_string(),
                outcome(|| {
                    let other: Dict<K, i64> =
                        d.iter().rev().map(|(k, v)| (k.clone(), *v)).collect();
                    d == other
                }),
            ),
            92 => {
                // Through a copy, to exercise Clone on a dict with tombstones.
                o.stmt("d = d.copy()");
                d = d.copy();
                ("len(d)".to_string(), outcome(|| d.len() as i64))
            }
            93..=94 => (
                "_double(d)".to_string(),
                outcome(|| {
                    for v in d.values_mut() {
                        *v *= 2;
                    }
                }),
            ),
            95 if step % 7 == 0 => ("_clear(d)".to_string(), outcome(|| d.clear())),
            _ => ("len(d)".to_string(), outcome(|| d.len() as i64)),
        };
        let after = rt::repr(&d);
        o.step(expr, "d", format!("{got} | {after}"));
        let (entries, _) = d.debug_sizes();
        assert!(
            entries <= 2 * d.len() + 8,
            "{name}: {entries} entries for {} live",
            d.len()
        );
    }
    o.check();
}

#[test]
fn dict_int_keys_match_cpython() {
    let pool: Vec<i64> = (-3..12).collect();
    for seed in [1, 2, 3] {
        dict_oracle("dict[int, int]", &pool, seed, 3000);
    }
}

#[test]
fn dict_str_keys_match_cpython() {
    let pool: Vec<String> = [
        "a",
        "b",
        "key",
        "it's",
        "\"q\"",
        "é",
        "tab\t",
        "",
        "ünïcode",
        "x y",
        "z",
        "日本",
        "\\",
        "k9",
        "K9",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for seed in [11, 12] {
        dict_oracle("dict[str, int]", &pool, seed, 3000);
    }
}

#[test]
fn dict_tuple_keys_match_cpython() {
    let pool: Vec<(i64, String)> = (0..10)
        .map(|i| (i % 4, ["a", "b'", "c"][i as usize % 3].to_string()))
        .collect();
    dict_oracle("dict[tuple[int, str], int]", &pool, 21, 2000);
}

#[test]
fn dict_of_lists_matches_cpython() {
    let pool = ["a", "b", "c", "d", "e", "f", "g"];
    let mut rng = Lcg(99);
    let mut d: Dict<String, Vec<i64>> = Dict::new();
    let mut o = Oracle::new("dict[str, list[int]]");
    o.stmt("d = {}");
    for _ in 0..1500 {
        let k = pool[rng.below(pool.len())];
        let kl = lit(k);
        let v = rng.below(50) as i64;
        let (expr, got) = match rng.below(10) {
            0..=4 => (
                format!("_append(d, {kl}, {v})"),
                outcome(|| {
                    d.setdefault(k.to_string(), Vec::new()).push(v);
                    d[k].clone()
                }),
            ),
            5..=6 => (format!("_setdel(d, {kl})"), outcome(|| d.remove(k))),
            7 => (format!("d.get({kl})"), outcome(|| d.get(k).cloned())),
            8 => (
                format!("_setitem(d, {kl}, [{v}])"),
                outcome(|| {
                    d.insert(k.to_string(), vec![v]);
                }),
            ),
            _ => (
                format!("d.pop({kl}, [])"),
                outcome(|| d.pop_default(k, Vec::new())),
            ),
        };
        let after = rt::repr(&d);
        o.step(expr, "d", format!("{got} | {after}"));
    }
    o.check();
}

fn list_lit<T: PyFmt>(xs: &[T]) -> String {
    rt::repr(xs)
}

/// A random sequence of set operations on elements from `pool`.
fn set_oracle<T: rt::PyHash + Eq + Clone + PyFmt>(name: &str, pool: &[T], seed: u64, steps: usize) {
    let mut rng = Lcg(seed);
    let mut s: Set<T> = Set::new();
    let mut o = Oracle::new(format!("{name} (seed {seed})"));
    for step in 0..steps {
        let x = pool[rng.below(pool.len())].clone();
        let xl = lit(&x);
        let n = rng.below(6);
        let xs: Vec<T> = (0..n)
            .map(|_| pool[rng.below(pool.len())].clone())
            .collect();
        let xsl = list_lit(&xs);
        let other: Set<T> = xs.iter().cloned().collect();
        let (expr, got) = match rng.below(100) {
            0..=29 => (format!("s_add({xl})"), outcome(|| s.add(x))),
            30..=39 => (format!("s_remove({xl})"), outcome(|| s.remove(&x))),
            40..=47 => (
                format!("s_discard({xl})"),
                outcome(|| {
                    s.discard(&x);
                }),
            ),
            48..=55 => ("s_pop()".to_string(), outcome(|| s.pop())),
            56..=59 => (format!("{xl} in s"), outcome(|| s.contains(&x))),
            60..=63 => (format!("s_update({xsl})"), outcome(|| s.update(&other))),
            64..=66 => (
                format!("s_iupdate({xsl})"),
                outcome(|| s.intersection_update(&other)),
            ),
            67..=69 => (
                format!("s_dupdate({xsl})"),
                outcome(|| s.difference_update(&other)),
            ),
            70..=73 => (
                format!("s_xupdate({xsl})"),
                outcome(|| s.symmetric_difference_update(&other)),
            ),
            74..=77 => (format!("s_binop('union', {xsl})"), outcome(|| &s | &other)),
            78..=81 => (
                format!("s_binop('intersection', {xsl})"),
                outcome(|| &s & &other),
            ),
            82..=85 => (
                format!("s_binop('difference', {xsl})"),
                outcome(|| &s - &other),
            ),
            86..=89 => (
                format!("s_binop('symmetric_difference', {xsl})"),
                outcome(|| &s ^ &other),
            ),
            90..=95 => (
                format!("s_rel({xsl})"),
                outcome(|| {
                    (
                        s.is_subset(&other),
                        s.is_superset(&other),
                        s.is_disjoint(&other),
                        s.is_proper_subset(&other),
                        s.is_proper_superset(&other),
                        s == other,
                    )
                }),
            ),
            96 if step % 5 == 0 => ("s_clear()".to_string(), outcome(|| s.clear())),
            _ => ("len(s)".to_string(), outcome(|| s.len() as i64)),
        };
        let after = rt::repr(&s);
        o.step(expr, "s", format!("{got} | {after}"));
    }
    o.check();
}

#[test]
fn set_int_ops_match_cpython() {
    let pool: Vec<i64> = (0..10).collect();
    for seed in [5, 6, 7] {
        set_oracle("set[int]", &pool, seed, 3000);
    }
}

#[test]
fn set_str_ops_match_cpython() {
    let pool: Vec<String> = ["a", "b", "c", "it's", "é", "", "dd", "e\n"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    set_oracle("set[str]", &pool, 8, 2000);
}

fn err(f: impl FnOnce()) -> String {
    match rt::catch(f) {
        Ok(()) => "no error".to_string(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn key_errors_are_cpythons() {
    let mut d: Dict<String, i64> = Dict::from([("a".to_string(), 1)]);
    assert_eq!(
        err(|| {
            let _ = d.index("missing");
        }),
        "KeyError: 'missing'"
    );
    assert_eq!(
        err(|| {
            let _ = d["it's"];
        }),
        "KeyError: \"it's\""
    );
    assert_eq!(err(|| d.remove("b")), "KeyError: 'b'");
    assert_eq!(
        err(|| {
            let _ = d.pop("c");
        }),
        "KeyError: 'c'"
    );
    assert_eq!(err(|| *d.index_mut("z") += 1), "KeyError: 'z'");
    assert_eq!(d.pop("a"), 1);
    assert_eq!(
        err(|| drop(d.popitem())),
        "KeyError: 'popitem(): dictionary is empty'"
    );
    let t: Dict<(i64, String), i64> = Dict::new();
    assert_eq!(
        err(|| {
            let _ = t.index(&(1, "a".to_string()));
        }),
        "KeyError: (1, 'a')"
    );
    let n: Dict<i64, i64> = Dict::new();
    assert_eq!(
        err(|| {
            let _ = n[&-5];
        }),
        "KeyError: -5"
    );
    let mut s: Set<i64> = Set::new();
    assert_eq!(
        err(|| {
            let _ = s.pop();
        }),
        "KeyError: 'pop from an empty set'"
    );
    assert_eq!(err(|| s.remove(&3)), "KeyError: 3");
    let mut ss: Set<String> = Set::new();
    assert_eq!(err(|| ss.remove("x")), "KeyError: 'x'");
    // repr(e) of a KeyError is KeyError('x'), as in CPython.
    let e = rt::catch(|| ss.remove("x")).unwrap_err();
    assert_eq!(rt::repr(&e), "KeyError('x')");
}

#[test]
fn formatting() {
    let mut d: Dict<String, Vec<i64>> = Dict::new();
    assert_eq!(rt::str(&d), "{}");
    d.insert("a".into(), vec![]);
    d.insert("b".into(), vec![1, 2]);
    assert_eq!(rt::str(&d), "{'a': [], 'b': [1, 2]}");
    assert_eq!(rt::repr(&d), "{'a': [], 'b': [1, 2]}");
    let nested: Vec<Dict<i64, bool>> = vec![Dict::from([(1, true)]), Dict::new()];
    assert_eq!(rt::str(&nested), "[{1: True}, {}]");
    let s: Set<i64> = Set::new();
    assert_eq!(rt::str(&s), "set()");
    // CPython's order (`PYTHONHASHSEED=0` for strs): `print({3, 1, 2, 1})`.
    let s = Set::from([3, 1, 2, 1]);
    assert_eq!(rt::str(&s), "{1, 2, 3}");
    let s = Set::from(["x".to_string(), "it's".to_string()]);
    assert_eq!(rt::str(&s), "{\"it's\", 'x'}");
    let ds: Dict<i64, Set<i64>> = Dict::from([(1, Set::new()), (2, Set::from([5]))]);
    assert_eq!(rt::str(&ds), "{1: set(), 2: {5}}");
    assert_eq!(format!("{:?}", Dict::from([(1, "a")])), "{1: \"a\"}");
    assert_eq!(format!("{:?}", Set::from([2, 1])), "{1, 2}");
}

#[test]
fn order_like_cpython() {
    let mut d: Dict<&str, i64> = Dict::new();
    for (i, k) in ["a", "b", "c", "d"].into_iter().enumerate() {
        d.insert(k, i as i64);
    }
    d.insert("b", 10); // update keeps the place
    d.remove(&"a");
    d.insert("a", 5); // re-insert goes to the end
    assert_eq!(rt::str(&d), "{'b': 10, 'c': 2, 'd': 3, 'a': 5}");
    assert_eq!(d.popitem(), ("a", 5));
    assert_eq!(d.popitem(), ("d", 3));
    d.insert("e", 7);
    assert_eq!(d.keys().copied().collect::<Vec<_>>(), ["b", "c", "e"]);
    assert_eq!(
        d.iter().rev().map(|(k, _)| *k).collect::<Vec<_>>(),
        ["e", "c", "b"]
    );
    let owned: Vec<(&str, i64)> = d.clone().into_iter().collect();
    assert_eq!(owned, [("b", 10), ("c", 2), ("e", 7)]);
    for (_, v) in &mut d {
        *v += 1;
    }
    assert_eq!(d.values().copied().collect::<Vec<_>>(), [11, 3, 8]);
    assert_eq!(d.iter().len(), 3);

    // `s = set([1, 2, 3]); s.remove(2); s.add(2)`: 2 takes its old (dummy) slot back;
    // `pop()` walks from where the last one stopped.
    let mut s = Set::from([1, 2, 3]);
    assert!(!s.insert(1));
    s.remove(&2);
    assert!(s.insert(2));
    assert_eq!(s.iter().copied().collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(s.pop(), 1);
    assert_eq!(s.pop(), 2);
    s.add(9);
    assert_eq!(s.into_iter().collect::<Vec<_>>(), [9, 3]);
}

#[test]
fn borrowed_lookups_and_entry_helpers() {
    // The target-rust.md example: a dict of counts, looked up with &str.
    let mut counts: Dict<String, i64> = Dict::default();
    for w in "the cat the dog the end".split(' ') {
        let n = counts.get(w).copied().unwrap_or(0) + 1;
        counts.insert(w.to_owned(), n);
    }
    assert_eq!(rt::str(&counts), "{'the': 3, 'cat': 1, 'dog': 1, 'end': 1}");
    *counts.get_or_insert_with("cat".to_string(), || 0) += 10;
    *counts.get_or_insert_with("new".to_string(), || 100) += 1;
    assert_eq!(counts["cat"], 11);
    assert_eq!(counts["new"], 101);
    assert_eq!(*counts.setdefault("the".into(), 0), 3);
    assert!(counts.contains_key("dog") && !counts.contains_key("cow"));
    assert_eq!(counts.pop_default("cow", -1), -1);
    if let Some(v) = counts.get_mut("dog") {
        *v = 0;
    }
    assert_eq!(counts.get("dog"), Some(&0));
    let c2 = counts.copy();
    assert_eq!(c2, counts);
    let reversed: Dict<String, i64> = counts.iter().rev().map(|(k, v)| (k.clone(), *v)).collect();
    assert_eq!(reversed, counts, "equality ignores order");
    let mut other = reversed.clone();
    other.insert("the".into(), 4);
    assert_ne!(other, counts);
    other.remove("the");
    assert_ne!(other, counts);
    let mut u: Dict<String, i64> = Dict::new();
    u.update([
        ("x".to_string(), 1),
        ("y".to_string(), 2),
        ("x".to_string(), 3),
    ]);
    assert_eq!(rt::str(&u), "{'x': 3, 'y': 2}");
    u.update_from(&counts);
    assert_eq!(u.len(), 2 + counts.len());
    u.retain(|k, _| k.len() == 1);
    assert_eq!(rt::str(&u), "{'x': 3, 'y': 2}");
    u.clear();
    assert!(u.is_empty());
    assert_eq!(rt::str(&u), "{}");
}

/// The orders `python3` prints for `a = {5, 1, 4, 2}; b = {4, 9, 1, 7}` and the operations.
#[test]
fn set_operations_order_like_cpython() {
    let a = Set::from([5, 1, 4, 2]);
    let b = Set::from([4, 9, 1, 7]);
    assert_eq!(rt::str(&a.union(&b)), "{1, 2, 4, 5, 7, 9}");
    assert_eq!(rt::str(&a.intersection(&b)), "{1, 4}");
    assert_eq!(rt::str(&b.intersection(&a)), "{1, 4}");
    assert_eq!(rt::str(&a.difference(&b)), "{2, 5}");
    assert_eq!(rt::str(&a.symmetric_difference(&b)), "{2, 5, 7, 9}");
    let mut c = a.clone();
    c.symmetric_difference_update(&b);
    assert_eq!(c, a.symmetric_difference(&b));
    assert_eq!(rt::str(&c), "{2, 5, 7, 9}");
    let mut c = a.clone();
    c.update(&b);
    assert_eq!(rt::str(&c), "{1, 2, 4, 5, 7, 9}");
    let mut c = a.clone();
    c.intersection_update(&b);
    assert_eq!(rt::str(&c), "{1, 4}");
    let mut c = a.clone();
    c.difference_update(&b);
    assert_eq!(rt::str(&c), "{2, 5}");
    assert!(Set::from([1, 4]).is_subset(&a) && a.is_superset(&Set::from([1, 4])));
    assert!(!a.is_disjoint(&b) && a.is_disjoint(&Set::from([0, 3])));
    assert_eq!(Set::from([1, 2, 3]), Set::from([3, 2, 1]));
    assert_ne!(Set::from([1, 2, 3]), Set::from([3, 2]));
    let e: Set<i64> = Set::default();
    assert!(e.is_subset(&a) && e.is_disjoint(&a) && e.is_proper_subset(&a));
    let mut s: Set<String> = ["b", "a", "b"].iter().map(|s| s.to_string()).collect();
    assert!(s.contains("a"));
    assert!(s.discard("a"));
    assert!(!s.discard("a"));
    s.extend(["c".to_string()]);
    assert_eq!(rt::str(&s), "{'c', 'b'}");
}

#[test]
fn stress_one_million_keys() {
    const N: i64 = 1_000_000;
    let mut d: Dict<i64, i64> = Dict::new();
    for i in 0..N {
        assert!(d.insert(i, i * 2).is_none());
    }
    assert_eq!(d.len(), N as usize);
    for i in (0..N).step_by(7) {
        assert_eq!(d.get(&i), Some(&(i * 2)));
    }
    assert!(!d.contains_key(&N));
    // Delete the even keys, then re-insert them: they go to the end, in order.
    for i in (0..N).step_by(2) {
        d.remove(&i);
        let (entries, _) = d.debug_sizes();
        assert!(entries <= 2 * d.len() + 8);
    }
    assert_eq!(d.len(), (N / 2) as usize);
    for i in (0..N).step_by(2) {
        d.insert(i, -i);
    }
    let keys: Vec<i64> = d.keys().copied().collect();
    let want: Vec<i64> = (1..N).step_by(2).chain((0..N).step_by(2)).collect();
    assert_eq!(keys, want);
    // popitem all the way down is linear (tombstones at the end are dropped at once).
    let mut last = i64::MAX;
    while let Some((k, _)) = d.pop_last() {
        assert!(k != last);
        last = k;
    }
    assert_eq!(d.debug_sizes().0, 0);

    // Insert/delete cycles: a sliding window of live keys never leaves more than
    // 2 * live + 8 entries behind, and the index stays proportional.
    let mut d: Dict<String, i64> = Dict::new();
    let window = 5_000i64;
    let mut peak_index = 0;
    for i in 0..N / 2 {
        d.insert(format!("k{i}"), i);
        if i >= window {
            d.remove(format!("k{}", i - window).as_str());
        }
        let (entries, index) = d.debug_sizes();
        assert!(
            entries <= 2 * d.len() + 8,
            "{entries} entries for {} live",
            d.len()
        );
        peak_index = peak_index.max(index);
    }
    assert_eq!(d.len(), window as usize);
    assert!(
        peak_index <= 8 * window as usize,
        "index grew to {peak_index} for {window} live keys"
    );
    assert_eq!(
        d.first(),
        Some((&format!("k{}", N / 2 - window), &(N / 2 - window)))
    );

    // A set emptied by pop() is linear too: the finger walks the table once (each int sits in
    // its own slot, so they come out in order, as in CPython).
    let mut s: Set<i64> = (0..N).collect();
    for i in 0..N {
        assert_eq!(s.pop(), i);
    }
    assert!(s.is_empty());
}
