"""Pages that show no record: the search page and the page for a missing address."""

from __future__ import annotations

from r2p_archive import urls
from r2p_archive.site.frame import Page, PageKind, frame
from r2p_archive.site.lookups import Lookups


def search_page(site: Lookups) -> Page:
    """Pagefind's UI over the index written beside the site; the query lives in the URL (?q=...)."""
    context = frame(
        site,
        urls.file_of(urls.index(urls.SEARCH)),
        "Search",
        "Search the statements, events, people, themes and sources of the archive.",
        section="search",
    )
    context["sort_options"] = [("", "Relevance"), ("date-desc", "Newest first"), ("date-asc", "Oldest first")]
    return Page(urls.file_of(urls.index(urls.SEARCH)), "search.html", context)


def not_found_page(site: Lookups) -> Page:
    """Served for any missing address, at any depth, so its links cannot be relative: they use the base URL
    when there is one, and otherwise assume the site is served from the root of its host."""
    context = frame(site, "404.html", "Page not found", "This address is not part of the archive.", section=None)
    context["root"] = site.base_url or "/"
    return Page("404.html", "404.html", context)


SEARCH = PageKind(folder=urls.SEARCH, label="Search", nav_position=6, index=search_page)
NOT_FOUND = PageKind(folder="", label="Page not found", index=not_found_page)
