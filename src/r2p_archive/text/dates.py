"""Dates in running text: absolute, without a year, and relative to the document.

Every resolved date keeps the words it came from and a sentence saying how it was worked
out, because a reader must be able to check an inferred date against the text.

How the genre writes a day:
- in full or abbreviated, as web pages post them: "8 Dec 2016", "Sept. 14, 2009";
- a span of days names its first day: "on 23 and 24 June", "from 24 to 25 April" begin on the
  23rd and the 24th;
- a day without a year takes it from the text: the term of office of someone it names with
  their title, or the General Assembly session it names ("its 77th session"): session N opens
  in September of 1945 + N and runs to September of the next year;
- a day may be written as ISO 8601 ("2015-03-12"), as sites' datelines and metadata write it;
- a day that does not exist ("31 February 2015") is no date: the loader reports it
  (``impossible_dates``) rather than guess which day was meant;
- an uncertain day ("20 or 21 September 2022") names only its month: it resolves to a date of
  month precision ("September 2022"), so nothing built on it invents a day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from r2p_archive.records import DateRef

MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_ABBREVIATED = {name: number for number, name in enumerate(calendar.month_abbr) if name} | {"Sept": 9}
WEEKDAYS = {name: number for number, name in enumerate(calendar.day_name)}
_MONTH = "|".join([*MONTHS, *sorted(set(_ABBREVIATED) - set(MONTHS), key=len, reverse=True)])
_WEEKDAY = "|".join(WEEKDAYS)
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b(?:(?:(?P<d0>\d{{1,2}}){_ORDINAL}(?:, \d{{1,2}}{_ORDINAL}){{0,8}}(?P<span>,? (?:and|to|or) | ?[-–] ?))?"
    rf"(?P<d1>\d{{1,2}}){_ORDINAL} (?P<m1>{_MONTH})\.?(?:,? ?(?P<y1>\d{{4}}))?"  # "04 July2023" as typed too
    rf"|(?P<m2>{_MONTH})\.? (?P<d2>\d{{1,2}}){_ORDINAL}(?:, (?P<y2>\d{{4}}))?"
    r"|(?<![\d/-])(?P<y3>\d{4})-(?P<m3>0[1-9]|1[0-2])-(?P<d3>\d{2})(?![\d/-]))\b"
)
# a weekday names a day relative to the text's date, with "on" or after a verb ("vetoed Thursday a draft"),
# but not as part of a full date ("Friday 23 May 2014", "Tuesday, November 26")
_RELATIVE = re.compile(
    rf"\b(?P<word>yesterday|today|this morning|(?:on )?(?P<weekday>{_WEEKDAY})(?!,? (?:\d|{_MONTH})))\b", re.I
)
LOOKAHEAD_DAYS = 7
FIRST_SESSION_YEAR = 1946  # the General Assembly's first session opened in 1946; later ones each September
_SESSION = re.compile(r"\b(?P<number>\d{1,3})(?:st|nd|rd|th) [Ss]ession\b")


@dataclass(frozen=True)
class DateMention:
    """A date expression as written: some parts may be missing until resolved."""

    expression: str
    start: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    relative: str | None = None

    @property
    def is_absolute(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None

    def absolute(self) -> date | None:
        if not self.is_absolute or self.year is None or self.month is None or self.day is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """All date expressions in ``text``, in order; ``offset`` is added to their positions."""
    mentions = []
    for match in _DATE.finditer(text):
        day, last, month, year = _parts(match)
        if not _exists(day, last, month, year):
            continue
        uncertain = (match["span"] or "").strip() == "or"
        mentions.append(DateMention(match.group(), offset + match.start(), None if uncertain else day, month, year))
    for match in _RELATIVE.finditer(text):
        word = (match["weekday"] or match["word"]).lower()
        mentions.append(DateMention(match.group(), offset + match.start(), relative=word))
    return sorted(mentions, key=lambda m: m.start)


def impossible_dates(text: str) -> list[tuple[int, str]]:
    """Where ``text`` writes a day that no calendar has ("31 February 2015"), with its words."""
    return [(match.start(), match.group()) for match in _DATE.finditer(text) if not _exists(*_parts(match))]


def _parts(match: re.Match[str]) -> tuple[int, int, int, int | None]:
    """A date match's first day, last day (of a span), month and year (None if not written)."""
    if match["y3"]:
        day = int(match["d3"])
        return day, day, int(match["m3"]), int(match["y3"])
    name = match["m1"] or match["m2"]
    year = int(match["y1"] or match["y2"] or 0) or None
    return (
        int(match["d0"] or match["d1"] or match["d2"]),
        int(match["d1"] or match["d2"]),
        MONTHS.get(name) or _ABBREVIATED[name],
        year,
    )


