"""One sentence, several speakers: one statement with a list of speakers, in the records, the pages and
the downloads (never a copy per speaker)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest

from conftest import site_files, write_files
from fixtures import SPEAKERS, make_source, make_statement, sample_archive
from htmlcheck import elements, json_ld, parse, text_of
from r2p_archive.export import archive_records, exports
from r2p_archive.records import Speaker
from r2p_archive.site.lookups import Lookups, joint_names

JOINT = make_source(
    "joint-press-release",
    "Joint press release on prevention",
    "press-release",
    [
        ("title", "Joint press release on prevention"),
        ("body", "Botswana, Denmark, Albania and Ruritania stressed that prevention saves lives."),
    ],
)
WORDS = "Botswana, Denmark, Albania and Ruritania stressed that prevention saves lives."
SPEAKERS_OF_IT = ("botswana", "denmark", "albania", "ruritania")


def joint_archive():
    archive = sample_archive()
    said = make_statement(
        "botswana-prevention-saves-lives",
        JOINT,
        WORDS,
        "botswana",
        kind="paraphrase",
        event=archive.events[1].id,
        also_by=SPEAKERS_OF_IT[1:],
        themes=("prevention",),
    )
    return dataclasses.replace(
        archive,
        sources=(*archive.sources, JOINT),
        speakers=(*SPEAKERS, Speaker("ruritania", "Ruritania", "state")),
        statements=(*archive.statements, said),
    )


@pytest.fixture(scope="module")
def joint_site(templates: Path, tmp_path_factory) -> Path:
    return write_files(site_files(joint_archive(), templates), tmp_path_factory.mktemp("joint-site"))


@pytest.mark.parametrize(
    ("names", "line"),
    [
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", "B", "C", "D"], "A, B, C and 1 more"),
        ([*"ABCDEFGHIJK"], "A, B, C and 8 more"),
    ],
)
def test_a_joint_statements_speakers_read_as_one_line(names, line):
    assert joint_names(names) == line


def test_the_statement_counts_once_under_each_of_its_speakers():
    site = Lookups(joint_archive())
    for speaker in SPEAKERS_OF_IT:
        assert [s.id for s in site.by_speaker[speaker] if s.source == JOINT.id] == ["botswana-prevention-saves-lives"]
    assert {"albania", "ruritania"} <= {s.id for s in site.listed}, "a joint speaker gets a page"
    assert (
        site.speaker_name(site.statements["botswana-prevention-saves-lives"]) == "Botswana, Denmark, Albania and 1 more"
    )


def test_every_page_that_lists_it_names_its_speakers(joint_site: Path):
    for page in ("people/ruritania", "people/denmark", "themes/prevention"):
        text = (joint_site / page / "index.html").read_text(encoding="utf-8")
        assert text.count("statements/botswana-prevention-saves-lives/") == 1, page
        assert "Botswana, Denmark, Albania and 1 more" in " ".join(text.split()), page


def test_its_page_lists_every_speaker_with_a_link_and_in_its_linked_data(joint_site: Path):
    tree = parse(joint_site / "statements/botswana-prevention-saves-lives/index.html")
    heading = text_of(next(elements(tree, "h1")))
    assert heading.startswith("Botswana, Denmark, Albania and 1 more")
    facts = " ".join(text_of(item) for item in next(e for e in elements(tree, "dl") if e.get("class") == "facts"))
    assert "Speakers Botswana; Denmark; Albania; Ruritania Event" in facts
    hrefs = [a.get("href") for a in elements(tree, "a")]
    for speaker in SPEAKERS_OF_IT:
        assert f"../../people/{speaker}/" in hrefs
    creators = [c["name"] for c in json_ld(tree)[0]["creator"]]
    assert creators == ["Botswana", "Denmark", "Albania", "Ruritania"]


def test_the_event_page_heads_its_group_with_all_its_speakers(joint_site: Path):
    tree = parse(joint_site / "events/fifth-ministerial-meeting-2012/index.html")
    groups = [" ".join(text_of(h).split()) for h in elements(tree, "h3")]
    assert "Botswana, Denmark, Albania and 1 more" in groups
    assert "Botswana" in groups, "Botswana's own statement stays in its own group"


def test_the_downloads_hold_one_row_with_the_list_of_speakers():
    archive = joint_archive()
    records = {kind: list(made()) for kind, made in archive_records(archive).items()}
    joint = [r for r in records["statements"] if r["source"] == JOINT.id]
    assert [(r["speaker"], r["also_by"]) for r in joint] == [("botswana", ["denmark", "albania", "ruritania"])]
    assert "ruritania" in {p["id"] for p in records["people"]}
    files = {path: "".join(pieces) for path, pieces in exports(archive).items()}
    rows = [r for r in csv.DictReader(io.StringIO(files["data/statements.csv"], newline="")) if r["source"] == JOINT.id]
    assert [r["also_by"] for r in rows] == ["denmark|albania|ruritania"]
    assert json.loads(files["data/archive.json"])["statements"][-1]["also_by"] == ["denmark", "albania", "ruritania"]
