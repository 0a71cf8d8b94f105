"""Machine-readable companions of the site: sitemap.xml, an Atom feed of events, robots.txt.

All three are byte-for-byte deterministic: no build timestamps, so an unchanged archive
rebuilds to an unchanged site and feed readers do not see phantom updates.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

_ATOM = "http://www.w3.org/2005/Atom"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000  # URLs one sitemap file may list (the sitemap protocol)

# A tag URI (RFC 4151) names an entry independently of where the site is hosted, so moving the
# site to another address does not make every feed reader show every event again.
TAG_PREFIX = "tag:r2p-archive,2005:"


@dataclass(frozen=True)
class FeedEntry:
    """One event as the feed shows it; ``path`` is the page's site path ("events/x/")."""

    key: str
    title: str
    day: date
    path: str
    summary: str


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _address(path: str, base_url: str | None) -> str:
    return f"{base_url}{path}" if base_url else path


def sitemaps(paths: Iterable[str], base_url: str | None) -> dict[str, bytes]:
    """sitemap.xml listing every page, or, past the protocol's 50,000 URLs a file, an index of
    sitemap-1.xml, sitemap-2.xml ... beside it (a sitemap may list only what is in or below its
    folder, so the parts stay at the root). The protocol wants absolute URLs, which only
    ``base_url`` can give; without it the locations are relative to the sitemap itself, which still
    serves mirrors and link checkers, and robots.txt then does not advertise the sitemap to crawlers.
    Written as text, not through ElementTree: a large archive has hundreds of thousands of pages."""
    ordered = sorted(paths)
    if len(ordered) <= SITEMAP_LIMIT:
        return {"sitemap.xml": _listing("urlset", "url", ordered, base_url)}
    parts = {
        f"sitemap-{number}.xml": _listing("urlset", "url", ordered[start : start + SITEMAP_LIMIT], base_url)
        for number, start in enumerate(range(0, len(ordered), SITEMAP_LIMIT), start=1)
    }
    return {"sitemap.xml": _listing("sitemapindex", "sitemap", list(parts), base_url), **parts}


def _listing(root: str, item: str, paths: list[str], base_url: str | None) -> bytes:
    """A sitemap (or sitemap index) as ElementTree would indent it."""
    locs = (escape(_address(path, base_url)) for path in paths)
    items = "".join(f"  <{item}>\n    {f'<loc>{loc}</loc>' if loc else '<loc />'}\n  </{item}>\n" for loc in locs)
    head = f"<?xml version='1.0' encoding='utf-8'?>\n<{root} xmlns=\"{_SITEMAP}\">"
    return (f"{head}\n{items}</{root}>\n" if paths else f"{head[:-1]} />\n").encode()


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(title: str, entries: Iterable[FeedEntry], base_url: str | None) -> bytes:
    """Newest events first. ``updated`` is the latest event's date, not the build time, to stay deterministic."""
    ordered = sorted(entries, key=lambda e: (e.day, e.key), reverse=True)
    ET.register_namespace("", _ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attributes)
        element.text = text
        return element

    feed = ET.Element(f"{{{_ATOM}}}feed")
    sub(feed, "title", title)
    sub(feed, "id", f"{TAG_PREFIX}feed")
    sub(feed, "updated", _stamp(ordered[0].day if ordered else date(2005, 1, 1)))
    sub(sub(feed, "author"), "name", title)
    sub(feed, "link", rel="alternate", type="text/html", href=_address("", base_url) or "./")
    if base_url:
        sub(feed, "link", rel="self", type="application/atom+xml", href=_address("feed.xml", base_url))
    for entry in ordered:
        item = sub(feed, "entry")
        sub(item, "title", entry.title)
        sub(item, "id", f"{TAG_PREFIX}{entry.key}")
        sub(item, "updated", _stamp(entry.day))
        sub(item, "link", rel="alternate", type="text/html", href=_address(entry.path, base_url))
        sub(item, "summary", entry.summary)
    return _xml(feed)


def robots(base_url: str | None) -> bytes:
    """Allow everything; point at the sitemap only when its URLs are absolute."""
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode()
