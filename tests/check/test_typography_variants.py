"""The reference edition set under each typography setting: every variant
keeps every rule the checker knows, read back from its PDF."""
from __future__ import annotations

import shutil
from collections import Counter

import pytest

from layout.pipeline import RenderOptions, render
from layout.check.typography import check_pdf
from layout.compose.line_model import MAX_SPREAD_EM
from layout.output.report import compiler_line

from conftest import REFERENCE

pytestmark = pytest.mark.render   # renders the reference edition under each setting

VARIANTS = {
    "kaiming": "punctuation: kaiming",
    "hanging": "hanging: true",
    "quarter": "han_latin_gap: quarter",
    "no-gap": "han_latin_gap: none",
    "min-3": "min_last_line: 3",
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_reference_under_each_setting_keeps_every_rule(tmp_path, font_cache, name):
    edition = tmp_path / "edition"
    shutil.copytree(REFERENCE, edition)
    spec = edition / "edition.yaml"
    text = spec.read_text("utf-8")
    spec.write_text(text.replace("\ndate:", f"\ntypography:\n  {VARIANTS[name]}\ndate:", 1), "utf-8")
    out = tmp_path / "out"
    result = render(str(edition), RenderOptions(out_dir=str(out), previews=False), cache=font_cache)
    codes = Counter(d.code for d in result.diagnostics)
    assert codes["overset"] == 0 and codes["orphan"] == 0 and codes["widow"] == 0
    found = check_pdf(str(out / "p03.pdf"), "p03.pdf")
    assert found == [], "\n".join(map(compiler_line, found))
    body = [l for l in result.plans[0].lines if l.kind == "body"]
    adjust = Counter(l.adjust for l in body)
    style = result.plans[0].style
    if name == "kaiming":
        assert style.typesetting.punctuation == "kaiming"
        # a comma is half an em wide wherever it stands: the glyph after it
        # follows at ½ em, with the line's own spacing (added or taken out);
        # it takes its blank half back only where the line would otherwise be
        # letter-spaced
        for line in body:
            full = line.max_gap >= MAX_SPREAD_EM * style.em - 1e-6
            for a, b in zip(line.glyphs, line.glyphs[1:]):
                if a.ch == "，" and b.ch not in "“‘（《":
                    low = style.em / 2 - line.tighten - 0.01
                    high = style.em / 2 + line.max_gap + (style.em / 2 if full else 0.0) + 0.01
                    assert low <= b.x - a.x <= high, line.text
    if name == "hanging":
        assert adjust["hang"] > 0
    if name == "min-3":
        paragraphs = Counter((l.article, l.paragraph) for l in body)
        for line in body:
            if line.last and paragraphs[(line.article, line.paragraph)] > 1 and not line.text.startswith("（"):
                assert sum(1 for ch in line.text if ch.isalnum()) >= 3, line.text
