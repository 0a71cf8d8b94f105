"""The Pagefind index, written through Pagefind's Python API (binary from ``pagefind-bin``).

Pagefind reads the rendered pages: only elements marked ``data-pagefind-body`` (record
pages) are indexed, so site chrome never is. Each statement page carries its filters,
meta and date sort as ``data-pagefind-*`` attributes (see ``statement_search_fields``).
The whole folder is indexed in one request: the Python API answers one request per
poll (a tenth of a second), so a request per page would cost minutes on a large archive.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import signal
from pathlib import Path

import cbor2
from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from r2p_archive.errors import ArchiveError
from r2p_archive.records import STATEMENT_KIND_LABELS, Event, Speaker, Statement, Theme, partial_iso

_SIGNATURE = b"pagefind_dcd"  # Pagefind's files: gzip of this signature followed by CBOR
_META_PAGES, _META_INDEX, _META_FILTERS = 1, 2, 3  # pf_meta: [version, pages, chunks, filters, sorts, meta]
_STATIC_FILES = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-worker.js", "wasm.en.pagefind")
STATEMENT_WEIGHT = "4.0"  # a statement's own words outrank the same words quoted on other pages
# Pagefind's UI writes filter values into its page as HTML (entities decoded, so escaping does not
# help): characters that could make markup become look-alikes in filter values, and only there.
_INERT = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def statement_search_fields(
    statement: Statement, speaker: Speaker | None, event: Event | None, themes: list[Theme]
) -> dict[str, object]:
    """Filters, meta and sort for one statement page, as (name, value) pairs for the template.

    (Its ``type`` filter, like every record page's, comes from the base template.)"""
    speaker_name = speaker.name if speaker else statement.speaker_label
    filters = [
        ("speaker", speaker_name),
        ("speaker kind", speaker.kind if speaker else "anonymous"),
        ("kind", STATEMENT_KIND_LABELS[statement.kind].lower()),
        *(("theme", theme.label) for theme in themes),
    ]
    meta = [("speaker", speaker_name), ("kind", STATEMENT_KIND_LABELS[statement.kind].lower())]
    if event is not None:
        filters += [("event", event.title), ("year", str(event.date.year))]
        meta += [("event", event.title), ("date", partial_iso(event.date, event.date_precision))]
    return {
        "filters": [(name, value.translate(_INERT)) for name, value in filters],
        "meta": meta,
        "sort": event.date.isoformat() if event else None,
        "weight": STATEMENT_WEIGHT,
    }


async def _index(site: Path) -> None:
    """Index every page and write the bundle.

    The service is closed (its process terminated) only once the bundle on disk is complete:
    Pagefind answers the write request before every file has landed, and the API's context
    manager terminates it right after, which can leave an empty pagefind-entry.json."""
    config = IndexConfig(output_path=str(site / "pagefind"), force_language="en")
    service = await _launch_shielded()
    try:
        index = await service.create_index(config)
        result = await index.add_directory(str(site), glob="**/*.html")
        if not result or not result.get("page_count"):
            raise ArchiveError("search indexing found no pages to index", site)
        await index.write_files()
        await _until_complete(site / "pagefind")
    finally:
        await _stop(service)


async def _stop(service: PagefindService) -> None:
    """Close the service; if closing fails (it does when a Ctrl-C cancelled a request), kill
    Pagefind and wait for it, so it never writes into a folder after the build removed it."""
    try:
        await service.close()
    except BaseException:
        process, poller = service._backend, service._poll_task  # the API offers no other handles
        poller.cancel()
        if process.returncode is None:
            process.kill()
        await asyncio.gather(process.wait(), poller, return_exceptions=True)
        raise


async def _launch_shielded() -> PagefindService:
    """Start Pagefind with Ctrl-C blocked in it (a blocked signal mask is inherited).

    A terminal sends Ctrl-C to the whole process group: Pagefind dying under the API's feet
    leaves asyncio to print tracebacks. Shielded, it is stopped by our own clean-up instead."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return await PagefindService().launch()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


async def _until_complete(pagefind: Path, timeout: float = 120.0, interval: float = 0.05) -> None:
    """Wait until the bundle is whole: every file named is there, none is empty, and nothing
    has changed between two looks."""
    waited, previous = 0.0, None
    while True:
        snapshot = _snapshot(pagefind)
        if snapshot == previous and snapshot[2] == 0 and _complete(pagefind):
            return
        if waited >= timeout:
            raise ArchiveError("Pagefind did not finish writing its index", pagefind)
        previous = snapshot
        await asyncio.sleep(interval)
        waited += interval


def _snapshot(pagefind: Path) -> tuple[int, int, int]:
    """(files, bytes, empty files) under the bundle folder."""
    sizes = [path.stat().st_size for path in pagefind.rglob("*") if path.is_file()]
    return len(sizes), sum(sizes), sum(1 for size in sizes if size == 0)


def _complete(pagefind: Path) -> bool:
    """Every file the entry and meta name is on disk; the small index files read whole."""
    try:
        entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
        for details in entry["languages"].values():
            meta = _read(pagefind / f"pagefind.{details['hash']}.pf_meta")
            for _, name in meta[_META_FILTERS]:
                _read(pagefind / "filter" / f"{name}.pf_filter")
            named = [pagefind / "index" / f"{chunk[2]}.pf_index" for chunk in meta[_META_INDEX]]
            named += [pagefind / "fragment" / f"{page[0]}.pf_fragment" for page in meta[_META_PAGES]]
            if not all(path.is_file() for path in named):
                return False
        return all((pagefind / name).is_file() for name in _STATIC_FILES)
    except (OSError, ValueError, KeyError, IndexError, EOFError, gzip.BadGzipFile, ArchiveError, cbor2.CBORDecodeError):
        return False


def write_index(site: Path) -> None:
    """Write ``site/pagefind/`` from the pages already written under ``site``."""
    indexing = _index(site)
    try:
        asyncio.run(indexing)
    except ArchiveError:
        raise
    except Exception as exc:  # the service reports its failures as plain exceptions
        raise ArchiveError(f"search indexing failed: {exc}", site / "pagefind") from exc
    finally:
        indexing.close()  # a Ctrl-C before asyncio.run started it: no "never awaited" warning
    canonicalize(site / "pagefind")


# Pagefind writes its filter lists from hash maps, so their order (and with it the file names)
# changes from run to run (Pagefind issue #638). We sort them and name the files afresh from
# their content, so two builds of the same archive give the same bytes.


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ArchiveError("unexpected Pagefind file format", path)
    return cbor2.loads(data[len(_SIGNATURE) :])


def _write(path_for, language: str, digits: int, value) -> str:
    """Write ``value`` as Pagefind does (gzip of signature + CBOR), named by its content hash."""
    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    path_for(name).write_bytes(data)
    return name


def canonicalize(pagefind: Path) -> None:
    """Sort filter values and filter lists; rename filter and meta files by their content."""
    entry_path = pagefind / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = pagefind / f"pagefind.{details['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, old_hash in meta[_META_FILTERS]:
            old = pagefind / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read(old)
            values = sorted([value, sorted(pages)] for value, pages in values)
            old.unlink()
            new_name = _write(lambda n: pagefind / "filter" / f"{n}.pf_filter", language, 7, [filter_name, values])
            filters.append([name, new_name])
        meta[_META_FILTERS] = sorted(filters)
        meta_path.unlink()
        details["hash"] = _write(lambda n: pagefind / f"pagefind.{n}.pf_meta", language, 10, meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
