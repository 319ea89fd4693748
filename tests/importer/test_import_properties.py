"""Any OCR text page: the import either reports unusable input or writes an
edition that lost nothing of the source (property test)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from layout.diagnostics import InputError
from layout.importer import ImportOptions, import_pages
from provenance import check_nothing_lost

PIECES = ["高新区召开推进会", "本报讯", "本报11月5日电", "(记者 王晓)", "（高创）", "(高创文/图)", "李娟 摄",
          "近年来", "面对新形势", "427.3亿元", "http://a.cn/x,y", "COVID-19", "“两重”", "(如图)", "——",
          "...", "…", "，", ",", "。", ".", ";", ":", "?", "!", "(", ")", '"', " ", "\u3000", "#", "１２",
          "(下转第四版)", "张璠", "强部署 深摸底", "区县新闻热线:13781915838", "2024年11月6日 星期三",
          "责任编辑:王五", "a b", "--"]
LINE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)
PAGE = st.lists(st.one_of(LINE, st.just("")), min_size=1, max_size=25).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE)
def test_any_page_imports_without_losing_a_character(text):
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "p.txt"
        page.write_text(text, "utf-8")
        out = Path(tmp) / "edition"
        try:
            import_pages([str(page)], str(out), ImportOptions(paper="示例日报", date="2024-11-06"))
        except InputError as exc:
            assert not out.exists()
            assert all(d.code == "input" for d in exc.diagnostics)
            return
        check_nothing_lost(out)
