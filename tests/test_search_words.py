"""The search page answers as SQLite FTS5 does: the same stems, the same statements, the same counts.

A made-up archive of our own is rendered with its word index, served on 127.0.0.1 and searched in
Chromium; each query is asked of an FTS5 table (porter tokenizer) over the same statements.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import quote_plus, urlparse

import pytest

from conftest import CHROMIUM, site_files, write_files
from fixtures import SPEAKERS, THEMES, make_source, make_statement
from r2p_archive.database import write_database
from r2p_archive.records import Archive, DateRef
from r2p_archive.search.index import files as word_index
from r2p_archive.search.words import TOKENIZER, postings
from r2p_archive.site import site_lookups

ROOT = Path(__file__).resolve().parent.parent
STEMMER = ROOT / "templates" / "assets" / "stemmer.js"

# Words chosen for the corners of Porter's algorithm and of FTS5's departures from Snowball's
# version of it (short words kept, "-bli" and "-logi"), and digits.
WORD_LIST = (
    "as is us ms s a caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated "
    "troubled sized hopping tanned falling hissing fizzed failing filing happy sky relational conditional "
    "rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization "
    "predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti "
    "triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference "
    "airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou "
    "communism activate angulariti homologous effective bowdlerize probate rate cease controll roll "
    "apology assembly forcibly incredibly technologies responsibility protection preventive genocide 2005 r2p"
)
WORDS = WORD_LIST.split()


def fts5_stems(words: list[str]) -> list[str]:
    """Each word's stem as FTS5 indexes it (one word per statement)."""
    found, _ = postings(words)
    by_row = {row: stem for stem, rows in found.items() for row in rows}
    return [by_row[row] for row in range(len(words))]


def test_the_page_stems_every_word_as_fts5_does():
    stem = f"console.log(JSON.stringify({json.dumps(WORDS)}.map(stemmer)))"
    script = f"import {{ stemmer }} from {json.dumps(STEMMER.as_uri())}; {stem}"
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == fts5_stems(WORDS)


TEXTS = (  # (speaker, words): made up for these tests
    ("botswana", "Early warning must lead to early action, and prevention is the first duty."),
    ("denmark", "We need warning systems that are early, not late, for the protection of civilians."),
    ("albania", "Prevention of atrocities requires political will and early engagement."),
    ("ban-ki-moon", "The responsibility to protect is a promise: prevention, protection and response."),
    ("botswana", "Protecting populations is a responsibility of every State, early and always."),
    ("denmark", "Sovereignty entails responsibility; warning signs were ignored, and action came late."),
    ("albania", "An early warning of atrocity crimes is worth little without early action."),
    ("ban-ki-moon", "Regional arrangements can act early: early warning, then early action."),
)
JOINT = {2: ("denmark", "botswana", "ban-ki-moon")}  # "Albania, Denmark, Botswana and Ban Ki-moon stressed ..."
QUERIES = ("early warning", '"early warning"', "prevention", "protect", "responsibility warning", "action late")


def made_up_archive() -> Archive:
    source = make_source(
        "made-up-dialogue",
        "A made-up dialogue",
        "report",
        [("body", text) for _, text in TEXTS],
        written=DateRef(date(2013, 9, 11), "11 September 2013", "dateline"),
    )
    said = tuple(
        make_statement(f"said-{n}", source, text, speaker, kind="quote", also_by=JOINT.get(n, ()))
        for n, (speaker, text) in enumerate(TEXTS)
    )
    return Archive(sources=(source,), events=(), speakers=SPEAKERS, themes=THEMES, statements=said)


def fts5_answer(archive: Archive, query: str) -> list[str]:
    """The statement ids FTS5 matches, best first (bm25)."""
    database = sqlite3.connect(":memory:")
    database.execute(f"CREATE VIRTUAL TABLE said USING fts5(id UNINDEXED, text, tokenize='{TOKENIZER}')")
    database.executemany("INSERT INTO said VALUES (?, ?)", ((s.id, s.text) for s in archive.statements))
    rows = database.execute("SELECT id FROM said WHERE said MATCH ? ORDER BY bm25(said)", (query,)).fetchall()
    database.close()
    return [row[0] for row in rows]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_the_page_finds_and_counts_what_fts5_does(chromium, serve, tmp_path, templates):
    archive = made_up_archive()
    site = write_files(site_files(archive, templates) | word_index(site_lookups(archive)), tmp_path / "site")
    write_database(archive, tmp_path / "archive.db")
    database = sqlite3.connect(tmp_path / "archive.db")

    def in_database(query: str) -> int:
        return database.execute(
            "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH ?", (query,)
        ).fetchone()[0]

    base = serve(site)
    tab = chromium.new_page()
    for query in QUERIES:
        tab.goto(f"{base}search/?q={quote_plus(query)}")
        tab.wait_for_function("/^(\\d+|No) statement/.test(document.getElementById('results-heading').textContent)")
        while tab.locator("#more").is_visible():
            tab.locator("#more").click()
        links = tab.locator("#results li a").evaluate_all("links => links.map(link => link.href)")
        shown = [urlparse(link).path.strip("/").split("/")[-1] for link in links]
        expected = fts5_answer(archive, query)
        assert expected, query
        assert in_database(query) == len(expected), f"data/archive.db counts {query!r} as the page does"
        assert sorted(shown) == sorted(expected), query
        heading = tab.locator("#results-heading").inner_text()
        assert heading.startswith(f"{len(expected)} statement"), (query, heading)
        if " " in query.strip('"'):  # where FTS5 puts a statement holding the phrase first, so does the page
            phrase = fts5_answer(archive, f'"{query.strip(chr(34))}"')
            if phrase and expected[0] in phrase:
                assert shown[0] in phrase, query
    tab.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_a_statement_made_jointly_is_one_result_counted_under_each_speaker(chromium, serve, tmp_path, templates):
    archive = made_up_archive()
    site = write_files(site_files(archive, templates) | word_index(site_lookups(archive)), tmp_path / "site")
    tab = chromium.new_page()
    tab.goto(f"{serve(site)}search/?q=atrocities+political")
    tab.wait_for_function("/^(\\d+|No) statement/.test(document.getElementById('results-heading').textContent)")
    assert tab.locator("#results-heading").inner_text().startswith("1 statement holds")
    assert "Albania, Denmark, Botswana and 1 more" in tab.locator("#results li").inner_text()
    counts = tab.evaluate(
        "Object.fromEntries([...document.querySelectorAll('#filters li')].filter(row => !row.hidden)"
        ".map(row => [row.querySelector('input').value, row.querySelector('span').textContent.trim()]))"
    )
    assert counts == {
        "Albania": "1",
        "Ban Ki-moon": "1",
        "Botswana": "1",
        "Denmark": "1",
        "2013": "1",
        "quotation": "1",
    }
    tab.close()
