"""What the generated pages say: content, metadata, escaping, determinism; on the sample and the real archive."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fixtures import sample_archive
from htmlcheck import elements, html_pages, ids, json_ld, parse, text_of
from r2p_archive.site import check_output_path, render_site
from r2p_archive.sourcetext import Highlight, paragraph_html

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _by_class(tree, tag: str, cls: str):
    return [e for e in elements(tree, tag) if cls in (e.get("class") or "").split()]


def _hrefs(tree) -> list[str]:
    return [a.get("href") for a in elements(tree, "a")]


# --- the whole site ------------------------------------------------------------------------------


def test_rendering_is_deterministic(templates: Path):
    first = render_site(sample_archive(), templates, "https://example.org/r2p/")
    second = render_site(sample_archive(), templates, "https://example.org/r2p/")
    assert first == second
    assert list(first) == sorted(first)


def test_output_paths_are_safe_and_complete(templates: Path):
    files = render_site(sample_archive(), templates)
    for path in files:
        assert check_output_path(path) == path
    expected = {"index.html", "404.html", "assets/style.css", "sitemap.xml", "feed.xml", "robots.txt"}
    expected |= {f"{kind}/index.html" for kind in ("events", "people", "themes", "sources")}
    assert expected <= set(files)
    assert "search/index.html" in files and "assets/search.js" in files


@pytest.mark.parametrize("bad", ["../x.html", "/etc/passwd", "a/../../b", "a\\b", ""])
def test_unsafe_output_paths_are_refused(bad: str):
    with pytest.raises(ValueError):
        check_output_path(bad)


def test_only_speakers_with_a_part_get_pages(templates: Path):
    files = render_site(sample_archive(), templates)
    assert "people/albania/index.html" not in files, "a registry entry that never speaks or attends"
    assert "people/phandu-skelemani/index.html" in files, "a participant who is not quoted"
    assert "people/nordic-countries/index.html" in files, "a group spoken for"


def test_every_page_has_title_description_header_search_and_main(sample_site: Path):
    for page in html_pages(sample_site):
        tree = parse(sample_site / page)
        assert text_of(next(elements(tree, "title"))), page
        descriptions = [m for m in elements(tree, "meta") if m.get("name") == "description"]
        assert descriptions and descriptions[0].get("content"), page
        if page == "search/index.html":  # one search box per page: the page's own, not the header's
            assert [f.get("id") for f in elements(tree, "form") if f.get("role") == "search"] == ["finder"]
            continue
        forms = [f for f in elements(tree, "form") if f.get("role") == "search"]
        assert forms and forms[0].get("action").endswith("search/") and forms[0].get("method") == "get", page
        assert any(i.get("name") == "q" for i in forms[0].iter("{http://www.w3.org/1999/xhtml}input")), page
        mains = list(elements(tree, "main"))
        assert len(mains) == 1, page
        assert not list(mains[0].iter("{http://www.w3.org/1999/xhtml}header")), "header stays outside main"


def test_no_page_of_the_site_is_indexed_only_the_statement_documents_are(sample_site: Path):
    """Pagefind reads the search documents (search/documents.py), never the published pages."""
    for page in html_pages(sample_site):
        assert b"data-pagefind" not in (sample_site / page).read_bytes(), page


def test_canonical_links_and_sitemap_need_a_base_url(templates: Path):
    plain = render_site(sample_archive(), templates)
    hosted = render_site(sample_archive(), templates, "https://example.org/r2p")
    assert b'rel="canonical"' not in plain["events/index.html"]
    assert b'<link rel="canonical" href="https://example.org/r2p/events/">' in hosted["events/index.html"]
    plain_locs = [e.text for e in ET.fromstring(plain["sitemap.xml"]).iter(f"{SITEMAP}loc")]
    hosted_locs = [e.text for e in ET.fromstring(hosted["sitemap.xml"]).iter(f"{SITEMAP}loc")]
    assert "events/ga-dialogue-regional-arrangements-2011/" in plain_locs
    assert all(loc.startswith("https://example.org/r2p/") for loc in hosted_locs)
    assert len(plain_locs) == len(hosted_locs) == len([p for p in plain if p.endswith(".html")]) - 1  # not 404
    assert b"Sitemap:" not in plain["robots.txt"]
    assert b"Sitemap: https://example.org/r2p/sitemap.xml" in hosted["robots.txt"]


def test_past_50000_pages_the_sitemap_is_an_index_of_parts_each_within_the_limit(monkeypatch):
    """The sitemap protocol allows 50,000 URLs a file (the General Debate has 369,000 pages): the limit
    is lowered here so the sample shows the split; the parts stay at the root, beside what they list."""
    from r2p_archive import feeds

    paths = [f"statements/s{number:03d}/" for number in range(25)] + ["", "events/a&b/"]
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 10)
    files = feeds.sitemaps(paths, "https://example.org/r2p/")
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [e.text for e in index.iter(f"{SITEMAP}loc")] == [
        f"https://example.org/r2p/sitemap-{n}.xml" for n in (1, 2, 3)
    ]
    listed = [e.text for name in sorted(files)[:3] for e in ET.fromstring(files[name]).iter(f"{SITEMAP}loc")]
    assert [len(ET.fromstring(files[f"sitemap-{n}.xml"])) for n in (1, 2, 3)] == [10, 10, 7]
    assert sorted(listed) == sorted(f"https://example.org/r2p/{p}" for p in paths), "every page once, escaped"
    assert list(feeds.sitemaps(paths[:10], None)) == ["sitemap.xml"], "at the limit, one file"


def test_feed_lists_events_newest_first_with_ids_independent_of_the_address(templates: Path):
    def entries(files):
        feed = ET.fromstring(files["feed.xml"])
        return [(e.find(f"{ATOM}id").text, e.find(f"{ATOM}link").get("href")) for e in feed.iter(f"{ATOM}entry")]

    plain = entries(render_site(sample_archive(), templates))
    hosted = entries(render_site(sample_archive(), templates, "https://example.org/"))
    assert (
        [i for i, _ in plain]
        == [i for i, _ in hosted]
        == [
            "tag:r2p-archive,2005:events/fifth-ministerial-meeting-2012",
            "tag:r2p-archive,2005:events/ga-dialogue-regional-arrangements-2011",
        ]
    )
    assert hosted[0][1] == "https://example.org/events/fifth-ministerial-meeting-2012/"
    feed = ET.fromstring(render_site(sample_archive(), templates)["feed.xml"])
    assert feed.find(f"{ATOM}updated").text == "2012-09-28T00:00:00Z"


# --- record pages --------------------------------------------------------------------------------


def test_event_page_lists_all_sources_and_groups_statements_by_speaker(sample_site: Path):
    tree = parse(sample_site / "events/ga-dialogue-regional-arrangements-2011/index.html")
    hrefs = _hrefs(tree)
    assert "../../sources/sg-remarks-dialogue-2011/" in hrefs
    assert "../../sources/ngls-dialogue-2011/" in hrefs
    groups = [text_of(h) for h in elements(tree, "h3")]
    assert groups[0].startswith("Ban Ki-moon"), "the first speaker of the first source comes first"
    assert groups[1].startswith("Global Centre")
    ban = _by_class(tree, "section", "speaker-group")[0]
    said = [a.get("href") for a in ban.iter("{http://www.w3.org/1999/xhtml}a") if "statements/" in a.get("href")]
    assert said == [
        "../../statements/ban-ki-moon-gather-today-partners/",
        "../../statements/ban-ki-moon-prevention-first-tool/",
        "../../statements/ban-ki-moon-gather-today-reported/",
    ]
    assert "../../people/joseph-deiss/" in hrefs, "hosts are listed"


def test_person_page_shows_roles_with_dates_statements_and_company(sample_site: Path):
    tree = parse(sample_site / "people/jan-eliasson/index.html")
    text = text_of(next(elements(tree, "main")))
    assert "President of the United Nations General Assembly" in text
    assert "13 September 2005 – 11 September 2006" in text
    assert "1 July 2012 – present" in text
    assert "../../statements/jan-eliasson-prevention-begins-home/" in _hrefs(tree)
    assert "../../people/botswana/" in _hrefs(tree), "co-participants"
    ld = json_ld(tree)[0]
    assert ld["@type"] == "Person" and ld["name"] == "Jan Eliasson"


def test_people_index_groups_by_kind_and_shows_unnamed_speakers_honestly(sample_site: Path):
    tree = parse(sample_site / "people/index.html")
    headings = [text_of(h) for h in elements(tree, "h2")]
    assert headings == ["People", "States", "Organizations", "Groups", "Unnamed speakers"]
    unnamed = next(s for s in elements(tree, "section") if s.get("aria-labelledby") == "unnamed")
    listed = [text_of(item) for item in unnamed.iter("{http://www.w3.org/1999/xhtml}li")]
    assert listed == [
        "One of the Ministers unnamed in the source 1 statement",
        "Several states unnamed in the source 1 statement",
    ]
    links = [href for href in _hrefs(unnamed) if "unnamed/" in href]
    # each description links to its own page of statements, not listed here: 63,000 at 10,000 sources
    assert links == ["../unnamed/one-ministers/", "../unnamed/several-states/"]


def test_an_unnamed_speakers_words_are_on_the_page_of_the_description_the_source_gives(sample_site: Path):
    tree = parse(sample_site / "unnamed/one-ministers/index.html")
    assert [text_of(h) for h in elements(tree, "h1")] == ["One of the Ministers"]
    assert "../../statements/minister-no-country-immune/" in _hrefs(tree)
    assert "../../people/#unnamed" in _hrefs(tree) and "../../people/" in _hrefs(tree), "back to the others, crumbs"


def test_descriptions_that_slug_alike_get_pages_of_their_own(templates: Path):
    """ "one minister", "One minister:" and "one minister —" are three descriptions (a source's own words)
    with one slug: each gets its own page, numbered in their sorted order, and nothing is written twice."""
    archive = sample_archive()
    labels = ["one minister", "One minister:", "one minister —"]
    statements = [
        dataclasses.replace(s, speaker=None, speaker_label=label)
        for s, label in zip(archive.statements[:3], labels, strict=True)
    ]
    files = render_site(dataclasses.replace(archive, statements=(*statements, *archive.statements[3:])), templates)
    pages = sorted(path for path in files if path.startswith("unnamed/one-minister") and "ministers" not in path)
    assert pages == [
        "unnamed/one-minister-2/index.html",
        "unnamed/one-minister-3/index.html",
        "unnamed/one-minister/index.html",
    ]
    titles = {text_of(next(elements(html5lib.parse(files[page], namespaceHTMLElements=True), "h1"))) for page in pages}
    assert titles == {"One minister", "One minister:", "One minister —"}


def test_state_and_organization_pages_use_their_schema_types(sample_site: Path):
    assert json_ld(parse(sample_site / "people/botswana/index.html"))[0]["@type"] == "Country"
    assert json_ld(parse(sample_site / "people/global-centre-r2p/index.html"))[0]["@type"] == "Organization"
    behalf = parse(sample_site / "people/nordic-countries/index.html")
    assert "../../statements/denmark-accountability-impunity/" in _hrefs(behalf)


def test_theme_page_lists_statements_by_date_with_speaker_and_event(sample_site: Path):
    tree = parse(sample_site / "themes/prevention/index.html")
    said = [h for h in _hrefs(tree) if h.startswith("../../statements/")]
    assert said == [
        "../../statements/ban-ki-moon-prevention-first-tool/",
        "../../statements/jan-eliasson-prevention-begins-home/",
        "../../statements/minister-no-country-immune/",
    ]
    cards = text_of(next(elements(tree, "main")))
    assert "Fifth annual Ministerial Meeting on the Responsibility to Protect" in cards
    assert "Ban Ki-moon" in cards


def test_source_page_keeps_the_full_text_with_anchors_highlights_and_folded_chrome(sample_site: Path):
    tree = parse(sample_site / "sources/ministerial-meeting-2012/index.html")
    paragraphs = {e.get("id"): e for e in tree.iter() if (e.get("id") or "").startswith("p")}
    assert sorted(paragraphs, key=lambda i: int(i[1:])) == [f"p{n}" for n in range(1, 10)]
    marks = {a.get("href"): text_of(a) for a in _by_class(tree, "a", "said")}
    assert marks["../../statements/minister-no-country-immune/"] == "no country is immune"
    assert "../../statements/minister-no-country-immune/" in _hrefs(paragraphs["p5"])
    chrome = next(elements(tree, "details"))
    assert {e.get("id") for e in chrome.iter() if e.get("id")} == {"p8", "p9"}
    assert "open" not in chrome.attrib
    assert text_of(next(elements(tree, "strong"))).startswith("The Responsibility to Protect:"), "light Markdown"


def test_source_text_is_escaped_not_interpreted(sample_site: Path):
    raw = (sample_site / "sources/ngls-dialogue-2011/index.html").read_text()
    assert "&lt;b&gt;markup&lt;/b&gt;" in raw
    assert "<b>" not in raw


def test_statement_page_links_the_exact_paragraph_corroboration_and_citation(sample_site: Path):
    tree = parse(sample_site / "statements/ban-ki-moon-gather-today-reported/index.html")
    hrefs = _hrefs(tree)
    assert "../../sources/ngls-dialogue-2011/#p4" in hrefs
    also = next(s for s in elements(tree, "section") if s.get("aria-labelledby") == "also")
    assert "../../statements/ban-ki-moon-gather-today-partners/" in _hrefs(also)
    citation = text_of(_by_class(tree, "p", "citation")[0])
    assert citation.startswith("Ban Ki-moon (Secretary-General of the United Nations), quotation,")
    assert "12 July 2011" in citation and "paragraph 4" in citation
    ld = json_ld(tree)[0]
    assert ld["@type"] == "Quotation"
    assert ld["creator"]["name"] == "Ban Ki-moon"
    assert ld["isBasedOn"]["name"] == "General Assembly Dialogue on the Role of Regional Arrangements"
    assert ld["recordedAt"]["startDate"] == "2011-07-12"


def test_anonymous_statement_names_no_one(sample_site: Path):
    tree = parse(sample_site / "statements/minister-no-country-immune/index.html")
    assert "unnamed in the source" in text_of(next(elements(tree, "main")))
    assert "../../unnamed/one-ministers/" in _hrefs(tree)
    assert json_ld(tree)[0]["creator"] == {
        "@type": "Thing",
        "name": "one of the Ministers",
        "description": "Speaker left unnamed by the source",
    }


def test_json_ld_cannot_break_out_of_its_script(templates: Path):
    archive = sample_archive()
    hostile = "</script><script>alert(1)</script><!-- & -->"
    statements = tuple(
        dataclasses.replace(s, text=hostile) if s.id == "botswana-arms-trade-treaty" else s for s in archive.statements
    )
    page = render_site(dataclasses.replace(archive, statements=statements), templates)[
        "statements/botswana-arms-trade-treaty/index.html"
    ]
    assert b"<script>alert" not in page
    tree = html5lib.parse(page, treebuilder="etree")
    scripts = [s for s in tree.iter("{http://www.w3.org/1999/xhtml}script") if s.get("type") == "application/ld+json"]
    assert json.loads(scripts[0].text)["text"] == hostile


def test_home_page_counts_and_links_everything_upwards(sample_site: Path):
    tree = parse(sample_site / "index.html")
    text = text_of(next(elements(tree, "main")))
    assert "9 statements" in text and "2 events" in text and "3 sources" in text
    hrefs = _hrefs(tree)
    assert "events/fifth-ministerial-meeting-2012/" in hrefs
    assert any(h.startswith("statements/") for h in hrefs)


# --- highlighting inside a paragraph -------------------------------------------------------------


def test_highlight_is_split_around_markdown_tags_and_stays_well_nested():
    text = "Prevention is the **first** tool."
    html = paragraph_html(text, 0, len(text), [Highlight(0, 26, "s/", "t")])
    assert html == (
        '<a class="said" href="s/" title="t"><mark>Prevention is the </mark></a>'
        '<strong><a class="said" href="s/" title="t"><mark>first</mark></a></strong> tool.'
    )


def test_emphasis_next_to_a_highlight_still_renders():
    text = 'She said **"no country is immune"** twice.'
    start = text.index("no")
    html = paragraph_html(text, 0, len(text), [Highlight(start - 3, start + 20, "s/", "t")])
    assert html.startswith('She said <a class="said" href="s/" title="t"><mark></mark>') is False
    assert "<strong>" in html and "**" not in html


def test_inner_highlight_owns_its_overlap():
    text = "one two three"
    html = paragraph_html(text, 0, len(text), [Highlight(0, 13, "a/", "a"), Highlight(4, 7, "b/", "b")])
    assert '<mark>one </mark></a><a class="said" href="b/" title="b"><mark>two</mark>' in html


def test_links_and_images_in_sources_stay_text():
    text = "See [the report](http://example.org) and ![x](http://example.org/x.png) <script>x</script>"
    html = paragraph_html(text, 0, len(text), [])
    assert "<a" not in html and "<img" not in html and "<script" not in html


_TEXT = st.text(alphabet="ab &<>\"'\n\u2e4e\u2e4f", min_size=1, max_size=40)


@given(_TEXT, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4))
def test_highlighting_never_changes_the_words(text: str, spans: list[tuple[int, int]]):
    """Whatever the spans, the rendered text reads exactly as the source, and every mark sits in its link."""
    highlights = [Highlight(min(a, b), max(a, b), "s/", "t") for a, b in spans if min(a, b) < min(max(a, b), len(text))]
    html = paragraph_html(text, 0, len(text), highlights)
    fragment = html5lib.parseFragment(str(html), treebuilder="etree")
    expected = " ".join(text.replace("\u2e4e", "\ufffd").replace("\u2e4f", "\ufffd").split())
    assert " ".join("".join(fragment.itertext()).split()) == expected
    for mark in fragment.iter("{http://www.w3.org/1999/xhtml}mark"):
        assert mark.text


# --- the real archive ----------------------------------------------------------------------------


def test_real_ban_ki_moon_page_lists_statements_from_all_four_events_in_date_order(content_site: Path):
    tree = parse(content_site / "people/ban-ki-moon/index.html")
    said = next(s for s in elements(tree, "section") if s.get("aria-labelledby") == "said")
    dates = [t.get("datetime") for t in said.iter("{http://www.w3.org/1999/xhtml}time")]
    assert len(dates) == 4, dates
    assert dates == sorted(dates)
    assert dates[0] == "2011-07-12" and dates[-1] == "2014-09-08"


def test_real_dialogue_of_12_july_2011_lists_both_sources(content_site: Path, content_archive):
    event = next(e for e in content_archive.events if e.date.isoformat() == "2011-07-12")
    hrefs = _hrefs(parse(content_site / f"events/{event.id}/index.html"))
    assert "../../sources/sg-remarks-general-assembly-dialogue-2011/" in hrefs
    assert "../../sources/ngls-general-assembly-dialogue-regional-arrangements/" in hrefs


def test_real_sources_highlight_every_statement(content_site: Path, content_archive):
    for source in content_archive.sources:
        tree = parse(content_site / f"sources/{source.id}/index.html")
        marked = {h for h in _hrefs(next(elements(tree, "main"))) if "statements/" in h}
        expected = {f"../../statements/{s.id}/" for s in content_archive.statements if s.source == source.id}
        assert marked == expected, source.id


def test_real_statement_pages_point_at_an_existing_paragraph(content_site: Path, content_archive):
    for statement in content_archive.statements[:20]:
        tree = parse(content_site / f"statements/{statement.id}/index.html")
        assert f"../../sources/{statement.source}/#p{statement.paragraph}" in _hrefs(tree)


def test_a_statement_page_names_the_section_of_its_source(content_site, content_archive):
    """Section headings stay the source's own: a statement under one says so, and no theme is made of it."""
    sources = {s.id: s for s in content_archive.sources}
    under = [
        (statement, paragraph.heading)
        for statement in content_archive.statements
        for paragraph in sources[statement.source].paragraphs
        if paragraph.number == statement.paragraph and paragraph.heading
    ]
    assert under, "the bundled sources have statements under section headings"
    statement, heading = under[0]
    tree = parse(content_site / "statements" / statement.id / "index.html")
    metas = [text_of(p) for p in elements(tree, "p") if p.get("class") == "meta"]
    assert any(meta.endswith(f"under the heading “{heading}”") for meta in metas)
    assert heading not in {theme.label for theme in content_archive.themes}


def test_record_pages_say_where_their_record_is_as_data(content_site, content_archive):
    data_ids = set(ids(parse(content_site / "data" / "index.html")))
    speaker = next(s for s in content_archive.speakers if (content_site / "people" / s.id / "index.html").exists())
    pages = {
        "statements": content_archive.statements[0].id,
        "events": content_archive.events[0].id,
        "sources": content_archive.sources[0].id,
        "themes": content_archive.themes[0].id,
        "people": speaker.id,
    }
    for kind, record_id in pages.items():
        tree = parse(content_site / kind / record_id / "index.html")
        (line,) = [p for p in elements(tree, "p") if p.get("class") == "record-data"]
        links = {a.get("href") for a in line.iter("{http://www.w3.org/1999/xhtml}a")}
        assert links == {f"../../data/#{kind}-csv", "../../data/archive.json"}, kind
        assert f"{kind}-csv" in data_ids and record_id in text_of(line)
        assert json_ld(tree), f"{kind}: the JSON-LD the line speaks of is there"
    assert not [
        p for p in elements(parse(content_site / "events" / "index.html"), "p") if p.get("class") == "record-data"
    ]


def test_reader_pages_carry_no_developer_text(content_site: Path):
    """Words for those who run the tool (the importer, a sidecar, the loader) never reach a reader."""
    for page in content_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8").lower()
        assert not [word for word in ("importer", "sidecar", "the loader") if word in text], page


def test_a_discovered_speaker_shows_the_office_the_text_gives_and_that_it_is_unconfirmed(
    templates: Path, tmp_path: Path
):
    archive = sample_archive()
    found = "Director of the Early Warning Office, as the text words it"
    speakers = tuple(
        dataclasses.replace(s, discovered=True, role_text=found, roles=()) if s.id == "jan-eliasson" else s
        for s in archive.speakers
    )
    page = render_site(dataclasses.replace(archive, speakers=speakers), templates)["people/jan-eliasson/index.html"]
    (tmp_path / "person.html").write_bytes(page)
    text = text_of(parse(tmp_path / "person.html"))
    assert found in text and "Found in the text, not yet confirmed by the archive." in text
    confirmed = render_site(archive, templates)["people/jan-eliasson/index.html"].decode()
    assert "not yet confirmed" not in confirmed
