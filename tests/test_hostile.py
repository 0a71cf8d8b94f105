"""Hostile and careless use: each class ends in a clear error or a correct build, never lost data.

Issue #10. One section per class; each tries several members of its class, not one example.
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from loader_helpers import CONTENT, ROOT, run_cli
from r2p_archive.build import build
from r2p_archive.errors import SKIPPED, ArchiveError
from r2p_archive.load import load_archive
from r2p_archive.output import MARKER, exclusive
from r2p_archive.serve import start_server, watch_and_rebuild
from r2p_archive.verify import check_site

TEMPLATES = ROOT / "templates"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for folders): what must survive a refusal."""
    return {
        p.relative_to(folder).as_posix(): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if not p.is_symlink()
    }


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A user's project: content, templates, a git folder and notes of their own."""
    root = tmp_path / "project"
    shutil.copytree(CONTENT, root / "content")
    shutil.copytree(TEMPLATES, root / "templates")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "notes.md").write_text("my notes\n")
    (root / "mydocs").mkdir()
    (root / "mydocs" / "thesis.txt").write_text("three years of work\n")
    (root / "a-file.txt").write_text("not a folder\n")
    return root


# 1. The output folder -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        (".", "project's root"),
        ("./", "project's root"),
        ("content", "holds the content folder"),
        ("content/../content", "holds the content folder"),
        ("content/sources", "inside the content folder"),
        ("content/new-site", "inside the content folder"),
        ("templates", "holds the templates folder"),
        ("templates/assets/site", "inside the templates folder"),
        ("..", "holds the content folder"),
        ("mydocs", "not empty"),
        (".git", "not empty"),
        ("a-file.txt", "is a file"),
        ("/", "root of the file system"),
    ],
)
def test_build_refuses_an_output_it_could_lose_data_in(project, out, reason):
    before = snapshot(project.parent)
    result = run_cli("build", "--out", out, cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert reason in result.stderr and "refusing to build" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project.parent) == before


def test_a_link_to_a_users_folder_is_refused(project, tmp_path):
    (project / "linked").symlink_to(project / "mydocs", target_is_directory=True)
    before = snapshot(project)
    with pytest.raises(ArchiveError, match="not empty"):
        build(project / "content", project / "linked")
    assert snapshot(project) == before


def test_serve_and_check_refuse_the_same_way(project):
    before = snapshot(project)
    result = run_cli("serve", "--out", "content", "--port", "0", cwd=project)
    assert result.returncode == 1 and "refusing to build" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_an_empty_folder_or_a_marked_one_is_replaced(project):
    empty = project / "empty-site"
    empty.mkdir()
    build(project / "content", empty)
    assert (empty / "index.html").is_file() and (empty / MARKER).is_file()
    (empty / "stray.html").write_text("left by hand")
    build(project / "content", empty, incremental=False)
    assert not (empty / "stray.html").exists(), "a marked folder is the build's own, replaced whole"


def test_nothing_beside_the_output_is_written_or_deleted(project):
    for name in ("._site.previous", "._site.previous-0000", "._site.building-keep", "._site.spare"):
        (project / name).mkdir()
        (project / name / "keep.txt").write_text("mine")
    before = snapshot(project)
    build(project / "content", project / "_site")
    build(project / "content", project / "_site", incremental=False)
    after = snapshot(project)
    added = {path.split("/")[0] for path in set(after) - set(before)}
    assert added == {"_site", "._site.cache"}
    assert all(after[path] == data for path, data in before.items())


def test_the_published_folder_is_readable_by_a_web_server(project):
    old = os.umask(0o022)
    try:
        build(project / "content", project / "_site")
    finally:
        os.umask(old)
    site = project / "_site"
    assert site.stat().st_mode & 0o777 == 0o755
    assert (site / "events").stat().st_mode & 0o777 == 0o755
    assert (site / "index.html").stat().st_mode & 0o777 == 0o644


def fails_at(content: Path, relative: str, match: str, line: int | None = None) -> ArchiveError:
    """Loading ``content`` fails with an error naming ``relative`` (and ``line``) and saying ``match``."""
    with pytest.raises(ArchiveError, match=match) as error:
        load_archive(content)
    assert str(error.value.path).endswith(relative), error.value
    if line is not None:
        assert error.value.line == line, error.value
    return error.value


