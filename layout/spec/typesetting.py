"""The typesetting settings (edition.yaml `typography:`), one frozen value that
travels to every setter: body text, headlines, captions, the header and
footer, jump lines and the masthead (typesetting reference §5)."""
from __future__ import annotations

from dataclasses import dataclass

PUNCTUATION_STYLES = ("gb", "kaiming")
DIGIT_STYLES = ("half", "proportional")


@dataclass(frozen=True)
class Typesetting:
    punctuation: str = "gb"         # gb: full-width marks, pairs compressed to 1.5 em (GB/T 15834);
                                    # kaiming (开明): 。？！ keep a full em, other marks half
    # No Han–Latin gap by default: PDF readers (poppler, pdf.js, pdfium) take any
    # gap a tenth of an em wider than its neighbours for a word space, however it
    # is drawn, so a gap breaks copying and searching "223次". Newspaper body text
    # sets numbers solid; `han_latin_gap: eighth` gives the CSS text-autospace look.
    han_latin_gap_em: float = 0.0
    hanging: bool = False           # 行尾悬挂: 。，、 may hang half an em past a justified line
    min_last_line: int = 2          # 孤字: characters (not marks) a paragraph's last line needs
    headline_condense: float = 0.8  # 长体: narrowest horizontal scale of a headline
    headline_expand: float = 1.15   # 扁体: widest horizontal scale of a one-line headline
    digits: str = "half"            # half: digits of justified text on a half-em grid (二分数字),
                                    # as Chinese dailies set them; proportional: the face's own

    def __post_init__(self):
        if self.punctuation not in PUNCTUATION_STYLES:
            raise ValueError(f"unknown punctuation style {self.punctuation!r}")
        if self.digits not in DIGIT_STYLES:
            raise ValueError(f"unknown digit style {self.digits!r}")


PLAIN = Typesetting()
