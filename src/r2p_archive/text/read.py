"""Decode a source file and cut it into repaired, classified paragraphs.

Web pages copied to text carry site chrome, repeated captions and paragraphs broken in the
middle of a sentence. This module undoes that while keeping every paragraph's offsets into
the original text, so that each record can point back at the exact words.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from r2p_archive.errors import ArchiveError
from r2p_archive.records import Paragraph, ParagraphRole
from r2p_archive.registry import Conventions
from r2p_archive.text.dates import DateMention, find_dates

_TERMINAL = tuple('.!?:;"”’)')
_CONTINUATION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "by",
        "with",
        "from",
        "as",
        "that",
        "which",
        "who",
        "must",
        "will",
        "would",
        "should",
        "can",
        "could",
        "we",
        "our",
        "their",
        "its",
        "his",
        "her",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
    ]
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "<words>, <Place>, <date>" or "<words>. <Place>, <date>" (a heading that ends with where and
# when), or "<Place>, <date> - <words>"; the words before may hold commas of their own.
_DATELINE = re.compile(
    rf"^(?:(?P<pre>.{{3,300}}?)[,.] )?(?P<place>[A-Z][A-Za-z'’-]*(?:[ -][A-Za-z'’-]+){{0,4}}), "
    rf"(?P<date>\d{{1,2}} (?:{_MONTHS}) \d{{4}}|(?:{_MONTHS}) \d{{1,2}}, \d{{4}}|\d{{4}}-\d\d-\d\d)"
    r"(?:\s+[-–—]\s+(?P<post>.+))?$"
)
# A line that is only a date, as pages post them: "8 Dec 2016 0:0", "Announcements - May 01, 2009".
_DATE_LINE = re.compile(
    r"^(?:[^–—-]{1,60} [-–—] )?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?(?P<date>.{5,30}?)"
    r"(?: \d{1,2}[:.]\d{1,2}(?: ?[AP]M)?(?: [A-Z]{2,4})?)?$"
)
_RUN_IN_HEADING = re.compile(r"^(?P<heading>[A-Z0-9][^.!?,:;“”\"]{2,60}?)\.\s+(?=[A-Z“\"])")
_ABBREVIATIONS = frozenset(["Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "Gen", "Amb", "Sr", "Jr", "H.E", "U.S", "U.N"])
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


@dataclass(frozen=True)
class Block:
    """A paragraph in the making: its pieces of original text and what it is."""

    segments: tuple[tuple[int, int], ...]
    text: str
    line: int
    role: ParagraphRole = "body"
    heading: str | None = None

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @cached_property
    def _piece_offsets(self) -> list[int]:
        """Where each piece starts in ``text``."""
        offsets, offset = [], 0
        for start, end in self.segments:
            offsets.append(offset)
            offset += end - start + 1
        return offsets

    def to_original(self, index: int) -> int:
        """Map an index in ``text`` (pieces joined by one space) to the original text."""
        piece = max(0, bisect_right(self._piece_offsets, index) - 1)
        start, end = self.segments[piece]
        return min(start + index - self._piece_offsets[piece], end)


class Unreadable(ArchiveError):
    """A file that is no text source at all (empty, binary, undecodable): the loader skips it with a warning."""


# Byte-order marks, longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A well-formed UTF-8 sequence of two or more bytes: a text holding one was written as UTF-8.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_LINES_NAMED = 10  # lines with bad bytes named in the warning; the rest are counted


def decode(data: bytes, path: str) -> tuple[str, list[tuple[int, str]]]:
    """Bytes to text with LF line endings, and warnings as (line, message).

    A byte-order mark says the encoding (UTF-8, UTF-16 or UTF-32, either byte order). Without one the
    text is UTF-8, and a byte that is not is replaced by U+FFFD and reported by line, unless the file is
    consistently Windows-1252: not one well-formed UTF-8 multibyte sequence, and every byte a
    Windows-1252 character (its curly quotes are 0x91-0x94). A NUL byte outside UTF-16/32, or no text
    but white space, makes the file unreadable (``Unreadable``)."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    body = data[len(next(bom for bom, name in _BOMS if name == encoding)) :] if encoding else data
    warnings: list[tuple[int, str]] = []
    if encoding is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise Unreadable(f"binary file (NUL byte at offset {nul}), not a text source", path, 1)
        encoding = "utf-8"
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            if not _UTF8_MULTIBYTE.search(body) and decodes(body, "cp1252"):
                encoding = "cp1252"
                warnings.append((1, f"not UTF-8 (byte {exc.start}) and no UTF-8 anywhere; read as Windows-1252"))
    text = body.decode(encoding, errors="surrogateescape" if encoding == "utf-8" else "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if encoding != "cp1252" and _ESCAPED_BYTE.search(text):
        text, lines = _replaced_bytes(text)
        named = ", ".join(map(str, lines[:_LINES_NAMED])) + (
            f" and {len(lines) - _LINES_NAMED} more" if len(lines) > _LINES_NAMED else ""
        )
        warnings.append((lines[0], f"bytes that are not UTF-8 replaced by U+FFFD on line(s) {named}"))
    if "\x00" in text:  # a NUL in UTF-16 or UTF-32: still binary
        raise Unreadable(f"binary file (NUL character at offset {text.index(chr(0))}), not a text source", path, 1)
    if not text.strip():
        raise Unreadable("source text is empty (or only white space)", path, 1)
    return text, warnings


def decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _replaced_bytes(text: str) -> tuple[str, list[int]]:
    """The text with each byte UTF-8 could not decode as U+FFFD, and the lines that held one."""
    lines: list[int] = []
    line, at = 1, 0
    for found in _ESCAPED_BYTE.finditer(text):
        line, at = line + text.count("\n", at, found.start()), found.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return _ESCAPED_BYTE.sub("\ufffd", text), lines


def _lines(text: str) -> list[tuple[int, int, int]]:
    """Non-blank lines as (start, end, line number), trimmed of surrounding whitespace."""
    lines, offset = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            lines.append((start, start + len(stripped), number))
        offset += len(raw) + 1
    return lines


def _continues(previous: str, bold_open: bool, words_before: int, following: str) -> bool:
    """Was ``following`` cut off from the block ending in line ``previous`` by text extraction?

    ``bold_open``: an unclosed ``**`` in the block; ``words_before``: the block's word count."""
    if bold_open:
        return True
    if previous.endswith(_TERMINAL) or previous.endswith(","):
        return False
    words = previous.split()
    last = words[-1].lower()
    if following[:1].islower():
        return True
    if last in _CONTINUATION_WORDS and words_before >= 3:
        return True
    # "agreed at the 2005" / "World Summit.": a year after an article, not ending a dateline.
    return last.isdigit() and words_before >= 6 and len(words) > 1 and words[-2].lower() in _CONTINUATION_WORDS


def _strip_prefixes(text: str, start: int, conventions: Conventions) -> int:
    for pattern in conventions.chrome_prefixes:
        match = pattern.match(text, start)
        if match and match.end() > start:
            return match.end()
    return start


def blocks_of(text: str, conventions: Conventions) -> list[Block]:
    """Join the lines of ``text`` into paragraphs, repairing mid-sentence breaks (linear time)."""
    blocks: list[list[tuple[int, int, int]]] = []
    bold_open, words, chrome = False, 0, False
    for start, end, number in _lines(text):
        start = _strip_prefixes(text, start, conventions)
        if start >= end:
            continue
        piece = text[start:end]
        piece_is_chrome = _is_chrome_line(piece, conventions)
        if blocks and not piece_is_chrome and not chrome:
            last_start, last_end, _ = blocks[-1][-1]
            if _continues(text[last_start:last_end], bold_open, words, piece):
                blocks[-1].append((start, end, number))
                bold_open ^= piece.count("**") % 2 == 1
                words += len(piece.split())
                continue
        blocks.append([(start, end, number)])
        bold_open, words, chrome = piece.count("**") % 2 == 1, len(piece.split()), piece_is_chrome
    return [
        Block(tuple((s, e) for s, e, _ in pieces), " ".join(text[s:e] for s, e, _ in pieces), pieces[0][2])
        for pieces in blocks
    ]


def _is_chrome_line(text: str, conventions: Conventions) -> bool:
    return _full_match(conventions.chrome_lines, text)


def _full_match(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in patterns)


def plain_text(text: str) -> str:
    """Drop the light Markdown the texts carry (``**bold**``)."""
    return _BOLD.sub(r"\1", text).replace("**", "").strip()


def dateline(text: str) -> re.Match[str] | None:
    """A dateline line, bracketed or not ("(New York, 6 February 2017)")."""
    line = plain_text(text)
    return _DATELINE.match(line[1:-1] if line.startswith("(") and line.endswith(")") else line)


# A news dateline opening a paragraph: "NEW YORK, United States – ...", "NEW YORK, 24 September – ...",
# "GENEVA, 2015-03-12 — ..." (a day in ISO 8601)
INLINE_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'/-]{2,40}),(?P<rest> (?:\d{4}-\d\d-\d\d|[^–—-]{1,60}?))? [–—-] ")
_DATED_OPENING = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z'’-]*(?:[ -][A-Za-z'’-]+){{0,4}}), "
    rf"(?:\d{{1,2}} (?:{_MONTHS}) \d{{4}}|(?:{_MONTHS}) \d{{1,2}}, \d{{4}})\s+[-–—]\s+"
)


