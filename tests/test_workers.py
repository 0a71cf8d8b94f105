"""Work handed to a forked process while the build goes on (the data downloads)."""

from __future__ import annotations

import gc
import os
import time
import weakref
from pathlib import Path

import pytest

from r2p_archive import workers

pytestmark = pytest.mark.skipif(not workers.can_fork() or workers.worker_count() < 2, reason="needs fork, two cores")


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fails(message: str) -> None:
    raise OSError(28, message, "data/statements.csv")


def _unpicklable(_state: None) -> None:
    class Local(Exception):
        pass

    raise Local("a local exception class cannot be pickled")


def _writes_forever(folder: Path) -> None:
    (folder / "pid").write_text(str(os.getpid()), encoding="utf-8")
    while True:
        time.sleep(0.05)


def test_result_comes_from_another_process():
    with workers.in_background(_pid_and_sum, [1, 2, 3]) as result:
        pid, total = result()
    assert total == 6 and pid != os.getpid()


def _niceness(_state: None) -> int:
    return os.nice(0)


def test_a_yielding_process_runs_at_a_lower_priority_and_the_caller_does_not():
    with (
        workers.in_background(_niceness, None, yielding=True) as lowered,
        workers.in_background(_niceness, None) as kept,
    ):
        assert lowered() == min(os.nice(0) + workers.YIELDING_NICENESS, 19)
        assert kept() == os.nice(0)


def _collecting(*_state_and_item: object) -> tuple[bool, int]:
    return gc.isenabled(), gc.get_freeze_count()


def test_what_the_parent_made_is_left_out_of_the_collectors_rounds_and_given_back_after_the_build():
    assert gc.isenabled()
    with workers.collected_after():
        with workers.long_lived():
            assert not gc.isenabled()  # paused while the archive is made
            records = [{"id": number} for number in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= len(records)
        with workers.in_background(_collecting, None) as background:
            enabled, frozen = background()
        with workers.map_forked(_collecting, [None], None) as mapped:
            ((enabled_in_pool, _),) = list(mapped)
        assert enabled and enabled_in_pool  # a worker collects its own garbage
        assert frozen >= len(records)  # and leaves alone what it inherited
        with workers.long_lived(), workers.in_background(_collecting, None) as background:
            assert background()[0]  # even when forked while the parent's collector is paused
    assert gc.isenabled() and gc.get_freeze_count() == 0


class _Node:
    """An object that can be weakly referenced, in a cycle of its own: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_garbage_in_cycles_is_collected_before_the_rest_is_frozen():
    with workers.collected_after():
        with workers.long_lived():
            garbage = weakref.ref(_Node())  # dropped at once, in a cycle (as the registry's YAML leaves some)
            kept = _Node()
            with workers.in_background(_collecting, None) as background:  # a fork freezes too
                background()
            assert garbage() is None  # collected before the freeze, not kept frozen until the build ends
        assert kept.me is kept


def test_an_error_in_the_background_is_raised_again():
    with workers.in_background(_fails, "No space left on device") as result, pytest.raises(OSError) as error:
        result()
    assert error.value.errno == 28 and error.value.filename == "data/statements.csv"


def test_an_error_that_cannot_travel_is_told_in_words():
    with workers.in_background(_unpicklable, None) as result, pytest.raises(RuntimeError, match="cannot be pickled"):
        result()


def test_leaving_the_block_first_stops_the_process(tmp_path):
    with pytest.raises(KeyboardInterrupt), workers.in_background(_writes_forever, tmp_path):
        while not (tmp_path / "pid").exists():
            time.sleep(0.01)
        raise KeyboardInterrupt
    pid = int((tmp_path / "pid").read_text(encoding="utf-8"))
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


class _State:
    """Something a background process is handed (weak references can point at it)."""


def test_a_background_process_does_not_keep_what_it_was_handed_alive():
    """Once the process has it, the caller may let its state go (the build lets the archive go while the
    data downloads are still being written)."""
    state = _State()
    handed = weakref.ref(state)
    with workers.in_background(type, state) as result:
        del state
        assert handed() is None
        assert result() is _State
