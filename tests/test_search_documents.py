"""The search documents, string-level: what Pagefind reads and why the filters are exact."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from markupsafe import escape

from fixtures import sample_archive
from r2p_archive.records import STATEMENT_KIND_LABELS
from r2p_archive.search.documents import GROUP_SIZE, choices, documents_digest, shards
from r2p_archive.site.links import format_date
from r2p_archive.site.lookups import Lookups


def _headings(html: bytes) -> list[str]:
    return re.findall(r'<h2 id="([^"]+)"', html.decode())


def _filters(html: bytes) -> dict[str, str]:
    return dict(re.findall(r'data-pagefind-filter="([a-z]+)\[content\]" content="([^"]*)"', html.decode()))


def test_every_statement_is_one_heading_in_one_document_of_its_year():
    archive = sample_archive()
    found = [
        (shard.name, _filters(html), ids)
        for shard in shards(Lookups(archive))
        for html in shard.documents().values()
        for ids in [_headings(html)]
    ]
    ids = [i for _, _, heading_ids in found for i in heading_ids]
    assert sorted(ids) == sorted(s.id for s in archive.statements)
    for shard_name, filters, _ in found:
        assert shard_name == f"{filters['year'][:3]}0s", "a shard is a decade, and its documents say their year"


def test_a_decade_too_large_for_one_process_is_split_into_its_years(monkeypatch):
    import r2p_archive.search.documents as documents

    archive = sample_archive()
    whole = shards(Lookups(archive))
    monkeypatch.setattr(documents, "SHARD_LIMIT", len(archive.statements) - 1)
    split = shards(Lookups(archive))
    assert [s.name for s in whole] == ["2010s"]
    assert [s.name for s in split] == sorted((y for s in whole for y in s.years), reverse=True)
    assert all(s.years == (s.name,) for s in split)
    assert sorted(n for s in split for n in s.documents()) == sorted(whole[0].documents())


def test_a_document_holds_one_speaker_year_and_kind_and_at_most_a_group():
    archive = sample_archive()
    many = [replace(archive.statements[0], id=f"{archive.statements[0].id}-{n}") for n in range(GROUP_SIZE + 3)]
    archive = replace(archive, statements=tuple(archive.statements) + tuple(many))
    for shard in shards(Lookups(archive)):
        for html in shard.documents().values():
            assert 1 <= len(_headings(html)) <= GROUP_SIZE
            named = Counter(re.findall(r'data-pagefind-filter="([a-z]+)\[content\]"', html.decode()))
            assert named["speaker"] == named["year"] == named["kind"] == 1
            assert set(named) == {"speaker", "year", "kind", "byline"}, "a byline: a value per statement"


def test_a_statement_is_searched_by_its_words_and_date_and_shown_with_who_when_and_where():
    """Pagefind searches a document's text and metadata: the speaker's name and the event's title are
    in neither, so a query about the Responsibility to Protect does not find every statement made at
    an event, or by an organisation, named after it. The search page shows each statement's byline,
    a value of the ``byline`` filter."""
    archive = sample_archive()
    site = Lookups(archive)
    statement = next(s for s in archive.statements if site.event_of(s))
    title, speaker = site.event_of(statement).title, site.speaker_name(statement)
    html = next(
        html.decode() for shard in shards(site) for html in shard.documents().values() if statement.id.encode() in html
    )
    body = html.split("<body", 1)[1]
    heading = re.search(rf'<h2 id="{statement.id}"[^>]*>([^<]*)</h2>', body)
    assert heading and heading.group(1) == format_date(*site.when(statement))
    assert str(escape(title)) not in body and str(escape(speaker)) not in body
    byline = escape(f"{speaker} · {format_date(*site.when(statement))} · {title}")
    assert f'<meta data-pagefind-filter="byline[content]" content="{statement.id} {byline}">' in html
    assert "data-pagefind-meta" not in html and "<title>" not in html, "no metadata to search"


def test_text_from_sources_is_escaped_in_documents():
    archive = sample_archive()
    hostile = replace(archive.statements[0], id="hostile-words", text='<script>alert(1)</script> & "quoted"')
    archive = replace(archive, statements=(*archive.statements, hostile))
    html = b"".join(html for shard in shards(Lookups(archive)) for html in shard.documents().values()).decode()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html


def test_choices_count_statements_per_filter_value():
    archive = sample_archive()
    site = Lookups(archive)
    counted = choices(shards(site))
    assert sum(n for _, n in counted["kind"]) == len(archive.statements)
    assert sum(n for _, n in counted["year"]) == len(archive.statements)
    by_speaker = Counter(site.speaker_name(statement) for statement in archive.statements)
    assert dict(counted["speaker"]) == by_speaker and len(by_speaker) > 1
    by_kind = Counter(STATEMENT_KIND_LABELS[statement.kind].lower() for statement in archive.statements)
    assert dict(counted["kind"]) == by_kind


def test_the_same_archive_gives_the_same_shards():
    assert [(s.name, documents_digest(s.documents())) for s in shards(Lookups(sample_archive()))] == [
        (s.name, documents_digest(s.documents())) for s in shards(Lookups(sample_archive()))
    ]
