#!/usr/bin/env python3
"""Expected outputs of the REPL transcripts (tests/repl/*.txt), from CPython's console.

A transcript is what `roast repl --echo < input` prints: each input line after its prompt
(`>>> ` for a new input, `... ` for a continuation; a prompt before an empty line is written
without its trailing space), followed by what that input printed (stdout and stderr together;
an exception as its last traceback line only). The input of a transcript is its prompt lines.

    python3 tests/repl/regen.py            # rewrite every transcript's outputs from CPython
    python3 tests/repl/regen.py FILE...    # just these
    python3 tests/repl/regen.py --check    # write nothing; fail if an output is not CPython's

Roast rejects some inputs at compile time that CPython runs until they raise (a type error):
an input whose recorded output is a Roast diagnostic (its first line starts with `error`) keeps
it, and CPython must raise an exception there. A REPL command (`:type x`) is not Python: it is
not run in CPython and keeps its recorded output. Record those diagnostics with
`ROAST_BLESS=1 cargo test -p roast-jit --test repl` (which writes Roast's whole transcript; this
script with --check then confirms every other output is CPython's).
"""

import code
import glob
import io
import os
import sys
import traceback


def parse(text):
    """[(input lines as (prompt, line)), [output lines]] per input."""
    entries = []
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        if line == ">>>" or line.startswith(">>> "):
            entries.append(([(">>> ", line[4:])], []))
        elif line == "..." or line.startswith("... "):
            entries[-1][0].append(("... ", line[4:]))
        else:
            if not entries:
                raise SystemExit(f"output before the first prompt: {line!r}")
            entries[-1][1].append(line)
    return entries


class Console(code.InteractiveConsole):
    def __init__(self, buf):
        super().__init__(locals={"__name__": "__main__", "__doc__": None})
        self.buf = buf

    def write(self, data):
        self.buf.write(data)

    def showtraceback(self):
        t, v, _ = sys.exc_info()
        self.write(traceback.format_exception_only(t, v)[-1])

    def showsyntaxerror(self, filename=None, **kwargs):
        t, v, _ = sys.exc_info()
        self.write(traceback.format_exception_only(t, v)[-1])


def run(entries):
    """CPython's output for each entry, as lists of lines; None after the session exited."""
    buf = io.StringIO()
    console = Console(buf)
    outputs = []
    stdout, stderr = sys.stdout, sys.stderr
    exited = False
    for inputs, _ in entries:
        if exited:
            outputs.append(None)
            continue
        if is_command(inputs):
            outputs.append(None)
            continue
        sys.stdout = sys.stderr = buf
        try:
            for _, line in inputs:
                console.push(line)
        except SystemExit:
            exited = True
        finally:
            sys.stdout, sys.stderr = stdout, stderr
        text = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        outputs.append(text.split("\n")[:-1] if text else [])
    return outputs


def is_command(inputs):
    return inputs[0][1].startswith(":")


def is_diagnostic(lines):
    return bool(lines) and lines[0].startswith("error")


def is_exception(lines):
    return len(lines) == 1 and (lines[0].split(":")[0].endswith(("Error", "Exception")))


def render(entries, outputs):
    out = []
    for (inputs, old), new in zip(entries, outputs):
        for prompt, line in inputs:
            out.append((prompt + line).rstrip())
        out.extend(old if is_diagnostic(old) or is_command(inputs) else (new or []))
    return "\n".join(out) + "\n"


def main():
    args = sys.argv[1:]
    check = "--check" in args
    files = [a for a in args if a != "--check"]
    if not files:
        here = os.path.dirname(os.path.abspath(__file__))
        files = sorted(glob.glob(os.path.join(here, "*.txt")))
    bad = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        entries = parse(text)
        outputs = run(entries)
        for (inputs, old), new in zip(entries, outputs):
            if is_diagnostic(old) and not is_command(inputs) and not is_exception(new or []):
                bad.append(f"{path}: `{inputs[0][1]}` is a Roast compile error, but CPython "
                           f"does not raise there: {new}")
        expected = render(entries, outputs)
        if expected != text:
            if check:
                bad.append(f"{path}: outputs differ from CPython's (run tests/repl/regen.py)")
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(expected)
                print(f"wrote {path}")
    for b in bad:
        print(b, file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
