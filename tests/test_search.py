"""Search end to end: `r2p-archive serve` on a loopback port, the real Pagefind index, Chromium.

The index is Pagefind's, written shard by shard; the page is ours, over Pagefind's JS API. These
tests drive it the way a reader does.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus, urlparse

import pytest

from conftest import CHROMIUM
from loader_helpers import ROOT

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
RESULT = "#results li"
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


def _settled(page) -> None:
    page.wait_for_function(
        "(() => { const s = document.getElementById('results-heading');"
        " return s && !document.getElementById('finder').hidden && s.textContent !== 'Searching…'; })()",
        timeout=WAIT_MS,
    )


def search(page, base: str, query: str, everything: bool = False, **filters: str) -> list[dict[str, str]]:
    """Open search/?q=... (with filters in the address) and read the statements shown: the first
    ones, or with ``everything`` all of them ("More results" pressed until it goes)."""
    address = f"{base}search/?q={quote_plus(query)}" + "".join(f"&{k}={quote_plus(v)}" for k, v in filters.items())
    page.goto(address)
    _settled(page)
    while everything and page.locator("#more").is_visible():
        shown = page.locator(RESULT).count()
        page.locator("#more").click()
        page.wait_for_function(f"document.querySelectorAll('{RESULT}').length > {shown}", timeout=WAIT_MS)
    results = page.locator(RESULT)
    return [
        {
            "href": urlparse(results.nth(i).locator("a").first.get_attribute("href")).path,
            "text": results.nth(i).inner_text(),
        }
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
    assert events_of(out)[statement["event"]] in first["text"], "the event is shown, though not searched"
    assert "too late" in first["text"].split("Ban Ki-moon")[0], "the words come first, then who and when"
    assert page.locator(f"{RESULT} mark").count() > 0
    assert "q=too+little" in page.url
    assert not page.console_errors


def events_of(out: Path) -> dict[str, str]:
    archive = json.loads((out / "data" / "archive.json").read_text(encoding="utf-8"))
    return {event["id"]: event["title"] for event in archive["events"]}


def test_a_query_finds_the_statements_that_say_it_not_those_named_after_it(page, served):
    """The events of the archive, and the organisations that speak most about it, are named after the
    Responsibility to Protect: were their names searched, "responsibility" would find every statement
    made at such an event or by such a speaker, and count them. What is searched is what a statement
    says (and when)."""
    base, out = served
    statements = statements_of(out)
    people = {p["id"]: p["name"] for p in json.loads((out / "data" / "archive.json").read_text())["people"]}
    saying = [s for s in statements if re.search(r"\brespons", s["text"], re.IGNORECASE)]
    named = [
        s
        for s in statements
        if "Responsibility" in events_of(out).get(s["event"] or "", "") + people.get(s["speaker"], s["speaker_label"])
    ]
    assert 0 < len(saying) < len(named)
    found = search(page, base, "responsibility", everything=True)
    assert {r["href"] for r in found} == {"/" + s["url"] for s in saying}
    assert page.locator("#results-heading").inner_text() == f"{len(saying)} statements hold “responsibility”"


def test_every_result_is_one_statement_with_its_words(page, served):
    base, out = served
    statements = {"/" + s["url"]: s for s in statements_of(out)}
    results = search(page, base, "the lives of millions", everything=True)
    assert results and all(r["href"] in statements for r in results)
    assert len({r["href"] for r in results}) == len(results), "no statement is shown twice"


def test_filters_by_speaker_and_year_are_exact(page, served):
    base, out = served
    everyone = search(page, base, "prevention", everything=True)
    by_ban = search(page, base, "prevention", everything=True, speaker="Ban Ki-moon")
    in_2014 = search(page, base, "prevention", everything=True, year="2014")
    assert 0 < len(by_ban) < len(everyone) and 0 < len(in_2014) < len(everyone)
    statements = {"/" + s["url"]: s for s in statements_of(out)}
    assert all(statements[r["href"]]["speaker"] == "ban-ki-moon" for r in by_ban)
    assert all(statements[r["href"]]["event"].startswith("2014") for r in in_2014)
    assert page.locator("input[type=checkbox][name=year][value='2014']").is_checked()
    assert not page.console_errors


def shown_counts(page) -> dict[tuple[str, str], str]:
    """The filter values on show, (filter, value) -> the count beside it."""
    rows = page.evaluate(
        "[...document.querySelectorAll('#filters li')].filter(row => !row.hidden).map(row => {"
        " const box = row.querySelector('input');"
        " return [box.name, box.value, row.querySelector('span').textContent]; })"
    )
    return {(name, value): count.strip() for name, value, count in rows}


def open_filters(page) -> None:
    """Open every filter list, and wait for the counts of the results."""
    page.evaluate("document.querySelectorAll('#filters details').forEach(group => { group.open = true; })")
    page.wait_for_function("document.getElementById('filters').dataset.counts === 'results'", timeout=WAIT_MS)


def test_filter_counts_are_the_statements_found_for_each_value(page, served):
    """Beside each filter value: how many of the results it holds (the other filters applied), shown
    with the results before any filter is touched; values with none are hidden. Before a search, the
    archive's own counts."""
    base, out = served
    statements = {"/" + s["url"]: s for s in statements_of(out)}
    people = {p["id"]: p["name"] for p in json.loads((out / "data" / "archive.json").read_text())["people"]}
    found = search(page, base, "prevention", everything=True)
    assert page.evaluate("document.getElementById('filters').dataset.counts") == "results", "counted at once"
    speaking = [[statements[r["href"]]["speaker"], *statements[r["href"]]["also_by"]] for r in found]
    expected = Counter(people.get(speaker, "") for ids in speaking for speaker in ids)
    counts = shown_counts(page)
    speakers = {value: int(count) for (name, value), count in counts.items() if name == "speaker"}
    named = {name: n for name, n in speakers.items() if name in people.values()}
    assert named == {name: n for name, n in expected.items() if name}, "each speaker's count is what was found"
    assert len(found) == int(page.locator("#results-heading").inner_text().split()[0])
    assert sum(speakers.values()) >= len(found), "a statement made jointly counts under each of its speakers"
    assert sum(int(c) for (name, _), c in counts.items() if name == "year") == len(found)
    by_ban = search(page, base, "prevention", everything=True, speaker="Ban Ki-moon")
    with_ban = shown_counts(page)
    assert {k: v for k, v in with_ban.items() if k[0] == "speaker"} == {
        k: v for k, v in counts.items() if k[0] == "speaker"
    }, "a speaker chosen, the others keep their counts: choosing one more adds that many"
    assert sum(int(c) for (name, _), c in with_ban.items() if name == "year") == len(by_ban)
    page.goto(base + "search/")
    _settled(page)
    archive = shown_counts(page)
    assert len(archive) > len(counts), "before a search every value is listed"
    assert int(archive[("speaker", "Ban Ki-moon")]) == sum(
        1 for s in statements.values() if s["speaker"] == "ban-ki-moon"
    )
    generic = [value for (name, value) in archive if name == "speaker" and value.lower() in GENERIC]
    assert not generic, "unnamed and collective speakers are one entry, never a generic word"
    assert ("speaker", "unnamed or collective") in archive


