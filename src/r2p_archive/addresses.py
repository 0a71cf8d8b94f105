"""Addresses that become links on a page: only absolute http(s) addresses are let through.

A sidecar's ``url`` or the ``--base-url`` ends up in an ``href``; a ``javascript:`` address
there would run in a reader's browser, whatever escaping the page does. Browsers ignore tabs,
newlines and leading spaces or control characters in a scheme, so the address is refused
outright rather than cleaned up.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from r2p_archive.errors import ArchiveError

_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")


def check_web_address(value: str, path: Path | str | None = None, line: int | None = None) -> str:
    """``value`` if it is an absolute http(s) address with a host and nothing hidden in it."""
    hidden = any(ord(c) < 0x21 or c in "\x7f\\" for c in value)
    parts = urlsplit(value) if not hidden else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ArchiveError(
            f"address {value!r} is not an absolute http(s) address (only those become links)", path, line
        )
    return value


def check_wikidata_id(value: str, path: Path | str | None = None, line: int | None = None) -> str:
    """A Wikidata item id (Q42): the site links https://www.wikidata.org/wiki/<id>."""
    if not _WIKIDATA_ID.fullmatch(value):
        raise ArchiveError(f"wikidata {value!r} is not a Wikidata item id such as Q1253", path, line)
    return value
