"""The typed records of the archive. Everything downstream (site, export, search) reads these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

from r2p_archive.errors import Notice

SpeakerKind = Literal["person", "state", "organization", "group", "anonymous"]
StatementKind = Literal["quote", "paraphrase", "remarks"]
STATEMENT_KIND_LABELS: dict[str, str] = {"quote": "Quotation", "paraphrase": "Paraphrase", "remarks": "Remarks"}
R = TypeVar("R")


def made(kind: type[R], values: dict[str, Any]) -> R:
    """A record of ``kind`` with these field values, made without its ``__init__``, which sets each field
    of a frozen dataclass through ``object.__setattr__`` (a second for the 40,000 statements of 1,000
    sources). Records have no ``__post_init__`` to skip, and the values are checked by the caller."""
    record: Any = object.__new__(kind)
    record.__dict__.update(values)
    return record


def changed(record: R, **changes: Any) -> R:
    """``dataclasses.replace`` for a record, without its ``__init__``: linking changes every statement."""
    values = vars(record)
    if not changes.keys() <= values.keys():
        raise TypeError(f"{type(record).__name__} has no field {sorted(changes.keys() - values.keys())}")
    return made(type(record), {**values, **changes})


ParagraphRole = Literal["body", "heading", "title", "dateline", "byline", "caption", "reference", "list", "chrome"]


@dataclass(frozen=True)
class Role:
    """An office held over a date range; ``end`` is None while it is still held."""

    title: str
    title_id: str
    start: date
    end: date | None = None
    affiliation: str | None = None

    def held_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Speaker:
    """Anyone who can be quoted: a person, a state, an organization or a group."""

    id: str
    name: str
    kind: SpeakerKind
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    description: str | None = None
    wikidata: str | None = None
    discovered: bool = False  # found in a text, not in the registry: the archivist has not confirmed it
    found_at: str | None = None  # "path:line" where a discovered speaker was first named
    role_text: str | None = None  # a discovered speaker's office and affiliation, as the text words them

    def role_on(self, day: date | None) -> Role | None:
        if day is None:
            return None
        return next((role for role in self.roles if role.held_on(day)), None)


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    cues: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A repaired paragraph: ``text`` is normalized, ``spans`` map it back to the original."""

    number: int
    role: ParagraphRole
    text: str
    start: int
    end: int
    line: int
    heading: str | None = None


DatePrecision = Literal["day", "month", "year"]
_ISO_LENGTH: dict[str, int] = {"day": 10, "month": 7, "year": 4}


def partial_iso(value: date, precision: DatePrecision = "day") -> str:
    """ISO 8601 at the precision the text supports: "2022-09-20", "2022-09" or "2022".

    A partial date is held as its first day (so it sorts), and never shown or exported as one."""
    return value.isoformat()[: _ISO_LENGTH[precision]]


@dataclass(frozen=True)
class DateRef:
    """A date found in a text, with the words it came from and how it was worked out.

    ``precision`` says how much of ``value`` the words give: "20 or 21 September 2022" gives the
    month, and ``value`` is then the month's first day."""

    value: date
    expression: str
    method: str
    start: int = -1
    precision: DatePrecision = "day"


@dataclass(frozen=True)
class Source:
    id: str
    path: str
    title: str
    kind: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    publisher: str | None = None
    url: str | None = None
    language: str = "en"
    byline: str | None = None
    written: DateRef | None = None  # when the text was written: given in its sidecar, or inferred
    delivered_by: str | None = None  # a transcript read out for its speaker: by whom ("Mr. X, Prime Minister")
    citation: str | None = None  # how the collection it came from asks to be cited


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    date: date
    date_method: str
    place: str | None
    sources: tuple[str, ...]
    date_precision: DatePrecision = "day"
    hosts: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    alternative_titles: tuple[str, ...] = ()
    series: str | None = None  # the id of the recurring meeting it is one of (the General Debate)


@dataclass(frozen=True)
class Statement:
    """Who said what: the words, their speaker, and exactly where the words stand in a source."""

    id: str
    text: str
    kind: StatementKind
    speaker: str | None
    speaker_label: str
    source: str
    paragraph: int
    start: int
    end: int
    event: str | None = None
    on_behalf_of: str | None = None
    themes: tuple[str, ...] = ()
    corroborated_by: tuple[str, ...] = ()
    attribution: str = ""
    also_by: tuple[str, ...] = ()  # the others who made it with ``speaker`` ("X, Y and nine others stressed")
    by_document: bool = False  # the words are a document's ("the resolution stressed"), named by speaker_label

    @property
    def speakers(self) -> tuple[str, ...]:
        """Every named speaker of the words: one joint statement is one record, not a copy per speaker."""
        return (self.speaker, *self.also_by) if self.speaker else self.also_by


@dataclass(frozen=True)
class Series:
    """A meeting that recurs: events whose titles differ only by their number or year (text/series.py)."""

    id: str
    title: str
    events: tuple[str, ...]  # ids, in date order


@dataclass(frozen=True)
class Archive:
    sources: tuple[Source, ...]
    events: tuple[Event, ...]
    speakers: tuple[Speaker, ...]
    themes: tuple[Theme, ...]
    statements: tuple[Statement, ...]
    warnings: tuple[Notice, ...] = field(default=())
    series: tuple[Series, ...] = ()
