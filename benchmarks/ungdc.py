"""Real-data benchmark: the UN General Debate Corpus imported and built, beside the synthetic corpus.

The corpus is third-party text and stays outside the repository: pass the unpacked folder
(``UNGDC_1946-2024.tar.xz`` from ``../shared/ungdc/``, unpacked anywhere) as ``--corpus``; with
no argument the archive is unpacked into a temporary folder. For each case it prints the import
(wall time, peak RSS, speeches written) and the build measured as ``benchmarks/build.py`` measures
it (phases, pages/s, peak RSS, the no-change and one-change rebuilds, what one query downloads),
and with ``--hugo`` the same pages built by Hugo + Pagefind.

Cases: ``r2p`` is the bundled content plus the speeches that name R2P (targets: import < 30 s,
build with search < 60 s); ``all`` is every speech, every passage a statement (``import --all``;
target: peak RSS < 2 GiB per process).

    .venv/bin/python benchmarks/ungdc.py --corpus /tmp/ungdc/ungdc_1946-2024            # r2p
    .venv/bin/python benchmarks/ungdc.py --corpus /tmp/ungdc/ungdc_1946-2024 --cases r2p,all
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
ARCHIVE = REPO.parent / "shared" / "ungdc" / "UNGDC_1946-2024.tar.xz"
sys.path.insert(0, str(HERE))

from build import build_mode, compare_hugo, measure, print_machine, print_pagefind, print_run  # noqa: E402
from measure import run_measured  # noqa: E402


def unpacked(corpus: Path | None, scratch: Path) -> Path:
    """The corpus folder (the one holding ``TXT/``): as given, or unpacked from the shared archive."""
    if corpus:
        return corpus
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(scratch, filter="data")
    return next(path.parent for path in scratch.rglob("TXT") if path.is_dir())


def prepare(case: str, corpus: Path) -> Path:
    """A fresh content folder for ``case`` with the corpus imported into it; prints the import's figures."""
    content = OUT / f"ungdc-{case}" / "content"
    shutil.rmtree(content.parent, ignore_errors=True)
    content.mkdir(parents=True)
    shutil.copytree(REPO / "content" / "registry", content / "registry")
    if case == "r2p":
        shutil.copytree(REPO / "content" / "sources", content / "sources")
    command = [sys.executable, "-m", "r2p_archive", "import", "ungdc", str(corpus), "--content", str(content)]
    wall, rss, code, stdout, stderr = run_measured(command + (["--all"] if case == "all" else []))
    speeches = sum(1 for _ in (content / "sources" / "ungdc").rglob("*.txt"))
    size = sum(p.stat().st_size for p in (content / "sources" / "ungdc").rglob("*.txt"))
    print(f"\n== import ({case}): {wall:.1f} s wall, peak RSS {rss / 1024:.0f} MiB, exit {code}")
    print(f"   {speeches} speeches, {size / 1e6:.1f} MB of text")
    if code != 0:
        print("   " + (stderr or stdout).strip().splitlines()[-1])
    return content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="the unpacked corpus (default: unpack ../shared/ungdc)")
    parser.add_argument("--cases", default="r2p", help="comma-separated: r2p, all")
    parser.add_argument("--hugo", action="store_true", help="also build the same pages with Hugo + Pagefind")
    parser.add_argument("--no-rebuilds", action="store_true", help="measure the full build only")
    args = parser.parse_args(argv)
    mode = build_mode()
    print_machine(mode)
    with tempfile.TemporaryDirectory() as scratch:
        corpus = unpacked(args.corpus, Path(scratch))
        for case in args.cases.split(","):
            content = prepare(case, corpus)
            site = content.parent / "site"
            run = measure(f"UNGDC {case}", 0, content, site, mode, None, rebuilds=not args.no_rebuilds)
            run.sources = sum(1 for _ in (content / "sources").rglob("*.txt"))
            print_run(run)
            if not run.error:
                print_pagefind(site)
                if args.hugo:
                    compare_hugo(run, site, content.parent / "hugo", True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
