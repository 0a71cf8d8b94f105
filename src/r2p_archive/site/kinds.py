"""Every kind of page, in the order the site lists them: the one table a new kind is added to.

Each kind's descriptor (``PageKind``) lives in its own module beside its builders; this table is
what the rendering, the sitemap and the main navigation read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from r2p_archive.site import data, events, home, people, series, sources, statements, themes, unnamed, utility
from r2p_archive.site.frame import Builder, Page, PageKind
from r2p_archive.site.lookups import Lookups

KINDS: tuple[PageKind, ...] = (
    home.KIND,
    utility.SEARCH,
    events.KIND,
    series.KIND,
    people.KIND,
    unnamed.KIND,
    themes.KIND,
    sources.KIND,
    data.KIND,
    statements.KIND,
    utility.NOT_FOUND,
)
NAV: tuple[tuple[str, str], ...] = tuple(
    (kind.folder, kind.label) for kind in sorted(KINDS, key=lambda k: k.nav_position or 0) if kind.nav_position
)

Recipe = tuple[Builder, Any]  # a page builder and its record (None for a listing)


def page_recipes(site: Lookups) -> tuple[list[Recipe], list[Recipe]]:
    """Every page of the site as a (builder, record) pair, cheap to list: those that can be made at
    once, then those made after the data downloads are written (``PageKind.after_downloads``).
    Contexts are built where they are rendered, in the workers on a large archive, so no process
    holds every page at once."""
    now: list[Recipe] = []
    later: list[Recipe] = []
    for kind in KINDS:
        recipes = later if kind.after_downloads else now
        if kind.index:
            recipes.append((kind.index, None))
        if kind.page:
            recipes += [(kind.page, record) for record in kind.records(site)]
    return now, later


def recipe_pages(site: Lookups, recipe: Recipe) -> Iterator[Page]:
    """The page (or pages, for a paged listing) one recipe makes."""
    builder, record = recipe
    made = builder(site) if record is None else builder(site, record)
    yield from [made] if isinstance(made, Page) else made