GOOD_SOURCE = "gcr2p-fifth-ministerial-meeting"


def skipped_at(content: Path, relative: str, match: str, line: int | None = None) -> None:
    """Loading ``content`` leaves out the source of ``relative`` (a text or its sidecar) with a warning naming
    it (and ``line``) and saying ``match``; every other source is read."""
    archive = load_archive(content)
    (notice,) = [n for n in archive.warnings if n.kind == SKIPPED and n.path.endswith(relative)]
    assert re.search(match, notice.message), notice
    if line is not None:
        assert notice.line == line, notice
    read, left_out = {s.id for s in archive.sources}, Path(relative).stem
    assert left_out not in read and {p.stem for p in (CONTENT / "sources").glob("*.txt")} - {left_out} <= read


def sidecar(content: Path, text: str) -> str:
    (content / "sources" / f"{GOOD_SOURCE}.yaml").write_text(text, encoding="utf-8")
    return f"sources/{GOOD_SOURCE}.yaml"


# 2. YAML is data, not a program ------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("text", "match", "line"),
    [
        (BOMB, "aliases", 2),
        ("- &a [*a]\n", "aliases", 1),
        ("- id: x\n  name: &n Somebody\n  aliases: [*n]\n", "aliases", 3),
        ("- !!python/object/apply:os.system ['touch /tmp/owned']\n", "unsupported value", 1),
        ("- id: x\n  name: !!python/name:os.system\n", "unsupported value", 2),
        ("- id: x\n  name: 2012-01-01\n", "must be a non-empty str", 2),
        ("- id: x\n  name: X\n  roles:\n    - {title: secretary-general, from: 2012-13-45}\n", "invalid value", 4),
        ("- id: x\n  name: X\n  roles:\n    - {title: secretary-general, from: 2012-01-01 10:00:00}\n", "date", 4),
        ("- id: x\n  name: X\n  roles:\n    - {title: secretary-general, from: '2012-01-01'}\n", "date", 4),
        ("- id: x\n  name: yes\n", "must be a non-empty str", 2),
        ("- ? [a, b]\n  : c\n", "key must be plain text", 1),
        ("[" * 5000 + "]" * 5000, "nested too deeply|maximum nesting depth", None),  # ours, or PyYAML >= 6.0.3's
    ],
)
def test_registry_yaml_is_plain_data(content, text, match, line):
    (content / "registry" / "people.yaml").write_text(text, encoding="utf-8")
    fails_at(content, "registry/people.yaml", match, line)
    assert not Path("/tmp/owned").exists()


@pytest.mark.parametrize(
    ("text", "match", "line"),
    [
        ("published: 2012-13-45\n", "invalid value", 1),
        ("kind: news-article\npublished: 2012-09-28T10:00:00Z\n", "must be a date", 2),
        ("published: '2012-09-28'\n", "must be a date", 1),
        ("publisher: 2012-09-28\n", "must be a str", 1),
        ("kind: &k news\npublisher: *k\n", "aliases", 2),
        ("url: !!python/object/new:os.system [id]\n", "unsupported value", 1),
    ],
)
def test_sidecar_yaml_is_plain_data(content, text, match, line):
    skipped_at(content, sidecar(content, text), match, line)


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-03"])
def test_a_relative_date_before_year_one_is_an_error_naming_its_line(content, published):
    source = content / "sources" / "ancient.txt"
    source.write_text("A meeting report\n\nThe minister spoke yesterday about prevention.\n", encoding="utf-8")
    (content / "sources" / "ancient.yaml").write_text(f"published: {published}\n", encoding="utf-8")
    if published == "0001-01-01":
        skipped_at(content, "sources/ancient.txt", "outside the years 1 to 9999", 3)
    else:
        load_archive(content)  # two days in: "yesterday" is 2 January of year 1, a real day


def test_a_date_at_the_end_of_the_calendar_is_not_a_crash(content):
    (content / "sources" / "future.txt").write_text(
        "Geneva, 31 December 9999\n\nOn Friday the minister said that prevention works.\n", encoding="utf-8"
    )
    load_archive(content)


