"""The Pagefind index, written through Pagefind's Python API (binary from ``pagefind-bin``).

Pagefind reads the rendered pages: only elements marked ``data-pagefind-body`` (record
pages) are indexed, so site chrome never is. Each statement page carries its filters,
meta and date sort as ``data-pagefind-*`` attributes (see ``statement_search_fields``).
The whole folder is indexed in one request: the Python API answers one request per
poll (a tenth of a second), so a request per page would cost minutes on a large archive.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from r2p_archive.errors import ArchiveError
from r2p_archive.records import Event, Speaker, Statement, Theme

KIND_LABELS = {"quote": "quotation", "paraphrase": "paraphrase", "remarks": "remarks"}
STATEMENT_WEIGHT = "4.0"  # a statement's own words outrank the same words quoted on other pages


def statement_search_fields(
    statement: Statement, speaker: Speaker | None, event: Event | None, themes: list[Theme]
) -> dict[str, object]:
    """Filters, meta and sort for one statement page, as (name, value) pairs for the template."""
    speaker_name = speaker.name if speaker else statement.speaker_label
    filters = [
        ("type", "Statement"),
        ("speaker", speaker_name),
        ("speaker kind", speaker.kind if speaker else "anonymous"),
        ("kind", KIND_LABELS[statement.kind]),
        *(("theme", theme.label) for theme in themes),
    ]
    meta = [("speaker", speaker_name), ("kind", KIND_LABELS[statement.kind])]
    if event is not None:
        filters += [("event", event.title), ("year", str(event.date.year))]
        meta += [("event", event.title), ("date", event.date.isoformat())]
    return {
        "filters": filters,
        "meta": meta,
        "sort": event.date.isoformat() if event else None,
        "weight": STATEMENT_WEIGHT,
    }


async def _index(site: Path) -> None:
    config = IndexConfig(output_path=str(site / "pagefind"), force_language="en")
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site), glob="**/*.html")
        if not result or not result.get("page_count"):
            raise ArchiveError("search indexing found no pages to index", site)
        await index.write_files()


def write_index(site: Path) -> None:
    """Write ``site/pagefind/`` from the pages already written under ``site``."""
    try:
        asyncio.run(_index(site))
    except ArchiveError:
        raise
    except Exception as exc:  # the service reports its failures as plain exceptions
        raise ArchiveError(f"search indexing failed: {exc}", site / "pagefind") from exc
