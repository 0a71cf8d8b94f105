"""schema.org descriptions of records, so search engines and citation tools read the archive's facts.

Each builder takes plain values, not the site's lookups, and returns a JSON-ready dict; ``script_json``
turns one into text that is safe inside an HTML ``<script>`` element.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from markupsafe import Markup

from r2p_archive import urls
from r2p_archive.records import Event, Series, Source, Speaker, Statement, Theme, partial_iso

# Url maps a site path ("events/x/") to an absolute URL, or to None when no base URL is known.
Url = Callable[[str], str | None]

_SPEAKER_TYPES = {"person": "Person", "state": "Country", "organization": "Organization", "group": "Organization"}

# Characters that could end a <script> element or start an HTML comment or entity inside it.
_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: dict[str, Any]) -> Markup:
    """Serialize for a ``<script type="application/ld+json">``: JSON cannot be HTML-escaped there,
    so every character that HTML would read as markup is written as a JSON unicode escape instead.
    Compact, so the C encoder writes it: indented JSON is encoded in pure Python, several times slower."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return Markup(text)


def _with_url(data: dict[str, Any], url: str | None) -> dict[str, Any]:
    """Add ``@id`` and ``url`` only when the page has a real address; relative ids mean nothing to a crawler."""
    if url:
        data["@id"] = url
        data["url"] = url
    return data


def speaker_ref(speaker: Speaker, url: Url) -> dict[str, Any]:
    """A short reference to a speaker, for use inside another record's description."""
    return _with_url(
        {"@type": _SPEAKER_TYPES.get(speaker.kind, "Thing"), "name": speaker.name},
        url(urls.record(urls.PEOPLE, speaker.id)),
    )


def anonymous_ref(label: str) -> dict[str, Any]:
    """An unnamed speaker is described only by the words the source uses, never given a made-up identity."""
    return {"@type": "Thing", "name": label, "description": "Speaker left unnamed by the source"}


def event_ref(event: Event, url: Url) -> dict[str, Any]:
    return _with_url(
        {"@type": "Event", "name": event.title, "startDate": partial_iso(event.date, event.date_precision)},
        url(urls.record(urls.EVENTS, event.id)),
    )


def series_ref(series: Series, url: Url) -> dict[str, Any]:
    return _with_url({"@type": "EventSeries", "name": series.title}, url(urls.record(urls.SERIES, series.id)))


def series_ld(series: Series, events: Iterable[Event], url: Url) -> dict[str, Any]:
    data = series_ref(series, url)
    data["@context"] = "https://schema.org"
    data["subEvent"] = [event_ref(event, url) for event in events]
    return data


def source_ref(source: Source, url: Url) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "CreativeWork", "name": source.title, "inLanguage": source.language}
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.written:
        data["datePublished"] = source.written.value.isoformat()
    if source.url:
        data["sameAs"] = source.url
    return _with_url(data, url(urls.record(urls.SOURCES, source.id)))


def event_ld(
    event: Event,
    hosts: Iterable[Speaker],
    participants: Iterable[Speaker],
    sources: Iterable[Source],
    series: Series | None,
    url: Url,
) -> dict[str, Any]:
    data = event_ref(event, url)
    data["@context"] = "https://schema.org"
    if series:
        data["superEvent"] = series_ref(series, url)
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place}
    if event.alternative_titles:
        data["alternateName"] = list(event.alternative_titles)
    data["organizer"] = [speaker_ref(s, url) for s in hosts]
    data["attendee"] = [speaker_ref(s, url) for s in participants]
    data["subjectOf"] = [source_ref(s, url) for s in sources]
    return data


def speaker_ld(speaker: Speaker, url: Url) -> dict[str, Any]:
    data = speaker_ref(speaker, url)
    data["@context"] = "https://schema.org"
    if speaker.aliases:
        data["alternateName"] = list(speaker.aliases)
    if speaker.description:
        data["description"] = speaker.description
    if speaker.wikidata:
        data["sameAs"] = urls.wikidata(speaker.wikidata)
    if speaker.kind == "person" and speaker.roles:
        data["jobTitle"] = [role.title for role in speaker.roles]
    return data


def quotation_ld(
    statement: Statement,
    speakers: Sequence[Speaker],
    event: Event | None,
    source: Source,
    themes: Iterable[Theme],
    url: Url,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": statement.text,
        "creator": _creators(statement, speakers, url),
        "isBasedOn": source_ref(source, url),
    }
    if event:
        data["recordedAt"] = event_ref(event, url)
    labels = [theme.label for theme in themes]
    if labels:
        data["keywords"] = labels
    return _with_url(data, url(urls.record(urls.STATEMENTS, statement.id)))


def _creators(statement: Statement, speakers: Sequence[Speaker], url: Url) -> dict[str, Any] | list[dict[str, Any]]:
    """Who made the words: one speaker, every speaker of a joint statement, or the source's words for an
    unnamed one."""
    if not speakers:
        return anonymous_ref(statement.speaker_label)
    refs = [speaker_ref(s, url) for s in speakers]
    return refs[0] if len(refs) == 1 else refs


def source_ld(source: Source, url: Url) -> dict[str, Any]:
    data = source_ref(source, url)
    data["@context"] = "https://schema.org"
    return data


def theme_ld(theme: Theme, url: Url) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "DefinedTerm", "name": theme.label}
    if theme.description:
        data["description"] = theme.description
    return _with_url(data, url(urls.record(urls.THEMES, theme.id)))
