"""A written site's listing tells edits, additions and removals apart without walking the tree."""

from __future__ import annotations

import os

from r2p_archive import listing


def _site(root):
    for path in ("index.html", "events/a/index.html", "events/b/index.html"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(path, encoding="utf-8")
    return listing.take(root, ["index.html", "events/a/index.html", "events/b/index.html"])


def _later(path) -> None:
    """Move a time forward, as a later edit would (file systems may keep coarse times)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_an_untouched_site_is_unchanged_and_every_file_intact(tmp_path):
    listed = _site(tmp_path)
    assert listing.unchanged(tmp_path, listed)
    assert listing.intact(tmp_path, listed) == set(listed.files)
    assert set(listed.folders) == {"", "events", "events/a", "events/b"}


def test_an_edit_an_addition_and_a_removal_are_each_noticed(tmp_path):
    listed = _site(tmp_path)
    page = tmp_path / "events" / "a" / "index.html"
    page.write_text("edited, same length!", encoding="utf-8")
    _later(page)
    assert listing.intact(tmp_path, listed) == {"index.html", "events/b/index.html"}
    assert not listing.unchanged(tmp_path, listed)

    listed = _site(tmp_path)
    (tmp_path / "events" / "b" / "extra.html").write_text("added", encoding="utf-8")
    _later(tmp_path / "events" / "b")
    assert listing.changed_folders(tmp_path, listed) == ["events/b"]
    assert not listing.unchanged(tmp_path, listed)

    listed = _site(tmp_path)
    (tmp_path / "events" / "b" / "index.html").unlink()
    assert not listing.unchanged(tmp_path, listed)


def test_strays_are_what_is_neither_kept_nor_made(tmp_path):
    listed = _site(tmp_path)
    (tmp_path / "events" / "b" / "extra.html").write_text("added", encoding="utf-8")
    (tmp_path / "events" / "new" / "deep").mkdir(parents=True)
    (tmp_path / "events" / "new" / "deep" / "x.html").write_text("added", encoding="utf-8")
    for folder in ("events/b", "events"):
        _later(tmp_path / folder)
    keep = {"index.html", "events/a/index.html"}
    assert listing.strays(tmp_path, listed, keep) == [
        "events/b/extra.html",
        "events/b/index.html",
        "events/new/deep/x.html",
    ]
    nothing_known = listing.Listing({}, {})
    assert "events/b/extra.html" in listing.strays(tmp_path, nothing_known, keep), "an unknown tree is walked"


def test_a_listing_survives_its_json_and_refuses_garbage(tmp_path):
    import json

    listed = _site(tmp_path)
    assert listing.Listing.from_data(json.loads(json.dumps(listed.to_data()))) == listed
    for garbage in (None, [], {"files": {}}, {"files": {"a": "big"}, "folders": {}}, {"files": {}, "folders": 3}):
        assert listing.Listing.from_data(garbage) is None
