"""The on-disk font cache: file hashes, glyph metrics and TrueType conversions.

Converting a CFF CJK face to TrueType takes most of a minute and reading its
cmap a tenth of a second, so both are done once per font file and kept under
the cache directory, keyed by the file's SHA-256 (and the face's index in a
collection). A file's hash itself is remembered by path, size and mtime.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from fontTools.ttLib import TTFont

from . import cff2glyf
from .ink import InkBox, read_ink_boxes
from .outlines import blank_codepoints
from ..atomic import replacing, write_bytes

# 2: characters whose glyphs draw nothing are left out (outlines.py). The
# version is in the file name too, so an older checkout sharing the cache
# keeps its own files.
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


class FontCache:
    """Disk cache plus the in-process memo of what was already read this run."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else default_cache_dir()
        self._hashes: dict[str, str] | None = None
        self._metrics: dict[tuple[str, int], FaceMetrics] = {}
        self._ink: dict[tuple[str, int, str], Mapping[str, InkBox]] = {}
        self.conversions = 0  # how many faces this process converted (tests read it)

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
        cache_file = self.directory / "metrics" / f"{digest[:24]}-{index}-v{_METRICS_VERSION}.json"
        metrics = None
        try:
            raw = json.loads(cache_file.read_text("utf-8"))
            if raw.get("version") == _METRICS_VERSION:
                upem = raw["upem"]
                metrics = FaceMetrics(upem, dict(zip(raw["cps"], (a / upem for a in raw["adv"]))),
                                      raw["cff"], raw["family"])
        except (OSError, ValueError, KeyError):
            metrics = None
        if metrics is None:
            font = TTFont(path, fontNumber=index, lazy=True)
            upem = font["head"].unitsPerEm
            cmap = font.getBestCmap() or {}
            hmtx = font["hmtx"].metrics
            blank = blank_codepoints(font, cmap)
            cps = sorted(cp for cp in cmap if cp not in blank)
            adv = [hmtx[cmap[cp]][0] for cp in cps]
            family = font["name"].getDebugName(4) or font["name"].getDebugName(1) or ""
            cff = cff2glyf.is_cff(font)
            font.close()
            payload = {"version": _METRICS_VERSION, "upem": upem, "cps": cps, "adv": adv,
                       "cff": cff, "family": family}
            try:
                write_bytes(cache_file, json.dumps(payload, separators=(",", ":")).encode("utf-8"))
            except OSError:
                pass
            metrics = FaceMetrics(upem, dict(zip(cps, (a / upem for a in adv))), cff, family)
        self._metrics[memo_key] = metrics
        return metrics

    # -- ink ------------------------------------------------------------------
    def ink_boxes(self, path: str, index: int, chars: str) -> Mapping[str, InkBox]:
        """Ink boxes of those of `chars` the face draws, read from its outlines
        once per process (a handful of glyphs: not worth a file on disk)."""
        key = (os.path.abspath(path), index, chars)
        if key not in self._ink:
            self._ink[key] = MappingProxyType(read_ink_boxes(path, index, chars))
        return self._ink[key]

    # -- embedding --------------------------------------------------------------
    def _embeddable_stamp(self, path: str, index: int) -> Path:
        return self.directory / "embeddable" / f"{self.sha256(path)[:24]}-{index}"

    def known_embeddable(self, path: str, index: int) -> bool:
        """Whether the PDF writer has embedded this face before (its file unchanged)."""
        return self._embeddable_stamp(path, index).is_file()

    def mark_embeddable(self, path: str, index: int) -> None:
        try:
            write_bytes(self._embeddable_stamp(path, index), b"")
        except OSError:
            pass  # a read-only cache only costs speed

    def is_converted(self, path: str, index: int) -> bool:
        return self._truetype_target(path, index).exists()

    def _truetype_target(self, path: str, index: int) -> Path:
        return self.directory / "truetype" / f"{self.sha256(path)[:24]}-{index}.ttf"

    # -- TrueType outlines ----------------------------------------------------
    def truetype(self, path: str, index: int) -> tuple[str, int]:
        """A (file, subfont index) ReportLab can embed: the font itself if it has
        glyf outlines, else its converted copy in the cache (made on first use)."""
        if not self.metrics(path, index).is_cff:
            return path, index
        target = self._truetype_target(path, index)
        if not target.exists():
            with replacing(target, ".ttf") as tmp:
                cff2glyf.convert_to_glyf(path, index, tmp)
            self.conversions += 1
        return str(target), 0
