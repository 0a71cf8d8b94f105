"""Rebuilds: nothing to do when nothing changed; one changed source re-renders only what shows it."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from loader_helpers import ROOT, checked_build
from r2p_archive import build as building
from r2p_archive import listing, load
from r2p_archive.cache import from_data, to_data
from r2p_archive.errors import ArchiveError
from r2p_archive.output import MARKER
from r2p_archive.records import Statement
from r2p_archive.search import pagefind
from r2p_archive.site import frame, render
from r2p_archive.site.kinds import recipe_pages
from r2p_archive.site.lookups import Lookups
from r2p_archive.state import LastBuild
from r2p_archive.writing import file_digest
from test_build import digest
from test_search import OLDER

TEMPLATES = ROOT / "templates"
CHANGED = "gcr2p-fifth-ministerial-meeting.txt"


@pytest.fixture()
def extracted(monkeypatch) -> list[str]:
    """The ids of the sources actually extracted (not taken from the cache)."""
    seen: list[str] = []
    original = load._extract_many

    def counting(extractor, jobs, progress):
        seen.extend(job[0] for job in jobs)
        return original(extractor, jobs, progress)

    monkeypatch.setattr(load, "_extract_many", counting)
    return seen


def test_a_rebuild_with_no_change_does_nothing(content, tmp_path):
    site = tmp_path / "site"
    first = checked_build(content, site, templates=TEMPLATES)
    before = digest(site)
    again = checked_build(content, site, templates=TEMPLATES)
    assert not first.unchanged and again.unchanged
    assert digest(site) == before


def test_one_changed_source_rebuilds_only_what_depends_on_it(content, tmp_path, extracted):
    site = tmp_path / "site"
    (content / "sources" / "older.txt").write_text(OLDER, encoding="utf-8")  # a second search shard: 2000s
    checked_build(content, site, templates=TEMPLATES)
    extracted.clear()
    source = content / "sources" / CHANGED
    source.write_text(
        source.read_text(encoding="utf-8").replace("“R2P is basically a tool", "“R2P is above all a tool"), "utf-8"
    )
    report = checked_build(content, site, templates=TEMPLATES)
    assert extracted == ["gcr2p-fifth-ministerial-meeting"]
    assert 0 < report.rendered < report.pages / 2
    assert report.shards_indexed == ("2010s",), "only the changed statement's shard is indexed again"
    assert report.shards_kept == ("2000s",)
    fresh = tmp_path / "fresh"
    checked_build(content, fresh, templates=TEMPLATES, incremental=False)
    assert digest(site) == digest(fresh)
    assert "R2P is above all a tool" in (site / "sources" / "gcr2p-fifth-ministerial-meeting" / "index.html").read_text(
        encoding="utf-8"
    )


def test_what_each_read_held_is_stored_once_and_a_wrong_one_builds_its_recipes_again(content, tmp_path, monkeypatch):
    """A recipe is kept when none of its reads changed: what each read held is in the state, once per
    read. A wrong digest there (a damaged state) builds every recipe reading it again, and the build
    stores the right one, so the next change builds again only what it touches."""
    rebuilt: list[set[str]] = []
    render_changed = building.render_changed

    def spying(*args, **kwargs):
        rendered = render_changed(*args, **kwargs)
        rebuilt.append(rendered.rebuilt)
        return rendered

    monkeypatch.setattr(building, "render_changed", spying)
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    state = tmp_path / ".site.cache" / "state.sqlite"
    with sqlite3.connect(state) as connection:
        connection.execute("UPDATE reads SET held = 'wrong'")
    _edit(content / "sources" / CHANGED, "“R2P is basically a tool", "“R2P is above all a tool")
    checked_build(content, site, templates=TEMPLATES)
    recipes, held = LastBuild.read(tmp_path / ".site.cache").recipes()
    reading = {key for key, made in recipes.items() if made.reads}
    assert rebuilt[-1] == reading, "every recipe that reads anything read something whose digest was wrong"
    no_reads = {key.rsplit(":", 1)[1] for key in set(recipes) - reading}
    assert no_reads == {"utility.search_page", "utility.not_found_page"}, "pages that show no record"
    assert "wrong" not in held.values() and {read for made in recipes.values() for read in made.reads} <= set(held)
    _edit(content / "sources" / CHANGED, "“R2P is above all a tool", "“R2P is first of all a tool")
    checked_build(content, site, templates=TEMPLATES)
    assert 0 < len(rebuilt[-1]) < len(recipes) / 4
    fresh = tmp_path / "fresh"
    checked_build(content, fresh, templates=TEMPLATES, incremental=False)
    assert digest(site) == digest(fresh)


def test_a_cached_sources_sidecar_is_not_parsed_again_and_a_changed_one_is(content, tmp_path, monkeypatch, extracted):
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    parsed: list[str] = []
    original = load.read_sidecar
    monkeypatch.setattr(load, "read_sidecar", lambda path: parsed.append(path.stem) or original(path))
    sidecar = next((content / "sources").glob("*.yaml"))
    extracted.clear()
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    checked_build(content, site, templates=TEMPLATES)
    assert parsed == [sidecar.stem] and extracted == [sidecar.stem]
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    with pytest.raises(ArchiveError, match="unknown field 'unknown_field'") as error:
        checked_build(content, site, templates=TEMPLATES, strict=True)  # without --strict it is left out
    assert sidecar.name in str(error.value)


def test_a_change_rebuilds_only_the_pages_of_a_long_listing_that_show_it(content, tmp_path, monkeypatch):
    """Each page of a theme's or a person's listing is a recipe of its own, reading its own slice."""
    monkeypatch.setattr(frame, "LISTING_PAGE_SIZE", 6)  # the bundled themes run to many pages
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    built: list[tuple[str, str]] = []

    def logged(lookups, recipe):
        if isinstance(recipe[1], frame.ListingPage):
            built.append((recipe[0].__name__, recipe[1].id))
        return recipe_pages(lookups, recipe)

    monkeypatch.setattr(render, "recipe_pages", logged)
    _edit(content / "sources" / CHANGED, "“R2P is basically a tool", "“R2P is above all a tool")
    checked_build(content, site, templates=TEMPLATES)
    lookups = Lookups(load.load_archive(content))
    showing = set()  # the listing pages that show the changed statement
    for kind, table, records in (
        ("theme_page", lookups.by_theme, lookups.archive.themes),
        ("person_page", lookups.by_speaker, lookups.listed),
    ):
        for record in records:
            said = table.get(record.id, [])
            pages = [said[start : start + 6] for start in range(0, len(said), 6)]
            showing |= {
                (kind, f"{record.id}/{n}")
                for n, page in enumerate(pages, 1)
                if any("above all a tool" in s.text for s in page)
            }
    assert showing and showing <= set(built)
    assert {page for page in built if not page[1].endswith("/1")} <= showing, (
        "a later page is rebuilt only if it shows it"
    )
    every_theme_page = frame.listing_pages(lookups.archive.themes, lambda t: len(lookups.by_theme.get(t.id, [])))
    assert len([page for page in built if page[0] == "theme_page"]) < len(every_theme_page) / 4
    fresh = tmp_path / "fresh"
    checked_build(content, fresh, templates=TEMPLATES, incremental=False)
    assert digest(site) == digest(fresh)


def test_a_search_shard_of_the_spare_that_is_still_current_stays_in_place(content, tmp_path, monkeypatch):
    """A rebuild builds into the spare (an older build's site): its shards still current are neither
    indexed nor linked again, unless one is not exactly as written (a file added or replaced)."""
    site, spare = tmp_path / "site", tmp_path / ".site.spare"
    (content / "sources" / "older.txt").write_text(OLDER, encoding="utf-8")  # a second search shard: 2000s
    checked_build(content, site, templates=TEMPLATES)
    words = ["“R2P is basically a tool", "“R2P is above all a tool", "“R2P is first of all a tool"]
    _edit(content / "sources" / CHANGED, words[0], words[1])
    checked_build(content, site, templates=TEMPLATES)
    linked = tmp_path / "linked"  # a file: the index is made ready in a forked process
    original = pagefind._link_shard

    def link_shard(old: Path, new: Path) -> bool:
        with linked.open("a", encoding="utf-8") as log:
            log.write(f"{new.name}\n")
        return original(old, new)

    monkeypatch.setattr(pagefind, "_link_shard", link_shard)
    fresh = tmp_path / "fresh"
    tampering = [
        lambda: None,
        lambda: (spare / "pagefind" / "2000s" / "extra.js").write_text("alert(1)", encoding="utf-8"),
        lambda: [entry.unlink(), entry.write_text("{}", encoding="utf-8")],  # replaced: the file is shared
    ]
    entry = spare / "pagefind" / "2000s" / "pagefind-entry.json"
    for number, tamper in enumerate(tampering):
        tamper()
        linked.write_text("", encoding="utf-8")
        _edit(content / "sources" / CHANGED, words[(number + 1) % 3], words[(number + 2) % 3])
        report = checked_build(content, site, templates=TEMPLATES)
        assert (report.shards_indexed, report.shards_kept) == (("2010s",), ("2000s",))
        expected = [] if number == 0 else ["2000s"]
        assert linked.read_text(encoding="utf-8").split() == expected, "kept where it lay only if exactly as written"
        assert not (site / "pagefind" / "2000s" / "extra.js").exists()
        checked_build(content, fresh, templates=TEMPLATES, incremental=False)
        assert digest(site) == digest(fresh)


def test_a_spare_the_state_does_not_describe_keeps_no_search_shard(content, tmp_path):
    """The site and its cache deleted, the spare left: the next build's state has no listing of the
    spare, so nothing of it is trusted, its search shards included (their own manifest may be stale)."""
    site = tmp_path / "site"
    (content / "sources" / "older.txt").write_text(OLDER, encoding="utf-8")  # a second search shard: 2000s
    checked_build(content, site, templates=TEMPLATES)
    _edit(content / "sources" / CHANGED, "“R2P is basically a tool", "“R2P is above all a tool")
    checked_build(content, site, templates=TEMPLATES)
    assert (tmp_path / ".site.spare" / "pagefind" / "2000s").is_dir()
    shutil.rmtree(site)
    shutil.rmtree(tmp_path / ".site.cache")
    checked_build(content, site, templates=TEMPLATES)
    _edit(content / "sources" / CHANGED, "“R2P is above all a tool", "“R2P is first of all a tool")
    checked_build(content, site, templates=TEMPLATES)  # its checker finds any shard not whole
    fresh = tmp_path / "fresh"
    checked_build(content, fresh, templates=TEMPLATES, incremental=False)
    assert digest(site) == digest(fresh)


def test_a_template_change_renders_every_page(content, tmp_path):
    site = tmp_path / "site"
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    first = checked_build(content, site, templates=templates)
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("Skip to content", "Skip to the content"), "utf-8")
    report = checked_build(content, site, templates=templates)
    assert report.rendered == report.pages == first.pages
    assert "Skip to the content" in (site / "index.html").read_text(encoding="utf-8")


def test_a_damaged_output_is_rebuilt(content, tmp_path):
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    (site / "data" / "archive.json").write_text("{}", encoding="utf-8")
    report = checked_build(content, site, templates=TEMPLATES)
    assert not report.unchanged and report.rendered == report.pages
    assert (site / "data" / "archive.json").read_text(encoding="utf-8") != "{}"


def test_a_site_built_without_search_is_never_up_to_date(content, tmp_path):
    site = tmp_path / "site"
    from r2p_archive.build import build

    build(content, site, templates=TEMPLATES, search=False)  # the checker rightly rejects it: no search assets
    assert not (site / "pagefind").exists()
    report = checked_build(content, site, templates=TEMPLATES)
    assert not report.unchanged and report.rendered == 0  # every page reused, the index added
    assert (site / "pagefind" / "archive.json").is_file()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "a quotation's words": lambda c: _edit(
        c / "sources" / CHANGED, "“R2P is basically a tool", "“R2P is above all a tool"
    ),
    "a person's name in the registry": lambda c: _edit(
        c / "registry" / "people.yaml", "name: Ban Ki-moon", "name: Ban Ki-moon (Secretary-General)"
    ),
    "a theme's cues": lambda c: _edit(c / "registry" / "themes.yaml", "cues: [military, force,", "cues: [military,"),
    "a new source": lambda c: (c / "sources" / "made-up-briefing.txt").write_text(
        "Briefing on prevention\n\nNEW YORK, 3 March 2012 – The Secretary-General, Ban Ki-moon, said: "
        "“Prevention is the first duty of every State.”\n",
        encoding="utf-8",
    ),
    "a source removed": lambda c: [p.unlink() for p in (c / "sources").glob("ngls-general-assembly-dialogue-*")],
    "the quotation's first words back": lambda c: _edit(  # what a read holds now is its first build's again
        c / "sources" / CHANGED, "“R2P is above all a tool", "“R2P is basically a tool"
    ),
}


def test_every_kind_of_change_rebuilds_exactly_what_a_full_build_makes(content, tmp_path):
    """Pages are reused by what their builders read (site/reads.py) and written into the spare copy of
    the site (output.py): after each change, the site equals a fresh build of the same content."""
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    for number, (change, edit) in enumerate(EDITS.items()):
        edit(content)
        report = checked_build(content, site, templates=TEMPLATES)
        fresh = tmp_path / f"fresh-{number}"
        checked_build(content, fresh, templates=TEMPLATES, incremental=False)
        assert digest(site) == digest(fresh), f"after {change}, the rebuilt site differs from a fresh build"
        recorded = LastBuild.read(tmp_path / ".site.cache").site()
        assert recorded and recorded.listing == listing.take(site, listing.walk(site)), "the site as it is now"
        assert report.rendered < report.pages, f"after {change}, some pages are reused"
    assert (tmp_path / ".site.spare" / MARKER).is_file(), "the replaced site is kept as the spare"


def test_a_page_edited_in_place_in_the_published_site_is_restored(content, tmp_path):
    """Unchanged pages are hard links shared by the site and its spare: an edit written into one
    (not replacing it) shows in both, and the next build must notice it in both."""
    site = tmp_path / "site"
    for _ in range(3):  # the third build starts from the spare
        checked_build(content, site, templates=TEMPLATES, incremental=False)
    page = site / "themes" / "index.html"
    original = page.read_bytes()
    with page.open("ab") as file:
        file.write(b"<!-- edited by hand -->")
    _edit(content / "sources" / CHANGED, "“R2P is basically a tool", "“R2P is above all a tool")
    checked_build(content, site, templates=TEMPLATES)
    assert page.read_bytes() == original
    stray = tmp_path / ".site.spare" / "stray.html"
    stray.write_text("left in the spare", encoding="utf-8")
    _edit(content / "sources" / CHANGED, "“R2P is above all a tool", "“R2P is basically a tool")
    checked_build(content, site, templates=TEMPLATES)
    assert not (site / "stray.html").exists(), "what the build did not make is not published"


def test_an_older_versions_state_is_removed(content, tmp_path):
    cache = tmp_path / ".site.cache"
    cache.mkdir()
    (cache / "state.json").write_text("{}", encoding="utf-8")
    checked_build(content, tmp_path / "site", templates=TEMPLATES)
    assert not (cache / "state.json").exists() and (cache / "state.sqlite").is_file()


def test_file_digest_reads_a_file_of_many_blocks(tmp_path):
    """The archive's JSON, hundreds of megabytes at 10,000 sources, is digested a block at a time: the
    digest is that of its bytes, and a file that cannot be read has none."""
    data = bytes(range(256)) * 5000  # larger than one block of ``hashlib.file_digest``
    (tmp_path / "archive.json").write_bytes(data)
    assert file_digest(tmp_path / "archive.json") == hashlib.sha256(data).hexdigest()
    assert file_digest(tmp_path / "missing.json") is None
    assert file_digest(tmp_path) is None  # a folder where the file should be


def test_records_read_from_the_cache_share_their_short_texts():
    """A decoded record's ids, kind, themes and reason are one object for every record that has them, as
    in a fresh extraction: JSON gives each copy its own string (33 MiB more at 1,000 sources)."""
    statement = Statement(
        id="s-1",
        text="The words of the statement. " * 8,
        kind="paraphrase",
        speaker="ban-ki-moon",
        speaker_label="Ban Ki-moon",
        source="a-source",
        paragraph=1,
        start=0,
        end=10,
        event=None,
        themes=("prevention", "early-warning"),
        attribution="subject of “argued”",
    )
    first, second = (from_data(Statement, json.loads(json.dumps(to_data(statement)))) for _ in range(2))
    assert first == second == statement
    for name in ("id", "kind", "speaker", "speaker_label", "source", "attribution"):
        assert getattr(first, name) is getattr(second, name), name
    assert all(a is b for a, b in zip(first.themes, second.themes, strict=True))


def test_the_last_builds_pages_are_read_as_a_rebuild_may_reuse_them(content, tmp_path):
    """The site's pages a rebuild may reuse are those the spare holds as they were, else those intact in the
    site; the spare's search bundle is read alone; a damaged row makes the site's listing unusable."""
    site, spare = tmp_path / "site", tmp_path / ".site.spare"
    checked_build(content, site, templates=TEMPLATES)
    _edit(content / "sources" / CHANGED, "“R2P is basically a tool", "“R2P is above all a tool")
    checked_build(content, site, templates=TEMPLATES)  # the first build's site is now the spare
    last = LastBuild.read(tmp_path / ".site.cache")
    assert last is not None and last.page_count() == len(last.site().pages) > 0
    staged = last.spare_pages(spare)
    assert staged and staged == last.spare().pages, "the spare holds every page as it was written"
    edited = "404.html"  # replaced, not written into: the site and the spare share unchanged pages
    replaced = (site / edited).read_bytes() + b"<!-- edited by hand -->"
    (site / edited).unlink()
    (site / edited).write_bytes(replaced)
    assert last.site_pages(site, {}) == {p: d for p, d in last.site().pages.items() if p != edited}
    assert last.site_pages(site, staged) == last.site().pages, "the spare's copy can be had instead"
    (spare / edited).unlink()
    assert edited not in last.spare_pages(spare)
    bundle = last.spare("pagefind/").listing
    everything = last.spare().listing.files
    assert bundle.files and bundle.files == {p: e for p, e in everything.items() if p.startswith("pagefind/")}
    with sqlite3.connect(tmp_path / ".site.cache" / "state.sqlite") as connection:
        connection.execute("UPDATE files SET size = 'large' WHERE path = ?", (edited,))
    assert LastBuild.read(tmp_path / ".site.cache").site_pages(site, staged) is None


def test_only_the_recipes_of_this_template_set_and_address_are_read(content, tmp_path):
    """After a template changed (or the code, or the site's address) no recipe of the last build can be
    reused, and none is read: at 10,000 sources they are 256 MiB, held while every page is made again."""
    checked_build(content, tmp_path / "site", templates=TEMPLATES)
    last = LastBuild.read(tmp_path / ".site.cache")
    everything, _ = last.recipes()
    assert everything and last.recipes(render.recipe_salt(render.templates_digest(TEMPLATES), None))[0] == everything
    assert last.recipes(render.recipe_salt(render.templates_digest(TEMPLATES), "https://example.org/r2p"))[0] == {}
    changed = tmp_path / "templates"
    shutil.copytree(TEMPLATES, changed)
    with (changed / "base.html").open("a", encoding="utf-8") as file:
        file.write("<!-- a changed template -->\n")
    assert last.recipes(render.recipe_salt(render.templates_digest(changed), None))[0] == {}


def test_the_last_builds_recipes_that_cannot_be_kept_are_let_go_before_pages_are_made(content, tmp_path):
    """A recipe built again is made anew: its old record is let go first, not held beside the new one
    (after a change that touches every page of 10,000 sources, both together were 2,081 MiB)."""
    site = tmp_path / "site"
    checked_build(content, site, templates=TEMPLATES)
    _edit(content / "sources" / CHANGED, "“R2P is basically a tool", "“R2P is above all a tool")
    last = LastBuild.read(tmp_path / ".site.cache")
    recipes, held = last.recipes()
    before = set(recipes)
    previous = render.Previous(last.site_pages(site, {}) or {}, recipes, held)
    rendered = render.render_changed(building.site_lookups(load.load_archive(content)), TEMPLATES, previous)
    after_downloads = {key for key in before if ":data.data_page:" in key}  # checked once the downloads are made
    assert rendered.rebuilt - after_downloads, "the change builds some recipes again"
    assert set(previous.recipes) == (before - rendered.rebuilt) | after_downloads
    assert set(previous.recipes) <= set(rendered.recipes)
