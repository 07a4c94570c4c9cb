"""Run a .roast program with CPython exactly as `python3 prog.roast` does, but with `.roast`
files importable as modules (`from helpers import f` finds `helpers.roast` beside the program).

Usage: python3 tests/pyroast.py PROGRAM [ARGS...]

It replaces itself with `python3 PROGRAM [ARGS...]` (same interpreter), with `pyroast_site/` on
PYTHONPATH: its `sitecustomize.py` installs the `.roast` import hook at start-up. So the program
is the interpreter's main module with nothing on the stack below it, and the recursion depth
at which it gets `RecursionError` is the one `python3 prog.roast` has (running it through
`runpy` from here would add 6 frames).
"""

import os
import sys


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: pyroast.py PROGRAM [ARGS...]")
    site = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyroast_site")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [site, env.get("PYTHONPATH", "")] if p)
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, *sys.argv[1:]], env)


if __name__ == "__main__":
    main()
