"""The HTML of the digital edition (数字报): the edition page (every page's
thumbnail, section and headlines), a page view per page (the zoomable page
with its articles' areas, and the page's article list), an article page per
story, and the search page.

Plain HTML with real links everywhere: the page view's article areas are
links drawn over the image, and the same articles are listed beside it as
ordinary links, so a keyboard or a screen reader reaches them without the
image. Every link is relative, so the site works from file:// and from any
folder of any host. Nothing is loaded from elsewhere.
"""
from __future__ import annotations

import json
from html import escape

from ..edition_view import EditionView, PageView, Part, Story
from ..geometry import line_box
from ..iiif import ImageInfo, info_json
from ..paths import PackagePaths

GENERATOR = "Banmian"


def _e(text: str) -> str:
    return escape(text or "", quote=True)


def _head(title: str, root: str, description: str = "") -> str:
    meta = f'\n<meta name="description" content="{_e(description)}">' if description else ""
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{GENERATOR}">{meta}
<title>{_e(title)}</title>
<link rel="stylesheet" href="{root}assets/site.css">
</head>
"""


def _masthead(view: EditionView, paths: PackagePaths, root: str, current: int | None) -> str:
    links = []
    for page in view.pages:
        here = ' aria-current="page"' if page.number == current else ""
        links.append(f'<li><a href="{root}{paths.page_view(page.number)}"{here}>'
                     f'<span class="num">第{page.number}版</span>'
                     f'<span class="sec">{_e(page.section)}</span></a></li>')
    return f"""<header class="site-head">
 <div class="brand">
  <a class="paper" href="{root}index.html">{_e(view.paper)}</a>
  <span class="date">{_e(view.date_text)}</span>
  <span class="issue">共{len(view.pages)}版</span>
  <form class="search" action="{root}search.html" role="search">
   <label for="q">搜索本期</label>
   <input id="q" name="q" type="search" placeholder="输入词语，如：老旧小区" autocomplete="off">
   <button type="submit">搜索</button>
  </form>
 </div>
 <nav class="page-nav" aria-label="版面">
  <ol>{''.join(links)}</ol>
 </nav>
</header>
"""


def _foot(view: EditionView, root: str, paths: PackagePaths) -> str:
    return f"""<footer class="site-foot">
 <p>{_e(view.paper)} {_e(view.date_text)} 数字报</p>
 <p class="downloads"><a href="{root}{paths.archival_pdf}">全部版面 PDF/A</a>
  · <a href="{root}{paths.manifest}">IIIF 清单</a>
  · <a href="{root}{paths.mets}">METS 元数据</a></p>
 <p class="made">由 {GENERATOR} 排版生成</p>
</footer>
"""


# -- the edition page -----------------------------------------------------------------------

def edition_page(view: EditionView, images: dict[int, ImageInfo], paths: PackagePaths) -> str:
    cards = []
    for page in view.pages:
        info = images[page.number]
        w, h = _thumb_size(info)
        titles = "".join(f'<li><a href="{paths.article(sid)}">{_e(view.story(sid).title)}</a></li>'
                         for sid in page.stories if view.story(sid).page == page.number)
        cards.append(f"""<li class="page-card">
 <a class="thumb" href="{paths.page_view(page.number)}">
  <img src="{paths.sized_image(page.number, w, h) if (w, h) != (info.width, info.height) else paths.full_image(page.number)}" width="{w}" height="{h}" alt="" loading="lazy">
  <span class="label"><span class="num">第{page.number}版</span> {_e(page.section)}</span>
 </a>
 <ul class="titles" aria-label="{_e(page.label)}的文章">{titles}</ul>
</li>""")
    body = f"""<body class="edition">
