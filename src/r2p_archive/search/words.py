"""Each statement's words as SQLite FTS5 reads them: stems (its ``porter`` tokenizer over ``unicode61``)
and their positions.

Why SQLite's own tokenizer and not a stemmer of ours: the search page must count exactly what an
FTS5 ``MATCH`` counts, and the one way to be sure of that is to let FTS5 cut and stem the words. Its
``fts5vocab`` table, in the ``instance`` form, gives every (stem, row, offset) it indexed. The page
stems a query with the same Porter algorithm (``assets/stemmer.js``, checked word for word against
FTS5 by the tests).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable

TOKENIZER = "porter unicode61"

Postings = dict[str, dict[int, list[int]]]  # stem -> statement number -> the positions of its words


def postings(texts: Iterable[str]) -> tuple[Postings, list[int]]:
    """Every stem's statements and positions, and each statement's length in words (for ranking)."""
    database = sqlite3.connect(":memory:")
    try:
        database.execute(f"CREATE VIRTUAL TABLE words USING fts5(text, tokenize='{TOKENIZER}')")
        database.execute("CREATE VIRTUAL TABLE found USING fts5vocab(words, 'instance')")
        database.executemany("INSERT INTO words(rowid, text) VALUES (?, ?)", ((n, t) for n, t in enumerate(texts)))
        count = database.execute("SELECT count(*) FROM words").fetchone()[0]
        found: Postings = defaultdict(lambda: defaultdict(list))
        lengths = [0] * count
        for stem, row, offset in database.execute("SELECT term, doc, offset FROM found ORDER BY term, doc, offset"):
            found[stem][row].append(offset)
            lengths[row] += 1
        return {stem: dict(rows) for stem, rows in found.items()}, lengths
    finally:
        database.close()
