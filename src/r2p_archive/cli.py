"""Commands: build, serve, check. Argument parsing and messages only; the work is elsewhere."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from r2p_archive import __version__
from r2p_archive.errors import ArchiveError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="r2p-archive", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the site from content/ into _site/")
    _common(build)
    build.add_argument("--strict", action="store_true", help="treat loader warnings as errors")
    return parser


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    command.add_argument("--out", type=Path, default=Path("_site"), help="output folder (default: _site)")
    command.add_argument("--templates", type=Path, default=None, help="templates folder (default: beside content)")
    command.add_argument("--base-url", default=None, help="absolute site URL for canonical links, sitemap, feed")


def _build(args: argparse.Namespace) -> int:
    from r2p_archive.build import build

    report = build(args.content, args.out, templates=args.templates, base_url=args.base_url, strict=args.strict)
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    seconds = sum(report.timings.values())
    print(f"built {report.pages} pages, {report.statements} statements into {args.out} in {seconds:.2f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"build": _build}[args.command](args)
    except ArchiveError as exc:
        print(f"r2p-archive: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("r2p-archive: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