<a class="skip" href="#main">跳到正文</a>
{_masthead(view, paths, "", None)}<main id="main">
<h1 class="page-title">{_e(view.paper)} · {_e(view.date_text)} · 版面导航</h1>
<ol class="page-grid">
{chr(10).join(cards)}
</ol>
</main>
{_foot(view, "", paths)}</body>
</html>
"""
    return _head(f"{view.paper} {view.date_text} 数字报", "",
                 f"{view.paper} {view.date_text}，共{len(view.pages)}版") + body


def _thumb_size(info: ImageInfo) -> tuple[int, int]:
    """The listed size nearest 576 pixels wide (a sharp thumbnail at 288 CSS px)."""
    sizes = list(info.sizes) + [(info.width, info.height)]
    return min(sizes, key=lambda s: (abs(s[0] - 576), s[0]))


# -- the page view ----------------------------------------------------------------------------

def _path_d(part: Part, scale: float) -> str:
    d = []
    for loop in part.outline:
        points = " L".join(f"{x * scale:.1f},{y * scale:.1f}" for x, y in loop)
        d.append(f"M{points} Z")
    return " ".join(d)


def _jump_line(part: Part):
    return next((line for line in getattr(part.module, "lines", ()) if line.kind == "continued"), None)


def _zones(view: EditionView, page: PageView, info: ImageInfo, paths: PackagePaths, fonts) -> list[dict]:
    zones = []
    for sid in page.stories:
        story = view.story(sid)
        for k, part in enumerate(story.parts):
            if part.page != page.number:
                continue
            zones.append({"story": story.id, "href": paths.article(story.id), "title": story.title,
                          "d": _path_d(part, info.scale), "kind": "article"})
            other = _other_part(story, k)
            line = _jump_line(part)
            if other is not None and line is not None:
                box = line_box(fonts, line).padded(2, 2).scaled(info.scale)
                zones.append({"story": story.id, "href": f"{paths.page_view(other.page)}#story-{story.id}",
                              "title": f"{story.title}（{'下转' if k == 0 else '上接'}第{other.page}版）",
                              "d": f"M{box.x:.1f},{box.y:.1f} H{box.right:.1f} V{box.bottom:.1f} "
                                   f"H{box.x:.1f} Z", "kind": "jump"})
    return zones


def _other_part(story: Story, k: int) -> Part | None:
    """The part a jump line points at: the next part from a first part, the
    previous from a continuation."""
    parts = story.parts
    if parts[k].kind == "first" and k + 1 < len(parts):
        return parts[k + 1]
    if parts[k].kind == "continuation" and k > 0:
        return parts[k - 1]
    return None


def _toc(view: EditionView, page: PageView, paths: PackagePaths) -> str:
    items = []
    for sid in page.stories:
        story = view.story(sid)
        notes = []
        for k, part in enumerate(story.parts):
            if part.page != page.number:
                continue
            other = _other_part(story, k)
            if other is not None:
                word = "下转" if part.kind == "first" else "上接"
                notes.append(f'<a class="jump" href="{paths.page_view(other.page)}#story-{story.id}">'
                             f'{word}第{other.page}版</a>')
        kind = ' class="photo"' if story.kind == "photo" else ""
        items.append(f'<li id="toc-{story.id}"{kind}><a class="story" href="{paths.article(story.id)}" '
                     f'data-story="{story.id}">{_e(story.title)}</a>{"".join(notes)}</li>')
    return "\n".join(items)


def page_view(view: EditionView, number: int, info: ImageInfo, paths: PackagePaths, fonts) -> str:
    page = view.page(number)
    index = [p.number for p in view.pages].index(number)
    prev_page = view.pages[index - 1] if index > 0 else None
    next_page = view.pages[index + 1] if index + 1 < len(view.pages) else None
    service = info_json(info, paths.image_service(number))   # relative: works from file:// too
    data = {"info": service, "scale": info.scale, "zones": _zones(view, page, info, paths, fonts),
            "label": page.label}
    prev_link = (f'<a class="prev" rel="prev" href="{paths.page_view(prev_page.number)}">‹ 上一版</a>'
                 if prev_page else '<span class="prev" aria-hidden="true"></span>')
    next_link = (f'<a class="next" rel="next" href="{paths.page_view(next_page.number)}">下一版 ›</a>'
                 if next_page else '<span class="next" aria-hidden="true"></span>')
    w, h = _thumb_size(info)
    fallback = paths.sized_image(number, *info.sizes[-1]) if info.sizes else paths.full_image(number)
    body = f"""<body class="page-view">
<a class="skip" href="#toc">跳到本版文章列表</a>
{_masthead(view, paths, "", number)}<main id="main">
<div class="layout">
 <section class="sheet" aria-labelledby="sheet-title">
  <div class="toolbar">
   {prev_link}
   <h1 id="sheet-title">{_e(page.label)}</h1>
   {next_link}
  </div>
  <div class="tools">
   <button type="button" id="zoom-in" aria-label="放大">＋</button>
   <button type="button" id="zoom-out" aria-label="缩小">－</button>
   <button type="button" id="zoom-home" aria-label="整版">整版</button>
   <a class="pdf" href="{paths.page_pdf(number)}">本版 PDF</a>
  </div>
  <div id="viewer" class="viewer" role="region" aria-label="{_e(page.label)}版面图，可缩放；本版文章另见文章列表"
       style="aspect-ratio: {info.width} / {info.height}">
   <noscript><img src="{fallback}" alt="{_e(page.label)}版面图" width="{w}" height="{h}"></noscript>
  </div>
 </section>
 <nav id="toc" class="toc" aria-label="本版文章">
  <h2>本版文章</h2>
  <ol>
{_toc(view, page, paths)}
  </ol>
 </nav>
