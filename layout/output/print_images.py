"""Photos made ready for the press, with Pillow.

A picture is cropped to the part the plan shows, flattened onto white (PDF/X-1a
allows no transparency), downsampled with Lanczos when it is far sharper than
the press needs (more than `DOWNSAMPLE_ABOVE` × `print.image_ppi` at its
printed size), converted to grey or CMYK, and encoded as a baseline JPEG.

Colour: on a grey page every photo becomes "L" (Pillow's ITU-R 601 luma),
printed from the black plate alone (DeviceGray). On a CMYK page an RGB photo
goes through a real ICC transform (LittleCMS, perceptual intent) from its
embedded profile, or sRGB when it has none, to the output-intent CMYK profile;
a grey original stays grey (K only) and a CMYK original is kept as it is.
Without an output profile (only possible with `pdfx: none`) the conversion is
Pillow's naive one (C = 255 − R …, no black generation).

JPEG rather than Flate: a 300 ppi CMYK photo is 4–10 times smaller, every RIP
and PDF/X level reads DCT, and at quality 92 without chroma subsampling the
loss is far below what newsprint screening shows.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageCms

from ..diagnostics import InputError, Where, error
from ..spec.images import ImageProblem, open_image
from .pdfx import OutputProfile

DOWNSAMPLE_ABOVE = 1.5
JPEG_QUALITY = 92


@dataclass(frozen=True)
class PressImage:
    data: bytes                 # a baseline JPEG
    mode: str                   # "L" or "CMYK"
    pixels: tuple[int, int]
    source_ppi: float           # resolution of the cropped original at its printed size
    ppi: float                  # resolution embedded
    transform: str              # "icc", "naive" or "none": how the colour was converted


def prepare_photo(path: str, crop: tuple[int, int, int, int], width: float, height: float,
                  colour: str, image_ppi: float, profile: OutputProfile | None) -> PressImage:
    """The picture at `path`, cropped to `crop` (pixels) and printed `width` × `height` points."""
    crop_width = crop[2] - crop[0]
    try:
        with open_image(path) as opened:
            crop = _draft(opened, crop, width, height, image_ppi)
            opened.load()
            source_profile = opened.info.get("icc_profile")
            image = opened.crop(crop)
        image = _flatten(image)
    except ImageProblem as exc:
        raise InputError(error(f"photo {path} {exc}", Where(path),
                               "replace the file with a valid JPEG or PNG")) from None
    except Exception as exc:  # noqa: BLE001 - damaged data: OSError, ValueError, struct.error …
        raise InputError(error(f"photo {path} cannot be decoded: {type(exc).__name__}: {exc}", Where(path),
                               "replace the file with a valid JPEG or PNG")) from None
    source_ppi = crop_width / (width / 72.0) if width > 0 else 0.0
    if image_ppi > 0 and source_ppi > DOWNSAMPLE_ABOVE * image_ppi:
        size = (max(1, round(width / 72.0 * image_ppi)), max(1, round(height / 72.0 * image_ppi)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    image, transform = _convert(image, colour, source_profile, profile)
    image.info = {}   # no ICC profile, EXIF or comment in the stream: the PDF says the colour space
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=True)
    ppi = image.width / (width / 72.0) if width > 0 else 0.0
    return PressImage(out.getvalue(), image.mode, image.size, source_ppi, ppi, transform)


def _draft(opened: Image.Image, crop: tuple[int, int, int, int], width: float, height: float,
           image_ppi: float) -> tuple[int, int, int, int]:
    """Let libjpeg decode a JPEG at a half, a quarter or an eighth of its size
    when the press needs far fewer pixels (its DCT scaling averages as a
    downsampling does, at a fraction of the cost of decoding every pixel, as
    libvips' shrink-on-load does); the crop in the pixels of what will be
    decoded. The decoded crop keeps at least the pixels the press needs, and
    Lanczos brings it down to them."""
    if opened.format != "JPEG" or image_ppi <= 0 or width <= 0 or height <= 0:
        return crop
    need_w, need_h = width / 72.0 * image_ppi, height / 72.0 * image_ppi
    crop_w, crop_h = crop[2] - crop[0], crop[3] - crop[1]
    if crop_w <= DOWNSAMPLE_ABOVE * need_w:
        return crop        # not downsampled at all
    reduce = 1
    while reduce < 8 and crop_w / (reduce * 2) >= need_w and crop_h / (reduce * 2) >= need_h:
        reduce *= 2
    if reduce == 1:
        return crop
    full_w, full_h = opened.size
    opened.draft(opened.mode, (-(-full_w // reduce), -(-full_h // reduce)))
    scale_x, scale_y = opened.size[0] / full_w, opened.size[1] / full_h
    return (int(crop[0] * scale_x), int(crop[1] * scale_y),
            min(opened.size[0], round(crop[2] * scale_x)), min(opened.size[1], round(crop[3] * scale_y)))


def _flatten(image: Image.Image) -> Image.Image:
    """One of L, RGB or CMYK, any transparency composited onto white paper."""
    mode = image.mode
    if mode in ("L", "RGB", "CMYK"):
        return image
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I") or mode == "F":
        _low, high = image.getextrema()
        scale = 255.0 / 65535.0 if high > 255 else 1.0   # 16-bit grey
        return image.convert("F").point(lambda v: v * scale).convert("L")
    if mode == "P" and "transparency" not in image.info:
        return image.convert("RGB")
    if mode in ("LA", "La", "RGBA", "RGBa", "PA", "P"):
        grey = mode in ("LA", "La")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        paper.alpha_composite(image.convert("RGBA"))
        return paper.convert("L" if grey else "RGB")
    return image.convert("RGB")


def _convert(image: Image.Image, colour: str, source_profile: bytes | None,
             profile: OutputProfile | None) -> tuple[Image.Image, str]:
    if colour == "grey":
        if image.mode == "L":
            return image, "none"
        return image.convert("L"), "naive"
    if image.mode in ("L", "CMYK"):
        return image, "none"
    if profile is None:
        return image.convert("CMYK"), "naive"
    return ImageCms.applyTransform(image, _rgb_to_cmyk(source_profile, profile.path)), "icc"


@lru_cache(maxsize=8)
def _rgb_to_cmyk(source_profile: bytes | None, output_path: str):
    source = None
    if source_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(source_profile))
            if source.profile.xcolor_space.strip() != "RGB":
                source = None
        except (OSError, ImageCms.PyCMSError):
            source = None
    if source is None:
        source = ImageCms.createProfile("sRGB")
    return ImageCms.buildTransform(source, ImageCms.getOpenProfile(output_path), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.PERCEPTUAL)
