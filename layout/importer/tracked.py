"""Text that remembers where each of its characters came from.

An imported field (a headline, a paragraph, a byline) is a tuple of pieces.
A kept piece is a stretch of the source copied as it is; a changed piece
replaces a stretch of the source (possibly empty: an insertion) with other
text and says why. Every changed piece becomes one entry of the change log,
so a character of the source is either in the edition where a kept piece put
it or in the log as a deliberate change.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    start: int                 # source offsets [start, end)
    end: int
    text: str                  # what the edition gets
    kind: str = ""             # "" for a kept piece; else what changed it (punctuation, byline …)
    note: str = ""             # why, for the archivist

    @property
    def kept(self) -> bool:
        return not self.kind


@dataclass(frozen=True)
class Tracked:
    pieces: tuple[Piece, ...]

    @staticmethod
    def of(source: str, start: int, end: int) -> "Tracked":
        return Tracked((Piece(start, end, source[start:end]),) if end > start else ())

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def __len__(self) -> int:
        return len(self.text)

    @property
    def start(self) -> int:
        return self.pieces[0].start if self.pieces else 0

    @property
    def end(self) -> int:
        return self.pieces[-1].end if self.pieces else 0

    def source_at(self, index: int) -> int:
        """The source offset of the character at `index` (or of the end)."""
        pos = 0
        for p in self.pieces:
            if index < pos + len(p.text):
                return p.start + (index - pos if p.kept else 0)
            pos += len(p.text)
        return self.end

    def _bounds(self):
        pos = 0
        for p in self.pieces:
            yield p, pos, pos + len(p.text)
            pos += len(p.text)

    def slice(self, a: int, b: int) -> "Tracked":
        """Characters [a, b) of the text. A changed piece is never cut; one that
        replaced something with nothing goes with the slice it begins."""
        total = len(self.text)
        out = []
        for p, lo, hi in self._bounds():
            if lo == hi:
                # a piece that left nothing belongs where it stands; at the very
                # end, to the slice that reaches the end (one slice only)
                if a <= lo < b or (lo == b == total and (a < b or total == 0)):
                    out.append(p)
            elif lo >= a and hi <= b:
                out.append(p)
            elif hi > a and lo < b:
                if not p.kept:
                    raise ValueError("a slice may not cut a changed piece")
                s, e = max(a, lo) - lo, min(b, hi) - lo
                out.append(Piece(p.start + s, p.start + e, p.text[s:e]))
        return Tracked(tuple(out))

    def replace(self, a: int, b: int, new: str, kind: str, note: str = "") -> "Tracked":
        """Characters [a, b) of the text become `new` (a == b: an insertion). A
        changed piece the range cuts into is taken whole, its other characters
        kept around `new`."""
        for p, lo, hi in self._bounds():
            if not p.kept and lo < hi and lo < b and a < hi and (lo < a or hi > b):
                new = p.text[:max(0, a - lo)] + new + p.text[max(0, b - lo):]
                a, b = min(a, lo), max(b, hi)
        total = len(self.text)
        before, inner, after = self.slice(0, a), self.slice(a, b), self.slice(b, total)
        start = inner.pieces[0].start if inner.pieces else self.source_at(a)
        end = inner.pieces[-1].end if inner.pieces else start
        kinds = dict.fromkeys([kind] + [p.kind for p in inner.pieces if p.kind])
        notes = dict.fromkeys([note] + [p.note for p in inner.pieces if p.note])
        piece = Piece(start, end, new, "+".join(kinds), "; ".join(n for n in notes if n))
        return Tracked(before.pieces + (piece,) + after.pieces)

    def strip(self) -> "Tracked":
        text = self.text
        a = len(text) - len(text.lstrip())
        b = len(text.rstrip())
        return self.slice(a, b) if (a, b) != (0, len(text)) else self

    def __add__(self, other: "Tracked") -> "Tracked":
        return Tracked(self.pieces + other.pieces)


def changed(fields) -> list[Piece]:
    """Every changed piece of the tracked texts, in source order."""
    out = [p for t in fields for p in t.pieces if not p.kept]
    return sorted(out, key=lambda p: (p.start, p.end))
