"""Pure work shared with a second core: the calls of a list are split in two
by their weights, a forked child runs one half while this process runs the
other, and the child's results come back pickled through a pipe.

Setting a page's articles is pure (compose, flow and page do no I/O and keep
no state), so an article set in the child is the article set here, byte for
byte, and the order of the results is the order of the calls. A fork inherits
the fonts and prepared paragraphs as they are, with nothing to send but the
results. What cannot fork (not Linux, one core, a process running threads,
which a fork may catch holding a lock) runs everything here; so does a child
that fails, whose share this process then sets itself.
"""
from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

# A child's results must outweigh what the fork and the pickles cost (about
# 10 ms a page): below this much work, in characters of text, the calls run here.
MIN_SHARED_WEIGHT = 3000.0


def on_two_cores(calls: Sequence[Callable[[], T]], weights: Sequence[float]) -> list[T]:
    """The results of `calls`, in order, half of them computed in a forked child."""
    theirs = _split(weights)
    if not theirs or not _can_fork():
        return [call() for call in calls]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:                                    # the child: never returns
        os.close(read_end)
        _child(calls, theirs, write_end)
    os.close(write_end)
    results: dict[int, T] = {}
    try:
        for k, call in enumerate(calls):
            if k not in theirs:
                results[k] = call()
    except BaseException:
        os.close(read_end)
        _reap(pid, kill=True)
        raise
    sent = _collect(read_end, pid)
    for k in sorted(theirs):
        results[k] = sent.pop(0) if sent is not None else calls[k]()
    return [results[k] for k in range(len(calls))]


def _split(weights: Sequence[float]) -> set[int]:
    """The calls for the child: the heaviest first, each to the lighter of the
    two halves (ties to this process, so the split is the same every run).
    Empty when there is too little work to share."""
    if len(weights) < 2 or sum(weights) < MIN_SHARED_WEIGHT:
        return set()
    here = there = 0.0
    theirs = set()
    for k in sorted(range(len(weights)), key=lambda k: (-weights[k], k)):
        if there < here:
            there += weights[k]
            theirs.add(k)
        else:
            here += weights[k]
    return theirs


def _can_fork() -> bool:
    # Linux only: macOS's system libraries are not safe to use in a forked
    # child (multiprocessing spawns there for that reason)
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return len(cores) > 1


def _child(calls, theirs: set[int], write_end: int) -> None:
    status = 1
    try:
        data = pickle.dumps([calls[k]() for k in sorted(theirs)], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as out:
            out.write(data)
        status = 0
    finally:
        os._exit(status)    # no atexit handlers, no flushing of the parent's buffers


def _collect(read_end: int, pid: int) -> list | None:
    """The child's results, or None when it failed."""
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    if _reap(pid) != 0 or not data:
        return None
    try:
        return pickle.loads(data)
    except Exception:   # noqa: BLE001 - a child cut short; its share is set here
        return None


def _reap(pid: int, kill: bool = False) -> int:
    if kill:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)
