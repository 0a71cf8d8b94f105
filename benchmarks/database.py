"""What data/archive.db costs: the time to write it, its size, and what a full-text query costs in it.

Loads a content folder (the synthetic corpus of ``corpus.py``, or a General Debate import), writes
the database twice (the second must give the same bytes), and prints the records, the seconds to
write, the file's size, and for each word the statements FTS5 finds and the milliseconds it takes.

    .venv/bin/python benchmarks/corpus.py --sources 1000 --people 200 benchmarks/out/corpus
    .venv/bin/python benchmarks/database.py benchmarks/out/corpus --word protect --word sovereignty
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from r2p_archive.database import write_database
from r2p_archive.load import load_archive

WORDS = ("protect", "responsibility", "sovereignty", "prevention", "xylophone")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path, help="a content folder")
    parser.add_argument("--word", action="append", help="a word to count (repeatable)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    archive = load_archive(args.content)
    print(
        f"loaded {len(archive.sources)} sources, {len(archive.statements)} statements in "
        f"{time.perf_counter() - started:.1f} s"
    )
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "first.db", Path(folder) / "second.db"
        started = time.perf_counter()
        write_database(archive, first)
        took = time.perf_counter() - started
        write_database(archive, second)
        same = first.read_bytes() == second.read_bytes()
        print(
            f"archive.db: {first.stat().st_size / 1e6:.1f} MB written in {took:.2f} s; written again, "
            f"{'the same bytes' if same else 'DIFFERENT bytes'}"
        )
        connection = sqlite3.connect(first)
        for word in args.word or WORDS:
            started = time.perf_counter()
            (found,) = connection.execute(
                "select count(*) from statements_fts where statements_fts match ?", [word]
            ).fetchone()
            print(f"  {word!r}: {found} statements in {(time.perf_counter() - started) * 1000:.1f} ms")
        connection.close()
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
