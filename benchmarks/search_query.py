"""What one search costs a reader: bytes fetched and time until results are on screen.

Serves a built site on 127.0.0.1, opens its search page in Chromium (Debian's, never a
download) for each query, and prints per query: the statements shown, the milliseconds from
navigation to the first result (or the "no statements" line) on screen, and the bytes of every
request the search made, code (.js, .css, WebAssembly) and the page itself excluded; then the
filter lists are opened, and the bytes and milliseconds until their counts of the results are
shown (the shards' statement maps, read only then). Last, the query typed the way a reader types
it into the search page opened without one: the milliseconds from the last keystroke to the
first result on screen (the page waits for a 250 ms pause in the typing before it searches).

    .venv/bin/python benchmarks/search_query.py benchmarks/out/n1000/site
    .venv/bin/python benchmarks/search_query.py SITE --query national --query "early warning" --year 2011
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote_plus, urlparse

from playwright.sync_api import Browser, sync_playwright

QUERIES = ("responsibility", "national", "protect populations", "sovereignty", "xylophone")
CODE = (".js", ".css", ".pagefind", ".html", "/")
SHOWN = (  # the first result on screen, or the line saying there is none
    "document.querySelector('#results li') ||"
    " document.getElementById('results-heading')?.textContent.startsWith('No statement')"
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request log."""


@contextlib.contextmanager
def search_page(site: Path) -> Iterator[tuple[Browser, str]]:
    """The site served on 127.0.0.1 and Chromium (Debian's, never a download): the browser, and the
    address of the site's search page."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            yield browser, f"http://127.0.0.1:{server.server_port}/search/"
            browser.close()
    finally:
        server.shutdown()


def measure(site: Path, queries: list[str], year: str | None) -> None:
    print(
        f"{'query':<22} {'statements':>10} {'on screen':>10} {'requests':>8} {'bytes':>10} {'+ counts':>18}"
        f" {'typed':>8}"
    )
    with search_page(site) as (browser, base):
        for query in queries:
            page = browser.new_page()  # a fresh page: nothing cached between queries
            fetched: list[int] = []

            def count(response, fetched=fetched) -> None:
                if not urlparse(response.url).path.endswith(CODE):
                    with contextlib.suppress(Exception):  # a request still streaming when the page closes
                        fetched.append(len(response.body()))

            page.on("response", count)
            address = f"{base}?q={quote_plus(query)}" + (f"&year={quote_plus(year)}" if year else "")
            started = time.perf_counter()
            page.goto(address)
            page.wait_for_function(SHOWN, timeout=120_000)
            on_screen = (time.perf_counter() - started) * 1000
            page.wait_for_load_state("networkidle")
            shown = page.locator("#results li").count()
            before = sum(fetched)
            started = time.perf_counter()
            page.evaluate("document.querySelectorAll('#filters details').forEach(g => { g.open = true; })")
            page.wait_for_function("document.getElementById('filters').dataset.counts === 'results'")
            counted = (time.perf_counter() - started) * 1000
            page.wait_for_load_state("networkidle")
            extra = (sum(fetched) - before) / 1024
            page.close()
            typed = _typed(browser, base, query)
            print(
                f"{query:<22} {shown:>10} {on_screen:>8.0f} ms {len(fetched):>8} {before / 1024:>7.1f} KiB"
                f" {extra:>7.1f} KiB {counted:>5.0f} ms {typed:>5.0f} ms"
            )


def _typed(browser, base: str, query: str) -> float:
    """Milliseconds from the last keystroke to the first result, typed into the search page opened
    without a query (after it settled: a reader reads it before typing), a fresh page."""
    page = browser.new_page()
    page.goto(base)
    page.wait_for_load_state("networkidle")
    page.locator("#search-input").press_sequentially(query[:-1], delay=80)
    page.locator("#search-input").press(query[-1])
    started = time.perf_counter()
    page.wait_for_function(SHOWN, timeout=120_000)
    typed = (time.perf_counter() - started) * 1000
    page.close()
    return typed


def searchable_site(value: str) -> Path:
    """An argparse type: a built site with its search page and index, else a usage error."""
    site = Path(value)
    if not (site / "search" / "index.html").is_file() or not (site / "search-index" / "meta.gzjson").is_file():
        raise argparse.ArgumentTypeError(f"{site} is not a built site with a search index")
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=searchable_site, help="a built site folder (with pagefind/)")
    parser.add_argument("--query", action="append", help="a query (repeatable); default: five of the genre")
    parser.add_argument("--year", help="add a year filter to every query")
    args = parser.parse_args()
    measure(args.site, args.query or list(QUERIES), args.year)


if __name__ == "__main__":
    main()
