#!/usr/bin/env python3
"""REPL latency: runs the inputs of every transcript in tests/repl (but `exit()`) as one session
through `roast-jit repl` with ROAST_REPL_TIMES=1, and prints each input's time (last line read
to result printed) as median, 90th percentile and maximum, and the last input's (the longest
replay).

    cargo build --release -p roast-jit
    python3 tests/repl/latency.py target/release/roast-jit
    python3 tests/repl/latency.py target/release/roast-jit --long 100

`--long N` runs instead a session of N functions, each defined, called into a variable and
shown (3N inputs): every input replays the whole session, so the time grows with its length.
"""

import glob
import os
import re
import statistics
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
lines = []
long = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--long" else 0
for i in range(long):
    lines += [f"def f{i}(n: int) -> int:", f"    return n * {i} + {i}", "", f"v{i} = f{i}({i})",
              f"v{i} + 1"]
for path in [] if long else sorted(glob.glob(os.path.join(here, "*.txt"))):
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            m = re.match(r"^(>>>|\.\.\.)( (.*))?$", line)
            if m and m.group(3) not in ("exit()", "quit()"):
                lines.append(m.group(3) or "")
    lines.append("")
env = dict(os.environ, ROAST_REPL_TIMES="1")
out = subprocess.run([sys.argv[1], "repl"], input="\n".join(lines) + "\n", env=env,
                     capture_output=True, text=True)
times = [float(t) for t in re.findall(r"\[repl: ([0-9.]+) ms\]", out.stderr)]
times_sorted = sorted(times)
print(f"{len(times)} inputs in one session: median {statistics.median(times):.1f} ms, "
      f"p90 {times_sorted[int(len(times) * 0.9)]:.1f} ms, max {max(times):.1f} ms, "
      f"last {times[-1]:.1f} ms")
