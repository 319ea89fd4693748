"""Fuzzing `banmian check` and `banmian render` with hostile input.

Seeded generators (hostile.py) break a small valid edition one family at a
time: YAML structure, edition semantics, article files, paths, pictures,
fonts and command lines. Each case runs in a forked child (forked.py) and
must end with exit status 0, 1 or 2, print no traceback, take under 10 s and
under 1 GB of resident memory, leave nothing in the output folder when it
exits 2, and run no external program: a `gs` (Ghostscript) that leaves a
mark is first on PATH for the whole module.

A failing case prints its family, number and label; `random.Random(f"{family}:{n}")`
rebuilds it. Change SEED to explore other cases.
"""
from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

import hostile
from forked import CRASHED, MEMORY_LIMIT, TIME_LIMIT, run_forked

pytestmark = pytest.mark.render

SEED = "banmian-11"
FAMILIES = {"yaml": 50, "semantics": 60, "articles": 50, "paths": 40, "pictures": 40, "fonts": 30,
            "commands": 40}
CASES = [(family, n) for family, count in FAMILIES.items() for n in range(count)]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A valid edition, a PDF rendered from it, a small TrueType face, and a
    PATH whose `gs` and `ghostscript` leave a mark when run."""
    from layout.cli.main import main
    from synthetic_fonts import build_face
    root = tmp_path_factory.mktemp("fuzz")
    edition = hostile.write_edition(root / "edition")
    assert main(["render", str(edition), "--out", str(root / "rendered"), "--no-preview"]) == 0
    face = build_face("song", root / "song.ttf")
    marker = root / "external-program-ran"
    bin_dir = root / "bin"
    bin_dir.mkdir()
    for name in ("gs", "gsc", "gsx", "ghostscript", "convert", "magick"):
        (bin_dir / name).write_text(f"#!/bin/sh\necho \"$0 $*\" >> {marker}\nexit 1\n")
        (bin_dir / name).chmod(0o755)
    saved = os.environ["PATH"]
    os.environ["PATH"] = f"{bin_dir}:{saved}"
    yield {"root": root, "edition": edition, "pdf": root / "rendered" / "p01.pdf", "face": face,
           "marker": marker}
    os.environ["PATH"] = saved


def make_case(family: str, n: int, folder: Path, world) -> tuple[list[str], str]:
    rng = random.Random(f"{SEED}:{family}:{n}")
    case = folder / "edition"
    if family == "yaml":
        return hostile.yaml_structure(rng, case)
    if family == "semantics":
        return hostile.edition_semantics(rng, case)
    if family == "articles":
        return hostile.article_files(rng, case)
    if family == "paths":
        return hostile.paths(rng, case)
    if family == "pictures":
        return hostile.pictures(rng, case)
    if family == "fonts":
        return hostile.fonts(rng, case, world["face"])
    return hostile.command_lines(rng, folder / "work", world["edition"], world["pdf"])


@pytest.mark.parametrize("family, n", CASES, ids=[f"{f}-{n}" for f, n in CASES])
def test_hostile_input(family, n, world, tmp_path):
    folder = tmp_path / "case"
    (folder / "work").mkdir(parents=True)
    argv, label = make_case(family, n, folder, world)
    outcome = run_forked(argv, str(folder / "work"))
    said = f"{family} #{n}: {label}\n$ banmian {' '.join(a[:80] for a in argv)}\n{outcome.stderr[-3000:]}"
    assert outcome.status is not None, f"took over {TIME_LIMIT:g} s: {said}"
    assert outcome.status != CRASHED and "Traceback" not in outcome.stderr, f"crashed: {said}"
    assert outcome.status in (0, 1, 2), f"exit status {outcome.status}: {said}"
    assert outcome.seconds < TIME_LIMIT, f"{outcome.seconds:.1f} s: {said}"
    assert outcome.peak_bytes < MEMORY_LIMIT, f"{outcome.peak_bytes >> 20} MB: {said}"
    out = folder / "out"
    if outcome.status == 2 and argv[0] == "render" and "--out" in argv and argv[argv.index("--out") + 1] == str(out):
        assert not out.exists() or not any(out.iterdir()), f"exit 2 left files behind: {said}"
    assert not world["marker"].exists(), f"an external program ran: {world['marker'].read_text()}\n{said}"
    shutil.rmtree(folder, ignore_errors=True)
