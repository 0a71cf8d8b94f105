"""`r2p-archive serve`: a real server on a loopback port that rebuilds when content changes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

from loader_helpers import CONTENT, ROOT


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_serve_builds_serves_and_rebuilds_on_change(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    command = [sys.executable, "-m", "r2p_archive", "serve", "--port", "0", "--content", str(content)]
    command += ["--templates", str(ROOT / "templates"), "--out", str(tmp_path / "site")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = next(m.group() for line in process.stdout if (m := re.search(r"http://127\.0\.0\.1:\d+/", line)))
        status, home = fetch(url)
        assert status == 200 and "R2P Archive" in home
        assert fetch(url + "no/such/page/")[0] == 404
        page = url + "sources/gcr2p-fifth-ministerial-meeting/"
        assert "tool of prevention" in fetch(page)[1]
        source = content / "sources" / "gcr2p-fifth-ministerial-meeting.txt"
        source.write_text(
            source.read_text(encoding="utf-8").replace("tool of prevention", "tool of foresight"), "utf-8"
        )
        deadline = time.monotonic() + 30
        while "tool of foresight" not in fetch(page)[1]:
            assert time.monotonic() < deadline, "no rebuild within 30 s"
            time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=10)
