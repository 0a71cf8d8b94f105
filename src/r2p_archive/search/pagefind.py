"""Pagefind, run once per shard, and its bundle made deterministic.

Each shard (a year's documents, see ``documents``) is indexed by its own run of Pagefind's CLI
(the binary of ``pagefind-bin``), at most one per core at a time: Pagefind holds everything in
memory until its process ends, so a process per shard bounds memory by the largest year. (The
Python API runs one long-lived process and answers a request per tenth of a second; the CLI
exits when its files are written.) The first runs start before the pages are rendered and index
while they are: most of a build's steps use one core, and a rebuild's changed shard is indexed on
the other. A shard whose documents are unchanged since the previous build is linked from
it, not indexed again.

The bundle: ``pagefind/<shard>/`` for each shard, Pagefind's own code (``pagefind.js`` and its
WebAssembly) in the first shard only, which the search page imports before merging the others
(``mergeIndex``), and ``pagefind/archive.json``: the shards in that order with their digests, and
the filter choices with their counts.

Each shard also gets ``statements.gzjson`` (gzip, named so no server mistakes it for a
``Content-Encoding``): for each of its documents (by Pagefind's page id, which a search result
carries), its speaker, year and kind, and the word at which each statement starts. With it the
search page counts exactly how many statements a query found for each filter value, from the
word positions Pagefind returns, without loading a fragment or a filter file.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cbor2
from pagefind_bin import get_executable

from r2p_archive.errors import ArchiveError
from r2p_archive.search.documents import Shard, documents_digest
from r2p_archive.workers import dying_with

MANIFEST = "archive.json"
DOCUMENTS = "search-documents"  # in the scratch folder: each shard's documents as Pagefind last read them
STATEMENT_MAP = "statements.gzjson"
CODE_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "wasm.unknown.pagefind")
_SIGNATURE = b"pagefind_dcd"  # Pagefind's files: gzip of this signature followed by CBOR
_META_PAGES, _META_INDEX, _META_FILTERS = 1, 2, 3  # pf_meta: [version, pages, chunks, filters, sorts, meta]
BUNDLE_FORMAT = "2"  # changed with what is made of Pagefind's output (2: page ids carry their shard's name)
_CODE_PAGE = {"index.html": b'<!DOCTYPE html><html lang="en"><body><p>code</p></body></html>'}


@dataclass
class IndexReport:
    """Which shards were indexed and which were kept from the previous build."""

    indexed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    in_place: list[str] = field(default_factory=list)  # of those kept, the ones left where they lay in ``site``
    code: list[str] = field(default_factory=list)  # Pagefind's code files, bundle-relative: written afresh


@dataclass
class IndexPlan:
    """What ``planned_index`` found and made ready: the shards to index (their documents written for
    Pagefind), those kept, and what the manifest will say. Plain data: it is made in another process."""

    bundle: Path
    shards: list[tuple[str, list[str]]]  # every shard's name and years, in the manifest's order
    digests: dict[str, str]
    choices: dict
    to_index: list[tuple[Path, str]]  # (its documents' folder, the shard's name)
    report: IndexReport


def planned_index(site: Path, shards: list[Shard], choices: dict, previous: Path | None, scratch: Path) -> IndexPlan:
    """Make ``site/pagefind/`` ready to index: each shard still current is kept, the others' documents
    are written for Pagefind to read (in ``scratch``, see ``_synced``).

    ``previous`` is the last build's site (None: index everything). ``site`` may already hold a bundle
    (the spare copy of the site, an older build's): a shard of it that is still current stays where it
    is, and any other is replaced (the caller removes what is left of shards no longer made)."""
    if not shards:
        raise ArchiveError("search indexing found no statements to index", site)
    bundle = site / "pagefind"
    bundle.mkdir(exist_ok=True)
    in_place = _digests(bundle)
    old = previous / "pagefind" if previous else None
    kept_digests = _digests(old) if old else {}
    plan = IndexPlan(bundle, [(shard.name, list(shard.years)) for shard in shards], {}, choices, [], IndexReport())
    for shard in shards:  # each shard's documents are made, written out for Pagefind if need be, and let go
        documents = shard.documents()
        digest = plan.digests[shard.name] = documents_digest(documents, BUNDLE_FORMAT)
        if in_place.get(shard.name) == digest and _complete(bundle / shard.name):
            plan.report.kept.append(shard.name)
            plan.report.in_place.append(shard.name)
            for name in CODE_FILES:  # Pagefind's code is the first shard's alone
                (bundle / shard.name / name).unlink(missing_ok=True)
            continue
        shutil.rmtree(bundle / shard.name, ignore_errors=True)  # files may be links shared with the site
        if old and kept_digests.get(shard.name) == digest and _link_shard(old / shard.name, bundle / shard.name):
            plan.report.kept.append(shard.name)
        else:
            plan.to_index.append((_synced(documents, scratch / DOCUMENTS / shard.name), shard.name))
            plan.report.indexed.append(shard.name)
        del documents
    for stale in (scratch / DOCUMENTS).glob("*"):  # the documents of shards no longer made
        if stale.name not in plan.digests:
            _clear(stale)
    return plan


@contextlib.contextmanager
def started_index(plan: IndexPlan, scratch: Path, workers: int | None = None) -> Iterator[Callable[[], IndexReport]]:
    """Start indexing what ``plan`` made ready; the block gets ``finish``, which writes the rest of the
    bundle and says what was done.

    Pagefind runs in processes of its own, so the first of them are started at once and index while the
    caller goes on (rendering the pages, say); ``finish`` waits for them, runs the rest, and writes each
    shard's statement map, the code and the manifest. Leaving the block any other way stops them."""
    bundle, first = plan.bundle, plan.shards[0][0]
    with tempfile.TemporaryDirectory(prefix="search-", dir=scratch) as folder:
        work = Path(folder)
        code = work / "code"  # Pagefind's code, from a one-page index: the same bytes whatever the shards
        jobs = [(_synced(_CODE_PAGE, work / "0"), code), *((docs, bundle / name) for docs, name in plan.to_index)]

        def finish() -> IndexReport:
            runs.wait()
            for _, name in plan.to_index:
                _strip(bundle / name)
                canonicalize(bundle / name)
                write_statement_map(bundle / name)
            for name in CODE_FILES:
                (bundle / first / name).unlink(missing_ok=True)  # never written into: it may be a shared link
                shutil.copyfile(code / name, bundle / first / name)
                plan.report.code.append(f"{first}/{name}")
            manifest = {
                "shards": [{"name": name, "digest": plan.digests[name], "years": years} for name, years in plan.shards],
                "choices": plan.choices,
            }
            (bundle / MANIFEST).unlink(missing_ok=True)
            (bundle / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), "utf-8")
            return plan.report

        runs = _Runs(jobs, max(1, workers or os.cpu_count() or 1), work)
        try:
            yield finish
        finally:
            runs.stop()


