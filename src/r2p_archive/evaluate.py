"""Extraction measured against hand annotations: precision, recall, speaker accuracy.

The annotation formats are documented in ``tests/data/gold-quotations.yaml`` and
``gold-paraphrases.yaml``. An annotated statement counts as found when an extracted statement of
the same kind and source starts with the annotated words; its speakers are right when the sets
match (anonymous speakers match ``anonymous``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from r2p_archive.records import Archive, Statement


@dataclass(frozen=True)
class Scores:
    gold: int  # annotated statements (terms excluded)
    extracted: int  # distinct quotations the loader made statements of
    found: int  # annotated statements it extracted
    right_speaker: int  # of those, with the right speakers

    @property
    def precision(self) -> float:
        return self.found / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.right_speaker / self.found if self.found else 1.0


def scored_speakers(statement: Statement) -> tuple[str, ...]:
    """Who said it, as annotations write it: ids, "anonymous" for an unnamed speaker, none for a document."""
    return statement.speakers or (() if statement.by_document else ("anonymous",))


def score(archive: Archive, gold_path: Path, kind: str = "quote") -> Scores:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    gold_count = extracted = found = right = 0
    for source, marked in gold.items():
        quotes: dict[str, set[str]] = {}
        for statement in archive.statements:
            if statement.source == source and statement.kind == kind:
                quotes.setdefault(statement.text, set()).update(scored_speakers(statement))
        extracted += len(quotes)
        for annotation in marked:
            if annotation.get("term"):
                continue
            gold_count += 1
            match = next((speakers for text, speakers in quotes.items() if text.startswith(annotation["words"])), None)
            if match is not None:
                found += 1
                right += match == set(annotation["speakers"])
    return Scores(gold_count, extracted, found, right)
