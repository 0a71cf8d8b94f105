"""Rendering: every page's context built, rendered with Jinja2 and handed to a sink, in worker
processes on a large archive; a page whose context is unchanged since the last build is reused.

Pure apart from reading the templates folder: the same archive always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from collections.abc import Callable, Generator, Iterable
from contextlib import ExitStack, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from r2p_archive import feeds, urls, workers
from r2p_archive.cache import code_digest
from r2p_archive.errors import ArchiveError
from r2p_archive.records import Archive
from r2p_archive.site.frame import SITE_NAME, Page
from r2p_archive.site.kinds import NAV, Recipe, page_recipes, recipe_pages
from r2p_archive.site.links import event_summary, held_on
from r2p_archive.site.lookups import Lookups
from r2p_archive.site.reads import Recorder
from r2p_archive.state import Made

ASSETS = ("style.css", "favicon.svg", "search.js", "stemmer.js", "copy.js")


def check_output_path(path: str) -> str:
    """Output paths are made from validated slugs; this is the last line of defence against escaping the folder."""
    if path.startswith("/") or ".." in path.split("/") or "\\" in path or not path:
        raise ValueError(f"unsafe output path {path!r}")
    return path


def _normalise_base(base_url: str | None) -> str | None:
    return base_url.rstrip("/") + "/" if base_url else None


class _DictFirstEnvironment(Environment):
    """Page contexts are plain dicts, so ``item.href`` looks the key up first. Jinja tries the
    attribute first, and on a dict every such lookup raises and catches an AttributeError: a third
    of the rendering time of a large site."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(templates: Path) -> Environment:
    """Autoescape everything (archive texts are untrusted) and fail loudly on a misspelt variable."""
    env = _DictFirstEnvironment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["nav"] = NAV
    return env


def _feed_entries(site: Lookups) -> list[feeds.FeedEntry]:
    entries = []
    for event in site.events_in_order:
        summary = event_summary(site, event)
        where = f", {event.place}" if event.place else ""
        text = f"{held_on(event)}{where}. {summary['statements']} from {summary['sources']}."
        url = urls.record(urls.EVENTS, event.id)
        entries.append(feeds.FeedEntry(url.rstrip("/"), event.title, event.date, url, text))
    return entries


@dataclass(frozen=True)
class Rendered:
    """The result of rendering: new bytes, and pages whose inputs had not changed."""

    files: dict[str, bytes]  # empty when rendering wrote to a sink
    digests: dict[str, str]  # page path -> digest of its template set and context
    reused: frozenset[str]  # pages left out of ``files``: their digest matched the previous build's
    recipes: dict[str, Made]  # recipe key -> what its builder read and the pages it made, for the next build
    rebuilt: set[str]  # the keys of the recipes built this time (the others' reads held what they held)
    held: dict[str, str]  # read -> digest of what it holds now, for every read of ``recipes`` (and older ones)


@dataclass(frozen=True)
class Previous:
    """What the last build left that this one may reuse."""

    pages: dict[str, str]  # page path -> context digest, for pages whose bytes are still as written
    recipes: dict[str, Made]
    held: dict[str, str]  # read -> digest of what it held when the recipes reading it were last checked


def _digest(templates_digest: str, page: Page) -> str:
    """What a page's bytes depend on: the templates and its context (records it shows included)."""
    context = json.dumps(page.context, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{templates_digest}\0{page.template}\0{context}".encode()).hexdigest()[:32]


def templates_digest(templates: Path) -> str:
    """The template set, with the globals every template sees (the navigation)."""
    digest = hashlib.sha256(repr(NAV).encode())
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        digest.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def recipe_salt(templates_key: str, base_url: str | None) -> str:
    """What every page depends on besides what it reads (the templates, the code, the site's address): the
    start of every recipe's key, so a recipe of another template set or version is never taken for one
    of this build's. The build reads only the last build's recipes that start so (``state``)."""
    digest = f"{templates_key}\0{code_digest()}\0{_normalise_base(base_url)}"
    return hashlib.sha256(digest.encode()).hexdigest()[:16]


def recipe_key(recipe: Recipe, salt: str) -> str | None:
    """A recipe's name across builds (its builder and record id), or None for one that has no stable name.
    Interned, as the last build's keys are when read (``state``): one copy of each while both are held."""
    builder, record = recipe
    name = f"{builder.__module__.rsplit('.', 1)[-1]}.{builder.__qualname__}"
    record_id = name if record is None else getattr(record, "id", None)
    return sys.intern(f"{salt}:{name}:{record_id}") if isinstance(record_id, str) else None


PARALLEL_FROM = 2000  # recipes (about one page each); below this, forking workers costs more than it saves
_CHUNK = 250
_REUSED, _WRITTEN = "reused", "written"
_Done = tuple[str, str, bytes | str]  # (path, context digest, outcome)
_Built = tuple[Made, list[_Done]]  # what a recipe's builder read and made, and its pages; see _build
_Recipe = tuple[str | None, Made | None, list[_Done]]  # a recipe's key, then what _build gave (None, [] if kept)


@dataclass(frozen=True)
class _Job:
    """What every worker needs to build and render any of the recipes."""

    env: Environment
    recorder: Recorder
    recipes: list[Recipe]  # those made at once, then those made after the downloads (from ``later`` on)
    keys: list[str | None]  # each recipe's key (``recipe_key``)
    later: int
    templates_key: str
    previous: Previous
    sink: Callable[[str, bytes], None] | None


def _build(job: _Job, indexes: list[int]) -> list[_Built]:
    """Build and render the pages of the recipes at these indexes: per recipe, what it read, and per page
    (path, digest, outcome). The outcome is the page's bytes, or _WRITTEN once they went to the sink (a
    worker writes its own pages, so the site never travels between processes), or _REUSED when the
    previous bytes still hold."""
    built: list[_Built] = []
    for index in indexes:
        recipe = job.recipes[index]
        job.recorder.start()
        pages = list(recipe_pages(job.recorder.lookups, recipe))
        made = Made(job.recorder.fingerprint(recipe[1]), job.recorder.reads(), [page.path for page in pages])
        built.append((made, [_render_page(job, page) for page in pages]))
    return built


def _kept(recorder: Recorder, recipes: list[Recipe], keys: list[str | None], previous: Previous) -> frozenset[str]:
    """The keys of the recipes whose own record and reads all hold what they held in the last build,
    and whose pages are intact. Each different read is checked once (see ``Made``), here, before any
    worker is forked: a check prints the records it reads, and the workers inherit the prints for
    the recipes they do build."""
    before = [previous.recipes.get(key) if key else None for key in keys]
    reads = set().union(*(made.reads for made in before if made))
    changed = {read for read in reads if recorder.held(read) != previous.held.get(read)}
    kept = set()
    for recipe, key, made in zip(recipes, keys, before, strict=True):
        if (
            key
            and made
            and all(path in previous.pages for path in made.pages)
            and changed.isdisjoint(made.reads)
            and recorder.fingerprint(recipe[1]) == made.record
        ):
            kept.add(key)
    return frozenset(kept)


def _render_page(job: _Job, page: Page) -> _Done:
    path = check_output_path(page.path)
    digest = _digest(job.templates_key, page)
    if job.previous.pages.get(path) == digest:
        return path, digest, _REUSED
    data = job.env.get_template(page.template).render(page.context).encode()
    if job.sink:
        job.sink(path, data)
    return path, digest, _WRITTEN if job.sink else data


def _render_all(
    job: _Job, kept: frozenset[str], progress: Callable, parallel: bool, downloaded: Callable[[], None]
) -> Generator[_Recipe]:
    """Every recipe in order, each kept one only named: the caller has what it made last time, and most
    recipes of a rebuild are such, so they are never handed to a worker nor sent back. The others are
    built in forked workers when the site is large (records are independent), in chunks small enough to
    share few among the workers. The pages that show the downloads are made last, in this process,
    once ``downloaded()`` returns."""
    todo = [index for index in range(job.later) if job.keys[index] not in kept]
    size = max(1, min(_CHUNK, len(todo) // (4 * workers.worker_count())))
    chunks = [todo[start : start + size] for start in range(0, len(todo), size)]
    with ExitStack() as stack:
        if not parallel or job.later < PARALLEL_FROM or workers.worker_count() < 2 or not workers.can_fork():
            built_chunks: Iterable[list[_Built]] = (_build(job, chunk) for chunk in chunks)
        else:
            built_chunks = stack.enter_context(workers.map_forked(_build, chunks, job)) if chunks else []
        built = itertools.chain.from_iterable(progress(built_chunks, len(chunks)))
        for key in job.keys[: job.later]:
            yield (key, None, []) if key in kept else (key, *next(built))
    downloaded()
    later = range(job.later, len(job.recipes))
    kept = _kept(job.recorder, job.recipes[job.later :], job.keys[job.later :], job.previous)
    for index in later:
        key = job.keys[index]
        yield (key, None, []) if key in kept else (key, *_build(job, [index])[0])


def site_lookups(archive: Archive, base_url: str | None = None) -> Lookups:
    """What every page is built from, its groupings filled now so forked workers inherit them. The data
    files' sizes go into its ``export_sizes`` once they are written (the data page shows them)."""
    return Lookups(archive, _normalise_base(base_url)).computed()


def render_changed(
    site: Lookups,
    templates: Path,
    previous: Previous | None = None,
    progress: Callable[[Iterable, int], Iterable] = lambda chunks, total: chunks,
    parallel: bool = False,
    sink: Callable[[str, bytes], None] | None = None,
    downloads: Callable[[], dict[str, int]] | None = None,
) -> Rendered:
    """Render every page whose digest differs from ``previous``; the rest are reported as reused.

    A recipe whose reads hold what they held in the last build is not even built (see ``reads``);
    of the rest, a page whose context digest is unchanged is reused. With a ``sink``, each file is
    handed to it as soon as it is made (and ``files`` stays empty), so a large site is never
    held in memory whole; on a large archive the sink runs in the forked workers. ``downloads``
    gives the data files' sizes, asked for once every page that does not show them is made: the
    build writes the files meanwhile. ``previous.recipes`` is pruned in place to those that can still be
    kept: the others are let go before the new ones are made (at 10,000 sources, after a change that
    touches every page, both would be held: 2,081 MiB)."""
    templates_key = templates_digest(templates)
    salt = recipe_salt(templates_key, site.base_url)
    previous = previous or Previous({}, {}, {})
    now, later = page_recipes(site)
    keys = [recipe_key(recipe, salt) for recipe in now + later]
    recorder = Recorder(site)
    kept = _kept(recorder, now, keys[: len(now)], previous)  # those made after the downloads: once they are known
    wanted = kept | set(keys[len(now) :])
    for gone in [key for key in previous.recipes if key not in wanted]:
        del previous.recipes[gone]
    job = _Job(environment(templates), recorder, now + later, keys, len(now), templates_key, previous, sink)

    def downloaded() -> None:
        if downloads:
            site.export_sizes.update(downloads())

    files: dict[str, bytes] = {}
    put = sink or files.__setitem__
    digests: dict[str, str] = {}
    reused: set[str] = set()
    recipes: dict[str, Made] = {}
    rebuilt: set[str] = set()
    held = dict(previous.held)
    rendering = _render_all(job, kept, progress, parallel, downloaded)
    with closing(rendering) as made:  # closed now, even on Ctrl-C: workers stop
        for key, record, pages in made:
            if record is None and key:  # unchanged: its record and pages are the last build's
                recipes[key] = previous.recipes[key]
                pages = [(path, previous.pages[path], _REUSED) for path in recipes[key].pages]
            elif key and record:  # reads are few and shared by many pages: one copy of each (a gigabyte at 350,000)
                recipes[key] = Made(record.record, [sys.intern(read) for read in record.reads], record.pages)
                rebuilt.add(key)
                held.update(zip(record.reads, map(recorder.held, record.reads), strict=True))
            for path, digest, outcome in pages:
                if path in digests:
                    raise ArchiveError(f"two pages would be written to {path}; their ids must differ")
                digests[path] = digest
                if outcome == _REUSED:
                    reused.add(path)
                    continue
                if isinstance(outcome, bytes):
                    files[path] = outcome
    for asset in ASSETS:
        put(f"assets/{asset}", (templates / "assets" / asset).read_bytes())
    listed = [urls.url_of_file(path) for path in digests if path != "404.html"]
    for name, data in feeds.sitemaps(listed, site.base_url).items():
        put(name, data)
    put("feed.xml", feeds.atom_feed(SITE_NAME, _feed_entries(site), site.base_url))
    put("robots.txt", feeds.robots(site.base_url))
    return Rendered(dict(sorted(files.items())), digests, frozenset(reused), recipes, rebuilt, held)


def render_site(archive: Archive, templates: Path, base_url: str | None = None) -> dict[str, bytes]:
    """Every file of the site except data/ and pagefind/, as output-relative POSIX paths mapped to bytes.

    Pure: it reads only the templates folder, and the same archive always gives the same bytes."""
    return render_changed(site_lookups(archive, base_url), templates).files
