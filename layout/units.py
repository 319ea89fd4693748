"""Lengths and the Chinese type-size ladder (号数). Everything is in points."""
from __future__ import annotations

MM = 72.0 / 25.4

# Word/WPS table, the one modern files use (typesetting reference §2.1).
HAO_SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
    "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}

EPS = 0.01  # widths closer than this are equal: far below a visible difference


def mm(value: float) -> float:
    return value * MM


def parse_size(value: object) -> float | None:
    """A size given as a number of points or a 号 name; None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    if isinstance(value, str):
        text = value.strip()
        if text in HAO_SIZES:
            return float(HAO_SIZES[text])
        if text.endswith("pt"):
            text = text[:-2]
        try:
            number = float(text)
        except ValueError:
            return None
        return number if number > 0 else None
    return None


CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """A whole number from 0 to 9999 in Chinese numerals, as newspapers write
    page numbers: 第十二版, 第一百零一版, 第一百一十版 (十 takes its 一 after 百)."""
    if not 0 <= n <= 9999:
        raise ValueError(f"{n} is outside 0–9999")
    if n < 10:
        return CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 else CN_DIGITS[tens]
        return head + "十" + (CN_DIGITS[ones] if ones else "")
    unit, size = ("千", 1000) if n >= 1000 else ("百", 100)
    head, rest = divmod(n, size)
    if rest == 0:
        return CN_DIGITS[head] + unit
    gap = "零" if rest < size // 10 else ""
    tail = chinese_number(rest)
    if 10 <= rest < 20:
        tail = "一" + tail          # 一百一十, not 一百十
    return CN_DIGITS[head] + unit + gap + tail
