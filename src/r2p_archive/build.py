"""Run the steps in order and swap the new site in atomically.

The site is built in a temporary folder beside the output. Only when every step has
succeeded is the old output renamed away and the new one renamed into place, so a failed
or interrupted build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from r2p_archive.errors import ArchiveError
from r2p_archive.export import export_files
from r2p_archive.extract import Extractor
from r2p_archive.link import link
from r2p_archive.load import extract_all
from r2p_archive.records import Archive
from r2p_archive.registry import load_registry
from r2p_archive.search import write_index
from r2p_archive.site import check_output_path, render_site
from r2p_archive.text.mentions import MentionFinder


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    statements: int = 0
    warnings: tuple[str, ...] = ()


@contextmanager
def _phase(report: BuildReport, name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    report.timings[name] = report.timings.get(name, 0.0) + time.perf_counter() - started


def load(content: Path, report: BuildReport) -> Archive:
    if not content.is_dir():
        raise ArchiveError("content folder not found", content)
    with _phase(report, "load"):
        registry = load_registry(content / "registry")
        extractor = Extractor(MentionFinder(registry))
    with _phase(report, "extract"):
        extractions = extract_all(content, extractor)
    with _phase(report, "link"):
        archive = link(extractions, registry)
    report.warnings = archive.warnings
    report.statements = len(archive.statements)
    return archive


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        target = root / check_output_path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def build(
    content: Path,
    output: Path,
    *,
    templates: Path | None = None,
    base_url: str | None = None,
    strict: bool = False,
) -> BuildReport:
    """content/ -> output/, all or nothing."""
    report = BuildReport()
    archive = load(content, report)
    if strict and archive.warnings:
        raise ArchiveError("warnings are errors with --strict:\n  " + "\n  ".join(archive.warnings))
    templates = templates or content.parent / "templates"
    with _phase(report, "render"):
        pages = _render(archive, templates, base_url)
        files = {**pages, **export_files(archive)}
    report.pages = sum(1 for path in pages if path.endswith(".html"))
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        with _phase(report, "write"):
            write_files(staging, files)
        with _phase(report, "index"):
            write_index(staging)
        _swap(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _render(archive: Archive, templates: Path, base_url: str | None) -> dict[str, bytes]:
    """Pages, with template mistakes reported as errors naming the template and line."""
    if not templates.is_dir():
        raise ArchiveError("templates folder not found", templates)
    try:
        return render_site(archive, templates, base_url)
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


def _swap(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` by renames, never leaving it half-written."""
    previous = output.with_name(f".{output.name}.previous")
    if previous.exists():
        shutil.rmtree(previous)
    if output.exists():
        output.rename(previous)
    try:
        staging.rename(output)
    except BaseException:
        if previous.exists() and not output.exists():
            previous.rename(output)
        raise
    shutil.rmtree(previous, ignore_errors=True)
