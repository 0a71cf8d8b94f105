"""Checking a built site: HTML parse errors, links that lead nowhere, unreachable pages.

HTML is checked with html5lib, which implements the HTML standard's parsing algorithm and
reports every parse error with line and column (its "strict" mode, collecting all errors
instead of stopping at the first). Links are resolved as a static web server would.
"""

from __future__ import annotations

import posixpath
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib

from r2p_archive.search.pagefind import bundle_problems

_NS = "{http://www.w3.org/1999/xhtml}"
_LINKING = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))
SKIPPED_LINK_PREFIXES = ("pagefind/",)  # written by Pagefind, checked as a bundle (``bundle_problems``)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        return f"{self.path}{line}: {self.message}"


def parse(data: bytes):
    """Parse like a browser; returns the tree and html5lib's (position, code, details) errors."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=True)
    tree = parser.parse(data)
    return tree, parser.errors


def links(tree) -> list[str]:
    """Every address a page points at: hrefs, srcs and form actions."""
    return [e.get(attr) for tag, attr in _LINKING for e in tree.iter(f"{_NS}{tag}") if e.get(attr) is not None]


def resolve(page: str, href: str) -> tuple[str, str] | None:
    """The output file and fragment an internal link leads to; None for an external link.

    ``page`` is the linking page's output path; a link to a folder means its index.html."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    base = "" if path.startswith("/") else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if target == ".":
        target = "index.html"
    elif path.endswith("/"):
        target = posixpath.join(target, "index.html")
    return target, parts.fragment


def check_site(site: Path, *, index_built: bool = True) -> list[Problem]:
    """Every problem of a built site, in a stable order.

    ``index_built=False`` checks pages rendered without the search step (links into
    ``pagefind/`` are then not followed)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    pages = [p for p in pages if not p.startswith(SKIPPED_LINK_PREFIXES)]
    problems: list[Problem] = []
    graph: dict[str, set[str]] = {}
    anchors: dict[str, set[str]] = {}
    trees = {}
    for page in pages:
        tree, errors = parse((site / page).read_bytes())
        trees[page] = tree
        anchors[page] = {e.get("id") for e in tree.iter() if e.get("id")}
        for (line, _column), code, details in errors:
            problems.append(Problem(page, line, f"invalid HTML: {code} {details or ''}".strip()))
    for page in pages:
        graph[page] = set()
        for href in links(trees[page]):
            target = resolve(page, href)
            if target is None:
                if not href.startswith(("mailto:", "https://", "http://")):
                    problems.append(Problem(page, None, f"unsafe or unknown link scheme: {href!r}"))
                continue
            path, fragment = target
            if path.startswith(("../", "/")) or path == "..":
                problems.append(Problem(page, None, f"link leaves the site: {href!r}"))
                continue
            if path.startswith(SKIPPED_LINK_PREFIXES):
                if index_built and not (site / path).is_file():
                    problems.append(Problem(page, None, f"search asset missing: {href!r}"))
                continue
            if not (site / path).is_file():
                problems.append(Problem(page, None, f"broken link: {href!r}"))
                continue
            if fragment and path in anchors and fragment not in anchors[path]:
                problems.append(Problem(page, None, f"broken anchor: {href!r}"))
            if path.endswith(".html"):
                graph[page].add(path)
    reachable = _reachable(graph, "index.html")
    for page in pages:
        if page not in reachable and page != "404.html":
            problems.append(Problem(page, None, "page not reachable from the home page"))
    if index_built:
        problems += [Problem("pagefind/", None, f"search index: {text}") for text in bundle_problems(site / "pagefind")]
    return list(dict.fromkeys(problems))


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen
