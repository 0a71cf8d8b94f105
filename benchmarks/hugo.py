"""The same archive as a Hugo site, as the yardstick for pages per second.

Hugo gets the records r2p-archive already extracted (``data/archive.json``), one Markdown page per
record with the record as front matter, and plain templates of about the same weight as ours: a
base layout with navigation, a page listing the record's fields and its text, and section lists.
No theme is downloaded. Hugo thus only renders; extraction is r2p-archive's alone, which favours
Hugo, so a ratio ≥ 1 is a fair bar.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from measure import run_measured, run_pagefind, settle

SECTIONS = ("sources", "events", "people", "themes", "statements")
TITLE_FIELDS = ("title", "name", "label", "speaker_label", "text", "id")

CONFIG = """baseURL = "/"
title = "R2P archive (Hugo comparison)"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
"""

LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><nav><a href="/">Home</a>{{ range .Site.Sections }}
<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>R2P archive</footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<dl>{{ range $key, $value := .Params.record }}<dt>{{ $key }}</dt>
<dd>{{ if reflect.IsSlice $value }}<ul>{{ range $value }}<li>{{ . }}</li>{{ end }}</ul>
{{ else }}{{ $value }}{{ end }}</dd>{{ end }}</dl>
{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range .Site.Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}
""",
}


@dataclass
class HugoResult:
    records: int
    pages: int
    wall: float
    maxrss_kib: int
    prepare_seconds: float
    error: str | None = None
    pagefind_wall: float | None = None
    pagefind_rss_kib: int = 0
    pagefind_swap_kib: int = 0


def hugo_version() -> str | None:
    """``hugo version``'s first words, or None when Hugo is not installed."""
    if not shutil.which("hugo"):
        return None
    output = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    return output.split(" BuildDate")[0] or "hugo"


def title_of(record: dict) -> str:
    """A page title from whichever naming field the record has; statement texts are cut short."""
    for key in TITLE_FIELDS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value if len(value) <= 90 else value[:87] + "…"
    return str(record.get("id", "untitled"))


def page_text(record: dict) -> str:
    """The front matter is the whole record (JSON, which Hugo reads as front matter); the body its text."""
    front = {"title": title_of(record), "record": record}
    url = record.get("url")
    if isinstance(url, str) and url.startswith("/"):
        front["url"] = url
    body = record.get("text") if isinstance(record.get("text"), str) else ""
    return json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body + "\n"


def write_site(archive: dict, root: Path) -> int:
    """A fresh Hugo project under ``root``: config, layouts and one page per record; returns the record count."""
    if root.exists():
        shutil.rmtree(root)
    for name, text in LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "config.toml").write_text(CONFIG, encoding="utf-8")
    records = 0
    for section in SECTIONS:
        folder = root / "content" / section
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f'---\ntitle: "{section.capitalize()}"\n---\n', encoding="utf-8")
        for record in archive.get(section, []):
            (folder / f"{record['id']}.md").write_text(page_text(record), encoding="utf-8")
            records += 1
    return records


def run_hugo(archive: dict, root: Path, index: bool = True) -> HugoResult:
    """Write the project, then time ``hugo --quiet`` from outside, as the r2p-archive build is timed;
    with ``index``, Pagefind over Hugo's output too."""
    start = time.perf_counter()
    records = write_site(archive, root)
    prepare = time.perf_counter() - start
    settle()  # as before our build: Hugo then Pagefind, as our build renders then indexes
    wall, rss, code, stdout, stderr = run_measured(["hugo", "--quiet", "--source", str(root)], env=None)
    pages = sum(1 for _ in (root / "public").rglob("*.html")) if code == 0 else 0
    error = None if code == 0 else ((stderr or stdout).strip().splitlines() or [f"exit status {code}"])[-1]
    result = HugoResult(records, pages, wall, rss, prepare, error)
    if code == 0 and index:
        indexed = run_pagefind(root / "public")
        if indexed:
            result.pagefind_wall, result.pagefind_rss_kib, result.pagefind_swap_kib = indexed
    return result
