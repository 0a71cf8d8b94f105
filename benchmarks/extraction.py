"""Extraction scored against hand annotations of a development corpus of real texts.

Run by hand: `python benchmarks/extraction.py --corpus ../shared/corpus [--show-misses]`.

The corpus folder holds plain-text excerpts (`<stem>.txt`); the hand annotations live in
`benchmarks/corpus-gold/` (quotations, paraphrases, remarks, not-statements, events; their
header comments give the format). The texts are copied into a temporary `content/` layout with
this repository's `content/registry/`, loaded with `r2p_archive.load.load_archive`, and scored:

- quotations, paraphrases and remarks: precision, recall and speaker accuracy per genre and
  overall. An extracted statement matches an annotation of the same source and kind when its
  `start` is within 3 characters of the annotated `start` or its text starts with the annotated
  `words`; each annotation and each extracted statement is matched at most once. Statements with
  the same text are one extraction, whose speakers are the set of all their speaker ids (an
  anonymous speaker, `speaker` None, is `anonymous`); the speakers are right when that set equals
  the annotated set. A source's remarks passages together match its remarks annotation.
- events (by genre and overall): the archive event whose `sources` holds the text's source id.
  Its date is right when it equals the annotated date, when it falls in an annotated month
  (`YYYY-MM`: the Event record has no precision field, only `date` and `date_method`, so a day
  found for a month-only date is accepted), or when there is rightly no event (annotated date
  null, no event found). Its place is right when it equals the annotated place ignoring case,
  or both are missing.
- not-statements: how many of the annotated non-statements (titles, narrative, counts of
  speakers ...) the loader made statements of: any extracted statement of any kind that starts
  within such a sentence, or whose text starts with its words, and matches no annotated statement.

Sidecars: none, except `kind: speech-transcript` beside the texts whose genre in
`corpus-gold/events.yaml` is `speech-transcript`. That is what an archivist would write: the
loader reads a transcript as one `remarks` statement only when a sidecar says so, and a text
does not say of itself that it is a transcript. Nothing else an archivist might add (publisher,
publication date) is written, so dates are found in the texts alone.

`--show-misses` lists every missed annotation, every false positive (its first 60 characters
and the attribution rule that made it), every wrong speaker and every wrong event. Output is
plain text and deterministic. The scoring functions here are pure, over records and parsed
annotations, so they can move into `r2p_archive.evaluate` as they are.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from r2p_archive.evaluate import Scores, scored_speakers  # noqa: E402
from r2p_archive.load import load_archive  # noqa: E402
from r2p_archive.records import Archive, Event, Statement  # noqa: E402

GOLD = Path(__file__).resolve().parent / "corpus-gold"
SETS = "sets.yaml"  # in the gold folder: the sets of texts the corpus grew by
GENRES = ("ngo-report", "meeting-summary", "news-article", "press-release", "speech-transcript", "statement")
KINDS = (("quote", "quotations"), ("paraphrase", "paraphrases"), ("remarks", "remarks"))
NEAR = 3  # characters: an extracted start this close to the annotated start is the same statement
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Amb|Gen|H\.E|U\.N|U\.S)|\b[A-Z])$")
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*(?=\s|$)")


# annotations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    """One annotation: a statement (quote, paraphrase, remarks), a term, or a non-statement."""

    source: str
    kind: str  # quote, paraphrase, remarks, not-statement; event-title (only checked for its offset)
    start: int
    words: str
    speakers: frozenset[str] = frozenset()
    on_behalf_of: str | None = None
    term: bool = False
    why: str = ""


@dataclass(frozen=True)
class GoldEvent:
    source: str
    genre: str
    title_at: tuple[int, str] | None  # where the text names the event: offset, first words
    date: str | None
    place: str | None


def read_gold(folder: Path) -> tuple[list[Gold], dict[str, GoldEvent]]:
    """Every annotation in ``folder`` (the five YAML files), in a fixed order."""

    def load(name: str) -> dict:
        return yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8")) or {}

    annotations: list[Gold] = []
    for kind, name in (("quote", "quotations"), ("paraphrase", "paraphrases")):
        for source, items in sorted(load(name).items()):
            for item in items or ():
                annotations.append(
                    Gold(
                        source,
                        kind,
                        item["start"],
                        item["words"],
                        frozenset(item.get("speakers") or ()),
                        item.get("on_behalf_of"),
                        bool(item.get("term")),
                    )
                )
    for source, item in sorted(load("remarks").items()):
        if item:
            speaker = frozenset([item["speaker"]])
            annotations.append(Gold(source, "remarks", item["start"], item["words"], speaker, item.get("on_behalf_of")))
    for source, items in sorted(load("not-statements").items()):
        for item in items or ():
            annotations.append(Gold(source, "not-statement", item["start"], item["words"], why=item["why"]))
    events = {}
    for source, item in sorted(load("events").items()):
        day = item.get("date")
        day = day.isoformat() if isinstance(day, date) else day
        named = item.get("title_at")
        title_at = (named["start"], named["words"]) if named else None
        events[source] = GoldEvent(source, item["genre"], title_at, day, item.get("place"))
    return annotations, events


def read_text(path: Path) -> str:
    """A source as the annotations count it: UTF-8, line endings normalized to LF (as the loader does)."""
    return path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")


def offset_errors(annotations: Iterable[Gold], texts: dict[str, str]) -> list[str]:
    """Annotations whose words do not stand at their offset (or whose source is missing)."""
    errors = []
    for gold in annotations:
        text = texts.get(gold.source)
        if text is None:
            errors.append(f"{gold.source}: no such text in the corpus")
        elif not text[gold.start :].startswith(gold.words):
            errors.append(f"{gold.source}@{gold.start}: {gold.words!r} is not there ({text[gold.start :][:30]!r})")
        elif len(gold.words.split()) > 5:
            errors.append(f"{gold.source}@{gold.start}: more than five words ({gold.words!r})")
    return errors


def sentence_end(text: str, start: int, words: str) -> int:
    """Where the sentence or line beginning at ``start`` ends (its final mark included)."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    for match in _SENTENCE_END.finditer(text, start + len(words), line_end):
        if match.group()[0] == "." and _ABBREVIATION.search(text, max(start, match.start() - 4), match.start()):
            continue
        return match.end()
    return line_end


