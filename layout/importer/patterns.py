"""What the parts of a Chinese newspaper page look like in OCR text: datelines
(电头), bylines and credits (署名), author lines, jump lines (转版), page
headers and footers. Each recogniser takes a unit's text and answers with a
match or None; nothing here changes text.
"""
from __future__ import annotations

import re

from .punctuation import is_han

HAN = r"[\u3400-\u9fff\U00020000-\U0003134f]"
NAME = rf"{HAN}(?:{HAN}|·){{1,3}}"                  # 2–4 characters; 阿不都·热合曼 keeps its dot
ROLE = r"(?:本报|特约|见习)?(?:记者|通讯员|评论员|实习生|摄影记者)"
MONTH_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日"
# 电头 (GB/T dateline forms in dailies): 本报讯, 本报X月X日电, 本报北京X月X日电, 新华社北京X月X日电,
# each with the reporters in brackets after it
DATELINE = re.compile(
    rf"^(?:本报讯|据新华社电|新华社电|(?:本报|新华社|中新社|人民日报){HAN}{{0,8}}?{MONTH_DAY}电)"
    rf"(?:\s*[（(]\s*{ROLE}[^()（）]{{1,40}}[)）])?")
DATELINE_GAP = re.compile(r"^[ \t\u3000]+")
_CLOSERS = "”’）)」』》〉】]"
_FINALS = "。！？!?…；;."
_TRAILING_NOTE = re.compile(r"[（(][^()（）]{0,12}[)）]$")
NOT_BYLINES = ("如图", "见图", "上图", "下图", "左图", "右图", "图", "完", "续完", "待续", "全文完")
BYLINE_TOKEN = re.compile(rf"^(?:{ROLE})?{NAME}(?:文/图|文／图|摄|/摄)?$|^(?:{ROLE}|文/图|文／图|摄|摄影)$")
CREDIT = re.compile(rf"^(?:(?:图|摄影)[/／:：]\s*)?(?:{ROLE}\s*)?{NAME}(?:\s+{NAME}){{0,2}}\s*(?:摄|/摄|摄影)?$")
JUMP = re.compile(r"[（(]\s*((?:下转|转)第?[一二三四五六七八九十\d]{1,3}版)\s*[)）]$")
AUTHOR = re.compile(rf"^(?:{ROLE}\s*{NAME}|{HAN}{{2,3}}|{ROLE})(?:\s+(?:{ROLE}\s*)?{NAME}){{0,3}}$")
FOOTER = re.compile(r"(?:热线|电话|传真|邮箱|投稿|地址|邮编|网址)")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
PAGE_NUMBER = re.compile(r"第\s*(\d{1,2})\s*版")
WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
STAFF = re.compile(rf"(责任编辑|编辑|美编|校对|审读|版式|组版|主编)\s*[:：]\s*({HAN}{{2,4}})")
BRIEFS = re.compile(r"^(?:简讯|快讯|简报|短讯|要闻简报|新闻速递|一句话新闻|资讯)$")
SUBHEAD_MAX = 20          # an in-text subhead (小标题) is shorter than this; a headline may be longer


def core(text: str) -> str:
    return "".join(text.split())


def ends_sentence(text: str) -> bool:
    """Does the text end a sentence (。！？… possibly inside closing quotes or
    before a note such as （如图）)?"""
    t = text.rstrip()
    while t:
        stripped = _TRAILING_NOTE.sub("", t).rstrip()
        stripped = stripped.rstrip(_CLOSERS).rstrip()
        if stripped == t:
            break
        t = stripped
        if t and t[-1] in _FINALS:
            return True
    return bool(t) and t[-1] in _FINALS


def dateline(text: str) -> int | None:
    """Length of the dateline at the start of the text, or None."""
    m = DATELINE.match(text)
    return m.end() if m else None


def byline_at_end(text: str) -> tuple[int, str] | None:
    """(where it starts, the byline as printed inside its brackets) of a
    byline closing the text: （高创）, (高创文/图), （记者 王晓 通讯员 李明）."""
    m = re.search(r"[（(]\s*([^()（）]{1,40}?)\s*[)）]$", text)
    if not m:
        return None
    inner = m.group(1)
    if inner in NOT_BYLINES or inner.startswith(("下转", "上接", "转第", "接第")):
        return None
    tokens = inner.split()
    if not tokens or not all(BYLINE_TOKEN.match(t) for t in tokens):
        return None
    return m.start(), normalise_credit(inner)


def normalise_credit(inner: str) -> str:
    """One space between the names and 文/图 or 摄, as credits are printed: 高创文/图 → 高创 文/图."""
    out = []
    for token in inner.split():
        m = re.match(rf"^(.*?{HAN})(文/图|文／图|摄|/摄)$", token)
        if m and len(m.group(1)) >= 2:
            out += [m.group(1), m.group(2).replace("／", "/").lstrip("/")]
        else:
            out.append(token)
    return " ".join(out)


def photo_credit(text: str) -> str | None:
    """A photo credit standing alone: 李娟 摄, 图/李娟."""
    t = text.strip()
    if not CREDIT.match(t) or not ("摄" in t or re.match(r"^(?:图|摄影)[/／:：]", t)):
        return None
    return normalise_credit(t) if "摄" in t else t


def jump_at_end(text: str) -> tuple[int, str] | None:
    m = JUMP.search(text)
    return (m.start(), m.group(1)) if m else None


# The commonest surnames (百家姓 as counted by the 2020 census, the first 120,
# and the compound ones): an author line of bare names must start each name
# with one, so that a deck of short phrases (强部署 深摸底 优服务) is not read as names.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "夏侯",
                     "端木", "长孙", "宇文", "澹台", "司徒", "申屠", "轩辕", "独孤", "南宫")


def _person(token: str) -> bool:
    name = re.sub(rf"^{ROLE}", "", token)
    if not name:
        return True
    return name[0] in SURNAMES or name.startswith(COMPOUND_SURNAMES)


def author_line(text: str) -> bool:
    """An author line under a headline: 张璠, 本报记者 王晓, 本报评论员."""
    t = text.strip()
    return bool(AUTHOR.match(t)) and len(core(t)) <= 16 and all(_person(tok) for tok in t.split())


def headline_like(text: str) -> bool:
    """Short, with Han characters, not ending a sentence: a headline, a deck,
    a kicker or a subhead — or a fragment broken at a column end."""
    c = core(text)
    if not 2 <= len(c) <= 40 or not any(is_han(ch) for ch in c):
        return False
    if "。" in c or sum(c.count(ch) for ch in "，,") > 2 or c[-1] in "，、；：,;:":
        return False
    if c[-1] in "？！?!" and len(c) <= 24 and not any(ch in c[:-1] for ch in "？！?!"):
        pass                       # 怎么破？ — a headline may ask or exclaim
    elif ends_sentence(c):
        return False
    return not (dateline(c) or standalone_byline(text) or photo_credit(text) or footer_like(text)
                or jump_at_end(text))


def standalone_byline(text: str) -> str | None:
    found = byline_at_end(text)
    return found[1] if found and found[0] == 0 else None


def footer_like(text: str) -> bool:
    c = core(text)
    return len(c) <= 40 and bool(FOOTER.search(c)) and bool(re.search(r"\d{5,}|@|\.(?:com|cn|net)", c))


def header_like(text: str) -> bool:
    c = core(text)
    return len(c) <= 60 and bool(DATE.search(c) or PAGE_NUMBER.search(c) or WEEKDAY.search(c)
                                 or STAFF.search(c))
