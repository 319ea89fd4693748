"""The page assembler: a Page of the spec → a PagePlan.

It places each item's module on the grid, builds headline blocks, photos and
text columns inside it, asks the column filler to pour the text, draws the
rules between modules, and sets the header (报眉) and footer. Pure: no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..flow.column_filler import FlowBlock, Region, balanced_fill
from ..diagnostics import NOTE, Diagnostic, Where, WARNING
from ..fonts.book import FontBook
from ..compose.headline import build_headline, size_cap
from .masthead import build_masthead
from ..compose.vertical_headline import build_vertical_headline
from ..compose.line_breaker import (CENTER, JUSTIFY, LEFT, RIGHT, ComposedLine, Run, compose_line,
                        prepare, set_single_line)
from ..spec.model import ArticleItem, ContinuationItem, Edition, Page, PhotoItem
from .photo_block import build_photo, photo_lines_for
from ..plan import ArticleRecord, Box, Carry, PagePlan, Rule, TextLine
from ..spec.page_style import PageStyle
from ..units import chinese_number

WEEKDAYS = "一二三四五六日"
MIN_LINES_UNDER_VERTICAL = 4
LOOSE_GAP_EM = 0.25            # a line spread more than this a gap is reported   # a vertical headline leaves its column a few lines of text


@dataclass(frozen=True)
class Module:
    """An item's rectangle on the grid and the lines it may fill."""
    item: object
    col: int
    line: int
    cols: int
    lines: int
    content_last: int      # last grid line for content (one less when a rule runs below)
    rule_below: bool

    @property
    def last_line(self) -> int:
        return self.line + self.lines - 1


def _modules(page: Page, style: PageStyle) -> list[Module]:
    mods = []
    for item in page.items:
        col, line = item.at
        cols, lines = item.span
        last = line + lines - 1
        below = any(o is not item and o.at[1] == last + 1 and
                    o.at[0] < col + cols and col < o.at[0] + o.span[0] for o in page.items)
        mods.append(Module(item, col, line, cols, lines, last - 1 if below else last, below))
    return mods


def _rules(mods: list[Module], style: PageStyle) -> list[Rule]:
    """Hairlines between modules: horizontal ones through the blank line a module
    leaves under itself, vertical ones centred in the gutter."""
    rules = []
    half_gutter = style.gutter / 2

    def frame(m: Module):
        left = style.column_x(m.col) - (half_gutter if m.col > 1 else 0)
        right = style.column_x(m.col) + style.span_width(m.cols) + \
            (half_gutter if m.col + m.cols - 1 < style.columns else 0)
        top = style.line_top(m.line) - (style.pitch - style.line_gap) / 2 - style.line_gap \
            if m.line > 1 else style.top
        if m.rule_below:
            bottom = _rule_y(m.last_line, style)
        else:
            bottom = style.line_top(m.last_line) + style.body_size
        return left, right, top, bottom

    for m in mods:
        left, right, top, bottom = frame(m)
        if m.rule_below:
            rules.append(Rule(left, bottom, right, bottom, style.rule_width))
    for a in mods:
        a_left, a_right, a_top, a_bottom = frame(a)
        for b in mods:
            if b.col != a.col + a.cols:
                continue
            b_left, b_right, b_top, b_bottom = frame(b)
            top = max(a_top, b_top)
            bottom = min(a_bottom, b_bottom)
            if bottom - top > 1:
                x = style.column_x(b.col) - half_gutter
                rules.append(Rule(x, top, x, bottom, style.rule_width))
    return rules


def _rule_y(line: int, style: PageStyle) -> float:
    """Middle of the white between the text above blank line `line` and the next line."""
    above = style.line_top(line) - style.line_gap
    below = style.line_top(line + 1)
    return (above + below) / 2