</div>
</main>
{_foot(view, "", paths)}<script src="assets/openseadragon.min.js"></script>
<script>window.BANMIAN_PAGE = {json.dumps(data, ensure_ascii=False)};</script>
<script src="assets/viewer.js"></script>
</body>
</html>
"""
    return _head(f"{page.label} - {view.paper} {view.date_text}", "") + body


# -- article pages ----------------------------------------------------------------------------

def _paragraphs(story: Story) -> str:
    out = []
    for p in story.paragraphs:
        if p.kind == "subhead":
            out.append(f"<h2>{_e(p.text.replace(chr(0x3000), ' '))}</h2>")
            continue
        lead = p.text[:p.lead].rstrip("\u3000 ")
        rest = p.text[p.lead:]
        lead_html = f'<strong class="dateline">{_e(lead)}</strong>\u3000' if lead else ""
        out.append(f"<p>{lead_html}{_e(rest)}</p>")
    return "\n".join(out)


def _figures(story: Story, paths: PackagePaths, root: str, photos: dict) -> str:
    out = []
    for k, figure in enumerate(story.figures):
        image = photos.get((story.id, k))
        caption = _e(figure.caption)
        credit = f' <span class="credit">{_e(figure.credit)}</span>' if figure.credit else ""
        img = (f'<img src="{root}{paths.photo(story.id, k)}" width="{image[0]}" height="{image[1]}" '
               f'alt="{caption or _e(story.title)}">' if image else
               '<div class="missing" role="img" aria-label="图片缺失">图片缺失</div>')
        out.append(f"<figure>{img}<figcaption>{caption}{credit}</figcaption></figure>")
    return "\n".join(out)


def article_page(view: EditionView, number: int, paths: PackagePaths, photos: dict) -> str:
    story = view.stories[number]
    root = "../"
    page = view.page(story.page)
    where = "、".join(f'<a href="{root}{paths.page_view(p)}#story-{story.id}">第{p}版</a>' for p in story.pages)
    prev_story = view.stories[number - 1] if number > 0 else None
    next_story = view.stories[number + 1] if number + 1 < len(view.stories) else None
    prev_link = (f'<a class="prev" rel="prev" href="{root}{paths.article(prev_story.id)}">'
                 f'<span class="dir">上一篇</span>{_e(prev_story.title)}</a>' if prev_story else "")
    next_link = (f'<a class="next" rel="next" href="{root}{paths.article(next_story.id)}">'
                 f'<span class="dir">下一篇</span>{_e(next_story.title)}</a>' if next_story else "")
    kicker = f'<p class="kicker">{_e(story.kicker)}</p>' if story.kicker else ""
    deck = f'<p class="deck">{_e(story.deck)}</p>' if story.deck else ""
    author = f'<p class="author">{_e(story.author)}</p>' if story.author else ""
    heading = _e(story.headline) if story.kind == "article" else "图片新闻"
    body = f"""<body class="article-page">
<a class="skip" href="#main">跳到正文</a>
{_masthead(view, paths, root, None)}<nav class="crumbs" aria-label="位置">
 <a href="{root}index.html">版面导航</a> › <a href="{root}{paths.page_view(page.number)}#story-{story.id}">{_e(page.label)}</a>
</nav>
<main id="main">
<article>
<header class="story-head">
{kicker}<h1>{heading}</h1>
{deck}{author}<p class="where">刊于{where}</p>
</header>
{_figures(story, paths, root, photos)}
<div class="story-text">
{_paragraphs(story)}
</div>
</article>
<nav class="story-nav" aria-label="文章">
 {prev_link}
 <a class="back" href="{root}{paths.page_view(page.number)}#story-{story.id}">返回{_e(page.label)}</a>
 {next_link}
</nav>
</main>
{_foot(view, root, paths)}</body>
</html>
"""
    return _head(f"{story.title} - {view.paper} {view.date_text}", root,
                 (story.paragraphs[0].text[:80] if story.paragraphs else story.title)) + body


# -- the search page --------------------------------------------------------------------------

def search_page(view: EditionView, paths: PackagePaths) -> str:
    body = f"""<body class="search-page">
<a class="skip" href="#main">跳到搜索结果</a>
{_masthead(view, paths, "", None)}<main id="main">
<h1 class="page-title">搜索本期</h1>
<p id="summary" class="summary" role="status" aria-live="polite">在上方输入词语，按回车键搜索本期全部文章。</p>
<ol id="results" class="results"></ol>
<noscript><p>搜索需要浏览器启用 JavaScript；也可以从<a href="index.html">版面导航</a>逐版阅读。</p></noscript>
</main>
{_foot(view, "", paths)}<script src="{paths.search_index}"></script>
<script src="assets/search.js"></script>
</body>
</html>
"""
    return _head(f"搜索 - {view.paper} {view.date_text}", "") + body
