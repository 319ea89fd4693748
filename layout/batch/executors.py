"""Where the editions are rendered: a pool of processes on this machine, or
an existing Dask distributed cluster. Both are concurrent.futures executors
(Dask's through Client.get_executor()), so the runner's code is the same.

Workers are recycled to keep memory flat: a pool worker is replaced after
`tasks_per_worker` editions; a Dask cluster's workers are recycled by its
nannies (`distributed.worker.lifetime`, memory limits), which the cluster's
operator sets.

The pool is multiprocessing.Pool (its maxtasksperchild) behind the
concurrent.futures interface, not ProcessPoolExecutor: the latter's
max_tasks_per_child can hang once the first workers have been replaced
(CPython issue 115634, in 3.11 and early 3.12)."""
from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing

from ..fork_map import usable_cores

TASKS_PER_WORKER = 4


class RecyclingPool(concurrent.futures.Executor):
    """Processes started fresh (spawn: nothing inherited from the parent),
    each replaced after `tasks_per_worker` tasks."""

    def __init__(self, jobs: int, tasks_per_worker: int):
        self._pool = multiprocessing.get_context("spawn").Pool(jobs, maxtasksperchild=tasks_per_worker)

    def submit(self, fn, /, *args, **kwargs):
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_running_or_notify_cancel()
        self._pool.apply_async(fn, args, kwargs, callback=future.set_result,
                               error_callback=future.set_exception)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures or not wait:
            self._pool.terminate()
        else:
            self._pool.close()
        self._pool.join()


@contextlib.contextmanager
def local_pool(jobs: int | None = None, tasks_per_worker: int = TASKS_PER_WORKER):
    pool = RecyclingPool(jobs or usable_cores(), tasks_per_worker)
    try:
        yield pool
    except BaseException:
        pool.shutdown(cancel_futures=True)      # interrupted: stop the workers now
        raise
    pool.shutdown()


class SchedulerError(Exception):
    """The Dask scheduler cannot be reached, or Dask is not installed."""


@contextlib.contextmanager
def dask_cluster(address: str, timeout: float = 30.0):
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError("dask.distributed is not installed; install Banmian's `batch` extra: "
                             "pip install 'banmian[batch]'") from None
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        # pure=False: a render writes files, so a repeated task must run again, not be taken from memory
        executor = client.get_executor(pure=False)
        yield executor
    finally:
        client.close()
