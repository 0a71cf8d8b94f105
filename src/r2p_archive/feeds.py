"""Machine-readable companions of the site: sitemap.xml, an Atom feed of events, robots.txt.

All three are byte-for-byte deterministic: no build timestamps, so an unchanged archive
rebuilds to an unchanged site and feed readers do not see phantom updates.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_ATOM = "http://www.w3.org/2005/Atom"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"

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


def sitemap(paths: Iterable[str], base_url: str | None) -> bytes:
    """List every page. The sitemap protocol wants absolute URLs, which only ``base_url`` can give; without
    it the locations are relative to the sitemap itself, which still serves mirrors and link checkers,
    and robots.txt then does not advertise the sitemap to crawlers."""
    ET.register_namespace("", _SITEMAP)
    root = ET.Element(f"{{{_SITEMAP}}}urlset")
    for path in sorted(paths):
        url = ET.SubElement(root, f"{{{_SITEMAP}}}url")
        ET.SubElement(url, f"{{{_SITEMAP}}}loc").text = _address(path, base_url)
    return _xml(root)


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