# 3. Links are safe ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "/relative/path",
        "http:alert(1)",
        "https://",
        "file:///etc/passwd",
    ],
)
def test_only_http_addresses_become_links(content, url):
    skipped_at(content, sidecar(content, f"url: {json.dumps(url)}\n"), "not an absolute http", 1)


def test_a_good_address_is_kept(content):
    sidecar(content, "url: https://www.globalr2p.org/resources/391\n")
    source = next(s for s in load_archive(content).sources if s.id == GOOD_SOURCE)
    assert source.url == "https://www.globalr2p.org/resources/391"


@pytest.mark.parametrize("base_url", ["javascript:alert(1)//", "data:,x", "example.org/site/"])
def test_base_url_must_be_http(content, tmp_path, base_url):
    with pytest.raises(ArchiveError, match="not an absolute http"):
        build(content, tmp_path / "site", templates=TEMPLATES, base_url=base_url)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("wikidata", ["javascript:alert(1)", "Q12 ", "q42", "https://evil.example/"])
def test_a_wikidata_id_is_an_id(content, wikidata):
    people = content / "registry" / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8") + f"- id: x\n  name: X Y\n  wikidata: {json.dumps(wikidata)}\n",
        encoding="utf-8",
    )
    fails_at(content, "registry/people.yaml", "not a Wikidata item id")


# 4. Registry values are checked -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "entry", "match"),
    [
        ("people.yaml", "- id: x\n  name: X Y\n  aliases: ['']\n", "aliases"),
        ("people.yaml", "- id: x\n  name: X Y\n  aliases: ['  ']\n", "aliases"),
        ("people.yaml", "- id: x\n  name: X Y\n  aliases: [a]\n", "aliases"),
        ("people.yaml", "- id: x\n  name: X Y\n  aliases: [[nested]]\n", "aliases"),
        ("people.yaml", "- id: x\n  name: X Y\n  aliases: [2012]\n", "aliases"),
        ("people.yaml", "- id: x\n  name: X Y\n  aliases: [null]\n", "aliases"),
        ("titles.yaml", "- id: x\n  label: X\n  aliases: ['']\n", "aliases"),
        ("themes.yaml", "- id: x\n  label: X\n  cues: ['']\n", "cues"),
        ("themes.yaml", "- id: x\n  label: ' '\n", "label"),
        ("people.yaml", "- id: " + "x" * 300 + "\n  name: Long\n", "longer than"),
    ],
)
def test_empty_or_odd_registry_values_are_errors(content, file, entry, match):
    path = content / "registry" / file
    path.write_text(path.read_text(encoding="utf-8") + entry, encoding="utf-8")
    fails_at(content, f"registry/{file}", match)


