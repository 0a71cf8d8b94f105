"""What a researcher sees (#11): the data page and its Data Package, a statement in its paragraph with
its citations, statement cards, the people index's words for what each did, the home page's
selection and the source page's legend. Each is tested on the pages as a reader meets them."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import frictionless
import pytest

from fixtures import sample_archive
from htmlcheck import elements, parse, text_of
from loader_helpers import bundled, with_a_series
from r2p_archive.database import DATABASE, FILES, METADATA, metadata_yaml, write_database
from r2p_archive.export import FIELDS, archive_records, exports
from r2p_archive.site import render_changed, render_site, site_lookups


def _by_class(tree, tag: str, cls: str):
    return [e for e in elements(tree, tag) if cls in (e.get("class") or "").split()]


def _hrefs(tree) -> list[str]:
    return [a.get("href") for a in elements(tree, "a")]


def _section(tree, labelled_by: str):
    return next(s for s in elements(tree, "section") if s.get("aria-labelledby") == labelled_by)


def _exported(archive, folder: Path) -> Path:
    for relative, pieces in exports(archive).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(pieces), encoding="utf-8", newline="")
    write_database(archive, folder / DATABASE)
    (folder / METADATA).write_text(metadata_yaml(), encoding="utf-8", newline="")
    return folder


# --- 1. the data page ----------------------------------------------------------------------------


def test_the_data_page_is_in_the_main_navigation_of_every_page(sample_site: Path):
    for page in ("index.html", "events/index.html", "statements/minister-no-country-immune/index.html"):
        nav = next(n for n in elements(parse(sample_site / page), "nav") if n.get("aria-label") == "Main")
        assert "Data" in [text_of(a) for a in elements(nav, "a")], page
    data = next(n for n in elements(parse(sample_site / "data/index.html"), "nav") if n.get("aria-label") == "Main")
    assert [a.get("aria-current") for a in elements(data, "a") if text_of(a) == "Data"] == ["page"]


def test_the_data_page_gives_each_file_its_true_size_count_and_fields(sample_site: Path, tmp_path: Path):
    archive = sample_archive()
    written = _exported(archive, tmp_path)
    tree = parse(sample_site / "data/index.html")
    files = {a.get("href"): text_of(li) for li in elements(_section(tree, "files"), "li") for a in list(li)[:1]}
    assert sorted(files) == sorted(f"../{relative}" for relative in [*exports(archive), *FILES])
    for href, text in files.items():
        size = (written / href.removeprefix("../")).stat().st_size
        shown = f"{size} bytes" if size < 1000 else f"{size / 1000:.1f} kB"
        assert shown in text, href
    assert "9 statements" in files["../data/statements.csv"]
    assert "3 sources" in files["../data/sources.csv"]
    assert "9 statements" in files["../data/archive.json"] and "2 events" in files["../data/archive.json"]
    for kind in archive_records(archive):
        table = _section(tree, f"{kind}-csv")
        names = [text_of(th) for th in elements(table, "th") if th.get("scope") == "row"]
        assert names == [name for name, _, _ in FIELDS[kind]], kind
        assert all(text_of(td) for td in elements(table, "td")), "every field is described"
    assert "third-party texts" in text_of(_section(tree, "licence"))
    assert "9 statements from 3 sources" in text_of(_section(tree, "cite"))


def test_the_data_page_waits_for_the_downloads_and_no_other_page_does(templates: Path, tmp_path: Path):
    """The build writes the downloads while the pages render: only the data page shows their sizes, so
    it alone is made after they are known, with the sizes it is given."""
    made: dict[str, bytes] = {}
    asked: list[list[str]] = []
    sizes = {relative: 1_234_000 + n for n, relative in enumerate([*exports(sample_archive()), *FILES])}

    def downloads() -> dict[str, int]:
        asked.append([path for path in made if path.endswith(".html")])
        return sizes

    render_changed(site_lookups(sample_archive()), templates, sink=made.__setitem__, downloads=downloads)
    pages = [path for path in made if path.endswith(".html")]
    assert len(asked) == 1 and len(asked[0]) > 20
    assert pages == [*asked[0], "data/index.html"]
    (tmp_path / "data.html").write_bytes(made["data/index.html"])
    shown = [text_of(li) for li in elements(_section(parse(tmp_path / "data.html"), "files"), "li")]
    assert len(shown) == len(sizes) and all("1.2 MB" in text for text in shown)


def test_every_record_field_has_a_type_and_description():
    for kind, made in archive_records(with_a_series(bundled())).items():
        assert [name for name, _, _ in FIELDS[kind]] == list(next(iter(made()))), kind


@pytest.mark.parametrize("empty", [False, True])
def test_the_data_package_describes_every_csv_and_validates(tmp_path: Path, empty: bool):
    archive = bundled()
    if empty:
        archive = dataclasses.replace(archive, statements=(), themes=())
    folder = _exported(archive, tmp_path)
    package = json.loads((folder / "data/datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in package["resources"]) == sorted(p.name for p in (folder / "data").glob("*.csv"))
    report = frictionless.validate(folder / "data/datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    rows = frictionless.Resource(folder / "data/statements.csv").read_rows()
    assert len(rows) == len(archive.statements)


# --- 2. a statement in its paragraph ---------------------------------------------------------------


def test_a_statement_page_shows_the_words_highlighted_in_their_paragraph(sample_site: Path):
    tree = parse(sample_site / "statements/ban-ki-moon-gather-today-reported/index.html")
    context = _section(tree, "context")
    marks = [text_of(m) for m in elements(context, "mark")]
    assert marks == ["we gather today as partners determined to rid the world of atrocity crimes"]
    quoted = text_of(next(elements(context, "blockquote")))
    assert quoted.startswith("Secretary-General Ban Ki-moon said that")
    assert quoted.endswith("The President of the General Assembly opened the meeting.")
    links = [(text_of(a), a.get("href")) for a in elements(context, "p") for a in elements(a, "a")]
    assert ("paragraph 4", "../../sources/ngls-dialogue-2011/#p4") in links
    sections = [s.get("aria-labelledby") for s in elements(tree, "section")]
    assert sections.index("context") < sections.index("cite")


def test_the_paragraph_keeps_the_source_escaped(sample_site: Path):
    raw = (sample_site / "statements/global-centre-civil-society-heard/index.html").read_text(encoding="utf-8")
    assert "<b>" not in raw and "&lt;b&gt;markup&lt;/b&gt;" in raw


# --- 3. citations ----------------------------------------------------------------------------------


def _citations(tree) -> dict[str, str]:
    cite = _section(tree, "cite")
    found = {"text": text_of(next(e for e in elements(cite, "p") if e.get("id") == "citation-text"))}
    for details in elements(cite, "details"):
        found[text_of(next(elements(details, "summary")))] = "".join(next(elements(details, "pre")).itertext())
    return found


def test_the_citation_gives_the_address_and_the_source_in_full(sample_site: Path, templates: Path):
    tree = parse(sample_site / "statements/ban-ki-moon-gather-today-partners/index.html")
    text = _citations(tree)["text"]
    for part in (
        "Ban Ki-moon (Secretary-General of the United Nations), remarks",
        "Secretary-General's Remarks to the General Assembly Dialogue on the Responsibility to Protect",
        "United Nations, Office of the Secretary-General",
        "12 July 2011",
        "https://www.un.org/sg/en/content/sg/statement/2011-07-12/remarks",
        "R2P Archive, statements/ban-ki-moon-gather-today-partners/.",
    ):
        assert part in text, part
    based = render_site(sample_archive(), templates, "https://example.org/r2p/")
    page = based["statements/ban-ki-moon-gather-today-partners/index.html"].decode()
    assert "R2P Archive, https://example.org/r2p/statements/ban-ki-moon-gather-today-partners/." in page


def test_bibtex_and_csl_json_are_offered_and_read_back(sample_site: Path):
    found = _citations(parse(sample_site / "statements/ban-ki-moon-gather-today-partners/index.html"))
    bib = found["BibTeX"]
    assert bib.startswith("@misc{ban-ki-moon-gather-today-partners,\n") and bib.endswith("}\n")
    assert "author = {{Ban Ki-moon}}" in bib and "year = {2011}" in bib and "date = {2011-07-12}" in bib
    assert "url = {statements/ban-ki-moon-gather-today-partners/}" in bib
    assert bib.count("{") == bib.count("}")
    [item] = json.loads(found["CSL-JSON"])
    assert item["type"] == "speech" and item["author"] == [{"literal": "Ban Ki-moon"}]
    assert item["issued"] == {"date-parts": [[2011, 7, 12]]}
    assert item["container-title"].startswith("Secretary-General's Remarks")
    assert item["publisher"] == "United Nations, Office of the Secretary-General"
    assert item["URL"] == "statements/ban-ki-moon-gather-today-partners/"
    assert "https://www.un.org/sg/en/content/sg/statement/2011-07-12/remarks" in item["note"]


def test_citation_formats_escape_the_words(sample_site: Path):
    page = sample_site / "statements/global-centre-civil-society-heard/index.html"
    assert "<b>" not in page.read_text(encoding="utf-8")
    found = _citations(parse(page))
    assert "civil society must be heard \\& that <b>markup</b>" in found["BibTeX"]
    assert (
        json.loads(found["CSL-JSON"])[0]["title"]
        == "civil society must be heard & that <b>markup</b> in a source stays text"
    )
    anonymous = _citations(parse(sample_site / "statements/minister-no-country-immune/index.html"))
    assert (
        "author" not in anonymous["BibTeX"]
        and "does not name the speaker (one of the Ministers)" in anonymous["BibTeX"]
    )
    assert "author" not in json.loads(anonymous["CSL-JSON"])[0]


@pytest.mark.parametrize("hostile", ["}, title = {x", "a\\b{c}%_#&$~^", "{{{"])
def test_bibtex_values_cannot_close_their_braces(hostile: str):
    from r2p_archive.site.statements import bibtex_text

    value = bibtex_text(hostile)
    without_escapes = re.sub(r"\\(textbackslash|textasciitilde|textasciicircum)\{\}|\\[{}&%$#_]", "", value)
    assert not set(without_escapes) & set("{}\\&%$#_~^"), value


STATEMENT = "statements/ban-ki-moon-gather-today-partners/"


def test_copy_buttons_copy_with_javascript_and_are_absent_without(chromium, serve, sample_site: Path):
    base = serve(sample_site)
    plain = chromium.new_context(java_script_enabled=False)
    page = plain.new_page()
    page.goto(base + STATEMENT)
    assert page.locator("button.copy").count() == 3
    assert not any(b.is_visible() for b in page.locator("button.copy").all()), "no dead button without JS"
    page.get_by_text("BibTeX", exact=True).click()
    assert page.locator("#citation-bibtex").is_visible(), "<details> opens without JS"
    plain.close()

    scripted = chromium.new_context()
    scripted.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = scripted.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + STATEMENT)
    page.get_by_text("CSL-JSON", exact=True).click()
    button = page.get_by_role("button", name="Copy CSL-JSON")
    button.click()
    page.wait_for_function("() => document.getElementById('copy-status').textContent === 'Copied'")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert json.loads(copied)[0]["id"] == "ban-ki-moon-gather-today-partners"
    assert copied == page.locator("#citation-csl").text_content()
    assert not errors
    scripted.close()


# --- 4. statement cards ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "themes/prevention/index.html",
        "people/ban-ki-moon/index.html",
        "events/fifth-ministerial-meeting-2012/index.html",
    ],
)
def test_each_statement_card_has_one_link_its_words(sample_site: Path, page: str):
    cards = _by_class(parse(sample_site / page), "li", "statement-item")
    assert cards
    for card in cards:
        links = list(elements(card, "a"))
        words = next(p for p in elements(card, "p") if "words" in p.get("class", ""))
        assert [a.get("href") for a in links] == [next(elements(words, "a")).get("href")]
        assert links[0].get("href").startswith("../../statements/")


def test_card_words_are_not_underlined_until_pointed_at(chromium, serve, sample_site: Path):
    page = chromium.new_page()
    page.goto(serve(sample_site) + "themes/prevention/")
    link = page.locator(".statement-item .words a").first
    line = "el => getComputedStyle(el).textDecorationLine"
    assert link.evaluate(line) == "none"
    link.hover()
    assert link.evaluate(line) == "underline"
    page.close()


# --- 5. the people index and person pages ----------------------------------------------------------


def _index_entries(site: Path) -> dict[str, str]:
    tree = parse(site / "people/index.html")
    return {text_of(next(elements(li, "a"))): text_of(li) for li in elements(tree, "li") if list(elements(li, "a"))}


def test_the_people_index_says_what_silent_speakers_did(sample_site: Path):
    entries = _index_entries(sample_site)
    assert entries["Joseph Deiss"] == "Joseph Deiss hosted 1 event"
    assert entries["Phandu T. C. Skelemani"] == "Phandu T. C. Skelemani took part in 1 event"
    assert entries["Ban Ki-moon"].endswith("statements")
    assert "0 statements" not in text_of(next(elements(parse(sample_site / "people/index.html"), "main")))


def test_kind_labels_agree_in_number(sample_site: Path):
    for page, kind in (("botswana", "State"), ("jan-eliasson", "Person"), ("global-centre-r2p", "Organization")):
        tree = parse(sample_site / f"people/{page}/index.html")
        assert text_of(_by_class(tree, "p", "kicker")[0]) == kind, page


def test_a_person_page_shows_the_five_people_met_most_often(content_site: Path, content_archive):
    from r2p_archive.site.lookups import Lookups

    site = Lookups(content_archive)
    tree = parse(content_site / "people/ban-ki-moon/index.html")
    met = _section(tree, "with")
    shown = [(text_of(next(elements(li, "a"))), text_of(li)) for li in elements(met, "li")]
    assert 0 < len(shown) <= 5
    counts = [int(text.rsplit(" ", 3)[-3]) for _, text in shown]
    assert counts == sorted(counts, reverse=True)
    shared = {}
    for event in site.events_of_speaker["ban-ki-moon"]:
        quoted = {who for s in content_archive.statements if s.event == event.id for who in (s.speaker, s.on_behalf_of)}
        for other in ({*event.hosts, *event.participants} | quoted) & site.listed_ids - {"ban-ki-moon"}:
            shared[other] = shared.get(other, 0) + 1
    assert counts[0] == max(shared.values())
    assert len(shown) == min(5, len(shared))


# --- 6. the home page ------------------------------------------------------------------------------


def test_the_home_page_leads_with_quotations_spread_over_events(content_site: Path, content_archive):
    tree = parse(content_site / "index.html")
    cards = _by_class(_section(tree, "recent-title"), "li", "statement-item")
    ids = [next(elements(card, "a")).get("href").split("/")[1] for card in cards]
    said = {s.id: s for s in content_archive.statements}
    kinds = [said[i].kind for i in ids]
    assert len(ids) == 6 and kinds[0] == "quote"
    order = {"quote": 0, "remarks": 1, "paraphrase": 2}
    assert [order[k] for k in kinds] == sorted(order[k] for k in kinds), "quotations before paraphrases"
    events = [said[i].event for i in ids]
    assert max(events.count(e) for e in events) <= 2
    assert len(set(events)) >= 3


# --- 7. the source page's legend -------------------------------------------------------------------


def test_the_source_page_explains_its_highlights(sample_site: Path):
    tree = parse(sample_site / "sources/ministerial-meeting-2012/index.html")
    legend = _by_class(tree, "ul", "legend")[0]
    text = text_of(legend)
    for word in ("Quotation", "Paraphrase", "Remarks", "Click highlighted words to open the statement"):
        assert word in text
    kinds = {a.get("href"): a.get("class") for a in _by_class(tree, "a", "said")}
    assert kinds["../../statements/minister-no-country-immune/"] == "said said-quote"
    assert kinds["../../statements/jan-eliasson-prevention-begins-home/"] == "said said-paraphrase"


def test_a_quoted_headline_is_cited_without_doubled_quotation_marks():
    from r2p_archive.site import statements as statement_pages

    archive = sample_archive()
    first = archive.statements[0]
    headline = "“We must act early,” Ban says"
    sources = tuple(dataclasses.replace(s, title=headline) if s.id == first.source else s for s in archive.sources)
    cited = statement_pages.citation(site_lookups(dataclasses.replace(archive, sources=sources)), first)
    assert "In “‘We must act early,’ Ban says”" in cited and "““" not in cited
