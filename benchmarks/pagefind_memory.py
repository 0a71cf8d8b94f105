"""What Pagefind's memory follows: its CLI over slices of a built site, and over minimal pages.

The build benchmark shows Pagefind taking nearly all of a large build's memory. This one shows
why, on a site that ``build.py`` has already built (default: the 1,000-source one), and projects
the peak for a larger archive. Each slice is indexed in a scratch copy (hard links, no old index):

* the whole site as built;
* its statement pages alone;
* as many minimal pages (a title and ten words each) as there are statement pages.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/build.py --sizes 1000 --no-hugo --no-bundled
    .venv/bin/python benchmarks/pagefind_memory.py [SITE] [--project 372396]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import run_pagefind  # noqa: E402  (benchmarks/ is not a package)

MINIMAL = '<!doctype html><html lang="en"><head><title>Statement {n}</title></head><body><main data-pagefind-body><h1>Statement {n}</h1><p>The time for words has passed, word{m} said, to protect populations.</p></main></body></html>'  # noqa: E501


def linked_copy(site: Path, dest: Path, only: str | None = None) -> int:
    """Hard-link the site's HTML (or one folder of it) under ``dest``; the number of pages."""
    root = site / only if only else site
    count = 0
    for page in root.rglob("*.html"):
        relative = page.relative_to(site)
        if relative.parts[0] == "pagefind":
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.hardlink_to(page)
        count += 1
    return count


def minimal_pages(dest: Path, count: int) -> int:
    for n in range(count):
        folder = dest / "statements" / str(n)
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(MINIMAL.format(n=n, m=n % 5000), encoding="utf-8")
    return count


def measure_slice(label: str, make, scratch: Path) -> tuple[str, int, float, int] | None:
    dest = scratch / label.replace(" ", "-")
    pages = make(dest)
    indexed = run_pagefind(dest)
    shutil.rmtree(dest)
    if indexed is None:
        print(f"   {label:<28} Pagefind failed")
        return None
    wall, rss_kib, _ = indexed
    print(f"   {label:<28} {pages:8d} pages {rss_kib / 1024:8.0f} MiB {wall:7.1f} s {rss_kib / pages:7.1f} KiB/page")
    return label, pages, wall, rss_kib


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=HERE / "out" / "n1000" / "site")
    parser.add_argument("--project", type=int, default=372_396, help="pages to project the peak for")
    args = parser.parse_args(argv)
    if not (args.site / "statements").is_dir():
        print(f"no built site at {args.site}: run benchmarks/build.py first")
        return 1
    statements = sum(1 for _ in (args.site / "statements").glob("*/index.html"))
    print(f"== Pagefind CLI over slices of {args.site}")
    with tempfile.TemporaryDirectory(dir=args.site.parent) as scratch:
        rows = [
            measure_slice("whole site", lambda d: linked_copy(args.site, d), Path(scratch)),
            measure_slice("statement pages", lambda d: linked_copy(args.site, d, "statements"), Path(scratch)),
            measure_slice("minimal pages", lambda d: minimal_pages(d, statements), Path(scratch)),
        ]
    print(f"\n== projected peak for {args.project} pages (linear in pages, as measured from 100 to 1,000 sources)")
    for row in filter(None, rows):
        label, pages, _, rss_kib = row
        print(f"   {label:<28} {rss_kib / pages * args.project / 1024 / 1024:8.1f} GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
