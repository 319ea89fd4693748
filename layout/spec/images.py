"""Opening pictures safely: photos and the masthead logo.

Pillow picks a decoder by a file's first bytes, whatever its name says, and
its EPS decoder runs Ghostscript: PostScript saved as `photo.jpg` would run an
external program on input data. Every picture is therefore opened through
`open_image`, which lets Pillow try only JPEG and PNG, the formats a
newspaper's photos come in (TIFF is left out: libtiff's many codecs are much
attack surface for a format the photo desk converts anyway).

The pixel count is read from the header and bounded (`limits.PHOTO_PIXELS`)
before anything is decoded, so a decompression bomb (a small PNG that
declares 100 000 × 100 000 pixels) is an input error, not gigabytes of memory.
`check_decodes` decodes a picture once when the edition is read, so a file
that opens but is damaged stops the run before anything is written.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import warnings

from ..diagnostics import InputError, Where, error
from . import limits
from .paths import require_file

FORMATS = ("JPEG", "PNG")


class ImageProblem(Exception):
    """What is wrong with a picture file, in words for an editor."""


@contextlib.contextmanager
def open_image(path: str | os.PathLike):
    """A Pillow image of a JPEG or PNG of at most limits.PHOTO_PIXELS pixels,
    not yet decoded; ImageProblem otherwise."""
    from PIL import Image, UnidentifiedImageError
    # the two formats' plugins themselves: asked for formats it has not loaded,
    # Pillow imports all of its forty-odd plugins (a fiftieth of a second)
    from PIL import JpegImagePlugin, PngImagePlugin  # noqa: F401
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path, formats=FORMATS)
    except UnidentifiedImageError:
        raise ImageProblem(f"is not a JPEG or PNG image ({_kind(path)})") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageProblem(_too_many(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged header raises struct.error, IndexError …
        raise ImageProblem(f"cannot be read as an image ({type(exc).__name__}: {exc})") from None
    try:
        w, h = image.size
        if w < 1 or h < 1:
            raise ImageProblem(f"has no pixels ({w} × {h})")
        if w * h > limits.PHOTO_PIXELS:
            raise ImageProblem(f"is {w} × {h} pixels ({w * h / 1e6:.0f} megapixels); {_AT_MOST}")
        yield image
    finally:
        image.close()


_AT_MOST = f"at most {limits.PHOTO_PIXELS / 1e6:.0f} megapixels are read"


def _too_many(exc: Exception) -> str:
    """Pillow's own bomb check fired first (far above our limit): say it our way."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    if found:
        return f"declares {int(found.group(1)) / 1e6:.0f} megapixels; {_AT_MOST}"
    return f"declares too many pixels; {_AT_MOST}"


def _kind(path) -> str:
    """What the file's first bytes say it is, for the message."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return "unreadable"
    for magic, name in ((b"%!PS", "PostScript"), (b"\xc5\xd0\xd3\xc6", "EPS"), (b"%PDF", "PDF"),
                        (b"GIF8", "GIF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"),
                        (b"RIFF", "RIFF/WebP"), (b"BM", "BMP")):
        if head.startswith(magic):
            return f"its content is {name}"
    return "its content is of an unknown kind" if head else "it is empty"


def image_size(path: str, where: Where | None, what: str, name: str) -> tuple[int, int]:
    """The pixel size of a picture (`what` it is and the `name` the spec gives
    it, for messages), checked to be a JPEG or PNG within the limits and to
    decode; an InputError naming `where` otherwise."""
    require_file(path, where, what, limits.IMAGE_BYTES, name=name)
    what = f"{what} {name}"
    try:
        with open_image(path) as image:
            size = image.size
            _decode(image)
    except ImageProblem as exc:
        raise InputError(error(f"{what} {exc}", where, "save it as a JPEG or PNG (8-bit RGB or "
                               "greyscale) and check that it opens in an image viewer")) from None
    return size


def _decode(image) -> None:
    """Decode every byte of the picture; a JPEG at an eighth of its size, which
    reads all its data at a fraction of the cost."""
    try:
        if image.format == "JPEG":
            image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except MemoryError:
        raise ImageProblem("is too large to decode") from None
    except Exception as exc:  # noqa: BLE001 - damaged data raises OSError, ValueError, struct.error …
        raise ImageProblem(f"cannot be decoded ({type(exc).__name__}: {exc})") from None


def profile_problem(path: str) -> str | None:
    """What keeps the file at `path` from being a CMYK output profile LittleCMS
    can use, or None. A header that only looks right (the `acsp` signature and
    `CMYK`) is not enough: the profile is opened as the renderer will."""
    from PIL import ImageCms
    with open(path, "rb") as f:
        data = f.read(limits.PROFILE_BYTES + 1)
    if len(data) < 132 or data[36:40] != b"acsp":
        return "is not a CMYK ICC profile (it has no ICC header)"
    if data[16:20] != b"CMYK":
        return (f"is not a CMYK ICC profile: it is for "
                f"{data[16:20].decode('latin-1').strip() or 'no'} colour")
    declared = int.from_bytes(data[0:4], "big")
    if declared != len(data):
        return f"is damaged: its header says {declared} bytes, the file has {len(data)}"
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK")
    except Exception as exc:  # noqa: BLE001 - LittleCMS reports a damaged profile many ways
        return f"cannot be used by LittleCMS ({type(exc).__name__}: {exc})"
    return None