# extracted statements -----------------------------------------------------------------------


@dataclass
class Extracted:
    """Statements of one source and kind with the same text: one extraction, maybe several speakers."""

    source: str
    kind: str
    start: int
    text: str
    speakers: set[str] = field(default_factory=set)
    on_behalf_of: set[str] = field(default_factory=set)
    rules: list[str] = field(default_factory=list)


def group(statements: Iterable[Statement]) -> list[Extracted]:
    grouped: dict[tuple[str, str, str], Extracted] = {}
    for statement in sorted(statements, key=lambda s: (s.source, s.kind, s.start, s.id)):
        # a speech's passages are statements one by one, but together they are the speech annotated
        key = (statement.source, statement.kind, "" if statement.kind == "remarks" else statement.text)
        found = grouped.setdefault(key, Extracted(statement.source, statement.kind, statement.start, statement.text))
        found.speakers.update(scored_speakers(statement))
        if statement.on_behalf_of:
            found.on_behalf_of.add(statement.on_behalf_of)
        if statement.attribution not in found.rules:
            found.rules.append(statement.attribution)
    return sorted(grouped.values(), key=lambda e: (e.source, e.kind, e.start, e.text))


def matches(extracted: Extracted, gold: Gold) -> bool:
    if gold.kind == "remarks":
        return True
    return abs(extracted.start - gold.start) <= NEAR or extracted.text.startswith(gold.words)


def match(extracted: list[Extracted], annotations: list[Gold]) -> dict[int, int]:
    """Annotation index -> extraction index, one to one; the nearest start is preferred."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for g, gold in sorted(enumerate(annotations), key=lambda pair: (pair[1].start, pair[0])):
        candidates = [
            (abs(e.start - gold.start), i) for i, e in enumerate(extracted) if i not in taken and matches(e, gold)
        ]
        if candidates:
            _, best = min(candidates)
            pairs[g] = best
            taken.add(best)
    return pairs


@dataclass
class Tally:
    """Counts for one kind over a set of texts; ``scores`` reuses the package's Scores."""

    gold: int = 0
    extracted: int = 0
    found: int = 0
    right_speaker: int = 0
    on_terms: int = 0  # extractions on a quoted term (false positives)

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.extracted += other.extracted
        self.found += other.found
        self.right_speaker += other.right_speaker
        self.on_terms += other.on_terms

    @property
    def scores(self) -> Scores:
        return Scores(self.gold, self.extracted, self.found, self.right_speaker)


