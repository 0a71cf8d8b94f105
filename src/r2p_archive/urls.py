"""Where every page of the site lives: the one place a site path is made.

Site paths are relative to the site root and name a folder ("events/<id>/", served from its
``index.html``), so the site works from any folder of any server. Absolute addresses are these
paths behind a base URL, and only canonical links, JSON-LD ids, the sitemap and the feed use them.
"""

from __future__ import annotations

# The record folders, which are also the names of the record kinds in data/archive.json.
SOURCES, EVENTS, PEOPLE, THEMES, STATEMENTS = "sources", "events", "people", "themes", "statements"
SERIES = "series"  # recurring meetings: the General Debate, the annual dialogues
UNNAMED = "unnamed"  # the words of speakers a source does not name, by the description it gives ("one minister")
SEARCH = "search"
DATA = "data"  # the data page and the export files beside it


def data_file(name: str) -> str:
    """An export file ("data/archive.json"), served beside the data page."""
    return f"{DATA}/{name}"


def index(folder: str) -> str:
    """The listing of one kind of record ("events/")."""
    return f"{folder}/"


def record(folder: str, record_id: str) -> str:
    """A record's page ("events/<id>/")."""
    return f"{folder}/{record_id}/"


def paragraph(source_id: str, number: int) -> str:
    """A numbered paragraph of a source's page."""
    return f"{record(SOURCES, source_id)}#p{number}"


def paged(url: str, number: int) -> str:
    """Page ``number`` of a listing that starts at ``url``: page 1 is the listing itself."""
    return url if number == 1 else f"{url}page/{number}/"


def file_of(url: str) -> str:
    """The output file that serves a site path."""
    return f"{url}index.html"


def url_of_file(path: str) -> str:
    """The site path an output file serves."""
    return path.removesuffix("index.html")


def root_of(path: str) -> str:
    """The relative prefix that leads from the page at output ``path`` back to the site root."""
    return "../" * path.count("/")


def wikidata(item_id: str) -> str:
    """A Wikidata item's page, the one address outside the site that records link to."""
    return f"https://www.wikidata.org/wiki/{item_id}"


SEARCH_INDEX = "search-index"  # the statements' own word index, read by the search page


def search_index_file(name: str) -> str:
    """A file of the word index ("search-index/meta.gzjson", "search-index/w/prevent.gzbin")."""
    return f"{SEARCH_INDEX}/{name}"
