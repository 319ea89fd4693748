"""No character is printed as a blank: the CJK extensions come from the
fallback faces, and a character no face has is drawn as 〓, counted in
render's summary, reported by check and failing --strict."""
from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from layout.cli.main import main

pytestmark = pytest.mark.render

EXT_B, EXT_G = "𪚥", "\U0003134A"         # in HanaMinB, in BabelStone Han
NONE, NONE_TOO = "🦜", "🫨"               # U+1F99C, U+1FAE8: emoji no default face has


def edition(folder: Path, headline: str, body: str) -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "articles" / "a.md").write_text(f"---\nheadline: {headline}\n---\n\n{body}\n", "utf-8")
    (folder / "edition.yaml").write_text(
        "paper: 示例日报\ndate: 2024-11-06\npages:\n  - number: 1\n    items:\n"
        "      - article: articles/a.md\n        at: [1, 1]\n        span: [3, 20]\n", "utf-8")
    return folder


def page_text(pdf: Path) -> str:
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        page.close()
        return text
    finally:
        document.close()


def run(argv, capsys):
    status = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.out, captured.err


def test_extension_b_and_g_print_from_the_fallback_faces(tmp_path, capsys):
    ed = edition(tmp_path / "ed", f"高新区{EXT_G}铆足劲", f"近年来，{EXT_B}高新区积极挖掘自身优势。")
    out = tmp_path / "out"
    status, _, err = run(["render", str(ed), "--out", str(out), "--no-preview", "--strict"], capsys)
    assert status == 0 and "0 missing character(s)" in err
    text = page_text(out / "p01.pdf")
    assert EXT_B in text and EXT_G in text           # drawn, and read back as themselves
    assert "\u3013" not in text


def test_a_character_no_face_has_prints_as_geta_and_is_counted(tmp_path, capsys):
    ed = edition(tmp_path / "ed", f"高新区{NONE}铆足劲", f"近年来，高新区{NONE_TOO}积极挖掘自身优势。")
    out = tmp_path / "out"
    status, _, err = run(["render", str(ed), "--out", str(out), "--no-preview"], capsys)
    assert status == 0
    assert "2 missing character(s)" in err
    assert err.count("〓 is printed in its place") == 2
    text = page_text(out / "p01.pdf")
    assert NONE not in text and NONE_TOO not in text and text.count("\u3013") == 2
    report = json.loads((out / "report.json").read_text("utf-8"))
    missing = [d for d in report["diagnostics"] if d["code"] == "missing-glyph"]
    assert sorted(d["codepoint"] for d in missing) == ["U+1F99C", "U+1FAE8"]
    assert any(d["where"].endswith("a.md:2") for d in missing)          # the headline's line
    assert any(d["where"].endswith("a.md:5") for d in missing)          # the paragraph's line

    status, _, _ = run(["render", str(ed), "--out", str(out), "--no-preview", "--strict"], capsys)
    assert status == 1
    status, table, _ = run(["check", str(ed)], capsys)
    assert status == 1 and table.count("missing-glyph") == 2
