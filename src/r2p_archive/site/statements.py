"""A statement's own page: its words, speaker, event, date, themes, paragraph and a citation."""

from __future__ import annotations

from r2p_archive import jsonld, search, urls
from r2p_archive.records import STATEMENT_KIND_LABELS, Statement
from r2p_archive.site import people
from r2p_archive.site.frame import SITE_NAME, Page, PageKind, frame
from r2p_archive.site.links import (
    excerpt,
    format_date,
    source_link,
    statement_item,
    statement_speaker,
    theme_link,
)
from r2p_archive.site.lookups import Lookups, sort_name


def citation(site: Lookups, statement: Statement) -> str:
    """A reference a reader can paste: who, what kind of words, where and when, which source and paragraph."""
    speaker = statement_speaker(site, statement)
    who = speaker["name"] + (f" ({speaker['role']})" if speaker["role"] else "")
    if statement.on_behalf_of in site.speakers:
        who += f", on behalf of {site.speakers[statement.on_behalf_of].name}"
    event = site.event_of(statement)
    day = site.day_of(statement)
    where = f", {event.title}" + (f", {event.place}" if event.place else "") if event else ""
    when = f", {format_date(day)}" if day else ""
    source = site.sources[statement.source]
    by = f" ({source.publisher})" if source.publisher else ""
    address = site.url(urls.record(urls.STATEMENTS, statement.id)) or f"statement {statement.id}"
    return (
        f"{who}, {STATEMENT_KIND_LABELS[statement.kind].lower()}{where}{when}. "
        f"In “{source.title}”{by}, paragraph {statement.paragraph}. {SITE_NAME}, {address}."
    )


def statement_page(site: Lookups, statement: Statement) -> Page:
    path = urls.file_of(urls.record(urls.STATEMENTS, statement.id))
    source = site.sources[statement.source]
    event = site.event_of(statement)
    speaker = site.speakers.get(statement.speaker) if statement.speaker else None
    themes = [site.themes[t] for t in statement.themes if t in site.themes]
    who = statement_speaker(site, statement)
    context = frame(
        site,
        path,
        f"{who['name']}: “{excerpt(statement.text, 60)}”",
        excerpt(f"{who['name']}: {statement.text}", 155),
        section=None,
        data=jsonld.quotation_ld(statement, speaker, event, source, themes, site.url),
        record_type=KIND.record_type,
        crumbs=(people.KIND.crumb, (who["href"] or urls.index(urls.PEOPLE), who["name"])),
    )
    corroborating = [site.statements[s] for s in statement.corroborated_by if s in site.statements]
    context |= {
        "search": search.statement_search_fields(statement, speaker, event, themes),
        "statement": statement_item(site, statement)
        | {"paragraphs": statement.text.split("\n\n"), "attribution": statement.attribution},
        "themes": [theme_link(t) for t in sorted(themes, key=lambda t: sort_name(t.label))],
        "source": source_link(source),
        "paragraph": {"href": urls.paragraph(source.id, statement.paragraph), "number": statement.paragraph},
        "also": [
            statement_item(site, s) | {"source": source_link(site.sources[s.source])}
            for s in site.ordered(corroborating)
        ],
        "citation": citation(site, statement),
    }
    return Page(path, "statement.html", context)


KIND = PageKind(
    folder=urls.STATEMENTS,
    label="Statements",
    record_type="Statement",
    page=statement_page,
    records=lambda site: site.archive.statements,
)
