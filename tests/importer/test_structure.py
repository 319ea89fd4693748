"""What the importer recognises on a page, each on a small OCR text."""
from __future__ import annotations

from layout.output.report import compiler_line

from pathlib import Path

import pytest

from layout.diagnostics import InputError
from layout.importer import ImportOptions, import_pages
from layout.importer.ocr_text import read_text
from layout.importer.patterns import byline_at_end, dateline, photo_credit
from layout.importer.punctuation import restore, tidy_spaces
from layout.importer.structure import read_structure
from layout.importer.tracked import Tracked
from layout.spec.article import parse_article
from provenance import check_nothing_lost

PAGE = """\
2024年11月8日 星期五  第2版  责任编辑:王五  校对:钱七

全市秋粮收购进度过半

本报11月7日电(记者 王晓 通讯员 李明) 记者从市粮食局获悉,截至11月6日,全市已收购秋粮12.5万吨,
完成计划的53%.

收购点增至 46 个,覆盖全部乡镇。详见 http://www.example.cn/a,b 。

本报记者 周红 摄

老街换新颜

——城区老旧小区改造见闻
本报记者 赵敏
走进建设路社区,新铺的沥青路平整干净……

#话题# 居民说:"住着舒心了".(下转第三版)

读者来信热线:0373-1234567
"""


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "p02.txt"
    path.write_text(PAGE, "utf-8")
    return path


def structure(page: Path):
    return read_structure(read_text(str(page), "p02.txt"))


def test_header_footer_datelines_and_credits(page):
    content = structure(page)
    assert content.header.date.isoformat() == "2024-11-08" and content.header.page == 2
    assert content.header.credits == (("责任编辑", "王五"), ("校对", "钱七"))
    assert content.footer.text == "读者来信热线：0373-1234567"
    first, second = content.articles
    assert first.headline.text == "全市秋粮收购进度过半"
    assert first.lead.text == "本报11月7日电（记者 王晓 通讯员 李明）"
    assert [b.text.text for b in first.blocks] == [
        "记者从市粮食局获悉，截至11月6日，全市已收购秋粮12.5万吨，完成计划的53%。",
        "收购点增至46个，覆盖全部乡镇。详见http://www.example.cn/a,b。"]
    assert first.credit.text == "本报记者 周红 摄" and first.kind == "photo-news" and first.has_photo
    assert (second.headline.text, second.deck.text, second.author.text) == \
        ("老街换新颜", "——城区老旧小区改造见闻", "本报记者 赵敏")
    assert second.continued.text == "下转第三版"
    assert [b.text.text for b in second.blocks] == [
        "走进建设路社区，新铺的沥青路平整干净……", "＃话题#居民说：“住着舒心了”。"]


def test_nothing_of_the_page_is_lost(page, tmp_path):
    out = tmp_path / "edition"
    import_pages([str(page)], str(out), ImportOptions(paper="示例日报"))
    check_nothing_lost(out)
    article, _ = parse_article(str(out / "articles" / "p01-02.md"))
    assert article.continued == "下转第三版" and article.blocks[-1].text.startswith("＃话题#")
    assert "date: 2024-11-08" in (out / "edition.yaml").read_text("utf-8")


@pytest.mark.parametrize("text, length", [
    ("本报讯 近年来", 3), ("本报讯（记者 王晓）近年来", 10), ("本报北京11月5日电 记者", 10),
    ("新华社北京十一月五日电", 11), ("本报记者报道", None), ("本报讯", 3)])
def test_datelines(text, length):
    assert dateline(text) == length


@pytest.mark.parametrize("text, byline", [
    ("增长上。(高创文/图)", "高创 文/图"), ("（记者 王晓 通讯员 李明）", "记者 王晓 通讯员 李明"),
    ("(陈玉 李明娟)", "陈玉 李明娟"), ("汇报(如图)", None), ("(下转第四版)", None), ("（完）", None),
    ("的（政策清单、项目清单）", None)])
def test_bylines(text, byline):
    found = byline_at_end(text)
    assert (found[1] if found else None) == byline


@pytest.mark.parametrize("text, credit", [("李娟 摄", "李娟 摄"), ("李娟摄", "李娟 摄"), ("图/李娟", "图/李娟"),
                                          ("高新区", None), ("摄影展开幕", None)])
def test_photo_credits(text, credit):
    assert photo_credit(text) == credit


