"""Pages that show no record: the search page and the page for a missing address."""

from __future__ import annotations

from r2p_archive import urls
from r2p_archive.site.frame import Frame, Page, PageKind, frame
from r2p_archive.site.lookups import Lookups


class SearchContext(Frame):
    sort_options: list[tuple[str, str]]  # (value in the address, label)


def search_page(site: Lookups) -> Page:
    """The search page over the index written beside the site; the query lives in the URL (?q=...)."""
    context = SearchContext(
        **frame(
            site,
            urls.file_of(urls.index(urls.SEARCH)),
            "Search",
            "Search the statements of the archive: their words, speakers, events and dates.",
            section="search",
        ),
        sort_options=[("", "Relevance"), ("date-desc", "Newest first"), ("date-asc", "Oldest first")],
    )
    return Page(urls.file_of(urls.index(urls.SEARCH)), "search.html", context)


def not_found_page(site: Lookups) -> Page:
    """Served for any missing address, at any depth, so its links cannot be relative: they use the base URL
    when there is one, and otherwise assume the site is served from the root of its host."""
    context = frame(site, "404.html", "Page not found", "This address is not part of the archive.", section=None)
    context["root"] = site.base_url or "/"
    return Page("404.html", "404.html", context)


SEARCH = PageKind(folder=urls.SEARCH, label="Search", nav_position=6, index=search_page)
NOT_FOUND = PageKind(folder="", label="Page not found", index=not_found_page)
