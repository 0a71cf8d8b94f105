"""The archive's own word index, beside Pagefind: what the search page needs to answer a query exactly.

Pagefind ranks documents of 25 statements and widens a query that finds too little, so a result
need not hold the words and a count is not the number of statements that do. This index is per
statement: for each stem (``words``), the statements holding it and the positions of its words,
one small file per stem, so a query loads only the files of its own words. With the positions the
page finds phrases and words close together, and with ``meta.json`` (each statement's speakers,
year, kind and length) it counts every filter value exactly. Cards are read ``CARD_CHUNK``
statements to a file, only for the results shown.

Statements are numbered in the archive's reading order (by date), so a lower number is an earlier
statement: ties of rank are broken by it. Numbers, positions and lengths are written as flat lists
of integers, deltas where they grow: at 1,000 synthetic sources a frequent word's file stays small.
"""

from __future__ import annotations

import json
from itertools import pairwise

from r2p_archive import urls
from r2p_archive.records import STATEMENT_KIND_LABELS, Statement, Theme
from r2p_archive.search.words import postings
from r2p_archive.site.links import format_date
from r2p_archive.site.lookups import Lookups, sort_name

CARD_CHUNK = 32  # statements per card file: a page of results reads a few of them
UNNAMED = "unnamed or collective"  # the one speaker filter entry of all speakers no registry names


def files(site: Lookups) -> dict[str, bytes]:
    """Every file of the index, by its site path."""
    said = site.statements_in_order
    found, lengths = postings(statement.text for statement in said)
    speakers = _speakers(site, said)
    number = {name: n for n, name in enumerate(speakers)}
    kinds = sorted({STATEMENT_KIND_LABELS[statement.kind].lower() for statement in said})
    meta = {
        "cardChunk": CARD_CHUNK,
        "speakers": [[name, *aliases] for name, aliases in speakers.items()],
        "unnamed": number.get(UNNAMED, -1),
        "kinds": kinds,
        "years": _runs([_year(site, statement) for statement in said]),
        "speaker": [_one_or_many([number[name] for name in _names(site, statement)]) for statement in said],
        "kind": [kinds.index(STATEMENT_KIND_LABELS[statement.kind].lower()) for statement in said],
        "length": lengths,
        "themes": [[theme.label, urls.record(urls.THEMES, theme.id), *theme.cues] for theme in _themes(site)],
    }
    made = {urls.search_index_file("meta.json"): _json(meta)}
    for stem, rows in found.items():
        made[urls.search_index_file(f"w/{file_name(stem)}.json")] = _json(_flat(rows))
    for start in range(0, len(said), CARD_CHUNK):
        cards = [_card(site, statement) for statement in said[start : start + CARD_CHUNK]]
        made[urls.search_index_file(f"c/{start // CARD_CHUNK}.json")] = _json(cards)
    return made


def file_name(stem: str) -> str:
    """A stem's file: the stem itself when it is plain ASCII, else "x" and its UTF-8 in hex (search.js
    names it the same way)."""
    return stem if stem.isascii() and stem.isalnum() else "x" + stem.encode().hex()


def _names(site: Lookups, statement: Statement) -> list[str]:
    """The filter entries of a statement's speakers: registry names, or the one unnamed entry."""
    ids = (statement.speaker, *getattr(statement, "also_by", ()))
    return list(dict.fromkeys(site.speakers[i].name if i in site.speakers else UNNAMED for i in ids))


def _speakers(site: Lookups, said: list[Statement]) -> dict[str, tuple[str, ...]]:
    """Every speaker filter entry (name -> aliases, which the page recognises in a query), by name."""
    named = {name for statement in said for name in _names(site, statement)}
    aliases = {speaker.name: speaker.aliases for speaker in site.speakers.values() if speaker.name in named}
    return {name: aliases.get(name, ()) for name in sorted(named, key=sort_name)}


def _one_or_many(numbers: list[int]) -> int | list[int]:
    return numbers[0] if len(numbers) == 1 else numbers


def _year(site: Lookups, statement: Statement) -> str:
    when = site.when(statement)
    return str(when[0].year) if when else "undated"


def _runs(values: list[str]) -> list[list]:
    """[value, how many in a row] for a column that changes rarely (years, in date order)."""
    runs: list[list] = []
    for value in values:
        if runs and runs[-1][0] == value:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    return runs


def _flat(rows: dict[int, list[int]]) -> list[int]:
    """[statement delta, how many positions, position deltas...] for each statement, in order."""
    flat: list[int] = []
    previous = 0
    for row in sorted(rows):
        positions = rows[row]
        flat += [row - previous, len(positions), positions[0]]
        flat += [b - a for a, b in pairwise(positions)]
        previous = row
    return flat


def _card(site: Lookups, statement: Statement) -> list[str]:
    """What a result shows: its page, its words, who said it with when and where, its kind."""
    event = site.event_of(statement)
    when = site.when(statement)
    parts = [_who(site, statement), format_date(*when) if when else "", event.title if event else ""]
    kind = STATEMENT_KIND_LABELS[statement.kind].lower()
    return [urls.record(urls.STATEMENTS, statement.id), statement.text, " · ".join(p for p in parts if p), kind]


def _who(site: Lookups, statement: Statement) -> str:
    """The speakers as a result names them: "European Union, Costa Rica, Latvia and 8 more"."""
    names = [site.speaker_name(statement)]
    names += [site.speakers[i].name if i in site.speakers else i for i in getattr(statement, "also_by", ())]
    return ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:3])} and {len(names) - 3} more"


def _themes(site: Lookups) -> list[Theme]:
    return sorted(site.archive.themes, key=lambda theme: theme.label)


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
