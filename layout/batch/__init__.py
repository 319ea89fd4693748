"""Many editions rendered in one run, on this machine or a Dask cluster:

    run_batch(find_editions(source), out_dir, executor) → BatchResult

Each edition is one task: a worker renders every output of it with
render_all_outputs (outputs.py), writes the files and returns a small record;
the manifest (manifest.py) keeps what was made, and a run after an
interruption skips what is done.
"""
from .outputs import OutputSettings, render_all_outputs
from .runner import BatchResult, EditionJob, find_editions, run_batch

__all__ = ["OutputSettings", "render_all_outputs", "BatchResult", "EditionJob", "find_editions", "run_batch"]
