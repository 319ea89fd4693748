"""The batch manifest (manifest.json in the output folder): for every edition
its source, the content hashes of its inputs, its outputs (path, size,
SHA-256), its pages and diagnostics, or why it failed. Sorted and free of
times and hosts, so the same inputs give the same manifest wherever they ran.

Each finished edition is appended at once to a journal beside it
(manifest.journal, a JSON line per edition: cheap however many editions the
run has), and the journal is folded into manifest.json at the end of the run.
A run that was killed leaves the journal; the next one reads it back, so
nothing finished is lost."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import write_bytes
from ..file_digest import file_sha256

FORMAT = "banmian-batch-manifest 1"
NAME = "manifest.json"
JOURNAL = "manifest.journal"


@dataclass(frozen=True)
class FileRecord:
    path: str          # relative: to the edition folder for an input, to the output folder for an output
    size: int
    sha256: str


def file_record(path: Path, root: Path) -> FileRecord:
    return FileRecord(path.relative_to(root).as_posix(), path.stat().st_size, file_sha256(path))


def input_files(edition_dir: str) -> list[FileRecord]:
    """Every file of the edition folder (hidden ones aside), by content."""
    root = Path(edition_dir)
    files = [p for p in sorted(root.rglob("*")) if p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return [file_record(p, root) for p in files]


def input_hash(inputs: list[FileRecord], settings: dict) -> str:
    """One hash of the inputs' contents and the settings that shape the outputs."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode("utf-8"))
    for f in inputs:
        digest.update(f"{f.path}\0{f.sha256}\0".encode("utf-8"))
    return digest.hexdigest()


@dataclass
class Manifest:
    settings: dict
    editions: dict           # name → entry (a plain dict, as written)

    @staticmethod
    def load(out_dir: str, settings: dict) -> "Manifest":
        """The manifest of an earlier run into `out_dir`, with what its journal
        adds; empty when there is none or it cannot be read (then nothing is skipped)."""
        path = Path(out_dir) / NAME
        editions = {}
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") == FORMAT and isinstance(data.get("editions"), dict):
                editions = dict(data["editions"])
        except (OSError, ValueError):
            pass
        try:
            lines = (Path(out_dir) / JOURNAL).read_text("utf-8").split("\n")
        except OSError:
            lines = []
        for line in lines:
            try:
                item = json.loads(line)
                editions[item["name"]] = item["entry"]
            except (ValueError, KeyError, TypeError):
                continue        # the last line of a run killed while writing it
        return Manifest(settings, editions)

    def finished(self, name: str, digest: str, out_dir: str) -> bool:
        """Done before from the same inputs, and every output still there at its size."""
        entry = self.editions.get(name)
        if not entry or entry.get("status") != "done" or entry.get("input_sha256") != digest:
            return False
        for f in entry.get("outputs", ()):
            path = Path(out_dir) / f["path"]
            if not path.is_file() or path.stat().st_size != f["size"]:
                return False
        return True

    def record(self, name: str, entry: dict, out_dir: str | None = None) -> None:
        """Keep the edition's entry; with `out_dir`, also append it to the journal there now."""
        self.editions[name] = entry
        if out_dir is not None:
            line = json.dumps({"name": name, "entry": entry}, ensure_ascii=False, sort_keys=True) + "\n"
            with open(Path(out_dir) / JOURNAL, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())

    def to_json(self) -> bytes:
        data = {"format": FORMAT, "settings": self.settings,
                "editions": {k: self.editions[k] for k in sorted(self.editions)}}
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def save(self, out_dir: str) -> None:
        """manifest.json written whole; the journal it now holds is removed."""
        write_bytes(Path(out_dir) / NAME, self.to_json())
        (Path(out_dir) / JOURNAL).unlink(missing_ok=True)


def records(items: list[FileRecord]) -> list[dict]:
    return [asdict(f) for f in items]
