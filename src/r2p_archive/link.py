"""One archive from many extractions: merge events, link corroborating statements, fix ids."""

from __future__ import annotations

import re
from dataclasses import replace

from r2p_archive.errors import ArchiveError
from r2p_archive.extract import Extraction, RawEvent
from r2p_archive.records import Archive, Event, Series, Speaker, Statement, changed, partial_iso
from r2p_archive.registry import Registry
from r2p_archive.slugs import slugify
from r2p_archive.text.series import series_key, series_title

SAME_EVENT_OVERLAP = 0.5
MIN_CORROBORATION_CHARS = 30
SHINGLE = 5  # words: a quotation must be at least this long (and 30 characters) to corroborate
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "its",
        "un",
        "united",
        "nations",
    ]
)


def link(extractions: list[Extraction], registry: Registry) -> Archive:
    extractions = sorted(extractions, key=lambda e: e.source.id)
    events, event_of_source = _merge_events([e.event for e in extractions if e.event])
    events, series = _series(events)
    statements = [changed(s, event=event_of_source.get(s.source)) for e in extractions for s in e.statements]
    dates = {event.id: event.date for event in events}
    statements.sort(key=lambda s: (str(dates.get(s.event or "", "")), s.source, s.start, s.id))
    statements = _corroborate(statements)
    _check_unique_ids("statement", [s.id for s in statements])
    return Archive(
        sources=tuple(e.source for e in extractions),
        events=tuple(events),
        speakers=tuple(sorted(registry.speakers + _discovered(extractions, registry), key=lambda s: s.id)),
        themes=registry.themes,
        statements=tuple(statements),
        warnings=tuple(w for e in extractions for w in e.warnings),
        series=series,
    )


def _discovered(extractions: list[Extraction], registry: Registry) -> tuple[Speaker, ...]:
    """People the registry lacks, one record per id however many sources name them.

    Extractions come sorted by source id, so the first source naming someone gives the name,
    the office and where the archivist should look; the spellings of every source are kept."""
    known = {speaker.id for speaker in registry.speakers}
    merged: dict[str, Speaker] = {}
    for extraction in extractions:
        for speaker in extraction.speakers:
            if speaker.id in known:
                continue
            first = merged.setdefault(speaker.id, speaker)
            aliases = (
                tuple(dict.fromkeys((*first.aliases, *speaker.aliases, speaker.name)))
                if first is not speaker
                else first.aliases
            )
            merged[speaker.id] = replace(
                first,
                aliases=tuple(a for a in aliases if a != first.name),
                role_text=first.role_text or speaker.role_text,
            )
    return tuple(merged.values())


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", title.lower()) if w not in _STOP}


def _merge_events(raw_events: list[RawEvent]) -> tuple[list[Event], dict[str, str]]:
    """Two sources reporting one event become one event with both sources."""
    groups: list[list[RawEvent]] = []
    on_day: dict[object, list[list[RawEvent]]] = {}  # only events of the same day can merge
    for raw in sorted(raw_events, key=lambda r: (r.date.value, r.source)):
        same_day = on_day.setdefault((raw.date.value, raw.date.precision), [])
        group = next((g for g in same_day if any(_same(member, raw) for member in g)), None)
        if group is None:
            groups.append([raw])
            same_day.append(groups[-1])
        else:
            group.append(raw)
    events: list[Event] = []
    event_of_source: dict[str, str] = {}
    taken: set[str] = set()
    for group in groups:
        titles = sorted({r.title for r in group}, key=lambda t: (-len(t), t))
        first = group[0]
        event_id = _unique(f"{partial_iso(first.date.value, first.date.precision)}-{slugify(titles[0], 6)}", taken)
        events.append(
            Event(
                id=event_id,
                title=titles[0],
                date=first.date.value,
                date_method=first.date.method,
                date_precision=first.date.precision,
                place=next((r.place for r in group if r.place), None),
                sources=tuple(sorted(r.source for r in group)),
                hosts=tuple(dict.fromkeys(h for r in group for h in r.hosts)),
                participants=tuple(dict.fromkeys(p for r in group for p in r.participants)),
                alternative_titles=tuple(titles[1:]),
            )
        )
        event_of_source.update({r.source: event_id for r in group})
    return sorted(events, key=lambda e: (e.date, e.id)), event_of_source


