"""Reading generated pages the way a browser would (html5lib), for the site tests.

Link resolution is the output checker's own (``r2p_archive.verify``), so tests and `check` agree."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib

from r2p_archive.verify import links, resolve

_NS = "{http://www.w3.org/1999/xhtml}"


def parse(path: Path):
    """Parse with html5lib, the HTML standard's own parsing algorithm, so the tests see what browsers see."""
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=True)


def elements(tree, tag: str):
    return tree.iter(f"{_NS}{tag}")


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def ids(tree) -> list[str]:
    return [e.get("id") for e in tree.iter() if e.get("id")]


def json_ld(tree) -> list[dict]:
    return [json.loads(s.text) for s in elements(tree, "script") if s.get("type") == "application/ld+json"]


def html_pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


__all__ = ["elements", "html_pages", "ids", "json_ld", "links", "parse", "resolve", "text_of"]
