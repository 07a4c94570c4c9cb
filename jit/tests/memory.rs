//! Memory: what a program drops is freed. Loops that build and drop strings and lists a million
//! times end with only the program's literals alive, and peak memory stays small.

use std::process::Command;

/// Runs `source` through `roast-jit` with `ROAST_JIT_STATS`: (stdout, live objects, peak kB).
fn run(name: &str, source: &str, status: i32) -> (String, usize, usize) {
    let dir = std::env::temp_dir().join(format!("roast-jit-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.roast"));
    std::fs::write(&path, source).expect("write program");
    let out = Command::new(env!("CARGO_BIN_EXE_roast-jit"))
        .arg(&path)
        .env("ROAST_JIT_STATS", "1")
        .env("ROAST_JIT_NO_FALLBACK", "1")
        .output()
        .expect("run roast-jit");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(status), "{name}: {stderr}");
    let stats = stderr
        .lines()
        .find_map(|l| l.strip_prefix("roast-jit: live objects: "))
        .unwrap_or_else(|| panic!("no stats in {stderr:?}"));
    let (live, peak) = stats.split_once(';').expect("stats");
    let peak: String = peak.chars().filter(char::is_ascii_digit).collect();
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        live.trim().parse().expect("live count"),
        peak.parse().unwrap_or(0),
    )
}

#[test]
fn strings_and_lists_built_and_dropped_a_million_times_hold_flat_memory() {
    let (out, live, peak_kb) = run(
        "churn",
        "def build(i: int) -> list[str]:\n\
         \x20   s = \"x\" * 100 + str(i)\n\
         \x20   return [s, s + \"y\", f\"{i}:{s[:3]}\"]\n\
         \n\
         total = 0\n\
         for i in range(1000000):\n\
         \x20   xs = build(i)\n\
         \x20   ys = [len(x) for x in xs]\n\
         \x20   total += ys[1] + len(xs[2])\n\
         print(total)\n",
        0,
    );
    assert_eq!(out.trim(), "116777780");
    // Only the literals (and nothing the loop made) are left.
    assert!(live < 50, "{live} objects still alive");
    // A leak of a million 100-byte strings alone would be over 100 MB.
    assert!(peak_kb < 60_000, "peak memory {peak_kb} kB");
}

#[test]
fn an_error_unwinding_through_frames_releases_their_objects() {
    let (_, live, _) = run(
        "unwind",
        "def f(n: int) -> int:\n\
         \x20   s = \"abc\" * n\n\
         \x20   xs = [s, s]\n\
         \x20   return len(xs[0]) // (n - n)\n\
         \n\
         print(f(3))\n",
        1,
    );
    assert!(live < 10, "{live} objects still alive");
}

#[test]
fn closures_and_caught_exceptions_are_freed() {
    let (out, live, _) = run(
        "closures",
        "from typing import Callable\n\
         \n\
         def make(s: str) -> Callable[[int], str]:\n\
         \x20   return lambda n: s * n\n\
         \n\
         count = 0\n\
         for i in range(100000):\n\
         \x20   f = make(str(i))\n\
         \x20   try:\n\
         \x20       raise ValueError(f(2))\n\
         \x20   except ValueError as e:\n\
         \x20       count += len(str(e))\n\
         print(count)\n",
        0,
    );
    assert_eq!(out.trim(), "977780");
    assert!(live < 20, "{live} objects still alive");
}
