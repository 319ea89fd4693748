"""Punctuation the OCR folded to ASCII, restored to the full-width marks
Chinese text uses (GB/T 15834-2011 §4: marks in Chinese text are full width),
and kept where it belongs to numbers, URLs and Latin text.

A mark counts as in Chinese text when a Han character or a full-width mark
stands next to it (spaces skipped). Kept: `.`, `,` and `:` between digits
(427.3, 1,000, 17:30), everything inside a URL or an e-mail address, and
marks between Latin letters. Every change is a changed piece of the field,
so it is logged.
"""
from __future__ import annotations

import re
import unicodedata

from .tracked import Tracked

SIMPLE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
PAIRS = {"(": ("（", "）", ")"), "[": ("【", "】", "]")}
_URL = re.compile(r"(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
                  r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
FULL_MARKS = set("，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·")


def is_han(ch: str) -> bool:
    return bool(ch) and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
                         or "\U00020000" <= ch <= "\U0003134f" or ch == "〇")


def is_chinese(ch: str) -> bool:
    """A Han character or a full-width mark: what makes a neighbour Chinese text."""
    return is_han(ch) or ch in FULL_MARKS


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    return text[j] if 0 <= j < len(text) else ""


def _protected(text: str) -> set[int]:
    out = set()
    for m in _URL.finditer(text):
        out.update(range(m.start(), m.end()))
    return out


def _kept_indices(t: Tracked) -> set[int]:
    """Indices of characters copied from the source as they are (only those may change)."""
    out, pos = set(), 0
    for p in t.pieces:
        if p.kept:
            out.update(range(pos, pos + len(p.text)))
        pos += len(p.text)
    return out


def _simple(text: str, i: int) -> str | None:
    """`text` has the brackets and quotes already turned, so they count as Chinese."""
    ch = text[i]
    before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
    if ch in ",.:" and before.isdigit() and after.isdigit():
        return None                                   # 427.3, 1,000, 17:30
    if ch == ".":
        # a full stop ends a Chinese sentence: after Chinese text (or a number
        # or percentage in it), at the end or before Chinese text
        in_chinese = is_chinese(before) or ((before.isdigit() or before in "%‰℃")
                                            and any(is_han(c) for c in text[max(0, i - 12):i]))
        if in_chinese and (not after or is_chinese(after)):
            return "。"
        return None
    if is_chinese(before) or is_chinese(after):
        return SIMPLE[ch]
    return None


def _pairs(text: str) -> dict[int, str]:
    """Brackets and quotes in Chinese text: a pair is turned when its content
    or either side of it is Chinese."""
    out: dict[int, str] = {}
    for opener, (full_open, full_close, closer) in PAIRS.items():
        stack = []
        for i, ch in enumerate(text):
            if ch == opener:
                stack.append(i)
            elif ch == closer and stack:
                j = stack.pop()
                inner = text[j + 1:i]
                if (is_chinese(_neighbour(text, j, -1)) or is_chinese(_neighbour(text, i, 1))
                        or any(is_han(c) for c in inner)):
                    out[j], out[i] = full_open, full_close
    quotes = [i for i, ch in enumerate(text) if ch == '"']
    for k in range(0, len(quotes) - 1, 2):
        j, i = quotes[k], quotes[k + 1]
        if any(is_han(c) for c in text[j + 1:i]) or is_chinese(_neighbour(text, j, -1)):
            out[j], out[i] = "“", "”"
    return out


def _fullwidth_ascii(ch: str) -> str | None:
    """Full-width digits and Latin letters (０–９, Ａ–Ｚ, ａ–ｚ) are set as ordinary
    ones in Chinese text (GB/T 15835: Arabic numerals in half width)."""
    if "０" <= ch <= "９" or "Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ":
        return unicodedata.normalize("NFKC", ch)
    return None


def restore(t: Tracked) -> Tracked:
    """The field with its marks restored, each restoration a changed piece."""
    text = t.text
    kept = _kept_indices(t)
    protected = _protected(text)
    changes: dict[int, tuple[str, str]] = {}
    for i, full in _pairs(text).items():
        changes[i] = (full, "ASCII bracket or quote in Chinese text")
    context = "".join(changes[i][0] if i in changes else ch for i, ch in enumerate(text))
    for i, ch in enumerate(text):
        if i in changes:
            continue
        if ch in SIMPLE or ch == ".":
            new = _simple(context, i)
            if new is not None:
                changes[i] = (new, "ASCII mark in Chinese text")
        elif _fullwidth_ascii(ch):
            changes[i] = (_fullwidth_ascii(ch), "full-width digit or letter set half width")
    for m in re.finditer(r"\.{3,}|。{3,}|(?<!…)…(?!…)", text):
        if m.group() == "…":
            if is_chinese(_neighbour(text, m.start(), -1)) or is_chinese(_neighbour(text, m.end() - 1, 1)):
                changes[m.start()] = ("……", "a single ellipsis mark doubled (……)")
            continue
        if is_chinese(_neighbour(text, m.start(), -1)) or is_chinese(_neighbour(text, m.end() - 1, 1)):
            for k in range(m.start(), m.end()):
                changes.pop(k, None)
            changes[m.start()] = ("……", "dots for an ellipsis")
            for k in range(m.start() + 1, m.end()):
                changes[k] = ("", "dots for an ellipsis")
    for m in re.finditer(r"(?<!-)--(?!-)|(?<!—)—(?!—)", text):
        if is_chinese(_neighbour(text, m.start(), -1)) and is_chinese(_neighbour(text, m.end() - 1, 1)):
            changes[m.start()] = ("——", "dash in Chinese text (——)")
            for k in range(m.start() + 1, m.end()):
                changes[k] = ("", "dash in Chinese text (——)")
    for i in sorted(changes, reverse=True):
        if i in kept and i not in protected:
            new, why = changes[i]
            t = t.replace(i, i + 1, new, "punctuation", why)
    return t


def tidy_spaces(t: Tracked, inner: bool) -> Tracked:
    """Spaces in a field. Body text (`inner` False) keeps a space only in Latin
    text: next to Chinese the OCR's space is noise, and the typesetter puts
    the Han–Latin gap itself. Headlines, decks and credits (`inner`
    True) keep their spaces, a pause in a headline, one space each."""
    text = t.text
    kept = _kept_indices(t)
    for m in reversed(list(re.finditer(r"[ \t\u3000\u00a0]+", text))):
        a, b = m.start(), m.end()
        if not all(k in kept for k in range(a, b)):
            continue
        left, right = text[a - 1] if a else "", text[b] if b < len(text) else ""
        if not left or not right:
            continue
        if inner or not (is_chinese(left) or is_chinese(right)):
            if m.group() != " ":
                t = t.replace(a, b, " ", "space", "one plain space")
        else:
            t = t.replace(a, b, "", "space", "space in Chinese text removed")
    return t
