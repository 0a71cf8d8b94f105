"""Progress bars on a terminal; nothing of them when the output is piped or logged."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

from loader_helpers import CONTENT, ROOT


def build_command(out) -> list[str]:
    return [sys.executable, "-m", "r2p_archive", "build", "--full", "--content", str(CONTENT), "--out", str(out)]


def test_piped_output_has_no_progress_bar(tmp_path):
    result = subprocess.run(build_command(tmp_path / "site"), cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert "\r" not in result.stderr and "it/s" not in result.stderr


def test_a_terminal_shows_progress(tmp_path):
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real terminal has a size
    process = subprocess.Popen(build_command(tmp_path / "site"), cwd=ROOT, stdout=terminal, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed when the build ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=120) == 0
    text = shown.decode("utf-8", "replace")
    assert "extract" in text and "render" in text and "\r" in text
    assert re.search(r"built \d+ pages", text)
