"""Does the search page answer right? Its answers in Chromium against an SQLite FTS5 table (porter
tokenizer, bm25) over the same statements, on a real archive.

The archive: the bundled content/ and the texts of ../shared/corpus/ (read by path, copied into a
temporary content folder outside the repository, never into it), built into a temporary site, served
on 127.0.0.1. For each query of ours (rare words, names, two- and three-word phrases, quoted phrases)
it prints the page's count and FTS5's, the first five cards that FTS5 does not match (false) or that
the page labels partial while full matches exist, and whether the first card holds the phrase where
FTS5's first does; then the totals. A speaker named in a query is that speaker's filter on the page,
so FTS5 is asked for the other words, among that speaker's statements.

    .venv/bin/python benchmarks/search_answers.py
    .venv/bin/python benchmarks/search_answers.py --site SITE   # an archive already built
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote_plus, urlparse

from r2p_archive.search.words import TOKENIZER
from search_query import search_page

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FIRST = 5  # the cards a reader reads

# (speaker named in the query or "", the words): our own queries, in the archive's vocabulary
QUERIES = [
    ("", w)
    for w in (
        "sovereignty",
        "genocide",
        "prevention",
        "veto",
        "Syria",
        "Libya",
        "Darfur",
        "Myanmar",
        "Rwanda",
        "impunity",
        "accountability",
        "mediation",
        "sanctions",
        "refugees",
        "xylophone",
        "early warning",
        "national ownership",
        "civil society",
        "regional arrangements",
        "international community",
        "mass atrocities",
        "Security Council",
        "timely and decisive",
        "protect populations",
        "ethnic cleansing",
        "crimes against humanity",
        "Syria veto",
        "human rights council",
        "responsibility to protect",
        "three pillars",
        '"early warning"',
        '"responsibility to protect"',
        '"international community"',
        '"crimes against humanity"',
        '"Security Council"',
        '"mass atrocity crimes"',
        '"timely and decisive"',
    )
] + [("Ban Ki-moon", "Ban Ki-moon early warning"), ("Ban Ki-moon", "Ban Ki-moon prevention")]


def fts5_query(words: str) -> str:
    """The words as an FTS5 query: each word a string (AND), or one phrase when quoted."""
    if re.fullmatch(r'\s*["“].*["”]\s*', words):
        return '"' + " ".join(re.findall(r"[\w]+", words)) + '"'
    return " ".join(f'"{word}"' for word in re.findall(r"[\w]+", words))


def built_archive(folder: Path) -> Path:
    """content/ and the shared corpus, built into ``folder``/site."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for text in sorted(CORPUS.glob("*.txt")):
        shutil.copyfile(text, content / "sources" / text.name)
    site = folder / "site"
    command = [sys.executable, "-m", "r2p_archive", "build", "--content", str(content), "--out", str(site)]
    subprocess.run([*command, "--templates", str(ROOT / "templates")], check=True, capture_output=True)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site already built (default: build the archive above)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="search-answers-") as scratch:
        site = args.site or built_archive(Path(scratch))
        measure(site)


def measure(site: Path) -> None:
    archive = json.loads((site / "data" / "archive.json").read_text(encoding="utf-8"))
    names = {person["name"]: person["id"] for person in archive["people"]}
    database = sqlite3.connect(":memory:")
    database.execute(
        f"CREATE VIRTUAL TABLE said USING fts5(id UNINDEXED, speakers UNINDEXED, text, tokenize='{TOKENIZER}')"
    )
    for s in archive["statements"]:
        speakers = " ".join([s["speaker"] or "", *s["also_by"]])
        database.execute("INSERT INTO said VALUES (?, ?, ?)", (s["id"], f" {speakers} ", s["text"]))
    print(f"{len(archive['statements'])} statements; {len(QUERIES)} queries\n")
    print(f"{'query':<32} {'page':>5} {'fts5':>5} {'false':>5} {'part.':>5} {'phrase 1st':>10}")
    totals = {"false": 0, "partial": 0, "count off": 0, "phrase asked": 0, "phrase first": 0, "exact count": 0}
    with search_page(site) as (browser, base):
        page = browser.new_page()
        for speaker, query in QUERIES:
            words = query.replace(speaker, "").strip() if speaker else query
            condition = " AND speakers LIKE ?" if speaker else ""
            bound = (fts5_query(words), *([f"% {names[speaker]} %"] if speaker else []))
            rows = database.execute(f"SELECT id FROM said WHERE said MATCH ?{condition} ORDER BY bm25(said)", bound)
            expected = [row[0] for row in rows]
            page.goto(f"{base}?q={quote_plus(query)}")
            page.wait_for_function(
                "/^(\\d+|No) statement/.test(document.getElementById('results-heading').textContent)"
            )
            page.wait_for_load_state("networkidle")
            heading = page.locator("#results-heading").inner_text()
            cards = page.locator("#results li")
            shown = [
                urlparse(h).path.strip("/").split("/")[-1]
                for h in cards.locator("p.words a").evaluate_all("links => links.map(link => link.href)")
            ][:FIRST]
            partial = cards.locator(".badge.partial").count()
            counted = int(heading.split()[0]) if heading[0].isdigit() else 0
            false = sum(1 for card in shown if card not in expected) if expected else 0
            partial_wrong = partial if expected else 0
            phrase = ""
            if " " in words and not words.startswith('"'):
                holding = fts5_query(f'"{words}"')
                phrased = {
                    r[0]
                    for r in database.execute(
                        f"SELECT id FROM said WHERE said MATCH ?{condition}", (holding, *bound[1:])
                    )
                }
                if expected and expected[0] in phrased:
                    totals["phrase asked"] += 1
                    first = bool(shown) and shown[0] in phrased
                    totals["phrase first"] += first
                    phrase = "yes" if first else "NO"
            totals["false"] += false
            totals["partial"] += partial_wrong
            totals["count off"] += counted != len(expected)
            totals["exact count"] += counted == len(expected)
            print(f"{query:<32} {counted:>5} {len(expected):>5} {false:>5} {partial_wrong:>5} {phrase:>10}")
        page.close()
    print()
    print(f"false cards in the first {FIRST}: {totals['false']}")
    print(f"partial cards where full matches exist: {totals['partial']}")
    print(f"counts equal to FTS5's: {totals['exact count']} of {len(QUERIES)}")
    print(f"phrase first where FTS5 puts it first: {totals['phrase first']} of {totals['phrase asked']}")


if __name__ == "__main__":
    main()
