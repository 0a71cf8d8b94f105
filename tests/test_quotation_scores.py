"""Quotation extraction on the bundled sources, scored against tests/data/gold-quotations.yaml.

The scores are printed (pytest -s) and guarded: a change to the rules may not lower them.
"""

from __future__ import annotations

from pathlib import Path

from loader_helpers import bundled
from r2p_archive.evaluate import score

GOLD = Path(__file__).parent / "data" / "gold-quotations.yaml"


def test_quotation_precision_recall_and_speakers():
    scores = score(bundled(), GOLD)
    print(
        f"\nquotations: precision {scores.precision:.2f} ({scores.found}/{scores.extracted}), "
        f"recall {scores.recall:.2f} ({scores.found}/{scores.gold}), "
        f"speaker accuracy {scores.speaker_accuracy:.2f} ({scores.right_speaker}/{scores.found})"
    )
    assert scores.precision == 1.0
    assert scores.recall >= 0.9
    assert scores.speaker_accuracy == 1.0