def test_conventions_word_lists_refuse_empty_words(content):
    path = content / "registry" / "conventions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("reporting_verbs: [said,", "reporting_verbs: ['', said,", 1), encoding="utf-8")
    fails_at(content, "registry/conventions.yaml", "reporting_verbs")


# 5. The file system ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "/etc/hostname", "../outside.txt", "../../outside.txt", "/dev/zero"])
def test_a_link_out_of_the_content_folder_is_refused(content, tmp_path, target):
    (tmp_path / "outside.txt").write_text("Secret, 1 May 2013\n\nThe minister said that it is secret.\n")
    (content / "sources" / "leak.txt").symlink_to(target)
    skipped_at(content, "sources/leak.txt", "outside the content folder|not a regular file")


def test_a_linked_registry_file_out_of_content_is_refused(content, tmp_path):
    (tmp_path / "elsewhere.yaml").write_text("kind: news-article\n")
    (content / "registry/themes.yaml").unlink()
    (content / "registry/themes.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    fails_at(content, "registry/themes.yaml", "outside the content folder")


def test_a_source_whose_sidecar_links_out_of_content_is_skipped(content, tmp_path):
    (tmp_path / "elsewhere.yaml").write_text("kind: news-article\n")
    source = content / "sources" / "linked.txt"
    source.write_bytes((content / "sources" / f"{GOOD_SOURCE}.txt").read_bytes().replace(b"Fifth", b"Sixth"))
    source.with_suffix(".yaml").symlink_to(tmp_path / "elsewhere.yaml")
    skipped_at(content, "sources/linked.txt", "sidecar linked.yaml: a link to .*outside the content folder")


def test_a_link_inside_the_content_folder_is_fine(content):
    (content / "sources" / "alias-of-a-source.txt").symlink_to(content / "sources" / f"{GOOD_SOURCE}.txt")
    assert "alias-of-a-source" in {s.id for s in load_archive(content).sources}


def test_a_pipe_named_like_a_source_is_refused_not_read(content):
    os.mkfifo(content / "sources" / "pipe.txt")
    skipped_at(content, "sources/pipe.txt", "not a regular file")


def test_a_link_loop_is_skipped(content):
    (content / "sources" / "loop-a.txt").symlink_to("loop-b.txt")
    (content / "sources" / "loop-b.txt").symlink_to("loop-a.txt")
    skipped_at(content, "sources/loop-a.txt", "link loop")


def test_a_folder_named_like_a_source_is_skipped(content):
    (content / "sources" / "folder.txt").mkdir()
    skipped_at(content, "sources/folder.txt", "folder is named like a source")


def test_a_folder_named_like_a_sidecar_skips_its_source(content):
    source = content / "sources" / "other.txt"
    source.write_bytes((content / "sources" / f"{GOOD_SOURCE}.txt").read_bytes().replace(b"Fifth", b"Sixth"))
    source.with_suffix(".yaml").mkdir()
    skipped_at(content, "sources/other.txt", "^skipped: its sidecar other.yaml: a folder, not a file$")


@pytest.mark.parametrize("name", [b"bad\xff\xfe.txt", b"latin-\xe9t\xe9.txt", b"half-\xe2\x80.txt"])
def test_a_file_name_that_is_not_utf8_is_skipped_and_named_escaped(content, tmp_path, name):
    """A name in another encoding (a Windows-1252 archive copied over) becomes no id or address: never a
    traceback from printing or hashing it."""
    text = (content / "sources" / f"{GOOD_SOURCE}.txt").read_bytes().replace(b"Fifth", b"Sixth")
    (content / "sources" / os.fsdecode(name)).write_bytes(text)
    shown = name.decode("utf-8", "backslashreplace")
    skipped_at(content, f"sources/{shown}", "is not UTF-8.*rename it")
    site = str(tmp_path / "site")
    result = run_cli("build", "--content", str(content), "--templates", str(TEMPLATES), "--out", site)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"sources/{shown}:1: warning: skipped" in result.stderr


def test_texts_in_a_folder_whose_name_is_not_utf8_are_not_read(content):
    folder = content / "sources" / os.fsdecode(b"d\xff")
    folder.mkdir()
    (folder / "inner.txt").write_bytes((content / "sources" / f"{GOOD_SOURCE}.txt").read_bytes())
    archive = load_archive(content)
    assert "inner" not in {s.id for s in archive.sources}
    (notice,) = [n for n in archive.warnings if n.kind == SKIPPED]
    assert notice.path.endswith("sources/d\\xff") and "texts in it are not read" in notice.message


def test_a_folder_link_out_of_content_is_named_not_followed(content, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("Secret, 1 May 2013\n\nThe minister said that it is secret.\n")
    (content / "sources" / "linked").symlink_to(elsewhere)
    archive = load_archive(content)
    assert "secret" not in {s.id for s in archive.sources}
    (notice,) = [n for n in archive.warnings if n.kind == SKIPPED]
    assert notice.path.endswith("sources/linked") and "outside the content folder" in notice.message


@pytest.mark.parametrize("suffix", [".TXT", ".Txt"])
def test_a_source_named_in_capitals_is_read(content, suffix):
    text = (content / "sources" / f"{GOOD_SOURCE}.txt").read_bytes().replace(b"Fifth", b"Sixth")
    (content / "sources" / f"SHOUTED{suffix}").write_bytes(text)
    assert "shouted" in {s.id for s in load_archive(content).sources}


def test_a_wrong_sidecar_leaves_its_source_out_of_the_site_and_strict_fails(content, tmp_path):
    """At 10,000 imported speeches, one archivist's typo must not cost the archive its site."""
    broken = sidecar(content, "publisher: Global Centre\ntitel: a typo\n")
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES, search=False)
    data = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert broken in data and "unknown field" in data and not (site / "sources" / GOOD_SOURCE).exists()
    strict = ["--content", str(content), "--templates", str(TEMPLATES), "--out", str(tmp_path / "strict")]
    result = run_cli("build", "--strict", *strict)
    assert result.returncode == 1 and f"{broken}:2: warning: skipped: {GOOD_SOURCE}.txt is left out" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "strict").exists()


def test_very_long_names_and_titles_make_bounded_unique_ids(content, tmp_path):
    long_title = "Dialogue " + " ".join(f"word{n}" for n in range(400))
    for variant in ("a", "b"):
        name = "x" * 200 + variant + ".txt"
        text = f"{long_title} {variant}, New York, 28 September 2012\n\nThe minister said that {variant} matters.\n"
        (content / "sources" / name).write_text(text, encoding="utf-8")
    archive = load_archive(content)
    ids = [record.id for record in (*archive.sources, *archive.events, *archive.statements)]
    assert max(map(len, ids)) <= 100 and len(ids) == len(set(ids))
    build(content, tmp_path / "site", templates=TEMPLATES, search=False)


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_or_read_only_disk_is_a_clear_error_and_the_site_stays(content, tmp_path, monkeypatch, error):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES)
    before = snapshot(site)
    from r2p_archive import build as building

    def failing_write(self, relative, data):
        raise OSError(error, os.strerror(error), str(self.root / relative))

    monkeypatch.setattr(building.Writer, "write", failing_write)
    with pytest.raises(ArchiveError, match=os.strerror(error)):
        build(content, site, templates=TEMPLATES, incremental=False)
    assert snapshot(site) == before
    assert not list(tmp_path.glob(".site.building-*"))


def test_an_unwritable_place_for_the_output_is_a_clear_error(content, tmp_path):
    (tmp_path / "a-file").write_text("x")
    out = str(tmp_path / "a-file" / "site")
    result = run_cli("build", "--content", str(content), "--templates", str(TEMPLATES), "--out", out, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "could not write the site" in result.stderr and "a-file" in result.stderr


# 6. Concurrency and interruption --------------------------------------------------------------------


def test_a_second_build_into_the_same_output_stops_with_a_clear_message(content, tmp_path):
    site = tmp_path / "site"
    with exclusive(site, tmp_path / ".site.cache" / "lock"):
        result = run_cli("build", "--content", str(content), "--out", str(site), cwd=tmp_path)
    assert result.returncode == 1 and "another build into this folder is running" in result.stderr
    assert "Traceback" not in result.stderr and not site.exists()


def test_two_builds_at_once_neither_crashes(content, tmp_path):
    command = [sys.executable, "-m", "r2p_archive", "build", "--content", str(content), "--out", "site", "--full"]
    command += ["--templates", str(TEMPLATES)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    runs = [subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert any(code == 0 for code, _ in results)
    for code, stderr in results:
        assert "Traceback" not in stderr
        assert code == 0 or "another build into this folder is running" in stderr
    assert check_site(tmp_path / "site") == []


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9, 1.2, 1.6, 2.5])
def test_a_build_killed_at_any_point_leaves_the_site_and_the_next_cleans_up(content, tmp_path, delay):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES)
    before = snapshot(site)
    command = [sys.executable, "-m", "r2p_archive", "build", "--content", str(content), "--out", "site", "--full"]
    command += ["--templates", str(TEMPLATES)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert snapshot(site) == before, "a killed build changed the site (it is deterministic, so even a new one is equal)"
    build(content, site, templates=TEMPLATES, incremental=False)
    leftovers = [p.name for p in tmp_path.iterdir() if ".building-" in p.name or ".previous-" in p.name]
    assert leftovers == [] and snapshot(site) == before


def test_a_build_killed_between_the_two_renames_gets_its_site_back(content, tmp_path):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES)
    before = snapshot(site)
    os.rename(site, tmp_path / ".site.previous-deadbeef")  # the first rename happened, then SIGKILL
    build(content, site, templates=TEMPLATES)
    assert snapshot(site) == before and not (tmp_path / ".site.previous-deadbeef").exists()


# 7. The cache is untrusted ------------------------------------------------------------------------


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / ".site.cache" / "extract").glob("*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{",
        b"[]",
        b'{"source": 1}',
        b"null",
        b"\x80\x04\x95pickle",
        json.dumps({"source": None, "event": None, "statements": [], "warnings": []}).encode(),
    ],
)
def test_a_damaged_extraction_cache_is_ignored_and_rebuilt(content, tmp_path, damage):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES)
    reference = snapshot(site)
    files = cache_files(tmp_path)
    assert files, "the extraction cache is JSON files"
    for path in files:
        path.write_bytes(damage)
    (content / "sources" / "touch.txt").write_text("Geneva, 1 May 2013\n\nThe minister said that it helps.\n")
    build(content, site, templates=TEMPLATES)
    (content / "sources" / "touch.txt").unlink()
    build(content, site, templates=TEMPLATES)
    assert snapshot(site) == reference


