"""The front page's masthead (报头), typesetting reference §4.8.

It takes the first `masthead.lines` grid lines of page 1, across the whole type
area, and is laid out as on a mainland daily's front page (人民日报, 新华日报):

    ┌──────────────┬─────────────────────────┬────────────┐
    │              │ 2024年11月8日            │ ┌────────┐ │
    │  paper name  │ 星期五                   │ │  ear   │ │
    │  (very big)  │ 农历甲辰年十月初八       │ │ (报眼) │ │
    │              │ 总第21345期 …           │ └────────┘ │
    └──────────────┴─────────────────────────┴────────────┘
    ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ heavy rule (反线)
    ────────────────────────────────────────────────────────── thin rule

The name is set in the `paper` role, or drawn from `masthead.logo` scaled to
its box. The date block (公历 date, weekday, 农历, pages today) sits at the top
of the column beside the name and the publication data (issue, CN serial,
邮发代号, publisher) at its foot. Without an ear the column stands at the right
of the type area. Pure: the spec stage reads the logo's pixel size.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import WARNING, Diagnostic
from ..fonts.book import FontBook
from ..compose.line_breaker import JUSTIFY, LEFT, RIGHT, ComposedLine, Run, natural_width, prepare, \
    set_single_line
from ..compose.paragraph_breaker import set_paragraph
from .lunar import lunar_text
from ..spec.model import Edition, Masthead, Page
from ..plan import Box, Picture, Rule, TextLine
from ..spec.page_style import BASELINE_RATIO, PageStyle

WEEKDAYS = "一二三四五六日"

HEAVY_RULE = 2.0          # 反线 under the block
THIN_RULE = 0.5           # 正线 under the heavy one
RULE_SPACE = 2.5          # white between the two rules
ABOVE_RULES = 5.0         # white between the content and the heavy rule
NAME_MAX = 108.0          # the name's largest size, pt: 4 characters ~150 mm wide, as 人民日报's
NAME_FILL = 0.9           # the name's em box takes at most this share of the height
COLUMN_GAP_EM = 1.5       # white either side of the rule by the info column, body ems
EAR_COLUMNS = 2           # the ear box spans this many basic columns …
EAR_MAX_SHARE = 0.3       # … but no more than this share of the type area
EAR_STROKE = 0.75
EAR_SIZES = (14.0, 13.0, 12.0, 11.0, 10.5, 10.0, 9.0, 8.0, 7.5)   # tried largest first
EAR_LEADING = 1.45        # ear text pitch, in its size
MIN_SIZE = 6.5            # 小六: nothing in the masthead is set smaller
NAME_MIN = 18.0           # below this the name would not read as a masthead: crowded instead
INFO_GAP = 0.45           # white between info lines, in the larger size of the two


@dataclass(frozen=True)
class MastheadBlock:
    lines: tuple[TextLine, ...]
    reversed_lines: tuple[TextLine, ...]
    boxes: tuple[Box, ...]
    rules: tuple[Rule, ...]
    pictures: tuple[Picture, ...]
    grid_lines: int                     # grid lines taken at the top of the type area
    diagnostics: tuple[Diagnostic, ...]
    x: float                            # the block's rectangle, page points from the top-left
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class _Info:
    """A single line of the info column, composed, with its size."""
    line: ComposedLine
    size: float


class _Builder:
    def __init__(self, edition: Edition, page: Page, style: PageStyle, fonts: FontBook):
        self.edition = edition
        self.page = page
        self.style = style
        self.fonts = fonts
        self.masthead = edition.masthead or Masthead()
        self.where = self.masthead.where or page.where
        self.diagnostics: list[Diagnostic] = []
        self._reported: set[str] = set()

    def missing(self, par) -> None:
        for m in par.missing:
            if m.ch in self._reported:
                continue
            self._reported.add(m.ch)
            self.diagnostics.append(Diagnostic(
                WARNING, f"masthead: character {m.ch} (U+{ord(m.ch):04X}) is in no font of role "
                f"'{m.role}'; 〓 is printed in its place", self.where,
                "add a font that has it to the role's chain in fonts.yaml",
                code="missing-glyph",
                data=(("article", "masthead"), ("paragraph", 1), ("char", m.ch),
                      ("codepoint", f"U+{ord(m.ch):04X}"))))

    def single(self, text: str, role: str, size: float, report: bool = False) -> ComposedLine:
        """One line of text at its natural width (the info column is set many
        times while it is fitted; `report` its missing characters once)."""
        line, par = set_single_line(text, role, size, self.fonts, self.style.typesetting)
        if report:
            self.missing(par)
        return line

    # -- content ---------------------------------------------------------------
    def date_items(self) -> list[tuple[str, str, float]]:
        date = self.edition.date
        items = [(f"{date.year}年{date.month}月{date.day}日", "section", 16.0),
                 (f"星期{WEEKDAYS[date.weekday()]}", "folio", 11.0)]
        try:
            items.append((lunar_text(date), "caption", 11.0))
        except ValueError:
            pass  # outside 1900–2100: the 公历 date stands alone
        if self.edition.pages:
            items.append((f"今日{len(self.edition.pages)}版", "folio", 9.0))
        return items

    def data_items(self) -> list[tuple[str, str, float]]:
        m = self.masthead
        items = []
        if m.issue is not None:
            items.append((f"总第{m.issue}期", "folio", 9.0))
        if m.serial:
            items.append((f"国内统一连续出版物号 {m.serial}", "body", 8.0))
        if m.postal:
            items.append((f"邮发代号 {m.postal}", "body", 8.0))
        if m.publisher:
            items.append((m.publisher, "body", 8.0))
        return items

    def info_groups(self, scale: float) -> list[list[_Info]]:
        groups = []
        for items in (self.date_items(), self.data_items()):
            if items:
                groups.append([_Info(self.single(text, role, max(MIN_SIZE, size * scale)),
                                     max(MIN_SIZE, size * scale)) for text, role, size in items])
        return groups

    @staticmethod
    def stack_height(group: list[_Info]) -> float:
        return sum(i.size for i in group) + sum(
            INFO_GAP * max(a.size, b.size) for a, b in zip(group, group[1:]))

    def info_layout(self, height: float):
        """The info column's groups at the largest scale that fits `height`, stacked
        in one column, or side by side in two when one is too tall even at the
        smallest sizes. Returns (columns of groups, width of each column)."""
        scale = 1.0
        while True:
            groups = self.info_groups(scale)
            one = sum(self.stack_height(g) for g in groups)
            sep = max((g[0].size for g in groups[1:]), default=0.0)   # at least a line's white
            if one + sep * (len(groups) - 1) <= height + 1e-6:
                return [groups], [max((i.line.width for g in groups for i in g), default=0.0)]
            if min(i.size for g in groups for i in g) <= MIN_SIZE + 1e-6:
                break
            scale -= 0.05
        scale = 1.0
        while True:
            groups = self.info_groups(scale)
            if all(self.stack_height(g) <= height + 1e-6 for g in groups) or scale <= 0.3:
                return [[g] for g in groups], [max(i.line.width for i in g) for g in groups]
            scale -= 0.05

    # -- pieces ----------------------------------------------------------------
    def logo_pixels(self) -> tuple[int, int] | None:
        """The logo's size in pixels (read by the spec stage), or None to set the name as text."""
        return self.masthead.logo_pixels if self.masthead.logo else None

    def ear(self, x: float, y: float, width: float, height: float):
        """The ear box (报眼): its frame and its text, set as large as fits.
        A first line ending in a line break is the ear's title (Hei, centred)."""
        text = (self.masthead.ear or "").strip()
        parts = [p.strip() for p in text.split("\n") if p.strip()]
        title, body = (parts[0], parts[1:]) if len(parts) > 1 else (None, parts)
        inset = max(6.0, 0.75 * self.style.em)
        lines_out: list[TextLine] = []
        best = None
        for size in EAR_SIZES:
            measure = int((width - 2 * inset) / size) * size
            if measure < 4 * size:
                continue
            set_lines = []   # (ComposedLine, size, align)
            if title:
                tsize = size * 1.15
                tpar = prepare([Run(title, "folio", tsize)], self.fonts, indent_em=0, align=JUSTIFY,
                               settings=self.style.typesetting)
                tm = int((width - 2 * inset) / tsize) * tsize
                for ln in set_paragraph(tpar, tm):
                    set_lines.append((ln, tsize, "center", tpar))
            for para in body:
                par = prepare([Run(para, "kicker", size)], self.fonts, indent_em=2, align=JUSTIFY,
                              settings=self.style.typesetting)
                for ln in set_paragraph(par, measure):
                    set_lines.append((ln, size, "justify", par))
            need = sum(s * EAR_LEADING for _, s, _, _ in set_lines) - (EAR_LEADING - 1) * set_lines[-1][1] \
                if set_lines else 0.0
            best = (size, measure, set_lines, need)
            if need <= height - 2 * inset + 1e-6:
                break
        if best is None:
            return [], []
        size, measure, set_lines, need = best
        seen = set()
        for _, _, _, par in set_lines:
            if id(par) not in seen:
                seen.add(id(par))
                self.missing(par)
        room = height - 2 * inset
        if need > room + 1e-6:
            # even the smallest size is too long: keep what fits and say so
            kept, used = [], 0.0
            for entry in set_lines:
                step = entry[1] if not kept else entry[1] * EAR_LEADING
                if used + step > room + 1e-6:
                    break
                kept.append(entry)
                used += step
            dropped = "".join(e[0].text for e in set_lines[len(kept):])
            self.diagnostics.append(Diagnostic(
                WARNING, f"masthead: the ear's text does not fit its box; "
                f"{len(set_lines) - len(kept)} line(s) are not printed: {dropped[:16]}…", self.where,
                "shorten the ear's text or give the masthead more grid lines",
                code="overset", data=(("article", "masthead-ear"), ("lines", len(set_lines) - len(kept)),
                                      ("text", dropped))))
            set_lines, need = kept, used
        left = x + (width - measure) / 2
        top = y + (height - need) / 2
        for i, (ln, s, align, _) in enumerate(set_lines):
            if i:
                top += set_lines[i - 1][1] * (EAR_LEADING - 1)
            baseline = top + BASELINE_RATIO * s
            lx = left + (measure - ln.width) / 2 if align == "center" else left
            lines_out.append(TextLine(lx, baseline, ln.glyphs, "ear", None, None, ln.measure,
                                      ln.width, ln.last, ln.shrink, ln.stretch, ln.max_gap,
                                      ln.align, adjust=ln.adjust))
            top += s
        box = Box(x, y, width, height, None, EAR_STROKE)
        return lines_out, [box]

    # -- the whole block ---------------------------------------------------------
    def build(self) -> MastheadBlock:
        style, m = self.style, self.masthead
        grid_lines = m.lines
        left, width = style.left, style.area_width
        right = left + width
        top = style.top
        bottom = style.line_top(grid_lines + 1) - style.line_gap
        thin_y = bottom - THIN_RULE / 2
        heavy_y = thin_y - THIN_RULE / 2 - RULE_SPACE - HEAVY_RULE / 2
        content_bottom = heavy_y - HEAVY_RULE / 2 - ABOVE_RULES
        height = content_bottom - top
        rules = [Rule(left, heavy_y, right, heavy_y, HEAVY_RULE),
                 Rule(left, thin_y, right, thin_y, THIN_RULE)]
        lines: list[TextLine] = []
        boxes: list[Box] = []
        pictures: list[Picture] = []
        gap = COLUMN_GAP_EM * style.em

        # the info column: as large as the height allows
        columns, col_widths = self.info_layout(height)
        info_width = sum(col_widths) + gap * (len(col_widths) - 1)
        ear_width = 0.0
        if m.ear and m.ear.strip():
            ear_width = min(style.span_width(min(EAR_COLUMNS, style.columns)), EAR_MAX_SHARE * width)

        # the name: as big as the room left allows
        name_room = width - info_width - 2 * gap - (ear_width + gap if ear_width else 0.0)
        pixels = self.logo_pixels()
        name_right = left
        if pixels:
            w_px, h_px = pixels
            scale = max(NAME_MIN / h_px, min(name_room / w_px, NAME_FILL * height / h_px))
            pw, ph = w_px * scale, h_px * scale
            pictures.append(Picture(m.logo, left, top + (height - ph) / 2, pw, ph, (0, 0, w_px, h_px)))
            name_right = left + pw
        else:
            unit = natural_width(prepare([Run(self.edition.paper, "paper", 1.0)], self.fonts,
                                         indent_em=0, align=LEFT, settings=self.style.typesetting))
            size = max(NAME_MIN, min(NAME_MAX, NAME_FILL * height, name_room / unit if unit else NAME_MAX))
            name = self.single(self.edition.paper, "paper", size, report=True)
            baseline = top + height / 2 + (BASELINE_RATIO - 0.5) * size
            lines.append(TextLine(left, baseline, name.glyphs, "paper", None, None, name.width,
                                  name.width, True, align=LEFT))
            name_right = left + name.width

        # where the info column stands: beside the name when an ear takes the
        # right, else at the right of the type area
        if ear_width:
            ear_x = right - ear_width
            free = ear_x - name_right - info_width
            # a rule at the name's side; the column centred in what is left
            info_x = name_right + max(2 * gap, (free - gap) / 2 + gap)
            info_x = min(info_x, ear_x - gap - info_width)
        else:
            info_x = right - info_width
        rule_x = info_x - gap
        if name_right > rule_x - gap / 2 + 1e-6 or info_x < left:
            self.diagnostics.append(Diagnostic(
                WARNING, "masthead: the paper's name, the date column and the ear do not fit "
                "side by side in the type area; they overlap", self.where,
                "give the masthead more grid lines, drop the ear, or use a narrower logo",
                code="masthead-crowded"))
        if rule_x - name_right > gap / 2:
            rules.append(Rule(rule_x, top, rule_x, content_bottom, THIN_RULE))

        for text, role, size in self.date_items() + self.data_items():
            self.single(text, role, size, report=True)

        x = info_x
        align_right = not ear_width
        for groups, col_w in zip(columns, col_widths):
            heights = [self.stack_height(g) for g in groups]
            if len(groups) == 1:
                starts = [top + (height - heights[0]) / 2]
            else:
                # date block at the top, publication data at the foot
                starts = [top, content_bottom - heights[-1]]
            for group, y in zip(groups, starts):
                for i, info in enumerate(group):
                    if i:
                        y += INFO_GAP * max(group[i - 1].size, info.size)
                    baseline = y + BASELINE_RATIO * info.size
                    lx = x + col_w - info.line.width if align_right else x
                    lines.append(TextLine(lx, baseline, info.line.glyphs, "masthead", None, None,
                                          info.line.width, info.line.width, True,
                                          align=RIGHT if align_right else LEFT))
                    y += info.size
            x += col_w + gap

        if ear_width:
            ear_lines, ear_boxes = self.ear(right - ear_width, top, ear_width, height)
            lines.extend(ear_lines)
            boxes.extend(ear_boxes)

        return MastheadBlock(tuple(lines), (), tuple(boxes), tuple(rules), tuple(pictures),
                             grid_lines, tuple(self.diagnostics), left, top, width, bottom - top)


def build_masthead(edition: Edition, page: Page, style: PageStyle, fonts: FontBook) -> MastheadBlock:
    """The masthead block of `page` (the front page) of `edition`."""
    return _Builder(edition, page, style, fonts).build()
