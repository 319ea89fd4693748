"""The text-only estimate of the lines an article needs at a width."""
from __future__ import annotations

from pathlib import Path

import pytest

from layout.diagnostics import Where
from layout.page.placement import estimate
from layout.spec.edition import load_edition
from layout.spec.model import Article, ArticleItem, Block, ContinuationItem, Photo
from layout.spec.page_style import PageStyle

STYLE = PageStyle()
EDITIONS = Path(__file__).resolve().parents[3] / "editions"
HERE = Where("a.md", 1)


def make(paragraphs, headline=("高新区满弓紧弦铆足劲",), photo=None, **fields) -> Article:
    blocks = tuple(Block("para", text, HERE) for text in paragraphs)
    return Article("a", "a.md", headline, photo=photo, blocks=blocks, **fields)


def test_widths_in_ems():
    assert estimate.ems("中文，") == 3
    assert estimate.ems("abc 12") == 3
    assert estimate.ems("“示例”") == 4


def test_paragraph_lines_count_the_indent():
    han = "字" * 26
    assert estimate.body_lines(make([han]), 13, STYLE) == 3         # 2 + 26 = 28 ems → 3 lines of 13
    assert estimate.body_lines(make([han, han]), 13, STYLE) == 6
    assert estimate.body_lines(make(["字" * 11]), 13, STYLE) == 1   # exactly full: 2 + 11 = 13


def test_dateline_and_byline_take_room():
    text = "字" * 9
    plain = estimate.body_lines(make([text]), 13, STYLE)
    signed = estimate.body_lines(make([text], lead="本报讯", byline="记者 张三"), 13, STYLE)
    assert (plain, signed) == (1, 2)


def test_a_continuation_resumes_without_indent():
    article = make(["字" * 30, "字" * 11])
    full = estimate.body_lines(article, 13, STYLE)
    rest = estimate.body_lines(article, 13, STYLE, start=0, first_text="字" * 13)
    assert full == 3 + 1 and rest == 1 + 1


def test_headline_size_follows_rank_and_width():
    article = make(["字" * 200])
    assert estimate.headline_size(article, 5, 0, "news", STYLE) == 42     # the lead: 初号
    assert estimate.headline_size(article, 3, 0, "news", STYLE) == 26
    assert estimate.headline_size(article, 5, 1, "news", STYLE) == 24
    assert estimate.headline_size(article, 5, 6, "news", STYLE) == 22
    assert estimate.headline_size(article, 1, 1, "news", STYLE) <= 18
    assert estimate.headline_size(article, 5, 90, "briefs", STYLE) == 18
    assert estimate.headline_size(article, 3, 2, "news", STYLE, given=30) == 30
    long = make(["字"], headline=("一个很长很长很长很长很长很长很长很长很长很长的标题",))
    assert estimate.headline_size(long, 1, 1, "news", STYLE) is None    # not in a column at 三号


def test_headline_lines_grow_with_kicker_deck_and_author():
    bare = make(["字"])
    full = make(["字"], kicker="引题一行", deck="副题一行", author="本报评论员")
    assert estimate.headline_lines(full, 69, 36, STYLE) > estimate.headline_lines(bare, 69, 36, STYLE)
    assert 3 <= estimate.headline_lines(bare, 69, 42, STYLE) <= 6


def test_candidates_at_every_width_with_wider_measures():
    article = make(["字" * 120] * 8)
    cands = estimate.article_candidates(article, 1, "news", STYLE)
    by_cols = {}
    for c in cands:
        by_cols.setdefault(c.cols, []).append(c)
    assert [c.text_columns for c in by_cols[3]] == [3, 2]
    assert [c.text_columns for c in by_cols[2]] == [2]
    heights = [by_cols[w][0].lines for w in sorted(by_cols)]
    assert heights == sorted(heights, reverse=True)      # wider, shorter
    assert all(c.grow == estimate.TEXT_SLACK and c.photo_grow == 0 for c in cands)


def test_the_editors_text_columns_are_kept():
    article = make(["字" * 120] * 8)
    cands = estimate.article_candidates(article, 1, "news", STYLE, text_columns=3)
    assert {c.text_columns for c in cands} == {3}
    assert min(c.cols for c in cands) == 2          # three text columns need two basic columns


def test_a_photo_can_grow_within_its_crop():
    photo = Photo("x.png", "x.png", "一张照片的说明文字。", "张三 摄", (1200, 800), columns=2)
    article = make(["字" * 120] * 4, photo=photo)
    cand = next(c for c in estimate.article_candidates(article, 1, "news", STYLE) if c.cols == 3
                and c.text_columns == 3)
    low, high = estimate.photo_range(photo, 2 * STYLE.column_width + STYLE.gutter, STYLE)
    assert cand.photo_lines == low and cand.photo_grow == high - low > 0
    assert cand.grow == estimate.TEXT_SLACK + cand.photo_grow
    fixed = Photo("x.png", "x.png", None, None, (1200, 800), lines=14)
    assert estimate.photo_range(fixed, 300, STYLE) == (14, 14)


def test_photo_items_from_two_to_five_columns():
    photo = Photo("x.png", "x.png", "说明。", None, (1000, 1000))
    cands = estimate.photo_candidates(photo, STYLE)
    assert [c.cols for c in cands] == [2, 3, 4, 5]
    assert all(c.photo_grow == c.grow for c in cands)
    square = cands[1]
    natural = STYLE.span_width(3) / STYLE.pitch
    assert square.lines <= natural + 2 <= square.lines + square.grow


def test_a_jumping_article_may_take_any_part_of_its_text():
    article = make(["字" * 120] * 10)
    whole = estimate.article_candidates(article, 1, "news", STYLE, widths=[3])[0]
    jump = estimate.article_candidates(article, 1, "news", STYLE, widths=[3], jumps=True)[0]
    assert jump.lines < whole.lines <= jump.lines + jump.grow


@pytest.mark.parametrize("name", ["xinxiang-daily-2024-11-06", "shili-ribao-2024-11-08"])
def test_the_estimate_is_near_what_the_hand_made_pages_give(name):
    """The hand-made pages were fitted to their text (underfull at most two
    lines): at their widths the estimate (its photo anywhere in its crop
    range) is within four lines of them."""
    edition, _ = load_edition(str(EDITIONS / name))
    jumping = {i.source for p in edition.pages for i in p.items if isinstance(i, ContinuationItem)}
    for page in edition.pages:
        for item in page.items:
            if not isinstance(item, ArticleItem) or item.source in jumping or item.vertical_headline:
                continue
            below = any(o is not item and o.at[1] == item.at[1] + item.span[1]
                        and o.at[0] < item.at[0] + item.span[0] and item.at[0] < o.at[0] + o.span[0]
                        for o in page.items)
            room = item.span[1] - (1 if below else 0)
            cand = estimate.article_candidates(item.article, 1, "news", edition.style, [item.span[0]],
                                               item.columns, item.headline_size)
            assert cand, item.source
            # a photo may be cropped within its range: the room is within reach of it
            low, high = cand[0].lines, cand[0].lines + cand[0].photo_grow
            assert low - 4 <= room <= high + 4, (item.source, low, high, room)
