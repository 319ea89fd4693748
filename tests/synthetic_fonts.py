"""A small family of test fonts, built with fontTools when the tests start.

The composer's unit tests measure with these instead of the system fonts, so
their widths are known to the unit and the same on every machine: a Han
character is exactly one em, every full-width mark one em with its ink on the
half GB/T 15834 gives it (a stop or closing mark on the left, an opening mark
on the right), Latin letters have the round advances of `LATIN` below.

Three faces, all TrueType with one rectangle of ink per glyph:

  song  the body face: everything below except FALLBACK_ONLY;
  hei   the same glyphs plus FALLBACK_ONLY, so a fallback chain can be seen;
  kai   like song, but its curly quotes are proportional (KAI_QUOTE wide,
        as in LXGW WenKai), so the composer's drawing of narrow marks is seen.

`write_test_fonts(folder)` writes the three files and a fonts.yaml whose
roles use them; a character not listed here is missing from every face.
"""
from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

UPEM = 1000
ASCENT, DESCENT = 880, -120   # the ideographic em box: 0.88 em over the baseline

# Every Han character the composer's tests set (add here when a test needs more).
HAN = (
    "一万三上下不与专业两个中为主也习乡书了事于产亩亮人亿仓他以们任企众优会体余作你例供信值储元"
    "先全公共兴内农准出分划创到前副力加务动助努劲势化区十半单博即厂厚原参发取口另召可台号司合同"
    "名后向启周和商器四园围国图圆土在地圳场址坚境增备大太头好威字孤学孵定实家容富寡对小就届展州"
    "工已市常幕干平年并广应建开式弓引弦强归当形很得循心态性总息成我战房扁扩扰批承技把投折护报招"
    "括拼拿持挂挑挖振据掘推提摩擎收攻效数整文新方无日时明春是智有服本村来极查标检植模横次此武比"
    "民水求汇池沃活济涉深满潜激点熟版率环现班理生用电略的目省真破示秋科积移程稳空突窗竖章第等管"
    "篇米粒粮紧累纵线组经绕给绿网署者而聚背能自致航色范融行要见观览计议讯记论设访评词说调谋质资"
    "足身载运近还这进通速造遍部里重量针铆链锂镇长间闻际限集面项颗题飞高"
    "院办布王晓员李黄红壤月惊叹传统糖画普惠托育位"
)
FALLBACK_ONLY = "\u9feb"      # in hei, not in song: the body role falls back to it

STOPS_LOW = "、。，．"          # ink at the bottom left of the cell
STOPS_MID = "：；"              # ink at the left, in the middle
STOPS_TALL = "？！"             # ink in the left half, full height
CLOSING = "”’）》〉」』】〕〗］｝"
OPENING = "“‘（《〈「『【〔〖［｛"
QUOTES = "“”‘’"
MIDDOTS = "·・‧"
DASH, TWO_EM_DASH, ELLIPSES = "—", "\u2e3a", "…⋯"
# Full-width signs set as Han (one em, solid): units, currency, the fullwidth solidus.
FULL_WIDTH = "℃％‰￥＄／～‼⁇⁈⁉№€£"
NARROW = {"°": 400, "′": 250, "″": 375, "–": 500, "¥": 500}
VERTICAL_TOP_RIGHT = "︐︑︒"     # vertical 、，。: ink at the top right of the cell
VERTICAL_CENTRED = "︓︔︕︖"      # vertical ：；！？: ink off the middle, as in Noto CJK,
                                 # so the composer's centring by ink is seen
VERTICAL_OPENING = "﹁﹃︵︽︿︻︹︗"   # ink in the lower half (blank at the top)
VERTICAL_CLOSING = "﹂﹄︶︾﹀︼︺︘"   # ink in the upper half (blank at the bottom)
VERTICAL_LINES = "︱︙"          # vertical dash and ellipsis: ink down the middle

# Latin advances in thousandths of an em, all multiples of 1/8 em so that
# sums of them are exact in binary floating point.
LATIN = {" ": 250}
LATIN.update({c: 500 for c in "0123456789"})
LATIN.update({c: 500 for c in "abcdeghknopqsuvxyz"})
LATIN.update({c: 250 for c in "fijlt"})
LATIN.update({"r": 375, "m": 750, "w": 750})
LATIN.update({c: 625 for c in "ABCDEFGHJKLNOPQRSTUVXYZ"})
LATIN.update({"I": 250, "M": 875, "W": 875})
LATIN.update({c: 250 for c in ".,:;!?'|\\/`"})
LATIN.update({c: 375 for c in "\"()[]{}-*^"})
LATIN.update({c: 500 for c in "#$+<=>_~"})
LATIN.update({"%": 875, "&": 750, "@": 875})
KAI_QUOTE = 375


def advance(ch: str, face: str = "song") -> int:
    """Advance of `ch` in font units (of 1000) in the given face."""
    if ch in LATIN:
        return LATIN[ch]
    if ch in NARROW:
        return NARROW[ch]
    if face == "kai" and ch in QUOTES:
        return KAI_QUOTE
    if ch in MIDDOTS:
        return 250
    if ch == DASH:
        return 800          # narrower than the em: the composer stretches it to fill its cell
    if ch == TWO_EM_DASH:
        return 1600
    return 1000


