"""Run a .roast program with CPython, as `python3 prog.roast` does, but with `.roast` files
importable as modules (`from helpers import f` finds `helpers.roast` beside the program).

Usage: python3 tests/pyroast.py PROGRAM [ARGS...]
"""

import importlib.machinery
import os
import runpy
import sys


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: pyroast.py PROGRAM [ARGS...]")
    program = sys.argv[1]
    # Teach the path finder that .roast files are Python source.
    m = importlib.machinery
    loaders = [
        (m.ExtensionFileLoader, m.EXTENSION_SUFFIXES),
        (m.SourceFileLoader, m.SOURCE_SUFFIXES + [".roast"]),
        (m.SourcelessFileLoader, m.BYTECODE_SUFFIXES),
    ]
    sys.path_hooks.insert(0, m.FileFinder.path_hook(*loaders))
    sys.path_importer_cache.clear()
    sys.path[0] = os.path.dirname(os.path.abspath(program))
    sys.argv = sys.argv[1:]
    runpy.run_path(program, run_name="__main__")


if __name__ == "__main__":
    main()
