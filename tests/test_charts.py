"""Pictures of counts: static SVG whose shapes follow the figures, named and described, seen in Chromium."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

from r2p_archive.site.charts import _LABEL_ROOM, bar_chart, grid_chart, speakers_per_year, years
from r2p_archive.site.lookups import ALL_STATEMENTS, Lookups, speaker_years, theme_years


def test_bars_are_scaled_to_the_largest_and_a_gap_year_is_an_empty_slot():
    chart = bar_chart("c", "Statements per year", [("2005", 42), ("2006", 0), ("2007", 21)])
    assert chart is not None
    heights = [bar["height"] for bar in chart["bars"]]
    assert heights[1] == 0 and heights[0] == 2 * heights[2] > 0
    assert all(bar["y"] + bar["height"] == chart["baseline"] for bar in chart["bars"]), "bars stand on the axis"
    assert chart["description"] == "63 statements, 2005 to 2007; the most in 2005 (42)."
    assert [bar["title"] for bar in chart["bars"]][:2] == ["2005: 42 statements", "2006: 0 statements"]


def test_nothing_to_compare_is_no_chart():
    assert bar_chart("c", "Empty", []) is None
    assert bar_chart("c", "Zeros", [("2005", 0), ("2006", 0)]) is None
    assert bar_chart("c", "Where", [("New York", 3)], axis="Place") is None, "one bar compares nothing"
    assert bar_chart("c", "When", [("2011", 3)]) is None


def test_long_spans_label_only_some_years():
    chart = bar_chart("c", "Per year", [(str(year), 1) for year in range(1946, 2025)])
    assert chart is not None
    labelled = [bar["label"] for bar in chart["bars"] if bar["labelled"]]
    assert labelled[0] == "1946" and labelled[-1] == "2024" and "1960" in labelled and len(labelled) < 20
    shifted = bar_chart("c", "Per year", [(str(year), 1) for year in range(1953, 2025)])
    assert shifted is not None
    assert [b["label"] for b in shifted["bars"] if b["labelled"]][:2] == ["1953", "1970"], "1960 would overprint 1953"


def test_printed_year_labels_never_overprint_each_other_on_any_span():
    for first in (1946, 1953, 2001):
        for span in range(2, 80):
            counts = [(str(year), 1) for year in range(first, first + span)]
            bars, grid = bar_chart("c", "Per year", counts), grid_chart("g", "Grid", [("A", counts)])
            assert bars is not None and grid is not None
            for places in (
                [bar["middle"] for bar in bars["bars"] if bar["labelled"]],
                [tick["middle"] for tick in grid["columns"] if tick["labelled"]],
            ):
                assert places[0] == min(places) and len(places) >= min(span, 2), "first and last are printed"
                assert all(b - a >= _LABEL_ROOM - 0.1 for a, b in itertools.pairwise(places)), (first, span, places)


def test_a_grid_shades_each_cell_by_its_count_and_drops_empty_rows():
    grid = grid_chart(
        "g",
        "By theme",
        [("A", [("2005", 0), ("2006", 8)]), ("B", [("2005", 1), ("2006", 0)]), ("C", [("2005", 0), ("2006", 0)])],
    )
    assert grid is not None
    assert [row["label"] for row in grid["rows"]] == ["A", "B"]
    assert [cell["level"] for cell in grid["cells"]] == [0, 4, 1, 0]
    assert all(cell["width"] > 0 and cell["height"] > 0 for cell in grid["cells"])
    assert grid["cells"][1]["title"] == "A, 2006: 8 statements"


def test_years_run_from_the_first_to_the_last(content_archive):
    site = Lookups(content_archive).computed()
    counted = years(site, ALL_STATEMENTS)
    assert [year for year, _ in counted] == [str(y) for y in range(int(counted[0][0]), int(counted[-1][0]) + 1)]
    assert sum(n for _, n in counted) == sum(1 for s in content_archive.statements if site.day_of(s))


def test_counts_per_year_of_a_theme_and_a_speaker_are_their_statements(content_archive):
    """The charts read counts made once (``Lookups.per_year``): each equals its own statements' years."""
    site = Lookups(content_archive).computed()
    groups = {theme_years(key): said for key, said in site.by_theme.items()}
    groups |= {speaker_years(key): said for key, said in site.by_speaker.items()}
    assert len(groups) > 10
    for key, said in groups.items():
        spoken = Counter(str(day.year) for day in map(site.day_of, said) if day)
        assert {year: n for year, n in years(site, key) if n} == spoken, key
    assert years(site, theme_years("no-such-theme")) == []


