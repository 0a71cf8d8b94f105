"""Hostile input from real collections (issue #30): one bad file never stops the archive, no text reaches
the renderer's private markers, encodings are read as they are. Every input here is made up."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loader_helpers import ROOT, run_cli
from r2p_archive.build import build
from r2p_archive.check import check
from r2p_archive.errors import ArchiveError
from r2p_archive.load import load_archive
from r2p_archive.output import MARKER
from r2p_archive.site.statements import PASSAGE_AROUND, PASSAGE_LONGEST, passage
from r2p_archive.sourcetext import Highlight, paragraph_html
from r2p_archive.text.read import decode
from test_bad_input import long_source

TEMPLATES = ROOT / "templates"
SAID = "Geneva, 3 March 2015 \u2013 Rwanda warned that \u201cno state is safe {} from these crimes today.\u201d\n"


def add_source(content: Path, name: str, data: bytes) -> Path:
    path = content / "sources" / name
    path.write_bytes(data)
    return path


# 1. The renderer's reserved marker characters ---------------------------------------------------


@pytest.mark.parametrize(
    "hostile", ["&#x2E4E;", "&#X2e4f;", "&#11855;", "&#0011854;", "\u2e4e", "\u2e4f", "a&#x2E4E;&#x2E4F;b"]
)
def test_no_escape_of_a_marker_character_reaches_the_markers(hostile):
    text = f"Ruritania said {hostile} that **all** states {hostile} must act."
    html = paragraph_html(text, 0, len(text), [Highlight(10, 30, "/s/1/", "one"), Highlight(25, 50, "/s/2/", "two")])
    assert "\u2e4e" not in html and "\u2e4f" not in html
    assert html.count("<mark>") >= 2 and "\ufffd" in html


def test_other_character_references_are_still_decoded():
    text = "Ruritania &amp; Northland said &#8288;that&#x2014;all &eacute;tats must act."
    html = paragraph_html(text, 0, len(text), [Highlight(0, 20, "/s/1/", "one")])
    assert "&amp;" in html and "\u2060that\u2014all \u00e9tats" in html and "\ufffd" not in html


def test_a_source_and_sidecar_holding_marker_references_build(content, tmp_path):
    for number, hostile in enumerate(["&#x2E4E;", "&#11855;", "\u2e4e\u2e4f", "&#8288;"]):
        add_source(content, f"marker-{number}.txt", SAID.format(hostile).encode())
        (content / "sources" / f"marker-{number}.yaml").write_text(
            f'title: "A {hostile} title"\nplace: "Gen{hostile}eva"\ncitation: "{hostile}"\n', encoding="utf-8"
        )
    site = tmp_path / "site"
    report = build(content, site, templates=TEMPLATES, incremental=False, search=False)
    assert report.pages > 0
    page = (site / "sources" / "marker-0" / "index.html").read_text(encoding="utf-8")
    assert "\u2e4e" not in page and "no state is safe \ufffd from" in page


# 2. A file that cannot be read is skipped; --strict makes it fatal --------------------------------


def test_one_unreadable_file_leaves_every_other_source_built_and_strict_refuses_it(content, tmp_path):
    site = tmp_path / "site"
    build(content, site, templates=TEMPLATES, search=False)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    add_source(content, "broken.txt", b"\x00\x01\x02")
    with pytest.raises(ArchiveError, match=r"broken\.txt:1: warning: skipped: binary file"):
        build(content, site, templates=TEMPLATES, strict=True, search=False)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    report = build(content, site, templates=TEMPLATES, search=False)
    assert [n.path for n in report.warnings if n.kind == "skipped"] == ["content/sources/broken.txt"]
    data_page = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert "content/sources/broken.txt" in data_page and "binary file (NUL byte at offset 0)" in data_page
    assert not (site / "sources" / "broken").exists() and (site / "sources").is_dir()


def test_check_lists_the_skipped_files(content):
    add_source(content, "blank.txt", b" \n")
    result = check(content, TEMPLATES)
    assert not result.problems
    assert [str(w) for w in result.warnings if w.kind == "skipped"] == [
        "content/sources/blank.txt:1: warning: skipped: source text is empty (or only white space)"
    ]


def test_a_file_the_user_may_not_read_is_skipped(content, monkeypatch):
    """Simulated: tests may run as root, whom chmod 000 does not stop; the loader sees the same error."""
    locked = add_source(content, "locked.txt", SAID.format("").encode())
    reading = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return reading(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    archive = load_archive(content)
    assert [n.message for n in archive.warnings if n.path.endswith("locked.txt")] == [
        "skipped: cannot read the file: Permission denied"
    ]


def test_an_empty_sidecar_is_no_fields(content):
    add_source(content, "bare.txt", SAID.format("").encode())
    (content / "sources" / "bare.yaml").write_bytes(b"")
    archive = load_archive(content)
    assert "bare" in {s.id for s in archive.sources} and not [n for n in archive.warnings if "bare" in n.path]


# 3. Encodings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(content, encoding):
    bom = "\ufeff".encode(encoding)
    add_source(content, "wide.txt", bom + SAID.format("").replace("\n", "\r\n").encode(encoding))
    archive = load_archive(content)
    source = next(s for s in archive.sources if s.id == "wide")
    assert source.text == SAID.format("")
    assert any(s.source == "wide" and "no state is safe" in s.text for s in archive.statements)
    assert not [n for n in archive.warnings if "wide" in n.path]


def test_one_bad_byte_in_utf8_is_replaced_and_reported_by_line_the_rest_stays_utf8(content):
    text = SAID.format("").encode() + b"\nThe Ruritanian minister added a\xff word.\r\rLater \x93more\x94.\n"
    add_source(content, "one-bad-byte.txt", text)
    archive = load_archive(content)
    source = next(s for s in archive.sources if s.id == "one-bad-byte")
    assert "\u201cno state is safe" in source.text and "\u00e2\u20ac" not in source.text
    assert "a\ufffd word" in source.text and "\ufffdmore\ufffd" in source.text
    warnings = [str(n) for n in archive.warnings if "one-bad-byte" in n.path]
    assert warnings == [
        "content/sources/one-bad-byte.txt:3: warning: bytes that are not UTF-8 replaced by U+FFFD on line(s) 3, 5"
    ]


@pytest.mark.parametrize(
    ("data", "expected", "warning"),
    [
        (  # consistently Windows-1252: no UTF-8 sequence anywhere, every byte a Windows-1252 character
            "Ruritania said \u201cact now\u201d \u2013 caf\u00e9".encode("cp1252"),
            "Ruritania said \u201cact now\u201d \u2013 caf\u00e9",
            "read as Windows-1252",
        ),
        ("caf\u00e9 \u201cact\u201d".encode() + b" \x93x\x94", "caf\u00e9 \u201cact\u201d \ufffdx\ufffd", "U+FFFD"),
        (b"plain \x81 text", "plain \ufffd text", "U+FFFD"),  # 0x81 is no Windows-1252 character
    ],
)
def test_windows_1252_only_when_the_whole_file_is(data, expected, warning):
    text, warnings = decode(data, "x.txt")
    assert text == expected and len(warnings) == 1 and warning in warnings[0][1]


def test_cr_only_line_endings_are_lines():
    text, warnings = decode(b"Title\r\rGeneva, 1 May 2013\rBody.\r", "x.txt")
    assert text == "Title\n\nGeneva, 1 May 2013\nBody.\n" and not warnings


# 5. SIGKILL of the build's own process: its children die with it, its lock is taken over -------------

SLOW_BUILD = """
import sys, time
from pathlib import Path
from r2p_archive import load
from r2p_archive.build import build

