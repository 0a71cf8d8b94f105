"""What a page builder reads of the lookups is logged key by key, and its digest follows the values read."""

from __future__ import annotations

from dataclasses import replace

from r2p_archive.site.lookups import Lookups
from r2p_archive.site.reads import Recorder


def test_reads_are_logged_by_key_and_a_walk_reads_the_whole(content_archive):
    recorder = Recorder(Lookups(content_archive).computed())
    site = recorder.lookups
    event = content_archive.events[0]
    recorder.start()
    site.events[event.id]
    site.by_event.get(event.id)
    assert recorder.reads() == sorted([f"events\0{event.id}", f"by_event\0{event.id}"])
    recorder.start()
    site.events[event.id]
    [e.id for e in site.events_in_order]
    list(site.events)
    assert recorder.reads() == ["events\0*", "events_in_order\0*"], "a walk stands for every key of it"
    recorder.start()
    len(site.archive.themes)
    assert recorder.reads() == ["archive.themes\0*"]


def test_the_digest_changes_with_what_was_read_and_only_with_it(content_archive):
    first = content_archive.events[0]
    other = content_archive.events[1]
    before = Recorder(Lookups(content_archive).computed())
    reads = [f"events\0{first.id}", f"by_event\0{first.id}", "events\0no-such-event"]
    digest = before.digest(reads, first)

    def after(events) -> str:
        return Recorder(Lookups(replace(content_archive, events=tuple(events))).computed()).digest(reads, first)

    renamed_other = [replace(e, title="Another title") if e is other else e for e in content_archive.events]
    assert after(renamed_other) == digest, "a change to an event the page did not read leaves it alone"
    renamed = [replace(e, title="Another title") if e is first else e for e in content_archive.events]
    assert after(renamed) != digest
    added = [*content_archive.events, replace(other, id="no-such-event")]
    assert after(added) != digest, "a key read while absent counts when it appears"
