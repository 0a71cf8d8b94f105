"""Recurring meetings: the title an event shares with the other meetings of its series.

UN bodies number the meetings that recur ("General Debate of the 60th session of the General
Assembly", "Sixth annual informal interactive dialogue", "5th Annual R2P Ministerial Meeting") or
date them ("the 2011 dialogue"). Without its number, year and "annual", such a title names the
series; events whose titles are the same once those are removed are one series. "The First
Committee" is a body, not the first of a series, so an ordinal before "Committee" is kept.
"""

from __future__ import annotations

import re

_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_TEENS = "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ROUND = "twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth"
ORDINAL = rf"(?:\d+(?:st|nd|rd|th)|(?:(?:{_TENS})[- ])?(?:{_UNITS})|{_TEENS}|{_ROUND})"
# "... of the 60th session of the General Assembly": the series is "... of the General Assembly".
_OF_SESSION = re.compile(rf"(?<=\w )the {ORDINAL} (?:(?:regular|special|emergency special) )?session of the ", re.I)
_NUMBER = re.compile(rf"\b{ORDINAL}\b(?! committee)|\bannual\b|\b(?:19|20)\d{{2}}\b", re.I)
_SPACES = re.compile(r"\s+")
_LOOSE_ENDS = re.compile(r"^[\s,:;–-]+|[\s,:;–-]+$")


def series_title(title: str) -> str:
    """The title without its number, year and "annual": "General Debate of the 60th session of the
    General Assembly" -> "General Debate of the General Assembly"."""
    bare = _NUMBER.sub(" ", _OF_SESSION.sub("the ", title))
    bare = _LOOSE_ENDS.sub("", _SPACES.sub(" ", bare).replace(" ,", ","))
    if bare.lower().startswith("the "):  # "The 2011 dialogue" -> "Dialogue"
        bare = bare[4:]
    return bare[:1].upper() + bare[1:]


def series_key(title: str) -> str:
    """What two titles of one series have in common: their bare words, in lower case."""
    return " ".join(re.findall(r"\w+", series_title(title).lower()))