def test_a_pickle_planted_in_the_cache_is_never_run(content, tmp_path):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES)
    marker = tmp_path / "owned"
    payload = pickle.dumps(_Exploit(str(marker)))
    for path in cache_files(tmp_path):
        path.with_suffix(".pickle").write_bytes(payload)
        path.write_bytes(payload)
    (content / "sources" / "touch.txt").write_text("Geneva, 1 May 2013\n\nThe minister said that it helps.\n")
    build(content, site, templates=TEMPLATES)
    assert not marker.exists()


class _Exploit:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def _other_schema(path) -> None:
    """A database of the state's tables plus a trigger of someone else's."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TRIGGER planted AFTER INSERT ON meta BEGIN DELETE FROM files; END")


def _truncated(path) -> None:
    path.write_bytes(path.read_bytes()[:5000])


def _one_slot(path) -> None:
    """The site and the spare named in one slot: the spare's listing would be taken for the site's."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key IN ('site', 'spare')")


def _wrong_values(path) -> None:
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE files SET size = 'big', page = 7")
        connection.execute("UPDATE recipes SET reads = 'x y', pages = ''")


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b""),
        lambda path: path.write_bytes(b"[]"),
        lambda path: path.write_bytes(b"\xff\xfe" * 3000),
        lambda path: path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000),
        _other_schema,
        _truncated,
        _one_slot,
        _wrong_values,
    ],
)
def test_a_damaged_build_state_is_ignored(content, tmp_path, damage):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES)
    reference = snapshot(site)
    damage(tmp_path / ".site.cache" / "state.sqlite")
    report = build(content, site, templates=TEMPLATES)
    assert not report.unchanged and report.rendered == report.pages
    assert snapshot(site) == reference
    again = build(content, site, templates=TEMPLATES)
    assert again.unchanged, "the state is written afresh"


