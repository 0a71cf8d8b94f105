"""Search end to end: `r2p-archive serve` on a loopback port, the real Pagefind index, Chromium.

The index and the UI are Pagefind's own, so these tests drive them the way a reader does.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from conftest import CHROMIUM
from loader_helpers import ROOT

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
RESULT = ".pagefind-ui__result"
WAIT_MS = 90_000  # generous: a loaded CI machine can be slow to start the WebAssembly search


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """`r2p-archive serve --port 0` from the project folder; yields its URL and output folder."""
    out = tmp_path_factory.mktemp("served") / "site"
    command = [sys.executable, "-m", "r2p_archive", "serve", "--port", "0", "--out", str(out)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in process.stdout:
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if match:
                yield match.group(), out
                break
        else:
            pytest.fail("serve printed no URL")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def page(chromium):
    tab = chromium.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    yield tab
    tab.close()


def total(page) -> int:
    """The number of results the UI announces ("12 results for …"), not just the first page shown."""
    message = page.locator(".pagefind-ui__message").inner_text()
    match = re.match(r"(\d+) results?", message)
    return int(match.group(1)) if match else 0


def search(page, base: str, query: str, **filters: str) -> list[dict[str, str]]:
    """Open search/?q=... (with filters in the address) and read the results shown on the first page."""
    address = f"{base}search/?q={quote_plus(query)}" + "".join(f"&{k}={quote_plus(v)}" for k, v in filters.items())
    page.goto(address)
    page.wait_for_selector(f"{RESULT}, .pagefind-ui__message", timeout=WAIT_MS)
    page.wait_for_function(
        "document.querySelector('.pagefind-ui__message')?.textContent.trim().length > 0", timeout=WAIT_MS
    )
    results = page.locator(RESULT)
    return [
        {"href": results.nth(i).locator("a").first.get_attribute("href"), "text": results.nth(i).inner_text()}
        for i in range(results.count())
    ]


def statements_of(out: Path) -> list[dict]:
    return json.loads((out / "data" / "archive.json").read_text(encoding="utf-8"))["statements"]


def test_too_little_too_late_finds_ban_at_the_2011_dialogue_first(page, served):
    base, out = served
    results = search(page, base, "too little, too late")
    first = results[0]
    assert first["href"].startswith("/statements/")
    statement = next(s for s in statements_of(out) if first["href"] == "/" + s["url"])
    assert statement["speaker"] == "ban-ki-moon"
    assert statement["event"].startswith("2011-07-12")
    assert "Ban Ki-moon" in first["text"] and "12 July 2011" in first["text"]
    assert "q=too+little" in page.url
    assert not page.console_errors


def test_statements_come_before_other_pages(page, served):
    base, _ = served
    hrefs = [r["href"] for r in search(page, base, "the lives of millions")]
    assert hrefs and hrefs[0].startswith("/statements/")
    kinds = [h.split("/")[1] for h in hrefs]
    assert kinds == sorted(kinds, key=lambda kind: kind != "statements")


def test_filters_by_speaker_and_year_narrow_the_results(page, served):
    base, out = served
    search(page, base, "prevention")
    everyone = total(page)
    by_ban = search(page, base, "prevention", speaker="Ban Ki-moon")
    by_ban_total = total(page)
    in_2014 = search(page, base, "prevention", year="2014")
    in_2014_total = total(page)
    assert 0 < by_ban_total < everyone and 0 < in_2014_total < everyone
    statements = {"/" + s["url"]: s for s in statements_of(out)}
    assert all(statements[r["href"]]["speaker"] == "ban-ki-moon" for r in by_ban)
    assert all(statements[r["href"]]["event"].startswith("2014") for r in in_2014)
    page.locator(".pagefind-ui__filter-checkbox").first.wait_for(state="attached")
    assert page.locator("input[type=checkbox][name=year][value='2014']").is_checked()
    assert not page.console_errors


def test_a_query_with_no_hits_says_so(page, served):
    base, _ = served
    assert search(page, base, "xylophonic zeppelin") == []
    assert "No results" in page.locator(".pagefind-ui__message").inner_text()
    assert not page.console_errors


def test_index_holds_one_record_per_statement_and_no_chrome(page, served):
    base, out = served
    page.goto(f"{base}search/")
    counts = page.evaluate(
        """async () => {
            const pagefind = await import('/pagefind/pagefind.js');
            await pagefind.init();
            const statements = await pagefind.search(null, {filters: {type: 'Statement'}});
            const chrome = [];
            for (const word of ['Skip to content', 'Atom feed', 'documentary archive', 'Member Sign In']) {
                chrome.push((await pagefind.search(`"${word}"`)).results.length);
            }
            const urls = await Promise.all(statements.results.map(async r => (await r.data()).url));
            return {statements: urls, chrome};
        }"""
    )
    expected = sorted("/" + s["url"] for s in statements_of(out))
    assert sorted(counts["statements"]) == expected
    assert counts["chrome"] == [0, 0, 0, 0]


def test_search_page_without_javascript_says_what_it_needs(chromium, served):
    base, _ = served
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{base}search/")
    assert "needs JavaScript" in tab.locator("main").inner_text()
    tab.goto(f"{base}events/")
    assert tab.locator("main a[href*='20']").count() >= 4
    context.close()


def test_search_page_with_results_has_no_axe_violations(chromium, served, axe_source):
    from test_accessibility import _violations

    base, _ = served
    found = []
    for scheme in ("light", "dark"):
        tab = chromium.new_page(color_scheme=scheme)
        search(tab, base, "prevention", year="2014")
        found += [f"{scheme}: {v}" for v in _violations(tab, axe_source)]
        tab.close()
    assert not found, "\n".join(found)


def test_hostile_text_stays_inert_in_search_results(chromium, serve, tmp_path):
    """Pagefind's excerpts and meta come from our pages; markup in a source must stay text there too."""
    import shutil

    from loader_helpers import CONTENT
    from r2p_archive.verify import check_site
    from test_bad_input import HOSTILE

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "sources" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    site = tmp_path / "site"
    # In a child process: the browser's event loop is running in this one, and Pagefind's API needs its own.
    command = [sys.executable, "-m", "r2p_archive", "build", "--content", str(content), "--out", str(site)]
    subprocess.run([*command, "--templates", str(ROOT / "templates")], check=True, capture_output=True)
    assert not check_site(site)
    tab = chromium.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    results = search(tab, serve(site), "alert")
    assert results, "the hostile words are searchable, as words"
    tab.wait_for_timeout(500)
    assert dialogs == []
    assert tab.locator("#search img, #search script").count() == 0
    assert "alert" in tab.locator("#search").inner_text()
    tab.close()


def test_on_a_phone_the_results_come_before_the_filters(chromium, served):
    base, _ = served
    phone = chromium.new_page(viewport={"width": 375, "height": 740})
    try:
        search(phone, base, "prevention")
        results_top = phone.locator(".pagefind-ui__results-area").bounding_box()["y"]
        filters_top = phone.locator(".pagefind-ui__filter-panel").bounding_box()["y"]
        assert results_top < filters_top
    finally:
        phone.close()