# A wire story's dateline: "UNITED NATIONS (Reuters) - ", "PARIS -- ", "UNITED NATIONS, April 28 -- ",
# and a UN office's "GENEVA (13 September 2018) - "
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,40}?)(?:,[^–—-]{1,40}?)?"
    r"(?: \((?:[A-Z][\w.]*(?: [A-Z][\w.]*){0,3}|\d{1,2} [A-Z][a-z]+ \d{4})\))?\s(?:--?|[–—])\s"
)


def dateline_end(text: str) -> int:
    """Where the words after a paragraph's opening dateline begin ("GENEVA, 6 March 2012 – Jan
    Eliasson stressed ..."); 0 if it opens with none. The dateline says where and when, not who said what."""
    found = INLINE_DATELINE.match(text) or _DATED_OPENING.match(text) or WIRE_DATELINE.match(text)
    return found.end() if found else 0


def date_line(text: str) -> DateMention | None:
    """The date of a line that states nothing else (a posting line, the date under a title)."""
    match = _DATE_LINE.match(plain_text(text))
    if not match:
        return None
    found = find_dates(match.group("date"))
    if len(found) == 1 and found[0].expression == match.group("date") and found[0].relative is None:
        return replace(found[0], start=found[0].start + match.start("date"))
    return None


def _is_heading(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 12 and not text.endswith(tuple('.,;!?"”’')) and text[0] not in "“\"‘'"


def run_in_heading(text: str) -> str | None:
    """A short title-case phrase opening a paragraph ("Ending impunity. Several speakers ...")."""
    match = _RUN_IN_HEADING.match(text)
    if not match:
        return None
    heading = match.group("heading")
    words = heading.split()
    capitalized = sum(1 for word in words if word[:1].isupper() or word[:1].isdigit())
    if len(words) < 2 or len(words) > 6 or words[-1] in _ABBREVIATIONS:
        return None
    if len(words) > 2 and capitalized * 2 < len(words) + 1:
        return None
    return heading


def classify(blocks: list[Block], conventions: Conventions, is_speaker_name: Callable[[str], bool]) -> list[Block]:
    """Give each block its role; headings are carried onto the body paragraphs under them."""
    classified: list[Block] = []
    seen: set[str] = set()
    in_footer = in_references = after_byline = has_title = False
    section: str | None = None
    for block in blocks:
        text = block.text
        role: ParagraphRole
        if in_footer or _full_match(conventions.footer_markers, text):
            in_footer, role = True, "chrome"
        elif _full_match(conventions.reference_markers, text):
            in_references, role = True, "chrome"
        elif _is_chrome_line(text, conventions):
            role = "chrome"
        elif conventions.byline_pattern.match(text) or (after_byline and _is_heading(text) and len(text.split()) <= 6):
            role = "byline"
        elif in_references:
            role = "reference"
        elif text in seen:
            role = "chrome"
        elif conventions.caption_pattern.search(text):
            role = "caption"
        elif found := dateline(text):
            role = "dateline"
            has_title = has_title or bool(found.group("post"))
        elif date_line(text):
            role = "dateline"
        elif is_speaker_name(text):
            role = "list"
        elif not has_title and len(text.split()) <= 30 and not plain_text(text).endswith("."):
            role, has_title = "title", True
        elif _is_heading(text):
            role = "heading"
            section = None if plain_text(text).lower().startswith(conventions.generic_headings) else text
        else:
            role = "body"
        after_byline = role == "byline"
        seen.add(text)
        heading = (run_in_heading(text) or section) if role == "body" else None
        classified.append(Block(block.segments, text, block.line, role, heading))
    return classified


def paragraphs_of(blocks: list[Block]) -> tuple[Paragraph, ...]:
    return tuple(
        Paragraph(number, block.role, block.text, block.start, block.end, block.line, block.heading)
        for number, block in enumerate(blocks, start=1)
    )
