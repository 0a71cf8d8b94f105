"""What a researcher sees (#11): the data page and its Data Package, a statement in its paragraph with
its citations, statement cards, the people index's words for what each did, the home page's
selection and the source page's legend. Each is tested on the pages as a reader meets them."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import frictionless
import pytest

from fixtures import sample_archive
from htmlcheck import elements, parse, text_of
from loader_helpers import bundled
from r2p_archive.export import FIELDS, archive_records, exports


def _by_class(tree, tag: str, cls: str):
    return [e for e in elements(tree, tag) if cls in (e.get("class") or "").split()]


def _hrefs(tree) -> list[str]:
    return [a.get("href") for a in elements(tree, "a")]


def _section(tree, labelled_by: str):
    return next(s for s in elements(tree, "section") if s.get("aria-labelledby") == labelled_by)


def _exported(archive, folder: Path) -> Path:
    for relative, pieces in exports(archive).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(pieces), encoding="utf-8", newline="")
    return folder


# --- 1. the data page ----------------------------------------------------------------------------


def test_the_data_page_is_in_the_main_navigation_of_every_page(sample_site: Path):
    for page in ("index.html", "events/index.html", "statements/minister-no-country-immune/index.html"):
        nav = next(n for n in elements(parse(sample_site / page), "nav") if n.get("aria-label") == "Main")
        assert "Data" in [text_of(a) for a in elements(nav, "a")], page
    data = next(n for n in elements(parse(sample_site / "data/index.html"), "nav") if n.get("aria-label") == "Main")
    assert [a.get("aria-current") for a in elements(data, "a") if text_of(a) == "Data"] == ["page"]


def test_the_data_page_gives_each_file_its_true_size_count_and_fields(sample_site: Path, tmp_path: Path):
    archive = sample_archive()
    written = _exported(archive, tmp_path)
    tree = parse(sample_site / "data/index.html")
    files = {a.get("href"): text_of(li) for li in elements(_section(tree, "files"), "li") for a in list(li)[:1]}
    assert sorted(files) == sorted(f"../{relative}" for relative in exports(archive))
    for href, text in files.items():
        size = (written / href.removeprefix("../")).stat().st_size
        shown = f"{size} bytes" if size < 1000 else f"{size / 1000:.1f} kB"
        assert shown in text, href
    assert "9 statements" in files["../data/statements.csv"]
    assert "3 sources" in files["../data/sources.csv"]
    assert "9 statements" in files["../data/archive.json"] and "2 events" in files["../data/archive.json"]
    for kind, made in archive_records(archive).items():
        table = _section(tree, f"{kind}-csv")
        names = [text_of(th) for th in elements(table, "th") if th.get("scope") == "row"]
        assert names == list(next(iter(made()))), kind
        assert all(text_of(td) for td in elements(table, "td")), "every field is described"
    assert "third-party texts" in text_of(_section(tree, "licence"))
    assert "9 statements from 3 sources" in text_of(_section(tree, "cite"))


def test_every_record_field_has_a_type_and_description():
    for kind, made in archive_records(bundled()).items():
        assert [name for name, _, _ in FIELDS[kind]] == list(next(iter(made()))), kind


@pytest.mark.parametrize("empty", [False, True])
def test_the_data_package_describes_every_csv_and_validates(tmp_path: Path, empty: bool):
    archive = bundled()
    if empty:
        archive = dataclasses.replace(archive, statements=(), themes=())
    folder = _exported(archive, tmp_path)
    package = json.loads((folder / "data/datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in package["resources"]) == sorted(p.name for p in (folder / "data").glob("*.csv"))
    report = frictionless.validate(folder / "data/datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    rows = frictionless.Resource(folder / "data/statements.csv").read_rows()
    assert len(rows) == len(archive.statements)
