"""What a query matched: the statements counted and the words marked in the first results.

Serves a built site on 127.0.0.1 and opens its search page in Chromium (Debian's) for each query,
then prints the page's count and the distinct words its first ten result cards mark. A row is
flagged "other words" when none of those words begins with the query's first four letters
(all of them, if shorter). That is how Pagefind's fallback shows: when no indexed word
starts with a query's stem, it searches the longest indexed word that is a prefix of the query
("myanmar" finds "my"), and the page counts those statements as matches. The flag is a guide
for reading the rows, not a measurement of relevance.

    .venv/bin/python benchmarks/search_words.py _site
    .venv/bin/python benchmarks/search_words.py _site myanmar responsibility statehood
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from urllib.parse import quote_plus

from search_query import SHOWN, search_page, searchable_site  # benchmarks/ is not a package: run from there or by path

QUERIES = (
    "responsibility",
    "responsible",
    "protection",
    "atrocity",
    "intervene",
    "sovereignty",
    "consensus",
    "humanitarian",
    "myanmar",
    "unanimous",
    "statehood",
    "annual",
)
_WORD = re.compile(r"[\w’'-]+")


def other_words(query: str, marked: set[str]) -> bool:
    """True when results were shown and none of their marked words begins as the query does."""
    start = query.lower()[:4]
    return bool(marked) and not any(word.startswith(start) for word in marked)


def report(site: Path, queries: list[str]) -> None:
    print(f"{'query':<18} {'the page says':<34} words marked in the first ten results")
    with search_page(site) as (browser, base):
        page = browser.new_page()
        for query in queries:
            page.goto(f"{base}?q={quote_plus(query)}")
            page.wait_for_function(SHOWN, timeout=60_000)
            said = page.locator("#results-heading").inner_text()
            cards = page.locator("#results li").all()[:10]
            marks = [text for card in cards for text in card.locator("mark").all_inner_texts()]
            marked = {word.lower() for text in marks for word in _WORD.findall(text)}
            flag = "  << other words" if other_words(query, marked) else ""
            print(f"{query:<18} {said[:34]:<34} {', '.join(sorted(marked))[:60]}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=searchable_site, help="a built site (its search/ and pagefind/ folders)")
    parser.add_argument("queries", nargs="*", help=f"default: {', '.join(QUERIES)}")
    args = parser.parse_args()
    report(args.site, args.queries or list(QUERIES))


if __name__ == "__main__":
    main()
