"""Bad input: a clear error naming file and line, or a documented safe fallback; never a traceback."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from loader_helpers import CONTENT, ROOT, checked_build, run_cli, words
from r2p_archive.build import build
from r2p_archive.errors import ArchiveError
from r2p_archive.load import load_archive
from r2p_archive.verify import check_site

TEMPLATES = ROOT / "templates"
GOOD = (CONTENT / "sources" / "gcr2p-fifth-ministerial-meeting.txt").read_text(encoding="utf-8")


def add_source(content: Path, name: str, data: bytes) -> Path:
    path = content / "sources" / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n\t\r\n", "empty"),
        ("  \n".encode("utf-16"), "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\xef\xbb\xbfGeneva, 1 May 2013\n\x00\x00", "binary file"),
        ("Geneva\x00".encode("utf-16-le").join([b"\xff\xfe", b""]), "binary file"),
    ],
)
def test_a_file_that_is_no_text_is_skipped_with_a_warning_naming_it(content, data, reason):
    add_source(content, "bad.txt", data)
    archive = load_archive(content)
    assert [(n.path, n.kind) for n in archive.warnings if reason in n.message] == [
        ("content/sources/bad.txt", "skipped")
    ]
    assert "bad" not in {s.id for s in archive.sources} and len(archive.sources) > 1


def test_windows_1252_is_read_with_a_warning(content):
    text = "Geneva, 3 March 2015 \u2013 Rwanda warned that \u201cno state is safe from these crimes today.\u201d\n"
    add_source(content, "cp1252.txt", text.encode("cp1252"))
    archive = load_archive(content)
    assert any("cp1252.txt:1: warning: not UTF-8" in str(w) for w in archive.warnings)
    source = next(s for s in archive.sources if s.id == "cp1252")
    assert "\u201cno state is safe" in source.text


def test_bom_and_crlf_are_accepted(content):
    add_source(content, "crlf.txt", b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    archive = load_archive(content)
    plain = [s for s in archive.statements if s.source == "gcr2p-fifth-ministerial-meeting"]
    crlf = [s for s in archive.statements if s.source == "crlf"]
    assert [(s.text, s.speaker) for s in crlf] == [(s.text, s.speaker) for s in plain]
    text = next(s.text for s in archive.sources if s.id == "crlf")
    assert "\r" not in text and not text.startswith("\ufeff")
    for statement in crlf:
        assert words(text[statement.start : statement.end]) == words(statement.text)


def test_any_file_name_becomes_a_slug_id_and_two_alike_are_both_left_out(content, tmp_path):
    """Which text an id's pages showed would depend on names alone, so neither is published; every other
    source is, and --strict refuses the archive."""
    add_source(content, "01_Remarks (Final).txt", GOOD.encode())
    assert "01-remarks-final" in {source.id for source in load_archive(content).sources}
    add_source(content, "01 remarks final.txt", GOOD.replace("Fifth", "Sixth").encode())
    archive = load_archive(content)
    assert "01-remarks-final" not in {source.id for source in archive.sources}
    assert "gcr2p-fifth-ministerial-meeting" in {source.id for source in archive.sources}
    skipped = sorted((n.path, n.message) for n in archive.warnings if n.kind == "skipped")
    message = "skipped: 01 remarks final.txt, 01_Remarks (Final).txt have the same id '01-remarks-final'"
    assert [path for path, _ in skipped] == [
        "content/sources/01 remarks final.txt",
        "content/sources/01_Remarks (Final).txt",
    ]
    assert all(text.startswith(message) for _, text in skipped)
    with pytest.raises(ArchiveError, match="same id '01-remarks-final'"):
        build(content, tmp_path / "site", templates=TEMPLATES, strict=True, search=False)


def test_unbalanced_quotation_swallows_nothing(content):
    text = GOOD.replace("“R2P is basically a tool", "R2P is basically a tool", 1)
    add_source(content, "unbalanced.txt", text.encode())
    archive = load_archive(content)
    statements = [s for s in archive.statements if s.source == "unbalanced"]
    assert all(len(s.text) < 400 for s in statements)
    assert any("We have not embraced R2P" in s.text for s in statements)


def test_missing_content_folder_via_cli(tmp_path):
    result = run_cli("build", "--content", "nowhere", "--out", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert "nowhere" in result.stderr and "Traceback" not in result.stderr


def test_malformed_yaml_via_cli(content, tmp_path):
    (content / "registry" / "themes.yaml").write_text("- id: x\n  label: [unclosed\n", encoding="utf-8")
    result = run_cli("build", "--content", str(content), "--templates", str(TEMPLATES), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "themes.yaml:" in result.stderr and "malformed YAML" in result.stderr


HOSTILE = (
    """<script>alert(1)</script> and "><img src=x onerror=alert(2)> at javascript:alert(3)\n\n"""
    """Geneva, 3 March 2015 - <script>alert(4)</script> Dialogue on "><img src=x onerror=alert`5`>"""
    """ &lt;img src=y onerror=alert`6`&gt;\n\n"""
    """Rwanda warned that “<script>alert(6)</script> is what javascript:alert(7) does to a page.”\n"""
)


