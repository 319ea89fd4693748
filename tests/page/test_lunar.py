"""The lunar calendar (农历) against published dates, and the table against itself."""
from __future__ import annotations

import datetime as dt

import pytest

from layout.page.lunar import (EPOCH, FIRST_YEAR, LAST_DATE, LAST_YEAR, LunarDate, day_name,
                          leap_month, lunar_date, lunar_text, month_days, months, new_year,
                          sexagenary, year_days)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Spring Festival (正月初一) dates, with the year's 干支.
SPRING_FESTIVALS = [
    ("1901-02-19", "辛丑"), ("1912-02-18", "壬子"), ("1929-02-10", "己巳"),
    ("1949-01-29", "己丑"), ("1950-02-17", "庚寅"), ("1960-01-28", "庚子"),
    ("1966-01-21", "丙午"), ("1970-02-06", "庚戌"), ("1976-01-31", "丙辰"),
    ("1980-02-16", "庚申"), ("1984-02-02", "甲子"), ("1990-01-27", "庚午"),
    ("2000-02-05", "庚辰"), ("2001-01-24", "辛巳"), ("2002-02-12", "壬午"),
    ("2003-02-01", "癸未"), ("2004-01-22", "甲申"), ("2005-02-09", "乙酉"),
    ("2006-01-29", "丙戌"), ("2007-02-18", "丁亥"), ("2008-02-07", "戊子"),
    ("2009-01-26", "己丑"), ("2010-02-14", "庚寅"), ("2011-02-03", "辛卯"),
    ("2012-01-23", "壬辰"), ("2013-02-10", "癸巳"), ("2014-01-31", "甲午"),
    ("2015-02-19", "乙未"), ("2016-02-08", "丙申"), ("2017-01-28", "丁酉"),
    ("2018-02-16", "戊戌"), ("2019-02-05", "己亥"), ("2020-01-25", "庚子"),
    ("2021-02-12", "辛丑"), ("2022-02-01", "壬寅"), ("2023-01-22", "癸卯"),
    ("2024-02-10", "甲辰"), ("2025-01-29", "乙巳"), ("2026-02-17", "丙午"),
    ("2027-02-06", "丁未"), ("2028-01-26", "戊申"), ("2029-02-13", "己酉"),
    ("2030-02-03", "庚戌"), ("2040-02-12", "庚申"), ("2050-01-23", "庚午"),
    ("2060-02-02", "庚辰"), ("2070-02-11", "庚寅"), ("2080-01-22", "庚子"),
    ("2090-01-30", "庚戌"), ("2100-02-09", "庚申"),
]


@pytest.mark.parametrize("date, ganzhi", SPRING_FESTIVALS)
def test_spring_festival(date, ganzhi):
    day = d(date)
    assert lunar_date(day) == LunarDate(day.year, 1, 1, False)
    assert lunar_text(day) == f"农历{ganzhi}年正月初一"
    assert new_year(day.year) == day
    # the eve (除夕) is the last day of the year before: 腊月廿九 or 三十
    eve = lunar_date(day - dt.timedelta(days=1))
    assert (eve.year, eve.month, eve.leap) == (day.year - 1, 12, False)
    assert eve.day in (29, 30)


@pytest.mark.parametrize("date, text", [
    ("2024-11-06", "农历甲辰年十月初六"),
    ("2024-11-08", "农历甲辰年十月初八"),
    ("2024-02-09", "农历癸卯年腊月三十"),     # 除夕 on 三十
    ("2025-01-28", "农历甲辰年腊月廿九"),     # 除夕 on 廿九
    ("2024-11-30", "农历甲辰年十月三十"),
    ("2024-12-01", "农历甲辰年冬月初一"),
    ("2024-12-30", "农历甲辰年冬月三十"),
    ("2024-12-31", "农历甲辰年腊月初一"),
    ("2024-01-10", "农历癸卯年冬月廿九"),
    ("2024-01-11", "农历癸卯年腊月初一"),
    ("2023-04-20", "农历癸卯年三月初一"),
    ("2024-09-17", "农历甲辰年八月十五"),     # 中秋
    ("2024-06-10", "农历甲辰年五月初五"),     # 端午
    ("2025-01-07", "农历甲辰年腊月初八"),     # 腊八
    ("2024-02-24", "农历甲辰年正月十五"),     # 元宵
    ("2024-02-29", "农历甲辰年正月二十"),
    ("2024-03-01", "农历甲辰年正月廿一"),
])
def test_known_dates(date, text):
    assert lunar_text(d(date)) == text


