"""Words a document says ("the resolution stressed"): their source is the document, shown as such, never
as an unnamed person."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import site_files, write_files
from fixtures import MINISTERIAL, make_statement, sample_archive
from htmlcheck import elements, parse, text_of
from r2p_archive.export import archive_records
from r2p_archive.site.lookups import Lookups


def document_archive():
    archive = sample_archive()
    said = make_statement(
        "resolution-will-save-lives",
        MINISTERIAL,
        "will save lives",
        None,
        speaker_label="the resolution",
        by_document=True,
        event=archive.events[1].id,
    )
    return dataclasses.replace(archive, statements=(*archive.statements, said))


@pytest.fixture(scope="module")
def document_site(templates: Path, tmp_path_factory) -> Path:
    return write_files(site_files(document_archive(), templates), tmp_path_factory.mktemp("document-site"))


def test_a_documents_words_are_not_an_unnamed_speakers():
    site = Lookups(document_archive())
    assert "the resolution" not in site.anonymous, "no 'unnamed speaker' page for a document"
    record = next(
        r for r in archive_records(document_archive())["statements"]() if r["id"] == "resolution-will-save-lives"
    )
    assert (record["speaker"], record["speaker_label"], record["by_document"]) == (None, "the resolution", True)


def test_its_page_says_a_document_said_it_and_cites_no_author(document_site: Path):
    tree = parse(document_site / "statements/resolution-will-save-lives/index.html")
    caption = text_of(next(elements(tree, "figcaption")))
    assert caption.startswith("— the resolution a document")
    assert "unnamed in the source" not in text_of(next(elements(tree, "main")))
    bibtex = next(e for e in elements(tree, "pre") if "@misc" in text_of(e))
    assert "author" not in text_of(bibtex) and "the words of a document (the resolution)" in text_of(bibtex)
