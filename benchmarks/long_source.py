"""How the build's time grows with the size of one source (1, 2, 5 and 10 MB by default).

Run by hand: `.venv/bin/python benchmarks/long_source.py [--sizes 1,2,5,10]`. Prints each
size's build time by phase and the growth exponent between sizes (1.0 is linear).
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from r2p_archive.build import build  # noqa: E402
from test_bad_input import long_source  # noqa: E402


def measure(megabytes: float, work: Path) -> float:
    content = work / f"content-{megabytes}"
    shutil.copytree(ROOT / "content", content)
    (content / "sources" / "long.txt").write_bytes(long_source(int(megabytes * 1_000_000)))
    started = time.perf_counter()
    report = build(content, work / f"site-{megabytes}", templates=ROOT / "templates", incremental=False)
    seconds = time.perf_counter() - started
    phases = ", ".join(f"{name} {value:.1f}" for name, value in report.timings.items())
    print(f"{megabytes:5.1f} MB  {seconds:7.1f} s  {report.statements:7d} statements  ({phases})", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,5,10", help="comma-separated sizes in MB")
    sizes = [float(size) for size in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="r2p-long-") as folder:
        times = [measure(size, Path(folder)) for size in sizes]
    for i in range(1, len(sizes)):
        growth = math.log(times[i] / times[i - 1]) / math.log(sizes[i] / sizes[i - 1])
        print(f"growth {sizes[i - 1]:g} -> {sizes[i]:g} MB: {growth:.2f}")


if __name__ == "__main__":
    main()
