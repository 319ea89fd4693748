"""Photos for the article pages: the crop the page shows, from the original
file and in its own colours (the page image may be grey for the press), no
wider than a reading column needs."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps

from ...atomic import replacing
from ...spec.images import ImageProblem, open_image
from ..edition_view import Figure

MAX_WIDTH = 960
QUALITY = 82


def write_photo(figure: Figure, target: Path) -> tuple[int, int] | None:
    """Write the figure's photo as a JPEG at `target`; its size, or None when
    the photo is missing or unreadable (the page then shows its caption only)."""
    if figure.path is None:
        return None
    try:
        with open_image(figure.path) as original:
            image = ImageOps.exif_transpose(original)
            if figure.crop:
                image = image.crop(figure.crop)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            if image.width > MAX_WIDTH:
                height = max(1, round(image.height * MAX_WIDTH / image.width))
                image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
            with replacing(target, ".jpg") as tmp:
                image.save(tmp, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
            return image.size
    except (OSError, ImageProblem):
        return None
