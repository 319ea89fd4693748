"""Where the editions are rendered: a pool of processes on this machine, or
an existing Dask distributed cluster. Both are concurrent.futures executors
(Dask's through Client.get_executor()), so the runner's code is the same.

Workers are recycled to keep memory flat: a pool worker is replaced after
`tasks_per_worker` editions (max_tasks_per_child, which needs processes
started with `spawn`); a Dask cluster's workers are recycled by its nannies
(`distributed.worker.lifetime`, memory limits), which the cluster's operator
sets."""
from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os

TASKS_PER_WORKER = 4


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextlib.contextmanager
def local_pool(jobs: int | None = None, tasks_per_worker: int = TASKS_PER_WORKER):
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs or cores(),
                                                  mp_context=multiprocessing.get_context("spawn"),
                                                  max_tasks_per_child=tasks_per_worker)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