GENERIC = {"countries", "states", "member states", "several speakers", "participants", "several participants"}


def test_a_speaker_is_found_in_the_filter_list_by_part_of_the_name(page, served):
    """Names are not searched as words, so the long list of speakers has a box to find one in."""
    base, _ = served
    search(page, base, "prevention")
    open_filters(page)
    before = [value for (name, value) in shown_counts(page) if name == "speaker"]
    status = page.locator("#results-heading").inner_text()
    page.locator(".filter-find").fill("ki-MOON")
    found = [value for (name, value) in shown_counts(page) if name == "speaker"]
    assert found == ["Ban Ki-moon"] and len(before) > 1
    assert page.locator("#results-heading").inner_text() == status, "finding a speaker is not a new search"
    page.get_by_label("Ban Ki-moon").check()
    page.locator(".filter-find").fill("")
    page.wait_for_function("new URLSearchParams(location.search).get('speaker') === 'Ban Ki-moon'")
    assert "Ban Ki-moon" in [value for (name, value) in shown_counts(page) if name == "speaker"]


OLDER = (
    "Regional forum on prevention\n\nNew York, 5 May 2005\n\n"
    "Kofi Annan said that prevention was the first responsibility of every State.\n"
)


def built_with(tmp_path: Path, name: str, text: str) -> Path:
    """The bundled content and one more source, built into a site. In a child process: the browser's
    event loop is running in this one, and Pagefind's API needs its own."""
    import shutil

    from loader_helpers import CONTENT

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "sources" / name).write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    command = [sys.executable, "-m", "r2p_archive", "build", "--content", str(content), "--out", str(site)]
    subprocess.run([*command, "--templates", str(ROOT / "templates")], check=True, capture_output=True)
    return site