def _ink(ch: str, adv: int) -> tuple[int, int, int, int] | None:
    """(xmin, ymin, xmax, ymax) of the glyph's one rectangle of ink, or None."""
    half = adv // 2
    if ch in (" ", "\u3000"):
        return None
    if ch in STOPS_LOW:
        return 80, -60, 330, 190
    if ch in STOPS_MID:
        return 120, 60, 330, 560
    if ch in STOPS_TALL:
        return 120, -60, 420, 760
    if ch in QUOTES:
        low = 480
        if adv < 1000:          # a proportional quote: ink across its own advance
            return 60, low, adv - 60, 820
        return (80, low, 420, 820) if ch in CLOSING else (580, low, 920, 820)
    if ch in CLOSING:
        return 80, -60, 420, 820
    if ch in OPENING:
        return 580, -60, 920, 820
    if ch in MIDDOTS or ch in "°′″":
        return half - 50, 330, half + 50, 430
    if ch in (DASH, TWO_EM_DASH, "–"):
        return 0, 330, adv, 400
    if ch in ELLIPSES:
        return 100, 330, 900, 430
    if ch in VERTICAL_TOP_RIGHT:
        return 620, 580, 870, 830
    if ch in VERTICAL_CENTRED:
        return 460, 250, 660, 550
    if ch in VERTICAL_OPENING:
        return 200, -70, 800, 330
    if ch in VERTICAL_CLOSING:
        return 200, 430, 800, 830
    if ch in VERTICAL_LINES:
        return 460, -70, 540, 830
    if ch in LATIN:
        top = 700 if ch.isupper() or ch.isdigit() else 500
        low = -180 if ch in "gjpqy" else 0
        inset = max(20, adv // 10)
        return inset, low, adv - inset, top
    return 60, -60, adv - 60, 820     # Han and the full-width signs


def repertoire(face: str) -> str:
    """Every character the face has."""
    chars = (HAN + STOPS_LOW + STOPS_MID + STOPS_TALL + CLOSING + OPENING + MIDDOTS + DASH
             + TWO_EM_DASH + ELLIPSES + FULL_WIDTH + "".join(NARROW) + VERTICAL_TOP_RIGHT
             + VERTICAL_CENTRED + VERTICAL_OPENING + VERTICAL_CLOSING + VERTICAL_LINES
             + "\u3000" + "".join(LATIN))
    if face == "hei":
        chars += FALLBACK_ONLY
    return "".join(sorted(set(chars)))


def _glyph(box):
    pen = TTGlyphPen(None)
    if box is not None:
        x0, y0, x1, y1 = box
        # clockwise: an outer TrueType contour
        pen.moveTo((x0, y0))
        pen.lineTo((x0, y1))
        pen.lineTo((x1, y1))
        pen.lineTo((x1, y0))
        pen.closePath()
    return pen.glyph()


# A fixed date, so the same repertoire gives the same bytes on every run.
_TIMESTAMP = 3600 * 24 * 365 * 100


def build_face(face: str, path: Path) -> Path:
    """Write one test face (song, hei or kai) as a TrueType file."""
    chars = repertoire(face)
    names = {ch: f"uni{ord(ch):04X}" for ch in chars}
    order = [".notdef"] + [names[ch] for ch in chars]
    glyphs = {".notdef": _glyph((50, 0, 450, 700))}
    metrics = {".notdef": (500, 50)}
    for ch in chars:
        adv = advance(ch, face)
        box = _ink(ch, adv)
        glyphs[names[ch]] = _glyph(box)
        metrics[names[ch]] = (adv, box[0] if box else 0)
    family = f"Banmian Test {face.capitalize()}"
    fb = FontBuilder(UPEM, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({ord(ch): names[ch] for ch in chars})
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT,
                usWinDescent=-DESCENT)
    fb.setupPost()
    fb.updateHead(created=_TIMESTAMP, modified=_TIMESTAMP)
    fb.save(str(path))
    return path


FACES = ("song", "hei", "kai")

# Each role's chain, as fonts/fonts.yaml gives it, in the test faces: text
# roles in song, bold ones in hei, bylines and captions in kai.
ROLES = {
    "body": ("song", "hei", "kai"),
    "lead": ("hei", "song"),
    "subhead": ("hei", "song"),
    "byline": ("kai", "song"),
    "author": ("kai", "song"),
    "headline": ("hei", "song"),
    "kicker": ("kai", "song"),
    "deck": ("hei", "song"),
    "caption": ("kai", "song"),
    "credit": ("kai", "song"),
    "folio": ("hei", "song"),
    "section": ("hei", "song"),
    "paper": ("kai", "song"),
}


def write_test_fonts(folder: Path) -> Path:
    """Build the three faces into `folder` and return the path of a font
    manifest (fonts.yaml) whose every role uses them."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["faces:"]
    for face in FACES:
        path = build_face(face, folder / f"BanmianTest-{face}.ttf")
        lines += [f"  {face}:", f"    family: Banmian Test {face.capitalize()}", f"    file: {path.name}"]
    lines.append("roles:")
    lines += [f"  {role}: [{', '.join(chain)}]" for role, chain in ROLES.items()]
    manifest = folder / "fonts.yaml"
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    return manifest
