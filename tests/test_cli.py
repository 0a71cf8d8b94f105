"""The command line as a user meets it: help, clear messages, exit status 1, never a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from loader_helpers import ROOT, run_cli


def run(*args: str, cwd: Path = ROOT):
    return run_cli(*args, cwd=cwd, timeout=120)


def test_help_speaks_to_users():
    result = run("--help")
    assert result.returncode == 0
    assert "Responsibility to Protect" in result.stdout and "the work is elsewhere" not in result.stdout


@pytest.mark.parametrize("port", ["99999", "-1", "eighty"])
def test_serve_refuses_a_port_that_is_not_one(port, tmp_path):
    result = run("serve", "--port", port, "--out", str(tmp_path / "site"))
    assert result.returncode == 2 and "--port" in result.stderr and "Traceback" not in result.stderr


def test_serve_on_a_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), "--out", str(tmp_path / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr


def test_check_names_a_missing_content_folder(tmp_path):
    result = run("check", "--content", str(tmp_path / "missing"))
    assert result.returncode == 1 and "content folder not found" in result.stdout


def test_an_alias_naming_two_speakers_fails_the_build(content, tmp_path):
    people = content / "registry" / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8") + "- id: another-ban\n  name: Another Ban\n  aliases: [Mr. Ban]\n",
        encoding="utf-8",
    )
    result = run(
        "build", "--content", str(content), "--templates", str(ROOT / "templates"), "--out", "site", cwd=tmp_path
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "alias 'Mr. Ban' names several speakers: another-ban, ban-ki-moon" in result.stderr
