"""Hostile inputs for the fuzzing tests: a small valid edition, and seeded
generators that break it one family at a time (YAML structure, edition
semantics, article files, paths, pictures, fonts, command lines).

Each generator takes a `random.Random` and the case's folder, writes what the
case needs there, and returns the command line to run and a label that says
what the case is (printed when it fails, to reproduce it)."""
from __future__ import annotations

import datetime
import io
import os
import random
import struct
import zlib
from pathlib import Path

import yaml

from font_builders import with_unknown_maxp_version
from marks_pdf import marks_pdf

PARA = ("近年来，面对招商引资工作新形势、新挑战、新任务，高新区积极挖掘自身优势与潜力，"
        "坚定不移地拼经济、招项目、扩投资，厚植招商“沃土”，激活发展“春水”。")

ARTICLE_A = {"kicker": "引题在此", "headline": "高新区满弓紧弦铆足劲", "deck": "强部署 深摸底 优服务",
             "lead": "本报讯", "byline": "高创"}
ARTICLE_B = {"headline": ["两行标题", "第二行"], "author": "张三",
             "photo": {"file": "photos/p.png", "caption": "图片说明。", "credit": "某某 摄", "lines": 10}}


def edition_data() -> dict:
    return {
        "paper": "示例日报",
        "date": datetime.date(2024, 11, 8),
        "masthead": {"issue": 12345, "serial": "CN41-0012", "postal": "35-6", "lines": 16,
                     "ear": "今日导读", "logo": "logo.png"},
        "print": {"bleed_mm": 3, "crop_marks": True, "colour": "grey"},
        "typography": {"punctuation": "gb", "hanging": False},
        "pages": [
            {"number": 1, "section": "要闻", "credits": {"责任编辑": "王五"}, "footer": "热线：0373-1234567",
             "items": [{"article": "articles/a.md", "at": [1, 17], "span": [4, 30]},
                       {"photo": {"file": "photos/p.png", "caption": "说明。", "credit": "某某 摄"},
                        "at": [5, 17], "span": [4, 20]}]},
            {"number": 2, "section": "综合", "colour": "cmyk",
             "items": [{"article": "articles/b.md", "at": [1, 1], "span": [3, 40]},
                       {"continues": "articles/a.md", "at": [4, 1], "span": [3, 30]}]},
        ],
    }


