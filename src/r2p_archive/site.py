"""The published site: pure functions from the archive's records to pages.

``render_site`` is the one entry point. Every page's context is prepared here, from records to plain
dicts of labels and site paths, so the Jinja templates only lay things out. Links are relative (each page
knows its ``root``, e.g. "../../"), so the site works from any folder of any server; only canonical links,
JSON-LD ids, the sitemap and the feed use ``base_url``, and only when it is given.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from r2p_archive import feeds, jsonld, search
from r2p_archive.records import Archive, Event, Source, Speaker, Statement, Theme
from r2p_archive.slugs import slugify
from r2p_archive.sourcetext import Highlight, paragraph_html

SITE_NAME = "R2P Archive"
SITE_TAGLINE = "The Responsibility to Protect in the words of those who spoke"

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
KIND_LABELS = {"quote": "Quotation", "paraphrase": "Paraphrase", "remarks": "Remarks"}
SPEAKER_GROUPS = (
    ("person", "People"),
    ("state", "States"),
    ("organization", "Organizations"),
    ("group", "Groups"),
)
RECORD_TYPES = {
    "events": "Event",
    "people": "Speaker",
    "themes": "Theme",
    "sources": "Source",
    "statements": "Statement",
}
_EXCERPT = 280
_RECENT = 6


# --- small helpers -------------------------------------------------------------------------------


def format_date(day: date) -> str:
    """Dates as "12 July 2011": unambiguous in every English-speaking country and free of locale settings."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _date(day: date | None) -> dict[str, str] | None:
    return {"iso": day.isoformat(), "text": format_date(day)} if day else None


def _excerpt(text: str, limit: int = _EXCERPT) -> str:
    """Cut long texts at a word boundary: lists show the gist, the statement page shows everything."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def sort_name(name: str) -> str:
    """Alphabetical order that puts "Søvndal" among the S's and ignores case."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def _capitalized(label: str) -> str:
    return label[:1].upper() + label[1:]


def _root(path: str) -> str:
    """The relative prefix that leads from the page at ``path`` back to the site root."""
    return "../" * path.count("/")


def check_output_path(path: str) -> str:
    """Output paths are made from validated slugs; this is the last line of defence against escaping the folder."""
    if path.startswith("/") or ".." in path.split("/") or "\\" in path or not path:
        raise ValueError(f"unsafe output path {path!r}")
    return path


def _normalise_base(base_url: str | None) -> str | None:
    return base_url.rstrip("/") + "/" if base_url else None


# --- lookups ---------------------------------------------------------------------------------------


@dataclass
class Lookups:
    """The archive indexed every way the pages need it, built once per render."""

    archive: Archive
    base_url: str | None = None
    sources: dict[str, Source] = field(init=False)
    events: dict[str, Event] = field(init=False)
    speakers: dict[str, Speaker] = field(init=False)
    themes: dict[str, Theme] = field(init=False)
    statements: dict[str, Statement] = field(init=False)

    def __post_init__(self) -> None:
        self.sources = {s.id: s for s in self.archive.sources}
        self.events = {e.id: e for e in self.archive.events}
        self.speakers = {s.id: s for s in self.archive.speakers}
        self.themes = {t.id: t for t in self.archive.themes}
        self.statements = {s.id: s for s in self.archive.statements}

    def computed(self) -> Lookups:
        """Fill every cached grouping now, so forked workers inherit them instead of each redoing them."""
        groupings = ("by_event", "by_speaker", "by_behalf", "by_theme", "by_source", "anonymous", "events_of_source")
        for name in (*groupings, "listed_ids"):
            getattr(self, name)
        return self

    def url(self, path: str) -> str | None:
        """The absolute address of a site path, when the site's address is known."""
        return f"{self.base_url}{path}" if self.base_url else None

    def event_of(self, statement: Statement) -> Event | None:
        return self.events.get(statement.event) if statement.event else None

    def day_of(self, statement: Statement) -> date | None:
        """When the words were spoken: the event's date, else the source's publication date."""
        event = self.event_of(statement)
        if event:
            return event.date
        written = self.sources[statement.source].written
        return written.value if written else None

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
        return self._group(lambda s: [s.speaker] if s.speaker else [])

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
        return self._group(lambda s: [s.speaker_label.casefold()] if s.speaker is None else [])

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
    def events_of_speaker(self) -> dict[str, list[Event]]:
        """Every event a speaker hosted, attended or spoke at, in date order."""
        found: dict[str, set[str]] = defaultdict(set)
        for event in self.archive.events:
            for speaker in (*event.hosts, *event.participants):
                found[speaker].add(event.id)
        for statement in self.archive.statements:
            for speaker in (statement.speaker, statement.on_behalf_of):
                if speaker and statement.event:
                    found[speaker].add(statement.event)
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

    def people_of_event(self, event: Event) -> list[str]:
        """Everyone at an event: hosts, participants, and whoever the sources quote there."""
        ids = [*event.hosts, *event.participants]
        ids += [s for st in self.by_event.get(event.id, []) for s in (st.speaker, st.on_behalf_of) if s]
        return list(dict.fromkeys(i for i in ids if i in self.listed_ids))


