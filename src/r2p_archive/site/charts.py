"""Pictures of counts (statements per year, per kind of speaker, per place) as static SVG.

Geometry is worked out here, in plain numbers, and ``_macros.html`` only prints the shapes: no
charting library, no JavaScript, nothing fetched. Each chart carries a title and a sentence that
says what it shows in words (the SVG's accessible name and description), and the figures
themselves, which the page also gives as a table, so a reader who cannot see the picture loses
nothing. A year with no statements is drawn as an empty slot, so gaps read as gaps. A picture is
drawn only where it compares something: one bar ("all in New York") is said in words, not drawn.
Labels are printed at least 12 px high on a 390 px wide phone (the stylesheet sizes them to the
drawing's scale), so they get the room that needs (``_LABEL_ROOM``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypedDict

from r2p_archive.records import Statement
from r2p_archive.site.links import count
from r2p_archive.site.lookups import Lookups

_WIDTH, _HEIGHT = 640, 180  # the drawing's own units; CSS scales it to the column
_AXIS = 24  # room under the bars for their labels
_TOP = 16  # room above the tallest bar for its figure
_LABEL_ROOM = (
    64  # the width a year's label needs at its largest: closer labels are thinned to the first, last and round years
)
_ROUND_STEPS = (2, 5, 10, 20, 50)
# a grid's row: its label on a line of its own (the whole width, so it is legible on a phone), its cells under it
_GRID_ROW, _GRID_LABEL_LINE, _GRID_CELL = 56, 26, 22
_BAR_WIDTH = 48  # at most: a few bars stay bars, not blocks


class Bar(TypedDict):
    label: str
    value: int
    title: str  # "2011: 14 statements", shown on pointing and in the table
    x: float
    y: float
    width: float
    height: float
    middle: float  # where its label and figure are centred
    labelled: bool  # its label and figure are printed (all are, unless there are too many)


class Chart(TypedDict):
    id: str
    title: str
    description: str
    width: int
    height: int
    baseline: float
    label_y: float
    bars: list[Bar]
    axis: str  # what the bars stand for ("Year"), heading the table of figures
    noun: str  # what is counted, plural ("Statements"), heading the table of figures


class Cell(TypedDict):
    x: float
    y: float
    width: float  # a year's cells touch but for a hairline, so a long span reads as strips, not dots
    height: float
    level: int  # 0 (none) to 4 (the most), a shade of the site's accent
    title: str


class Row(TypedDict):
    label: str
    y: float
    values: list[int]


class Tick(TypedDict):
    label: str
    middle: float  # where the label is centred
    labelled: bool  # printed (not all are, when there are many)


class Grid(TypedDict):
    id: str
    title: str
    description: str
    width: int
    height: int
    label_y: float
    columns: list[Tick]  # one per year
    rows: list[Row]
    cells: list[Cell]


def years(site: Lookups, key: str) -> list[tuple[str, int]]:
    """Statements per year they were spoken (of the whole archive, a theme or a speaker: the keys of
    ``Lookups.per_year``), every year from the first to the last (gaps as zeros)."""
    return _every_year(site.per_year.get(key, {}))


def speakers_per_year(statements: Iterable[Statement], site: Lookups) -> list[tuple[str, int]]:
    """How many speakers spoke (a named one by id, an unnamed one by the words for them), year by year."""
    return _speakers_by(statements, site, lambda statement: ("",)).get("", [])


def speakers_per_year_by_theme(statements: Iterable[Statement], site: Lookups) -> dict[str, list[tuple[str, int]]]:
    """The same for each theme (by id), in one pass over the statements."""
    return _speakers_by(statements, site, lambda statement: statement.themes)


def speaker_keys(statement: Statement) -> tuple[str, ...]:
    """Who spoke, for counting speakers: named ones by id (each of a joint statement's), an unnamed one by
    the words for them."""
    return statement.speakers or (statement.speaker_label.casefold(),)


def _speakers_by(
    statements: Iterable[Statement], site: Lookups, keys: Callable[[Statement], Iterable[str]]
) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, dict[int, set[str]]] = {}
    for statement in statements:
        day = site.day_of(statement)
        if day:
            who = speaker_keys(statement)
            for key in keys(statement):
                found.setdefault(key, {}).setdefault(day.year, set()).update(who)
    return {key: _every_year({year: len(who) for year, who in years.items()}) for key, years in found.items()}


def over(span: list[str], counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Counts laid over a span of labels shared by every row of a grid (a label not counted is zero)."""
    counted = dict(counts)
    return [(label, counted.get(label, 0)) for label in span]


def _every_year(counts: Mapping[int, int]) -> list[tuple[str, int]]:
    """The counts from the first year to the last, a year with none as zero, so gaps read as gaps."""
    if not counts:
        return []
    return [(str(year), counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def bar_chart(
    chart_id: str,
    title: str,
    counts: list[tuple[str, int]],
    axis: str = "Year",
    noun: str = "statement",
    summed: bool = True,
) -> Chart | None:
    """Vertical bars, one per (label, value), scaled to the largest; None when there is nothing to compare
    (no figure, or one bar)."""
    if len(counts) < 2 or not any(value for _, value in counts):
        return None
    top = max(value for _, value in counts)
    slot = _WIDTH / len(counts)
    usable = _HEIGHT - _AXIS - _TOP
    baseline = _HEIGHT - _AXIS
    bars = []
    width = min(slot * 0.7, _BAR_WIDTH)
    for number, (label, value) in enumerate(counts):
        height = usable * value / top
        middle = (number + 0.5) * slot
        bars.append(
            Bar(
                label=label,
                value=value,
                title=f"{label}: {count(value, noun)}",
                x=round(middle - width / 2, 2),
                y=round(baseline - height, 2),
                width=round(width, 2),
                height=round(height, 2),
                middle=round(middle, 2),
                labelled=_labelled(number, label, len(counts), slot),
            )
        )
    return Chart(
        id=chart_id,
        title=title,
        description=_in_words(counts, noun, by_year=axis == "Year", summed=summed),
        width=_WIDTH,
        height=_HEIGHT,
        baseline=baseline,
        label_y=_HEIGHT - 6,
        bars=bars,
        axis=axis,
        noun=noun.capitalize() + "s",
    )


def grid_chart(
    chart_id: str, title: str, rows: list[tuple[str, list[tuple[str, int]]]], noun: str = "statement"
) -> Grid | None:
    """A shaded cell per (row, column): rows of counts over the same columns (e.g. themes by year)."""
    rows = [(label, counts) for label, counts in rows if any(value for _, value in counts)]
    if not rows:
        return None
    columns = [label for label, _ in rows[0][1]]
    top = max(value for _, counts in rows for _, value in counts)
    step = _WIDTH / len(columns)
    width = min(_BAR_WIDTH, max(step - 1, step * 0.8))
    cells, drawn = [], []
    for number, (label, counts) in enumerate(rows):
        y = number * _GRID_ROW
        values = [value for _, value in counts]
        drawn.append(Row(label=label, y=y + _GRID_LABEL_LINE - 6, values=values))
        for column, (year, value) in enumerate(counts):
            level = 0 if not value else 1 + min(3, int(4 * value / (top + 1)))
            cells.append(
                Cell(
                    x=round(column * step, 2),
                    y=y + _GRID_LABEL_LINE,
                    width=round(width, 2),
                    height=_GRID_CELL,
                    level=level,
                    title=f"{label}, {year}: {count(value, noun)}",
                )
            )
    height = len(rows) * _GRID_ROW + _AXIS + 8
    axis = [
        Tick(
            label=year,
            middle=round(i * step + width / 2, 2),
            labelled=_labelled(i, year, len(columns), step),
        )
        for i, year in enumerate(columns)
    ]
    most, row, column = max(
        (value, -r, -c) for r, (_, counts) in enumerate(rows) for c, (_, value) in enumerate(counts)
    )
    description = (
        f"{count(len(rows), 'row')} over {columns[0]}–{columns[-1]}, darker for more {noun}s; "
        f"the most: {rows[-row][0]}, {columns[-column]} ({count(most, noun)})."
    )
    return Grid(
        id=chart_id,
        title=title,
        description=description,
        width=_WIDTH,
        height=height,
        label_y=height - 6,
        columns=axis,
        rows=drawn,
        cells=cells,
    )


def _labelled(number: int, label: str, total: int, slot: float) -> bool:
    """Every label when each has room; else the first, the last and the round years (every 2, 5, 10 ...
    years, whichever leaves room), except those too near the first or last to be printed beside it."""
    if slot >= _LABEL_ROOM or number in (0, total - 1):
        return True
    every = next((step for step in _ROUND_STEPS if step * slot >= _LABEL_ROOM), _ROUND_STEPS[-1])
    clear = min(number, total - 1 - number) * slot >= _LABEL_ROOM
    return label.isdigit() and int(label) % every == 0 and clear


def _in_words(counts: list[tuple[str, int]], noun: str, by_year: bool, summed: bool) -> str:
    """The chart in one sentence: the total, and the span and busiest year, or each category's figure.
    Counts that do not add up (one speaker speaks in many years) give no total."""
    label, most = max(counts, key=lambda item: item[1])
    total = sum(value for _, value in counts)
    if not summed:
        return f"{counts[0][0]} to {counts[-1][0]}: the most {noun}s in {label} ({most})."
    if by_year:
        return f"{count(total, noun)}, {counts[0][0]} to {counts[-1][0]}; the most in {label} ({most})."
    return f"{count(total, noun)}: " + ", ".join(f"{label} {value}" for label, value in counts) + "."
