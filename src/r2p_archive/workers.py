"""Work spread over forked processes that share one read-only state with the parent.

The state (the registry's compiled matchers, the site's lookups and templates) is large and
costly to pickle, and forked workers inherit the parent's memory anyway. So it is handed to
each worker once, through the pool's initializer (with the fork start method its arguments are
inherited, never pickled), and every task is called as ``function(state, item)``. Nothing is
left in the parent's module globals, and each call names the state it uses.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any

_state: Any = None  # in a worker only: what the initializer received


def worker_count() -> int:
    """Every core, up to 8 (beyond that the disk, not the processor, limits a build)."""
    return min(os.cpu_count() or 1, 8)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_forked(function: Callable[[Any, Any], Any], items: Iterable, state: Any, chunksize: int = 1) -> Iterator:
    """``function(state, item)`` for every item, in worker processes, results in order."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(worker_count(), context, initializer=_receive, initargs=(state,)) as pool:
        yield from pool.map(partial(_call, function), items, chunksize=chunksize)


def _receive(state: Any) -> None:
    global _state
    _state = state


def _call(function: Callable[[Any, Any], Any], item: Any) -> Any:
    return function(_state, item)