@dataclass
class Report:
    """Everything measured, with the lines --show-misses prints."""

    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)  # (genre, kind)
    events: dict[str, list[int]] = field(default_factory=dict)  # genre -> [texts, date right, place right]
    not_statements: dict[str, list[int]] = field(default_factory=dict)  # genre -> [annotated, made statements]
    behalf: list[int] = field(default_factory=lambda: [0, 0])  # found annotations naming on_behalf_of, right
    misses: list[str] = field(default_factory=list)


def _speakers(names: Iterable[str]) -> str:
    return "[" + ", ".join(sorted(names)) + "]"


def score_source(
    source: str, kind: str, statements: list[Extracted], annotations: list[Gold], report: Report
) -> tuple[Tally, list[Extracted]]:
    """One source's extractions of one kind against its annotations of that kind (terms included).

    Returns the counts and the extractions that matched an annotated statement."""
    tally = Tally(extracted=len(statements))
    pairs = match(statements, annotations)
    for g, gold in enumerate(annotations):
        found = statements[pairs[g]] if g in pairs else None
        if gold.term:
            if found is not None:
                tally.on_terms += 1
            continue
        tally.gold += 1
        where = f"{kind:10} {source}@{gold.start}"
        if found is None:
            report.misses.append(f"MISS            {where} {gold.words!r} {_speakers(gold.speakers)}")
            continue
        tally.found += 1
        if found.speakers == set(gold.speakers):
            tally.right_speaker += 1
        else:
            report.misses.append(
                f"WRONG SPEAKER   {where} {gold.words!r} gold {_speakers(gold.speakers)} "
                f"got {_speakers(found.speakers)} ({'; '.join(found.rules)})"
            )
        if gold.on_behalf_of:
            report.behalf[0] += 1
            if found.on_behalf_of == {gold.on_behalf_of}:
                report.behalf[1] += 1
            else:
                got = _speakers(found.on_behalf_of)
                report.misses.append(f"WRONG BEHALF    {where} {gold.words!r} gold {gold.on_behalf_of} got {got}")
    matched = set(pairs.values())
    real = {pairs[g] for g, gold in enumerate(annotations) if g in pairs and not gold.term}
    for i, extracted in enumerate(statements):
        if i in real:
            continue
        what = "a quoted term" if i in matched else "no annotation"
        report.misses.append(
            f"FALSE POSITIVE  {kind:10} {source}@{extracted.start} {extracted.text[:60]!r} "
            f"{_speakers(extracted.speakers)} ({'; '.join(extracted.rules)}; on {what})"
        )
    return tally, [statements[i] for i in sorted(real)]


def made_statements(
    source: str, text: str, statements: list[Extracted], annotations: list[Gold], report: Report
) -> int:
    """How many non-statements of one source the loader made statements of.

    ``statements`` are the source's extractions that matched no annotated statement."""
    count = 0
    for gold in annotations:
        end = sentence_end(text, gold.start, gold.words)
        hits = [e for e in statements if gold.start - NEAR <= e.start < end or e.text.startswith(gold.words)]
        if hits:
            count += 1
            for e in hits:
                report.misses.append(
                    f"NOT A STATEMENT {e.kind:10} {source}@{gold.start} {gold.words!r} ({gold.why}) "
                    f"made {e.text[:60]!r} {_speakers(e.speakers)} ({'; '.join(e.rules)})"
                )
    return count


def event_right(event: Event | None, gold: GoldEvent) -> tuple[bool, bool]:
    """(date right, place right) of the archive's event for a source against the annotation."""
    found = event.date.isoformat() if event else None
    if gold.date is None:
        date_ok = event is None
    elif len(gold.date) == len("YYYY-MM"):
        date_ok = found is not None and found.startswith(gold.date + "-")
    else:
        date_ok = found == gold.date
    if gold.place is None:
        place_ok = event is None or event.place is None
    else:
        place_ok = event is not None and (event.place or "").casefold() == gold.place.casefold()
    return date_ok, place_ok


