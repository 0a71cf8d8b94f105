"""Shared fixtures: a local web server for a built folder and the system's headless Chromium.

Browser tests use Debian's /usr/bin/chromium through Playwright and never download a browser;
they skip, saying why, only when Chromium (or, for accessibility, axe-core) is not installed.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / ".node" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).parent / "artifacts"


def site_files(archive, templates: Path) -> dict[str, bytes]:
    """Every file a build writes except the search index: the pages and the data/ exports they link to."""
    from r2p_archive.database import DATABASE, METADATA, metadata_yaml, write_database
    from r2p_archive.export import exports
    from r2p_archive.site import render_site

    files = render_site(archive, templates)
    with tempfile.TemporaryDirectory() as folder:
        write_database(archive, Path(folder) / "archive.db")
        files[DATABASE] = (Path(folder) / "archive.db").read_bytes()
    files[METADATA] = metadata_yaml().encode()
    return files | {path: "".join(pieces).encode() for path, pieces in exports(archive).items()}


def write_files(files: dict[str, bytes], folder: Path) -> Path:
    """Write output-relative paths to bytes under ``folder``, as a build would."""
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep request logs out of the test output."""


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve folders over real HTTP on 127.0.0.1 (a free port each); returns a function giving the base URL."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium browser (Playwright driving the system binary).

    Module-scoped: Playwright's sync API keeps an asyncio loop running while it is open, and other
    tests (the Pagefind indexer) call asyncio.run(), which refuses to run inside a running loop."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script, installed by tests/install-axe.sh."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE}: run tests/install-axe.sh")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots for people to look at (git ignores it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def templates() -> Path:
    return Path(__file__).parent.parent / "templates"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, templates) -> Path:
    """The hand-made archive of tests/fixtures.py rendered into a folder, with its data/ exports."""
    from fixtures import sample_archive

    return write_files(site_files(sample_archive(), templates), tmp_path_factory.mktemp("sample-site"))


@pytest.fixture()
def content(tmp_path: Path) -> Path:
    """A private copy of the bundled content/, for a test to change as it likes."""
    copy = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", copy)
    return copy


@pytest.fixture(scope="session")
def content_archive():
    """The real archive, loaded from content/."""
    from r2p_archive.load import load_archive

    return load_archive(Path(__file__).parent.parent / "content")


@pytest.fixture(scope="session")
def content_site(tmp_path_factory, templates, content_archive) -> Path:
    """The real archive's site rendered into a folder, with data/ (without pagefind/)."""
    return write_files(site_files(content_archive, templates), tmp_path_factory.mktemp("content-site"))
