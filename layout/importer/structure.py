"""An OCR page → its articles: split at their headlines, each headline group
cut into kicker, headline and deck, the dateline, author line, byline, photo
credit and jump line taken out of the text into their own keys, paragraphs
broken at a printed column's end joined again, subheads found, the page's
header and footer set apart.

Every step works on tracked text (tracked.py): what it moves is kept, what it
changes is a changed piece, and each decision that is not a change of text
(where an article starts, why a line is a subhead) is kept as a note for the
archivist.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ..diagnostics import Where
from . import patterns as pat
from .punctuation import restore, tidy_spaces
from .source import OcrPage, Unit
from .tracked import Piece, Tracked


@dataclass(frozen=True)
class Block:
    kind: str                  # para or subhead
    text: Tracked


@dataclass(frozen=True)
class ImportedArticle:
    headline: Tracked
    kicker: Tracked | None = None
    deck: Tracked | None = None
    author: Tracked | None = None
    lead: Tracked | None = None
    blocks: tuple[Block, ...] = ()
    byline: Tracked | None = None
    continued: Tracked | None = None
    credit: Tracked | None = None      # the photo's credit (李娟 摄)
    has_photo: bool = False
    kind: str = "news"                 # news, commentary, photo-news, briefs
    units: tuple[int, ...] = ()        # the page's units it was made from
    headline_units: tuple[int, ...] = ()
    untitled: bool = False             # no headline in the OCR: a placeholder stands for it

    def fields(self) -> list[tuple[str, Tracked]]:
        """(key, text) in reading order: the order they stand in the source."""
        out = [(k, getattr(self, k)) for k in ("kicker", "headline", "deck", "author", "lead")]
        out += [(b.kind, b.text) for b in self.blocks]
        out += [(k, getattr(self, k)) for k in ("byline", "continued", "credit")]
        return [(k, t) for k, t in out if t is not None]


@dataclass(frozen=True)
class Header:
    date: _dt.date | None = None
    page: int | None = None
    credits: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PageContent:
    articles: tuple[ImportedArticle, ...]
    footer: Tracked | None
    header: Header
    loose: tuple[Piece, ...]            # changes that went into no field (page header lines)
    notes: tuple[tuple[Where, str], ...]


@dataclass
class _Draft:
    """An article while it is being read."""
    head: list[tuple[int, Tracked]]
    author: Tracked | None = None
    lead: Tracked | None = None
    blocks: list[Block] = field(default_factory=list)
    block_units: list[int] = field(default_factory=list)
    byline: Tracked | None = None
    continued: Tracked | None = None
    credit: Tracked | None = None
    units: list[int] = field(default_factory=list)
    closed: bool = False               # a byline, credit or jump line ended it
    untitled: bool = False
    last_close: int = -1               # the latest of CLOSINGS it has: only later ones may follow

    def may_take(self, closing: int | None) -> bool:
        """A closed article takes nothing but what may follow what closed it."""
        return not self.closed or (closing is not None and closing > self.last_close)

    def body_text(self) -> str:
        return self.blocks[-1].text.text if self.blocks else ""


def join(a: Tracked, b: Tracked, sep: str, kind: str, note: str) -> Tracked:
    """a and b as one text; what stood between them in the source (a line
    break, a blank line) becomes `sep`, a logged change."""
    return a + Tracked((Piece(a.end, b.start, sep, kind, note),)) + b


# What closes an article, in the order it stands at the article's end (and in the edition's reading order).
CLOSINGS = ("byline", "jump", "credit")
HEADING_SIZE = 1.2     # headlines, kickers and decks are set at least this much larger than the body


def body_size(page: OcrPage) -> float | None:
    """The body's type size as scanned: the line height most of the text is set in."""
    weighted = sorted((u.size, u.end - u.start) for u in page.units if u.size)
    half, seen = sum(n for _, n in weighted) / 2, 0
    for size, n in weighted:
        seen += n
        if seen >= half:
            return size
    return None