def score(archive: Archive, annotations: list[Gold], events: dict[str, GoldEvent], texts: dict[str, str]) -> Report:
    report = Report()
    extracted = group(archive.statements)
    for source in sorted(texts):
        genre = events[source].genre if source in events else "unknown"
        of_source = [e for e in extracted if e.source == source]
        kept: list[Extracted] = []
        for kind, _ in KINDS:
            statements = [e for e in of_source if e.kind == kind]
            gold = [a for a in annotations if a.source == source and a.kind == kind]
            tally, matched = score_source(source, kind, statements, gold, report)
            report.tallies.setdefault((genre, kind), Tally()).add(tally)
            kept += matched
        unmatched = [e for e in of_source if not any(e is k for k in kept)]
        non = [a for a in annotations if a.source == source and a.kind == "not-statement"]
        counts = report.not_statements.setdefault(genre, [0, 0])
        counts[0] += len(non)
        counts[1] += made_statements(source, texts[source], unmatched, non, report)
        if source in events:
            gold_event = events[source]
            event = next((e for e in archive.events if source in e.sources), None)
            date_ok, place_ok = event_right(event, gold_event)
            row = report.events.setdefault(genre, [0, 0, 0])
            row[0] += 1
            row[1] += date_ok
            row[2] += place_ok
            if not (date_ok and place_ok):
                got = f"{event.date.isoformat()} ({event.date_method}), place {event.place}" if event else "no event"
                report.misses.append(
                    f"WRONG EVENT     {source} gold {gold_event.date}, place {gold_event.place}; got {got}"
                )
    return report


# output ----------------------------------------------------------------------------------------


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "-"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)])


def render(report: Report, texts_per_genre: dict[str, int]) -> str:
    genres = [g for g in (*GENRES, "unknown") if g in texts_per_genre]
    parts = []
    for kind, title in KINDS:
        rows = []
        total = Tally()
        for genre in genres:
            tally = report.tallies.get((genre, kind), Tally())
            total.add(tally)
            rows.append(_row(genre, texts_per_genre[genre], tally))
        rows.append(_row("overall", sum(texts_per_genre.values()), total))
        header = [
            "genre",
            "texts",
            "gold",
            "extracted",
            "found",
            "on terms",
            "precision",
            "recall",
            "speakers",
            "all right",
        ]
        parts.append(f"{title.capitalize()}\n{table(header, rows)}")
    rows = []
    total = [0, 0, 0]
    for genre in genres:
        texts, date_ok, place_ok = report.events.get(genre, [0, 0, 0])
        total = [total[0] + texts, total[1] + date_ok, total[2] + place_ok]
        rows.append(_event_row(genre, texts, date_ok, place_ok))
    rows.append(_event_row("overall", *total))
    parts.append("Events\n" + table(["genre", "texts", "date right", "", "place right", ""], rows))
    rows = []
    annotated = made = 0
    for genre in genres:
        count, hit = report.not_statements.get(genre, [0, 0])
        annotated, made = annotated + count, made + hit
        rows.append([genre, str(count), str(hit)])
    rows.append(["overall", str(annotated), str(made)])
    parts.append("Not statements made statements\n" + table(["genre", "annotated", "made statements"], rows))
    parts.append(f"On behalf of: right {report.behalf[1]}/{report.behalf[0]} of the found annotations that name one")
    return "\n\n".join(parts)


def _event_row(genre: str, texts: int, date_ok: int, place_ok: int) -> list[str]:
    dates, places = f"{date_ok}/{texts}", f"{place_ok}/{texts}"
    return [genre, str(texts), dates, ratio(date_ok, texts), places, ratio(place_ok, texts)]


def _row(genre: str, texts: int, tally: Tally) -> list[str]:
    scores = tally.scores
    return [
        genre,
        str(texts),
        str(scores.gold),
        str(scores.extracted),
        str(scores.found),
        str(tally.on_terms),
        f"{ratio(scores.found, scores.extracted)} ({scores.found}/{scores.extracted})",
        f"{ratio(scores.found, scores.gold)} ({scores.found}/{scores.gold})",
        f"{ratio(scores.right_speaker, scores.found)} ({scores.right_speaker}/{scores.found})",
        f"{ratio(scores.right_speaker, scores.gold)} ({scores.right_speaker}/{scores.gold})",
    ]