load.PARALLEL_FROM = 1  # fork the extraction workers even for a few sources
extract = load._extract_job


def slow(extractor, job):  # a worker still busy when its parent is killed
    time.sleep(120)
    return extract(extractor, job)


load._extract_job = slow
build(Path(sys.argv[1]), Path(sys.argv[2]), templates=Path(sys.argv[3]), search=False)
"""


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, read from /proc."""
    found, waiting = set(), [pid]
    while waiting:
        parent = waiting.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            with contextlib.suppress(OSError):
                children = {int(child) for child in (task / "children").read_text().split()}
                waiting += children - found
                found |= children
    return found


def gone(pids: set[int], within: float = 10.0) -> bool:
    """Have all of ``pids`` ended (or become zombies) within ``within`` seconds?"""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        running = {pid for pid in pids if _running(pid)}
        if not running:
            return True
        time.sleep(0.05)
    return False


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_the_workers_of_a_killed_build_die_with_it_and_the_next_build_runs(content, tmp_path):
    script, site = tmp_path / "slow_build.py", tmp_path / "site"
    script.write_text(SLOW_BUILD)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, str(script), str(content), str(site), str(TEMPLATES)], env=env)
    deadline = time.monotonic() + 60
    while len(descendants(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = descendants(process.pid)
    assert len(workers) >= 2, "the build forked no workers"
    process.send_signal(signal.SIGKILL)  # the build's own process, not its group
    process.wait()
    assert gone(workers), f"workers {workers} outlived their killed build"
    report = build(content, site, templates=TEMPLATES, search=False)
    assert report.pages > 0
    assert [p.name for p in tmp_path.iterdir() if ".building-" in p.name] == []


def test_a_child_started_dying_with_its_parent_dies_when_the_parent_is_killed(tmp_path):
    """Pagefind is started so: a killed build must not leave it indexing for tens of seconds."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, subprocess, time\n"
            "from r2p_archive.workers import dying_with\n"
            "subprocess.Popen(['sleep', '120'], preexec_fn=dying_with(os.getpid()))\ntime.sleep(120)",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    deadline = time.monotonic() + 30
    while not descendants(parent.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = descendants(parent.pid)
    assert child
    parent.kill()
    parent.wait()
    assert gone(child)


HOLDER = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+b")
fcntl.flock(handle, fcntl.LOCK_EX)
handle.truncate(0)
handle.write(sys.argv[2].encode())
handle.flush()
print("locked", flush=True)
time.sleep(120)
"""


def _holding(lock: Path, names: str) -> subprocess.Popen:
    """A process holding ``lock``, whose file names ``names`` as its holder (a killed build's stray child)."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock), names], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def test_a_lock_whose_build_is_dead_is_taken_over_with_a_notice(content, tmp_path, capfd):
    site = tmp_path / "site"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    holder = _holding(tmp_path / ".site.cache" / "lock", f"{int(dead.stdout)} 12345\n")
    try:
        report = build(content, site, templates=TEMPLATES, search=False)
    finally:
        holder.kill()
        holder.wait()
    assert report.pages > 0 and "taking over the lock of build" in capfd.readouterr().err


def test_a_lock_whose_build_runs_is_respected(content, tmp_path):
    lock = tmp_path / ".site.cache" / "lock"
    lock.parent.mkdir(parents=True)
    holder = _holding(lock, "0 0\n")
    try:
        stat = Path(f"/proc/{holder.pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
        lock.write_text(f"{holder.pid} {stat}\n")  # the holder names itself, as a running build does
        with pytest.raises(ArchiveError, match="another build into this folder is running"):
            build(content, tmp_path / "site", templates=TEMPLATES, search=False)
    finally:
        holder.kill()
        holder.wait()


# 6. Every build clears what a killed build left, and nothing else -------------------------------------


def test_an_up_to_date_build_removes_a_killed_builds_staging_folders_and_nothing_else(content, tmp_path):
    args = ["build", "--content", str(content), "--out", "site", "--templates", str(TEMPLATES)]
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    stale = tmp_path / ".site.building-0123abcd"
    (stale / "statements").mkdir(parents=True)
    (stale / MARKER).write_bytes(b"")
    (stale / "statements" / "page.html").write_text("half-written")
    empty = tmp_path / ".site.building-deadbeef"  # killed before it was marked
    empty.mkdir()
    mine = [
        tmp_path / ".site.building-mine",
        tmp_path / ".site.building-0123abcd0",
        tmp_path / ".site.building-NOTHEX00",
    ]
    for folder in mine:  # named like one, but not exactly as the tool names them: never touched
        folder.mkdir()
        (folder / MARKER).write_bytes(b"")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0 and "up to date" in result.stdout, result.stderr
    assert not stale.exists() and not empty.exists()
    assert all((folder / MARKER).exists() for folder in mine)


# 4. Very long lines --------------------------------------------------------------------------------


def test_a_long_paragraphs_statement_page_shows_a_bounded_passage_around_the_statement():
    words = " ".join(f"word{n}" for n in range(100_000))
    said_from = words.index("word50000")
    said_to = words.index("word50010")
    start, end = passage(words, 0, len(words), said_from, said_to)
    assert start <= said_from < said_to <= end and end - start < 3 * PASSAGE_AROUND
    assert words[start - 1] == " " and words[end] == " "  # no word cut
    assert passage(words, 0, 5000, 100, 200) == (0, 5000)  # a paragraph of ordinary length is shown whole
    huge = passage(words, 0, len(words), 10, len(words) - 10)  # a statement of a megabyte: its opening
    assert huge[0] == 0 and huge[1] - huge[0] < PASSAGE_LONGEST + 100


def one_line(size: int, dateline: bool) -> bytes:
    """About ``size`` bytes of meeting summary on one line, after a dateline line or with none."""
    heading, body = long_source(size).split(b"\n\n", 1)
    line = body.replace(b"\n\n", b" ")
    return heading + b"\n\n" + line if dateline else line


def test_the_pages_of_a_source_on_one_line_do_not_grow_with_the_line(content, tmp_path):
    lines = {}
    for size in (20_000, 80_000):
        (content / "sources" / "line.txt").write_bytes(one_line(size, dateline=False))
        site = tmp_path / f"site-{size}"
        build(content, site, templates=TEMPLATES, incremental=False, search=False)
        pages = [p for p in (site / "statements").glob("line-*/index.html")]
        assert pages, "no statement found on the line"
        lines[size] = max(p.stat().st_size for p in pages)
        page = pages[0].read_text(encoding="utf-8")
        assert "… " in page or " …" in page
    assert lines[80_000] < lines[20_000] * 1.5, lines
