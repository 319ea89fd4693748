"""Pure work shared with a second core: this process and a forked child take
the calls of a list one at a time, heaviest first, until none is left, and
the child's results come back pickled through a pipe.

Setting a page's articles is pure (compose, flow and page do no I/O and keep
no state), so an article set in the child is the article set here, byte for
byte, and the order of the results is the order of the calls whoever made
them. A fork inherits the fonts and prepared paragraphs as they are, with
nothing to send but the results. The calls are handed out through a pipe of
their numbers, four bytes each, written before the fork: a read of four bytes
from a pipe is whole, so each number goes to one process, and whichever is
free takes the next (a fixed split left one process waiting on the other for
a third of the page). What cannot fork (not Linux, one core, a process running
threads, its own or a C library's, which a fork may catch holding a lock)
runs everything here; so does a child that fails, whose calls this process
then makes itself.
"""
from __future__ import annotations

import gc
import os
import pickle
import struct
import sys
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

# The child's results must outweigh what the fork and the pickles cost (about
# 10 ms a page): below this much work, in characters of text, the calls run here.
MIN_SHARED_WEIGHT = 3000.0
# The numbers of the calls are written to the pipe at once before the fork: at
# most PIPE_BUF (4 KiB), which a pipe takes whole.
MAX_CALLS = 1024
_NUMBER = struct.Struct("<I")


def on_two_cores(calls: Sequence[Callable[[], T]], weights: Sequence[float]) -> list[T]:
    """The results of `calls`, in order, some of them computed in a forked child."""
    if not _worth_sharing(weights) or not _can_fork():
        return [call() for call in calls]
    order = sorted(range(len(calls)), key=lambda k: (-weights[k], k))   # heaviest first
    tasks, handout = os.pipe()
    os.write(handout, b"".join(_NUMBER.pack(k) for k in order))
    os.close(handout)                               # drained, the pipe reads as ended
    back, sent = os.pipe()
    pid = os.fork()
    if pid == 0:                                    # the child: never returns
        os.close(back)
        _child(calls, tasks, sent)
    os.close(sent)
    results: dict[int, T] = {}
    try:
        for k in _numbers(tasks):
            results[k] = calls[k]()
    except BaseException:
        os.close(tasks)
        os.close(back)
        _reap(pid, kill=True)
        raise
    os.close(tasks)
    results.update(_collect(back, pid))
    # what a failed child took and did not give back is made here
    return [results[k] if k in results else calls[k]() for k in range(len(calls))]


def _worth_sharing(weights: Sequence[float]) -> bool:
    return 2 <= len(weights) <= MAX_CALLS and sum(weights) >= MIN_SHARED_WEIGHT


def usable_cores() -> int:
    """The cores this process may run on (its affinity), else all the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _can_fork() -> bool:
    # Linux only: macOS's system libraries are not safe to use in a forked
    # child (multiprocessing spawns there for that reason)
    if not sys.platform.startswith("linux") or threading.active_count() > 1 or _os_threads() > 1:
        return False
    return usable_cores() > 1


def _os_threads() -> int:
    """The threads of this process the kernel knows, those of C libraries too
    (libvips keeps a pool of its own), which threading does not count."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 2   # cannot tell: do not fork


def _numbers(tasks: int):
    """The numbers of the calls this process takes, one at a time, until none is left."""
    while True:
        data = os.read(tasks, _NUMBER.size)
        if not data:
            return
        yield _NUMBER.unpack(data)[0]


def _child(calls, tasks: int, sent: int) -> None:
    # What the child inherited is never collected here: a collection would
    # write into every object's header and copy the parent's memory page by page.
    gc.freeze()
    status = 1
    try:
        made = [(k, calls[k]()) for k in _numbers(tasks)]
        data = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(sent, "wb") as out:
            out.write(data)
        status = 0
    finally:
        os._exit(status)    # no atexit handlers, no flushing of the parent's buffers


def _collect(back: int, pid: int) -> dict:
    """The child's results by call number; empty when it failed."""
    with os.fdopen(back, "rb") as source:
        data = source.read()
    if _reap(pid) != 0 or not data:
        return {}
    try:
        return dict(pickle.loads(data))
    except Exception:   # noqa: BLE001 - a child cut short; its calls are made here
        return {}


def _reap(pid: int, kill: bool = False) -> int:
    if kill:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)
