"""Extraction on the bundled sources, scored against hand annotations in tests/data/.

The scores are printed (pytest -s) and guarded: a change to the rules may not lower them.
"""

from __future__ import annotations

from pathlib import Path

from loader_helpers import bundled
from r2p_archive.evaluate import score

GOLD = Path(__file__).parent / "data" / "gold-quotations.yaml"
GOLD_PARAPHRASES = Path(__file__).parent / "data" / "gold-paraphrases.yaml"


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


def test_paraphrase_precision_recall_and_speakers():
    scores = score(bundled(), GOLD_PARAPHRASES, "paraphrase")
    print(
        f"\nparaphrases: precision {scores.precision:.2f} ({scores.found}/{scores.extracted}), "
        f"recall {scores.recall:.2f} ({scores.found}/{scores.gold}), "
        f"speaker accuracy {scores.speaker_accuracy:.2f} ({scores.right_speaker}/{scores.found})"
    )
    assert scores.precision == 1.0
    assert scores.recall >= 0.85
    assert scores.speaker_accuracy == 1.0
