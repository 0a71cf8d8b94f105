"""Commands: build, serve, check, import. Argument parsing and messages only; the work is elsewhere."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from r2p_archive import __version__
from r2p_archive.errors import ArchiveError, Notice

DESCRIPTION = (
    "Build the R2P Archive: a website of who said what, where and when about the Responsibility to "
    "Protect, from the plain-text sources in content/. Start with `r2p-archive build`, then "
    "`r2p-archive serve` to browse it with search."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="r2p-archive", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    said = "build the site from content/ into _site/"
    build = commands.add_parser(
        "build", help=said, description=f"{said.capitalize()}: the pages, data/ and the search index."
    )
    _common(build)
    build.add_argument("--full", action="store_true", help="ignore the cache and rebuild everything")
    check = commands.add_parser("check", help="lint content and registry, build to a temporary folder, verify it")
    check.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    check.add_argument("--templates", type=Path, default=None, help="templates folder (default: beside content)")
    said = "build, serve on 127.0.0.1 and rebuild on change"
    serve = commands.add_parser("serve", help=said, description=f"{said.capitalize()}.")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)")
    from r2p_archive.importers import IMPORTERS

    imports = commands.add_parser("import", help="bring a whole collection into content/ as sources")
    described = "; ".join(f"{name}: {about}" for name, (_, about) in IMPORTERS.items())
    imports.add_argument("importer", choices=sorted(IMPORTERS), help=described)
    imports.add_argument("corpus", type=Path, help="the collection's folder, read only")
    imports.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    imports.add_argument("--all", action="store_true", help="import every text, not only those naming the subject")
    return parser


def _port(text: str) -> int:
    """A TCP port number, or argparse's own clear error."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    command.add_argument("--out", type=Path, default=Path("_site"), help="output folder (default: _site)")
    command.add_argument("--templates", type=Path, default=None, help="templates folder (default: beside content)")
    command.add_argument("--base-url", default=None, help="absolute site URL for canonical links, sitemap, feed")
    command.add_argument("--strict", action="store_true", help="treat loader warnings as errors")


def _terminal_progress(items: Iterable, total: int | None = None, desc: str | None = None) -> Iterable:
    """A progress bar on a terminal (tqdm); nothing when the output is piped or logged."""
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, unit="", leave=False, disable=None, file=sys.stderr)


SHOWN = 3  # warnings of one kind in one file printed in full; the rest are counted


def grouped(notices: Iterable[Notice]) -> list[str]:
    """Warnings as lines, each kind of warning of one file shown at most SHOWN times, then counted."""
    groups: dict[tuple[str, str], list[Notice]] = {}
    for notice in notices:
        groups.setdefault((notice.path, notice.kind), []).append(notice)
    lines = []
    for (path, kind), group in groups.items():
        lines += [str(notice) for notice in group[:SHOWN]]
        if len(group) > SHOWN:
            lines.append(f"{path}: and {len(group) - SHOWN} more warnings of this kind ({kind})")
    return lines


def _build(args: argparse.Namespace) -> int:
    from r2p_archive.cache import folder_for, up_to_date
    from r2p_archive.output import check_replaceable, tidy

    templates = args.templates or args.content.parent / "templates"
    check_replaceable(args.out, args.content, templates)
    if not args.full and up_to_date(args.content, templates, args.out, args.base_url, args.strict)[0]:
        tidy(args.out.resolve(), folder_for(args.out.resolve()) / "lock")
        print(f"{args.out} is up to date; nothing to do", flush=True)
        return 0
    from r2p_archive.build import build, no_progress  # the build machinery, imported only when there is work

    progress = _terminal_progress if sys.stderr.isatty() else no_progress
    report = build(
        args.content,
        args.out,
        templates=args.templates,
        base_url=args.base_url,
        strict=args.strict,
        incremental=not args.full,
        progress=progress,
    )
    seconds = sum(report.timings.values())
    if report.unchanged:
        print(f"{args.out} is up to date ({report.pages} pages); nothing to do", flush=True)
        return 0
    for line in grouped(report.warnings):
        print(line, file=sys.stderr)
    print(
        f"built {report.pages} pages ({report.rendered} rendered, the rest unchanged), "
        f"{report.statements} statements into {args.out} in {seconds:.2f} s",
        flush=True,
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import threading

    from r2p_archive.serve import start_server, watch_and_rebuild

    _build(args)
    try:
        server = start_server(args.out.resolve(), args.host, args.port)
    except OSError as exc:
        raise ArchiveError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    host, port = server.server_address[:2]
    print(f"serving {args.out} at http://{host!s}:{port}/ (Ctrl-C to stop)", flush=True)
    templates = args.templates or args.content.parent / "templates"
    stop = threading.Event()
    try:
        watch_and_rebuild([args.content, templates], lambda: _build(args), stop)
    finally:
        stop.set()
        server.shutdown()
    return 0


def _check(args: argparse.Namespace) -> int:
    from r2p_archive.check import check

    result = check(args.content, args.templates)
    problems, warnings = result
    for note in [*result.notes, *result.reviews]:
        print(note)
    for line in grouped(warnings):
        print(line)
    for problem in problems:
        print(problem)
    notes = f", {len(result.notes)} discovered speaker(s) to confirm" if result.notes else ""
    notes += f", {len(result.reviews)} attribution(s) to review" if result.reviews else ""
    print(f"{len(problems)} problem(s), {len(warnings)} warning(s){notes}")
    return 1 if problems else 0


def _import(args: argparse.Namespace) -> int:
    from r2p_archive.importers import run

    if not args.corpus.is_dir():
        raise ArchiveError("corpus folder not found", args.corpus)
    report = run(args.importer, args.corpus, args.content, everything=args.all)
    for problem in report.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    for name in report.refused:
        print(f"left alone: {name} (not written by this importer, or edited since)", file=sys.stderr)
    left_out = f", {report.not_about_subject} not naming the subject left out" if report.not_about_subject else ""
    print(
        f"{len(report.written)} source(s) written, {len(report.unchanged)} unchanged, "
        f"{len(report.refused)} left alone{left_out}, {len(report.problems)} corpus file(s) skipped"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.strict = getattr(args, "strict", False)
    args.full = getattr(args, "full", False)
    try:
        return {"build": _build, "serve": _serve, "check": _check, "import": _import}[args.command](args)
    except ArchiveError as exc:
        print(f"r2p-archive: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("r2p-archive: interrupted; the site is as the last complete build left it", file=sys.stderr)
        return 130
