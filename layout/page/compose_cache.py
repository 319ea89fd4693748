"""Prepared paragraphs and filled columns remembered by their content, so an
article can be measured at many widths (automatic layout asks hundreds of
times a page) without preparing its text again. The cache is a value the
caller owns and passes in: the page stage keeps no state of its own."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..compose.line_breaker import Paragraph, Run, prepare
from ..fonts.book import FontBook


@dataclass
class ComposeCache:
    fonts: FontBook
    paragraphs: dict = field(default_factory=dict)   # (runs, options) → Paragraph
    fill_memo: dict = field(default_factory=dict)    # the column filler's memo (keys hold paragraph ids,
                                                     # which stay unique while `paragraphs` keeps them alive)
    measures: dict = field(default_factory=dict)     # measure_article results

    def prepare(self, runs: tuple[Run, ...], **options) -> Paragraph:
        key = (runs, tuple(sorted(options.items())))
        par = self.paragraphs.get(key)
        if par is None:
            par = self.paragraphs[key] = prepare(list(runs), self.fonts, **options)
        return par