def test_a_query_loads_only_the_files_of_its_words_and_of_the_cards_shown(chromium, serve, tmp_path):
    """Opened without a query, the page loads the index's meta.gzjson and groups.gzbin and no word; a query then
    loads one file per word and the card files of the statements it shows, and nothing of Pagefind's."""
    site = built_with(tmp_path, "older.txt", OLDER)
    base = serve(site)
    tab = chromium.new_page()
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(urlparse(request.url).path))
    tab.goto(f"{base}search/")
    tab.wait_for_load_state("networkidle")
    opened = {path for path in fetched if path.startswith("/search-index/")}
    assert opened == {"/search-index/meta.gzjson", "/search-index/groups.gzbin"}
    fetched.clear()
    tab.locator("#search-input").press_sequentially("prevention")
    tab.wait_for_selector(RESULT, timeout=WAIT_MS)
    tab.wait_for_load_state("networkidle")
    index = [path for path in fetched if path.startswith("/search-index/")]
    words = {path for path in index if path.startswith("/search-index/w/")}
    assert "/search-index/w/prevent.gzbin" in words and words <= {f"/search-index/w/{w}.gzbin" for w in PREFIXES}
    assert all(path.startswith("/search-index/c/") for path in index if path not in words)
    assert not [path for path in fetched if path.startswith("/pagefind/")]
    assert "prevention" in tab.locator(RESULT).first.inner_text().lower()
    tab.close()


def test_an_index_a_server_unpacked_on_the_way_is_read_as_it_is(chromium, serve, tmp_path):
    """The index's files are gzip-compressed by the build; a host that serves them unpacked (a proxy that
    decodes, an archivist who gunzipped the folder) gives the page plain bytes, and it searches the same."""
    import gzip

    site = built_with(tmp_path, "older.txt", OLDER)
    packed = sorted((site / "search-index").rglob("*.gz*"))
    assert packed and all(path.read_bytes()[:2] == b"\x1f\x8b" for path in packed)
    for path in packed:
        path.write_bytes(gzip.decompress(path.read_bytes()))
    tab = chromium.new_page()
    tab.goto(f"{serve(site)}search/?q=prevention")
    tab.wait_for_selector(RESULT, timeout=WAIT_MS)
    assert "prevention" in tab.locator(RESULT).first.inner_text().lower()
    assert "too old" not in tab.content()
    tab.close()


PREFIXES = ("p", "pr", "pre", "prev", "preve", "prevent", "preventi", "preventio", "prevention")  # as typed


def test_page_ids_are_unique_across_shards(tmp_path):
    """A search across shards returns bare page ids, and the search page knows a result by its id: each
    id carries its shard's name (Pagefind's own are unique only within one index)."""
    import gzip

    site = built_with(tmp_path, "older.txt", OLDER)
    seen: list[str] = []
    for shard in ("2010s", "2000s"):
        folder = site / "pagefind" / shard
        statements = json.loads(gzip.decompress((folder / "statements.gzjson").read_bytes()))
        ids = [page for years in statements.values() for kinds in years.values() for k in kinds.values() for page in k]
        assert ids and all(page.startswith(f"{shard}_en_") for page in ids)
        assert {path.stem for path in (folder / "fragment").iterdir()} == set(ids)
        seen += ids
    assert len(seen) == len(set(seen))