# --- references: the small dicts templates use to print a linked name -----------------------------


def speaker_link(site: Lookups, speaker_id: str, day: date | None = None) -> dict[str, Any]:
    speaker = site.speakers[speaker_id]
    role = speaker.role_on(day)
    return {
        "href": f"people/{speaker.id}/" if speaker.id in site.listed_ids else None,
        "name": speaker.name,
        "role": role.title if role else None,
        "anonymous": False,
    }


def unnamed_anchor(label: str) -> str:
    """The people page's anchor for the statements of one unnamed description ("one of the Ministers")."""
    return f"unnamed-{slugify(label.casefold(), max_words=12)}"


def anonymous_link(label: str) -> dict[str, Any]:
    return {"href": f"people/#{unnamed_anchor(label)}", "name": label, "role": None, "anonymous": True}


def statement_speaker(site: Lookups, statement: Statement) -> dict[str, Any]:
    if statement.speaker is None or statement.speaker not in site.speakers:
        return anonymous_link(statement.speaker_label)
    return speaker_link(site, statement.speaker, site.day_of(statement))


def event_link(event: Event) -> dict[str, Any]:
    return {"href": f"events/{event.id}/", "title": event.title, "date": _date(event.date), "place": event.place}


def source_link(source: Source) -> dict[str, Any]:
    return {
        "href": f"sources/{source.id}/",
        "title": source.title,
        "publisher": source.publisher,
        "kind": source.kind.replace("-", " "),
        "date": _date(source.written.value) if source.written else None,
    }


def theme_link(theme: Theme) -> dict[str, Any]:
    return {"href": f"themes/{theme.id}/", "label": theme.label}


def statement_item(site: Lookups, statement: Statement, *, speaker: bool = True, event: bool = True) -> dict[str, Any]:
    """A statement as lists show it; ``speaker``/``event`` are dropped where the page already says them."""
    found_event = site.event_of(statement)
    behalf = statement.on_behalf_of
    return {
        "href": f"statements/{statement.id}/",
        "words": _excerpt(statement.text),
        "kind": statement.kind,
        "kind_label": KIND_LABELS.get(statement.kind, statement.kind),
        "speaker": statement_speaker(site, statement) if speaker else None,
        "behalf": speaker_link(site, behalf) if behalf and behalf in site.speakers else None,
        "event": event_link(found_event) if event and found_event else None,
        "date": _date(site.day_of(statement)) if event else None,
    }


# --- pages ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict[str, Any]


Recipe = tuple[Callable[..., Page | Iterator[Page]], Any]  # a page builder and its record (None for lists)


