"""Extraction on the bundled sources, scored against hand annotations in tests/data/.

The scores are printed (pytest -s) and guarded: a change to the rules may not lower them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loader_helpers import bundled
from r2p_archive.evaluate import score

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("kind", "gold", "min_recall"),
    [("quote", "gold-quotations.yaml", 0.9), ("paraphrase", "gold-paraphrases.yaml", 0.85)],
)
def test_precision_recall_and_speakers(kind: str, gold: str, min_recall: float):
    scores = score(bundled(), DATA / gold, kind)
    print(
        f"\n{kind}: precision {scores.precision:.2f} ({scores.found}/{scores.extracted}), "
        f"recall {scores.recall:.2f} ({scores.found}/{scores.gold}), "
        f"speaker accuracy {scores.speaker_accuracy:.2f} ({scores.right_speaker}/{scores.found})"
    )
    assert scores.precision == 1.0
    assert scores.recall >= min_recall
    assert scores.speaker_accuracy == 1.0
