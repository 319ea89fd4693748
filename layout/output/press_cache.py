"""Press-ready photos kept between runs.

Making a newsroom photo ready for the press (decoding a 24-megapixel JPEG,
cropping, downsampling with Lanczos, the ICC transform to CMYK, encoding)
takes half a second or more, and an editor renders the same photos round
after round. The finished JPEG is kept under the cache directory, named by
everything it is made from: the photo file's SHA-256, the crop, the printed
size, the page's colour, the press resolution, the output profile's SHA-256
and the Pillow that made it. A later run with the same inputs reads the very
bytes the first one wrote; any change makes a new one. The folder is kept
under `MAX_BYTES`: when a new photo would pass it, those least recently used go.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable

from ..atomic import write_bytes
from .print_images import PressImage

_VERSION = 1   # of how print_images makes a photo: raise it when that changes
MAX_BYTES = 512 * 1024 * 1024


def press_key(photo_sha256: str, crop, width: float, height: float, colour: str, image_ppi: float,
              profile_sha256: str | None) -> str:
    import PIL
    what = [_VERSION, PIL.__version__, photo_sha256, list(crop), repr(float(width)), repr(float(height)),
            colour, repr(float(image_ppi)), profile_sha256]
    return hashlib.sha256(json.dumps(what).encode("utf-8")).hexdigest()


def cached_press_image(directory: Path | None, key: str, make: Callable[[], PressImage]) -> PressImage:
    """The press image `key` names: from the cache, or made and kept there."""
    path = directory / "press" / f"{key[:40]}.jpg" if directory else None
    found = _read(path) if path else None
    if found is not None:
        try:
            os.utime(path)          # used: the last to go when the folder is full
        except OSError:
            pass
        return found
    image = make()
    if path:
        try:
            write_bytes(path, _packed(image))
            _trim(path.parent, MAX_BYTES)
        except OSError:
            pass    # a read-only cache only costs time
    return image


def _trim(folder: Path, limit: int) -> None:
    """Remove the least recently used photos until the folder holds at most `limit` bytes."""
    kept = []
    for entry in os.scandir(folder):
        if entry.is_file() and entry.name.endswith(".jpg"):
            stat = entry.stat()
            kept.append((stat.st_mtime_ns, entry.name, stat.st_size))
    total = sum(size for _, _, size in kept)
    for _, name, size in sorted(kept):
        if total <= limit:
            break
        try:
            os.unlink(folder / name)
        except OSError:
            continue
        total -= size


def _packed(image: PressImage) -> bytes:
    """One line of JSON saying what the JPEG is, then the JPEG."""
    head = {"bytes": len(image.data), "mode": image.mode, "pixels": list(image.pixels),
            "source_ppi": image.source_ppi, "ppi": image.ppi, "transform": image.transform}
    return json.dumps(head, sort_keys=True).encode("ascii") + b"\n" + image.data


def _read(path: Path) -> PressImage | None:
    """The kept image, or None when it is missing, cut short or not one of ours."""
    try:
        packed = path.read_bytes()
        line, _, data = packed.partition(b"\n")
        head = json.loads(line)
        if len(data) != head["bytes"] or not data.startswith(b"\xff\xd8") or not data.endswith(b"\xff\xd9"):
            return None
        width, height = head["pixels"]
        return PressImage(data, str(head["mode"]), (int(width), int(height)), float(head["source_ppi"]),
                          float(head["ppi"]), str(head["transform"]))
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
