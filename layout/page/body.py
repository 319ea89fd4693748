"""An article's text as flow blocks: paragraphs (with the dateline 本报讯 and
the byline), subheads, and a closing jump line, each with the source text it
was composed from."""
from __future__ import annotations

from ..compose.line_breaker import CENTER, JUSTIFY, LEFT, RIGHT, Run, natural_width
from ..units import EPS
from ..flow.column_filler import FlowBlock
from ..plan import ParagraphSource, ResumeAt
from ..spec.page_style import PageStyle
from .compose_cache import ComposeCache


BRIEF_MARK = "■"   # before each brief's run-in title


def body_blocks(article, style: PageStyle, cache: ComposeCache, start: ResumeAt | None = None,
                tail: str | None = None, kind: str = "news",
                narrowest: float | None = None) -> tuple[list[FlowBlock], list[ParagraphSource]]:
    """The article's text as flow blocks. `start` begins a continuation part
    way: a paragraph cut mid-way goes on without an indent. `tail` is a jump
    line set flush right after the text (下转第X版). In briefs (简讯) a subhead
    is run in, bold, at the head of the paragraph after it; in a commentary the
    body is set in the commentary role (Kai)."""
    blocks: list[FlowBlock] = []
    sources: list[ParagraphSource] = []
    size = style.body_size
    paras = article.blocks
    last_para = max((i for i, b in enumerate(paras) if b.kind == "para"), default=-1)
    first_para = next((i for i, b in enumerate(paras) if b.kind == "para"), -1)
    first_block = start.block if start else 0
    body_role = "commentary" if kind == "commentary" else "body"
    run_in: str | None = None
    for i, block in enumerate(paras):
        if i < first_block:
            continue
        if kind == "briefs" and block.kind == "subhead" and i + 1 < len(paras) and paras[i + 1].kind == "para":
            run_in = block.text
            continue
        if block.kind == "subhead":
            text = block.text.replace(" ", "\u3000")
            par = cache.prepare((Run(text, "subhead", size),), indent_em=0, align=CENTER,
                                settings=style.typesetting)
            blocks.append(FlowBlock("subhead", par, i))
            sources.append(ParagraphSource(i, par.text))
            continue
        runs = []
        text = block.text
        # the jump fell inside this paragraph (not between two): it goes on unindented
        resumed = start is not None and i == first_block and start.offset > 0
        lead = 0
        if resumed:
            text = block.text[start.offset:]
        elif i == first_para and article.lead:
            # the dateline (本报平壤10月12日电（记者 黄发红）) stays on one line if it can
            runs.append(Run(article.lead, "lead", size, keep=True))
            runs.append(Run("\u3000", body_role, size))
            lead = len(article.lead) + 1
        if run_in is not None and not resumed:
            runs.append(Run(BRIEF_MARK + run_in, "lead", size))
            runs.append(Run("\u3000", body_role, size))
            lead += len(run_in) + 2
        run_in = None
        runs.append(Run(text, body_role, size))
        if i == last_para and article.byline:
            byline = f"（{article.byline}）"
            runs.append(Run(byline, "byline", size, glued=_fits(byline, size, narrowest, style, cache)))
        par = cache.prepare(tuple(runs), indent_em=0 if resumed else style.indent_em, align=JUSTIFY,
                            settings=style.typesetting)
        blocks.append(FlowBlock("para", par, i))
        sources.append(ParagraphSource(i, par.text, lead, start.offset if resumed else 0))
    tail = tail or (article.continued if start is None else None)
    if tail:
        par = cache.prepare((Run(f"（{tail}）", "folio", size),), indent_em=0, align=RIGHT,
                            settings=style.typesetting)
        blocks.append(FlowBlock("tail", par, len(paras)))
        sources.append(ParagraphSource(len(paras), par.text))
    return blocks, sources


def _fits(text: str, size: float, measure: float | None, style: PageStyle, cache: ComposeCache) -> bool:
    """Whether a byline fits one line of the narrowest text column: it is kept
    whole where it fits, and breaks like text where it does not, rather than
    run past the column's edge."""
    if measure is None:
        return True
    par = cache.prepare((Run(text, "byline", size),), indent_em=0, align=LEFT, settings=style.typesetting)
    return natural_width(par) <= measure + EPS
