"""The theme vocabulary and each theme's statements in date order."""

from __future__ import annotations

from collections.abc import Iterator

from r2p_archive import jsonld, urls
from r2p_archive.records import Theme
from r2p_archive.site import frame as paging
from r2p_archive.site.frame import Page, PageKind, chunks, frame, paged_frame, paged_path, pagination
from r2p_archive.site.links import count, statement_item, theme_link
from r2p_archive.site.lookups import Lookups, sort_name


def themes_index(site: Lookups) -> Page:
    context = frame(
        site,
        urls.file_of(urls.index(urls.THEMES)),
        "Themes",
        f"The {count(len(site.archive.themes), 'theme')} the archive's statements are filed under.",
        section="themes",
    )
    context["themes"] = [
        theme_link(t) | {"description": t.description, "count": count(len(site.by_theme.get(t.id, [])), "statement")}
        for t in sorted(site.archive.themes, key=lambda t: (sort_name(t.label), t.id))
    ]
    return Page(urls.file_of(urls.index(urls.THEMES)), "themes.html", context)


def theme_pages(site: Lookups, theme: Theme) -> Iterator[Page]:
    """A theme's statements by date; a long list continues on page/2/, page/3/ ..."""
    folder = urls.record(urls.THEMES, theme.id)
    said = site.by_theme.get(theme.id, [])
    pages = chunks(said, paging.LISTING_PAGE_SIZE)
    for number, chunk in enumerate(pages, start=1):
        context = paged_frame(
            site,
            folder,
            number,
            theme.label,
            theme.description or f"{count(len(said), 'statement')} on {theme.label.lower()}, in date order.",
            section="themes",
            data=jsonld.theme_ld(theme, site.url),
            record_type=KIND.record_type,
            crumbs=(KIND.crumb,),
        )
        context |= {
            "theme": theme_link(theme) | {"description": theme.description},
            "statements": [statement_item(site, s) for s in chunk],
            "statement_count": len(said),
            "pagination": pagination(folder, number, len(pages)),
        }
        yield Page(paged_path(folder, number), "theme.html", context)


KIND = PageKind(
    folder=urls.THEMES,
    label="Themes",
    nav_position=3,
    record_type="Theme",
    index=themes_index,
    page=theme_pages,
    records=lambda site: site.archive.themes,
)