def test_charts_render_with_their_names_and_figures_in_chromium(chromium, serve, sample_site: Path):
    base = serve(sample_site)
    for path, expected in (("events/", 1), ("themes/", 1), ("themes/prevention/", 2), ("people/ban-ki-moon/", 0)):
        page = chromium.new_page()
        page.goto(base + path)
        figures = page.locator("figure.chart")
        assert figures.count() == expected, path
        for number in range(expected):
            figure = figures.nth(number)
            svg = figure.locator("svg")
            box = svg.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 50, f"{path}: the picture is drawn"
            name = page.evaluate(
                "el => document.getElementById(el.getAttribute('aria-labelledby')).textContent", svg.element_handle()
            )
            caption = figure.locator("figcaption").inner_text()
            assert name.strip() == caption.strip() and ("statement" in caption or "speaker" in caption)
            shapes = svg.locator("rect.bar, rect.cell").count()
            rows = figure.locator("details tbody tr").count()
            assert shapes and rows, f"{path}: shapes and their figures"
            assert figure.locator("details").get_attribute("open") is None, "the table waits to be opened"
        page.close()


def test_categories_are_said_one_by_one():
    chart = bar_chart("c", "Who spoke", [("People", 46), ("Unnamed", 4)], axis="Speakers")
    assert chart is not None and chart["description"] == "50 statements: People 46, Unnamed 4."


def test_speakers_are_counted_once_a_year_named_or_not(content_archive):
    from dataclasses import replace

    site = Lookups(content_archive).computed()
    first = content_archive.statements[0]
    again = replace(first, id="again")
    unnamed = replace(first, id="unnamed", speaker=None, speaker_label="Several delegations")
    counted = dict(
        speakers_per_year(
            [first, again, unnamed], Lookups(replace(content_archive, statements=(first, again, unnamed))).computed()
        )
    )
    assert counted == {str(site.day_of(first).year): 2}


PHONE = {"width": 390, "height": 844}
_LABEL_SIZES = """() => [...document.querySelectorAll('figure.chart svg text')]
  .map(text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""


def test_every_chart_label_is_at_least_12_px_on_a_phone(chromium, serve, sample_site: Path):
    base = serve(sample_site)
    page = chromium.new_page(viewport=PHONE)
    seen = 0
    for path in ("events/", "themes/", "themes/prevention/", "events/fifth-ministerial-meeting-2012/"):
        page.goto(base + path)
        sizes = page.evaluate(_LABEL_SIZES)
        assert sizes and min(sizes) >= 12, (path, min(sizes or [0]))
        seen += len(sizes)
    page.close()
    assert seen > 10


def test_a_grid_of_many_years_is_drawn_as_strips_with_legible_row_labels():
    counts = [(str(year), year % 3) for year in range(1946, 2025)]
    grid = grid_chart(
        "g", "Themes by year", [("The responsibility to protect, by name", counts), ("Prevention", counts)]
    )
    assert grid is not None
    widths = {cell["width"] for cell in grid["cells"]}
    assert min(widths) >= 6, "a cell is a strip of its year's width, not a dot"
    assert all(row["y"] < cell["y"] for row, cell in zip(grid["rows"], grid["cells"][:: len(counts)], strict=True))
