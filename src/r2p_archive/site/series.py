"""A recurring meeting's page: its meetings, who spoke at them year by year and on what, and who
was heard most often (for the General Debate: the states that took R2P up, session by session)."""

from __future__ import annotations

from collections import Counter
from typing import TypedDict

from r2p_archive import jsonld, urls
from r2p_archive.records import Series, Statement
from r2p_archive.site import events as event_pages
from r2p_archive.site.charts import (
    Chart,
    Grid,
    bar_chart,
    grid_chart,
    over,
    speaker_keys,
    speakers_per_year,
    speakers_per_year_by_theme,
)
from r2p_archive.site.frame import Frame, Page, PageKind, frame
from r2p_archive.site.links import (
    EventSummary,
    SeriesLink,
    SpeakerLink,
    count,
    event_summary,
    series_link,
    speaker_link,
)
from r2p_archive.site.lookups import Lookups, sort_name

REGULARS = 12  # speakers listed as heard most often


class Regular(TypedDict):
    speaker: SpeakerLink
    meetings: str  # "12 meetings"
    span: str  # "2005–2024"


class SeriesContext(Frame):
    series: SeriesLink
    meetings: list[EventSummary]
    speakers_per_year: Chart | None
    themes_by_year: Grid | None
    regulars: list[Regular]


def series_page(site: Lookups, series: Series) -> Page:
    path = urls.file_of(urls.record(urls.SERIES, series.id))
    events = [site.events[e] for e in series.events]
    said = [s for e in events for s in site.by_event.get(e.id, [])]
    speakers = {who for s in said for who in speaker_keys(s)}
    per_year = speakers_per_year(said, site)
    link = series_link(site, series)
    context = SeriesContext(
        **frame(
            site,
            path,
            series.title,
            f"{link['meetings']}: {count(len(said), 'statement')} by {count(len(speakers), 'speaker')}.",
            section="events",
            data=jsonld.series_ld(series, events, site.url),
            record_type=KIND.record_type,
            crumbs=(event_pages.KIND.crumb,),
        ),
        series=link,
        meetings=[event_summary(site, e) for e in events],
        speakers_per_year=bar_chart("speakers-per-year", "Speakers per year", per_year, noun="speaker", summed=False),
        themes_by_year=grid_chart(
            "themes-by-year", "Speakers on each theme, per year", _themes(site, said, per_year), "speaker"
        ),
        regulars=_regulars(site, said),
    )
    return Page(path, "series.html", context)


def _themes(
    site: Lookups, said: list[Statement], per_year: list[tuple[str, int]]
) -> list[tuple[str, list[tuple[str, int]]]]:
    """Each theme the meetings took up: how many speakers spoke on it, year by year (over the years
    of ``per_year``, the meetings' speakers per year)."""
    span = [year for year, _ in per_year]
    by_theme = speakers_per_year_by_theme(said, site)
    taken_up = Counter(theme for s in said for theme in s.themes)
    ordered = sorted(taken_up, key=lambda t: (-taken_up[t], t))
    return [(site.themes[theme].label, over(span, by_theme.get(theme, []))) for theme in ordered]


def _regulars(site: Lookups, said: list[Statement]) -> list[Regular]:
    """The named speakers heard at the most meetings (at least two), with the years they were heard."""
    years: dict[str, set[int]] = {}
    meetings: dict[str, set[str]] = {}
    for statement in said:
        day = site.day_of(statement)
        if not (statement.event and day):
            continue
        for speaker in statement.speakers:
            if speaker in site.speakers:
                meetings.setdefault(speaker, set()).add(statement.event)
                years.setdefault(speaker, set()).add(day.year)
    ranked = sorted(
        (speaker for speaker, heard in meetings.items() if len(heard) > 1),
        key=lambda speaker: (-len(meetings[speaker]), sort_name(site.speakers[speaker].name), speaker),
    )
    return [
        Regular(
            speaker=speaker_link(site, speaker),
            meetings=count(len(meetings[speaker]), "meeting"),
            span=f"{min(years[speaker])}–{max(years[speaker])}",
        )
        for speaker in ranked[:REGULARS]
    ]


KIND = PageKind(
    folder=urls.SERIES,
    label="Series",
    record_type="EventSeries",
    page=series_page,
    records=lambda site: site.archive.series,
)
