"""`r2p-archive check` and `build --strict`: exit 0 when clean, 1 with problems naming file and line."""

from __future__ import annotations

import shutil

from loader_helpers import ROOT, run_cli
from r2p_archive.check import check

TEMPLATES = ROOT / "templates"


def test_bundled_content_is_clean():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s), 0 warning(s)" in result.stdout


def test_a_source_without_event_is_a_problem_a_person_not_yet_named_is_not(content):
    (content / "sources" / "stray.txt").write_text("A note with no date and no event at all.\n", encoding="utf-8")
    with (content / "registry" / "people.yaml").open("a", encoding="utf-8") as people:
        people.write("- id: nobody-here\n  name: Nobody Here\n")
    problems, _ = check(content, TEMPLATES)
    messages = [str(p) for p in problems]
    assert any(m.startswith("content/sources/stray.txt:1: source has no event") for m in messages), messages
    assert not any("nobody-here" in m for m in messages), messages


def test_an_alias_naming_two_speakers(content):
    with (content / "registry" / "people.yaml").open("a", encoding="utf-8") as people:
        people.write("- id: another-ban\n  name: Another Ban\n  aliases: [Mr. Ban]\n")
    problems, _ = check(content, TEMPLATES)
    assert any("alias 'Mr. Ban' names several speakers: another-ban, ban-ki-moon" in str(p) for p in problems)


def test_a_template_that_breaks_a_link_fails_the_check(content, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    home = templates / "home.html"
    home.write_text(
        home.read_text(encoding="utf-8").replace("{% block main %}", '{% block main %}<a href="nowhere/">x</a>'),
        "utf-8",
    )
    result = run_cli("check", "--content", str(content), "--templates", str(templates))
    assert result.returncode == 1
    assert "_site/index.html: broken link: 'nowhere/'" in result.stdout


def test_malformed_registry_is_one_located_problem(content):
    (content / "registry" / "titles.yaml").write_text("- id: x\n  label: [oops\n", encoding="utf-8")
    result = run_cli("check", "--content", str(content))
    assert result.returncode == 1 and "titles.yaml:" in result.stdout and "Traceback" not in result.stderr


def test_strict_build_turns_warnings_into_errors_naming_the_line(content, tmp_path):
    text = "Workshop\n\nGENEVA, 12 March 2015 – The Workshop was held.\n\n“We must act, said Ban Ki-moon.\n\nHe left.\n"
    (content / "sources" / "unclosed.txt").write_text(text, encoding="utf-8")
    site = ["--content", str(content), "--templates", str(TEMPLATES), "--out", str(tmp_path / "site")]
    result = run_cli("build", "--strict", *site)
    assert result.returncode == 1
    assert "unclosed.txt:5: warning: quotation opened and not closed" in result.stderr
    assert not (tmp_path / "site").exists()


def test_repeated_warnings_are_grouped_and_quote_whole_words():
    from r2p_archive.cli import SHOWN, grouped
    from r2p_archive.errors import Notice

    words = "Prevention is the best protection we have for every population at risk"
    notices = [
        Notice("a.txt", n, "quotation-without-speaker", f"quotation with no speaker: “{words}”") for n in range(6)
    ]
    notices.append(Notice("a.txt", 9, "no-event", "no event found"))
    lines = grouped(notices)
    assert lines[:SHOWN] == [str(n) for n in notices[:SHOWN]]
    assert lines[SHOWN] == f"a.txt: and {6 - SHOWN} more warnings of this kind (quotation-without-speaker)"
    assert lines[-1] == "a.txt:9: warning: no event found"


def test_a_warning_quotes_whole_words(content):
    quoted = "prevention is the best protection we have for every population at risk of atrocity crimes anywhere"
    (content / "sources" / "cut.txt").write_text(f"A note\n\nDelegates heard that “{quoted}”.\n", encoding="utf-8")
    result = check(content, TEMPLATES)
    (warning,) = [w for w in result.warnings if w.path.endswith("cut.txt") and w.kind == "quotation-without-speaker"]
    shown = warning.message.split("“", 1)[1].removesuffix(" …”")
    assert warning.message.endswith(" …”") and quoted.startswith(shown + " ")
