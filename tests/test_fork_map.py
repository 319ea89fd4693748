"""Sharing pure calls with a forked child: the same results in the same order
as running them here, whatever the child does."""
import os
import threading
import time

import pytest

from layout import fork_map
from layout.fork_map import MIN_SHARED_WEIGHT, on_two_cores

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX")


def _calls(n, pause: float = 0.0):
    def call(k):
        time.sleep(pause)        # long enough for both processes to take some
        return k, os.getpid(), "x" * k
    return [lambda k=k: call(k) for k in range(n)]


HEAVY = [MIN_SHARED_WEIGHT] * 6


@needs_fork
def test_results_come_back_in_order_and_some_from_the_child(monkeypatch):
    monkeypatch.setattr(fork_map, "_can_fork", lambda: True)
    out = on_two_cores(_calls(6, pause=0.05), HEAVY)
    assert [k for k, _, _ in out] == list(range(6))
    assert [text for _, _, text in out] == ["x" * k for k in range(6)]
    pids = {pid for _, pid, _ in out}
    assert os.getpid() in pids and len(pids) == 2


@needs_fork
def test_the_calls_are_taken_heaviest_first_by_whichever_process_is_free(monkeypatch):
    monkeypatch.setattr(fork_map, "_can_fork", lambda: True)
    weights = [1000.0, 9000.0, 1000.0, 1000.0, 1000.0, 1000.0]
    # the heavy call keeps one process busy while the other makes all the rest
    pauses = [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]

    def call(k):
        time.sleep(pauses[k])
        return os.getpid()

    pids = on_two_cores([lambda k=k: call(k) for k in range(6)], weights)
    heavy = pids[1]
    assert all(pid != heavy for k, pid in enumerate(pids) if k != 1)


def test_too_little_work_or_too_many_calls_are_not_shared():
    assert not fork_map._worth_sharing([10.0, 10.0])
    assert not fork_map._worth_sharing([MIN_SHARED_WEIGHT * 2])
    assert not fork_map._worth_sharing([MIN_SHARED_WEIGHT] * (fork_map.MAX_CALLS + 1))
    assert fork_map._worth_sharing(HEAVY)


@needs_fork
def test_a_child_that_fails_leaves_its_share_to_this_process(monkeypatch):
    monkeypatch.setattr(fork_map, "_can_fork", lambda: True)
    parent = os.getpid()

    def fails_in_child(k):
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return k

    out = on_two_cores([lambda k=k: fails_in_child(k) for k in range(6)], HEAVY)
    assert out == list(range(6))


@needs_fork
def test_a_result_that_cannot_be_pickled_is_made_here(monkeypatch):
    monkeypatch.setattr(fork_map, "_can_fork", lambda: True)
    out = on_two_cores([lambda k=k: (k, lambda: k) for k in range(6)], HEAVY)
    assert [k for k, _ in out] == list(range(6))
    assert all(f() == k for k, f in out)


@needs_fork
def test_an_error_here_stops_the_child_and_is_raised(monkeypatch):
    monkeypatch.setattr(fork_map, "_can_fork", lambda: True)
    parent = os.getpid()
    forked = []
    real_fork = os.fork

    def fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)

    def boom():
        if os.getpid() == parent:
            raise ValueError("here")
        time.sleep(0.2)          # the child is slow: this process surely takes a call
        return 1

    with pytest.raises(ValueError, match="here"):
        on_two_cores([boom] * 6, HEAVY)
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)           # stopped and reaped: no child left behind


def test_a_process_running_threads_never_forks(monkeypatch):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not fork_map._can_fork()
        out = on_two_cores(_calls(6), HEAVY)
        assert {pid for _, pid, _ in out} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_a_process_with_threads_of_a_c_library_never_forks():
    """libvips keeps threads threading does not see; the kernel counts them."""
    from layout.output.vips import load_pyvips
    assert fork_map._os_threads() >= 1
    load_pyvips().Image.black(64, 64).avg()     # starts libvips' worker threads
    if fork_map._os_threads() > 1:
        assert not fork_map._can_fork()
