"""What the layout tells the editor, as diagnostics:

- copy-fit (a note per article): the lines it needs at each width it could
  take, so copy can be cut to size before the page is made;
- layout-over: on a page Banmian laid out, the articles its content does not
  fit, and by how many lines (they are set over, never dropped);
- layout-empty: on such a page, how many lines stay empty for want of
  content, and where.
"""
from __future__ import annotations

from ...diagnostics import NOTE, WARNING, Diagnostic, Where
from .problem import Candidate

SHOWN_AREAS = 4        # empty areas named in the message (all are in its data)


def fit_by_width(candidates) -> list[dict]:
    """For each width, the module heights (grid lines) the item fills: from
    its tightest setting (smaller headline, wider text columns, photo cropped)
    to its loosest (the accepted slack at its foot)."""
    out: dict[int, list[Candidate]] = {}
    for c in candidates:
        out.setdefault(c.cols, []).append(c)
    return [{"columns": cols, "least": min(c.lines for c in cs), "most": max(c.lines + c.grow for c in cs)}
            for cols, cs in sorted(out.items())]


def copy_fit(article_id: str, candidates, where: Where) -> Diagnostic:
    widths = fit_by_width(candidates)
    said = ", ".join(f"{w['columns']} col {_span(w)}" for w in widths)
    return Diagnostic(
        NOTE, f"article {article_id}: lines it needs at each width: {said}", where,
        "a module that many grid lines tall holds it (one more when a module stands under it, for "
        "the rule); cut or add copy to fit the span you want", code="copy-fit",
        data=(("article", article_id), ("widths", tuple(widths))))


def _span(width: dict) -> str:
    if width["least"] == width["most"]:
        return f"{width['least']}"
    return f"{width['least']}–{width['most']}"


def layout_report(number: int, layout, where: Where) -> list[Diagnostic]:
    """What a laid-out page could not fit, and what it leaves empty."""
    out = []
    if layout.over:
        said = ", ".join(f"{key} by {lines}" for key, lines in layout.over)
        out.append(Diagnostic(
            WARNING, f"page {number}: the content does not fit the page: {said} lines over "
            "(set over, nothing dropped)", where,
            "cut these articles by the lines given, or move an item to another page",
            code="layout-over", data=(("page", number), ("over", dict(layout.over)))))
    areas = [a for a in layout.empty if a.lines > 0]
    if areas:
        said = "; ".join(f"{a.lines} lines × {a.cols} columns from line {a.line}, column {a.col}"
                         + (f" (the foot of {a.foot_of})" if a.foot_of else "")
                         for a in areas[:SHOWN_AREAS])
        more = f"; and {len(areas) - SHOWN_AREAS} more" if len(areas) > SHOWN_AREAS else ""
        out.append(Diagnostic(
            WARNING, f"page {number}: {layout.empty_lines} lines of the page stay empty for want of "
            f"content: {said}{more}", where,
            "add an item or copy, or give a photo more room", code="layout-empty",
            data=(("page", number), ("lines", layout.empty_lines),
                  ("areas", tuple({"at": (a.col, a.line), "span": (a.cols, a.lines), "foot_of": a.foot_of}
                                  for a in areas)))))
    return out