@pytest.mark.parametrize("source, restored", [
    ("近年来,面对(太仓)有限427.3亿元,提高 了", "近年来，面对（太仓）有限427.3亿元，提高了"),
    ("详见 www.example.cn/a?b=1,2 ,谢谢", "详见www.example.cn/a?b=1,2，谢谢"),
    ('He said, "fine". 他说"好".', 'He said, "fine".他说“好”。'),
    ("f(x) 与 17:30 和 1,000 元", "f(x)与17:30和1,000元"),
    ("１２３ＡＢ件 他说...好 一--二", "123AB件他说……好一——二"),
    ("COVID-19,新冠 (WHO)世卫", "COVID-19，新冠（WHO）世卫"),
    ("热线:13781915838", "热线：13781915838")])
def test_punctuation_restored_in_chinese_text_only(source, restored):
    t = tidy_spaces(restore(Tracked.of(source, 0, len(source))), False)
    assert t.text == restored
    assert "".join(p.text for p in t.pieces) == restored


def test_headline_spaces_are_kept():
    source = "瞧非遗展演\u3000\u3000品古城韵味"
    t = tidy_spaces(restore(Tracked.of(source, 0, len(source))), True)
    assert t.text == "瞧非遗展演 品古城韵味"


def test_text_before_the_first_headline_gets_a_placeholder(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("这是上一版转来的文字的结尾部分，没有标题，共计二十余字。\n\n新标题\n\n本报讯 正文。\n", "utf-8")
    content = read_structure(read_text(str(path), "p.txt"))
    assert [a.headline.text for a in content.articles] == ["（无题）", "新标题"]


# -- unusable input: file:line, what, what to do; nothing written --------------------

def _fails(tmp_path, files, **options) -> str:
    out = tmp_path / "out"
    with pytest.raises(InputError) as exc:
        import_pages([str(f) for f in files], str(out), ImportOptions(**options))
    assert not out.exists() and not list(tmp_path.glob(".out.*"))
    return "\n".join(compiler_line(d) for d in exc.value.diagnostics)


def test_bad_input_is_reported_and_nothing_written(tmp_path, page):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("标题\n\n本报讯 正文。".encode("gb18030"))
    assert "gbk.txt:1:1: error: the file is not UTF-8 text / hint: " in _fails(tmp_path, [gbk], paper="x",
                                                                            date="2024-01-01")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"abc\n\x00\x01\x02")
    assert "scan.txt:2:1: error: control character U+0000" in _fails(tmp_path, [binary], paper="x", date="2024-01-01")
    empty = tmp_path / "empty.txt"
    empty.write_text("只是一些正文，没有标题。\n", "utf-8")
    assert "no article found" in _fails(tmp_path, [empty], paper="x", date="2024-01-01")
    assert "no such file" in _fails(tmp_path, [tmp_path / "missing.txt"], paper="x", date="2024-01-01")
    assert "--paper" in _fails(tmp_path, [page])
    assert "YYYY-MM-DD" in _fails(tmp_path, [page], paper="x", date="8.11.2024")
    assert "one --page per file" in _fails(tmp_path, [page], paper="x", pages=(1, 2))


def test_an_existing_edition_is_not_written_over(tmp_path, page):
    out = tmp_path / "out"
    out.mkdir()
    (out / "edition.yaml").write_text("keep me", "utf-8")
    with pytest.raises(InputError, match="exists and is not empty"):
        import_pages([str(page)], str(out), ImportOptions(paper="x"))
    assert (out / "edition.yaml").read_text("utf-8") == "keep me"


def test_several_pages_make_one_edition(page, tmp_path):
    second = tmp_path / "p03.txt"
    second.write_text("民生短讯\n\n本报讯 全市新增公交线路3条。(王晓)\n", "utf-8")
    out = tmp_path / "edition"
    result = import_pages([str(page), str(second)], str(out), ImportOptions(paper="示例日报", pages=(2, 3)))
    assert result.pages == [2, 3]
    check_nothing_lost(out)
    names = sorted(p.name for p in (out / "articles").glob("*.md"))
    assert names == ["p02-01.md", "p02-02.md", "p03-01.md"]
    text = (out / "edition.yaml").read_text("utf-8")
    assert "  - number: 2\n" in text and "  - number: 3\n" in text
    article, _ = parse_article(str(out / "articles" / "p03-01.md"))
    assert (article.lead, article.byline, article.blocks[0].text) == ("本报讯", "王晓", "全市新增公交线路3条。")
