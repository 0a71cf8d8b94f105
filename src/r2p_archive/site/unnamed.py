"""The words of each speaker a source does not name, under the description it gives ("one of the Ministers").

A page per description, paged like a person's: at 10,000 sources the unnamed speakers said 63,000
statements, and listed on the people index they made it a 40 MB page (and 350 MiB to render)."""

from __future__ import annotations

from dataclasses import dataclass

from r2p_archive import urls
from r2p_archive.site.frame import (
    Frame,
    ListingPage,
    Page,
    PageKind,
    Pagination,
    listing_pages,
    page_count,
    page_items,
    paged_frame,
    paged_path,
    pagination,
)
from r2p_archive.site.links import EventGroup, capitalized, count, statements_by_event
from r2p_archive.site.lookups import Lookups
from r2p_archive.site.people import KIND as PEOPLE


@dataclass(frozen=True)
class Description:
    """How sources describe an unnamed speaker: ``anonymous``'s key, and the id of its page."""

    id: str
    key: str


class UnnamedContext(Frame):
    label: str  # as a heading: "The co-hosts"
    described_as: str  # as a source says it: "the co-hosts"
    statement_count: int
    by_event: list[EventGroup]
    pagination: Pagination | None
    others: str  # the people index's list of unnamed speakers


def descriptions(site: Lookups) -> list[Description]:
    return [Description(site.unnamed_ids[key], key) for key in sorted(site.anonymous)]


def unnamed_page(site: Lookups, page: ListingPage) -> Page:
    description, number = page.record, page.number
    folder = urls.record(urls.UNNAMED, description.id)
    said = site.anonymous[description.key]
    described_as = said[0].speaker_label
    label = capitalized(described_as)
    context = UnnamedContext(
        **paged_frame(
            site,
            folder,
            number,
            f"{label} (unnamed)",
            f"{count(len(said), 'statement')} by a speaker the sources do not name, only describe as “{described_as}”.",
            section="people",
            crumbs=(PEOPLE.crumb,),
        ),
        label=label,
        described_as=described_as,
        statement_count=len(said),
        by_event=statements_by_event(site, page_items(said, number)),
        pagination=pagination(folder, number, page_count(len(said))),
        others=f"{urls.index(urls.PEOPLE)}#unnamed",
    )
    return Page(paged_path(folder, number), "unnamed.html", context)


KIND = PageKind(
    folder=urls.UNNAMED,
    label="Unnamed speakers",
    page=unnamed_page,
    records=lambda site: listing_pages(descriptions(site), lambda d: len(site.anonymous[d.key])),
)
