"""The UN General Debate Corpus (UNGDC): every General Debate speech, 1946 onwards, one text per
state and session (``TXT/Session 71 - 2016/USA_71_2016.txt``), and a table of who delivered each
(``Speakers_by_session.xlsx``: year, session, ISO code, country, person, post).

Each speech that names the archive's subject becomes a source: its text re-flowed into paragraphs
(older speeches are hard-wrapped), and a sidecar saying it is a transcript, by which state, delivered
by whom, at which session's General Debate, when, and how to cite the data set. Which words name
the subject is the theme vocabulary's business (the cues of ``SUBJECT_THEME`` in themes.yaml);
with ``everything`` every speech is imported. The loader then reads these sources as any other.

Dates and places: the corpus gives the session and year, not the day or the city. The General
Debate opens each regular session in New York in the second half of September, so a speech is
dated to September of its year, with month precision (pages say "September 2016", never a day),
and placed in New York. The sessions that differ are in ``SESSIONS_ELSEWHERE``; the first session
met in London, then in New York, and its speeches keep only their year and no place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from r2p_archive.errors import ArchiveError
from r2p_archive.importers.files import ImportReport, sidecar_text, write_source
from r2p_archive.registry import load_registry
from r2p_archive.themes import matches

NAME = "ungdc"
SUBJECT_THEME = "responsibility-to-protect"  # its cues decide which speeches are imported
FOLDER = "ungdc"  # under content/sources/
SPEAKERS_TABLE = "Speakers_by_session.xlsx"
OPENING_MONTH, SEAT = "09", "New York"  # where and when the General Debate opens, as a rule
# Sessions whose General Debate was held elsewhere or later (date as the sidecar writes it, place),
# from the General Assembly's list of its sessions (un.org/en/ga/sessions): the 3rd session opened
# in Paris on 21 September 1948, the 6th in Paris on 6 November 1951; the 1st met in London in
# January 1946 and in New York from October.
SESSIONS_ELSEWHERE: dict[int, tuple[str | None, str | None]] = {
    1: (None, None),
    3: ("09", "Paris"),
    6: ("11", "Paris"),
}
CITATION = (
    "Jankin, Baturo and Dasandi, “Words to unite nations: The complete UN General Debate Corpus, "
    "1946-present”, Journal of Peace Research; Baturo, Dasandi and Mikhaylov, “Understanding State "
    "Preferences With Text As Data: Introducing the UN General Debate Corpus”, Research & Politics, 2017. "
    "Harvard Dataverse, doi:10.7910/DVN/0TJX8Y."
)
_FILE = re.compile(r"^(?P<code>[A-Z]{2,3})_(?P<session>\d{1,3})_(?P<year>\d{4})\.txt$")
_GROUPS = {"EU": "European Union"}  # codes that are not ISO 3166 states
WRAPPED_SHARE = 0.5  # a text is hard-wrapped when most of its lines are shorter than this share of...
WRAP_WIDTH = 100  # ...characters: a speech with one paragraph per line has far longer lines
SHORT_LINE = 0.75  # in a wrapped text, a line this much shorter than the usual one ends a paragraph
_SENTENCE_END = (".", "!", "?", ":", "”", '"', ")")


@dataclass(frozen=True)
class Delivery:
    country: str
    person: str | None
    post: str | None


def import_corpus(corpus: Path, content: Path, *, everything: bool = False) -> ImportReport:
    """Write a source for each speech that names the subject (each speech with ``everything``)."""
    root = _root(corpus)
    registry = load_registry(content / "registry")
    subject = next((t for t in registry.themes if t.id == SUBJECT_THEME), None)
    if subject is None and not everything:
        raise ArchiveError(f"themes.yaml has no theme {SUBJECT_THEME!r}, whose cues name the subject", content)
    report = ImportReport()
    deliveries = read_deliveries(root / SPEAKERS_TABLE, report)
    target = content / "sources" / FOLDER
    for path in sorted((root / "TXT").glob("*/*.txt")):
        found = _FILE.match(path.name)
        if not found:
            report.problems.append(f"{path}: not named CODE_SESSION_YEAR.txt")
            continue
        try:
            text = reflow(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            report.problems.append(f"{path}: {exc}")
            continue
        if not text.strip():
            report.problems.append(f"{path}: empty")
            continue
        if not everything and not (subject and matches(text, subject)):
            report.not_about_subject += 1
            continue
        code, session, year = found["code"], int(found["session"]), found["year"]
        delivery = deliveries.get((int(year), code))
        country = delivery.country if delivery else _GROUPS.get(code, code)
        fields = {
            "kind": "speech-transcript",
            "publisher": "United Nations General Assembly, official records (UN General Debate Corpus)",
            "speaker": country,
            **({"delivered_by": _deliverer(delivery)} if delivery and delivery.person else {}),
            "event": f"General Debate of the {_ordinal(session)} session of the General Assembly",
            **_when_and_where(session, year),
            "passages": "all" if everything else SUBJECT_THEME,
            "citation": CITATION,
        }
        origin = f"{path.parent.name}/{path.name}"
        comment = f"Imported by `r2p-archive import ungdc` from {origin}; edit it and the importer leaves it alone."
        sidecar = sidecar_text(fields, NAME, text, comment)
        write_source(target, f"{code.lower()}-{session}-{year}", text, sidecar, NAME, report)
    return report


def _when_and_where(session: int, year: str) -> dict[str, str]:
    """The sidecar's date (month precision, or the year alone) and place for a session's General Debate."""
    month, place = SESSIONS_ELSEWHERE.get(session, (OPENING_MONTH, SEAT))
    return {"date": f"{year}-{month}" if month else year, **({"place": place} if place else {})}


def _root(corpus: Path) -> Path:
    """The corpus folder, given as itself or as the folder it was unpacked into."""
    for candidate in (corpus, *sorted(corpus.glob("*/"))):
        if (candidate / "TXT").is_dir():
            return candidate
    raise ArchiveError("not the UN General Debate Corpus: no TXT/ folder of speeches", corpus)


def read_deliveries(table: Path, report: ImportReport) -> dict[tuple[int, str], Delivery]:
    """(year, code) -> who delivered the speech, from the corpus's spreadsheet (read with openpyxl).

    A missing or unreadable table is reported, not fatal: the speeches are still imported, by state."""
    from openpyxl import load_workbook  # only an import needs it

    try:
        sheet = load_workbook(table, read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl reports damaged files with many exception types
        report.problems.append(f"{table}: {exc}")
        return {}
    rows = sheet.iter_rows(values_only=True) if sheet is not None else iter(())
    header = [str(cell or "").strip().lower() for cell in next(rows, ())]
    wanted = ("year", "iso code", "country", "name of person speaking", "post")
    if not all(name in header for name in wanted):
        report.problems.append(f"{table}: expected the columns {', '.join(wanted)}")
        return {}
    year, code, country, person, post = (header.index(name) for name in wanted)
    deliveries = {}
    for row in rows:
        try:
            key = (int(str(row[year])), str(row[code]).strip())
        except (TypeError, ValueError, IndexError):
            continue
        deliveries[key] = Delivery(_text(row[country]) or key[1], _text(row[person]), _text(row[post]))
    return deliveries


def _text(cell: object) -> str | None:
    return " ".join(str(cell).split()) or None if cell is not None else None


def _deliverer(delivery: Delivery) -> str:
    return f"{delivery.person}, {delivery.post}" if delivery.post else str(delivery.person)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def reflow(text: str) -> str:
    """Paragraphs separated by blank lines, whatever the layout.

    Recent speeches put a paragraph on a line. Older ones are hard-wrapped at about 55 characters,
    a paragraph's end shown only by a shorter line ending a sentence; lines of digits alone are
    page numbers, a blank line inside a sentence is a page break, and a line ending in a hyphen
    continues its word on the next."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    filled = [line for line in lines if line]
    if not filled:
        return ""
    if sum(len(line) < WRAP_WIDTH for line in filled) < WRAPPED_SHARE * len(filled):
        return "\n\n".join(filled) + "\n"
    usual = sorted(len(line) for line in filled)[int(len(filled) * 0.9)]
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if line.isdigit() or not line:  # a page number, or a blank line: a page break inside a sentence
            if not line and current.endswith(_SENTENCE_END):
                paragraphs.append(current)
                current = ""
            continue
        current = f"{current}{line}" if current.endswith("-") or not current else f"{current} {line}"
        if len(line) < SHORT_LINE * usual and line.endswith(_SENTENCE_END):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs) + "\n"