def test_hostile_text_is_inert_everywhere(content, tmp_path):
    add_source(content, "hostile.txt", HOSTILE.encode())
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    assert not [p for p in check_site(site) if "hostile" in p.path or "invalid HTML" in p.message]
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".xml"):  # data/*.json and *.csv keep the text as it is: data, not markup
            continue
        data = path.read_text(encoding="utf-8")
        assert "<script>alert" not in data, path
        assert "<img src=x" not in data, path
        assert 'href="javascript:' not in data.lower(), path
    page = (site / "sources" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    data = json.loads((site / "data" / "archive.json").read_text(encoding="utf-8"))
    assert any("<script>alert(6)</script>" in s["text"] for s in data["statements"])


def test_failed_build_leaves_previous_site_untouched(content, tmp_path):
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (content / "registry" / "people.yaml").write_text("- id: x\n  nmae: typo\n", encoding="utf-8")
    with pytest.raises(ArchiveError):
        build(content, site, templates=TEMPLATES)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert leftovers(tmp_path) == []


def leftovers(folder: Path) -> list[str]:
    """Temporary build folders left beside the output (the build cache is not one)."""
    return sorted(p.name for p in folder.iterdir() if ".building-" in p.name or ".previous-" in p.name)


def test_template_error_names_the_template_and_leaves_site(content, tmp_path):
    site = tmp_path / "site"
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    checked_build(content, site, templates=templates)
    (templates / "event.html").write_text("{% block broken %}{{ unclosed", encoding="utf-8")
    with pytest.raises(ArchiveError, match="template error") as error:
        build(content, site, templates=templates)
    assert "event.html" in str(error.value.path)
    assert (site / "index.html").is_file()
    assert leftovers(tmp_path) == []


def test_failed_build_stops_the_search_index(content, tmp_path, monkeypatch):
    """The index is started before the pages are rendered: a page that fails stops it, leaving no process."""
    slow = tmp_path / "slow-pagefind"
    slow.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(60)\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr("r2p_archive.search.pagefind.get_executable", lambda: str(slow))
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "event.html").write_text("{{ no_such_thing.at_all }}", encoding="utf-8")
    with pytest.raises(ArchiveError, match="template error"):
        build(content, tmp_path / "site", templates=templates)
    assert running_under(tmp_path) == []
    assert leftovers(tmp_path) == []


def running_under(folder: Path) -> list[str]:
    """The processes whose command line names ``folder`` (Pagefind reads its documents from there)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:  # ended meanwhile
            continue
        if any(str(folder).encode() in word for word in words):
            found.append(b" ".join(words).decode(errors="replace"))
    return found


def test_interrupted_build_leaves_no_temporary_folder(content, tmp_path, monkeypatch):
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    marker = (site / "index.html").read_bytes()

    def interrupt(*_arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr("r2p_archive.build.started_index", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build(content, site, templates=TEMPLATES, incremental=False)
    assert (site / "index.html").read_bytes() == marker
    assert leftovers(tmp_path) == []


def test_stale_files_do_not_linger(content, tmp_path):
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    gone = "gcr2p-fifth-ministerial-meeting"
    assert (site / "sources" / gone / "index.html").is_file()
    (content / "sources" / f"{gone}.txt").unlink()
    checked_build(content, site, templates=TEMPLATES)
    assert not (site / "sources" / gone).exists()
    assert not list((site / "statements").glob(f"{gone}-*"))
    assert not list((site / "events").glob("2012-09-28-*"))


def long_source(size: int) -> bytes:
    """A meeting summary of about ``size`` bytes, its paragraphs all different (repeats are chrome)."""
    lines = [line for line in GOOD.split("Key Themes of the Discussion", 1)[1].splitlines() if len(line) > 200]
    body, number = [], 0
    while sum(map(len, body)) < size:
        body += [f"In session {number}, {line[0].lower()}{line[1:]}" for line in lines]
        number += 1
    return ("Huge Meeting, New York, 1 May 2013\n\n" + "\n\n".join(body)).encode()


def test_ten_megabyte_source_builds(content, tmp_path):
    """A full build, search index included; benchmarks/long_source.py shows its time grows linearly."""
    add_source(content, "huge.txt", long_source(10_000_000))
    site = tmp_path / "site"
    report = build(content, site, templates=TEMPLATES, incremental=False)
    assert report.statements > 30_000
    page = site / "sources" / "huge" / "index.html"
    assert page.stat().st_size > 10_000_000
    assert (site / "pagefind" / "archive.json").is_file()
