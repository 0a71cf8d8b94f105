"""What a page builder reads of the lookups is logged key by key, and its digest follows the values read."""

from __future__ import annotations

from dataclasses import replace

from r2p_archive.database import FILES
from r2p_archive.errors import SKIPPED, Notice
from r2p_archive.export import exports
from r2p_archive.site import data, people
from r2p_archive.site.frame import ListingPage
from r2p_archive.site.lookups import Lookups
from r2p_archive.site.reads import Recorder


def held(recorder: Recorder, reads: list[str], record: object) -> tuple[str, ...]:
    """What a recipe's check compares: what each of its reads holds now, and its own record."""
    return (*map(recorder.held, reads), recorder.fingerprint(record))


def test_reads_are_logged_by_key_and_a_walk_reads_the_whole(content_archive):
    recorder = Recorder(Lookups(content_archive).computed())
    site = recorder.lookups
    event = content_archive.events[0]
    recorder.start()
    site.events[event.id]
    site.by_event.get(event.id)
    assert recorder.reads() == sorted([f"events\0{event.id}", f"by_event\0{event.id}\0#"]), "its list, not yet used"
    recorder.start()
    site.events[event.id]
    [e.id for e in site.events_in_order]
    list(site.events)
    assert recorder.reads() == ["events\0*", "events_in_order\0*"], "a walk stands for every key of it"
    recorder.start()
    len(site.archive.themes)
    assert recorder.reads() == ["archive.themes\0*"]


def test_the_data_page_reads_counts_and_sizes_not_every_record(content_archive):
    """It is made last, in the build's own process: reading every record would print them all to check it."""
    sizes = {path: 1000 for path in [*exports(content_archive), *FILES]}

    def reads_and_digest(archive) -> tuple[list[str], tuple[str, ...]]:
        recorder = Recorder(Lookups(archive, export_sizes=dict(sizes)).computed())
        recorder.start()
        data.data_page(recorder.lookups)
        return recorder.reads(), held(recorder, recorder.reads(), None)

    reads, digest = reads_and_digest(content_archive)
    assert {read.split("\0")[0] for read in reads} == {"record_counts", "export_sizes", "skipped_files"}
    first = content_archive.statements[0]
    reworded = [replace(s, text="Other words.") if s is first else s for s in content_archive.statements]
    assert reads_and_digest(replace(content_archive, statements=tuple(reworded)))[1] == digest
    fewer = replace(content_archive, statements=content_archive.statements[1:])
    assert reads_and_digest(fewer)[1] != digest
    warned = Notice("content/sources/made-up.txt", 3, "quotation", "quotation with no speaker: “…”")
    assert reads_and_digest(replace(content_archive, warnings=(*content_archive.warnings, warned)))[1] == digest
    skipped = Notice("content/sources/empty.txt", 1, SKIPPED, "skipped: the file is empty")
    assert reads_and_digest(replace(content_archive, warnings=(*content_archive.warnings, skipped)))[1] != digest


def test_a_person_page_reads_who_was_at_their_events_not_what_was_said_there(content_archive):
    """The people met most often come from the ids of those at each event: another speaker's new words
    at a shared event leave the page alone; a new person there does not."""
    site = Lookups(content_archive).computed()
    person = next(p for p in site.listed if site.by_speaker.get(p.id) and site.events_of_speaker.get(p.id))
    event = site.events_of_speaker[person.id][0]
    other = next(s for s in site.by_event[event.id] if s.speaker != person.id)

    def digest(statements) -> tuple[str, ...]:
        recorder = Recorder(Lookups(replace(content_archive, statements=tuple(statements))).computed())
        recorder.start()
        people.person_page(recorder.lookups, ListingPage(recorder.site.speakers[person.id], 1))
        return held(recorder, recorder.reads(), None)

    before = digest(content_archive.statements)
    reworded = [replace(s, text="Other words.") if s is other else s for s in content_archive.statements]
    assert digest(reworded) == before
    newcomer = next(p.id for p in site.listed if p.id not in site.people_at[event.id])
    joined = [replace(s, speaker=newcomer) if s is other else s for s in content_archive.statements]
    assert digest(joined) != before


def test_the_digest_changes_with_what_was_read_and_only_with_it(content_archive):
    first = content_archive.events[0]
    other = content_archive.events[1]
    before = Recorder(Lookups(content_archive).computed())
    reads = [f"events\0{first.id}", f"by_event\0{first.id}", "events\0no-such-event"]
    digest = held(before, reads, first)

    def after(events) -> tuple[str, ...]:
        return held(Recorder(Lookups(replace(content_archive, events=tuple(events))).computed()), reads, first)

    renamed_other = [replace(e, title="Another title") if e is other else e for e in content_archive.events]
    assert after(renamed_other) == digest, "a change to an event the page did not read leaves it alone"
    renamed = [replace(e, title="Another title") if e is first else e for e in content_archive.events]
    assert after(renamed) != digest
    added = [*content_archive.events, replace(other, id="no-such-event")]
    assert after(added) != digest, "a key read while absent counts when it appears"


def test_a_list_in_a_table_is_read_by_its_length_and_by_the_slices_taken_of_it(content_archive):
    recorder = Recorder(Lookups(content_archive).computed())
    site = recorder.lookups
    theme = max(content_archive.themes, key=lambda t: len(recorder.site.by_theme.get(t.id, [])))
    recorder.start()
    said = site.by_theme[theme.id]
    assert said[2:4] == recorder.site.by_theme[theme.id][2:4]
    assert recorder.reads() == [f"by_theme\0{theme.id}\0#", f"by_theme\0{theme.id}\0" + "2:4:"]
    for use in (list, lambda s: s[0], lambda s: s[0] in s, reversed):
        recorder.start()
        use(site.by_theme[theme.id])
        assert recorder.reads() == [f"by_theme\0{theme.id}"], "any other use reads the whole list"
    recorder.start()
    assert not site.by_theme.get("no-such-theme")
    assert recorder.reads() == ["by_theme\0no-such-theme"], "an absent key is read as such"


def test_the_digest_of_a_slice_follows_that_slice_only(content_archive):
    theme = max(content_archive.themes, key=lambda t: len(Lookups(content_archive).by_theme.get(t.id, [])))
    said = Lookups(content_archive).by_theme[theme.id]
    assert len(said) >= 4
    reads = [f"by_theme\0{theme.id}\0" + "0:2:", f"by_theme\0{theme.id}\0#"]

    def digest(changed) -> tuple[str, ...]:
        statements = [replace(s, text=s.text + " (edited)") if s is changed else s for s in content_archive.statements]
        archive = replace(content_archive, statements=tuple(statements))
        return held(Recorder(Lookups(archive).computed()), reads, theme)

    assert digest(None) == digest(said[3]), "a statement past the slice leaves it alone"
    assert digest(None) != digest(said[1])