def test_a_hand_edited_page_is_rendered_again(content, tmp_path):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES)
    reference = snapshot(site)
    page = site / "events" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</main>", b"<p>edited by hand</p></main>"))
    report = build(content, site, templates=TEMPLATES)
    assert not report.unchanged and report.rendered == 1
    assert snapshot(site) == reference


# 8. serve keeps serving -----------------------------------------------------------------------------


def raw_get(port: int, target: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET " + target + b" HTTP/1.0\r\n\r\n")
        return connection.recv(64)


def test_the_server_answers_malformed_requests_without_a_traceback(content, tmp_path, capfd):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES)
    server = start_server(site, "127.0.0.1", 0)
    port = server.server_address[1]
    try:
        for target in (b"/%00", b"/a\x00b", b"/events/%00/index.html", b"/%c0%af", b"/%"):
            assert raw_get(port, target).split()[1] in (b"400", b"404"), target
        for folder in (b"/assets/", b"/pagefind/", b"/pagefind/fragment/"):
            answer = raw_get(port, folder)
            assert answer.split()[1] == b"404", folder
        assert raw_get(port, b"/events/").split()[1] == b"200"
        assert raw_get(port, b"/data/").split()[1] == b"200", "data/ has its own page now, not a listing"
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


def test_any_failure_of_a_rebuild_keeps_the_server_up(tmp_path, capfd):
    stop = threading.Event()
    calls = []

    def rebuild():
        calls.append(1)
        stop.set()
        raise PermissionError(13, "Permission denied", "somewhere")

    watched = tmp_path / "watched"
    watched.mkdir()
    thread = threading.Thread(target=watch_and_rebuild, args=([watched], rebuild, stop))
    thread.start()
    deadline = time.monotonic() + 20
    while not calls and time.monotonic() < deadline:
        (watched / "f").write_text(str(time.monotonic()))
        time.sleep(0.3)
    thread.join(timeout=20)
    assert calls and not thread.is_alive()
    err = capfd.readouterr().err
    assert "rebuild failed, still serving the last good site: PermissionError" in err and "Traceback" not in err


