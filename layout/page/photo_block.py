"""A photo with its caption and credit, fitted to whole grid lines.

The picture is scaled to cover its box and cropped about its centre; the
caption (Kai, body size, on the grid) sits under it and ends with the credit
'某某 摄'. A missing file becomes a marked placeholder and a warning.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostic, WARNING
from ..fonts.book import FontBook
from ..compose.line_breaker import JUSTIFY, RIGHT, ComposedLine, Run, prepare
from ..compose.paragraph_breaker import set_paragraph
from ..spec.model import Photo
from ..plan import Picture, Placeholder
from ..spec.page_style import PageStyle

MIN_PPI = 150.0
CAPTION_GAP = 4.0  # white between the picture and its caption, pt


@dataclass(frozen=True)
class PhotoBlock:
    picture: Picture | None
    placeholder: Placeholder | None
    caption: tuple[tuple[ComposedLine, int], ...]   # (line, grid line it sits on)
    diagnostics: tuple[Diagnostic, ...]


def caption_paragraph(photo: Photo, style: PageStyle, fonts: FontBook):
    runs = []
    if photo.caption:
        runs.append(Run(photo.caption, "caption", style.body_size))
    if photo.credit:
        if runs:
            runs.append(Run("\u3000", "caption", style.body_size))
        runs.append(Run(photo.credit, "credit", style.body_size, glued=True))
    if not runs:
        return None
    align = JUSTIFY if photo.caption else RIGHT
    return prepare(runs, fonts, indent_em=0, align=align, settings=style.typesetting)


def cover_crop(pixels: tuple[int, int], width: float, height: float) -> tuple[int, int, int, int]:
    """The centred part of the image with the box's proportions."""
    w, h = pixels
    box_ratio = width / height
    if w / h > box_ratio:
        keep = max(1, round(h * box_ratio))
        left = (w - keep) // 2
        return left, 0, left + keep, h
    keep = max(1, round(w / box_ratio))
    top = (h - keep) // 2
    return 0, top, w, top + keep


def build_photo(photo: Photo, x: float, width: float, first_line: int, lines: int,
                style: PageStyle, fonts: FontBook, owner: str) -> PhotoBlock:
    diagnostics = []
    caption_lines: list[ComposedLine] = []
    par = caption_paragraph(photo, style, fonts)
    if par is not None:
        caption_lines = set_paragraph(par, width)
        for m in par.missing:
            diagnostics.append(Diagnostic(WARNING, f"{owner}: caption character {m.ch} (U+{ord(m.ch):04X}) "
                                          "is in no font of its role; 〓 is printed in its place", photo.where,
                                          "add a font with this character to the caption role",
                                          code="missing-glyph",
                                          data=(("article", owner), ("char", m.ch))))
    caption_count = len(caption_lines)
    picture_lines = lines - caption_count
    if picture_lines < 2:
        diagnostics.append(Diagnostic(WARNING, f"{owner}: the photo box of {lines} lines leaves no room "
                                      f"for the picture beside {caption_count} caption lines",
                                      photo.where, "give the photo more `lines`", code="photo-too-small"))
        picture_lines = max(1, picture_lines)
    top = style.line_top(first_line)
    if caption_count:
        bottom = style.line_top(first_line + picture_lines) - CAPTION_GAP
    else:
        bottom = style.line_top(first_line + lines - 1) + style.body_size
    height = bottom - top
    picture = placeholder = None
    if photo.pixels is None:
        placeholder = Placeholder(x, top, width, height, f"图片缺失 {photo.name}")
    else:
        crop = cover_crop(photo.pixels, width, height)
        picture = Picture(photo.file, x, top, width, height, crop)
        ppi = (crop[2] - crop[0]) / (width / 72.0)
        if ppi < MIN_PPI:
            diagnostics.append(Diagnostic(WARNING, f"{owner}: photo {photo.name} prints at {ppi:.0f} ppi, "
                                          f"under {MIN_PPI:.0f}", photo.where,
                                          "use a larger original or a smaller box", code="photo-low-res",
                                          data=(("photo", photo.name), ("ppi", round(ppi)))))
    placed = tuple((line, first_line + picture_lines + i) for i, line in enumerate(caption_lines))
    return PhotoBlock(picture, placeholder, placed, tuple(diagnostics))


def photo_lines_for(photo: Photo, width: float, style: PageStyle, fonts: FontBook) -> int:
    """Grid lines a photo needs at `width` keeping its proportions (when the spec
    gives no `lines`)."""
    ratio = (photo.pixels[1] / photo.pixels[0]) if photo.pixels else 0.66
    par = caption_paragraph(photo, style, fonts)
    caption = len(set_paragraph(par, width)) if par else 0
    return max(3, round(width * ratio / style.pitch)) + caption
