"""The archive's own word index, beside Pagefind: what the search page needs to answer a query exactly.

Pagefind ranks documents of 25 statements and widens a query that finds too little, so a result
need not hold the words and a count is not the number of statements that do. This index is per
statement: for each stem (``words``), the statements holding it and the positions of its words,
one small file per stem, so a query loads only the files of its own words. With the positions the
page finds phrases and words close together. Each statement in a word's file also carries its
group (its speakers, kind and year, listed once in ``groups.gzbin``) and its length: the page counts
every filter value and ranks by bm25 from the files it loaded, and no column of the whole archive
(40,000 statements at 1,000 synthetic sources: 360 KB as JSON) is loaded by every query. Cards
are read ``CARD_CHUNK`` statements to a file, only for the results shown.

Statements are numbered in the archive's reading order (by date), so a lower number is an earlier
statement: ties of rank are broken by it.

Every file is stored gzip-compressed (``.gzjson``, ``.gzbin``: names no server takes for a
``Content-Encoding``), as Pagefind stores its own, and the page unpacks it with the browser's
``DecompressionStream``: a query's bytes are then what it loads on any static host, compressing or
not. At 1,000 synthetic sources that is a half to a third of them (the cards a third, the word
files two thirds, ``meta`` a third).
"""

from __future__ import annotations

import gzip
import json
from itertools import pairwise

from r2p_archive import urls
from r2p_archive.records import STATEMENT_KIND_LABELS, Statement, Theme
from r2p_archive.search.words import postings
from r2p_archive.site.links import format_date
from r2p_archive.site.lookups import Lookups, sort_name

CARD_CHUNK = 8  # statements per card file: the ten cards of a page of results read ten at most
UNNAMED = "unnamed or collective"  # the one speaker filter entry of all speakers no registry names


def files(site: Lookups) -> dict[str, bytes]:
    """Every file of the index, by its site path."""
    said = site.statements_in_order
    found, lengths = postings(statement.text for statement in said)
    speakers = _speakers(site, said)
    number = {name: n for n, name in enumerate(speakers)}
    kinds = sorted({_kind(statement) for statement in said})
    groups: dict[tuple, int] = {}  # (speakers, kind, year) -> its number
    group_of = [
        groups.setdefault(
            (
                tuple(number[name] for name in _names(site, statement)),
                kinds.index(_kind(statement)),
                _year(site, statement),
            ),
            len(groups),
        )
        for statement in said
    ]
    sizes = [0] * len(groups)  # each group's statements: the filters' counts before a search
    for group in group_of:
        sizes[group] += 1
    years = sorted({year for _, _, year in groups})
    meta = {
        "statements": len(said),
        "averageLength": sum(lengths) / max(1, len(lengths)),
        "cardChunk": CARD_CHUNK,
        "speakers": [[name, url, *aliases] for name, (url, aliases) in speakers.items()],
        "unnamed": number.get(UNNAMED, -1),
        "kinds": kinds,
        "years": years,
        "themes": [[theme.label, urls.record(urls.THEMES, theme.id), *theme.cues] for theme in _themes(site)],
    }
    made = {"meta.gzjson": _json(meta)}
    grouped = [
        [len(speaking), *speaking, kind, years.index(year), size]
        for (speaking, kind, year), size in zip(groups, sizes, strict=True)
    ]
    made["groups.gzbin"] = _leb128([number for group in grouped for number in group])
    for stem, rows in found.items():
        made[f"w/{file_name(stem)}.gzbin"] = _packed(rows, group_of, lengths)
    for start in range(0, len(said), CARD_CHUNK):
        cards = [_card(site, statement) for statement in said[start : start + CARD_CHUNK]]
        made[f"c/{start // CARD_CHUNK}.gzjson"] = _json(cards)
    # mtime 0: the same index is the same bytes
    return {urls.search_index_file(name): gzip.compress(data, 9, mtime=0) for name, data in made.items()}


def file_name(stem: str) -> str:
    """A stem's file: the stem itself when it is plain ASCII, else "x" and its UTF-8 in hex (search.js
    names it the same way)."""
    return stem if stem.isascii() and stem.isalnum() else "x" + stem.encode().hex()


def _names(site: Lookups, statement: Statement) -> list[str]:
    """The filter entries of a statement's speakers: registry names, or the one unnamed entry."""
    ids = (statement.speaker, *statement.also_by)
    return list(dict.fromkeys(site.speakers[i].name if i in site.speakers else UNNAMED for i in ids))


def _speakers(site: Lookups, said: list[Statement]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every speaker filter entry (name -> its page and the aliases the page recognises in a query)."""
    named = {name for statement in said for name in _names(site, statement)}
    known = {
        speaker.name: (urls.record(urls.PEOPLE, speaker.id), speaker.aliases)
        for speaker in site.speakers.values()
        if speaker.name in named
    }
    return {name: known.get(name, (urls.index(urls.UNNAMED), ())) for name in sorted(named, key=sort_name)}


def _kind(statement: Statement) -> str:
    """The kind filter's value: "quotation", "paraphrase", "remarks"."""
    return STATEMENT_KIND_LABELS[statement.kind].lower()


def _year(site: Lookups, statement: Statement) -> str:
    when = site.when(statement)
    return str(when[0].year) if when else "undated"


def _packed(rows: dict[int, list[int]], group_of: list[int], lengths: list[int]) -> bytes:
    """A stem's statements as numbers (``_leb128``): for each, the gap from the previous statement's
    number, its group (speakers, kind, year: the filters), its length, how many times the stem is in
    it, and the gaps between those positions. Half the bytes of the same numbers in JSON, and each
    statement carries what the page counts and ranks it by, so no column of the whole archive is
    loaded."""
    numbers: list[int] = []
    previous = 0
    for row in sorted(rows):
        positions = rows[row]
        numbers += [row - previous, group_of[row], lengths[row], len(positions), positions[0]]
        numbers += [b - a for a, b in pairwise(positions)]
        previous = row
    return _leb128(numbers)


def _leb128(numbers: list[int]) -> bytes:
    """Unsigned LEB128: seven bits a byte, the high bit set on all but a number's last byte."""
    packed = bytearray()
    for value in numbers:
        while value >= 0x80:
            packed.append(value & 0x7F | 0x80)
            value >>= 7
        packed.append(value)
    return bytes(packed)


def _card(site: Lookups, statement: Statement) -> list[str]:
    """What a result shows: its page, its words, who said it with when and where, its kind."""
    event = site.event_of(statement)
    when = site.when(statement)
    parts = [_who(site, statement), format_date(*when) if when else "", event.title if event else ""]
    return [
        urls.record(urls.STATEMENTS, statement.id),
        statement.text,
        " · ".join(p for p in parts if p),
        _kind(statement),
    ]


def _who(site: Lookups, statement: Statement) -> str:
    """The speakers as a result names them: "European Union, Costa Rica, Latvia and 8 more"."""
    names = [site.speaker_name(statement)]
    names += [site.speakers[i].name if i in site.speakers else i for i in statement.also_by]
    return ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:3])} and {len(names) - 3} more"


def _themes(site: Lookups) -> list[Theme]:
    return sorted(site.archive.themes, key=lambda theme: theme.label)


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
