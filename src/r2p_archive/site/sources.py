"""The sources: each in full, a numbered anchor per paragraph, every statement highlighted in place."""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Literal, TypedDict

from r2p_archive import jsonld, urls
from r2p_archive.records import STATEMENT_KIND_LABELS, Source, Statement
from r2p_archive.site.frame import Frame, Page, PageKind, frame
from r2p_archive.site.links import EventLink, SourceLink, count, event_link, source_link, statement_speaker
from r2p_archive.site.lookups import Lookups, sort_name
from r2p_archive.sourcetext import Highlight, paragraph_html


class SourceEntry(SourceLink):
    events: list[EventLink]
    count: str  # "12 statements"


class SourcesContext(Frame):
    sources: list[SourceEntry]


class SourceFacts(SourceLink):
    url: str | None
    byline: str | None
    language: str
    delivered_by: str | None
    citation: str | None


class ParagraphBlock(TypedDict):
    anchor: str
    number: int
    role: str
    html: str
    whole: bool  # one statement covers the whole paragraph


class ChromeRun(TypedDict):
    role: Literal["chrome-run"]
    paragraphs: list[ParagraphBlock]


class SourceContext(Frame):
    source: SourceFacts
    events: list[EventLink]
    blocks: list[ParagraphBlock | ChromeRun]
    statement_count: int


def sources_index(site: Lookups) -> Page:
    ordered = sorted(site.archive.sources, key=lambda s: (sort_name(s.title), s.id))
    context = SourcesContext(
        **frame(
            site,
            urls.file_of(urls.index(urls.SOURCES)),
            "Sources",
            f"The {count(len(site.archive.sources), 'source')} the archive is built from, each in full.",
            section="sources",
        ),
        sources=[
            SourceEntry(
                **source_link(s),
                events=[event_link(e) for e in site.events_of_source.get(s.id, [])],
                count=count(len(site.by_source.get(s.id, [])), "statement"),
            )
            for s in ordered
        ],
    )
    return Page(urls.file_of(urls.index(urls.SOURCES)), "sources.html", context)


def _highlights(site: Lookups, source: Source, root: str) -> list[Highlight]:
    """One highlight per span of words; when several statements share the words, the mark links to the
    first and the list of every speaker follows it, so no statement is hidden under another."""
    by_span: dict[tuple[int, int], list[Statement]] = defaultdict(list)
    for statement in site.by_source.get(source.id, []):
        by_span[(statement.start, statement.end)].append(statement)
    highlights = []
    for (start, end), said in sorted(by_span.items()):
        first = said[0]
        names = [statement_speaker(site, s)["name"] for s in said]
        title = f"{STATEMENT_KIND_LABELS[first.kind]}: {names[0]}"
        if len(said) > 1:
            title += f" and {count(len(said) - 1, 'other')}"
        speakers = (
            tuple((n, f"{root}statements/{s.id}/") for n, s in zip(names, said, strict=True)) if len(said) > 1 else ()
        )
        highlights.append(Highlight(start, end, f"{root}statements/{first.id}/", title, speakers, first.kind))
    return highlights


def _blocks(site: Lookups, source: Source, root: str) -> list[ParagraphBlock | ChromeRun]:
    """The source's paragraphs in order; runs of website chrome are folded into one collapsed block,
    kept because an archive shows what it received, not a cleaned-up version of it."""
    pending = deque(_highlights(site, source, root))  # sorted by start
    active: list[Highlight] = []  # highlights that may still reach the next paragraph
    blocks: list[ParagraphBlock | ChromeRun] = []
    run: ChromeRun | None = None  # the run of chrome paragraphs the last block belongs to
    for paragraph in source.paragraphs:  # in text order, so one sweep finds each paragraph's highlights
        while pending and pending[0].start < paragraph.end:
            active.append(pending.popleft())
        active = [h for h in active if h.end > paragraph.start]
        inside = [h for h in active if h.start < paragraph.end]
        item = ParagraphBlock(
            anchor=f"p{paragraph.number}",
            number=paragraph.number,
            role=paragraph.role,
            html=paragraph_html(source.text, paragraph.start, paragraph.end, inside),
            whole=any(h.start <= paragraph.start and paragraph.end <= h.end for h in inside),
        )
        if paragraph.role != "chrome":
            blocks.append(item)
            run = None
        elif run is not None:
            run["paragraphs"].append(item)
        else:
            run = ChromeRun(role="chrome-run", paragraphs=[item])
            blocks.append(run)
    return blocks


def source_page(site: Lookups, source: Source) -> Page:
    path = urls.file_of(urls.record(urls.SOURCES, source.id))
    said = site.by_source.get(source.id, [])
    events = [event_link(e) for e in site.events_of_source.get(source.id, [])]
    publisher = f" ({source.publisher})" if source.publisher else ""
    shared = frame(
        site,
        path,
        source.title,
        f"Full text of “{source.title}”{publisher}, with its {count(len(said), 'statement')} highlighted.",
        section="sources",
        data=jsonld.source_ld(source, site.url),
        record_type=KIND.record_type,
        crumbs=(KIND.crumb,),
    )
    context = SourceContext(
        **shared,
        source=SourceFacts(
            **source_link(source),
            url=source.url,
            byline=source.byline,
            language=source.language,
            delivered_by=source.delivered_by,
            citation=source.citation,
        ),
        events=events,
        blocks=_blocks(site, source, shared["root"]),
        statement_count=len(said),
    )
    return Page(path, "source.html", context)


KIND = PageKind(
    folder=urls.SOURCES,
    label="Sources",
    nav_position=4,
    record_type="Source",
    index=sources_index,
    page=source_page,
    records=lambda site: site.archive.sources,
)
