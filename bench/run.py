#!/usr/bin/env python3
"""Roast benchmarks: CPython, PyPy, Roast and hand-written Rust, side by side.

    python3 bench/run.py                  # everything (about 6-8 minutes on 2 cores)
    python3 bench/run.py --quick          # fewer runs, for a smoke test
    python3 bench/run.py --only fib,sieve # some programs (the compile-side figures still run)
    python3 bench/run.py --no-compile-side

Steps: build the compiler (`cargo build --release`), build every bench/programs/NAME.roast with
`roast build` and every bench/rust/NAME.rs with `rustc -C opt-level=3 -C codegen-units=1`, check
that CPython, PyPy (when `pypy3` is on PATH), Roast and Rust print the same bytes, then time them
(with hyperfine when it is installed, else a loop of N runs here; medians either way) and write
bench/results/latest.md, latest.json and ratios.svg.

Each program has two sizes (its `sys.argv[1]`): `size`, at which CPython takes about a second
(CPython, PyPy and Roast run at it: the CPython/Roast column), and `native`, larger, at which the
compiled versions run long enough (0.1-1 s) to compare Roast with hand-written Rust.

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
RESULTS = BENCH / "results"
ROAST = ROOT / "target" / "release" / "roast"

# name, size (CPython about 1 s), native size (compiled versions 0.1-1 s), numeric program?
PROGRAMS = [
    ("fib", 34, 40, True),
    ("nbody", 250000, 5000000, True),
    ("spectral_norm", 400, 2000, True),
    ("mandelbrot", 500, 2000, True),
    ("sieve", 5000000, 20000000, True),
    ("collatz", 200000, 2000000, True),
    ("fannkuch", 9, 10, True),
    ("binary_trees", 15, 18, False),
    ("word_freq", 1000000, 2000000, False),
    ("string_build", 1000000, 1000000, False),
    ("quicksort", 500000, 3000000, False),
    ("sorted_key", 300000, 300000, False),
    ("objects_list", 20000, 500000, False),
]

# Targets from issue 8.
TARGET_GEOMEAN_ROAST_RUST = 1.10
TARGET_MAX_ROAST_RUST = 1.30
TARGET_CPYTHON_ROAST_NUMERIC = 50.0
TARGET_TRANSPILE_10K_MS = 200.0
TARGET_RUN_OVERHEAD_MS = 30.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, **kw)


def output_of(cmd: list[str], env: dict | None = None) -> tuple[int, bytes]:
    p = run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=600)
    return p.returncode, p.stdout


# ---------------------------------------------------------------------------------------------
# Timing


def measure(cmds: dict[str, list[str]], runs: int, warmup: int, env: dict | None = None) -> dict[str, float]:
    """Median wall time in seconds of each command (output discarded)."""
    if not cmds:
        return {}
    if shutil.which("hyperfine"):
        with tempfile.TemporaryDirectory() as tmp:
            js = Path(tmp) / "h.json"
            hcmd = ["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
                    "--export-json", str(js)]
            for label, cmd in cmds.items():
                hcmd += ["-n", label, shlex.join(cmd)]
            p = run(hcmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            if p.returncode == 0:
                data = json.loads(js.read_text())
                return {r["command"]: r["median"] for r in data["results"]}
            log(f"hyperfine failed ({p.stderr.decode(errors='replace').strip()[-300:]}); timing by hand")
    res = {}
    for label, cmd in cmds.items():
        for _ in range(warmup):
            run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            times.append(time.perf_counter() - t0)
        res[label] = statistics.median(times)
    return res


def time_once(cmd: list[str], env: dict | None = None) -> float:
    t0 = time.perf_counter()
    p = run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} failed:\n{p.stderr.decode(errors='replace')[-2000:]}")
    return dt


def geomean(xs: list[float]) -> float:
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


# ---------------------------------------------------------------------------------------------
# Building


def build_compiler() -> str | None:
    """Builds the compiler; returns a warning for the report when it had to use an older binary."""
    log("cargo build --release")
    p = run(["cargo", "build", "--release"], cwd=ROOT)
    if p.returncode == 0:
        return None
    if not ROAST.exists():
        sys.exit("cargo build --release failed")
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(ROAST.stat().st_mtime))
    log(f"cargo build --release failed; using the existing {ROAST} (built {when})")
    return (f"`cargo build --release` failed when this ran (the working tree was mid-edit), so the figures "
            f"are those of the `target/release/roast` built at {when}.")


def build_programs(names: list[str]) -> dict[str, dict]:
    OUT.mkdir(parents=True, exist_ok=True)
    status = {}
    for name in names:
        st = {"roast_error": None, "rust_error": None}
        src = BENCH / "programs" / f"{name}.roast"
        t0 = time.perf_counter()
        p = run([str(ROAST), "build", str(src), "-o", str(OUT / name)], stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT)
        st["roast_build_s"] = time.perf_counter() - t0
        if p.returncode != 0:
            st["roast_error"] = p.stdout.decode(errors="replace")[-3000:]
            log(f"  roast build {name}: FAILED\n{st['roast_error']}")
        p = run(["rustc", "-C", "opt-level=3", "-C", "codegen-units=1", "-o", str(OUT / f"{name}.rust"),
                 str(BENCH / "rust" / f"{name}.rs")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            st["rust_error"] = p.stdout.decode(errors="replace")[-3000:]
            log(f"  rustc {name}: FAILED\n{st['rust_error']}")
        log(f"  built {name} (roast build {st['roast_build_s']:.1f} s)")
        status[name] = st
    return status


# ---------------------------------------------------------------------------------------------
# Generated Roast sources for the compile-side figures

FUNC_TEMPLATE = '''
def f{i}(xs: list[int], k: int) -> int:
    total = 0
    for x in xs:
        if x % {m} == 0:
            total += x * k
        elif x > {i}:
            total -= x // 2
        else:
            total += 1
    words: dict[str, int] = {{}}
    for j in range(k):
        key = f"w{{j % 7}}"
        words[key] = words.get(key, 0) + j
    ys = [x * 2 for x in xs if x > k]
    s = sum(ys) + len(words)
    label = f"f{i}: {{s:>6}}"
    if len(label) > 100:
        return -1
    return total + s
'''

CLASS_TEMPLATE = '''
class Point{i}:
    x: float
    y: float

    def __init__(self, x: float, y: float) -> None:
        self.x = x
        self.y = y

    def norm2(self) -> float:
        return self.x * self.x + self.y * self.y

    def moved(self, dx: float) -> "Point{i}":
        return Point{i}(self.x + dx, self.y)
'''


def generate_roast(n_funcs: int, seed_const: int = 0) -> str:
    parts = [f"# Generated by bench/run.py for the compile-side figures ({n_funcs} functions).\n"]
    for i in range(n_funcs):
        parts.append(FUNC_TEMPLATE.format(i=i, m=2 + i % 5))
        if i % 10 == 9:
            parts.append(CLASS_TEMPLATE.format(i=i))
    main = ["", "", "def main() -> None:", f"    data = [i * 3 % 17 for i in range({20 + seed_const})]", "    acc = 0"]
    for i in range(n_funcs):
        main.append(f"    acc += f{i}(data, {1 + i % 9})")
        if i % 10 == 9:
            main.append(f"    p{i} = Point{i}(1.5, 2.0).moved(0.5)")
            main.append(f"    acc += int(p{i}.norm2())")
    main += ["    print(acc)", "", "", 'if __name__ == "__main__":', "    main()", ""]
    return "".join(parts) + "\n".join(main)


def env_without_rustfmt() -> dict:
    env = dict(os.environ)
    dirs = [d for d in env.get("PATH", "").split(os.pathsep) if d and not (Path(d) / "rustfmt").exists()]
    env["PATH"] = os.pathsep.join(dirs)
    return env


def compile_side(quick: bool) -> dict:
    res: dict = {}
    OUT.mkdir(parents=True, exist_ok=True)
    # 1. Transpile a 10,000-line program.
    n = 1
    while generate_roast(n).count("\n") < 10000:
        n += 20
    big = OUT / "gen_10k.roast"
    big.write_text(generate_roast(n))
    res["big_lines"] = big.read_text().count("\n")
    code, _ = output_of([str(ROAST), "check", str(big)])
    res["big_accepted"] = code == 0
    if code == 0:
        runs = 3 if quick else 5
        t = measure({"check": [str(ROAST), "check", str(big)], "emit": [str(ROAST), "emit", str(big)]}, runs, 1)
        res["check_10k_s"] = t["check"]
        res["emit_10k_s"] = t["emit"]
        noenv = env_without_rustfmt()
        t = measure({"emit": [str(ROAST), "emit", str(big)]}, runs, 1, env=noenv)
        res["emit_10k_no_rustfmt_s"] = t["emit"]
        res["rust_lines"] = output_of([str(ROAST), "emit", str(big)])[1].count(b"\n")
    else:
        log("  the generated 10,000-line program is rejected: " + output_of([str(ROAST), "check", str(big)])[1].decode()[:500])

    # 2. `roast run` overhead on a cached program.
    fib = BENCH / "programs" / "fib.roast"
    if (OUT / "fib").exists():
        run([str(ROAST), "run", str(fib), "15"], stdout=subprocess.DEVNULL)  # make sure it is cached
        t = measure({"roast run": [str(ROAST), "run", str(fib), "15"], "binary": [str(OUT / "fib"), "15"]},
                    10 if quick else 30, 3)
        res["run_cached_s"] = t["roast run"]
        res["binary_s"] = t["binary"]
        res["run_overhead_s"] = t["roast run"] - t["binary"]

    # 3. Cold and warm build of a ~200-line program.
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, ROAST_CACHE_DIR=cache)
        small = OUT / "gen_200.roast"
        small.write_text(generate_roast(9, 0))
        res["small_lines"] = small.read_text().count("\n")
        exe = OUT / "gen_200"
        try:
            res["cold_build_s"] = time_once([str(ROAST), "build", str(small), "-o", str(exe)], env)
            warm = []
            for k in range(1 if quick else 3):
                small.write_text(generate_roast(9, k + 1))  # a changed program: a cache miss
                warm.append(time_once([str(ROAST), "build", str(small), "-o", str(exe)], env))
            res["warm_build_s"] = statistics.median(warm)
            res["cached_build_s"] = statistics.median(
                [time_once([str(ROAST), "build", str(small), "-o", str(exe)], env) for _ in range(3)])
            py = output_of([sys.executable, str(small)])[1]
            res["small_agrees"] = py == output_of([str(exe)])[1]
        except RuntimeError as e:
            log(f"  build of the 200-line program failed: {e}")
    return res


# ---------------------------------------------------------------------------------------------
# Report


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    if x < 0.1:
        return f"{x * 1000:.1f} ms"
    return f"{x:.3f} s"


def fmt_r(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def ver(cmd: list[str]) -> str:
        try:
            p = run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            return p.stdout.decode().strip().splitlines()[0]
        except (OSError, IndexError):
            return "-"

    commit = ver(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    return {
        "cpu": cpu, "cores": os.cpu_count(), "python": ver([sys.executable, "--version"]),
        "pypy": ver(["pypy3", "-c", "import sys; print('PyPy %d.%d.%d' % sys.pypy_version_info[:3], "
                      "'(Python %d.%d)' % sys.version_info[:2])"]) if shutil.which("pypy3") else None,
        "rustc": ver(["rustc", "--version"]), "hyperfine": ver(["hyperfine", "--version"]) if shutil.which("hyperfine") else None,
        "commit": commit, "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def write_report(rows: list[dict], cs: dict, mach: dict, runs_desc: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    has_pypy = any(r.get("pypy") is not None for r in rows)
    rr = [r["roast_rust"] for r in rows if r.get("roast_rust")]
    cr = [r["cpython_roast"] for r in rows if r.get("cpython_roast")]
    crn = [r["cpython_roast"] for r in rows if r.get("cpython_roast") and r["numeric"]]
    pr = [r["pypy_roast"] for r in rows if r.get("pypy_roast")]
    g_rr, g_cr, g_crn, g_pr = geomean(rr), geomean(cr), geomean(crn), geomean(pr)
    worst = sorted((r for r in rows if r.get("roast_rust")), key=lambda r: -r["roast_rust"])

    L = []
    L.append("# Roast benchmarks: latest results\n")
    L.append(f"Written by `python3 bench/run.py` on {mach['date']}, commit `{mach['commit']}`: {mach['cpu']}, "
             f"{mach['cores']} cores; {mach['python']}; {mach['pypy'] or 'no PyPy'}; {mach['rustc']}; "
             f"timed with {mach['hyperfine'] or 'run.py own loop'} ({runs_desc}). Times are medians of whole "
             "processes (start-up included). Roast is `roast build` (optimized: opt-level 3, codegen-units 1, "
             "overflow checks on); Rust is the hand-written bench/rust/NAME.rs built with "
             "`rustc -C opt-level=3 -C codegen-units=1`. Every implementation printed the same bytes as CPython "
             "before it was timed (a mismatch or failure is marked in the table and left out of the means).\n")
    if mach.get("build_warning"):
        L.append("**Note:** " + mach["build_warning"] + "\n")
    L.append("`size` is the program's argument for CPython, PyPy and Roast (CPython takes about a second); "
             "`native` is a larger argument for Roast against hand-written Rust, so that both run long enough "
             "to compare. The Roast JIT is not in the table: that backend does not exist yet.\n")
    L.append("## Summary\n")
    L.append(f"- **Roast / Rust** (at `native`): geometric mean **{g_rr:.2f}x** "
             f"(target at most {TARGET_GEOMEAN_ROAST_RUST:.2f}: {'met' if g_rr <= TARGET_GEOMEAN_ROAST_RUST else 'missed'}); "
             f"worst: " + ", ".join(f"{r['name']} {r['roast_rust']:.2f}x" for r in worst[:4]) +
             f"; {sum(1 for x in rr if x > TARGET_MAX_ROAST_RUST)} of {len(rr)} programs above "
             f"{TARGET_MAX_ROAST_RUST:.2f}x (target: none).")
    L.append(f"- **CPython / Roast** (at `size`): geometric mean **{g_cr:.1f}x** over all programs, "
             f"**{g_crn:.1f}x** over the numeric ones (fib, nbody, spectral_norm, mandelbrot, sieve, collatz, "
             f"fannkuch; target at least {TARGET_CPYTHON_ROAST_NUMERIC:.0f}x: "
             f"{'met' if g_crn >= TARGET_CPYTHON_ROAST_NUMERIC else 'missed'}).")
    if pr:
        L.append(f"- **PyPy / Roast** (at `size`): geometric mean {g_pr:.1f}x.")
    L.append("")
    L.append("## Programs\n")
    head = "| program | size | CPython | " + ("PyPy | " if has_pypy else "") + "Roast | CPython/Roast | " + \
           ("PyPy/Roast | " if has_pypy else "") + "native | Roast | Rust | Roast/Rust |"
    L.append(head)
    L.append("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        cells = [r["name"], f"{r['size']:,}", fmt_s(r.get("cpython"))]
        if has_pypy:
            cells.append(fmt_s(r.get("pypy")))
        cells += [fmt_s(r.get("roast")), fmt_r(r.get("cpython_roast"), 1)]
        if has_pypy:
            cells.append(fmt_r(r.get("pypy_roast"), 1))
        cells += [f"{r['native']:,}", fmt_s(r.get("roast_native")), fmt_s(r.get("rust_native"))]
        x = r.get("roast_rust")
        cells.append("-" if x is None else (f"**{x:.2f}**" if x > TARGET_MAX_ROAST_RUST else f"{x:.2f}"))
        if r.get("problems"):
            cells[0] += " (" + "; ".join(r["problems"]) + ")"
        L.append("| " + " | ".join(cells) + " |")
    geo = ["**geometric mean**", "", ""] + ([""] if has_pypy else []) + ["", f"**{g_cr:.1f}**"] + \
          ([f"**{g_pr:.1f}**"] if has_pypy else []) + ["", "", "", f"**{g_rr:.2f}**"]
    L.append("| " + " | ".join(geo) + " |")
    L.append("")
    L.append("Ratios above 1.30 are in bold; bench/NOTES.md explains each from the generated Rust.\n")
    L.append("![Roast/Rust and CPython/Roast per program](ratios.svg)\n")

    L.append("## Compile side\n")
    L.append("| figure | value | target |")
    L.append("|---|---|---|")
    if "emit_10k_s" in cs:
        ok = cs["emit_10k_no_rustfmt_s"] * 1000 <= TARGET_TRANSPILE_10K_MS
        L.append(f"| `roast emit` of a generated {cs['big_lines']:,}-line program ({cs['rust_lines']:,} lines of Rust), "
                 f"rustfmt not on PATH | {fmt_s(cs['emit_10k_no_rustfmt_s'])} | under 200 ms: {'met' if ok else 'missed'} |")
        L.append(f"| the same with rustfmt on PATH (what a user gets) | {fmt_s(cs['emit_10k_s'])} | |")
        L.append(f"| `roast check` of the same program | {fmt_s(cs['check_10k_s'])} | |")
    elif "big_lines" in cs:
        L.append(f"| `roast emit` of a generated {cs['big_lines']:,}-line program | rejected by the compiler | |")
    if "run_overhead_s" in cs:
        ok = cs["run_overhead_s"] * 1000 <= TARGET_RUN_OVERHEAD_MS
        L.append(f"| `roast run` overhead on a cached program (`roast run fib.roast 15` {fmt_s(cs['run_cached_s'])} "
                 f"minus the binary alone {fmt_s(cs['binary_s'])}) | {cs['run_overhead_s'] * 1000:.1f} ms | "
                 f"under 30 ms: {'met' if ok else 'missed'} |")
    if "cold_build_s" in cs:
        L.append(f"| cold `roast build` of a generated {cs['small_lines']}-line program (empty cache: the runtime "
                 f"crate compiles too) | {fmt_s(cs['cold_build_s'])} | |")
        L.append(f"| warm `roast build` of the same program, changed (cache holds the runtime) | "
                 f"{fmt_s(cs['warm_build_s'])} | |")
        L.append(f"| `roast build` of the unchanged program (cache hit) | {fmt_s(cs['cached_build_s'])} | |")
        if not cs.get("small_agrees", True):
            L.append("| (the 200-line program's output differs from CPython's) | | |")
    L.append("")
    (RESULTS / "latest.md").write_text("\n".join(L))
    (RESULTS / "latest.json").write_text(json.dumps({"machine": mach, "programs": rows, "compile_side": cs,
                                                     "geomeans": {"roast_rust": g_rr, "cpython_roast": g_cr,
                                                                  "cpython_roast_numeric": g_crn,
                                                                  "pypy_roast": g_pr if pr else None}},
                                                    indent=1) + "\n")
    (RESULTS / "ratios.svg").write_text(svg_chart(rows, g_rr, g_cr))


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg_chart(rows: list[dict], g_rr: float, g_cr: float) -> str:
    """Two horizontal bar panels: Roast/Rust (linear) and CPython/Roast (log scale)."""
    rows = [r for r in rows] + [{"name": "geometric mean", "roast_rust": g_rr, "cpython_roast": g_cr, "geo": True}]
    bar_h, gap, top, left = 18, 8, 56, 130
    pw = 330  # panel width
    p2 = left + pw + 150
    height = top + len(rows) * (bar_h + gap) + 40
    width = p2 + pw + 60
    rr_max = max([2.0] + [r["roast_rust"] for r in rows if r.get("roast_rust")])
    rr_max = math.ceil(rr_max * 2) / 2
    cr_vals = [r["cpython_roast"] for r in rows if r.get("cpython_roast")]
    cr_max = 10 ** math.ceil(math.log10(max(cr_vals + [10.0])))

    def x1(v: float) -> float:
        return left + pw * min(v, rr_max) / rr_max

    def x2(v: float) -> float:
        v = max(v, 0.1)
        return p2 + pw * (math.log10(v) + 1) / (math.log10(cr_max) + 1)  # axis from 0.1

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'font-family="sans-serif" font-size="12">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{left}" y="20" font-size="14" font-weight="bold">Roast / hand-written Rust (lower is better)</text>',
         f'<text x="{p2}" y="20" font-size="14" font-weight="bold">CPython / Roast (higher is better, log scale)</text>']
    yb = top + len(rows) * (bar_h + gap)
    # axes and grid
    t = 0.0
    while t <= rr_max + 1e-9:
        x = x1(t)
        o.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{yb}" stroke="#ddd"/>')
        o.append(f'<text x="{x:.1f}" y="{yb + 14}" text-anchor="middle" fill="#555">{t:.1f}</text>')
        t += 0.5
    for v, colour, label in ((1.0, "#333", "1.0"), (TARGET_MAX_ROAST_RUST, "#c00", "1.3 target")):
        x = x1(v)
        o.append(f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{yb}" stroke="{colour}" stroke-dasharray="4 3"/>')
        o.append(f'<text x="{x + 3:.1f}" y="{top - 12}" fill="{colour}" font-size="10">{label}</text>')
    v = 0.1
    while v <= cr_max * 1.0001:
        x = x2(v)
        o.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{yb}" stroke="#ddd"/>')
        o.append(f'<text x="{x:.1f}" y="{yb + 14}" text-anchor="middle" fill="#555">{v:g}</text>')
        v *= 10
    x = x2(TARGET_CPYTHON_ROAST_NUMERIC)
    o.append(f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{yb}" stroke="#c00" stroke-dasharray="4 3"/>')
    o.append(f'<text x="{x + 3:.1f}" y="{top - 12}" fill="#c00" font-size="10">50x target (numeric)</text>')
    x = x2(1.0)
    o.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{yb}" stroke="#333"/>')
    for i, r in enumerate(rows):
        y = top + i * (bar_h + gap)
        weight = ' font-weight="bold"' if r.get("geo") else ""
        o.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end"{weight}>{esc(r["name"])}</text>')
        o.append(f'<text x="{p2 - 8}" y="{y + 13}" text-anchor="end"{weight}>{esc(r["name"])}</text>')
        v = r.get("roast_rust")
        if v:
            colour = "#c44" if v > TARGET_MAX_ROAST_RUST else ("#e90" if v > TARGET_GEOMEAN_ROAST_RUST else "#4a4")
            if r.get("geo"):
                colour = "#555"
            o.append(f'<rect x="{left}" y="{y}" width="{x1(v) - left:.1f}" height="{bar_h}" fill="{colour}"/>')
            o.append(f'<text x="{x1(v) + 4:.1f}" y="{y + 13}"{weight}>{v:.2f}</text>')
        v = r.get("cpython_roast")
        if v:
            colour = "#555" if r.get("geo") else "#47a"
            x0 = x2(1.0)
            xa, xb = sorted((x0, x2(v)))
            o.append(f'<rect x="{xa:.1f}" y="{y}" width="{xb - xa:.1f}" height="{bar_h}" fill="{colour}"/>')
            o.append(f'<text x="{max(x0, x2(v)) + 4:.1f}" y="{y + 13}"{weight}>{v:.1f}</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs (a smoke test, not figures to commit)")
    ap.add_argument("--only", help="comma-separated program names")
    ap.add_argument("--no-compile-side", action="store_true")
    ap.add_argument("--no-pypy", action="store_true")
    args = ap.parse_args()

    progs = PROGRAMS
    if args.only:
        want = set(args.only.split(","))
        unknown = want - {p[0] for p in PROGRAMS}
        if unknown:
            sys.exit(f"unknown programs: {', '.join(sorted(unknown))}")
        progs = [p for p in PROGRAMS if p[0] in want]
    pypy = None if args.no_pypy else shutil.which("pypy3")
    py_runs, nat_runs = (1, 3) if args.quick else (5, 10)

    t_start = time.perf_counter()
    build_warning = build_compiler()
    log("building the programs")
    status = build_programs([p[0] for p in progs])

    rows = []
    for name, size, native, numeric in progs:
        log(f"{name}: checking outputs")
        src = str(BENCH / "programs" / f"{name}.roast")
        roast_bin, rust_bin = str(OUT / name), str(OUT / f"{name}.rust")
        row: dict = {"name": name, "size": size, "native": native, "numeric": numeric, "problems": [],
                     "roast_build_s": status[name]["roast_build_s"]}
        ok = {"cpython": True, "pypy": pypy is not None, "roast": status[name]["roast_error"] is None,
              "rust": status[name]["rust_error"] is None}
        if not ok["roast"]:
            row["problems"].append("rejected by roast build")
        if not ok["rust"]:
            row["problems"].append("hand-written Rust fails to build")
        code, expected = output_of([sys.executable, src, str(size)])
        if code != 0:
            row["problems"].append("CPython fails")
            rows.append(row)
            continue
        row["output"] = expected.decode(errors="replace")
        cmds_size = {"cpython": [sys.executable, src, str(size)], "pypy": [pypy or "pypy3", src, str(size)],
                     "roast": [roast_bin, str(size)], "rust": [rust_bin, str(size)]}
        for impl in ("pypy", "roast", "rust"):
            if ok[impl]:
                code, got = output_of(cmds_size[impl])
                if code != 0 or got != expected:
                    ok[impl] = False
                    row["problems"].append(f"{impl} output differs from CPython at size")
                    log(f"  {impl} differs:\n{got.decode(errors='replace')[:500]}")
        # the native size: Roast against Rust
        if ok["roast"] and ok["rust"]:
            c1, o1 = output_of([roast_bin, str(native)])
            c2, o2 = output_of([rust_bin, str(native)])
            if c1 != 0 or c2 != 0 or o1 != o2:
                row["problems"].append("Roast and Rust differ at native")
                ok["rust"] = False
        log(f"{name}: timing")
        t = measure({k: cmds_size[k] for k in ("cpython", "pypy") if ok[k]}, py_runs, 0)
        t.update(measure({"roast": cmds_size["roast"]} if ok["roast"] else {}, nat_runs, 2))
        row.update({k: t.get(k) for k in ("cpython", "pypy", "roast")})
        if ok["roast"] and ok["rust"]:
            t2 = measure({"roast_native": [roast_bin, str(native)], "rust_native": [rust_bin, str(native)]},
                         nat_runs, 1)
            row.update(t2)
            row["roast_rust"] = t2["roast_native"] / t2["rust_native"]
        if row.get("roast"):
            row["cpython_roast"] = row["cpython"] / row["roast"]
            if row.get("pypy"):
                row["pypy_roast"] = row["pypy"] / row["roast"]
        log(f"  cpython {fmt_s(row.get('cpython'))}  pypy {fmt_s(row.get('pypy'))}  roast {fmt_s(row.get('roast'))}"
            f"  | native: roast {fmt_s(row.get('roast_native'))}  rust {fmt_s(row.get('rust_native'))}"
            f"  roast/rust {fmt_r(row.get('roast_rust'))}")
        rows.append(row)

    cs = {}
    if not args.no_compile_side:
        log("compile-side figures")
        cs = compile_side(args.quick)
        log("  " + json.dumps(cs))
    runs_desc = f"{py_runs} runs of CPython/PyPy, {nat_runs} of Roast/Rust after warm-up"
    mach = machine()
    mach["build_warning"] = build_warning
    write_report(rows, cs, mach, runs_desc)
    log(f"wrote {RESULTS / 'latest.md'} and {RESULTS / 'ratios.svg'} in {time.perf_counter() - t_start:.0f} s")


if __name__ == "__main__":
    main()
