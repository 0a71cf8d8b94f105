"""The home page: what the archive holds, its timeline, and statements to start from."""

from __future__ import annotations

from typing import TypedDict

from r2p_archive import urls
from r2p_archive.records import Statement
from r2p_archive.site.frame import SITE_NAME, SITE_TAGLINE, Frame, Page, PageKind, frame
from r2p_archive.site.links import EventSummary, StatementItem, count, event_summary, statement_item
from r2p_archive.site.lookups import Lookups

_RECENT = 6
_PER_EVENT = 2
_KIND_ORDER = ("quote", "remarks", "paraphrase")  # a speaker's own words before a source's report of them


def starting_points(statements: list[Statement], count: int = _RECENT) -> list[Statement]:
    """Statements to start from, latest first: quotations before remarks before paraphrases, spread over
    events (one per event first, then a second), at most ``_PER_EVENT`` from any one event."""
    # Words several speakers share ("New Zealand, Pakistan and Thailand stressed ...") are shown once.
    distinct = list({(s.source, s.start, s.end): s for s in reversed(statements)}.values())
    chosen: list[Statement] = []
    taken: dict[str, int] = {}
    for kind in _KIND_ORDER:
        for cap in range(1, _PER_EVENT + 1):
            for statement in distinct:
                event = statement.event or f"source:{statement.source}"
                if len(chosen) == count:
                    return chosen
                if statement.kind == kind and taken.get(event, 0) < cap and statement not in chosen:
                    chosen.append(statement)
                    taken[event] = taken.get(event, 0) + 1
    return chosen


class Count(TypedDict):
    href: str
    n: int
    label: str


class HomeContext(Frame):
    counts: list[Count]
    statement_count: int
    timeline: list[EventSummary]
    recent: list[StatementItem]


def home_page(site: Lookups) -> Page:
    statements = site.statements_in_order
    recent = starting_points(statements)
    context = HomeContext(
        **frame(
            site,
            urls.file_of(""),
            f"{SITE_NAME}: {SITE_TAGLINE}",
            f"A documentary archive of the UN Responsibility to Protect: {count(len(site.archive.events), 'event')}, "
            f"{count(len(statements), 'statement')}, each linked to the paragraph of the source that reports it.",
            section="home",
            data={"@context": "https://schema.org", "@type": "WebSite", "name": SITE_NAME, "description": SITE_TAGLINE}
            | ({"url": site.base_url} if site.base_url else {}),
        ),
        counts=[
            Count(href=urls.index(urls.EVENTS), n=len(site.archive.events), label="events"),
            Count(href=urls.index(urls.SOURCES), n=len(site.archive.sources), label="sources"),
            Count(href=urls.index(urls.PEOPLE), n=len(site.listed), label="speakers"),
            Count(href=urls.index(urls.THEMES), n=len(site.archive.themes), label="themes"),
        ],
        statement_count=len(statements),
        timeline=[event_summary(site, e) for e in reversed(site.events_in_order)],
        recent=[statement_item(site, s) for s in recent],
    )
    return Page(urls.file_of(""), "home.html", context)


KIND = PageKind(folder="", label="Home", index=home_page)