INTERRUPTED = "r2p-archive: interrupted; the site is as the last complete build left it"

# 9. Ctrl-C ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.4, 0.8, 1.2, 1.6, 2.2])
def test_ctrl_c_prints_one_line_and_leaves_the_site(big_content, tmp_path, delay):
    """SIGINT to the whole process group, as a terminal sends it, at several moments of a build
    large enough to run worker processes and Pagefind."""
    site, before, process = _start_full_build(big_content, tmp_path)
    started = time.monotonic()
    time.sleep(delay * big_content["seconds"] / 2.5)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    if process.returncode in (0, -signal.SIGINT):  # the build finished first: see the test below
        assert stdout.decode().startswith("built "), (process.returncode, stdout, stderr)
        assert time.monotonic() - started > big_content["seconds"] / 2
    else:
        assert process.returncode == 130, stderr
        assert [line for line in stderr.decode().splitlines() if ": warning: " not in line] == [INTERRUPTED]
    _assert_site_whole(site, before, tmp_path)


@pytest.mark.parametrize("delay", [0.0, 0.01])
def test_ctrl_c_after_the_report_finds_the_new_site_whole(big_content, tmp_path, delay):
    """In the process's last milliseconds, once Python has put back the default handlers, SIGINT
    ends it as it ends any program (a shell shows 130 for that too); the new site is whole by then."""
    site, before, process = _start_full_build(big_content, tmp_path)
    report = process.stdout.readline().decode()
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    process.communicate(timeout=120)
    assert report.startswith("built ") and process.returncode in (0, -signal.SIGINT)
    _assert_site_whole(site, before, tmp_path)


def _start_full_build(big_content, tmp_path) -> tuple[Path, dict, subprocess.Popen]:
    """A copy of the built site, its snapshot, and a full rebuild of it started in its own session."""
    site = tmp_path / "site"
    shutil.copytree(big_content["site"], site, symlinks=True)
    before = snapshot(site)
    command = [sys.executable, "-m", "r2p_archive", "build", "--content", str(big_content["content"])]
    command += ["--templates", str(TEMPLATES), "--out", str(site), "--full"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    return site, before, process


def _assert_site_whole(site: Path, before: dict, tmp_path: Path) -> None:
    assert snapshot(site) == before, "the site is the previous one (or the new one, which is the same bytes)"
    assert not [p.name for p in tmp_path.iterdir() if ".building-" in p.name or ".previous-" in p.name]


@pytest.fixture(scope="module")
def big_content(tmp_path_factory) -> dict:
    """A synthetic archive of 80 sources (enough for worker processes), built once, with its build time."""
    folder = tmp_path_factory.mktemp("big")
    corpus = ROOT / "benchmarks" / "corpus.py"
    subprocess.run(
        [sys.executable, str(corpus), "--sources", "80", str(folder / "content")], check=True, capture_output=True
    )
    started = time.monotonic()
    build(folder / "content", folder / "site", templates=TEMPLATES)
    return {"content": folder / "content", "site": folder / "site", "seconds": time.monotonic() - started}
