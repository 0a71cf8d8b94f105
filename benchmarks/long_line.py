"""How the build's time and output grow with one source on a single line (64 KB, 256 KB and 1 MB by default).

Run by hand: `.venv/bin/python benchmarks/long_line.py [--sizes 64,256,1024]` (sizes in KB). Each size is
built twice, its paragraphs joined into one line after a dateline and with none; prints the build time,
the statements found and the size of the output (the targets for 1 MB: under 5 s and 5 MB; the output
should grow linearly with the line).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from r2p_archive.build import build  # noqa: E402
from test_hostile_input import one_line  # noqa: E402


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def measure(kilobytes: int, dateline: bool, work: Path) -> None:
    name = f"{kilobytes}-{'dated' if dateline else 'bare'}"
    content, site = work / f"content-{name}", work / f"site-{name}"
    shutil.copytree(ROOT / "content", content)
    (content / "sources" / "line.txt").write_bytes(one_line(kilobytes * 1000, dateline))
    started = time.perf_counter()
    report = build(content, site, templates=ROOT / "templates", incremental=False)
    seconds = time.perf_counter() - started
    shutil.rmtree(content)
    phases = ", ".join(f"{phase} {value:.1f}" for phase, value in report.timings.items())
    print(
        f"{kilobytes:5d} KB {'after a dateline' if dateline else 'no dateline     '}  {seconds:6.1f} s  "
        f"{report.statements:6d} statements  output {folder_size(site) / 1e6:7.1f} MB  ({phases})",
        flush=True,
    )
    shutil.rmtree(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="64,256,1024", help="comma-separated sizes in KB")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="r2p-line-") as folder:
        for size in sizes:
            for dateline in (True, False):
                measure(size, dateline, Path(folder))


if __name__ == "__main__":
    main()
