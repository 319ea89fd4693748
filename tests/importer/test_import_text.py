"""`banmian import` of a plain OCR text page: the seed page against the
hand-made reference edition, and the proof that nothing of the source is lost."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from layout.importer import ImportOptions, import_pages
from layout.spec.article import parse_article
from provenance import check_nothing_lost, log

ROOT = Path(__file__).resolve().parents[2]
# the archive's seed page, in the shared folder beside the repository (or this machine's)
SEED = next((p for p in (ROOT.parent / "shared" / "seed" / "000_f81e2fa27388aec0.txt",
                         Path("/work/shared/seed/000_f81e2fa27388aec0.txt")) if p.exists()),
            Path("/work/shared/seed/000_f81e2fa27388aec0.txt"))
SEED_COPY = ROOT / "tests" / "importer" / "data" / "seed-p03.txt"
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"
OPTIONS = ImportOptions(paper="新乡日报", date="2024-11-06", pages=(3,), section="区县新闻")


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("import") / "xinxiang"
    import_pages([str(SEED_COPY)], str(out), OPTIONS)
    return out


def test_the_seed_copy_is_the_seed():
    if SEED.exists():
        assert SEED_COPY.read_bytes() == SEED.read_bytes()


def test_every_source_character_is_in_the_edition_or_the_log(imported):
    check_nothing_lost(imported)


def articles(folder: Path):
    return [parse_article(str(p))[0] for p in sorted((folder / "articles").glob("*.md"))]


def test_the_text_is_the_reference_editions_text(imported):
    """Every article's headline group, dateline, author, byline and body are
    the hand-made reference's, character for character."""
    ref, got = articles(REFERENCE), articles(imported)
    assert len(got) == len(ref) == 8
    for a, b in zip(ref, got):
        for key in ("kicker", "headline", "deck", "author", "lead", "byline"):
            assert getattr(a, key) == getattr(b, key), (a.id, key)
        assert [(x.kind, x.text) for x in a.blocks] == [(x.kind, x.text) for x in b.blocks], a.id


def test_where_it_differs_from_the_reference(imported):
    """What the reconstruction added by hand and the import does not invent:
    the jump line of the commentary, the photo captions; the photo files are named after the article."""
    ref = {a.id[:2]: a for a in articles(REFERENCE)}
    got = {a.id[-2:]: a for a in articles(imported)}
    assert ref["04"].continued == "下转第四版" and got["04"].continued is None
    for n in ("02", "06", "08"):
        assert got[n].photo is not None and got[n].photo.name == f"photos/p03-{n}.jpg"
        assert got[n].photo.caption is None
    assert got["08"].photo.credit == ref["08"].photo.credit == "李娟 摄"
    assert all(got[n].photo is None for n in ("01", "03", "04", "05", "07"))


def test_the_edition_yaml_leaves_placement_to_the_automatic_layout(imported):
    data = yaml.safe_load((imported / "edition.yaml").read_text("utf-8"))
    assert (data["paper"], str(data["date"])) == ("新乡日报", "2024-11-06")
    page = data["pages"][0]
    assert (page["number"], page["section"], page["footer"]) == (3, "区县新闻", "区县新闻热线：13781915838")
    items = page["items"]
    assert [i["rank"] for i in items] == ["lead", 2, 3, 4, 5, 6, 7, 8]
    assert [i["kind"] for i in items] == ["news"] * 3 + ["commentary"] + ["news"] * 3 + ["photo-news"]
    assert not any("at" in i or "span" in i for i in items)


def test_the_log_names_each_change_at_its_place(imported):
    data = log(imported)
    text = (imported / "source" / "p03.txt").read_text("utf-8")
    lines = text.split("\n")
    kinds = {}
    for c in data["changes"]:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
        line = lines[c["line"] - 1]
        offset = sum(len(l) + 1 for l in lines[:c["line"] - 1]) + c["column"] - 1
        assert offset == c["start"], c
        assert line[c["column"] - 1:].startswith(c["before"].split("\n")[0]), c
    # the repairs the reference edition's README lists, made and logged here
    assert kinds["join"] == 7            # 01: 3, 02: 1, 07: 3 (one after 过程中，)
    assert kinds["byline"] == 6 and kinds["dateline"] == 4 and "credit" not in kinds   # 李娟 摄 is kept as it is
    assert kinds["headline"] == 2        # 05 and 07: kicker and headline on one OCR line
    commas = [c for c in data["changes"] if c["before"] == ","]
    assert commas and all(c["after"] == "，" for c in commas)
    assert text.count(",") == len(commas) + 0      # every ASCII comma of the page was in Chinese text
    report = (imported / "import-log.txt").read_text("utf-8")
    assert "source/p03.txt:21:1: byline: '(高创)' → '高创'" in report
    assert "source/p03.txt:123:7: punctuation: ':' → '：'" in report


def test_ascii_kept_in_numbers_and_latin(imported):
    body = "".join(b.text for a in articles(imported) for b in a.blocks)
    for kept in ("427.3", "8.02", "1.14", "1+N", "外出学习+现场观摩", "“3504”"):
        assert kept in body
    assert not any(ch in body for ch in ",;?()")