def _trim_end(t: Tracked, kind: str) -> Tracked:
    """The text without the spaces that stood before a byline or jump line taken from its end."""
    n = len(t.text.rstrip())
    return t.replace(n, len(t.text), "", kind, f"the space before the {kind}") if n < len(t.text) else t


class _Reader:
    def __init__(self, page: OcrPage):
        self.page = page
        self.texts = [Tracked.of(page.text, u.start, u.end) for u in page.units]
        self.raw = [page.unit_text(u) for u in page.units]
        self.notes: list[tuple[Where, str]] = []
        self.loose: list[Piece] = []
        self.body_size = body_size(page)

    def note(self, index: int, message: str) -> None:
        self.notes.append((self.page.where(self.page.units[index].start), message))

    # -- where things are ----------------------------------------------------------
    def _is_headline(self, i: int) -> bool:
        """Headline-like text; with an OCR layout also set as a heading is: in
        a larger size than the body, or a line of its own that stops short
        (a subhead in body size)."""
        if not pat.headline_like(self.raw[i]):
            return False
        unit = self.page.units[i]
        if unit.size is None or self.body_size is None:
            return True
        return unit.size >= HEADING_SIZE * self.body_size or (unit.lines == 1 and bool(unit.short))

    def _opens_article(self, i: int, current: _Draft | None) -> str | None:
        """Why the headline-like unit i starts an article, or None."""
        nxt = self.raw[i + 1] if i + 1 < len(self.raw) else ""
        if current is None:
            return "the first headline of the page"
        if current.closed:
            return "the article before ends with its byline or credit"
        if pat.dateline(nxt):
            return "a dateline follows"
        if nxt and pat.author_line(nxt) and not (i + 2 < len(self.raw) and self._is_headline(i + 2)):
            return "an author line follows"
        finished = pat.ends_sentence(current.body_text()) if current.blocks else True
        if nxt and self._is_headline(i + 1) and finished and not pat.author_line(nxt):
            return "a second headline line follows (a kicker or a deck)"
        if finished and len(pat.core(self.raw[i])) > pat.SUBHEAD_MAX:
            return f"longer than a subhead ({pat.SUBHEAD_MAX} characters)"
        return None

    def _header_end(self) -> int:
        """Units before the first headline that read as the page's header (date, page, staff)."""
        i = 0
        while i < len(self.raw) and pat.header_like(self.raw[i]) and not pat.dateline(self.raw[i]):
            i += 1
        return i

    def _footer_start(self) -> int:
        n = len(self.raw)
        return n - 1 if n > 1 and pat.footer_like(self.raw[-1]) else n

    # -- reading ---------------------------------------------------------------------
    def read(self) -> PageContent:
        header = self._header(self._header_end())
        start, stop = self._header_end(), self._footer_start()
        drafts: list[_Draft] = []
        current: _Draft | None = None
        i = start
        while i < stop:
            text = self.raw[i]
            why = self._opens_article(i, current) if self._is_headline(i) else None
            if why:
                current = self._open(i, stop, why)
                drafts.append(current)
                i = current.units[-1] + 1
                continue
            if current is None or not current.may_take(self._closing(current, text)):
                current = self._untitled(i)
                drafts.append(current)
            self._take(current, i, text)
            i += 1
        footer = self.texts[stop] if stop < len(self.texts) else None
        articles = tuple(self._finish(d) for d in drafts)
        if footer is not None:
            self.note(stop, "the page's footer line")
            footer = tidy_spaces(restore(footer), False)
        return PageContent(articles, footer, header, tuple(self.loose), tuple(self.notes))

    def _header(self, end: int) -> Header:
        date = page = None
        credits = []
        for i in range(end):
            c = pat.core(self.raw[i])
            m = pat.DATE.search(c)
            if m and date is None:
                try:
                    date = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    pass
            m = pat.PAGE_NUMBER.search(c)
            if m and page is None:
                page = int(m.group(1))
            credits += [(t, n) for t, n in pat.STAFF.findall(self.raw[i])]
            t = self.texts[i]
            self.loose.append(Piece(t.start, t.end, "", "header",
                                    "the page's header line: its date, page number and staff go to edition.yaml"))
        return Header(date, page, tuple(dict.fromkeys(credits)))

    @staticmethod
    def _closing(d: _Draft, text: str) -> int | None:
        """Which of CLOSINGS the unit is, as _take would read it, or None."""
        if not d.blocks:
            return None
        if pat.standalone_byline(text):
            return CLOSINGS.index("byline")
        jump = pat.jump_at_end(text)
        if jump and jump[0] == 0:
            return CLOSINGS.index("jump")
        if pat.photo_credit(text):
            return CLOSINGS.index("credit")
        return None

    def _close(self, d: _Draft, kind: str) -> None:
        d.closed = True
        d.last_close = max(d.last_close, CLOSINGS.index(kind))

    def _untitled(self, i: int) -> _Draft:
        """Text before any headline (the rest of an article begun on another
        page): an article with a marked placeholder headline."""
        at = self.texts[i]
        placeholder = Tracked((Piece(at.start, at.start, "（无题）", "headline",
                                     "no headline before this text in the OCR: replace the placeholder"),))
        self.note(i, "text without a headline of its own (before the first headline, or after an article's "
                  "byline): an article with the placeholder headline （无题）")
        return _Draft([(i, placeholder)], units=[], untitled=True)

    def _open(self, i: int, stop: int, why: str) -> _Draft:
        head = [(i, self.texts[i])]
        j = i + 1
        while j < stop and len(head) < 3 and self._is_headline(j) and not pat.author_line(self.raw[j]) \
                and not pat.dateline(self.raw[j]):
            head.append((j, self.texts[j]))
            j += 1
        draft = _Draft(head, units=[k for k, _ in head])
        if j < stop and pat.author_line(self.raw[j]) and not pat.dateline(self.raw[j]):
            draft.author = self.texts[j]
            draft.units.append(j)
            self.note(j, "an author line (under the headline)")
        self.note(i, f"a new article: {why}")
        return draft

    def _take(self, d: _Draft, i: int, text: str) -> None:
        """Unit i goes into the article being read."""
        d.units.append(i)
        t = self.texts[i]
        credit = pat.photo_credit(text)
        byline = pat.standalone_byline(text)
        if not d.blocks and d.lead is None and pat.dateline(text):
            end = pat.dateline(text)
            d.lead = t.slice(0, end)
            rest = t.slice(end, len(text))
            gap = pat.DATELINE_GAP.match(rest.text)
            if gap:
                rest = rest.replace(0, gap.end(), "", "dateline", "the space after the dateline: the "
                                    "dateline is set apart in bold")
            if rest.text:
                self._paragraph(d, i, rest, new=True)
            return
        if credit and d.blocks:
            d.credit = t.replace(0, len(text), credit, "credit", "the photo's credit line") \
                if credit != text else t
            self._close(d, "credit")
            return
        if byline and d.blocks and d.byline is None:
            d.byline = t.replace(0, len(text), byline, "byline",
                                 "brackets dropped (the byline key prints them)"
                                 + ("; a space before 文/图 or 摄" if " " in byline and " " not in text else ""))
            self._close(d, "byline")
            return
        jump = pat.jump_at_end(text)
        if jump and jump[0] == 0 and d.blocks:
            d.continued = t.replace(0, len(text), jump[1], "jump", "brackets dropped (the continued key prints them)")
            self._close(d, "jump")
            return
        if d.blocks and self._is_headline(i) and not self._continues(d, i):
            d.blocks.append(Block("subhead", t))
            d.block_units.append(i)
            self.note(i, "a subhead (小标题) inside the article")
            return
        self._paragraph(d, i, t, new=not self._continues(d, i))

    def _continues(self, d: _Draft, i: int) -> bool:
        """Does unit i go on with the last paragraph (a paragraph broken where a printed column ended)?"""
        if not d.blocks or d.blocks[-1].kind != "para":
            return False
        previous = self.page.units[d.block_units[-1]]
        unit: Unit = self.page.units[i]
        if not pat.ends_sentence(d.body_text()):
            return True
        # with an OCR layout: a paragraph that goes on at the top of the next block is not indented
        return unit.indented is False and not set(unit.blocks) & set(previous.blocks)

    def _paragraph(self, d: _Draft, i: int, t: Tracked, new: bool) -> None:
        found = pat.byline_at_end(t.text)
        if pat.jump_at_end(t.text):
            self._close(d, "jump")     # its jump line closes the article
        elif found and found[0] > 0:
            self._close(d, "byline")   # and so does its byline
        if new or not d.blocks:
            d.blocks.append(Block("para", t))
            d.block_units.append(i)
            return
        last = d.blocks[-1]
        between = self.page.text[last.text.end:t.start]
        d.blocks[-1] = Block("para", join(last.text, t, "", "join",
                                          "a paragraph broken at the end of a printed column, joined"
                                          if "\n\n" in between else "a paragraph's lines joined"))
        d.block_units.append(i)
        self.note(i, "goes on with the paragraph before (it was broken at a column end)")

    # -- the article's parts -----------------------------------------------------------
    def _finish(self, d: _Draft) -> ImportedArticle:
        blocks = list(d.blocks)
        byline, continued = d.byline, d.continued
        if blocks and blocks[-1].kind == "para":
            last = blocks[-1].text
            jump = pat.jump_at_end(last.text)
            if jump and continued is None and jump[0] > 0:     # a jump line with text before it
                continued = last.slice(jump[0], len(last.text))
                continued = continued.replace(0, len(continued.text), jump[1], "jump",
                                              "brackets dropped (the continued key prints them)")
                last = _trim_end(last.slice(0, jump[0]), "jump")
            found = pat.byline_at_end(last.text)
            if found and byline is None and found[0] > 0:
                byline = last.slice(found[0], len(last.text))
                inner = byline.text
                byline = byline.replace(0, len(inner), found[1], "byline",
                                        "brackets dropped (the byline key prints them)"
                                        + ("; a space before 文/图 or 摄" if found[1].count(" ") > inner.count(" ")
                                           else ""))
                last = _trim_end(last.slice(0, found[0]), "byline")
            blocks[-1] = Block("para", last)
        if not any(b.kind == "para" for b in blocks):
            blocks.append(self._no_text(d))
        kicker, headline, deck = self._headline_group(d.head)
        text = " ".join(b.text.text for b in blocks)
        has_photo = bool(d.credit) or "如图" in text or bool(byline and re.search(r"文/图|摄|图$", byline.text))
        author = d.author
        kind = "news"
        if d.credit is not None:
            kind = "photo-news"
        elif author is not None and d.lead is None:
            kind = "commentary"
        elif pat.BRIEFS.match(pat.core(headline.text)):
            kind = "briefs"
        if d.block_units and not pat.ends_sentence(blocks[-1].text.text) and continued is None and byline is None:
            self.note(d.block_units[-1], "the article ends in mid-sentence: its rest is on another page? "
                      "(add `continued:` to its front matter if so)")
        blocks = [Block(b.kind, self._fix_markdown(tidy_spaces(restore(b.text), b.kind == "subhead")))
                  for b in blocks]
        head_units = () if d.untitled else tuple(k for k, _ in d.head)
        return ImportedArticle(
            self._heading(headline), self._heading(kicker), self._heading(deck), self._heading(author),
            tidy_spaces(restore(d.lead), True) if d.lead else None, tuple(blocks),
            self._heading(byline), self._heading(continued), self._heading(d.credit), has_photo, kind,
            tuple(sorted(set(d.units))), head_units, d.untitled)

    def _no_text(self, d: _Draft) -> Block:
        """An article needs text: a marked placeholder where the OCR has none under the headline."""
        last = max(d.units)
        at = self.texts[last].end
        self.note(last, "no text under this headline in the OCR: the placeholder （正文缺失） stands for it")
        return Block("para", Tracked((Piece(at, at, "（正文缺失）", "body",
                                            "no text under the headline in the OCR: replace the placeholder"),)))

    @staticmethod
    def _heading(t: Tracked | None) -> Tracked | None:
        return tidy_spaces(restore(t), True) if t is not None else None

    @staticmethod
    def _fix_markdown(t: Tracked) -> Tracked:
        """A paragraph beginning with # would read as a Markdown heading: the full-width ＃ instead."""
        if t.text.startswith("#"):
            return t.replace(0, 1, "＃", "markdown", "a leading # would read as a heading in the article file")
        return t

    def _headline_group(self, head: list[tuple[int, Tracked]]):
        """(kicker, headline, deck). Several lines: the longest is the main
        headline (not one opening with ——), the lines above it kickers (引题),
        below it decks (副题). One
        line the OCR ran together: cut at its spaces (see _split_line)."""
        lines = [t.strip() for _, t in head]
        if len(lines) == 1:
            return self._split_line(lines[0])
        # a line opening with —— is a deck whatever its length (人民日报 sets decks so)
        candidates = [k for k in range(len(lines)) if not lines[k].text.startswith(("——", "--"))] or [0]
        main = max(candidates, key=lambda k: (len(pat.core(lines[k].text)), -k))
        kicker = self._joined(lines[:main])
        deck = self._joined(lines[main + 1:])
        return kicker, lines[main], deck

    @staticmethod
    def _joined(lines: list[Tracked]) -> Tracked | None:
        if not lines:
            return None
        out = lines[0]
        for t in lines[1:]:
            out = join(out, t, " ", "join", "two lines of a kicker or deck set as one")
        return out

    @staticmethod
    def _split_line(t: Tracked) -> tuple[Tracked | None, Tracked, Tracked | None]:
        """A headline line with spaces. Two short parts (each ≤ 12) are a
        couplet, one headline (瞧非遗展演 品古城韵味); two long ones a kicker and
        its headline. Three or more: short phrases (≤ 5 each) are one headline
        (a deck-like line); otherwise the last two parts, if they pair, are the
        headline and what stands before them the kicker."""
        text = t.text
        spaces = [m for m in re.finditer(r"[ \u3000]+", text)]
        parts = re.split(r"[ \u3000]+", text)
        lens = [len(p) for p in parts]
        cut = None
        if len(parts) == 2 and max(lens) > 12:
            cut = 0
        elif len(parts) >= 3 and max(lens) > 5:
            pair = lens[-1] <= 12 and lens[-2] <= 12 and abs(lens[-1] - lens[-2]) <= 2
            cut = len(parts) - 3 if pair else 0
        if cut is None:
            return None, t, None
        gap = spaces[cut]
        kicker = t.slice(0, gap.start())
        rest = t.slice(gap.start(), len(text))
        rest = rest.replace(0, gap.end() - gap.start(), "", "headline",
                            "the space between the kicker and the headline (one OCR line, two headline lines)")
        return kicker, rest, None


def read_structure(page: OcrPage) -> PageContent:
    return _Reader(page).read()


def ranked(articles: tuple[ImportedArticle, ...]) -> list[str]:
    """`rank` of each article in order: the first is the lead, then 2, 3 …, briefs last."""
    out, n = [], 1
    for a in articles:
        if a.kind == "briefs":
            out.append("brief")
            continue
        out.append("lead" if n == 1 else str(n))
        n += 1
    return out