def test_a_query_with_no_hits_says_so(page, served):
    base, _ = served
    assert search(page, base, "xylophonic zeppelin") == []
    assert page.locator("#results-heading").inner_text() == "No statement holds “xylophonic zeppelin”."
    missing = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert set(page.console_errors) <= {missing}, "a word the archive lacks has no file: its 404 is the answer"
    page.console_errors.clear()


def test_index_holds_each_statement_once_and_no_chrome(page, served):
    base, out = served
    page.goto(f"{base}search/")
    _settled(page)
    found = page.evaluate(
        """async () => {
            const manifest = await (await fetch('/pagefind/archive.json')).json();
            const names = manifest.shards.map(s => s.name);
            const pagefind = await import(`/pagefind/${names[0]}/pagefind.js`);
            for (const name of names.slice(1)) await pagefind.mergeIndex(`/pagefind/${name}/`);
            const all = await pagefind.search(null, {});
            const ids = [];
            for (const result of all.results) {
                const data = await result.data();
                ids.push(...data.anchors.map(a => a.id));
            }
            const chrome = [];
            for (const word of ['Skip to content', 'Atom feed', 'documentary archive', 'Member Sign In']) {
                chrome.push((await pagefind.search(`"${word}"`)).results.length);
            }
            return {ids, chrome};
        }"""
    )
    assert sorted(found["ids"]) == sorted(s["id"] for s in statements_of(out))
    assert found["chrome"] == [0, 0, 0, 0]


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
        open_filters(tab)  # every list open, the speaker finder with them
        found += [f"{scheme}: {v}" for v in _violations(tab, axe_source)]
        tab.close()
    assert not found, "\n".join(found)


def test_hostile_text_stays_inert_in_search_results(chromium, serve, tmp_path):
    """Pagefind's excerpts and meta come from our pages; markup in a source must stay text there too."""
    from r2p_archive.verify import check_site
    from test_bad_input import HOSTILE

    site = built_with(tmp_path, "hostile.txt", HOSTILE)
    assert not check_site(site)
    tab = chromium.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    results = search(tab, serve(site), "alert", everything=True)
    assert results, "the hostile words are searchable, as words"
    tab.wait_for_timeout(500)
    assert dialogs == []
    assert tab.locator("#results img, #results script, #filters img, #filters script").count() == 0
    shown = tab.locator("#results").inner_text()
    assert "alert" in shown
    assert "<script>alert</script> Dialogue on" in shown, "the event's title, markup and all, shown as text"
    tab.close()


def test_on_a_phone_the_results_come_before_the_filters(chromium, served):
    base, _ = served
    phone = chromium.new_page(viewport={"width": 375, "height": 740})
    try:
        search(phone, base, "prevention")
        results_top = phone.locator("#results").bounding_box()["y"]
        filters_top = phone.locator("#filters").bounding_box()["y"]
        assert results_top < filters_top
    finally:
        phone.close()


def test_documents_folder_kept_between_builds_holds_exactly_the_documents(tmp_path):
    """Pagefind reads a shard's documents from a folder kept in the cache; only changed ones are written,
    and whatever else is there (a stale document, a stray file, a folder, a link) is gone."""
    from r2p_archive.search.pagefind import _synced

    folder = tmp_path / "documents"
    _synced({"a.html": b"<p>a</p>", "b.html": b"<p>b</p>", "gone.html": b"<p>x</p>"}, folder)
    kept = (folder / "a.html").stat().st_mtime_ns, (folder / "a.html").stat().st_ino
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"<p>c</p>")
    (folder / "c.html").symlink_to(outside)
    (folder / "d.html").mkdir()
    (folder / "d.html" / "inner.html").write_bytes(b"<p>inner</p>")
    (folder / "stray.txt").write_bytes(b"stray")
    documents = {"a.html": b"<p>a</p>", "b.html": b"<p>B</p>", "c.html": b"<p>c</p>", "d.html": b"<p>d</p>"}
    _synced(documents, folder)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == documents
    assert not any(path.is_symlink() for path in folder.iterdir())
    assert outside.read_bytes() == b"<p>c</p>"  # the link was replaced, not written through
    assert ((folder / "a.html").stat().st_mtime_ns, (folder / "a.html").stat().st_ino) == kept  # not written again