def _series(events: list[Event]) -> tuple[list[Event], tuple[Series, ...]]:
    """Events of a recurring meeting, found by their titles (any of a merged event's titles): two or
    more events whose titles differ only by a number or a year are a series, named as the latest
    event names it. One event alone is not a series."""
    members: dict[str, list[Event]] = {}
    for event in events:  # in date order
        keys = [k for k in dict.fromkeys(series_key(t) for t in (event.title, *event.alternative_titles)) if k]
        found = next((members[k] for k in keys if k in members), [])
        found.append(event)
        for key in keys:
            members.setdefault(key, found)
    groups = {id(group): group for group in members.values() if len(group) > 1}
    taken: set[str] = set()
    series: list[Series] = []
    of_event: dict[str, str] = {}
    for group in sorted(groups.values(), key=lambda g: (series_key(g[-1].title), g[0].id)):
        title = series_title(group[-1].title)
        series_id = _unique(slugify(title, 8), taken)
        series.append(Series(id=series_id, title=title, events=tuple(e.id for e in group)))
        of_event.update({e.id: series_id for e in group})
    return [replace(e, series=of_event.get(e.id)) for e in events], tuple(series)


def _same(a: RawEvent, b: RawEvent) -> bool:
    if (a.date.value, a.date.precision) != (b.date.value, b.date.precision):
        return False
    if a.place and b.place and a.place.lower() != b.place.lower():
        return False
    words_a, words_b = _words(a.title), _words(b.title)
    shorter = min(len(words_a), len(words_b)) or 1
    return len(words_a & words_b) / shorter >= SAME_EVENT_OVERLAP


def _unique(candidate: str, taken: set[str]) -> str:
    """Deterministic suffixes for generated ids that would otherwise collide."""
    result, counter = candidate, 2
    while result in taken:
        result, counter = f"{candidate}-{counter}", counter + 1
    taken.add(result)
    return result


_WORD = re.compile(r"\w+")  # compiled once: ``normalized`` runs on every statement of every build


def normalized(text: str) -> str:
    """Quotebank's comparison form: lower case, no punctuation, single spaces."""
    return " ".join(_WORD.findall(text.lower()))


def _corroborate(statements: list[Statement]) -> list[Statement]:
    """Link the same words reported in different sources of one event, in both directions.

    A quotation corroborates (and is corroborated by) any statement of another source that
    reports the same event (or, like it, none) and whose normalized words contain it. The same
    words at another event were said again, which is a new statement, not a second report of this
    one; keeping to one event also keeps the work linear when a phrase recurs across the years.
    Quotations are indexed by their event and first ``SHINGLE`` words; each statement's runs of
    ``SHINGLE`` words are looked up there, so the work grows with the archive's words, not with the
    square of its statements.
    """
    candidates = [s for s in statements if s.kind != "paraphrase"]
    forms = {s.id: normalized(s.text) for s in candidates}
    quoted_as: dict[tuple[str | None, str], list[Statement]] = {}  # (event, words) -> where they are quoted
    by_opening: dict[tuple[str | None, tuple[str, ...]], list[str]] = {}
    for quoted in candidates:
        form = forms[quoted.id]
        opening = tuple(form.split()[:SHINGLE])
        if len(form) >= MIN_CORROBORATION_CHARS and len(opening) == SHINGLE:
            if (quoted.event, form) not in quoted_as:
                by_opening.setdefault((quoted.event, opening), []).append(form)
            quoted_as.setdefault((quoted.event, form), []).append(quoted)
    links: dict[str, set[str]] = {s.id: set() for s in statements}
    for container in candidates:
        form = forms[container.id]
        words = form.split()
        found = {
            quoted_form
            for at in range(len(words) - SHINGLE + 1)
            for quoted_form in by_opening.get((container.event, tuple(words[at : at + SHINGLE])), ())
            if quoted_form in form
        }
        for quoted_form in found:
            for quoted in quoted_as[(container.event, quoted_form)]:
                if quoted.source != container.source:
                    links[quoted.id].add(container.id)
                    links[container.id].add(quoted.id)
    return [changed(s, corroborated_by=tuple(sorted(links[s.id]))) if links[s.id] else s for s in statements]


def _check_unique_ids(kind: str, ids: list[str]) -> None:
    seen = set()
    for record_id in ids:
        if record_id in seen:
            raise ArchiveError(f"two {kind} records share the id {record_id!r}")
        seen.add(record_id)
