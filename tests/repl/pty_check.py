#!/usr/bin/env python3
"""Drives `roast-jit repl` through a pseudo-terminal: prompts, line editing (a cursor move and
an insertion), history (Up recalls the last input), a block, Ctrl-C abandoning an input, Ctrl-D
leaving, and the history file. Usage: pty_check.py ROAST_JIT_EXE (run by jit/tests/repl.rs)."""

import os
import pty
import re
import select
import shutil
import sys
import tempfile
import time

exe = sys.argv[1]
data = tempfile.mkdtemp(prefix="roast-repl-pty-")
pid, fd = pty.fork()
if pid == 0:
    os.environ["XDG_DATA_HOME"] = data
    os.environ["TERM"] = "xterm"
    os.execv(exe, [exe, "repl"])

transcript = b""


def wait_for(s, timeout=20):
    global transcript
    buf = b""
    end = time.time() + timeout
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            if s in plain(buf):
                break
    transcript += buf
    return buf


def plain(b):
    text = b.decode(errors="replace")
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    return text.replace("\r", "")


failures = []


def expect(what, keys, want):
    """Types `keys`; the screen must then show `want` (escape sequences and CRs removed)."""
    os.write(fd, keys)
    got = plain(wait_for(want))
    if want not in got:
        failures.append(f"{what}: expected {want!r} in {got!r}")


expect("banner", b"", ">>> ")
expect("assignment", b"x = 2\r", ">>> ")
expect("edited line (Left, insert)", b"x * 3\x1b[D2\r", "46\n>>> ")
expect("history (Up)", b"\x1b[A\r", "46\n>>> ")
expect("block prompt", b"def f() -> int:\r", "... ")
expect("block body", b"    return 7\r", "... ")
expect("block end", b"\r", ">>> ")
expect("call", b"f()\r", "7\n>>> ")
expect("Ctrl-C", b"f(\x03", "KeyboardInterrupt\n>>> ")
expect("after Ctrl-C", b"f() + x\r", "9\n>>> ")
os.write(fd, b"\x04")
wait_for("\x00", 5)
_, status = os.waitpid(pid, 0)
if status != 0:
    failures.append(f"Ctrl-D: exit status {status}")
try:
    with open(os.path.join(data, "roast", "repl_history"), encoding="utf-8") as f:
        history = f.read()
    if "x * 23" not in history:
        failures.append(f"history file: no `x * 23` in {history!r}")
except OSError as e:
    failures.append(f"history file: {e}")
shutil.rmtree(data, ignore_errors=True)
if failures:
    print("\n".join(failures), file=sys.stderr)
    print("transcript:", plain(transcript), file=sys.stderr)
    sys.exit(1)
