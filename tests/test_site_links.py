"""Every link of the generated site leads somewhere, and every page can be reached from the home page."""

from __future__ import annotations

from pathlib import Path

import pytest

from htmlcheck import elements, html_pages, ids, links, parse, resolve
from r2p_archive.verify import check_site


@pytest.fixture(params=["sample_site", "content_site"])
def site(request) -> Path:
    return request.getfixturevalue(request.param)


def test_every_internal_link_resolves_and_every_page_is_reachable(site: Path):
    """The same checker `r2p-archive check` runs: files, anchors, reachability from the home page, valid HTML."""
    problems = check_site(site, index_built=False)
    assert not problems, "\n".join(map(str, problems))


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
        assert (sample_site / target).is_file(), href


def test_long_listings_are_paged_and_every_page_is_linked(content_archive, templates, tmp_path, monkeypatch):
    from conftest import site_files, write_files
    from r2p_archive.site import frame

    monkeypatch.setattr(frame, "LISTING_PAGE_SIZE", 3)
    folder = write_files(site_files(content_archive, templates), tmp_path / "paged")
    assert (folder / "themes" / "prevention" / "page" / "2" / "index.html").is_file()
    assert (folder / "people" / "ban-ki-moon" / "page" / "2" / "index.html").is_file()
    second = (folder / "themes" / "prevention" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert 'rel="prev"' in second and "data-pagefind-body" not in second
    problems = check_site(folder, index_built=False)
    assert not problems, "\n".join(map(str, problems))
