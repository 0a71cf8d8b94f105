"""The theme vocabulary and each theme's statements in date order."""

from __future__ import annotations

from r2p_archive import jsonld, urls
from r2p_archive.records import Theme
from r2p_archive.site.charts import Chart, Grid, bar_chart, grid_chart, over, speakers_per_year, years
from r2p_archive.site.frame import (
    Frame,
    ListingPage,
    Page,
    PageKind,
    Pagination,
    frame,
    listing_pages,
    page_count,
    page_items,
    paged_frame,
    paged_path,
    pagination,
)
from r2p_archive.site.links import StatementItem, ThemeLink, count, statement_item, theme_link
from r2p_archive.site.lookups import ALL_STATEMENTS, Lookups, sort_name, theme_years


class ThemeEntry(ThemeLink):
    description: str | None
    count: str  # "3 statements"


class ThemesContext(Frame):
    themes: list[ThemeEntry]
    by_year: Grid | None


class ThemeContext(Frame):
    theme: ThemeEntry
    statements: list[StatementItem]
    statement_count: int
    pagination: Pagination | None
    per_year: Chart | None  # first page only
    speakers_per_year: Chart | None  # first page only: for the General Debate, the states that took it up


def themes_index(site: Lookups) -> Page:
    ordered = sorted(site.archive.themes, key=lambda t: (sort_name(t.label), t.id))
    context = ThemesContext(
        **frame(
            site,
            urls.file_of(urls.index(urls.THEMES)),
            "Themes",
            f"The {count(len(site.archive.themes), 'theme')} the archive's statements are filed under.",
            section="themes",
        ),
        themes=[_entry(site, t) for t in ordered],
        by_year=grid_chart("by-year", "Statements per year, by theme", _theme_years(site, ordered)),
    )
    return Page(urls.file_of(urls.index(urls.THEMES)), "themes.html", context)


def _theme_years(site: Lookups, themes: list[Theme]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Each theme's statements per year, over the same span of years (the whole archive's)."""
    span = [year for year, _ in years(site, ALL_STATEMENTS)]
    return [(theme.label, over(span, years(site, theme_years(theme.id)))) for theme in themes]


def _entry(site: Lookups, theme: Theme) -> ThemeEntry:
    said = count(len(site.by_theme.get(theme.id, [])), "statement")
    return ThemeEntry(**theme_link(theme), description=theme.description, count=said)


def theme_page(site: Lookups, page: ListingPage) -> Page:
    """A theme's statements by date; a long list continues on page/2/, page/3/ ..."""
    theme, number = page.record, page.number
    label = theme.label.lower()
    folder = urls.record(urls.THEMES, theme.id)
    said = site.by_theme.get(theme.id, [])
    first = number == 1
    context = ThemeContext(
        **paged_frame(
            site,
            folder,
            number,
            theme.label,
            theme.description or f"{count(len(said), 'statement')} on {label}, in date order.",
            section="themes",
            data=jsonld.theme_ld(theme, site.url),
            record_type=KIND.record_type,
            crumbs=(KIND.crumb,),
        ),
        theme=_entry(site, theme),
        statements=[statement_item(site, s) for s in page_items(said, number)],
        statement_count=len(said),
        pagination=pagination(folder, number, page_count(len(said))),
        per_year=bar_chart("per-year", f"Statements on {label} per year", years(site, theme_years(theme.id)))
        if first
        else None,
        speakers_per_year=bar_chart(
            "speakers-per-year",
            f"Speakers on {label} per year",
            speakers_per_year(said, site),
            noun="speaker",
            summed=False,
        )
        if first
        else None,
    )
    return Page(paged_path(folder, number), "theme.html", context)


KIND = PageKind(
    folder=urls.THEMES,
    label="Themes",
    nav_position=3,
    record_type="Theme",
    index=themes_index,
    page=theme_page,
    records=lambda site: listing_pages(site.archive.themes, lambda theme: len(site.by_theme.get(theme.id, []))),
)
