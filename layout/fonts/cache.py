"""The on-disk font cache: file hashes and what each face's file says.

Reading a CJK face's cmap and metrics takes a tenth of a second, so it is done
once per font file and kept under the cache directory as JSON, keyed by the
file's SHA-256 (and the face's index in a collection). A file's hash itself is
remembered by path, size and mtime. Nothing else is cached: PDFs embed
subsets made from the font files themselves when they are written.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_bytes
from .reader import Descriptor, FaceRecord, read_face

_METRICS_VERSION = 2


def default_cache_dir() -> Path:
    env = os.environ.get("BANMIAN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "banmian"


@dataclass(frozen=True)
class FaceMetrics:
    upem: int
    advances: dict          # code point → advance in em (1.0 = one em)
    is_cff: bool
    family: str
    glyphs: dict = field(default_factory=dict)   # code point → glyph index (the cmap)
    cid_keyed: bool = False                      # CID-keyed CFF
    cids: dict = field(default_factory=dict)     # glyph → CID where they differ
    ros: tuple = ("Adobe", "Identity", 0)        # CIDSystemInfo of a CID-keyed CFF
    descriptor: Descriptor | None = None


def _metrics(record: FaceRecord) -> FaceMetrics:
    upem = record.upem
    return FaceMetrics(upem, dict(zip(record.cps, (a / upem for a in record.advances))), record.cff,
                       record.family, dict(zip(record.cps, record.gids)), record.cid_keyed,
                       dict(record.cids), record.ros, record.descriptor)


def _to_json(record: FaceRecord) -> dict:
    d = record.descriptor
    return {"version": _METRICS_VERSION, "upem": record.upem, "cps": record.cps,
            "adv": record.advances, "gids": record.gids, "cff": record.cff,
            "cid_keyed": record.cid_keyed, "cids": sorted(record.cids.items()),
            "ros": record.ros, "family": record.family,
            "descriptor": [d.postscript_name, d.bbox, d.ascent, d.descent, d.cap_height,
                           d.italic_angle, d.fixed_pitch, d.serif]}


def _from_json(raw: dict) -> FaceRecord | None:
    if raw.get("version") != _METRICS_VERSION:
        return None
    ps, bbox, ascent, descent, cap, angle, fixed, serif = raw["descriptor"]
    registry, ordering, supplement = raw["ros"]
    return FaceRecord(raw["upem"], tuple(raw["cps"]), tuple(raw["adv"]), tuple(raw["gids"]),
                      raw["cff"], raw["cid_keyed"], {g: c for g, c in raw["cids"]},
                      (registry, ordering, supplement), raw["family"],
                      Descriptor(ps, tuple(bbox), ascent, descent, cap, angle, fixed, serif))


class FontCache:
    """Disk cache plus the in-process memo of what was already read this run."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else default_cache_dir()
        self._hashes: dict[str, str] | None = None
        self._metrics: dict[tuple[str, int], FaceMetrics] = {}
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
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        value = digest.hexdigest()
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
        record = None
        try:
            record = _from_json(json.loads(cache_file.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            record = None
        if record is None:
            record = read_face(path, index)
            self.reads += 1
            try:
                write_bytes(cache_file, json.dumps(_to_json(record), separators=(",", ":")).encode("utf-8"))
            except OSError:
                pass
        metrics = _metrics(record)
        self._metrics[memo_key] = metrics
        return metrics
