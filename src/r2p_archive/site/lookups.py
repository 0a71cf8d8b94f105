"""The archive indexed every way the pages need it, built once per render."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TypeVar

from r2p_archive.errors import SKIPPED
from r2p_archive.export import record_counts
from r2p_archive.records import Archive, DatePrecision, Event, Series, Source, Speaker, Statement, Theme
from r2p_archive.slugs import slugify

T = TypeVar("T")
ALL_STATEMENTS = "archive"  # the key of the whole archive's counts in ``Lookups.per_year``
JOINTLY_NAMED = 3  # a line names this many of a joint statement's speakers, then "and 8 more"


def first_named(speakers: list[T]) -> tuple[list[T], int]:
    """A joint statement's speakers as a line names them: the first few, and how many more."""
    return speakers[:JOINTLY_NAMED], max(0, len(speakers) - JOINTLY_NAMED)


def joint_names(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C", "A, B, C and 8 more": who made one statement, in one line."""
    shown, more = first_named(names)
    if more:
        return f"{', '.join(shown)} and {more} more"
    return f"{', '.join(shown[:-1])} and {shown[-1]}" if len(shown) > 1 else shown[0]


def theme_years(theme_id: str) -> str:
    """The key of a theme's counts in ``Lookups.per_year``."""
    return f"theme:{theme_id}"


def speaker_years(speaker_id: str) -> str:
    """The key of a speaker's counts in ``Lookups.per_year``."""
    return f"speaker:{speaker_id}"


def sort_name(name: str) -> str:
    """Alphabetical order that puts "Søvndal" among the S's and ignores case."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@dataclass
class Lookups:
    """The archive indexed every way the pages need it."""

    archive: Archive
    base_url: str | None = None
    export_sizes: dict[str, int] = field(default_factory=dict)  # the data files' sizes, once written
    sources: dict[str, Source] = field(init=False)
    events: dict[str, Event] = field(init=False)
    speakers: dict[str, Speaker] = field(init=False)
    themes: dict[str, Theme] = field(init=False)
    statements: dict[str, Statement] = field(init=False)
    series: dict[str, Series] = field(init=False)

    def __post_init__(self) -> None:
        self.sources = {s.id: s for s in self.archive.sources}
        self.events = {e.id: e for e in self.archive.events}
        self.speakers = {s.id: s for s in self.archive.speakers}
        self.themes = {t.id: t for t in self.archive.themes}
        self.statements = {s.id: s for s in self.archive.statements}
        self.series = {s.id: s for s in self.archive.series}

    def computed(self) -> Lookups:
        """Fill every cached grouping now, so forked workers inherit them instead of each redoing them."""
        groupings = ("by_event", "by_speaker", "by_behalf", "by_theme", "by_source", "anonymous", "events_of_source")
        for name in (*groupings, "per_year", "listed_ids", "people_at", "unnamed_ids"):
            getattr(self, name)
        return self

    def url(self, path: str) -> str | None:
        """The absolute address of a site path, when the site's address is known."""
        return f"{self.base_url}{path}" if self.base_url else None

    def event_of(self, statement: Statement) -> Event | None:
        return self.events.get(statement.event) if statement.event else None

    def when(self, statement: Statement) -> tuple[date, DatePrecision] | None:
        """When the words were spoken, as precisely as known: the event's date, else the source's."""
        event = self.event_of(statement)
        if event:
            return event.date, event.date_precision
        written = self.sources[statement.source].written
        return (written.value, written.precision) if written else None

    def speaker_name(self, statement: Statement) -> str:
        """Who spoke, as pages name them: the registry's names (every speaker of a joint statement), or the
        source's words for an unnamed speaker."""
        names = [self.speakers[s].name for s in statement.speakers if s in self.speakers]
        return joint_names(names) if names else statement.speaker_label

    def day_of(self, statement: Statement) -> date | None:
        """The day the words were spoken (a partial date's first day), for offices held that day."""
        when = self.when(statement)
        return when[0] if when else None

    def text_order(self, statement: Statement) -> tuple:
        """Reading order: by event date, then the event's source order, then position in the source."""
        event = self.event_of(statement)
        position = event.sources.index(statement.source) if event and statement.source in event.sources else 0
        return (
            self.day_of(statement) or date.max,
            statement.event or "",
            position,
            statement.source,
            statement.start,
            statement.id,
        )

    def ordered(self, statements: Iterable[Statement]) -> list[Statement]:
        return sorted(statements, key=self.text_order)

    @cached_property
    def record_counts(self) -> dict[str, int]:
        """How many records of each kind the downloads hold: the data page reads these, not every record,
        so a changed word does not make its check print the whole archive."""
        return record_counts(self.archive)

    @cached_property
    def skipped_files(self) -> list[tuple[str, str]]:
        """Each source file the loader could not read, with why: the data page lists these, not every
        warning, so a new warning about a quotation does not remake it."""
        return [(n.path, n.message.removeprefix("skipped: ")) for n in self.archive.warnings if n.kind == SKIPPED]

    @cached_property
    def events_in_order(self) -> list[Event]:
        return sorted(self.archive.events, key=lambda e: (e.date, e.id))

    @cached_property
    def events_of_source(self) -> dict[str, list[Event]]:
        """The events each source reports, in date order."""
        found: dict[str, list[Event]] = defaultdict(list)
        for event in self.events_in_order:
            for source in event.sources:
                found[source].append(event)
        return dict(found)

    @cached_property
    def by_event(self) -> dict[str, list[Statement]]:
        return self._group(lambda s: [s.event] if s.event else [])

    @cached_property
    def by_speaker(self) -> dict[str, list[Statement]]:
        return self._group(lambda s: list(s.speakers))

    @cached_property
    def by_behalf(self) -> dict[str, list[Statement]]:
        return self._group(lambda s: [s.on_behalf_of] if s.on_behalf_of else [])

    @cached_property
    def by_theme(self) -> dict[str, list[Statement]]:
        return self._group(lambda s: list(s.themes))

    @cached_property
    def by_source(self) -> dict[str, list[Statement]]:
        return self._group(lambda s: [s.source])

    @cached_property
    def anonymous(self) -> dict[str, list[Statement]]:
        """Unnamed speakers, by the words the sources use for them ("one of the Ministers"); a label that
        opens a sentence in one source and not in another is still the same description."""
        return self._group(lambda s: [s.speaker_label.casefold()] if s.speaker is None and not s.by_document else [])

    @cached_property
    def unnamed_ids(self) -> dict[str, str]:
        """The id of each unnamed description's page (a key of ``anonymous`` -> its slug). Two descriptions
        with one slug ("one minister", "one minister:") are told apart by a number, in their sorted order."""
        ids: dict[str, str] = {}
        taken: set[str] = set()
        for label in sorted(self.anonymous):
            slug = base = slugify(label, max_words=12)
            number = 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            ids[label] = slug
            taken.add(slug)
        return ids

    @cached_property
    def statements_in_order(self) -> list[Statement]:
        return self.ordered(self.archive.statements)

    def _group(self, keys) -> dict[str, list[Statement]]:
        groups: dict[str, list[Statement]] = defaultdict(list)
        for statement in self.statements_in_order:
            for key in keys(statement):
                groups[key].append(statement)
        return dict(groups)

    @cached_property
    def per_year(self) -> dict[str, dict[int, int]]:
        """Statements per year they were spoken, counted once for the charts: of the whole archive
        (``ALL_STATEMENTS``), of each theme (``theme_years``) and of each speaker (``speaker_years``). A chart
        then reads one count, not the dates of a theme's thousands of statements."""
        found: dict[str, Counter[int]] = defaultdict(Counter)
        for statement in self.archive.statements:
            day = self.day_of(statement)
            if day:
                keys = (ALL_STATEMENTS, *map(theme_years, statement.themes))
                for key in (*keys, *map(speaker_years, statement.speakers)):
                    found[key][day.year] += 1
        return {key: dict(sorted(counts.items())) for key, counts in found.items()}

    @cached_property
    def events_of_speaker(self) -> dict[str, list[Event]]:
        """Every event a speaker hosted, attended or spoke at, in date order."""
        found: dict[str, set[str]] = defaultdict(set)
        for event in self.archive.events:
            for speaker in (*event.hosts, *event.participants):
                found[speaker].add(event.id)
        for statement in self.archive.statements:
            for who in (*statement.speakers, statement.on_behalf_of):
                if who and statement.event:
                    found[who].add(statement.event)
        return {s: sorted((self.events[e] for e in ids), key=lambda e: (e.date, e.id)) for s, ids in found.items()}

    @cached_property
    def listed(self) -> list[Speaker]:
        """Speakers who get a page: those who speak, are spoken for, host or take part. The registry holds
        every UN member state, and a page for each silent one would only be noise."""
        wanted = set(self.by_speaker) | set(self.by_behalf) | set(self.events_of_speaker)
        return sorted((self.speakers[s] for s in wanted if s in self.speakers), key=lambda s: (sort_name(s.name), s.id))

    @cached_property
    def listed_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.listed)

    @cached_property
    def people_at(self) -> dict[str, list[str]]:
        """Everyone listed who was at each event (by id): ``events_of_speaker`` turned around. A page that
        names them reads these ids, not the event's statements, so new words said there leave it be."""
        found: dict[str, list[str]] = defaultdict(list)
        for speaker, events in self.events_of_speaker.items():
            if speaker in self.listed_ids:
                for event in events:
                    found[event.id].append(speaker)
        return dict(found)
