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


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def can_drop_caches() -> bool:
    return os.access(DROP_CACHES, os.W_OK)


def settle() -> None:
    """Before a timed build: write out what is pending, and (as root) empty the kernel's page, dentry
    and inode caches. On this VM the same build spent 10 s or 48 s in the kernel depending on what
    earlier runs left in them, which moved a comparison with Hugo from 1.01 to 1.26."""
    os.sync()
    if can_drop_caches():
        DROP_CACHES.write_text("3\n")


def swapped_out_kib() -> int:
    """KiB the kernel has written to swap since boot (0 without swap or ``/proc``): read before and
    after a child, it tells whether the child's peak RSS is all it used or memory spilled to disk."""
    try:
        for line in Path("/proc/vmstat").read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == "pswpout":
                return int(value) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        pass
    return 0


def run_pagefind(site: Path) -> tuple[float, int, int] | None:
    """Pagefind's CLI over a built site, as its docs run it: (wall seconds, peak RSS in KiB, KiB
    written to swap meanwhile), or None if it failed. The CLI is the same binary the build drives
    through the Python API."""
    swapped = swapped_out_kib()
    wall, rss, code, _, _ = run_measured([sys.executable, "-m", "pagefind", "--site", str(site)])
    return (wall, rss, swapped_out_kib() - swapped) if code == 0 else None
