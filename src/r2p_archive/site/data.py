"""The data page: each export file with its size, record count and fields, how to cite the archive,
and whose texts the sources are.

File sizes are counted by streaming the exports once more, a piece at a time, without writing or
keeping them: a large archive's export is never held in memory, and the same archive always gives
the same sizes, so builds stay byte-identical. It costs one more pass over the records per render of
this page (the page is re-rendered only when a record changes)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TypedDict

from r2p_archive import urls
from r2p_archive.database import DATABASE, FTS_TOKENIZER, METADATA, metadata_yaml, write_database
from r2p_archive.export import ABOUT, FIELDS, KINDS, LIST_SEPARATOR, exports
from r2p_archive.site.frame import SITE_NAME, SITE_TAGLINE, Frame, Page, PageKind, frame
from r2p_archive.site.links import count
from r2p_archive.site.lookups import Lookups

_NOUNS = {
    "sources": "source",
    "events": "event",
    "series": "recurring meeting",
    "people": "speaker",
    "themes": "theme",
    "statements": "statement",
}


class Whole(TypedDict):
    href: str
    name: str
    size: str
    counts: list[str]  # "12 sources", ...


class Package(TypedDict):
    href: str
    name: str
    size: str


class Field(TypedDict):
    name: str
    type: str
    description: str


class Table(TypedDict):
    id: str
    href: str
    name: str
    size: str
    records: str
    about: str
    fields: list[Field]


class LeftOut(TypedDict):
    path: str
    reason: str


class DataContext(Frame):
    whole: Whole
    package: Package
    database: Package
    metadata: Package
    tokenizer: str
    tables: list[Table]
    separator: str
    citation: str
    left_out: list[LeftOut]  # source files the loader could not read and skipped: a reader knows what is missing


def file_size(n: int) -> str:
    """Sizes as people read them, in decimal units: "812 bytes", "14.2 kB", "3.1 MB"."""
    if n < 1000:
        return count(n, "byte")
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if n < scale * 1000 or unit == "GB":
            return f"{n / scale:.1f} {unit}"
    raise AssertionError("unreachable")


def export_sizes(site: Lookups) -> dict[str, int]:
    """Each export file's size in bytes (UTF-8, as build writes it): as the build wrote them, or counted
    piece by piece when the pages are rendered alone."""
    if site.export_sizes:
        return dict(site.export_sizes)
    sizes = {path: sum(len(piece.encode()) for piece in pieces) for path, pieces in exports(site.archive).items()}
    with tempfile.TemporaryDirectory() as folder:
        write_database(site.archive, Path(folder) / "archive.db")
        sizes[DATABASE] = (Path(folder) / "archive.db").stat().st_size
    sizes[METADATA] = len(metadata_yaml().encode())
    return sizes


def archive_citation(site: Lookups, statements: int, sources: int) -> str:
    address = site.base_url or "(the address where you found it)"
    return (
        f"{SITE_NAME}: {SITE_TAGLINE}. {count(statements, 'statement')} from {count(sources, 'source')}. "
        f"{address}, data at {urls.data_file('archive.json')} (accessed on the date you read it)."
    )


def data_page(site: Lookups) -> Page:
    path = urls.file_of(urls.index(urls.DATA))
    sizes = export_sizes(site)
    counts = site.record_counts
    context = DataContext(
        **frame(
            site,
            path,
            "Data",
            "The archive as data: archive.json, one CSV per kind of record, a Frictionless Data Package and "
            "a SQLite database for Datasette, with their fields, and how to cite the archive.",
            section=urls.DATA,
        ),
        whole=Whole(
            href=urls.data_file("archive.json"),
            name="archive.json",
            size=file_size(sizes[urls.data_file("archive.json")]),
            counts=[count(counts[kind], _NOUNS[kind]) for kind in KINDS],
        ),
        package=_package(urls.data_file("datapackage.json"), sizes),
        database=_package(DATABASE, sizes),
        metadata=_package(METADATA, sizes),
        tokenizer=FTS_TOKENIZER,
        tables=[_table(kind, counts[kind], sizes[urls.data_file(f"{kind}.csv")]) for kind in KINDS],
        separator=LIST_SEPARATOR,
        citation=archive_citation(site, counts["statements"], counts["sources"]),
        left_out=[LeftOut(path=path, reason=reason) for path, reason in site.skipped_files],
    )
    return Page(path, "data.html", context)


def _package(path: str, sizes: dict[str, int]) -> Package:
    return Package(href=path, name=path.rsplit("/", 1)[-1], size=file_size(sizes[path]))


def _table(kind: str, records: int, size: int) -> Table:
    return Table(
        id=f"{kind}-csv",
        href=urls.data_file(f"{kind}.csv"),
        name=f"{kind}.csv",
        size=file_size(size),
        records=count(records, _NOUNS[kind]),
        about=ABOUT[kind],
        fields=[Field(name=name, type=kind_of, description=about) for name, kind_of, about in FIELDS[kind]],
    )


KIND = PageKind(folder=urls.DATA, label="Data", nav_position=5, index=data_page, after_downloads=True)