def article_text(front: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body


def body_text(paragraphs: int = 6) -> str:
    return "\n\n".join([PARA * 2] * (paragraphs // 2) + ["## 小标题在此"] + [PARA] * (paragraphs // 2)) + "\n"


def png_bytes(width: int = 60, height: int = 40, declared=None, mode: str = "RGB") -> bytes:
    if declared is None:
        from PIL import Image
        buffer = io.BytesIO()
        Image.new(mode, (width, height), 128 if mode in ("L", "P") else (90, 140, 200)[:len(mode)]).save(
            buffer, "PNG")
        return buffer.getvalue()
    w, h = declared

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def image_bytes(fmt: str, mode: str = "RGB", size=(60, 40), **options) -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    colour = 128 if mode in ("L", "P", "1", "I;16") else tuple(range(60, 60 + 40 * len(mode), 40))
    Image.new(mode, size, colour).save(buffer, fmt, **options)
    return buffer.getvalue()


def write_edition(folder: Path, data: dict | None = None, text: str | None = None,
                  articles: dict | None = None) -> Path:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "photos").mkdir(exist_ok=True)
    (folder / "edition.yaml").write_text(
        text if text is not None else yaml.safe_dump(data or edition_data(), allow_unicode=True, sort_keys=False),
        "utf-8")
    articles = articles or {}
    for name, default in (("a.md", article_text(ARTICLE_A, body_text(12))),
                          ("b.md", article_text(ARTICLE_B, body_text(4)))):
        content = articles.get(name, default)
        path = folder / "articles" / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, "utf-8")
    if not (folder / "photos" / "p.png").exists():
        (folder / "photos" / "p.png").write_bytes(png_bytes(300, 200))
    if not (folder / "logo.png").exists():
        (folder / "logo.png").write_bytes(png_bytes(300, 80, mode="L"))
    return folder


def command(rng: random.Random, edition: Path, out: Path) -> list[str]:
    """`check` most of the time (it plans every page, writing nothing), else a
    render without previews."""
    if rng.random() < 0.3:
        return ["render", str(edition), "--out", str(out), "--no-preview", "--jobs", "1"]
    return ["check", str(edition)]


# -- YAML structure ------------------------------------------------------------------------------

def _bomb() -> str:
    lines = ["b0: &b0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return "\n".join(lines)


YAML_SNIPPETS = [
    _bomb(), "deep: " + "[" * 800 + "]" * 800, "deep: " + "{a: " * 300 + "1" + "}" * 300,
    "self: &s [1, *s]", "self: &m {a: *m}",
    "tag: !!python/object/apply:os.system ['touch /tmp/banmian-pwned']", "tag: !!python/name:os.system",
    "bin: !!binary AAAA", "set: !!set {a, b}", "ts: !!timestamp nope", "b: !!bool maybe", "i: !!int 1e999",
    "f: .inf", "n: .NaN", "date: 2024-02-30", "date: 99999-01-01", "<<: *undefined", "? [a, b]\n: c",
    "%YAML 1.1", "---", "...", "--- !custom", "\tpaper: x", 'k: "\\x00"', 'k: "\\ud800"',
    'k: "\\U0010FFFF"', "k: " + "x" * 100_000, "k: " + "9" * 5000, "k: 0x" + "F" * 400, "&a k: v",
    "k: [", ": value", "- - - -", "k: !custom x", "k: |\n  block\n text", "paper: \x7f", "\ufeffpaper: x",
    "k: &a " + "[*a]", "pages: *nothing", "k: 'unterminated",
]


def yaml_structure(rng: random.Random, folder: Path) -> tuple[list[str], str]:
    write_edition(folder)
    text = (folder / "edition.yaml").read_text("utf-8")
    lines = text.split("\n")
    done = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["insert", "insert", "insert", "delete", "duplicate", "swap", "truncate",
                           "flip", "indent"])
        at = rng.randrange(len(lines))
        if kind == "insert":
            snippet = rng.choice(YAML_SNIPPETS)
            indent = rng.choice(["", "", "  ", "    ", "      "])
            lines[at:at] = [indent + s for s in snippet.split("\n")]
            done.append(f"insert {snippet[:40]!r} at {at}")
        elif kind == "delete":
            done.append(f"delete line {at}")
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
            done.append(f"duplicate line {at}")
        elif kind == "swap":
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
            done.append(f"swap {at} {other}")
        elif kind == "indent":
            lines[at] = rng.choice([" ", "\t", "   "]) + lines[at]
            done.append(f"indent {at}")
        elif kind == "truncate":
            cut = rng.randrange(len("\n".join(lines)))
            lines = "\n".join(lines)[:cut].split("\n")
            done.append(f"truncate at {cut}")
        else:
            data = bytearray("\n".join(lines).encode("utf-8"))
            for _ in range(rng.randint(1, 5)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            (folder / "edition.yaml").write_bytes(bytes(data))
            done.append("flip bytes")
            return command(rng, folder, folder.parent / "out"), "; ".join(done)
    (folder / "edition.yaml").write_text("\n".join(lines), "utf-8")
    return command(rng, folder, folder.parent / "out"), "; ".join(done)


# -- edition semantics ----------------------------------------------------------------------------

VALUES = ["null", "~", "-1", "0", "1", "2", "3", "8", "100", "101", "999", "1000",
          "99999999999999999999999", "1e308", "-1e308", ".inf", "-.inf", ".nan", "1.5", "0.001", "''",
          "x", "'" + "长" * 5000 + "'", "[]", "{}", "[1]", "[1, 2]", "[1, 2, 3]", "[1.5, 2]", "[0, 0]",
          "[-1, 5]", "[100, 100]", "[99999, 99999]", "[1, 116]", "[8, 116]", "[[1, 2], 3]", "{a: 1}",
          "true", "false", "maybe", "2024-11-06", "小五", "初号", "1pt", "-5pt", "grey", "cmyk", "x1a",
          "x4", "none", "right", "left", "kaiming", "eighth", "/etc/passwd", "../a.md", "articles/a.md",
          "photos/p.png", "logo.png", "!!python/object/apply:os.system [ls]", "'\\u0000'", "🦜", "𪚥"]

PLACES = [("paper",), ("date",), ("page_size",), ("grid",), ("grid", "columns"), ("grid", "column_chars"),
          ("grid", "gutter_chars"), ("grid", "body_size"), ("grid", "line_gap"), ("grid", "lines"),
          ("typography",), ("typography", "punctuation"), ("typography", "hanging"),
          ("typography", "han_latin_gap"), ("typography", "min_last_line"), ("typography", "headline_condense"),
          ("typography", "headline_expand"), ("print",), ("print", "bleed_mm"), ("print", "crop_marks"),
          ("print", "colour"), ("print", "image_ppi"), ("print", "pdfx"), ("print", "profile"),
          ("print", "condition"), ("masthead",), ("masthead", "issue"), ("masthead", "lines"),
          ("masthead", "logo"), ("masthead", "ear"), ("masthead", "serial"), ("fonts",), ("fonts", "body"),
          ("fonts", "headline"), ("pages",), ("pages", 0), ("pages", 0, "number"), ("pages", 1, "number"),
          ("pages", 0, "items"), ("pages", 0, "section"), ("pages", 0, "credits"), ("pages", 0, "footer"),
          ("pages", 0, "colour"), ("pages", 0, "items", 0), ("pages", 0, "items", 0, "at"),
          ("pages", 0, "items", 0, "span"), ("pages", 0, "items", 0, "columns"),
          ("pages", 0, "items", 0, "headline_size"), ("pages", 0, "items", 0, "vertical_headline"),
          ("pages", 0, "items", 0, "article"), ("pages", 0, "items", 1, "photo"),
          ("pages", 0, "items", 1, "at"), ("pages", 1, "items", 1, "continues"),
          ("pages", 1, "items", 1, "columns"), ("pages", 1, "items", 0, "span"), ("bogus",)]


def _set(data, place: tuple, value) -> None:
    for key in place[:-1]:
        data = data[key] if not isinstance(data, dict) or key in data else data.setdefault(key, {})
        if not isinstance(data, (dict, list)):
            return
    if isinstance(data, list) and isinstance(place[-1], int) and place[-1] >= len(data):
        return
    data[place[-1]] = value


def _structure(rng: random.Random, data: dict) -> str:
    """A change to the edition's shape; many pages within the limit are only
    checked, since writing 120 PDFs takes longer than a case may."""
    kind = rng.choice(["many-pages", "many-items", "big-numbers", "no-items", "same-number", "stacked"])
    pages = data["pages"]
    if kind == "many-pages":
        count = rng.choice([60, 120, 201, 400])
        data["pages"] = [dict(pages[1], number=n, items=[dict(pages[1]["items"][0])]) for n in range(2, count + 2)]
        data["pages"].insert(0, pages[0])
    elif kind == "many-items":
        count = rng.choice([59, 61, 200, 1000])
        pages[1]["items"] = [{"article": "articles/b.md", "at": [1 + n % 8, 1 + (n // 8) % 116],
                              "span": [1, 1]} for n in range(count)]
    elif kind == "big-numbers":
        for n, page in enumerate(pages):
            page["number"] = rng.choice([99, 100, 101, 110, 120, 999]) + n
    elif kind == "no-items":
        pages[rng.randrange(2)]["items"] = []
    elif kind == "same-number":
        pages[1]["number"] = pages[0]["number"]
    else:
        pages[0]["items"] = [dict(pages[0]["items"][0], at=[1, 17 + n]) for n in range(30)]
    return kind


def edition_semantics(rng: random.Random, folder: Path) -> tuple[list[str], str]:
    data = edition_data()
    if rng.random() < 0.25:
        label = _structure(rng, data)
        write_edition(folder, data)
        if len(data["pages"]) > 100:
            return ["check", str(folder)], f"{label} ({len(data['pages'])} pages)"
        return command(rng, folder, folder.parent / "out"), label
    changes = []
    for _ in range(rng.randint(1, 3)):
        place, value = rng.choice(PLACES), rng.choice(VALUES)
        marker = f"@@{len(changes)}@@"
        _set(data, place, marker)
        changes.append((marker, value, place))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for marker, value, _ in changes:
        text = text.replace(f"'{marker}'", value).replace(marker, value)
    write_edition(folder, text=text)
    return command(rng, folder, folder.parent / "out"), "; ".join(f"{p} = {v[:40]}" for _, v, p in changes)


# -- article files -----------------------------------------------------------------------------------

POOLS = {
    "han": PARA, "marks": "，。、；：？！“”‘’（）《》〈〉【】——……·",
    "latin": "Banmian 2024-11-06 427.3亿 15% 35℃ https://example.com/a/b?c=d 0373-1234567 COVID-19 ",
    "emoji": "😀🦜🫨👨\u200d👩\u200d👧❤\ufe0f🇨🇳⚽",
    "rare": "𪚥𠀾𰻞𱍊\U0002B739\U0002EBE0\U000323AF",
    "pua": "\ue000\uf8ff\U000F0000", "combining": "e\u0301a\u0308\u20dd",
    "rtl": "עברית العربية", "format": "\u200b\u200c\u200e\u202e\u2060\ufeff",
    "controls": "\x00\x01\x1b\x7f\x85\x9f", "spaces": "\u3000 \u00a0\t",
    "markdown": "**粗体** *斜体* [链接](http://x) ![图](p.png) `代码` <b>标签</b> \\*",
}
LINE_STARTS = ["", "", "", "## ", "# ", "### ", "- ", "* ", "1. ", "> ", "```", "---", "    ", "|a|b|"]


def random_body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 12)):
        pools = rng.sample(sorted(POOLS), rng.randint(1, 3))
        length = rng.choice([1, 5, 30, 200, 900])
        text = "".join(rng.choice(POOLS[rng.choice(pools)]) for _ in range(length))
        paragraphs.append(rng.choice(LINE_STARTS) + text)
    return rng.choice(["\n\n", "\n", "\r\n\r\n"]).join(paragraphs)


FRONT_VALUES = ["", "~", "1", "1e308", ".inf", "[]", "{}", "[[a]]", "[a, [b]]", "'" + "长" * 10_000 + "'",
                "'" + "标题" * 60 + "'", "[" + ", ".join(["行"] * 100) + "]", "😀🦜标题", "𪚥𰻞标题",
                "'\\u0000'", "!!python/object/apply:os.system [ls]", "{file: /etc/passwd}",
                "{file: photos/p.png, lines: 1e308}", "{file: photos/p.png, columns: 0}",
                "{file: photos/p.png, align: up}", "photos/p.png", "{file: ../../p.png}",
                "下转第九百九十九版", "下转第一百零一版", "true"]
FRONT_KEYS = ["kicker", "headline", "deck", "author", "lead", "byline", "continued", "photo", "bogus"]


def article_files(rng: random.Random, folder: Path) -> tuple[list[str], str]:
    kind = rng.choice(["front", "front", "body", "body", "body", "file"])
    front = dict(ARTICLE_A)
    if kind == "front":
        key, value = rng.choice(FRONT_KEYS), rng.choice(FRONT_VALUES)
        text = ("---\n" + yaml.safe_dump({k: v for k, v in front.items() if k != key}, allow_unicode=True)
                + f"{key}: {value}\n---\n\n" + body_text(6))
        label = f"{key}: {value[:40]}"
    elif kind == "body":
        text = article_text(front, random_body(rng))
        label = "random body"
    else:
        choice = rng.choice(["empty", "garbage", "no-front", "unclosed", "only-front", "gb18030", "bom-crlf",
                             "huge", "long-paragraph", "bomb", "trailing-subhead", "nul"])
        label = choice
        text = {
            "empty": b"", "garbage": bytes(rng.randrange(256) for _ in range(3000)),
            "no-front": PARA, "unclosed": "---\nheadline: x\n" + PARA, "only-front": "---\nheadline: x\n---\n",
            "gb18030": article_text(front, body_text()).encode("gb18030"),
            "bom-crlf": ("\ufeff" + article_text(front, body_text())).replace("\n", "\r\n"),
            "huge": article_text(front, (PARA + "\n\n") * 8000),
            "long-paragraph": article_text(front, PARA * 300),
            "bomb": "---\n" + _bomb() + "\nheadline: x\n---\n\n" + PARA,
            "trailing-subhead": article_text(front, PARA + "\n\n## 末尾小标题\n"),
            "nul": article_text(front, PARA).encode("utf-8") + b"\x00" * 100,
        }[choice]
    write_edition(folder, articles={"a.md": text})
    return command(rng, folder, folder.parent / "out"), label


# -- paths ---------------------------------------------------------------------------------------------

def path_value(rng: random.Random, folder: Path, kind: str) -> tuple[str, str]:
    """A hostile path of the given kind, made ready inside `folder`; (value, label)."""
    outside = folder.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(article_text(ARTICLE_A, "秘密。"), "utf-8")
    (outside / "secret.png").write_bytes(png_bytes())
    target = "secret.png" if kind in ("photo", "logo") else "secret.md"
    choice = rng.choice(["absolute", "etc", "dotdot", "deep-dotdot", "symlink-out", "symlink-loop",
                         "symlink-dev", "fifo", "directory", "missing", "sparse", "long-name", "tilde",
                         "empty", "dot", "double-slash", "url", "nul"])
    links = folder / "links"
    links.mkdir(exist_ok=True)
    if choice == "absolute":
        return str(outside / target), choice
    if choice == "etc":
        return rng.choice(["/etc/passwd", "/etc/hostname", "/proc/self/environ", "/proc/self/mem"]), choice
    if choice == "dotdot":
        return f"../outside/{target}", choice
    if choice == "deep-dotdot":
        return f"articles/../../outside/{target}", choice
    if choice == "symlink-out":
        (links / target).symlink_to(outside / target)
        return f"links/{target}", choice
    if choice == "symlink-loop":
        (links / "a").symlink_to(links / "b")
        (links / "b").symlink_to(links / "a")
        return "links/a", choice
    if choice == "symlink-dev":
        (links / "zero").symlink_to("/dev/zero")
        return "links/zero", choice
    if choice == "fifo":
        os.mkfifo(links / "fifo")
        return "links/fifo", choice
    if choice == "directory":
        return "articles", choice
    if choice == "missing":
        return "articles/none.md", choice
    if choice == "sparse":
        with open(links / "sparse", "wb") as f:
            f.truncate(2 << 30)
        return "links/sparse", choice
    if choice == "long-name":
        return "x" * 5000 + ".md", choice
    if choice == "tilde":
        return "~/.bashrc", choice
    if choice == "nul":
        return "articles/a.md\0.png", choice
    return {"empty": "", "dot": ".", "double-slash": "//etc/passwd", "url": "file:///etc/passwd"}[choice], choice


def paths(rng: random.Random, folder: Path) -> tuple[list[str], str]:
    data = edition_data()
    kind = rng.choice(["article", "photo", "article-photo", "logo", "profile", "font"])
    write_edition(folder, data)
    value, label = path_value(rng, folder, kind)
    if kind == "article":
        data["pages"][0]["items"][0]["article"] = value
    elif kind == "photo":
        data["pages"][0]["items"][1]["photo"]["file"] = value
    elif kind == "logo":
        data["masthead"]["logo"] = value
    elif kind == "profile":
        data["print"]["profile"] = value
    elif kind == "font":
        data["fonts"] = {"body": value}
    if kind == "article-photo":
        front = dict(ARTICLE_B, photo=dict(ARTICLE_B["photo"], file=value))
        write_edition(folder, data, articles={"b.md": article_text(front, body_text(4))})
    else:
        write_edition(folder, data)
    return command(rng, folder, folder.parent / "out"), f"{kind}: {label} ({value[:40]!r})"


# -- pictures ---------------------------------------------------------------------------------------------

EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n0 0 moveto 10 10 lineto stroke\nshowpage\n%%EOF\n"
LOOPING_PS = b"%!PS\n{ } loop\n"


def picture(rng: random.Random) -> tuple[bytes, str]:
    choice = rng.choice(["eps", "ps-loop", "pdf", "gif", "tiff", "bmp", "webp", "truncated-png",
                         "truncated-jpeg", "truncated-progressive", "bomb-100k", "bomb-900mp", "bomb-64mp",
                         "empty", "random", "png-16bit", "cmyk-jpeg", "palette-alpha", "la", "one-bit",
                         "tiny", "zero-size-header", "huge-text-chunk"])
    if choice == "eps":
        return EPS, choice
    if choice == "ps-loop":
        return LOOPING_PS, choice
    if choice == "pdf":
        return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", choice
    if choice in ("gif", "tiff", "bmp", "webp"):
        return image_bytes(choice.upper()), choice
    if choice == "truncated-png":
        data = png_bytes(200, 150)
        return data[:len(data) // 2], choice
    if choice == "truncated-jpeg":
        data = image_bytes("JPEG", size=(400, 300))
        return data[:len(data) // 2], choice
    if choice == "truncated-progressive":
        data = image_bytes("JPEG", size=(400, 300), progressive=True)
        return data[:len(data) * 2 // 3], choice
    if choice == "bomb-100k":
        return png_bytes(1, 1, declared=(100_000, 100_000)), choice
    if choice == "bomb-900mp":
        return png_bytes(1, 1, declared=(30_000, 30_000)), choice
    if choice == "bomb-64mp":
        return png_bytes(1, 1, declared=(8000, 8000)), choice
    if choice == "empty":
        return b"", choice
    if choice == "random":
        return bytes(rng.randrange(256) for _ in range(5000)), choice
    if choice == "png-16bit":
        return image_bytes("PNG", mode="I;16"), choice
    if choice == "cmyk-jpeg":
        return image_bytes("JPEG", mode="CMYK"), choice
    if choice == "palette-alpha":
        return image_bytes("PNG", mode="P", transparency=0), choice
    if choice == "la":
        return image_bytes("PNG", mode="LA"), choice
    if choice == "one-bit":
        return image_bytes("PNG", mode="1"), choice
    if choice == "tiny":
        return png_bytes(1, 1), choice
    if choice == "zero-size-header":
        return png_bytes(1, 1, declared=(0, 0)), choice
    text = zlib.compress(b"a" * (50 << 20))          # a 50 MB zTXt chunk, 50 KB on disk
    data = png_bytes(20, 20)
    chunk = b"zTXtComment\x00\x00" + text
    return (data[:-12] + struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk))
            + data[-12:]), choice


def pictures(rng: random.Random, folder: Path) -> tuple[list[str], str]:
    data, label = picture(rng)
    where = rng.choice(["photo", "article-photo", "logo"])
    write_edition(folder)
    name = rng.choice(["p.png", "p.jpg", "p.eps", "p"])
    if where == "logo":
        (folder / "logo.png").write_bytes(data)
    else:
        (folder / "photos" / name).write_bytes(data)
        fixed = edition_data()
        if where == "photo":
            fixed["pages"][0]["items"][1]["photo"]["file"] = f"photos/{name}"
            write_edition(folder, fixed)
        else:
            front = dict(ARTICLE_B, photo=dict(ARTICLE_B["photo"], file=f"photos/{name}"))
            write_edition(folder, fixed, articles={"b.md": article_text(front, body_text(4))})
    return command(rng, folder, folder.parent / "out"), f"{where}: {label} as {name}"


# -- fonts ---------------------------------------------------------------------------------------------------

def font_file(rng: random.Random, good: Path, folder: Path) -> tuple[Path, str]:
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph
    choice = rng.choice(["woff", "truncated", "random", "empty", "no-outlines", "png", "bad-maxp", "ttc-index",
                         "bitflip", "good"])
    path = folder / f"font-{choice}.ttf"
    data = good.read_bytes()
    if choice == "woff":
        font = TTFont(str(good))
        font.flavor = "woff"
        font.save(str(path))
    elif choice == "truncated":
        path.write_bytes(data[:rng.randrange(12, len(data))])
    elif choice == "random":
        path.write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    elif choice == "empty":
        path.write_bytes(b"")
    elif choice == "no-outlines":
        font = TTFont(str(good))
        for name in font.getGlyphOrder():
            font["glyf"][name] = Glyph()
        font.save(str(path))
    elif choice == "png":
        path.write_bytes(png_bytes())
    elif choice == "bad-maxp":
        path.write_bytes(with_unknown_maxp_version(data))
    elif choice == "bitflip":
        raw = bytearray(data)
        for _ in range(20):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        path.write_bytes(bytes(raw))
    else:
        path.write_bytes(data)
    return path, choice


MANIFEST_SHAPES = ["faces: [a, b]\nroles: {}\n", "faces:\nroles:\n", "faces: {}\nroles: []\n", "[]\n", "",
                   "faces: {f: {file: F}}\nroles: {body: [[f, f]]}\n", "faces: {f: {file: F, index: 1e308}}\n",
                   "faces: {f: {file: F, index: 7}}\n", "faces: {f: [F]}\n", "faces: {f: F}\nroles: {body: f}\n",
                   "faces: {f: {file: F, family: [x]}}\n", "faces: {f: {file: F}}\nroles: {body: [nope]}\n"]


def fonts(rng: random.Random, folder: Path, good: Path) -> tuple[list[str], str]:
    from layout.fonts.book import ROLES
    write_edition(folder)
    bad, label = font_file(rng, good, folder)
    how = rng.choice(["manifest", "manifest", "override", "shape", "device"])
    manifest = folder / "fonts.yaml"
    if how == "manifest":
        role = rng.choice(ROLES)
        manifest.write_text(f"faces:\n  good: {{file: {good}}}\n  bad: {{file: {bad}}}\nroles:\n"
                            + "".join(f"  {r}: [{'bad, good' if r == role else 'good'}]\n" for r in ROLES), "utf-8")
        label = f"manifest role {role}: {label}"
    elif how == "override":
        manifest.write_text(f"faces:\n  good: {{file: {good}}}\nroles:\n"
                            + "".join(f"  {r}: [good]\n" for r in ROLES), "utf-8")
        data = edition_data()
        data["fonts"] = {rng.choice(ROLES): bad.name}
        write_edition(folder, data)
        label = f"edition font override: {label}"
    elif how == "shape":
        shape = rng.choice(MANIFEST_SHAPES).replace("F", str(good))
        roles = "" if "roles" in shape else "roles:\n" + "".join(f"  {r}: [f]\n" for r in ROLES)
        manifest.write_text(shape + roles, "utf-8")
        label = f"manifest {shape[:50]!r}"
    else:
        manifest = Path(rng.choice(["/dev/zero", "/dev/null", str(folder), str(folder / "none.yaml")]))
        label = f"--fonts {manifest}"
    argv = command(rng, folder, folder.parent / "out")
    return argv[:2] + ["--fonts", str(manifest)] + argv[2:], label


# -- command lines ----------------------------------------------------------------------------------------------

def pdf_input(rng: random.Random, folder: Path, rendered: Path) -> tuple[Path, str]:
    choice = rng.choice(["rendered", "truncated", "garbage", "empty", "marks-string", "marks-name",
                         "marks-huge", "no-marks", "not-pdf", "many-pages"])
    path = folder / f"{choice}.pdf"
    data = rendered.read_bytes()
    if choice == "rendered":
        path.write_bytes(data)
    elif choice == "truncated":
        path.write_bytes(data[:rng.randrange(10, len(data))])
    elif choice == "garbage":
        path.write_bytes(b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(5000)))
    elif choice == "empty":
        path.write_bytes(b"")
    elif choice == "marks-string":
        marks_pdf(path, "/Kind (body) /Seq (abc) /Left (x) /Right 100 /Body (big)")
    elif choice == "marks-name":
        marks_pdf(path, "/Kind /body /Seq 1 /Left 10 /Right 100 /Blanks (nan inf 1e999)")
    elif choice == "marks-huge":
        marks_pdf(path, "/Kind (body) /Seq 2147483647 /Left -1000000000 /Right 1000000000 /Pitch 0 /Body 0")
    elif choice == "no-marks":
        from reportlab.pdfgen import canvas
        c = canvas.Canvas(str(path))
        c.drawString(10, 10, "plain")
        c.save()
    elif choice == "not-pdf":
        path.write_bytes(png_bytes())
    else:
        from reportlab.pdfgen import canvas
        c = canvas.Canvas(str(path))
        for _ in range(rng.choice([5, 201])):
            c.showPage()
        c.save()
    return path, choice


OPTIONS = {
    "--dpi": ["nan", "inf", "-inf", "1e-9", "0", "-1", "19", "20", "72", "600", "601", "1200", "1e9", "abc", ""],
    "--page": ["0", "-1", "1", "2", "3", "999", "99999999999999999999", "x"],
    "--jobs": ["0", "-1", "1", "2", "64", "x"],
    "--allow-dir": ["/", "/etc", "MISSING", "FILE"],
    "--fonts": ["/dev/zero", "/dev/null", "MISSING", "FILE", "DIR"],
    "--out": ["FILE", "FILE/sub", "/dev/null", "OUT"],
}


def command_lines(rng: random.Random, folder: Path, edition: Path, rendered: Path) -> tuple[list[str], str]:
    out = folder.parent / "out"
    (folder / "file").write_text("x", "utf-8")
    names = {"MISSING": str(folder / "missing"), "FILE": str(folder / "file"), "DIR": str(folder),
             "OUT": str(out)}
    verb = rng.choice(["render", "render", "check", "check", "fonts"])
    if verb == "check":
        target, label = (str(edition), "edition") if rng.random() < 0.4 else pdf_input(rng, folder, rendered)
        argv = ["check", str(target)] + rng.sample(["--typography", "--preflight", "--json", "--strict"],
                                                   rng.randint(0, 2))
        if rng.random() < 0.3:
            option = rng.choice(["--fonts", "--allow-dir"])
            argv += [option, names.get(value := rng.choice(OPTIONS[option]), value)]
        return argv, f"check {label}: {' '.join(argv[2:])}"
    if verb == "fonts":
        argv = ["fonts"] + (["--fonts", names.get(v := rng.choice(OPTIONS["--fonts"]), v)]
                            if rng.random() < 0.7 else [])
        return argv, " ".join(argv)
    argv = ["render", str(edition), "--out", str(out), "--dpi", "30"]
    for option in rng.sample(sorted(OPTIONS), rng.randint(1, 3)):
        value = rng.choice(OPTIONS[option])
        argv += [option, names.get(value, value)] if not value.startswith("-") else [f"{option}={value}"]
    if rng.random() < 0.3:
        argv.append(rng.choice(["--no-preview", "--strict", "--bogus", "--page"]))
    return argv, " ".join(argv[2:])