def _frame(
    site: Lookups,
    path: str,
    title: str,
    description: str,
    *,
    section: str | None,
    data: dict[str, Any] | None = None,
    record: bool = True,
    crumbs: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """What every page shares: its way back to the root, title, description, canonical link and JSON-LD.

    ``record`` pages put their content in the search index (data-pagefind-body); lists and the home
    page stay out of it so a search finds each record once, on its own page."""
    page_path = path.removesuffix("index.html")
    return {
        "record_type": RECORD_TYPES.get(path.split("/")[0]) if record else None,
        "root": _root(path),
        "title": title,
        "description": description,
        "canonical": site.url(page_path),
        "jsonld": jsonld.script_json(data) if data else None,
        "section": section,
        "record": record,
        "crumbs": [{"href": href, "label": label} for href, label in crumbs],
        "site_name": SITE_NAME,
        "tagline": SITE_TAGLINE,
    }


def _count(n: int, noun: str) -> str:
    """Counts as "1 source" or "2 sources": every noun the site counts takes a plain -s."""
    return f"{n} {noun if n == 1 else noun + 's'}"


def home_page(site: Lookups) -> Page:
    statements = site.statements_in_order
    # Words several speakers share ("New Zealand, Pakistan and Thailand stressed ...") are shown once.
    distinct = list({(s.source, s.start, s.end): s for s in reversed(statements)}.values())
    recent = distinct[:_RECENT]
    context = _frame(
        site,
        "index.html",
        f"{SITE_NAME}: {SITE_TAGLINE}",
        f"A documentary archive of the UN Responsibility to Protect: {_count(len(site.archive.events), 'event')}, "
        f"{_count(len(statements), 'statement')}, each linked to the paragraph of the source that reports it.",
        section="home",
        data={"@context": "https://schema.org", "@type": "WebSite", "name": SITE_NAME, "description": SITE_TAGLINE}
        | ({"url": site.base_url} if site.base_url else {}),
        record=False,
    )
    context["counts"] = [
        {"href": "events/", "n": len(site.archive.events), "label": "events"},
        {"href": "sources/", "n": len(site.archive.sources), "label": "sources"},
        {"href": "people/", "n": len(site.listed), "label": "speakers"},
        {"href": "themes/", "n": len(site.archive.themes), "label": "themes"},
    ]
    context["statement_count"] = len(statements)
    context["timeline"] = [_event_summary(site, e) for e in reversed(site.events_in_order)]
    context["recent"] = [statement_item(site, s) for s in recent]
    return Page("index.html", "home.html", context)


def _event_summary(site: Lookups, event: Event) -> dict[str, Any]:
    said = site.by_event.get(event.id, [])
    return event_link(event) | {
        "statements": _count(len(said), "statement"),
        "sources": _count(len(event.sources), "source"),
    }


def events_index(site: Lookups) -> Page:
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in site.events_in_order:
        by_year[event.date.year].append(_event_summary(site, event))
    context = _frame(
        site,
        "events/index.html",
        "Events",
        f"Timeline of the {_count(len(site.archive.events), 'event')} in the R2P archive, by year.",
        section="events",
        record=False,
    )
    context["years"] = [{"year": year, "events": events} for year, events in sorted(by_year.items())]
    return Page("events/index.html", "events.html", context)


def _speaker_groups(site: Lookups, statements: list[Statement]) -> list[dict[str, Any]]:
    """Statements grouped by who spoke, groups in order of each speaker's first words in the text."""
    groups: dict[tuple[str, str], list[Statement]] = {}
    for statement in statements:
        key = ("named", statement.speaker) if statement.speaker else ("unnamed", statement.speaker_label.casefold())
        groups.setdefault(key, []).append(statement)
    return [
        {
            "speaker": statement_speaker(site, said[0]),
            "statements": [statement_item(site, s, speaker=False, event=False) for s in said],
        }
        for said in groups.values()
    ]


def event_page(site: Lookups, event: Event) -> Page:
    path = f"events/{event.id}/index.html"
    said = site.by_event.get(event.id, [])
    sources = [site.sources[s] for s in event.sources if s in site.sources]
    hosts = [site.speakers[s] for s in event.hosts if s in site.speakers]
    participants = [site.speakers[s] for s in event.participants if s in site.speakers]
    where = f", {event.place}" if event.place else ""
    context = _frame(
        site,
        path,
        event.title,
        f"{format_date(event.date)}{where}: {_count(len(said), 'statement')} from {_count(len(sources), 'source')}.",
        section="events",
        data=jsonld.event_ld(event, hosts, participants, sources, site.url),
        crumbs=(("events/", "Events"),),
    )
    context |= {
        "event": event_link(event) | {"alternative_titles": list(event.alternative_titles)},
        "hosts": [speaker_link(site, s.id, event.date) for s in hosts],
        "participants": [speaker_link(site, s.id, event.date) for s in participants],
        "sources": [source_link(s) for s in sources],
        "groups": _speaker_groups(site, said),
        "statement_count": len(said),
    }
    return Page(path, "event.html", context)


def people_index(site: Lookups) -> Page:
    context = _frame(
        site,
        "people/index.html",
        "People, states and organizations",
        f"The {_count(len(site.listed), 'speaker')} who speak, host or take part in the archive's events, A–Z.",
        section="people",
        record=False,
    )
    context["groups"] = [
        {
            "id": kind,
            "label": label,
            "speakers": [
                speaker_link(site, s.id) | {"count": _count(len(site.by_speaker.get(s.id, [])), "statement")}
                for s in site.listed
                if s.kind == kind
            ],
        }
        for kind, label in SPEAKER_GROUPS
    ]
    unnamed = [
        {
            "label": _capitalized(said[0].speaker_label),
            "anchor": unnamed_anchor(said[0].speaker_label),
            "statements": [statement_item(site, s, speaker=False) for s in said],
        }
        for _, said in sorted(site.anonymous.items())
    ]
    unnamed_speakers = [speaker_link(site, s.id) for s in site.listed if s.kind not in dict(SPEAKER_GROUPS)]
    context["unnamed"] = unnamed
    context["unnamed_speakers"] = unnamed_speakers
    return Page("people/index.html", "people.html", context)


def _role(site: Lookups, role) -> dict[str, Any]:
    affiliation = None
    if role.affiliation and role.affiliation in site.speakers:
        affiliation = speaker_link(site, role.affiliation)
    return {
        "title": role.title,
        "start": _date(role.start),
        "end": _date(role.end) if role.end else None,
        "affiliation": affiliation,
    }


def _statements_by_event(site: Lookups, statements: list[Statement]) -> list[dict[str, Any]]:
    """A speaker's words under each event in date order; words with no event come last, by source."""
    groups: dict[str, list[Statement]] = {}
    for statement in statements:
        groups.setdefault(statement.event or "", []).append(statement)
    return [
        {
            "event": event_link(site.events[key]) if key in site.events else None,
            "statements": [statement_item(site, s, speaker=False, event=False) for s in said],
        }
        for key, said in groups.items()
    ]


LISTING_PAGE_SIZE = 200  # statements per page of a person's or a theme's listing


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


def _paged(folder: str, number: int) -> str:
    """Output path of page ``number`` of a listing whose first page is ``folder``index.html."""
    return f"{folder}index.html" if number == 1 else f"{folder}page/{number}/index.html"


def _pagination(folder: str, number: int, count: int) -> dict[str, Any] | None:
    """Links between the pages of one listing (hrefs from the site root)."""
    if count == 1:
        return None

    def href(n: int) -> str:
        return _paged(folder, n).removesuffix("index.html")

    return {
        "number": number,
        "count": count,
        "previous": href(number - 1) if number > 1 else None,
        "next": href(number + 1) if number < count else None,
        "pages": [{"number": n, "href": href(n), "current": n == number} for n in range(1, count + 1)],
    }


def _paged_frame(site: Lookups, folder: str, number: int, title: str, description: str, **frame: Any) -> dict:
    """Page 1 is the record page (indexed, with JSON-LD); later pages only continue its listing."""
    if number > 1:
        title, description = f"{title}, page {number}", f"{description} Page {number}."
        frame = {**frame, "data": None, "record": False}
    return _frame(site, _paged(folder, number), title, description, **frame)


def _co_participants(site: Lookups, speaker: Speaker) -> list[dict[str, Any]]:
    shared: dict[str, int] = defaultdict(int)
    for event in site.events_of_speaker.get(speaker.id, []):
        for other in site.people_of_event(event):
            if other != speaker.id:
                shared[other] += 1
    ordered = sorted(shared, key=lambda s: (sort_name(site.speakers[s].name), s))
    return [speaker_link(site, s) | {"count": _count(shared[s], "shared event")} for s in ordered]


def person_pages(site: Lookups, speaker: Speaker) -> Iterator[Page]:
    """A person's page; a long list of statements continues on page/2/, page/3/ ..."""
    folder = f"people/{speaker.id}/"
    said = site.by_speaker.get(speaker.id, [])
    events = site.events_of_speaker.get(speaker.id, [])
    chunks = _chunks(said, LISTING_PAGE_SIZE)
    for number, chunk in enumerate(chunks, start=1):
        context = _paged_frame(
            site,
            folder,
            number,
            speaker.name,
            f"{speaker.name}: {_count(len(said), 'statement')} at {_count(len(events), 'event')} in the R2P archive.",
            section="people",
            data=jsonld.speaker_ld(speaker, site.url),
            crumbs=(("people/", "People"),),
        )
        context |= {
            "speaker": {
                "name": speaker.name,
                "kind": dict(SPEAKER_GROUPS).get(speaker.kind, "Unnamed speakers"),
                "description": speaker.description,
                "aliases": list(speaker.aliases),
                "wikidata": f"https://www.wikidata.org/wiki/{speaker.wikidata}" if speaker.wikidata else None,
            },
            "first_page": number == 1,
            "pagination": _pagination(folder, number, len(chunks)),
            "roles": [_role(site, r) for r in sorted(speaker.roles, key=lambda r: (r.start, r.title))],
            "by_event": _statements_by_event(site, chunk),
            "statement_count": len(said),
            "on_behalf": [statement_item(site, s) for s in site.by_behalf.get(speaker.id, [])] if number == 1 else [],
            "events": [_event_summary(site, e) for e in events] if number == 1 else [],
            "co_participants": _co_participants(site, speaker) if number == 1 else [],
        }
        yield Page(_paged(folder, number), "person.html", context)


def themes_index(site: Lookups) -> Page:
    context = _frame(
        site,
        "themes/index.html",
        "Themes",
        f"The {_count(len(site.archive.themes), 'theme')} the archive's statements are filed under.",
        section="themes",
        record=False,
    )
    context["themes"] = [
        theme_link(t) | {"description": t.description, "count": _count(len(site.by_theme.get(t.id, [])), "statement")}
        for t in sorted(site.archive.themes, key=lambda t: (sort_name(t.label), t.id))
    ]
    return Page("themes/index.html", "themes.html", context)


def theme_pages(site: Lookups, theme: Theme) -> Iterator[Page]:
    """A theme's statements by date; a long list continues on page/2/, page/3/ ..."""
    folder = f"themes/{theme.id}/"
    said = site.by_theme.get(theme.id, [])
    chunks = _chunks(said, LISTING_PAGE_SIZE)
    for number, chunk in enumerate(chunks, start=1):
        context = _paged_frame(
            site,
            folder,
            number,
            theme.label,
            theme.description or f"{_count(len(said), 'statement')} on {theme.label.lower()}, in date order.",
            section="themes",
            data=jsonld.theme_ld(theme, site.url),
            crumbs=(("themes/", "Themes"),),
        )
        context |= {
            "theme": theme_link(theme) | {"description": theme.description},
            "statements": [statement_item(site, s) for s in chunk],
            "statement_count": len(said),
            "pagination": _pagination(folder, number, len(chunks)),
        }
        yield Page(_paged(folder, number), "theme.html", context)


def sources_index(site: Lookups) -> Page:
    context = _frame(
        site,
        "sources/index.html",
        "Sources",
        f"The {_count(len(site.archive.sources), 'source')} the archive is built from, each in full.",
        section="sources",
        record=False,
    )
    ordered = sorted(site.archive.sources, key=lambda s: (sort_name(s.title), s.id))
    context["sources"] = [
        source_link(s)
        | {
            "events": [event_link(e) for e in site.events_of_source.get(s.id, [])],
            "count": _count(len(site.by_source.get(s.id, [])), "statement"),
        }
        for s in ordered
    ]
    return Page("sources/index.html", "sources.html", context)


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
        title = f"{KIND_LABELS.get(first.kind, first.kind)}: {names[0]}"
        if len(said) > 1:
            title += f" and {_count(len(said) - 1, 'other')}"
        speakers = (
            tuple((n, f"{root}statements/{s.id}/") for n, s in zip(names, said, strict=True)) if len(said) > 1 else ()
        )
        highlights.append(Highlight(start, end, f"{root}statements/{first.id}/", title, speakers))
    return highlights


def _blocks(site: Lookups, source: Source, root: str) -> list[dict[str, Any]]:
    """The source's paragraphs in order; runs of website chrome are folded into one collapsed block,
    kept because an archive shows what it received, not a cleaned-up version of it."""
    pending = deque(_highlights(site, source, root))  # sorted by start
    active: list[Highlight] = []  # highlights that may still reach the next paragraph
    blocks: list[dict[str, Any]] = []
    for paragraph in source.paragraphs:  # in text order, so one sweep finds each paragraph's highlights
        while pending and pending[0].start < paragraph.end:
            active.append(pending.popleft())
        active = [h for h in active if h.end > paragraph.start]
        inside = [h for h in active if h.start < paragraph.end]
        item = {
            "anchor": f"p{paragraph.number}",
            "number": paragraph.number,
            "role": paragraph.role,
            "html": paragraph_html(source.text, paragraph.start, paragraph.end, inside),
            "whole": any(h.start <= paragraph.start and paragraph.end <= h.end for h in inside),
        }
        if paragraph.role == "chrome":
            if blocks and blocks[-1]["role"] == "chrome-run":
                blocks[-1]["paragraphs"].append(item)
            else:
                blocks.append({"role": "chrome-run", "paragraphs": [item]})
        else:
            blocks.append(item)
    return blocks


def source_page(site: Lookups, source: Source) -> Page:
    path = f"sources/{source.id}/index.html"
    said = site.by_source.get(source.id, [])
    events = [event_link(e) for e in site.events_of_source.get(source.id, [])]
    publisher = f" ({source.publisher})" if source.publisher else ""
    context = _frame(
        site,
        path,
        source.title,
        f"Full text of “{source.title}”{publisher}, with its {_count(len(said), 'statement')} highlighted.",
        section="sources",
        data=jsonld.source_ld(source, site.url),
        crumbs=(("sources/", "Sources"),),
    )
    context |= {
        "source": source_link(source) | {"url": source.url, "byline": source.byline, "language": source.language},
        "events": events,
        "blocks": _blocks(site, source, context["root"]),
        "statement_count": len(said),
    }
    return Page(path, "source.html", context)


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
    address = site.url(f"statements/{statement.id}/") or f"statement {statement.id}"
    return (
        f"{who}, {KIND_LABELS.get(statement.kind, statement.kind).lower()}{where}{when}. "
        f"In “{source.title}”{by}, paragraph {statement.paragraph}. {SITE_NAME}, {address}."
    )


def statement_page(site: Lookups, statement: Statement) -> Page:
    path = f"statements/{statement.id}/index.html"
    source = site.sources[statement.source]
    event = site.event_of(statement)
    speaker = site.speakers.get(statement.speaker) if statement.speaker else None
    themes = [site.themes[t] for t in statement.themes if t in site.themes]
    who = statement_speaker(site, statement)
    context = _frame(
        site,
        path,
        f"{who['name']}: “{_excerpt(statement.text, 60)}”",
        _excerpt(f"{who['name']}: {statement.text}", 155),
        section=None,
        data=jsonld.quotation_ld(statement, speaker, event, source, themes, site.url),
        crumbs=(("people/", "People"), (who["href"] or "people/", who["name"])),
    )
    corroborating = [site.statements[s] for s in statement.corroborated_by if s in site.statements]
    context |= {
        "search": search.statement_search_fields(statement, speaker, event, themes),
        "statement": statement_item(site, statement)
        | {"paragraphs": statement.text.split("\n\n"), "attribution": statement.attribution},
        "themes": [theme_link(t) for t in sorted(themes, key=lambda t: sort_name(t.label))],
        "source": source_link(source),
        "paragraph": {"href": f"sources/{source.id}/#p{statement.paragraph}", "number": statement.paragraph},
        "also": [
            statement_item(site, s) | {"source": source_link(site.sources[s.source])}
            for s in site.ordered(corroborating)
        ],
        "citation": citation(site, statement),
    }
    return Page(path, "statement.html", context)


def search_page(site: Lookups) -> Page:
    """Pagefind's UI over the index written beside the site; the query lives in the URL (?q=...)."""
    context = _frame(
        site,
        "search/index.html",
        "Search",
        "Search the statements, events, people, themes and sources of the archive.",
        section="search",
        record=False,
    )
    context["sort_options"] = [("", "Relevance"), ("date-desc", "Newest first"), ("date-asc", "Oldest first")]
    return Page("search/index.html", "search.html", context)


def not_found_page(site: Lookups) -> Page:
    """Served for any missing address, at any depth, so its links cannot be relative: they use the base URL
    when there is one, and otherwise assume the site is served from the root of its host."""
    context = _frame(
        site, "404.html", "Page not found", "This address is not part of the archive.", section=None, record=False
    )
    context["root"] = site.base_url or "/"
    return Page("404.html", "404.html", context)


def page_recipes(site: Lookups) -> list[Recipe]:
    """Every page of the site as a (builder, argument) pair, cheap to list. Contexts are built where
    they are rendered, in the workers on a large archive, so no process holds every page at once."""
    return [
        (home_page, None),
        (search_page, None),
        (events_index, None),
        *((event_page, e) for e in site.events_in_order),
        (people_index, None),
        *((person_pages, s) for s in site.listed),
        (themes_index, None),
        *((theme_pages, t) for t in site.archive.themes),
        (sources_index, None),
        *((source_page, s) for s in site.archive.sources),
        *((statement_page, s) for s in site.archive.statements),
        (not_found_page, None),
    ]


def recipe_pages(site: Lookups, recipe: Recipe) -> Iterator[Page]:
    """The page (or pages, for a paged listing) one recipe makes."""
    builder, record = recipe
    made = builder(site) if record is None else builder(site, record)
    yield from [made] if isinstance(made, Page) else made


# --- rendering ------------------------------------------------------------------------------------


class _DictFirstEnvironment(Environment):
    """Page contexts are plain dicts, so ``item.href`` looks the key up first. Jinja tries the
    attribute first, and on a dict every such lookup raises and catches an AttributeError: a third
    of the rendering time of a large site."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(templates: Path) -> Environment:
    """Autoescape everything (archive texts are untrusted) and fail loudly on a misspelt variable."""
    return _DictFirstEnvironment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _feed_entries(site: Lookups) -> list[feeds.FeedEntry]:
    entries = []
    for event in site.events_in_order:
        summary = _event_summary(site, event)
        where = f", {event.place}" if event.place else ""
        text = f"{format_date(event.date)}{where}. {summary['statements']} from {summary['sources']}."
        entries.append(feeds.FeedEntry(f"events/{event.id}", event.title, event.date, f"events/{event.id}/", text))
    return entries


@dataclass(frozen=True)
class Rendered:
    """The result of rendering: new bytes, and pages whose inputs had not changed."""

    files: dict[str, bytes]  # empty when rendering wrote to a sink
    digests: dict[str, str]  # page path -> digest of its template set and context
    reused: frozenset[str]  # pages left out of ``files``: their digest matched the previous build's
    hashes: dict[str, str]  # page path -> SHA-256 of the bytes rendered now (reused pages are left out)


def _digest(templates_digest: str, page: Page) -> str:
    """What a page's bytes depend on: the templates and its context (records it shows included)."""
    context = json.dumps(page.context, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{templates_digest}\0{page.template}\0{context}".encode()).hexdigest()


def templates_digest(templates: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        digest.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


PARALLEL_FROM = 2000  # recipes (about one page each); below this, forking workers costs more than it saves
_CHUNK = 250
_job: tuple | None = None  # (environment, lookups, recipes, template digest, previous digests, sink), for forks
_REUSED, _WRITTEN = "reused", "written"


def _render_range(bounds: tuple[int, int]) -> list[tuple[str, str, bytes | str, str]]:
    """Build and render the pages of recipes[start:end]: (path, digest, outcome, bytes' SHA-256). The outcome is
    the page's bytes, or _WRITTEN once they went to the sink (a worker writes its own pages, so
    the site never travels between processes), or _REUSED when the previous bytes still hold."""
    env, site, recipes, template_key, previous, sink = _job
    done = []
    for recipe in recipes[bounds[0] : bounds[1]]:
        for page in recipe_pages(site, recipe):
            path = check_output_path(page.path)
            digest = _digest(template_key, page)
            if previous.get(path) == digest:
                done.append((path, digest, _REUSED, ""))
                continue
            data = env.get_template(page.template).render(page.context).encode()
            if sink:
                sink(path, data)
            done.append((path, digest, _WRITTEN if sink else data, hashlib.sha256(data).hexdigest()))
    return done


def _render_all(job: tuple, progress: Callable, workers: int) -> Iterator[tuple[str, str, bytes | str, str]]:
    """Records are independent: build and render their pages in forked workers when there are enough."""
    global _job
    recipes = job[2]
    bounds = [(start, min(start + _CHUNK, len(recipes))) for start in range(0, len(recipes), _CHUNK)]
    _job = job
    try:
        if workers < 2 or len(recipes) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            for chunk in progress(bounds, len(bounds)):
                yield from _render_range(chunk)
            return
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for chunk in progress(pool.map(_render_range, bounds), len(bounds)):
                yield from chunk
    finally:
        _job = None


def render_changed(
    archive: Archive,
    templates: Path,
    base_url: str | None = None,
    previous: dict[str, str] | None = None,
    progress: Callable[[Iterable, int], Iterable] = lambda chunks, total: chunks,
    workers: int = 1,
    sink: Callable[[str, bytes], None] | None = None,
) -> Rendered:
    """Render every page whose digest differs from ``previous``; the rest are reported as reused.

    Index pages depend on every record they list; since a page's digest covers its whole context,
    a changed record re-renders exactly the pages that show it. With a ``sink``, each file is
    handed to it as soon as it is made (and ``files`` stays empty), so a large site is never
    held in memory whole; on a large archive the sink runs in the forked workers."""
    site = Lookups(archive, _normalise_base(base_url)).computed()
    job = (environment(templates), site, page_recipes(site), templates_digest(templates), previous or {}, sink)
    files: dict[str, bytes] = {}
    put = sink or files.__setitem__
    digests: dict[str, str] = {}
    hashes: dict[str, str] = {}
    reused: set[str] = set()
    for path, digest, outcome, sha in _render_all(job, progress, workers):
        digests[path] = digest
        if outcome == _REUSED:
            reused.add(path)
            continue
        hashes[path] = sha
        if isinstance(outcome, bytes):
            files[path] = outcome
    for asset in ("style.css", "favicon.svg", "search.js"):
        put(f"assets/{asset}", (templates / "assets" / asset).read_bytes())
    listed = [path.removesuffix("index.html") for path in digests if path != "404.html"]
    put("sitemap.xml", feeds.sitemap(listed, site.base_url))
    put("feed.xml", feeds.atom_feed(SITE_NAME, _feed_entries(site), site.base_url))
    put("robots.txt", feeds.robots(site.base_url))
    return Rendered(dict(sorted(files.items())), digests, frozenset(reused), hashes)


def render_site(archive: Archive, templates: Path, base_url: str | None = None) -> dict[str, bytes]:
    """Every file of the site except data/ and pagefind/, as output-relative POSIX paths mapped to bytes.

    Pure: it reads only the templates folder, and the same archive always gives the same bytes."""
    return render_changed(archive, templates, base_url).files
