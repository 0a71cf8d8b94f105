"""The timeline of events and each event's page: who hosted, took part and spoke, from which sources."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TypedDict

from r2p_archive import jsonld, urls
from r2p_archive.records import Event, Statement
from r2p_archive.site.charts import Chart, bar_chart, years
from r2p_archive.site.frame import Frame, Page, PageKind, frame
from r2p_archive.site.links import (
    SPEAKER_GROUPS,
    EventLink,
    EventSummary,
    SeriesLink,
    SourceLink,
    SpeakerLink,
    StatementItem,
    count,
    event_link,
    event_summary,
    held_on,
    series_link,
    source_link,
    speaker_link,
    statement_item,
    statement_speaker,
)
from r2p_archive.site.lookups import ALL_STATEMENTS, Lookups


class Year(TypedDict):
    year: int
    events: list[EventSummary]


class EventsContext(Frame):
    years: list[Year]
    per_year: Chart | None
    series: list[SeriesLink]  # the meetings that recur


class EventPageLink(EventLink):
    alternative_titles: list[str]


class SpeakerGroup(TypedDict):
    speaker: SpeakerLink
    jointly: list[SpeakerLink]  # a joint statement's group is headed by all its speakers
    jointly_more: int
    statements: list[StatementItem]


class EventContext(Frame):
    event: EventPageLink
    series: SeriesLink | None
    hosts: list[SpeakerLink]
    participants: list[SpeakerLink]
    sources: list[SourceLink]
    groups: list[SpeakerGroup]
    statement_count: int
    who_spoke: Chart | None


def events_index(site: Lookups) -> Page:
    by_year: dict[int, list[EventSummary]] = defaultdict(list)
    for event in site.events_in_order:
        by_year[event.date.year].append(event_summary(site, event))
    context = EventsContext(
        **frame(
            site,
            urls.file_of(urls.index(urls.EVENTS)),
            "Events",
            f"Timeline of the {count(len(site.archive.events), 'event')} in the R2P archive, by year.",
            section="events",
        ),
        years=[Year(year=year, events=events) for year, events in sorted(by_year.items())],
        per_year=bar_chart("per-year", "Statements per year", years(site, ALL_STATEMENTS)),
        series=[series_link(site, s) for s in site.archive.series],
    )
    return Page(urls.file_of(urls.index(urls.EVENTS)), "events.html", context)


def _by_kind(site: Lookups, statements: list[Statement]) -> list[tuple[str, int]]:
    """Statements per kind of speaker (people, states, organizations, groups, and the unnamed)."""
    kinds = Counter(site.speakers[s.speaker].kind if s.speaker in site.speakers else "unnamed" for s in statements)
    labels = (*SPEAKER_GROUPS, ("unnamed", "Unnamed"))
    return [(label, kinds[kind]) for kind, label in labels if kinds[kind]]


def _speaker_groups(site: Lookups, statements: list[Statement]) -> list[SpeakerGroup]:
    """Statements grouped by who spoke, groups in order of each speaker's first words in the text."""
    groups: dict[tuple[str, ...], list[Statement]] = {}
    for statement in statements:
        key = statement.speakers or ("", statement.speaker_label.casefold())
        groups.setdefault(key, []).append(statement)
    heads = [statement_item(site, said[0]) for said in groups.values()]
    return [
        SpeakerGroup(
            speaker=statement_speaker(site, said[0]),
            jointly=head["jointly"],
            jointly_more=head["jointly_more"],
            statements=[statement_item(site, s, speaker=False, event=False) for s in said],
        )
        for head, said in zip(heads, groups.values(), strict=True)
    ]


def event_page(site: Lookups, event: Event) -> Page:
    path = urls.file_of(urls.record(urls.EVENTS, event.id))
    said = site.by_event.get(event.id, [])
    sources = [site.sources[s] for s in event.sources if s in site.sources]
    hosts = [site.speakers[s] for s in event.hosts if s in site.speakers]
    participants = [site.speakers[s] for s in event.participants if s in site.speakers]
    series = site.series[event.series] if event.series else None
    where = f", {event.place}" if event.place else ""
    context = EventContext(
        **frame(
            site,
            path,
            event.title,
            f"{held_on(event)}{where}: {count(len(said), 'statement')} from {count(len(sources), 'source')}.",
            section="events",
            data=jsonld.event_ld(event, hosts, participants, sources, series, site.url),
            record_type=KIND.record_type,
            crumbs=(KIND.crumb,),
        ),
        event=EventPageLink(**event_link(event), alternative_titles=list(event.alternative_titles)),
        series=series_link(site, series) if series else None,
        hosts=[speaker_link(site, s.id, event.date) for s in hosts],
        participants=[speaker_link(site, s.id, event.date) for s in participants],
        sources=[source_link(s) for s in sources],
        groups=_speaker_groups(site, said),
        statement_count=len(said),
        who_spoke=bar_chart("who-spoke", "Who spoke, by kind of speaker", _by_kind(site, said), axis="Speakers"),
    )
    return Page(path, "event.html", context)


KIND = PageKind(
    folder=urls.EVENTS,
    label="Events",
    nav_position=1,
    record_type="Event",
    index=events_index,
    page=event_page,
    records=lambda site: site.events_in_order,
)