def _body_paragraphs(article, style: PageStyle, fonts: FontBook, start: tuple[int, str] | None = None,
                     tail: str | None = None) -> list[FlowBlock]:
    """The article's text as flow blocks. `start` (block, its remaining text)
    begins a continuation part way: that paragraph goes on without an indent.
    `tail` is a jump line set flush right after the text (下转第X版)."""
    blocks: list[FlowBlock] = []
    size = style.body_size
    paras = article.blocks
    last_para = max((i for i, b in enumerate(paras) if b.kind == "para"), default=-1)
    first_para = next((i for i, b in enumerate(paras) if b.kind == "para"), -1)
    first_block = start[0] if start else 0
    for i, block in enumerate(paras):
        if i < first_block:
            continue
        if block.kind == "subhead":
            par = prepare([Run(block.text.replace(" ", "\u3000"), "subhead", size)], fonts,
                          indent_em=0, align=CENTER, han_latin_gap_em=style.han_latin_gap_em,
                          punctuation=style.punctuation)
            blocks.append(FlowBlock("subhead", par, i))
            continue
        runs = []
        text = block.text
        # the jump fell inside this paragraph (not between two): it goes on unindented
        resumed = start is not None and i == first_block and start[1] != block.text
        if resumed:
            text = start[1]
        elif start is not None and i == first_block and i == first_para and article.lead:
            runs.append(Run(article.lead, "lead", size))
            runs.append(Run("\u3000", "body", size))
        elif i == first_para and article.lead:
            runs.append(Run(article.lead, "lead", size))
            runs.append(Run("\u3000", "body", size))
        runs.append(Run(text, "body", size))
        if i == last_para and article.byline:
            runs.append(Run(f"（{article.byline}）", "byline", size, glued=True))
        par = prepare(runs, fonts, indent_em=0 if resumed else style.indent_em, align=JUSTIFY,
                      han_latin_gap_em=style.han_latin_gap_em, punctuation=style.punctuation,
                      hanging=style.hanging)
        blocks.append(FlowBlock("para", par, i))
    tail = tail or (article.continued if start is None else None)
    if tail:
        par = prepare([Run(f"（{tail}）", "folio", size)], fonts, indent_em=0, align=RIGHT)
        blocks.append(FlowBlock("tail", par, len(paras)))
    return blocks


def _resume_point(article, placed) -> tuple[int, str] | None:
    """Where the text that did not fit begins: (block, the rest of its text)."""
    body = [p for p in placed if p.kind in ("para", "subhead")]
    if not body:
        return (0, article.blocks[0].text) if article.blocks else None
    last = body[-1]
    index = last.block
    if last.line.last:
        return (index + 1, article.blocks[index + 1].text) if index + 1 < len(article.blocks) else None
    first_para = next((i for i, b in enumerate(article.blocks) if b.kind == "para"), -1)
    # line offsets count from the paragraph's start, the dateline and its space included
    prefix = len(article.lead) + 1 if index == first_para and article.lead else 0
    return index, article.blocks[index].text[max(0, last.line.end - prefix):]


def _first_part(article, resume: tuple[int, str]):
    """The article as far as its first part goes (its text up to the jump)."""
    index, rest = resume
    blocks = list(article.blocks[:index])
    if index < len(article.blocks):
        block = article.blocks[index]
        blocks.append(replace(block, text=block.text[:len(block.text) - len(rest)]))
    return replace(article, blocks=tuple(blocks), byline=None)


def _article_text(article) -> str:
    parts = list(article.headline)
    for value in (article.kicker, article.deck, article.author, article.lead):
        if value:
            parts.append(value)
    parts.extend(b.text for b in article.blocks)
    if article.byline:
        parts.append(article.byline)
    if article.continued:
        parts.append(article.continued)
    if article.photo:
        parts.extend(t for t in (article.photo.caption, article.photo.credit) if t)
    return "".join(parts)