@pytest.mark.parametrize("first, year, month, ganzhi", [
    ("2023-03-22", 2023, 2, "癸卯"),   # 闰二月
    ("2020-05-23", 2020, 4, "庚子"),   # 闰四月
    ("2025-07-25", 2025, 6, "乙巳"),   # 闰六月
    ("2017-07-23", 2017, 6, "丁酉"),   # 闰六月
    ("2012-05-21", 2012, 4, "壬辰"),   # 闰四月
    ("2014-10-24", 2014, 9, "甲午"),   # 闰九月
    ("2033-12-22", 2033, 11, "癸丑"),  # 闰十一月, not the 闰七月 of old tables
])
def test_leap_months(first, year, month, ganzhi):
    day = d(first)
    assert leap_month(year) == month
    assert lunar_date(day) == LunarDate(year, month, 1, True)
    before = lunar_date(day - dt.timedelta(days=1))
    assert (before.month, before.leap) == (month, False) and before.day in (29, 30)
    name = "冬月" if month == 11 else ("十" if month == 10 else "二三四五六七八九"[month - 2]) + "月"
    assert lunar_text(day) == f"农历{ganzhi}年闰{name}初一"


def test_first_and_last_days():
    assert EPOCH == d("1900-01-31") and LAST_DATE == d("2100-12-31")
    assert lunar_text(EPOCH) == "农历庚子年正月初一"
    assert lunar_date(LAST_DATE) == LunarDate(2100, 12, 1, False)
    assert lunar_text(LAST_DATE) == "农历庚申年腊月初一"
    for outside in (d("1900-01-30"), d("1899-12-31"), d("2101-01-01")):
        with pytest.raises(ValueError):
            lunar_date(outside)
    with pytest.raises(ValueError):
        new_year(LAST_YEAR + 1)


def test_datetime_is_taken_as_its_date():
    assert lunar_date(dt.datetime(2024, 11, 6, 23, 59)) == lunar_date(d("2024-11-06"))


def test_names():
    assert [day_name(i) for i in (1, 9, 10, 11, 19, 20, 21, 29, 30)] == \
        ["初一", "初九", "初十", "十一", "十九", "二十", "廿一", "廿九", "三十"]
    assert len({day_name(i) for i in range(1, 31)}) == 30
    with pytest.raises(ValueError):
        day_name(31)
    assert [LunarDate(2024, m, 1, False).month_name for m in (1, 10, 11, 12)] == \
        ["正月", "十月", "冬月", "腊月"]
    assert sexagenary(1984) == "甲子" and sexagenary(2043) == "癸亥" and sexagenary(2044) == "甲子"
    assert LunarDate(2024, 1, 1, False).zodiac == "龙"
    assert LunarDate(2025, 1, 1, False).zodiac == "蛇"
    assert LunarDate(1984, 1, 1, False).zodiac == "鼠"


def test_table_properties():
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        ny = new_year(year)
        assert d(f"{year}-01-21") <= ny <= d(f"{year}-02-20"), year
        assert all(days in (29, 30) for _, _, days in months(year))
        length = year_days(year)
        if leap_month(year):
            assert 383 <= length <= 385, year
            assert len(months(year)) == 13
        else:
            assert 353 <= length <= 355, year
            assert len(months(year)) == 12
        if year < LAST_YEAR:
            assert ny + dt.timedelta(days=length) == new_year(year + 1)
    # seven leap months in every nineteen years (the Metonic cycle), give or take one
    for start in range(FIRST_YEAR, LAST_YEAR - 18):
        assert 6 <= sum(1 for y in range(start, start + 19) if leap_month(y)) <= 8
    with pytest.raises(ValueError):
        month_days(2024, 5, leap=True)


def test_every_day_follows_the_one_before():
    prev = lunar_date(EPOCH)
    day = EPOCH + dt.timedelta(days=1)
    while day <= LAST_DATE:
        cur = lunar_date(day)
        if cur.day == 1:
            assert prev.day == month_days(prev.year, prev.month, prev.leap)
            if cur.leap:
                assert (cur.year, cur.month) == (prev.year, prev.month) and not prev.leap
            elif cur.month == 1:
                assert (cur.year, prev.month) == (prev.year + 1, 12)
            else:
                assert (cur.year, cur.month) == (prev.year, prev.month + 1)
        else:
            assert (cur.year, cur.month, cur.leap, cur.day) == \
                (prev.year, prev.month, prev.leap, prev.day + 1)
        prev = cur
        day += dt.timedelta(days=1)
