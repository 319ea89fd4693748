"""Small editions written into a temporary folder by the tests."""
from __future__ import annotations

import textwrap
from pathlib import Path

PARA = ("近年来，面对招商引资工作新形势、新挑战、新任务，高新区积极挖掘自身优势与潜力，"
        "坚定不移地拼经济、招项目、扩投资，厚植招商“沃土”，激活发展“春水”。")
ARTICLE = ("---\nheadline: 高新区满弓紧弦铆足劲\nlead: 本报讯\nbyline: 高创\n---\n"
           + "\n\n".join([PARA * 3] * 4) + "\n\n## 小标题在此\n\n" + PARA * 2 + "\n")
OTHER = "---\nheadline: 另一篇文章\n---\n" + PARA * 3 + "\n"


def jump_edition(folder: Path, target: int = 2, room=(4, 40), first_span=(3, 30)) -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "articles" / "a.md").write_text(ARTICLE, "utf-8")
    (folder / "articles" / "b.md").write_text(OTHER, "utf-8")
    pages = [f"""\
      - number: 1
        section: 要闻
        items:
          - article: articles/a.md
            at: [1, 1]
            span: [{first_span[0]}, {first_span[1]}]
"""]
    for number in range(2, target + 1):
        items = """\
          - article: articles/b.md
            at: [1, 1]
            span: [2, 30]
""" if number == 2 else ""
        if number == target:
            items += f"""\
          - continues: articles/a.md
            at: [3, 1]
            span: [{room[0]}, {room[1]}]
"""
        if not items:
            # every page its own article: an article is placed once in an edition
            (folder / "articles" / f"b{number}.md").write_text(OTHER, "utf-8")
            items = f"          - article: articles/b{number}.md\n            at: [1, 1]\n            span: [2, 30]\n"
        pages.append(f"      - number: {number}\n        section: 版{number}\n        items:\n" + items)
    (folder / "edition.yaml").write_text(
        "paper: 示例日报\ndate: 2024-11-08\npages:\n" + textwrap.indent("".join(pages), ""), "utf-8")
    return folder


def strip_places(source: Path, dest: Path) -> Path:
    """A copy of an edition with every `at`, `span`, `columns` and
    `headline_size` removed (continuations included), the items' order kept,
    so automatic layout places everything and rank follows the list."""
    import re
    import shutil
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("build", "README.md"))
    text = (source / "edition.yaml").read_text("utf-8")
    kept = [line for line in text.split("\n") if not re.match(r"^\s+(at|span|columns|headline_size):", line)]
    (dest / "edition.yaml").write_text("\n".join(kept), "utf-8")
    return dest