class _PageBuilder:
    def __init__(self, edition: Edition, page: Page, fonts: FontBook, carried: dict):
        self.edition = edition
        self.page = page
        self.carried = carried            # source → Carry: text jumped here from earlier pages
        self.carries: list[Carry] = []    # text this page jumps to later pages
        self.jumped: dict = {}            # article id → the article as far as this page sets it
        # source → the page its continuation stands on
        self.jump_targets = {item.source: p.number for p in edition.pages for item in p.items
                             if isinstance(item, ContinuationItem)}
        self.style = edition.style
        self.fonts = fonts
        self.lines: list[TextLine] = []
        self.reversed: list[TextLine] = []
        self.pictures = []
        self.placeholders = []
        self.boxes: list[Box] = []
        self.articles: list[ArticleRecord] = []
        self.diagnostics: list[Diagnostic] = []

    # -- helpers --------------------------------------------------------------
    def _place(self, line: ComposedLine, x: float, baseline: float, kind: str, article=None,
               column=None, grid_line=None, target=None, paragraph=None, resumed=False) -> None:
        (target if target is not None else self.lines).append(TextLine(
            x, baseline, line.glyphs, kind, article, column, line.measure, line.width, line.last,
            line.shrink, line.stretch, line.max_gap, line.align, grid_line, paragraph, line.adjust,
            resumed))

    def _single(self, text: str, role: str, size: float) -> ComposedLine:
        line, par = set_single_line(text, role, size, self.fonts)
        self._missing(par, None, "page furniture", where=self.page.where)
        return line

    def _missing(self, par, article_id, place: str, paragraph: int | None = None, where=None) -> None:
        for m in par.missing:
            label = f"article {article_id}, paragraph {paragraph + 1}" if article_id else place
            self.diagnostics.append(Diagnostic(
                WARNING, f"{label}: character {m.ch} (U+{ord(m.ch):04X}) is in no font of role "
                f"'{m.role}' and is not printed", where,
                "add a font that has it to the role's chain in fonts.yaml",
                code="missing-glyph",
                data=(("article", article_id or place), ("paragraph", (paragraph or 0) + 1),
                      ("char", m.ch), ("codepoint", f"U+{ord(m.ch):04X}"))))

    # -- items ----------------------------------------------------------------
    def article(self, mod: Module) -> None:
        item: ArticleItem = mod.item
        art = item.article
        style = self.style
        x = style.column_x(mod.col)
        width = style.span_width(mod.cols)
        top = style.line_top(mod.line)
        count = item.columns or mod.cols
        columns = style.text_columns(mod.cols, count)
        if item.vertical_headline:
            # 竖排: the headline group stands in the first text column on its side;
            # the text runs beside it from the module's top and goes on under it.
            side = count - 1 if item.vertical_headline == "right" else 0
            vx, vw = columns[side]
            room = mod.content_last - mod.line + 1
            head = build_vertical_headline(art, vw, max(1, room - MIN_LINES_UNDER_VERTICAL), style,
                                           self.fonts, item.headline_size)
            for pg in head.glyphs:
                g = pg.glyph
                one = ComposedLine((replace(g, x=0.0),), 0.0, g.size, 0, 0, True, 0.0, 0.0, 0.0, LEFT)
                self._place(one, x + vx + g.x, top + pg.baseline, pg.kind, art.id)
            starts = [mod.line] * count
            starts[side] = mod.line + head.grid_lines
        else:
            head = build_headline(art, width, mod.cols, style, self.fonts, item.headline_size)
            for hl in head.lines:
                self._place(hl.line, x, top + hl.baseline, hl.kind, art.id)
            starts = [mod.line + head.grid_lines] * count
        if not head.fits:
            self.diagnostics.append(Diagnostic(
                WARNING, f"article {art.id}: the headline does not fit its module even at "
                f"{head.main_size:g} pt and overhangs it", item.where,
                "widen the module, shorten the headline, or give it as a list of lines",
                code="headline-too-wide", data=(("article", art.id),)))
        if art.photo:
            photo = art.photo
            span = min(photo.columns or count, count)
            covered = list(range(count - span, count)) if photo.align == "right" else list(range(span))
            px = x + columns[covered[0]][0]
            pw = columns[covered[-1]][0] + columns[covered[-1]][1] - columns[covered[0]][0]
            photo_first = max(starts[c] for c in covered)
            plines = photo.lines or photo_lines_for(photo, pw, style, self.fonts)
            plines = min(plines, mod.content_last - photo_first + 1)
            block = build_photo(photo, px, pw, photo_first, plines, style, self.fonts, art.id)
            self._photo(block, art.id)
            for c in covered:
                # one blank line between the photo block and text below it
                starts[c] = photo_first + plines + 1
        regions = [Region(i, x + cx, cw, starts[i], mod.content_last)
                   for i, (cx, cw) in enumerate(columns) if starts[i] <= mod.content_last]
        target = self.jump_targets.get(item.source)
        blocks = _body_paragraphs(art, style, self.fonts)
        result = balanced_fill(blocks, regions, style.min_last_line_chars)
        if target and result.overset_lines and regions:
            # 转版: keep the last line of the last column for 下转第X版 and carry
            # what does not fit to the continuation's page.
            last = regions[-1]
            short = regions[:-1] + [Region(last.index, last.x, last.width, last.first_line,
                                           last.last_line - 1)]
            result = balanced_fill(blocks, [r for r in short if r.first_line <= r.last_line],
                                   style.min_last_line_chars)
            resume = _resume_point(art, result.placed)
            if resume is not None:
                tail = prepare([Run(f"（下转第{chinese_number(target)}版）", "folio", style.body_size)],
                               self.fonts, indent_em=0, align=RIGHT)
                line, _ = compose_line(tail, 0, last.width, first_line=True, align=RIGHT)
                self._place(line, last.x, style.baseline(last.last_line), "continued", art.id, last.index,
                            last.last_line)
                self.carries.append(Carry(item.source, self.page.number, resume[0], resume[1], art))
                result = replace(result, overset_lines=0, overset_text="")
                self.jumped[art.id] = _first_part(art, resume)
        elif target:
            self.diagnostics.append(Diagnostic(
                NOTE, f"article {art.id} fits its module: nothing jumps to page {target}", item.where,
                "drop its continuation, or give it a smaller module", code="jump-unused",
                data=(("article", art.id), ("page", target))))
        self._flow_result(art, mod, item.where, blocks, regions, result, x, width, top)

    def continuation(self, mod: Module) -> None:
        """The part of an article jumped from an earlier page: a continuation
        headline (接题), 上接第X版, and the rest of the text."""
        item: ContinuationItem = mod.item
        style = self.style
        carry = self.carried.get(item.source)
        x = style.column_x(mod.col)
        width = style.span_width(mod.cols)
        top = style.line_top(mod.line)
        if carry is None:
            self.diagnostics.append(Diagnostic(
                NOTE, f"the continuation of {item.source} stays empty: nothing jumped to it", item.where,
                "the first part fits its module; drop this item or make the first part smaller",
                code="jump-empty", data=(("article", item.source),)))
            return
        art = carry.article
        head_size = max(style.body_size + 5, round(0.7 * size_cap(mod.cols)))
        jump_head = replace(art, kicker=None, deck=None, author=None)
        head = build_headline(jump_head, width, mod.cols, style, self.fonts, head_size)
        for hl in head.lines:
            self._place(hl.line, x, top + hl.baseline, "jump-headline", art.id)
        count = item.columns or mod.cols
        columns = style.text_columns(mod.cols, count)
        first = mod.line + head.grid_lines
        regions = [Region(i, x + cx, cw, first, mod.content_last) for i, (cx, cw) in enumerate(columns)
                   if first <= mod.content_last]
        back = prepare([Run(f"（上接第{chinese_number(carry.page)}版）", "folio", style.body_size)],
                       self.fonts, indent_em=0, align=LEFT)
        blocks = [FlowBlock("tail", back, -1)] + _body_paragraphs(art, style, self.fonts,
                                                                  start=(carry.block, carry.text))
        result = balanced_fill(blocks, regions, style.min_last_line_chars)
        mid_paragraph = carry.text != art.blocks[carry.block].text
        self._flow_result(art, mod, item.where, blocks, regions, result, x, width, top,
                          text=carry.text + "".join(b.text for b in art.blocks[carry.block + 1:])
                          + (art.byline or ""), resumed=carry.block if mid_paragraph else None)

    def _flow_result(self, art, mod: Module, where, blocks, regions, result, x, width, top,
                     text: str | None = None, resumed: int | None = None) -> None:
        """Place a filled article's lines and report what the filler found."""
        style = self.style
        for fb in blocks:
            self._missing(fb.paragraph, art.id, "", max(fb.index, 0), Where(art.path))
        for widow in result.widows:
            self.diagnostics.append(Diagnostic(
                WARNING, f"article {art.id}, paragraph {widow.block + 1}: its last line stands alone at "
                f"the top of a column (寡行): {widow.text}", Where(art.path),
                "give the module a line more or less, or edit the paragraph by a few characters",
                code="widow", data=(("article", art.id), ("paragraph", widow.block + 1))))
        for orphan in result.orphans:
            self.diagnostics.append(Diagnostic(
                WARNING, f"article {art.id}, paragraph {orphan.block + 1}: ends on a lone character "
                f"(孤字) that no line could take in or pull down: {orphan.line.text}", Where(art.path),
                "edit the paragraph by a character or two", code="orphan",
                data=(("article", art.id), ("paragraph", orphan.block + 1))))
        by_index = {r.index: r for r in regions}
        loose = [pl for pl in result.placed if pl.kind == "para" and not pl.line.last
                 and pl.line.max_gap > LOOSE_GAP_EM * style.em + 1e-6]
        for pl in loose:
            self.diagnostics.append(Diagnostic(
                WARNING, f"article {art.id}, paragraph {pl.block + 1}: a line is spread "
                f"{pl.line.max_gap / style.em:.2f} em a gap (over {LOOSE_GAP_EM} em), since nothing "
                f"around it can break: {pl.line.text}", Where(art.path),
                "rewrite a few words near it, or widen the module: a long number, word or "
                "bracketed phrase does not fit the column", code="loose-line",
                data=(("article", art.id), ("paragraph", pl.block + 1), ("em", round(pl.line.max_gap / style.em, 3)))))
        for pl in result.placed:
            region = by_index[pl.region]
            kind = {"para": "body", "subhead": "subhead", "tail": "continued"}[pl.kind]
            self._place(pl.line, region.x, style.baseline(pl.grid_line), kind, art.id, region.index,
                        pl.grid_line, paragraph=pl.block, resumed=pl.kind == "para" and pl.block == resumed)
        free = mod.content_last - result.bottom_line if result.placed else 0
        if free >= 2 and not result.overset_lines:
            self.diagnostics.append(Diagnostic(
                NOTE, f"article {art.id}: its text ends {free} lines above the bottom of its module",
                where, f"shorten its span by up to {free} lines, or give it a photo or more text",
                code="underfull", data=(("article", art.id), ("lines", free))))
        if result.overset_lines:
            chars = sum(1 for ch in result.overset_text if not ch.isspace())
            self.diagnostics.append(Diagnostic(
                WARNING, f"article {art.id}: overset — {result.overset_lines} lines "
                f"({chars} characters) do not fit", Where(art.path),
                f"make its module taller or wider (edition.yaml line {where.line}), or cut the text; "
                f"the overset text begins: {result.overset_text[:16]}…",
                code="overset", data=(("article", art.id), ("lines", result.overset_lines),
                                      ("chars", chars), ("text", result.overset_text))))
            self._overset_mark(x + width, style.line_top(mod.content_last) + style.body_size,
                               result.overset_lines)
        if text is None:
            # what jumped is printed on its continuation's page
            text = _article_text(self.jumped.get(art.id, art))
        self.articles.append(ArticleRecord(
            art.id, x, top, width, style.line_top(mod.last_line) + style.body_size - top,
            text, result.overset_text, result.overset_lines))

    def photo_item(self, mod: Module) -> None:
        item: PhotoItem = mod.item
        style = self.style
        x = style.column_x(mod.col)
        width = style.span_width(mod.cols)
        lines = mod.content_last - mod.line + 1
        block = build_photo(item.photo, x, width, mod.line, lines, style, self.fonts,
                            item.photo.name)
        self._photo(block, None)

    def _photo(self, block, article_id) -> None:
        style = self.style
        if block.picture:
            self.pictures.append(block.picture)
        if block.placeholder:
            ph = block.placeholder
            self.placeholders.append(ph)
            label = self._single(ph.label, "caption", style.body_size)
            self._place(label, ph.x + (ph.width - label.width) / 2,
                        ph.y + ph.height / 2 + 0.35 * style.body_size, "placeholder")
        for line, grid_line in block.caption:
            self._place(line, block.picture.x if block.picture else block.placeholder.x,
                        style.baseline(grid_line), "caption", article_id, None, grid_line)
        self.diagnostics.extend(block.diagnostics)

    def _overset_mark(self, right: float, bottom: float, lines: int) -> None:
        """A black tab with the overset count at the module's bottom-right corner."""
        size = 7.5
        label = self._single(f"溢排{lines}行", "folio", size)
        w = label.width + 4
        h = size + 3
        self.boxes.append(Box(right - w, bottom - h, w, h, 0.0, None))
        self._place(label, right - w + 2, bottom - 2.5 - 0.12 * size, "overset-mark",
                    target=self.reversed)

    # -- furniture ------------------------------------------------------------
    def header(self) -> None:
        """报眉: page number and section at the left, paper, date and credits at
        the right, above a heavy rule and a thin one (眉线)."""
        style = self.style
        ed, page = self.edition, self.page
        left, right = style.left, style.left + style.area_width
        rule_y = style.top - 10
        baseline = rule_y - 8
        # page number, reversed out of a black block
        number = self._single(f"{page.number:02d}", "section", 20)
        box_w = number.width + 10
        self.boxes.append(Box(left, baseline - 22, box_w, 26, 0.0, None))
        self._place(number, left + 5, baseline - 1, "folio", target=self.reversed)
        x = left + box_w + 8
        if page.section:
            section = self._single(page.section, "section", 18)
            self._place(section, x, baseline - 1, "section")
            x += section.width + 12
        edition_label = self._single(f"第{chinese_number(page.number)}版", "folio", 9)
        self._place(edition_label, x, baseline - 1, "folio")
        date = ed.date
        date_text = f"{date.year}年{date.month}月{date.day}日　星期{WEEKDAYS[date.weekday()]}"
        date_line = self._single(date_text, "folio", 9)
        paper = self._single(ed.paper, "paper", 15)
        self._place(date_line, right - date_line.width, baseline - 1, "folio")
        self._place(paper, right - date_line.width - 10 - paper.width, baseline - 1, "paper")
        if page.credits:
            credits = self._single(self._credit_text(), "folio", 7.5)
            self._place(credits, right - credits.width, baseline - 15, "credits")
        self.rules_extra.append(Rule(left, rule_y, right, rule_y, 1.5))
        self.rules_extra.append(Rule(left, rule_y + 2.5, right, rule_y + 2.5, 0.4))

    def masthead(self) -> None:
        """报头: page 1 opens with the paper's name, dates and publication data."""
        block = build_masthead(self.edition, self.page, self.style, self.fonts)
        self.lines.extend(block.lines)
        self.reversed.extend(block.reversed_lines)
        self.boxes.extend(block.boxes)
        self.rules_extra.extend(block.rules)
        self.pictures.extend(block.pictures)
        self.diagnostics.extend(block.diagnostics)

    def footer(self) -> None:
        style = self.style
        left, right = style.left, style.left + style.area_width
        rule_y = style.bottom + 6
        self.rules_extra.append(Rule(left, rule_y, right, rule_y, 0.6))
        baseline = rule_y + 12
        if self.page.footer:
            text = self._single(self.page.footer, "folio", 8)
            self._place(text, left, baseline, "footer")
        ed = self.edition
        tail = self._single(f"{ed.paper}　{ed.date.year}年{ed.date.month}月{ed.date.day}日　"
                            f"第{self.page.number}版", "folio", 8)
        self._place(tail, right - tail.width, baseline, "footer")
        if self.page.credits and self.page.number == 1 and self.edition.masthead is not None:
            # the front page has no 报眉: its staff credits go in the foot line
            credits = self._single(self._credit_text(), "folio", 8)
            self._place(credits, left + (right - left - credits.width) / 2, baseline, "credits")

    def _credit_text(self) -> str:
        return "　".join(f"{title}：{name}" for title, name in self.page.credits)

    def build(self) -> PagePlan:
        style = self.style
        self.rules_extra: list[Rule] = []
        mods = _modules(self.page, style)
        for mod in mods:
            if isinstance(mod.item, ArticleItem):
                self.article(mod)
            elif isinstance(mod.item, PhotoItem):
                self.photo_item(mod)
            else:
                self.continuation(mod)
        if self.page.number == 1 and self.edition.masthead is not None:
            self.masthead()
        else:
            self.header()
        self.footer()
        rules = _rules(mods, style) + self.rules_extra
        return PagePlan(self.page.number, style.width, style.height, tuple(self.lines), tuple(rules),
                        tuple(self.pictures), tuple(self.placeholders), tuple(self.boxes),
                        tuple(self.articles), tuple(self.diagnostics), tuple(self.reversed), style,
                        self.page.colour or self.edition.print.colour, tuple(self.carries))


def assemble_page(edition: Edition, page: Page, fonts: FontBook, carried: dict | None = None) -> PagePlan:
    """Plan one page. `carried` maps an article's source to the text that jumped
    to this page from an earlier one (the `carries` of earlier plans)."""
    return _PageBuilder(edition, page, fonts, carried or {}).build()
