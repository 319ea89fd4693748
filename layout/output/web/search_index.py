"""The edition's search index: every story's text and a character-bigram
index over it, written as a script (`window.BANMIAN_SEARCH = …`) so that the
site can search from file:// as well as from a server.

Why bigrams. Chinese is written without spaces, and stock full-text tools
either index whole runs between punctuation (a search for 攻坚 finds nothing
inside 聚力攻坚后半程) or need a dictionary that misses names and new words.
Every phrase of two or more characters contains the bigrams of its adjacent
characters, so the stories that hold all of a query's bigrams are the only
candidates; assets/search.js then confirms the phrase in each candidate's
text (bigrams can also occur apart) and a one-character query scans the
texts directly. The same normalisation runs here and in search.js, one
character at a time: NFKC (full-width Latin and digits become ASCII), lower
case, white space dropped.
"""
from __future__ import annotations

import json
import unicodedata

from ..edition_view import EditionView
from ..paths import PackagePaths


def normalise(text: str) -> str:
    """Per character, as search.js does: NFKC, lower case, no white space."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append("".join(c for c in folded if not c.isspace()))
    return "".join(out)


def bigrams(text: str) -> set[str]:
    norm = normalise(text)
    return {norm[i:i + 2] for i in range(len(norm) - 1)}


def build_index(view: EditionView, paths: PackagePaths) -> dict:
    docs = []
    grams: dict[str, list[int]] = {}
    for number, story in enumerate(view.stories):
        page = view.page(story.page)
        docs.append({"id": story.id, "title": story.title, "url": paths.article(story.id),
                     "page": story.page, "label": page.label, "text": story.text})
        for gram in bigrams(story.text):
            grams.setdefault(gram, []).append(number)
    return {"docs": docs, "grams": {g: grams[g] for g in sorted(grams)}}


def search(index: dict, query: str) -> list[str]:
    """The ids of the stories holding `query`, as search.js finds them (used
    by the tests to hold the two to the same answer)."""
    q = normalise(query)
    if not q:
        return []
    docs = index["docs"]
    if len(q) == 1:
        candidates = range(len(docs))
    else:
        sets = [set(index["grams"].get(q[i:i + 2], ())) for i in range(len(q) - 1)]
        candidates = sorted(set.intersection(*sets)) if sets else []
    return [docs[k]["id"] for k in candidates if q in normalise(docs[k]["text"])]


def index_script(index: dict) -> bytes:
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return f"window.BANMIAN_SEARCH = {text};\n".encode("utf-8")