def _exists(day: int, last: int, month: int, year: int | None) -> bool:
    """A full date must exist; a day without a year must exist in a leap year."""
    return _valid(year or 2000, month, day) and _valid(year or 2000, month, last)


def session_year(text: str, month: int) -> tuple[int, str] | None:
    """The year of a day in ``month`` during the General Assembly session ``text`` names first.

    Session N opens in September of 1945 + N (the first, in January 1946, is the exception
    that the rule ignores); a day before September belongs to the session's second year."""
    match = _SESSION.search(text)
    if not match:
        return None
    number = int(match["number"])
    year = FIRST_SESSION_YEAR - 1 + number + (0 if month >= 9 else 1)
    return year, f"the General Assembly's {match.group()} (September {FIRST_SESSION_YEAR - 1 + number} onwards)"


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def resolve_relative(mention: DateMention, reference: date) -> date:
    """The day a relative expression names, written on ``reference``."""
    if mention.relative in ("today", "this morning"):
        return reference
    if mention.relative == "yesterday":
        return reference - timedelta(days=1)
    weekday = WEEKDAYS[(mention.relative or "").capitalize()]
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def infer_writing_date(
    absolute_dates: Iterable[date], relatives: list[DateMention], published: date | None
) -> DateRef | None:
    """When was the document written? Its publication date if known, else inferred.

    A document is written on or after the latest date it cites. If it speaks of "yesterday"
    and "on Friday", the writing date is the first such day on which all its relative
    expressions agree, looking up to a week ahead.
    """
    if published is not None:
        return DateRef(published, published.isoformat(), "publication date given in the source's metadata")
    latest = max(absolute_dates, default=None)
    if latest is None:
        return None
    if not relatives:
        return DateRef(latest, latest.isoformat(), "latest date the document cites")
    words = ", ".join(f"“{m.expression}”" for m in relatives)
    for step in range(LOOKAHEAD_DAYS + 1):
        try:
            candidate = latest + timedelta(days=step)
            agree = len({resolve_relative(m, candidate) for m in relatives}) == 1
        except OverflowError:  # at the ends of the calendar; resolving the expression will say so
            break
        if agree:
            return DateRef(
                candidate,
                candidate.isoformat(),
                f"first day on or after the latest date the document cites ({latest.isoformat()}) "
                f"on which {words} name the same day",
            )
    return DateRef(latest, latest.isoformat(), f"latest date the document cites; {words} disagree")


def resolve(mention: DateMention, written: DateRef | None, year_hint: tuple[int, str] | None) -> DateRef | None:
    """Resolve one mention to a date, saying how; None if the text does not allow it."""
    exact = mention.absolute()
    if exact is not None:
        return DateRef(exact, mention.expression, "stated in full", mention.start)
    if mention.relative is not None:
        if written is None:
            return None
        value = resolve_relative(mention, written.value)
        method = (
            f"“{mention.expression}” counted back from the writing date {written.value.isoformat()} ({written.method})"
        )
        return DateRef(value, mention.expression, method, mention.start)
    if mention.month is None:
        return None
    if mention.day is None:
        if mention.year is None:
            return None
        method = "month and year stated; the day is uncertain"
        return DateRef(date(mention.year, mention.month, 1), mention.expression, method, mention.start, "month")
    if year_hint is not None:
        year, why = year_hint
        method = f"day and month stated; year {year} from {why}"
    elif written is not None:
        year = written.value.year
        if (mention.month, mention.day) > (written.value.month, written.value.day):
            year -= 1
        method = f"day and month stated; year from the writing date {written.value.isoformat()}"
    else:
        return None
    try:
        return DateRef(date(year, mention.month, mention.day), mention.expression, method, mention.start)
    except ValueError:
        return None