def summary(reports: dict[str, tuple[Report, int]]) -> str:
    """One line per set of texts: the overall figures the targets of issue 29 are set on."""
    rows = []
    for name, (report, texts) in reports.items():
        row = [name, str(texts)]
        for kind, _ in KINDS:
            total = Tally()
            for (_, tally_kind), tally in report.tallies.items():
                if tally_kind == kind:
                    total.add(tally)
            s = total.scores
            row += [ratio(s.found, s.extracted), ratio(s.found, s.gold), ratio(s.right_speaker, s.found)]
            if kind == "quote":
                row.append(f"{ratio(s.right_speaker, s.gold)} ({s.right_speaker}/{s.gold})")
        events = [sum(values[i] for values in report.events.values()) for i in range(3)]
        row += [ratio(events[1], events[0]), ratio(events[2], events[0])]
        rows.append(row)
    header = ["set", "texts", "quote P", "R", "spk", "all right", "reported P", "R", "spk"]
    header += ["remarks P", "R", "spk", "event date", "place"]
    return (
        "By set (P precision, R recall, spk right speaker of those found, all right: found with the right\n"
        "speaker, of all annotated)\n" + table(header, rows)
    )


# running -----------------------------------------------------------------------------------------


def make_content(corpus: Path, events: dict[str, GoldEvent], folder: Path) -> Path:
    """The corpus as a content/ folder: sources, the repository's registry, transcript sidecars."""
    content = folder / "content"
    sources = content / "sources"
    sources.mkdir(parents=True)
    for path in sorted(corpus.glob("*.txt")):
        shutil.copyfile(path, sources / path.name)
        if path.stem in events and events[path.stem].genre == "speech-transcript":
            (sources / f"{path.stem}.yaml").write_text("kind: speech-transcript\n", encoding="utf-8")
    shutil.copytree(ROOT / "content" / "registry", content / "registry")
    return content


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus", help="folder of *.txt")
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of the hand annotations")
    parser.add_argument("--show-misses", action="store_true", help="list misses, false positives, wrong speakers")
    parser.add_argument("--set", help="score only the texts of this set of sets.yaml (first, new)")
    args = parser.parse_args()
    texts = {path.stem: read_text(path) for path in sorted(args.corpus.glob("*.txt"))}
    if not texts:
        print(f"no *.txt in {args.corpus}", file=sys.stderr)
        return 1
    annotations, events = read_gold(args.gold)
    titles = [Gold(e.source, "event-title", *e.title_at) for e in events.values() if e.title_at]
    errors = offset_errors([*annotations, *titles], texts)
    errors += [f"{source}: no annotation in events.yaml" for source in sorted(texts) if source not in events]
    if errors:
        print("annotations do not fit the corpus:\n  " + "\n  ".join(errors), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="r2p-extraction-") as folder:
        archive = load_archive(make_content(args.corpus, events, Path(folder)))
    sets_file = args.gold / SETS
    sets = yaml.safe_load(sets_file.read_text(encoding="utf-8")) if sets_file.exists() else {}
    if args.set:
        if args.set not in sets:
            print(f"no set {args.set!r} in {sets_file} (sets: {', '.join(sets)})", file=sys.stderr)
            return 1
        texts = {stem: text for stem, text in texts.items() if stem in set(sets[args.set])}
    reports = {}
    for name, members in [*sorted(sets.items()), ("all", list(texts))]:
        subset = {stem: texts[stem] for stem in members if stem in texts}
        if subset:
            reports[name] = (score(archive, annotations, events, subset), len(subset))
    report = reports["all"][0]
    texts_per_genre: dict[str, int] = {}
    for source in texts:
        genre = events[source].genre
        texts_per_genre[genre] = texts_per_genre.get(genre, 0) + 1
    print(f"Corpus: {len(texts)} texts in {args.corpus}; annotations in {args.gold}\n")
    print(summary(reports) + "\n\nAll texts, by genre\n")
    print(render(report, texts_per_genre))
    if args.show_misses:
        print("\nMisses, false positives, wrong speakers and events")
        print("\n".join(sorted(report.misses)) or "(none)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
