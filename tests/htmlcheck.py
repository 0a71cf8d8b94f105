"""Reading generated pages the way a browser would (html5lib), for the site tests."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib

_NS = "{http://www.w3.org/1999/xhtml}"
_LINKING = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))


def parse(path: Path):
    """Parse with html5lib, the HTML standard's own parsing algorithm, so the tests see what browsers see."""
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=True)


def elements(tree, tag: str):
    return tree.iter(f"{_NS}{tag}")


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def ids(tree) -> list[str]:
    return [e.get("id") for e in tree.iter() if e.get("id")]


def links(tree) -> list[str]:
    """Every address a page points at: hrefs, srcs and form actions."""
    return [e.get(attr) for tag, attr in _LINKING for e in elements(tree, tag) if e.get(attr) is not None]


def json_ld(tree) -> list[dict]:
    return [json.loads(s.text) for s in elements(tree, "script") if s.get("type") == "application/ld+json"]


def resolve(page: str, href: str) -> tuple[str, str] | None:
    """The output file and fragment an internal link leads to, or None for an external link.

    ``page`` is the linking page's output path ("events/x/index.html"); a link to a folder means
    its index.html, as a web server would serve it; a root-absolute link ("/x/") starts at the root."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    base = "" if path.startswith("/") else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, parts.fragment


def html_pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
