#!/usr/bin/env bash
# The JIT against the native build on bench/programs, at bench/run.py's `size` argument (CPython
# about a second): checks that both print the same bytes, then times both with hyperfine.
#   cargo build --release -p roast -p roast-jit && bash bench/jit_vs_native.sh
# JIT compile time of one program: target/release/roast-jit --compile-only prog.roast
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${CARGO_TARGET_DIR:-target}/release
out=$(mktemp -d)
while read -r name size; do
    "$bin/roast" build "bench/programs/$name.roast" -o "$out/$name" >/dev/null
    if [ "$("$out/$name" "$size" | md5sum)" = "$(ROAST_JIT_NO_FALLBACK=1 "$bin/roast-jit" "bench/programs/$name.roast" "$size" | md5sum)" ]; then
        echo "## $name $size: same output"
    else
        echo "## $name $size: OUTPUTS DIFFER"
    fi
    hyperfine -N --runs 5 --warmup 1 "$out/$name $size" "$bin/roast-jit bench/programs/$name.roast $size" 2>&1 |
        grep -E "Time|faster"
done <<LIST
fib 34
nbody 250000
spectral_norm 400
mandelbrot 500
sieve 5000000
collatz 200000
fannkuch 9
binary_trees 15
word_freq 1000000
string_build 1000000
quicksort 500000
sorted_key 300000
objects_list 20000
LIST
