"""What the search index reads: statements grouped into small documents, one shard per year.

Why not index each statement's own page? Pagefind holds every page's words in memory until it
writes the index (26-28 GiB projected for 350,000 statements), and every query loads a file with
one entry per page. So statements that share a year, a speaker and a kind are written together,
``GROUP_SIZE`` at most, each under a heading whose id is the statement's id: Pagefind returns
each one as a sub-result, and the search page shows it as the statement, linked to its own page.
Filters are set per document, and a document holds one speaker, year and kind only, so those
filters are exact. Only statements are indexed: they are what a reader searches for, and no
event or theme page can outrank them by repeating their words.

A query matches what a statement says, and when it was said: each statement's heading is its date,
indexed at a low weight. Who said it and at which event are shown with the result, not searched.
The archive's events, and the organisations that speak most about it, are named after the
Responsibility to Protect: when their names were searched, "responsibility" found every statement
made at such an event or by such a speaker (in the bundled archive, 138 of 150 statements, 15 of
which say it); without the events' titles, the organisations' statements still came first, since
a document repeats its speaker's name in every heading. The speaker filter narrows a query to a
speaker's statements. Pagefind searches a page's text and its metadata, not its filter values, so each
statement's byline ("who · when · where") is a value of the ``byline`` filter ("<id> <byline>"),
which the search page shows with the result and never filters by.

Shards are decades (statements never change year): each is indexed by its own Pagefind process,
and a shard whose documents are unchanged is kept. A decade holding more than ``SHARD_LIMIT``
statements is split into its years, so no process needs more memory than that: Pagefind takes
about 28 KB per statement of real speech (1,814 MiB for the General Debate's 65,157 of the
1980s), so about 1.4 GB for 50,000. Why decades and not years: a query loads one index chunk of
every shard it searches, about 30 KB each with a real vocabulary, so the number of shards sets
what a query costs (the General Debate: 79 years, 2.6-4.1 MB; 36 shards, 1.3-2.3 MB; 9
decades, 0.5-0.75 MB). The price is paid by rebuilds: a changed statement re-indexes its shard.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from markupsafe import escape

from r2p_archive.records import STATEMENT_KIND_LABELS, Statement, partial_iso
from r2p_archive.site.links import format_date
from r2p_archive.site.lookups import Lookups, sort_name
from r2p_archive.slugs import slugify

GROUP_SIZE = 25  # statements a document holds: fewer, larger documents index in less memory
UNDATED = "undated"  # the shard of statements with no event and no publication date
SHARD_LIMIT = 50_000  # statements a shard may hold before its decade is split into years
DATE_WEIGHT = "0.5"  # a statement's date is searchable, below its own words


@dataclass(frozen=True)
class Shard:
    """The documents (file name -> HTML) of a decade or a year, indexed together. They are made when
    asked for, a shard at a time: on a large archive all of them at once are hundreds of megabytes."""

    name: str
    years: tuple[str, ...]  # the years its statements were spoken in (a year filter searches those shards)
    documents: Callable[[], dict[str, bytes]] = field(repr=False, compare=False)  # made anew at each call
    # each group's (year, speaker, kind, statements): the search filters' counts
    counts: tuple[tuple[str, str, str, int], ...] = field(repr=False, compare=False)


def documents_digest(documents: dict[str, bytes], version: str = "") -> str:
    """Changes when any document does (or the ``version`` of what is made of them): the shard is then
    indexed again."""
    digest = hashlib.sha256(version.encode())
    for name in sorted(documents):
        digest.update(hashlib.sha256(name.encode()).digest() + hashlib.sha256(documents[name]).digest())
    return digest.hexdigest()


def shards(site: Lookups) -> list[Shard]:
    """The archive's statements as documents, shard by shard, newest first (the undated last)."""
    groups: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
    for statement in site.statements_in_order:
        speaker = site.speaker_name(statement)
        groups[(_year(site, statement), speaker, statement.kind)].append(statement)
    per_year: Counter[str] = Counter()
    for (year, _, _), said in groups.items():
        per_year[year] += len(said)
    shard_of = _shard_names(per_year)
    by_shard: dict[str, list[_Group]] = defaultdict(list)
    years: dict[str, set[str]] = defaultdict(set)
    for (year, speaker, kind), said in sorted(groups.items(), key=lambda item: (item[0][0], sort_name(item[0][1]))):
        by_shard[shard_of[year]].append((year, speaker, kind, said))
        years[shard_of[year]].add(year)
    order = sorted(by_shard, key=lambda name: (name != UNDATED, min(years[name])), reverse=True)
    return [
        Shard(
            name,
            tuple(sorted(years[name])),
            partial(_documents, site, by_shard[name]),
            tuple((year, speaker, kind, len(said)) for year, speaker, kind, said in by_shard[name]),
        )
        for name in order
    ]


