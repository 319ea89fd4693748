"""The on-disk font cache: file hashes and what each face's file says.

Reading a CJK face's cmap and metrics takes a tenth of a second, so it is done
once per font file and kept under the cache directory as JSON, keyed by the
file's SHA-256 (and the face's index in a collection). A file's hash itself is
remembered by path, size and mtime. Nothing else is cached: PDFs embed
subsets made from the font files themselves when they are written.
"""
from __future__ import annotations

import json
import os
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, chain, repeat
from operator import add
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..atomic import write_bytes
from ..file_digest import file_sha256
from .reader import Descriptor, FaceRecord

from .ink import InkBox, read_ink_boxes

_METRICS_VERSION = 6   # 4: characters whose glyphs draw nothing are left out (outlines.py)
                       # 5: half-width forms (hwid) of ASCII
                       # 6: ranges and runs as flat lists (half the time to parse)


def default_cache_dir() -> Path:
    env = os.environ.get("BANMIAN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "banmian"


@dataclass(frozen=True)
class FaceMetrics:
    upem: int
    cmap: array             # the coverage: first code point and count of each range, ascending
    widths: array           # the advances along the coverage in font units: value and count of each run
    is_cff: bool
    family: str
    cid_keyed: bool = False                      # CID-keyed CFF
    cids: dict = field(default_factory=dict)     # glyph → CID where they differ
    ros: tuple = ("Adobe", "Identity", 0)        # CIDSystemInfo of a CID-keyed CFF
    shared: tuple = ()                           # groups of code points sharing one glyph
    descriptor: Descriptor | None = None
    half_forms: dict = field(default_factory=dict)  # code point → glyph of its half-width
                                                    # form (hwid), half an em wide

    @cached_property
    def advances(self) -> dict:
        """Code point → advance in em (1.0 = one em); its keys are the coverage.
        Made when first asked: a CJK face's 45,000 entries take milliseconds,
        and a page's text seldom reaches the fallbacks for the CJK extensions."""
        scale = 1.0 / self.upem
        values, counts = self.widths[0::2], self.widths[1::2]
        advances = chain.from_iterable(map(repeat, [value * scale for value in values], counts))
        return dict(zip(self.codepoints(), advances))

    def advance_of(self, cp: int) -> float | None:
        """The advance of code point `cp` in em, None outside the coverage.
        Found in the ranges and runs themselves, and remembered: a page looks
        up a few thousand characters, and making `advances` for the five faces
        of a page cost more than setting a column of text."""
        memo = self._looked_up
        if cp in memo:
            return memo[cp]
        starts, counts, before, values, run_ends = self._coverage_index
        k = bisect_right(starts, cp) - 1
        value = None
        if k >= 0 and cp < starts[k] + counts[k]:
            # the same product `advances` makes, so both give the same float
            value = values[bisect_right(run_ends, before[k] + cp - starts[k])] * (1.0 / self.upem)
        memo[cp] = value
        return value

    @cached_property
    def _looked_up(self) -> dict:
        return {}

    @cached_property
    def _coverage_index(self) -> tuple:
        """The ranges' starts and lengths, how much of the coverage comes
        before each range, and the runs' values and where each run ends."""
        starts, counts = self.cmap[0::2], self.cmap[1::2]
        before = list(accumulate(counts, initial=0))
        return starts, counts, before, self.widths[0::2], list(accumulate(self.widths[1::2]))

    def codepoints(self):
        """The coverage, ascending, without making `advances`."""
        starts, counts = self.cmap[0::2], self.cmap[1::2]
        return chain.from_iterable(map(range, starts, map(add, starts, counts)))


# The cache file keeps the cmap as ranges of code points and the advances as
# runs of equal values: a CJK face's 45,000 characters fit in a few kilobytes
# and read back in milliseconds. Both are flat lists of numbers (first, count,
# first, count …), which JSON parses twice as fast as a list of pairs.

def _ranges(cps) -> list[int]:
    out: list[int] = []
    for cp in cps:
        if out and out[-2] + out[-1] == cp:
            out[-1] += 1
        else:
            out += [cp, 1]
    return out


def _runs(values) -> list[int]:
    out: list[int] = []
    for value in values:
        if out and out[-2] == value:
            out[-1] += 1
        else:
            out += [value, 1]
    return out


def _to_json(record: FaceRecord) -> dict:
    d = record.descriptor
    return {"version": _METRICS_VERSION, "upem": record.upem, "cmap": _ranges(record.cps),
            "adv": _runs(record.advances), "cff": record.cff, "cid_keyed": record.cid_keyed,
            "cids": sorted(record.cids.items()), "ros": record.ros, "shared": record.shared,
            "family": record.family, "half": [list(pair) for pair in record.half],
            "descriptor": [d.postscript_name, d.bbox, d.ascent, d.descent, d.cap_height,
                           d.italic_angle, d.fixed_pitch, d.serif]}


def _from_json(raw: dict) -> FaceMetrics | None:
    if raw.get("version") != _METRICS_VERSION:
        return None
    # arrays of machine integers: a damaged file fails here, not when `advances` is made
    cmap, widths = array("l", raw["cmap"]), array("l", raw["adv"])
    if len(cmap) % 2 or len(widths) % 2 or sum(cmap[1::2]) != sum(widths[1::2]) or raw["upem"] <= 0:
        return None
    ps, bbox, ascent, descent, cap, angle, fixed, serif = raw["descriptor"]
    return FaceMetrics(raw["upem"], cmap, widths, raw["cff"], raw["family"],
                       raw["cid_keyed"], {g: c for g, c in raw["cids"]}, tuple(raw["ros"]),
                       tuple(tuple(group) for group in raw["shared"]),
                       Descriptor(ps, tuple(bbox), ascent, descent, cap, angle, fixed, serif),
                       {cp: gid for cp, gid in raw["half"]})


def read_face(path: str, index: int) -> FaceRecord:
    from .reader import read_face as read   # fontTools, only on a cache miss
    return read(path, index)


def _current(key: str) -> bool:
    """Whether an entry of the hash index still names a file as it is: the
    index is read on every run, and entries for files since changed or gone
    (a test's temporary fonts) would only make it longer."""
    path, size, mtime = key.rsplit("|", 2)
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return f"{stat.st_size}|{stat.st_mtime_ns}" == f"{size}|{mtime}"


class FontCache:
    """Disk cache plus the in-process memo of what was already read this run."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else default_cache_dir()
        self._hashes: dict[str, str] | None = None
        self._metrics: dict[tuple[str, int], FaceMetrics] = {}
        self._ink: dict[tuple[str, int, str], Mapping[str, InkBox]] = {}
        self.reads = 0  # how many faces this process read from their font files (tests read it)

    # -- hashes ---------------------------------------------------------------
    def _hash_index_path(self) -> Path:
        return self.directory / "hashes.json"

    def sha256(self, path: str) -> str:
        stat = os.stat(path)
        key = f"{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}"
        if self._hashes is None:
            try:
                self._hashes = json.loads(self._hash_index_path().read_text("utf-8"))
            except (OSError, ValueError):
                self._hashes = {}
        known = self._hashes.get(key)
        if known:
            return known
        value = file_sha256(path)
        self._hashes = {k: v for k, v in self._hashes.items() if _current(k)}
        self._hashes[key] = value
        try:
            write_bytes(self._hash_index_path(),
                        json.dumps(self._hashes, sort_keys=True, indent=0).encode("utf-8"))
        except OSError:
            pass  # a read-only cache only costs speed
        return value

    # -- metrics --------------------------------------------------------------
    def metrics(self, path: str, index: int) -> FaceMetrics:
        memo_key = (os.path.abspath(path), index)
        if memo_key in self._metrics:
            return self._metrics[memo_key]
        digest = self.sha256(path)
        # the version is in the name: caches of older releases stay readable by them
        cache_file = self.directory / "metrics" / f"v{_METRICS_VERSION}-{digest[:24]}-{index}.json"
        metrics = None
        try:
            metrics = _from_json(json.loads(cache_file.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError, OverflowError):   # overflow: no array holds it
            metrics = None
        if metrics is None:
            payload = _to_json(read_face(path, index))
            self.reads += 1
            try:
                write_bytes(cache_file, json.dumps(payload, separators=(",", ":")).encode("utf-8"))
            except OSError:
                pass
            metrics = _from_json(json.loads(json.dumps(payload)))   # as a later run reads it
        self._metrics[memo_key] = metrics
        return metrics

    # -- embedding --------------------------------------------------------------
    def _embeddable_stamp(self, path: str, index: int) -> Path:
        return self.directory / "embeddable" / f"{self.sha256(path)[:24]}-{index}"

    def known_embeddable(self, path: str, index: int) -> bool:
        """Whether the PDF writer has subset this face before (its file unchanged)."""
        return self._embeddable_stamp(path, index).is_file()

    def mark_embeddable(self, path: str, index: int) -> None:
        try:
            write_bytes(self._embeddable_stamp(path, index), b"")
        except OSError:
            pass  # a read-only cache only costs speed

    # -- ink ------------------------------------------------------------------
    def ink_boxes(self, path: str, index: int, chars: str) -> Mapping[str, InkBox]:
        """Ink boxes of those of `chars` the face draws, read from its outlines
        once per process (a handful of glyphs: not worth a file on disk)."""
        key = (os.path.abspath(path), index, chars)
        if key not in self._ink:
            self._ink[key] = MappingProxyType(read_ink_boxes(path, index, chars))
        return self._ink[key]

