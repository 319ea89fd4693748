"""The digital edition's search: a character-bigram index that finds any
phrase of two or more characters (stock tools miss two-character words such
as 攻坚 inside a run of Han characters)."""
from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from layout.output.paths import PackagePaths
from layout.output.web.search_index import bigrams, build_index, index_script, normalise, search


def _view(texts: dict[str, str]):
    stories = tuple(SimpleNamespace(id=sid, title=text[:6], text=text, page=1) for sid, text in texts.items())
    page = SimpleNamespace(number=1, label="第1版：要闻")
    return SimpleNamespace(stories=stories, page=lambda n: page, date=dt.date(2024, 11, 8))


STORIES = {
    "a": "高新区满弓紧弦铆足劲 聚力攻坚后半程\n本报讯　11月4日，高新区召开会议。",
    "b": "老旧小区改造：加装电梯２８６部，惠及居民２.３万户。",
    "c": "Banmian 排版的 PDF/A 档案",
}


def test_normalisation_folds_width_and_case_and_drops_spaces():
    assert normalise("２８６部") == "286部"
    assert normalise("PDF/A　档 案") == "pdf/a档案"


def test_bigrams_are_adjacent_pairs_of_the_normalised_text():
    assert bigrams("攻坚 后") == {"攻坚", "坚后"}


def test_a_two_character_word_inside_a_run_is_found():
    index = build_index(_view(STORIES), PackagePaths("x"))
    assert search(index, "攻坚") == ["a"]
    assert search(index, "半程") == ["a"]


def test_phrases_across_the_space_of_a_headline_and_full_width_digits_are_found():
    index = build_index(_view(STORIES), PackagePaths("x"))
    assert search(index, "劲聚力") == ["a"]
    assert search(index, "286部") == ["b"]
    assert search(index, "2.3万") == ["b"]
    assert search(index, "pdf/a") == ["c"]


def test_bigrams_found_apart_are_not_a_match():
    index = build_index(_view(STORIES), PackagePaths("x"))
    # 区召 and 召开 both occur in a, but not as 区召开会 … and 高新 + 新区 do
    assert search(index, "区改造") == ["b"]
    assert search(index, "高新区改") == []


def test_one_character_scans_every_text():
    index = build_index(_view(STORIES), PackagePaths("x"))
    assert search(index, "区") == ["a", "b"]
    assert search(index, "") == []


def test_the_index_is_a_script_the_site_loads_without_a_server():
    index = build_index(_view(STORIES), PackagePaths("x"))
    script = index_script(index).decode("utf-8")
    assert script.startswith("window.BANMIAN_SEARCH = ")
    data = json.loads(script[len("window.BANMIAN_SEARCH = "):].rstrip().rstrip(";"))
    assert data["grams"]["攻坚"] == [0]
    assert data["docs"][1]["url"] == "articles/b.html"
