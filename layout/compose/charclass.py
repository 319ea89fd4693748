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
# Units that stay with the number before them: 10%, 35℃.
UNIT_SUFFIXES = frozenset("%‰℃°′″％")


# Magnitudes that stay between a number and its unit: 8.02亿元, 800万人.
MAGNITUDES = frozenset("十百千万亿")


def splits_number(text: str, i: int) -> bool:
    """Would a break before text[i] part a number from its unit or measure word
    (8.02｜亿元, 8.02亿｜元, 11月6｜日, 托位800｜个)? Numbers and their units are
    read as one word (GB/T 15835)."""
    if i <= 0 or i >= len(text) or kind_of(text[i]) is not Kind.HAN:
        return False
    a = text[i - 1]
    if a.isascii() and a.isdigit():
        return True
    return a in MAGNITUDES and i >= 2 and text[i - 2].isascii() and text[i - 2].isdigit()


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


def needs_glyph(ch: str) -> bool:
    """Whether a character is drawn: spaces are only room, every other
    character needs a glyph (else it prints as 〓 and is reported)."""
    return not ch.isspace() and kind_of(ch) not in (Kind.SPACE, Kind.IDSPACE)


def latin_run_end(chars, i: int, spaces: bool = False) -> int:
    """End (exclusive) of the Latin word or number that starts at chars[i]:
    letters and digits, with the inner punctuation between them and a unit
    after them (427.3, 10%, www.example.cn). `spaces`: a space between two
    Latin words continues the run too (Hello World, for vertical headlines).
    `chars` is a string, or any sequence of one-character strings."""
    n = len(chars)
    j = i
    while j < n:
        c = chars[j]
        if kind_of(c) is Kind.LATIN:
            j += 1
        elif j > i and (c in UNIT_SUFFIXES or ((c in LATIN_INNER or (spaces and c == " "))
                                               and j + 1 < n and kind_of(chars[j + 1]) is Kind.LATIN)):
            j += 1
        else:
            break
    return j


def counts_for_orphan(ch: str, kind: Kind | None = None) -> bool:
    """Does `ch` count as a character of a line for 孤字 (a paragraph's last
    line needs two, typesetting reference §5.9)? Han characters, letters and
    digits do; marks, symbols (℃ × →) and spaces do not. `kind`: kind_of(ch),
    when the caller has it already."""
    return (kind or kind_of(ch)) in (Kind.HAN, Kind.LATIN) and ch.isalnum()


def content_count(text: str) -> int:
    """How many characters of `text` count for 孤字."""
    return sum(1 for ch in text if counts_for_orphan(ch))


def blank_left(kind: Kind) -> bool:
    return kind is Kind.OPEN


def blank_right(kind: Kind) -> bool:
    return kind in (Kind.CLOSE, Kind.STOP)
