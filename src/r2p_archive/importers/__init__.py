"""Importers: whole collections brought into ``content/`` as sources the loader reads like any other.

One small table, keyed by the name the command line uses (``r2p-archive import NAME PATH``), as
Pelican's readers are keyed by file type; no plugin system. An importer writes source texts and
their sidecars and nothing else: the build never knows a source was imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from r2p_archive.importers import ungdc
from r2p_archive.importers.files import ImportReport

Importer = Callable[..., ImportReport]  # (corpus, content, *, everything=False) -> what it did

IMPORTERS: dict[str, tuple[Importer, str]] = {
    "ungdc": (ungdc.import_corpus, "the UN General Debate Corpus (the folder holding TXT/ and the speakers table)"),
}


def run(name: str, corpus: Path, content: Path, *, everything: bool = False) -> ImportReport:
    importer, _ = IMPORTERS[name]
    return importer(corpus, content, everything=everything)
