"""Hostile and careless use: each class ends in a clear error or a correct build, never lost data.

Issue #10. One section per class; each tries several members of its class, not one example.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loader_helpers import CONTENT, ROOT
from r2p_archive.build import build
from r2p_archive.errors import ArchiveError
from r2p_archive.output import MARKER

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


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "r2p_archive", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


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
    for name in ("._site.previous", "._site.previous-0000", "._site.building-keep"):
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
