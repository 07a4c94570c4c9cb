#!/usr/bin/env python3
"""Regenerate the expected outputs of the Roast test programs from CPython.

CPython is the oracle: the expected behaviour of every program in
tests/programs/ is whatever `python3 PROGRAM` does.

Usage:
    python3 tests/regen.py                 # every tests/programs/*.roast
    python3 tests/regen.py FILE...         # only these programs
    python3 tests/regen.py --check [FILE...]
        write nothing; exit 1 and list every program whose committed
        expectation files differ from what python3 produces now.

For a program NAME.roast the script runs

    python3 NAME.roast [ARGS]

in the program's directory, with a 20 s timeout, the environment variables
PYTHONHASHSEED=0 and PYTHONIOENCODING=utf-8 set, and stdin read from
NAME.stdin when that file exists (otherwise stdin is empty). It then writes

    NAME.stdout   the exact bytes printed on stdout (always written);
    NAME.exit     the exit status as a decimal number and a newline,
                  only when the status is not 0;
    NAME.stderr   only the LAST line of stderr, with its newline (CPython's
                  last traceback line, e.g. "IndexError: list index out of
                  range"), only when the status is not 0; empty when the
                  program wrote nothing on stderr (e.g. sys.exit(3)).

When the status is 0, stale NAME.exit and NAME.stderr files are deleted.

Header options
--------------
Options are given in comment lines of the form

    # roast: KEY=VALUE

among the comment and blank lines at the top of the program (before the
first line of code). Known keys:

    args=a b c    command-line arguments passed after the program name
                  (split like a shell does, so quotes work:
                  `# roast: args="two words" x`). They show up in
                  sys.argv[1:].

An unknown key is an error, so that a typo does not go unnoticed.
Standard input is not a header option: put it in NAME.stdin.

The interpreter is `python3` from PATH (override with the environment
variable ROAST_PYTHON). Expectations are meant to come from CPython 3.11;
the script warns when another version is used.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

TIMEOUT_SECONDS = 20
PROGRAMS_DIR = Path(__file__).resolve().parent / "programs"
HEADER_RE = re.compile(r"^#\s*roast:\s*(.*?)\s*$")
KNOWN_KEYS = {"args"}


class HeaderError(Exception):
    pass


def parse_header(path: Path) -> dict[str, str]:
    """Read the `# roast: key=value` options at the top of a program."""
    options: dict[str, str] = {}
    text = path.read_text(encoding="utf-8")
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped == "":
            continue
        if not stripped.startswith("#"):
            break  # first line of code: the header is over
        m = HEADER_RE.match(stripped)
        if m is None:
            continue
        body = m.group(1)
        key, eq, value = body.partition("=")
        key = key.strip()
        if eq == "" or key not in KNOWN_KEYS:
            raise HeaderError(
                f"{path}:{lineno}: unknown header option {body!r} "
                f"(known: {', '.join(sorted(KNOWN_KEYS))})"
            )
        if key in options:
            raise HeaderError(f"{path}:{lineno}: duplicate header option {key!r}")
        options[key] = value.strip()
    return options


def python_executable() -> str:
    return os.environ.get("ROAST_PYTHON", "python3")


def run_program(path: Path) -> tuple[bytes, int, bytes]:
    """Run one program; return (stdout, exit status, last stderr line)."""
    options = parse_header(path)
    args = shlex.split(options.get("args", ""))
    stdin_path = path.with_suffix(".stdin")
    stdin_bytes = stdin_path.read_bytes() if stdin_path.exists() else b""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    for var in ("PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONWARNINGS", "PYTHONDEVMODE"):
        env.pop(var, None)
    # tests/pyroast.py runs the file as `python3 FILE` would, with `.roast` modules importable.
    runner = Path(__file__).resolve().parent / "pyroast.py"
    proc = subprocess.run(
        [python_executable(), str(runner), path.name, *args],
        cwd=path.parent,
        input=stdin_bytes,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        timeout=TIMEOUT_SECONDS,
    )
    lines = proc.stderr.splitlines(keepends=True)
    last = lines[-1] if lines else b""
    if last and not last.endswith(b"\n"):
        last += b"\n"
    if last.endswith(b"\r\n"):
        last = last[:-2] + b"\n"
    return proc.stdout, proc.returncode, last


def expected_files(path: Path, stdout: bytes, status: int, stderr_last: bytes) -> dict[Path, bytes | None]:
    """The expectation files for one program; None means 'must not exist'."""
    files: dict[Path, bytes | None] = {path.with_suffix(".stdout"): stdout}
    if status != 0:
        files[path.with_suffix(".exit")] = f"{status}\n".encode()
        files[path.with_suffix(".stderr")] = stderr_last
    else:
        files[path.with_suffix(".exit")] = None
        files[path.with_suffix(".stderr")] = None
    return files


def collect(argv: list[str]) -> list[Path]:
    if argv:
        paths = []
        for arg in argv:
            p = Path(arg).resolve()
            if p.suffix != ".roast":
                p = p.with_suffix(".roast")
            if not p.exists():
                sys.exit(f"regen.py: no such program: {arg}")
            paths.append(p)
        return paths
    return sorted(PROGRAMS_DIR.glob("*.roast"))


def display(p: Path) -> str:
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def check_version() -> None:
    out = subprocess.run(
        [python_executable(), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.strip()
    if out != "3.11":
        print(f"regen.py: warning: {python_executable()} is Python {out}, "
              "expectations are meant to come from 3.11", file=sys.stderr)


def main() -> int:
    argv = sys.argv[1:]
    check = False
    if "--check" in argv:
        check = True
        argv = [a for a in argv if a != "--check"]
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    check_version()
    programs = collect(argv)
    failures: list[str] = []
    changed = 0
    for path in programs:
        try:
            stdout, status, stderr_last = run_program(path)
        except HeaderError as e:
            failures.append(str(e))
            continue
        except subprocess.TimeoutExpired:
            failures.append(f"{path.name}: timed out after {TIMEOUT_SECONDS} s")
            continue
        files = expected_files(path, stdout, status, stderr_last)
        for fpath, content in files.items():
            current = fpath.read_bytes() if fpath.exists() else None
            if current == content:
                continue
            if check:
                what = "missing" if current is None else ("stale" if content is None else "differs")
                failures.append(f"{display(fpath)}: {what}")
                continue
            changed += 1
            if content is None:
                fpath.unlink()
            else:
                fpath.write_bytes(content)
    for f in failures:
        print(f, file=sys.stderr)
    if check:
        if failures:
            print(f"regen.py --check: {len(failures)} expectation(s) out of date", file=sys.stderr)
            return 1
        print(f"regen.py --check: {len(programs)} program(s) up to date")
        return 0
    print(f"regen.py: {len(programs)} program(s), {changed} file(s) written or removed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
