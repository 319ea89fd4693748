"""The Chinese lunar calendar (农历) for 1900-01-31 … 2100-12-31, for the masthead's date line.

Computed from the widely published compressed table of lunar years 1900–2100
(one integer per year):

    bits 0–3   the leap month (1–12), 0 for none
    bits 4–15  months 12 … 1 (bit 15 is month 1): 1 = big month (30 days), 0 = small (29)
    bit 16     the leap month is big (30 days)

The table was checked day by day against the calendar computed from new moons
and principal solar terms in China Standard Time by the rules of GB/T 33661-2017.
They agree everywhere but 1914–1916 and 1920 (the calendars of those years were
reckoned in Beijing local mean time, and agree with that), 1933 (the calendar as
published then) and 2057-09-28 (a new moon seconds from midnight, closer than
the ephemeris can tell). The 2033 entry is the corrected one: 闰十一月, not the
闰七月 of older copies of the table (the “2033 problem”).

Lunar year 1900 begins on 1900-01-31 (正月初一 庚子年); every later year begins the
day after the one before it ends, so one table walk gives every date. The year
number is that of the Gregorian year in which its 正月初一 falls, so the last days
of a Gregorian year's January or February may still belong to the year before.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

FIRST_YEAR = 1900
EPOCH = _dt.date(1900, 1, 31)      # 正月初一 of lunar year 1900
LAST_DATE = _dt.date(2100, 12, 31)  # the table's lunar year 2100 runs into 2101

_TABLE = (
    0x04bd8, 0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0, 0x055d2,  # 1900
    0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0, 0x0ada2, 0x095b0, 0x14977,  # 1910
    0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40, 0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970,  # 1920
    0x06566, 0x0d4a0, 0x0ea50, 0x06e95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950,  # 1930
    0x0d4a0, 0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950, 0x0b557,  # 1940
    0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5b0, 0x14573, 0x052b0, 0x0a9a8, 0x0e950, 0x06aa0,  # 1950
    0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570, 0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0,  # 1960
    0x096d0, 0x04dd5, 0x04ad0, 0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b6a0, 0x195a6,  # 1970
    0x095b0, 0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60, 0x09570,  # 1980
    0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x05ac0, 0x0ab60, 0x096d5, 0x092e0,  # 1990
    0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5,  # 2000
    0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930,  # 2010
    0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530,  # 2020
    0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45,  # 2030
    0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0,  # 2040
    0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0,  # 2050
    0x092e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4,  # 2060
    0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0,  # 2070
    0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160,  # 2080
    0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252,  # 2090
    0x0d520,                                                                                    # 2100
)
LAST_YEAR = FIRST_YEAR + len(_TABLE) - 1

STEMS = "甲乙丙丁戊己庚辛壬癸"        # 天干
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"  # 地支
ZODIAC = "鼠牛虎兔龙蛇马羊猴鸡狗猪"    # 生肖, in the order of the branches
MONTH_NAMES = ("正月", "二月", "三月", "四月", "五月", "六月",
               "七月", "八月", "九月", "十月", "冬月", "腊月")
_DIGITS = "一二三四五六七八九十"


def leap_month(year: int) -> int:
    """The leap month of lunar `year` (1–12), or 0 when it has none."""
    return _TABLE[year - FIRST_YEAR] & 0xF


def month_days(year: int, month: int, leap: bool = False) -> int:
    """Days in lunar month `month` of `year` (the leap month after it if `leap`)."""
    info = _TABLE[year - FIRST_YEAR]
    if leap:
        if info & 0xF != month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        return 30 if info & 0x10000 else 29
    return 30 if info & (0x10000 >> month) else 29


def months(year: int) -> tuple[tuple[int, bool, int], ...]:
    """(month, leap, days) of every month of lunar `year`, in order."""
    out = []
    leap = leap_month(year)
    for m in range(1, 13):
        out.append((m, False, month_days(year, m)))
        if m == leap:
            out.append((m, True, month_days(year, m, True)))
    return tuple(out)


def year_days(year: int) -> int:
    return sum(days for _, _, days in months(year))


def _walk_new_years() -> tuple[_dt.date, ...]:
    """正月初一 of every year of the table: each the day after the year before ends."""
    days = [EPOCH]
    for year in range(FIRST_YEAR, LAST_YEAR):
        days.append(days[-1] + _dt.timedelta(days=year_days(year)))
    return tuple(days)


_NEW_YEARS = _walk_new_years()   # one walk of the table, at import: an immutable tuple


def new_year(year: int) -> _dt.date:
    """The Gregorian date of 正月初一 (Spring Festival, 春节) of lunar `year`."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"lunar year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return _NEW_YEARS[year - FIRST_YEAR]


def sexagenary(year: int) -> str:
    """The year's name in the sixty-year cycle (干支), e.g. 2024 → 甲辰; 4 CE was 甲子."""
    return STEMS[(year - 4) % 10] + BRANCHES[(year - 4) % 12]


def day_name(day: int) -> str:
    """初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十."""
    if not 1 <= day <= 30:
        raise ValueError(f"lunar day {day} is outside 1–30")
    if day <= 10:
        return "初" + _DIGITS[day - 1]
    if day < 20:
        return "十" + _DIGITS[day - 11]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + _DIGITS[day - 21]
    return "三十"


@dataclass(frozen=True)
class LunarDate:
    year: int        # the lunar year, numbered as the Gregorian year of its 正月初一
    month: int       # 1–12
    day: int         # 1–30
    leap: bool       # a leap month (闰月), which repeats the number of the month before it

    @property
    def ganzhi(self) -> str:
        """干支 of the year, e.g. 甲辰."""
        return sexagenary(self.year)

    @property
    def zodiac(self) -> str:
        """生肖 of the year, e.g. 龙."""
        return ZODIAC[(self.year - 4) % 12]

    @property
    def month_name(self) -> str:
        """正月 … 十月, 冬月, 腊月; a leap month is 闰 + the name: 闰二月."""
        return ("闰" if self.leap else "") + MONTH_NAMES[self.month - 1]

    @property
    def day_name(self) -> str:
        return day_name(self.day)

    @property
    def text(self) -> str:
        """As a masthead prints it: 农历甲辰年十月初六."""
        return f"农历{self.ganzhi}年{self.month_name}{self.day_name}"


def lunar_date(date: _dt.date) -> LunarDate:
    """The lunar date of a Gregorian `date` between 1900-01-31 and 2100-12-31."""
    if isinstance(date, _dt.datetime):
        date = date.date()
    if not EPOCH <= date <= LAST_DATE:
        raise ValueError(f"{date.isoformat()} is outside the lunar table "
                         f"({EPOCH.isoformat()} to {LAST_DATE.isoformat()})")
    # The year begins no earlier than Jan 21 of its Gregorian year, so the
    # date belongs to that year or the one before.
    year = date.year if date >= new_year(date.year) else date.year - 1
    offset = (date - new_year(year)).days
    for month, leap, days in months(year):
        if offset < days:
            return LunarDate(year, month, offset + 1, leap)
        offset -= days
    raise AssertionError("a date inside the table fell past its lunar year")


def lunar_text(date: _dt.date) -> str:
    """农历 + 干支年 + month + day, e.g. 2024-11-06 → 农历甲辰年十月初六."""
    return lunar_date(date).text
