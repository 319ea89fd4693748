"""Character classes for Chinese line composition (typesetting reference §5.2–5.3).

The composer never tests characters itself: it asks these functions, so the
kinsoku lists and punctuation geometry live in one place.
"""
from __future__ import annotations

import enum
import unicodedata


class Kind(enum.Enum):
    HAN = "han"            # ideographs, kana, full-width letters: one em, solid
    OPEN = "open"          # opening brackets and quotes: blank left half
    CLOSE = "close"        # closing brackets and quotes: blank right half
    STOP = "stop"          # 、。，．：；？！: blank right half
    MIDDOT = "middot"      # 间隔号: half em, centred
    DASH = "dash"          # 破折号 half (U+2014); a pair is one two-em unit
    ELLIPSIS = "ellipsis"  # 省略号 half (U+2026); a pair is one two-em unit
    CONNECTOR = "connector"  # ～ full width, centred, never at line start
    LATIN = "latin"        # letters, digits and their punctuation: proportional
    SPACE = "space"        # ASCII space: a break opportunity between Latin words
    IDSPACE = "idspace"    # U+3000 ideographic space: one em


OPENING = frozenset("“‘（《〈「『【〔〖［｛")
CLOSING = frozenset("”’）》〉」』】〕〗］｝")
STOPS = frozenset("、。，．：；？！")
SENTENCE_STOPS = frozenset("。？！")
MIDDOTS = frozenset("·・‧")

# 行首禁则, GB style: these never start a line.
NO_LINE_START = frozenset(
    "、。，．：；？！‼⁇⁈⁉" "”’）》〉」』】〕〗］｝" "-–—～" "·・‧" "/／"
    "%‰℃°′″％,.:;!?)]}"
)
# 行尾禁则: these never end a line (opening marks, solidus, currency prefixes).
NO_LINE_END = frozenset("“‘（《〈「『【〔〖［｛" "/／" "￥¥$＄£€№#([{")

# Characters that continue a run of Latin letters or digits, so the run stays
# one unbreakable unit: 427.3亿, 10%, 1+N, 3·15, www.example.cn, 13781915838.
LATIN_INNER = frozenset(".,:/-+%‰℃°′″'&_@#=~·")


def is_latin_char(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum()
    cat = unicodedata.category(ch)
    # Latin-1 and other alphabetic scripts set proportionally (é, α, Я).
    return cat[0] == "L" and unicodedata.east_asian_width(ch) in ("N", "Na", "A") and ord(ch) < 0x2E80


def kind_of(ch: str) -> Kind:
    if ch in OPENING:
        return Kind.OPEN
    if ch in CLOSING:
        return Kind.CLOSE
    if ch in STOPS:
        return Kind.STOP
    if ch in MIDDOTS:
        return Kind.MIDDOT
    if ch in "—⸺":
        return Kind.DASH
    if ch in "…⋯":
        return Kind.ELLIPSIS
    if ch == "～":
        return Kind.CONNECTOR
    if ch == " ":
        return Kind.SPACE
    if ch == "\u3000":
        return Kind.IDSPACE
    if is_latin_char(ch) or (ch.isascii() and ch.isprintable()):
        return Kind.LATIN
    return Kind.HAN


def blank_left(kind: Kind) -> bool:
    return kind is Kind.OPEN


def blank_right(kind: Kind) -> bool:
    return kind in (Kind.CLOSE, Kind.STOP)
