"""Every link of the generated site leads somewhere, and every page can be reached from the home page."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from htmlcheck import elements, html_pages, ids, links, parse, resolve

# The search page is built by the search step, not by render_site; links to it are checked only when it exists.
SEARCH_PAGE = "search/index.html"


@pytest.fixture(params=["sample_site", "content_site"])
def site(request) -> Path:
    return request.getfixturevalue(request.param)


def _targets(folder: Path, page: str) -> list[tuple[str, str, str]]:
    """(href, target file, fragment) for each internal link of one page."""
    found = []
    for href in links(parse(folder / page)):
        resolved = resolve(page, href)
        if resolved:
            found.append((href, *resolved))
    return found


def test_every_internal_link_resolves_to_a_file_and_anchor(site: Path):
    anchors = {page: set(ids(parse(site / page))) for page in html_pages(site)}
    broken = []
    for page in anchors:
        for href, target, fragment in _targets(site, page):
            if target == SEARCH_PAGE and not (site / SEARCH_PAGE).exists():
                continue
            if not (site / target).is_file():
                broken.append(f"{page}: {href} -> missing {target}")
            elif fragment and fragment not in anchors.get(target, set()):
                broken.append(f"{page}: {href} -> no id {fragment!r} in {target}")
    assert not broken, "\n".join(broken)


def test_every_page_is_reachable_from_home(site: Path):
    seen, queue = {"index.html"}, deque(["index.html"])
    while queue:
        page = queue.popleft()
        for _, target, _ in _targets(site, page):
            if target.endswith(".html") and target not in seen and (site / target).is_file():
                seen.add(target)
                queue.append(target)
    orphans = set(html_pages(site)) - seen - {"404.html"}
    assert not orphans, f"pages no link leads to: {sorted(orphans)}"


def test_links_are_relative_so_the_site_works_from_any_folder(site: Path):
    for page in html_pages(site):
        if page == "404.html":
            continue
        for href in links(parse(site / page)):
            assert not href.startswith("/"), f"{page}: root-absolute link {href}"


def test_ids_are_unique_and_each_page_has_one_h1(site: Path):
    for page in html_pages(site):
        tree = parse(site / page)
        page_ids = ids(tree)
        assert len(page_ids) == len(set(page_ids)), f"{page}: duplicate ids"
        assert len(list(elements(tree, "h1"))) == 1, f"{page}: expected exactly one h1"


def test_the_not_found_page_links_from_the_site_root(sample_site: Path):
    """404.html is served at any depth, so its links start at the root rather than at the page."""
    for href in links(parse(sample_site / "404.html")):
        assert href.startswith(("/", "#")), href
        target, _ = resolve("404.html", href)
        assert target == SEARCH_PAGE or (sample_site / target).is_file(), href
