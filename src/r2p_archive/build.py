"""Run the steps in order and swap the new site in atomically.

The site is built in a temporary folder beside the output. Only when every step has
succeeded is the old output renamed away and the new one renamed into place, so a failed
or interrupted build leaves the previous site exactly as it was.

Rebuilds are incremental: a build whose inputs (content, templates, options, code) have not
changed does nothing; otherwise unchanged sources are not re-read (their extraction is cached)
and pages whose context is unchanged are hard-linked from the previous output, not rendered.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from r2p_archive import cache as caching
from r2p_archive import listing, state, workers
from r2p_archive.addresses import check_web_address
from r2p_archive.database import DATABASE, METADATA, metadata_yaml, write_database
from r2p_archive.errors import ArchiveError, Notice
from r2p_archive.export import exports
from r2p_archive.extract import Extraction
from r2p_archive.load import load_archive
from r2p_archive.output import (
    MARKER,
    check_replaceable,
    exclusive,
    new_staging,
    remove_marked,
    staging_from_spare,
    swap,
)
from r2p_archive.records import Archive
from r2p_archive.search.documents import choices, shards
from r2p_archive.search.index import files as word_index
from r2p_archive.search.pagefind import CODE_FILES, IndexPlan, IndexReport, planned_index, started_index
from r2p_archive.search.pagefind import MANIFEST as MANIFEST_NAME
from r2p_archive.site import Rendered, check_output_path, render_changed, site_lookups
from r2p_archive.site.lookups import Lookups
from r2p_archive.site.render import Previous, recipe_salt, templates_digest
from r2p_archive.state import NOTHING_WRITTEN, WrittenSite
from r2p_archive.writing import file_digest

Progress = Callable[..., Iterable]


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    rendered: int = 0
    statements: int = 0
    warnings: tuple[Notice, ...] = ()
    unchanged: bool = False
    shards_indexed: tuple[str, ...] = ()  # search shards indexed afresh
    shards_kept: tuple[str, ...] = ()  # search shards kept from the previous build


@contextmanager
def _phase(report: BuildReport, name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    report.timings[name] = report.timings.get(name, 0.0) + time.perf_counter() - started


def no_progress(items: Iterable, total: int | None = None, desc: str | None = None) -> Iterable:
    return items


def load(content: Path, report: BuildReport, cache: Path | None = None, progress: Progress = no_progress) -> Archive:
    """The archive, each step timed into ``report``; extractions cached under ``cache``."""
    salt = caching.code_digest() + caching.tree_digest(content / "registry")
    with workers.long_lived():
        archive = load_archive(
            content,
            caching.ExtractionCache(cache, salt, Extraction) if cache else None,
            lambda items, total=None: progress(items, total, "extract"),
            lambda name: _phase(report, name),
        )
    report.warnings = archive.warnings
    report.statements = len(archive.statements)
    return archive


class Writer:
    """Writes output files under one root, making each folder once. A file already there is replaced,
    never written into: it may be a hard link shared with the published site (see ``output``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: set[Path] = set()
        self.written: set[str] = set()

    def write(self, relative: str, data: bytes) -> None:
        self._target(relative).write_bytes(data)

    def write_pieces(self, relative: str, pieces: Iterable[str]) -> int:
        """A UTF-8 text file written as its pieces come, never held whole; its size in bytes."""
        with self._target(relative).open("w", encoding="utf-8", newline="") as file:
            file.writelines(pieces)
            return file.tell()

    def made_by(self, relative: str, make: Callable[[Path], None]) -> int:
        """A file ``make`` writes at the path it is given; its size in bytes."""
        target = self._target(relative)
        make(target)
        return target.stat().st_size

    def link(self, relative: str, existing: Path) -> int:
        """A file that is the same bytes as ``existing``, linked to it (or copied); its size in bytes."""
        target = self._target(relative)
        link_or_copy(existing, target)
        return target.stat().st_size

    def _target(self, relative: str) -> Path:
        target = self.root / check_output_path(relative)
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
        target.unlink(missing_ok=True)
        self.written.add(relative)
        return target


def link_unchanged(previous: Path, staging: Path, reused: dict[str, str], staged: dict[str, str]) -> None:
    """Reuse the previous build's bytes for pages whose inputs did not change (path -> digest), unless
    the staging folder (the spare) already holds the same page."""
    for relative, digest in sorted(reused.items()):
        if staged.get(relative) == digest:
            continue
        target = staging / check_output_path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        link_or_copy(previous / relative, target)


def link_or_copy(existing: Path, target: Path) -> None:
    """``target`` made the same file as ``existing``: a hard link, or a copy where links cannot be made."""
    try:
        os.link(existing, target)
    except OSError:
        shutil.copy2(existing, target)


def remove_strays(staging: Path, spare: listing.Listing, keep: set[str]) -> set[str]:
    """Delete what the spare held that this build did not make, and the folders it leaves empty (tried
    with rmdir, which refuses a folder that is not: listing statements/ would read 40,000 names).
    The folders whose entries changed since the spare was listed, by this build or by this: every
    other folder still has the time the spare's listing gives it."""
    changed = listing.changed_folders(staging, spare)
    touched = set(changed)
    for path in listing.strays(staging, spare, keep, changed):
        touched.update(_folders_above(path))
        target = staging / path
        target.unlink(missing_ok=True)  # gone with a search shard replaced whole
        folder = target.parent
        while folder != staging:
            try:
                folder.rmdir()
            except FileNotFoundError:
                pass
            except OSError as exc:
                if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                    break
                raise
            folder = folder.parent
    return touched


def _folders_above(path: str) -> Iterator[str]:
    """Every folder that holds ``path``, up to the root (``listing.ROOT``)."""
    while path:
        path = os.path.dirname(path)
        yield path


def still_as_in_spare(
    spare: listing.Listing, staged: dict[str, str], rendered: Rendered, indexed: IndexReport | None, touched: set[str]
) -> listing.Listing:
    """What of the spare's listing still holds in the new site: its pages this build kept as they were
    (checked intact at the start), the files of its search shards kept in place (checked before
    indexing; Pagefind's code is copied afresh), and the folders no file was added to or removed from."""
    kept = {path for path in rendered.reused if staged.get(path) == rendered.digests[path]}
    in_place = tuple(f"pagefind/{shard}/" for shard in indexed.in_place) if indexed else ()
    kept |= {p for p in spare.files if p.startswith(in_place) and p.rsplit("/", 1)[-1] not in CODE_FILES}
    files = {path: spare.files[path] for path in kept if path in spare.files}
    return listing.Listing(files, {folder: time for folder, time in spare.folders.items() if folder not in touched})


def drop_damaged_shards(staging: Path, spare: listing.Listing) -> None:
    """Remove each search shard of the spare that is not exactly as the spare's listing has it (a file
    changed, missing or unknown to it), so none is kept in place; and all of them if the bundle's
    manifest, which gives their digests, is not as listed. A spare whose listing is unknown keeps none."""
    bundle = staging / "pagefind"
    if not bundle.is_dir():
        return
    listed = {path: entry for path, entry in spare.files.items() if path.startswith("pagefind/")}
    intact = listing.intact(staging, listing.Listing(listed, {}))
    manifest = f"pagefind/{MANIFEST_NAME}"
    for shard in (entry for entry in bundle.iterdir() if entry.is_dir()):
        prefix = f"pagefind/{shard.name}/"
        on_disk = {prefix + path for path in listing.walk(shard)}
        known = {path for path in listed if path.startswith(prefix)}
        if manifest not in intact or not known or on_disk != known or not known <= intact:
            shutil.rmtree(shard)


def bundle_files(staging: Path, indexed: IndexReport, spare: listing.Listing) -> set[str]:
    """The search bundle's files this build made or kept: its manifest and its shards' files (of a shard
    kept where it lay in the spare, those the spare's listing has: anything added to it since is a stray)."""
    made = {*indexed.indexed, *indexed.kept} - set(indexed.in_place)
    found = {f"pagefind/{MANIFEST_NAME}"}
    for path in listing.walk(staging / "pagefind"):
        shard, relative = path.split("/")[0], f"pagefind/{path}"
        if shard in made or (shard in indexed.in_place and relative in spare.files) or path in indexed.code:
            found.add(relative)
    return found


def build(
    content: Path,
    output: Path,
    *,
    templates: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
    incremental: bool = True,
    progress: Progress = no_progress,
    search: bool = True,
) -> BuildReport:
    """content/ -> output/, all or nothing.

    ``search=False`` leaves the Pagefind index out: the benchmarks use it to measure the rest of the
    build at sizes whose index would not fit in memory. Such a site is never taken as up to date."""
    report = BuildReport()
    templates = templates or content.parent / "templates"
    output = output.resolve()
    check_replaceable(output, content, templates)
    if base_url is not None:
        check_web_address(base_url, "--base-url")
    cache = caching.folder_for(output)  # read only when incremental; written after every build
    try:
        with exclusive(output, cache / "lock"), workers.collected_after():
            _build_locked(content, output, templates, cache, report, base_url, strict, incremental, progress, search)
    except OSError as exc:  # a full disk, a read-only folder: the previous site is still in place
        raise ArchiveError(f"could not write the site: {exc.strerror or exc}", exc.filename or output) from None
    return report


def _build_locked(content, output, templates, cache, report, base_url, strict, incremental, progress, search) -> None:
    for folder, name in ((content, "content"), (templates, "templates")):
        if not folder.is_dir():  # said before any work is done
            raise ArchiveError(f"{name} folder not found", folder)
    with _phase(report, "check"):
        fresh, inputs, last = caching.up_to_date(content, templates, output, base_url, strict)
    if incremental and fresh and last:
        report.unchanged = True
        report.pages = last.page_count()
        return
    archive = load(content, report, cache if incremental else None, progress)
    if strict and archive.warnings:
        raise ArchiveError("warnings are errors with --strict:\n  " + "\n  ".join(map(str, archive.warnings)))
    last = last if incremental else None
    from_spare = staging_from_spare(output) if last else None
    staging = from_spare or new_staging(output)
    try:
        with (
            workers.in_background(
                _write_exports, (archive, staging, output, last.database if last else None), yielding=True
            ) as exported,
            ExitStack() as running,
        ):
            with _phase(report, "render"):  # before the index's plan is forked: it reads them too
                site = site_lookups(archive, base_url)
            previous_site = output if incremental and output.is_dir() else None
            spare_bundle = last.spare("pagefind/") if last and from_spare else NOTHING_WRITTEN
            planning = (site, staging, spare_bundle.listing, previous_site, cache)
            background = workers.in_background(_planned_index, planning) if search else nullcontext(lambda: None)
            planned = running.enter_context(background)
            del planning  # else it would keep the lookups, and so the archive, until the build is recorded
            with _phase(report, "check"):  # what the spare and the site hold, and what its pages read, to reuse
                staged = last.spare_pages(from_spare) if last and from_spare else {}
                pages = last.site_pages(output, staged) if last else None
                salt = recipe_salt(templates_digest(templates), base_url)
                recipes, held = last.recipes(salt) if pages is not None and last else ({}, {})
                previous = Previous(pages or {}, recipes, held)
                replaced_known = pages is not None
                del pages, recipes, held  # ``previous`` holds them, and is let go after rendering
            with _phase(report, "index"):  # Pagefind started as soon as its documents are ready
                plan = planned()
                index = running.enter_context(started_index(plan, cache)) if plan else None
            writer = Writer(staging)
            with _phase(report, "render"):  # the data page last, once the downloads are written
                rendered = _render(site, templates, previous, progress, writer.write, lambda: exported()[0])
            if search:
                with _phase(report, "index"):  # the statements' own word index (see search/index.py)
                    for path, data in word_index(site).items():
                        writer.write(path, data)
            sizes, database = exported()
            # the records, and what the last build left, are not needed any more: at 390,000 statements they
            # are 1.4 GiB, and the spare's whole listing is read next (a slot's listing is 290 MiB there)
            del site, previous, archive
            with _phase(report, "check"):
                spare = last.spare() if last and from_spare else NOTHING_WRITTEN
            report.pages = len(rendered.digests)
            report.rendered = report.pages - len(rendered.reused)
            ours = {*rendered.digests, *sizes, *writer.written, MARKER}  # every file this build made
            with _phase(report, "write"):
                link_unchanged(output, staging, {p: rendered.digests[p] for p in rendered.reused}, staged)
            with _phase(report, "index"):
                indexed = index() if index else None
        if indexed:
            report.shards_indexed, report.shards_kept = tuple(indexed.indexed), tuple(indexed.kept)
            ours |= bundle_files(staging, indexed, spare.listing)
        known = None
        if from_spare:  # a fresh staging folder holds nothing but what this build made
            with _phase(report, "write"):
                touched = remove_strays(staging, spare.listing, ours)
            known = still_as_in_spare(spare.listing, staged, rendered, indexed, touched)
        with _phase(report, "record"):
            written = WrittenSite(listing.take(staging, ours, known), rendered.digests)
        with _phase(report, "swap"):
            swap(staging, output)
    finally:
        remove_marked(staging)
    with _phase(report, "record"):
        meta = {"fingerprint": inputs if search else "", "archive": file_digest(output / caching.ARCHIVE_JSON) or ""}
        meta["database"], meta["database_digest"] = database
        made_in = spare if from_spare else None
        state.record(cache, meta, written, made_in, replaced_known, rendered.recipes, rendered.rebuilt, rendered.held)


def _write_exports(work: tuple[Archive, Path, Path, tuple[str, str] | None]) -> tuple[dict[str, int], tuple[str, str]]:
    """The data downloads written (each file's size by its path), and the database's key and digest. Run in
    a process of its own while the build reads what the last one left, as is ``_planned_index``: only the
    data page needs the sizes. The last build's database (its key and digest, if known) is kept when the
    archive and the code are unchanged and its bytes are still as that build wrote them."""
    archive, staging, output, last_database = work
    writer = Writer(staging)
    sizes = {path: writer.write_pieces(path, pieces) for path, pieces in exports(archive).items()}
    sizes[METADATA] = writer.write_pieces(METADATA, [metadata_yaml()])
    key = caching.database_key(staging / caching.ARCHIVE_JSON)
    kept = output / DATABASE
    if last_database and last_database[0] == key and file_digest(kept) == last_database[1]:
        sizes[DATABASE] = writer.link(DATABASE, kept)
        return sizes, last_database
    sizes[DATABASE] = writer.made_by(DATABASE, lambda path: write_database(archive, path))
    return sizes, (key, file_digest(staging / DATABASE) or "")


def _planned_index(work: tuple) -> IndexPlan:
    """The search index made ready to run: damaged shards of the spare dropped, documents made and synced."""
    site, staging, spare, previous, cache = work
    drop_damaged_shards(staging, spare)
    made = shards(site)
    return planned_index(staging, made, choices(made), previous, cache)


def _render(site: Lookups, templates: Path, previous: Previous, progress: Progress, sink, downloads) -> Rendered:
    """Pages, with template mistakes reported as errors naming the template and line."""
    try:
        return render_changed(
            site,
            templates,
            previous,
            lambda chunks, total: progress(chunks, total, "render"),
            parallel=True,
            sink=sink,
            downloads=downloads,
        )
    except TemplateSyntaxError as exc:
        raise ArchiveError(f"template error: {exc.message}", exc.filename or templates, exc.lineno) from None
    except TemplateError as exc:
        where = _template_frame(exc)
        raise ArchiveError(
            f"template error: {exc}", where[0] if where else templates, where[1] if where else None
        ) from None


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line of a rendering error, from its traceback."""
    found, trace = None, exc.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found
