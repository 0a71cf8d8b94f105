"""Work spread over forked processes that share one read-only state with the parent.

The state (the registry's compiled matchers, the site's lookups and templates) is large and
costly to pickle, and forked workers inherit the parent's memory anyway. So it is handed to
each worker once, through the pool's initializer (with the fork start method its arguments are
inherited, never pickled), and every task is called as ``function(state, item)``. Nothing is
left in the parent's module globals, and each call names the state it uses.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache, partial
from typing import Any

_state: Any = None  # in a worker only: what the initializer received
YIELDING_NICENESS = 10  # how far a yielding background process lowers its priority (19 is the lowest)


def worker_count() -> int:
    """Every core, up to 8 (beyond that the disk, not the processor, limits a build)."""
    return min(os.cpu_count() or 1, 8)


@contextmanager
def long_lived() -> Iterator[None]:
    """What the block makes lives as long as the build (the archive's records): the garbage collector
    is paused while it is made, then leaves it out of its rounds. A full round walks every object
    the collector tracks, and a loading archive outgrows each round by a quarter: at 1,000 sources,
    nine rounds took half a second of a rebuild and found nothing (records hold no cycles). One
    round at the end frees what else the block left (reading the registry's YAML leaves cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        _frozen()
        if enabled:
            gc.enable()


@contextmanager
def collected_after() -> Iterator[None]:
    """Around a build: what it left out of the collector's rounds (``long_lived``, and each fork) is
    given back at its end, so a long-running caller (``serve``, a test run) frees it."""
    try:
        yield
    finally:
        gc.unfreeze()


def _frozen() -> None:
    """What the parent made so far left out of the collector's rounds, once its garbage is collected
    (frozen, garbage stays until the build ends: a 10,000-source build's parent peaked 100 MiB
    higher). Before a fork, it is left out in the worker too: a round there would otherwise write into
    every object the worker inherited, copying the parent's pages one by one."""
    gc.collect()
    gc.freeze()


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@cache
def _prctl() -> Callable[..., int] | None:
    """Linux's prctl(2), looked up in the parent: a child only calls it (loading a library after a fork
    could wait forever on a lock another of the parent's threads held)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: the parent pid check below is all there is
        return None


def dying_with(parent: int) -> Callable[[], None]:
    """What a child of ``parent`` runs first so that it dies with it, even when the parent is killed by
    SIGKILL and can pass nothing on: the kernel sends the child SIGKILL then (Linux), and a child whose
    parent died before that was asked for ends at once. Else a killed build's workers and Pagefind would
    run on, holding the output's lock and writing into a staging folder the next build removes."""
    prctl = _prctl()
    return partial(_die_with, prctl, parent)


def _die_with(prctl: Callable[..., int] | None, parent: int) -> None:
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _forked(parent: int) -> None:
    """In a worker: it dies with its parent, Ctrl-C is the parent's to handle, and the worker collects its
    own garbage (rendering makes some), even when it was forked while the parent's collector was paused."""
    dying_with(parent)()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def map_forked(
    function: Callable[[Any, Any], Any], items: Iterable, state: Any, chunksize: int = 1
) -> Iterator[Iterator]:
    """``function(state, item)`` for every item, in worker processes, results in order.

    Ctrl-C is the parent's to handle: workers ignore it (otherwise each prints a traceback), and
    leaving the block early cancels what has not started and waits for what has, so no worker
    writes into a folder after the build removed it."""
    context = multiprocessing.get_context("fork")
    _frozen()
    pool = ProcessPoolExecutor(worker_count(), context, initializer=_receive, initargs=(state, os.getpid()))
    try:
        yield pool.map(partial(_call, function), items, chunksize=chunksize)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def in_background(function: Callable[[Any], Any], state: Any, yielding: bool = False) -> Iterator[Callable[[], Any]]:
    """``function(state)`` run in a forked process while the caller goes on with other work; the block is
    handed a call that waits for its result (what it raised is raised again) and gives the same result
    when called again. Leaving the block before that stops it. Where a process cannot be forked, or there
    is one core, the call runs it in the caller.

    A ``yielding`` process runs at a lower priority: its result is wanted last, so it takes the processor
    only when the work the build waits on leaves it free.

    A plain process and a pipe, not a pool: a pool keeps a thread in the parent, and the parent forks
    again later (the rendering workers), which is not safe with threads running."""
    if not can_fork() or worker_count() < 2:
        yield cache(partial(function, state))
        return
    context = multiprocessing.get_context("fork")
    _frozen()
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_answer, args=(function, state, sending, yielding, os.getpid()), daemon=True)
    process.start()
    sending.close()
    del state  # the process has it; the caller may let it go (the archive, a gigabyte at 10,000 sources)

    @cache
    def result() -> Any:
        try:
            outcome, value = receiving.recv()
        except EOFError:  # it died without a word (killed, out of memory)
            raise RuntimeError(f"a background step ended with exit code {process.exitcode}") from None
        if outcome == "raised":
            raise value
        return value

    try:
        yield result
    finally:
        if process.is_alive():
            process.terminate()
        process.join()
        receiving.close()


def _answer(function: Callable[[Any], Any], state: Any, sending: Any, yielding: bool, parent: int) -> None:
    _forked(parent)
    if yielding:
        os.nice(YIELDING_NICENESS)
    try:
        answer = ("returned", function(state))
    except BaseException as exc:  # told to the parent, which raises it again
        answer = ("raised", exc)
    try:
        sending.send(answer)
    except (pickle.PicklingError, TypeError, AttributeError):  # an exception that cannot travel
        sending.send(("raised", RuntimeError(str(answer[1]))))


def _receive(state: Any, parent: int) -> None:
    global _state
    _forked(parent)
    _state = state


def _call(function: Callable[[Any, Any], Any], item: Any) -> Any:
    return function(_state, item)