def bundle_problems(bundle: Path) -> list[str]:
    """What is wrong with a written bundle: no manifest, a shard not whole, Pagefind's code missing."""
    try:
        names = [str(shard["name"]) for shard in json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))["shards"]]
    except (OSError, ValueError, KeyError, TypeError):
        return [f"no readable {MANIFEST}"]
    problems = [f"shard {name!r} is not whole" for name in names if not _complete(bundle / name)]
    if names:
        problems += [f"{name} missing" for name in CODE_FILES if not (bundle / names[0] / name).is_file()]
    return problems


def _digests(previous_bundle: Path) -> dict[str, str]:
    """The previous build's shard digests; none if it has no readable manifest."""
    try:
        manifest = json.loads((previous_bundle / MANIFEST).read_text(encoding="utf-8"))
        return {str(shard["name"]): str(shard["digest"]) for shard in manifest["shards"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _link_shard(old: Path, new: Path) -> bool:
    """Link a previous shard's data files into the new bundle; False (and nothing left) if it is not whole."""
    if not _complete(old):
        return False
    for path in sorted(old.rglob("*")):
        if path.is_file() and path.name not in CODE_FILES:
            target = new / path.relative_to(old)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
    return True


def _synced(documents: dict[str, bytes], folder: Path) -> Path:
    """``folder`` made to hold exactly the documents, for Pagefind to read. It is kept from build to build
    and only the documents that changed are written: here writing a file costs twenty times reading one
    (2,000 documents: 1.2 s against 0.07 s)."""
    folder.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(folder):
        if entry.name not in documents:
            _clear(Path(entry.path))
    for name, data in documents.items():
        path = folder / name
        try:
            if not path.is_symlink() and path.read_bytes() == data:
                continue
        except OSError:  # not there yet, or not a file
            pass
        _clear(path)
        path.write_bytes(data)
    return folder


def _clear(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


class _Runs:
    """Pagefind processes indexing folders of documents, ``limit`` at a time: the first are started at once
    and run in the background; ``wait`` starts the rest as others end, and ``stop`` kills what still runs.

    Each writes what it says to a file, not a pipe that nobody reads while it runs in the background.
    Pagefind starts with Ctrl-C blocked (a blocked signal mask is inherited): a terminal sends
    Ctrl-C to the whole process group, and we stop the processes ourselves, then report once."""

    def __init__(self, jobs: list[tuple[Path, Path]], limit: int, logs: Path) -> None:
        self.waiting = list(reversed(jobs))
        self.running: dict[subprocess.Popen, tuple[Path, Path]] = {}  # process -> (its output folder, its log)
        self.limit, self.logs = limit, logs
        self._fill()

    def _fill(self) -> None:
        while self.waiting and len(self.running) < self.limit:
            documents, output = self.waiting.pop()
            log = self.logs / f"{documents.name}.log"
            self.running[_start(documents, output, log)] = (output, log)

    def wait(self) -> None:
        while self.running:
            process = next(iter(self.running))
            process.wait()
            output, log = self.running.pop(process)
            if process.returncode != 0:
                message = log.read_text(errors="replace").strip().splitlines()[-1:] or ["no message"]
                raise ArchiveError(f"search indexing failed: {message[0]}", output)
            self._fill()

    def stop(self) -> None:
        for process in self.running:
            with contextlib.suppress(OSError):
                process.kill()
            process.wait()
        self.running.clear()
        self.waiting.clear()


def _start(documents: Path, output: Path, log: Path) -> subprocess.Popen:
    command = [get_executable(), "--site", str(documents), "--output-path", str(output), "--force-language", "en"]
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        with log.open("wb") as said:
            return subprocess.Popen(
                [*command, "--silent"], stdout=said, stderr=subprocess.STDOUT, preexec_fn=dying_with(os.getpid())
            )
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _strip(shard: Path) -> None:
    """Keep a shard's data only: the search page brings its own interface, and Pagefind's code
    is copied into the first shard alone."""
    for path in shard.iterdir():
        if path.is_file() and (path.suffix in (".js", ".css") or path.name.startswith("wasm.")):
            path.unlink()


def write_statement_map(shard: Path) -> None:
    """speaker -> year -> kind -> page id -> the word each of its statements starts at, read back from
    the fragments Pagefind wrote (its word positions are its own tokenizer's, so they are not guessed)."""
    found: dict = {}
    for path in sorted((shard / "fragment").glob("*.pf_fragment")):
        fragment = json.loads(_unsigned(path))
        filters = fragment["filters"]
        kinds = found.setdefault(filters["speaker"][0], {}).setdefault(filters["year"][0], {})
        starts = [anchor["location"] for anchor in fragment["anchors"] if anchor.get("id")]
        kinds.setdefault(filters["kind"][0], {})[path.stem] = starts
    data = json.dumps(found, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    (shard / STATEMENT_MAP).write_bytes(gzip.compress(data, mtime=0))


def _complete(shard: Path) -> bool:
    """Every file the shard's entry and meta name is on disk, and the small index files read whole."""
    try:
        gzip.decompress((shard / STATEMENT_MAP).read_bytes())
        entry = json.loads((shard / "pagefind-entry.json").read_text(encoding="utf-8"))
        for details in entry["languages"].values():
            meta = _read(shard / f"pagefind.{details['hash']}.pf_meta")
            for _, name in meta[_META_FILTERS]:
                _read(shard / "filter" / f"{name}.pf_filter")
            named = [shard / "index" / f"{chunk[2]}.pf_index" for chunk in meta[_META_INDEX]]
            named += [shard / "fragment" / f"{page[0]}.pf_fragment" for page in meta[_META_PAGES]]
            if not all(path.is_file() for path in named):
                return False
        return True
    except (OSError, ValueError, KeyError, IndexError, EOFError, gzip.BadGzipFile, ArchiveError, cbor2.CBORDecodeError):
        return False


def _name_pages(shard: Path, meta: list) -> None:
    """Prefix each page's id with its shard's name. Pagefind names a page by the shortest prefix of its
    hash that is unique in its own index (``en_ebc4ef5``), so two shards can give two pages one id, and
    a search across shards returns bare ids: the search page, which finds a result's speaker, year and
    kind by its id, would take one page for the other (6 shards of 1,000 sources held one such pair).
    The id is only a name (of the page's fragment file, and in the meta's page list)."""
    for page in meta[_META_PAGES]:
        named = f"{shard.name}_{page[0]}"
        (shard / "fragment" / f"{page[0]}.pf_fragment").rename(shard / "fragment" / f"{named}.pf_fragment")
        page[0] = named


# Pagefind writes its filter lists from hash maps, so their order (and with it the file names)
# changes from run to run (Pagefind issue #638). We sort them and name the files afresh from
# their content, so two builds of the same archive give the same bytes.


def _read(path: Path):
    return cbor2.loads(_unsigned(path))


def _unsigned(path: Path) -> bytes:
    """A Pagefind file's content: gunzipped, its signature checked and dropped."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ArchiveError("unexpected Pagefind file format", path)
    return data[len(_SIGNATURE) :]


def _write(path_for, language: str, digits: int, value) -> str:
    """Write ``value`` as Pagefind does (gzip of signature + CBOR), named by its content hash."""
    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    path_for(name).write_bytes(data)
    return name


def canonicalize(pagefind: Path) -> None:
    """Sort filter values and filter lists; rename filter and meta files by their content; name each
    page after its shard."""
    entry_path = pagefind / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_path = pagefind / f"pagefind.{details['hash']}.pf_meta"
        meta = _read(meta_path)
        _name_pages(pagefind, meta)
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