_Group = tuple[str, str, str, list[Statement]]  # (year, speaker, kind, statements)


def _documents(site: Lookups, groups: list[_Group]) -> dict[str, bytes]:
    """One shard's documents: each group's statements, ``GROUP_SIZE`` to a document."""
    documents: dict[str, bytes] = {}
    for year, speaker, kind, said in groups:
        for part, start in enumerate(range(0, len(said), GROUP_SIZE), 1):
            name = f"{year}-{slugify(speaker, 8) or 'speaker'}-{kind}-{part}.html"
            while name in documents:  # two speakers whose names slugify alike
                name = name.replace(".html", "-.html")
            documents[name] = _document(site, year, speaker, said[start : start + GROUP_SIZE])
    return documents


def _shard_names(per_year: Counter[str]) -> dict[str, str]:
    """Each year's shard: its decade ("2010s"), or the year itself when its decade holds too many."""
    per_decade: Counter[str] = Counter()
    for year, count in per_year.items():
        per_decade[_decade(year)] += count
    return {year: year if per_decade[_decade(year)] > SHARD_LIMIT else _decade(year) for year in per_year}


def _decade(year: str) -> str:
    return UNDATED if year == UNDATED else f"{year[:3]}0s"


def choices(made: list[Shard]) -> dict[str, list[tuple[str, int]]]:
    """Every value of the search filters with its number of statements, from the archive itself
    (counted from the shards' groups), so the search page need not load Pagefind's filter files to
    list them."""
    counted: dict[str, Counter[str]] = {"speaker": Counter(), "year": Counter(), "kind": Counter()}
    for shard in made:
        for year, speaker, kind, count in shard.counts:
            counted["speaker"][speaker] += count
            counted["year"][year] += count
            counted["kind"][_kind(kind)] += count
    return {
        "speaker": sorted(counted["speaker"].items(), key=lambda item: sort_name(item[0])),
        "year": sorted(counted["year"].items(), reverse=True),
        "kind": sorted(counted["kind"].items()),
    }


def _year(site: Lookups, statement: Statement) -> str:
    when = site.when(statement)
    return str(when[0].year) if when else UNDATED


def _kind(kind: str) -> str:
    """The kind filter's value: "quotation", "paraphrase", "remarks"."""
    return STATEMENT_KIND_LABELS[kind].lower()


def _document(site: Lookups, year: str, speaker: str, said: list[Statement]) -> bytes:
    first = site.when(said[0])
    dated = [(statement, _date(site, statement)) for statement in said]  # the heading, and part of the byline
    head = [
        # no <title>: Pagefind searches a page's metadata, the title included, and a speaker is not searched
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        *(
            f'<meta data-pagefind-filter="{name}[content]" content="{escape(value)}">'
            for name, value in (("speaker", speaker), ("year", year), ("kind", _kind(said[0].kind)))
        ),
        f'<meta data-pagefind-sort="date[content]" content="{partial_iso(*first)}">' if first else "",
        *(
            f'<meta data-pagefind-filter="byline[content]" content="{escape(statement.id)} {escape(byline)}">'
            for statement, day in dated
            for byline in [_byline(site, statement, day)]
        ),
        "</head><body data-pagefind-body>",
    ]
    body = [
        f'<h2 id="{escape(statement.id)}" data-pagefind-weight="{DATE_WEIGHT}">{escape(day)}</h2>'
        f"<p>{escape(statement.text)}</p>"
        for statement, day in dated
    ]
    return ("".join(head) + "\n" + "\n".join(body) + "\n</body></html>\n").encode()


def _byline(site: Lookups, statement: Statement, day: str) -> str:
    """Who, when (``day``, from ``_date``) and where, as the result shows it under the words:
    "Ban Ki-moon · 12 July 2011 · <event>"."""
    event = site.event_of(statement)
    parts = [site.speaker_name(statement), day, event.title if event else ""]
    return " · ".join(part for part in parts if part)


def _date(site: Lookups, statement: Statement) -> str:
    """When, as the heading of the statement in its document (its only searched words besides its own)."""
    when = site.when(statement)
    return format_date(*when) if when else "Undated"
