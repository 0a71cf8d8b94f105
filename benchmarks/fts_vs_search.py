"""Does data/archive.db find what the search page finds? For each word, the statements the search page
counts (in Chromium) beside those FTS5 counts in the database.

Both stem with FTS5's porter tokenizer (the page with assets/stemmer.js, checked against it), so the
counts should be equal; this prints them side by side to show it on a real site.

    .venv/bin/python benchmarks/fts_vs_search.py _site
    .venv/bin/python benchmarks/fts_vs_search.py _site protect sovereignty
"""

from __future__ import annotations

import argparse
import re
import sqlite3
from urllib.parse import quote_plus

from search_query import SHOWN, search_page, searchable_site  # benchmarks/ is not a package: run from there or by path

FINAL = "() => !document.querySelector('#results-heading').innerText.includes('so far')"
QUERIES = ("responsibility", "protect", "prevention", "sovereignty", "atrocity", "genocide", "early")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=searchable_site, help="a built site (its search/, pagefind/ and data/)")
    parser.add_argument("queries", nargs="*", help=f"default: {', '.join(QUERIES)}")
    args = parser.parse_args()
    database = sqlite3.connect(args.site / "data" / "archive.db")
    print(f"{'word':<16} {'search page':>12} {'archive.db':>11}")
    with search_page(args.site) as (browser, base):
        page = browser.new_page()
        for word in args.queries or QUERIES:
            page.goto(f"{base}?q={quote_plus(word)}")
            page.wait_for_function(SHOWN, timeout=60_000)
            page.evaluate("document.querySelectorAll('#filters details').forEach(g => { g.open = true; })")
            page.wait_for_function(FINAL, timeout=60_000)  # opening the filters counts every result
            said = page.locator("#results-heading").inner_text()
            shown = re.search(r"[\d,]+", said)
            (found,) = database.execute(
                "select count(*) from statements_fts where statements_fts match ?", [f'"{word}"']
            ).fetchone()
            print(f"{word:<16} {shown.group() if shown else 'none':>12} {found:>11}   ({said})")
    database.close()


if __name__ == "__main__":
    main()
