"""Measuring a child process from outside: wall time and its own peak RSS."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """The package may not be installed in the venv yet: put ``src/`` on the child's path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    return env


def run_measured(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int, str, str]:
    """Run a child and reap it with ``os.wait4``, which returns that child's own peak RSS (KiB).

    Linux reports the largest single process of the child's tree (the Python build or the Pagefind
    binary it spawns), not their sum; the child also prints its Python process's own peak, so the
    two can be told apart. Output goes to temporary files so that nothing else reaps the child.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env or child_env(), stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return wall, usage.ru_maxrss, process.returncode, out.read(), err.read()


def run_pagefind(site: Path) -> tuple[float, int] | None:
    """Pagefind's CLI over a built site, as its docs run it: (wall seconds, peak RSS in KiB), or None
    if it failed. The CLI is the same binary the build drives through the Python API."""
    wall, rss, code, _, _ = run_measured([sys.executable, "-m", "pagefind", "--site", str(site)])
    return (wall, rss) if code == 0 else None
