"""The sample site's bytes, stored: a change to any page of the hand-made archive shows here.

A refactoring must leave every byte as it was. When a change to the pages is meant, look at the
listed pages, then store the new snapshot with ``R2P_UPDATE_SNAPSHOT=1 python -m pytest
tests/test_snapshot.py`` and commit it with the change.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from fixtures import sample_archive
from r2p_archive.export import exports
from r2p_archive.site import render_site

SNAPSHOT = Path(__file__).parent / "data" / "sample-site.json"


def digests(templates: Path) -> dict[str, str]:
    archive = sample_archive()
    files = {f"plain/{p}": data for p, data in render_site(archive, templates).items()}
    files |= {f"based/{p}": data for p, data in render_site(archive, templates, "https://example.org/").items()}
    files |= {f"plain/{p}": "".join(pieces).encode() for p, pieces in exports(archive).items()}
    return {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())}


def test_the_sample_site_is_byte_for_byte_the_stored_snapshot(templates):
    made = digests(templates)
    if os.environ.get("R2P_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(made, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changed = sorted(path for path in made.keys() | stored.keys() if made.get(path) != stored.get(path))
    assert not changed, f"{len(changed)} file(s) differ from the snapshot: {changed[:20]}"
