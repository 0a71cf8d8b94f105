"""`r2p-archive serve`: build, serve the output on loopback, rebuild when sources change.

The server resolves the output folder on every request, so a rebuild's atomic swap is
picked up at once and a failed rebuild keeps serving the last good site.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

from r2p_archive.errors import ArchiveError


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are not news; build messages are."""

    def send_head(self):
        """A path no file can have (a NUL byte, a broken escape) is the client's mistake: 400."""
        try:
            return super().send_head()
        except (ValueError, UnicodeError):
            self.send_error(400, "malformed path")
            return None

    def list_directory(self, path):
        """A static host shows no folder listings: a folder without an index.html is not a page."""
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Serve the site's own 404 page, as a static host would."""
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up is not news; anything else is one line, not a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"r2p-archive: serving {client_address[0]} failed: {error!r}", file=sys.stderr)


def start_server(site: Path, host: str, port: int) -> ThreadingHTTPServer:
    """A threaded static server for ``site``; port 0 picks a free one."""
    handler = functools.partial(_Handler, directory=str(site))
    server = _Server((host, port), handler)
    threading.Thread(target=server.serve_forever, name="r2p-serve", daemon=True).start()
    return server


def watch_and_rebuild(paths: list[Path], rebuild: Callable[[], object], stop: threading.Event) -> None:
    """Rebuild on every batch of changes; a failed rebuild is reported, never fatal."""
    for _changes in watch(*[p for p in paths if p.exists()], stop_event=stop, debounce=300):
        try:
            rebuild()
        except Exception as exc:  # whatever went wrong, the last good site keeps being served
            reason = exc if isinstance(exc, ArchiveError) else f"{type(exc).__name__}: {exc}"
            print(f"r2p-archive: rebuild failed, still serving the last good site: {reason}", file=sys.stderr)
