"""The archivist corrects the machine in a source's sidecar (corrections.py), and check says what to review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loader_helpers import CONTENT, ROOT
from r2p_archive.check import check, review_notes
from r2p_archive.errors import SKIPPED
from r2p_archive.load import load_archive

TEXT = """Lantern Dialogue on Prevention, New York, 4 May 2014

“Prevention is a duty we all share today,” said Adama Dieng.

Mr. Paul Grey had chaired the morning. “We saw the warning signs and did nothing at all,” he said.

Peru stressed that early warning must lead to early action.
"""


def content_with(tmp_path: Path, sidecar: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "sources" / "lantern.txt").write_text(TEXT, encoding="utf-8")
    (content / "sources" / "lantern.yaml").write_text(sidecar, encoding="utf-8")
    return content


def lantern(content: Path):
    archive = load_archive(content)
    return archive, [s for s in archive.statements if s.source == "lantern"]


def test_a_correction_names_the_speaker_and_says_so_on_every_rebuild(tmp_path):
    content = content_with(
        tmp_path,
        "kind: news-article\ncorrections:\n"
        '  - {statement: "we saw the warning SIGNS", speaker: jan-eliasson, note: "Eliasson spoke, the minutes say"}\n'
        "  - {at: 3, not_a_statement: true}\n",
    )
    for _ in range(2):  # the second load reads the extraction cache's way in: the corrections hold
        archive, statements = lantern(content)
        assert [s.speaker for s in statements] == ["adama-dieng", "jan-eliasson"]
        fixed = statements[1]
        assert fixed.speaker_label == "Jan Eliasson"
        assert fixed.attribution.startswith("corrected by the archivist; Eliasson spoke, the minutes say")
        assert "the loader read: Paul Grey" in fixed.attribution
        assert not [w for w in archive.warnings if "correction" in w.message]


def test_a_correction_that_matches_nothing_is_reported_by_check(tmp_path):
    content = content_with(
        tmp_path,
        "kind: news-article\ncorrections:\n"
        '  - {statement: "Words the text never had", speaker: jan-eliasson}\n'
        "  - {at: 9, not_a_statement: true}\n"
        '  - {statement: "Prevention is a duty", speaker: nobody-we-know}\n',
    )
    result = check(content, ROOT / "templates")
    messages = [(w.path, w.line, w.message) for w in result.warnings if "correction" in w.message]
    assert [(Path(path).name, line) for path, line, _ in messages] == [
        ("lantern.yaml", 3),
        ("lantern.yaml", 4),
        ("lantern.yaml", 5),
    ]
    assert "“Words the text never had” matches no statement" in messages[0][2]
    assert "names no known speaker 'nobody-we-know'" in messages[2][2]


@pytest.mark.parametrize(
    "corrections",
    [
        "  - {speaker: jan-eliasson}",  # picks nothing
        '  - {statement: "Prevention", at: 1, speaker: jan-eliasson}',  # picks twice
        '  - {statement: "Prevention"}',  # says nothing
        "  - {at: 0, not_a_statement: true}",
        '  - {statement: "Prevention", speaker: jan-eliasson, colour: red}',
    ],
)
def test_a_malformed_correction_leaves_its_source_out_with_a_warning_at_its_line(tmp_path, corrections):
    """One source's mistake never stops the archive: the source waits, every other one is read."""
    content = content_with(tmp_path, "kind: news-article\ncorrections:\n" + corrections + "\n")
    archive = load_archive(content)
    (notice,) = [w for w in archive.warnings if w.kind == SKIPPED and w.path.endswith("lantern.yaml")]
    assert notice.line == 3 and "correction" in notice.message and "lantern.txt is left out" in notice.message
    assert "lantern" not in {s.id for s in archive.sources}
    assert {p.stem for p in (CONTENT / "sources").glob("*.txt")} <= {s.id for s in archive.sources}


def test_check_lists_the_attributions_it_is_least_sure_of(tmp_path):
    archive, _ = lantern(content_with(tmp_path, "kind: news-article\n"))
    notes = [n for n in review_notes(archive) if "lantern" in n]
    assert len(notes) == 1 and "lantern.txt:5: review: “We saw the warning signs" in notes[0]
    assert "the latest person named it fits" in notes[0]
