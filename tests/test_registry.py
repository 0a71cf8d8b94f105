"""Registry and sidecar validation: every error names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from loader_helpers import CONTENT
from r2p_archive.errors import ArchiveError, ArchiveErrors
from r2p_archive.load import load_archive
from r2p_archive.registry import load_registry


def append(path: Path, text: str) -> int:
    """Append ``text`` and return the line number it starts on."""
    line = path.read_text(encoding="utf-8").count("\n") + 1
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
    return line


def test_bundled_registry_is_valid():
    registry = load_registry(CONTENT / "registry")
    assert any(s.id == "ban-ki-moon" for s in registry.speakers)
    assert len([s for s in registry.speakers if s.kind == "state"]) == 193 + 2  # Member and Observer States


def test_unknown_field_names_file_and_line(content):
    people = content / "registry" / "people.yaml"
    line = append(people, "- id: someone\n  name: Some One\n  nmae: typo\n")
    with pytest.raises(ArchiveError) as error:
        load_registry(content / "registry")
    assert error.value.path == people and error.value.line == line + 2
    assert "unknown field 'nmae'" in str(error.value)


def test_duplicate_id_names_both_places(content):
    people = content / "registry" / "people.yaml"
    line = append(people, "- id: ban-ki-moon\n  name: Another Ban\n")
    with pytest.raises(ArchiveError, match="duplicate speaker id 'ban-ki-moon'") as error:
        load_registry(content / "registry")
    assert error.value.line == line and "people.yaml:" in str(error.value)


def test_missing_field(content):
    themes = content / "registry" / "themes.yaml"
    line = append(themes, "- id: lonely\n")
    with pytest.raises(ArchiveError, match="missing required field 'label'") as error:
        load_registry(content / "registry")
    assert error.value.line == line


def test_unknown_title_in_a_role(content):
    people = content / "registry" / "people.yaml"
    append(people, "- id: x-y\n  name: X Y\n  roles:\n    - {title: pope, from: 2001-01-01}\n")
    with pytest.raises(ArchiveError, match="unknown title 'pope'"):
        load_registry(content / "registry")


def test_malformed_yaml_gives_line_and_column(content):
    themes = content / "registry" / "themes.yaml"
    line = append(themes, "- id: [unclosed\n")
    with pytest.raises(ArchiveError, match="malformed YAML") as error:
        load_registry(content / "registry")
    assert error.value.line is not None and error.value.line >= line and error.value.column is not None


def test_id_that_is_not_a_slug(content):
    themes = content / "registry" / "themes.yaml"
    append(themes, "- id: ../escape\n  label: Escape\n")
    with pytest.raises(ArchiveError, match="not a URL-safe slug"):
        load_registry(content / "registry")


def test_sidecar_unknown_field(content):
    sidecar = content / "sources" / "gcr2p-fifth-ministerial-meeting.yaml"
    line = append(sidecar, "dated: 2012-09-28\n")
    archive = load_archive(content)  # the source is left out, every other one read
    (notice,) = [n for n in archive.warnings if n.path.endswith(sidecar.name)]
    assert notice.line == line and "gcr2p-fifth-ministerial-meeting.txt is left out" in notice.message
    assert "unknown field 'dated'" in notice.message
    assert "gcr2p-fifth-ministerial-meeting" not in {s.id for s in archive.sources} and archive.sources


def test_unknown_affiliation(content):
    people = content / "registry" / "people.yaml"
    line = append(
        people,
        "- id: x-y\n  name: X Y\n  roles:\n    - {title: foreign-minister, from: 2001-01-01, affiliation: atlantis}\n",
    )
    with pytest.raises(ArchiveError, match="unknown affiliation 'atlantis'") as error:
        load_registry(content / "registry")
    assert error.value.line == line + 3


def test_every_registry_error_is_reported_at_once(content):
    registry = content / "registry"
    people = registry / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8") + "- id: one\n  nmae: typo\n- id: two\n  name: Two Ones\n  aliases: ['']\n",
        encoding="utf-8",
    )
    themes = registry / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8") + "- id: Bad Id\n  label: X\n", encoding="utf-8")
    with pytest.raises(ArchiveErrors) as error:
        load_registry(registry)
    places = [(Path(e.path).name, e.message.split(" ")[0]) for e in error.value.errors]
    assert [name for name, _ in places] == ["people.yaml", "people.yaml", "themes.yaml"]
    assert len(str(error.value).splitlines()) == 3
