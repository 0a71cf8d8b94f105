"""What every page shares (its frame), what a page is, and how long listings are paged."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from r2p_archive import jsonld, urls
from r2p_archive.site.lookups import Lookups

SITE_NAME = "R2P Archive"
SITE_TAGLINE = "The Responsibility to Protect in the words of those who spoke"
LISTING_PAGE_SIZE = 200  # statements per page of a person's or a theme's listing


@dataclass(frozen=True)
class Page:
    path: str  # the output file, relative to the site root
    template: str
    context: Mapping[str, Any]  # one of the page kinds' TypedDicts (each extends Frame)


class Crumb(TypedDict):
    href: str
    label: str


class RecordData(TypedDict):
    """Where a record page's record is as data: its row of a CSV (by id) and the whole archive."""

    id: str
    table: str  # "statements.csv"
    table_href: str  # the table's description on the data page
    archive_href: str


class Frame(TypedDict):
    """What base.html reads on every page."""

    record_type: str | None
    root: str
    title: str
    description: str
    canonical: str | None
    jsonld: str | None
    section: str | None
    record: bool
    crumbs: list[Crumb]
    site_name: str
    tagline: str
    record_data: RecordData | None  # record pages only


class PageLink(TypedDict):
    number: int
    href: str
    current: bool


class Pagination(TypedDict):
    number: int
    count: int
    previous: str | None
    next: str | None
    pages: list[PageLink]


Builder = Callable[..., Page | Iterator[Page]]  # (site) for a listing, (site, record) for a record's page(s)


def frame(
    site: Lookups,
    path: str,
    title: str,
    description: str,
    *,
    section: str | None,
    record_type: str | None = None,
    data: dict[str, Any] | None = None,
    crumbs: tuple[tuple[str, str], ...] = (),
) -> Frame:
    """What every page shares: its way back to the root, title, description, canonical link and JSON-LD.

    Record pages (those with a ``record_type``) mark their section link as the current section
    rather than the current page (``aria-current``)."""
    return {
        "record_type": record_type,
        "root": urls.root_of(path),
        "title": title,
        "description": description,
        "canonical": site.url(urls.url_of_file(path)),
        "jsonld": jsonld.script_json(data) if data else None,
        "section": section,
        "record": record_type is not None,
        "crumbs": [{"href": href, "label": label} for href, label in crumbs],
        "site_name": SITE_NAME,
        "tagline": SITE_TAGLINE,
        "record_data": _record_data(path) if record_type else None,
    }


def _record_data(path: str) -> RecordData:
    """A record page's path is ``<kind>/<id>/...``, and its kind's export table is ``<kind>.csv``."""
    kind, record_id = path.split("/")[:2]
    return {
        "id": record_id,
        "table": f"{kind}.csv",
        "table_href": f"{urls.index(urls.DATA)}#{kind}-csv",
        "archive_href": urls.data_file("archive.json"),
    }


@dataclass(frozen=True)
class ListingPage:
    """Page ``number`` of a record's long listing. Each page is a recipe of its own and takes only its
    slice of the list, so a changed statement rebuilds the page that shows it, not the whole listing."""

    record: Any  # a record with an ``id``: a theme, a person
    number: int

    @property
    def id(self) -> str:
        return f"{self.record.id}/{self.number}"


def listing_pages(records: Iterable[Any], length: Callable[[Any], int]) -> list[ListingPage]:
    """Every page of every record's listing, given how many items each record lists."""
    return [ListingPage(record, number) for record in records for number in range(1, page_count(length(record)) + 1)]


def page_count(length: int) -> int:
    return max(1, -(-length // LISTING_PAGE_SIZE))


def page_items(items: Sequence, number: int) -> list:
    """The items page ``number`` of a listing shows (a slice: see ``reads``)."""
    return list(items[(number - 1) * LISTING_PAGE_SIZE : number * LISTING_PAGE_SIZE])


def paged_path(url: str, number: int) -> str:
    """Output file of page ``number`` of the listing at site path ``url``."""
    return urls.file_of(urls.paged(url, number))


def pagination(url: str, number: int, count: int) -> Pagination | None:
    """Links between the pages of one listing (hrefs from the site root)."""
    if count == 1:
        return None
    return {
        "number": number,
        "count": count,
        "previous": urls.paged(url, number - 1) if number > 1 else None,
        "next": urls.paged(url, number + 1) if number < count else None,
        "pages": [{"number": n, "href": urls.paged(url, n), "current": n == number} for n in range(1, count + 1)],
    }


def paged_frame(site: Lookups, url: str, number: int, title: str, description: str, **shared: Any) -> Frame:
    """Page 1 is the record page (indexed, with JSON-LD); later pages only continue its listing."""
    if number > 1:
        title, description = f"{title}, page {number}", f"{description} Page {number}."
        shared = {**shared, "data": None, "record_type": None}
    return frame(site, paged_path(url, number), title, description, **shared)


@dataclass(frozen=True)
class PageKind:
    """One kind of page, described once: where it lives, how the navigation names it, how its
    pages are built, and what its records are called. Each page module declares its own."""

    folder: str  # its site folder (urls.EVENTS); "" for pages at the root
    label: str  # its name in the main navigation and breadcrumbs
    nav_position: int | None = None  # its place in the main navigation, if it is there
    record_type: str | None = None  # what its record pages show (schema.org's name for it)
    index: Callable[[Lookups], Page] | None = None  # its listing, or a single page such as home
    page: Builder | None = None  # the page(s) of one record
    records: Callable[[Lookups], Any] = lambda site: ()  # the records that get a page, in order
    after_downloads: bool = False  # its pages show the data downloads' sizes: made once they are written

    @property
    def crumb(self) -> tuple[str, str]:
        return (urls.index(self.folder), self.label)
