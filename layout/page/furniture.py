"""Lines set alone at their natural width, and the page furniture built from
them: the header (报眉), the footer and the overset mark."""
from __future__ import annotations

from ..compose.line_breaker import ComposedLine, set_single_line
from ..plan import Box, Rule, TextLine
from ..spec.typesetting import PLAIN, Typesetting
from ..units import chinese_number
from .compose_cache import ComposeCache
from .problems import missing_glyphs

WEEKDAYS = "一二三四五六日"


def place(line: ComposedLine, x: float, baseline: float, kind: str, article=None, column=None,
          grid_line=None, paragraph=None, resumed=False) -> TextLine:
    """A composed line at its place on the page."""
    with_source = paragraph is not None
    return TextLine(x, baseline, line.glyphs, kind, article, column, line.measure, line.width, line.last,
                    line.shrink, line.stretch, line.max_gap, line.align, grid_line, paragraph, line.adjust,
                    resumed, line.start if with_source else None, line.end if with_source else None,
                    tighten=line.tighten)


def single_line(text: str, role: str, size: float, cache: ComposeCache, where, problems: list,
                settings: Typesetting = PLAIN) -> ComposedLine:
    """`text` on one line at its natural width; characters no face has are reported."""
    line, par = set_single_line(text, role, size, cache.fonts, settings)
    problems.extend(missing_glyphs(par, None, "page furniture", where=where))
    return line


def overset_mark(right: float, bottom: float, lines: int, cache: ComposeCache, where,
                 problems: list, settings: Typesetting = PLAIN) -> tuple[Box, TextLine]:
    """A black tab with the overset count at the module's bottom-right corner."""
    size = 7.5
    label = single_line(f"溢排{lines}行", "folio", size, cache, where, problems, settings)
    w = label.width + 4
    h = size + 3
    return (Box(right - w, bottom - h, w, h, 0.0, None),
            place(label, right - w + 2, bottom - 2.5 - 0.12 * size, "overset-mark"))


def credit_text(page) -> str:
    return "　".join(f"{title}：{name}" for title, name in page.credits)


def header(edition, page, style, cache: ComposeCache, problems: list):
    """报眉: page number and section at the left, paper, date and credits at
    the right, above a heavy rule and a thin one (眉线).
    Returns (lines, reversed lines, boxes, rules)."""
    left, right = style.left, style.left + style.area_width
    rule_y = style.top - 10
    baseline = rule_y - 8
    where = page.where

    def single(text, role, size):
        return single_line(text, role, size, cache, where, problems, style.typesetting)

    lines, reversed_lines, boxes = [], [], []
    # page number, reversed out of a black block
    number = single(f"{page.number:02d}", "section", 20)
    box_w = number.width + 10
    boxes.append(Box(left, baseline - 22, box_w, 26, 0.0, None))
    reversed_lines.append(place(number, left + 5, baseline - 1, "folio"))
    x = left + box_w + 8
    if page.section:
        section = single(page.section, "section", 18)
        lines.append(place(section, x, baseline - 1, "section"))
        x += section.width + 12
    edition_label = single(f"第{chinese_number(page.number)}版", "folio", 9)
    lines.append(place(edition_label, x, baseline - 1, "folio"))
    date = edition.date
    date_text = f"{date.year}年{date.month}月{date.day}日　星期{WEEKDAYS[date.weekday()]}"
    date_line = single(date_text, "folio", 9)
    paper = single(edition.paper, "paper", 15)
    lines.append(place(date_line, right - date_line.width, baseline - 1, "folio"))
    lines.append(place(paper, right - date_line.width - 10 - paper.width, baseline - 1, "paper"))
    if page.credits:
        credits = single(credit_text(page), "folio", 7.5)
        lines.append(place(credits, right - credits.width, baseline - 15, "credits"))
    rules = [Rule(left, rule_y, right, rule_y, 1.5), Rule(left, rule_y + 2.5, right, rule_y + 2.5, 0.4)]
    return lines, reversed_lines, boxes, rules


def footer(edition, page, style, cache: ComposeCache, problems: list):
    """The foot line: the page's footer text, the paper, date and page, and on a
    front page with a masthead (no 报眉) its staff credits. Returns (lines, rules)."""
    left, right = style.left, style.left + style.area_width
    rule_y = style.bottom + 6
    rules = [Rule(left, rule_y, right, rule_y, 0.6)]
    baseline = rule_y + 12
    where = page.where
    lines = []
    if page.footer:
        text = single_line(page.footer, "folio", 8, cache, where, problems, style.typesetting)
        lines.append(place(text, left, baseline, "footer"))
    tail = single_line(f"{edition.paper}　{edition.date.year}年{edition.date.month}月{edition.date.day}日　"
                       f"第{page.number}版", "folio", 8, cache, where, problems, style.typesetting)
    lines.append(place(tail, right - tail.width, baseline, "footer"))
    if page.credits and page.number == 1 and edition.masthead is not None:
        # the front page has no 报眉: its staff credits go in the foot line
        credits = single_line(credit_text(page), "folio", 8, cache, where, problems, style.typesetting)
        lines.append(place(credits, left + (right - left - credits.width) / 2, baseline, "credits"))
    return lines, rules
