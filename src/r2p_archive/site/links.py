"""The small pieces every page is made of: dates and counts as text, and the dicts templates use
to print a linked record (its site path, name and what else a list shows of it)."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from r2p_archive import urls
from r2p_archive.records import (
    STATEMENT_KIND_LABELS,
    DatePrecision,
    Event,
    Series,
    Source,
    Statement,
    Theme,
    partial_iso,
)
from r2p_archive.site.lookups import Lookups, first_named

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SPEAKER_GROUPS = (
    ("person", "People"),
    ("state", "States"),
    ("organization", "Organizations"),
    ("group", "Groups"),
)
SPEAKER_KINDS = {"person": "Person", "state": "State", "organization": "Organization", "group": "Group"}  # one of each
EXCERPT = 280


# What templates read of a linked record: each dict is typed, so mypy checks that a builder
# fills every key its template uses.
class DateText(TypedDict):
    iso: str  # for <time datetime>, as precise as known
    text: str  # "12 July 2011", "September 2022"


class SpeakerLink(TypedDict):
    href: str | None  # None for a speaker with no page of their own
    name: str
    role: str | None
    anonymous: bool  # no person or body the archive names: an unnamed speaker or a document
    document: bool  # a document the text lets speak ("the resolution")


class EventLink(TypedDict):
    href: str
    title: str
    date: DateText | None
    place: str | None


class EventSummary(EventLink):
    statements: str  # "3 statements"
    sources: str


class SourceLink(TypedDict):
    href: str
    title: str
    publisher: str | None
    kind: str
    date: DateText | None


class ThemeLink(TypedDict):
    href: str
    label: str


class SeriesLink(TypedDict):
    href: str
    title: str
    meetings: str  # "20 meetings, 2005–2024"


class StatementItem(TypedDict):
    href: str
    words: str
    kind: str
    kind_label: str
    speaker: SpeakerLink | None
    jointly: list[SpeakerLink]  # the others named beside ``speaker`` on a joint statement's line
    jointly_more: int  # and how many more made it
    behalf: SpeakerLink | None
    event: EventLink | None
    date: DateText | None


def format_date(day: date, precision: DatePrecision = "day") -> str:
    """Dates as "12 July 2011": unambiguous in every English-speaking country and free of locale
    settings; a partial date says only what is known ("September 2022", "2022")."""
    if precision == "year":
        return str(day.year)
    month = f"{_MONTHS[day.month - 1]} {day.year}"
    return month if precision == "month" else f"{day.day} {month}"


def date_ref(day: date | None, precision: DatePrecision = "day") -> DateText | None:
    return {"iso": partial_iso(day, precision), "text": format_date(day, precision)} if day else None


def event_date(event: Event) -> DateText | None:
    return date_ref(event.date, event.date_precision)


def held_on(event: Event) -> str:
    """When the event was held, in words."""
    return format_date(event.date, event.date_precision)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """Cut long texts at a word boundary: lists show the gist, the statement page shows everything."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def capitalized(label: str) -> str:
    return label[:1].upper() + label[1:]


def count(n: int, noun: str) -> str:
    """Counts as "1 source" or "2 sources": every noun the site counts takes a plain -s."""
    return f"{n} {noun if n == 1 else noun + 's'}"


def speaker_link(site: Lookups, speaker_id: str, day: date | None = None) -> SpeakerLink:
    speaker = site.speakers[speaker_id]
    role = speaker.role_on(day)
    return {
        "href": urls.record(urls.PEOPLE, speaker.id) if speaker.id in site.listed_ids else None,
        "name": speaker.name,
        "role": role.title if role else None,
        "anonymous": False,
        "document": False,
    }


def anonymous_link(site: Lookups, label: str) -> SpeakerLink:
    """An unnamed speaker, as the source describes them, linking to the page of that description's words."""
    page = site.unnamed_ids.get(label.casefold())
    return {
        "href": urls.record(urls.UNNAMED, page) if page else None,
        "name": label,
        "role": None,
        "anonymous": True,
        "document": False,
    }


def statement_speaker(site: Lookups, statement: Statement) -> SpeakerLink:
    if statement.by_document:
        return {"href": None, "name": statement.speaker_label, "role": None, "anonymous": True, "document": True}
    if statement.speaker is None or statement.speaker not in site.speakers:
        return anonymous_link(site, statement.speaker_label)
    return speaker_link(site, statement.speaker, site.day_of(statement))


def joint_speakers(site: Lookups, statement: Statement) -> list[SpeakerLink]:
    """The others who made a joint statement with its first speaker, in the order the text names them."""
    day = site.day_of(statement)
    return [speaker_link(site, s, day) for s in statement.also_by if s in site.speakers]


def event_link(event: Event) -> EventLink:
    return {
        "href": urls.record(urls.EVENTS, event.id),
        "title": event.title,
        "date": event_date(event),
        "place": event.place,
    }


def source_link(source: Source) -> SourceLink:
    return {
        "href": urls.record(urls.SOURCES, source.id),
        "title": source.title,
        "publisher": source.publisher,
        "kind": source.kind.replace("-", " "),
        "date": date_ref(source.written.value, source.written.precision) if source.written else None,
    }


def series_link(site: Lookups, series: Series) -> SeriesLink:
    first, last = (site.events[series.events[end]].date.year for end in (0, -1))
    span = str(first) if first == last else f"{first}–{last}"
    return {
        "href": urls.record(urls.SERIES, series.id),
        "title": series.title,
        "meetings": f"{count(len(series.events), 'meeting')}, {span}",
    }


def theme_link(theme: Theme) -> ThemeLink:
    return {"href": urls.record(urls.THEMES, theme.id), "label": theme.label}


def statement_item(site: Lookups, statement: Statement, *, speaker: bool = True, event: bool = True) -> StatementItem:
    """A statement as lists show it; ``speaker``/``event`` are dropped where the page already says them."""
    found_event = site.event_of(statement)
    behalf = statement.on_behalf_of
    who = statement_speaker(site, statement)
    named, more = first_named([who, *joint_speakers(site, statement)])
    return {
        "href": urls.record(urls.STATEMENTS, statement.id),
        "words": excerpt(statement.text),
        "kind": statement.kind,
        "kind_label": STATEMENT_KIND_LABELS[statement.kind],
        "speaker": who if speaker else None,
        "jointly": named[1:] if speaker else [],
        "jointly_more": more if speaker else 0,
        "behalf": speaker_link(site, behalf) if behalf and behalf in site.speakers else None,
        "event": event_link(found_event) if event and found_event else None,
        "date": date_ref(*when) if event and (when := site.when(statement)) else None,
    }


def event_summary(site: Lookups, event: Event) -> EventSummary:
    said = site.by_event.get(event.id, [])
    return EventSummary(
        **event_link(event),
        statements=count(len(said), "statement"),
        sources=count(len(event.sources), "source"),
    )


class EventGroup(TypedDict):
    event: EventLink | None
    statements: list[StatementItem]


def statements_by_event(site: Lookups, statements: list[Statement]) -> list[EventGroup]:
    """A speaker's words under each event in date order; words with no event come last, by source. A joint
    statement names all its speakers: the page's one did not say it alone."""
    groups: dict[str, list[Statement]] = {}
    for statement in statements:
        groups.setdefault(statement.event or "", []).append(statement)
    return [
        EventGroup(
            event=event_link(site.events[key]) if key in site.events else None,
            statements=[statement_item(site, s, speaker=bool(s.also_by), event=False) for s in said],
        )
        for key, said in groups.items()
    ]
