"""How much input the engine reads and builds, at most.

Every bound here keeps a hostile or broken input from hanging a run or
exhausting memory: each is far above what a real edition needs, and what
exceeds one is an input error naming the file, the line and the limit. The
README's "Limits" table lists them; the fuzzing tests (tests/fuzz/) hold
every case they cover under 10 s and 1 GB.
"""
from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

# -- files, checked with stat() before a byte is read ---------------------------
SPEC_BYTES = 1 * MIB              # edition.yaml, a font manifest
ARTICLE_BYTES = 512 * KIB         # an article file (a long feature is 20–60 KB)
IMAGE_BYTES = 100 * MIB           # a photo or the masthead logo
FONT_BYTES = 256 * MIB            # a font file (the largest CJK collections are ~120 MB)
PROFILE_BYTES = 16 * MIB          # an ICC output profile
PDF_BYTES = 256 * MIB             # a PDF given to `banmian check --typography`

# -- YAML -----------------------------------------------------------------------
YAML_NODES = 200_000              # values after aliases are expanded (alias bombs)
YAML_DEPTH = 24                   # mappings and lists inside one another

# -- an edition -----------------------------------------------------------------
PAGES = 200                       # pages in one edition
PAGE_NUMBER = 999                 # highest page number (第九百九十九版)
ITEMS_PER_PAGE = 60               # articles, photos and continuations on one page
PAGE_MM = (100.0, 1500.0)         # each side of the page, millimetres
CREDITS = 20                      # entries of a page's `credits:`

# -- text, in characters ----------------------------------------------------------
# The headline fitter tries sizes, scales and breaks; its time grows with the
# cube of a line's length, so a headline is bounded well above any real one.
HEADLINE_CHARS = 80               # kicker, headline, deck, each (all its lines)
SHORT_TEXT_CHARS = 80             # author, lead, byline, continued, credit, paper, section …
LONG_TEXT_CHARS = 400             # a caption, the footer, the ear box
# The paragraph breaker's time grows with the square of a paragraph's length.
PARAGRAPH_CHARS = 3000            # one paragraph of an article body
SUBHEAD_CHARS = 80

# -- pictures -----------------------------------------------------------------------
PHOTO_PIXELS = 50_000_000         # width × height of a photo or logo (a 45-megapixel camera fits)
PHOTO_LINES = 400                 # `lines:` of a photo in an article
PHOTO_COLUMNS = 40                # `columns:` of a photo in an article

# -- previews -------------------------------------------------------------------------
DPI = (20.0, 600.0)               # `--dpi`
PREVIEW_PIXELS = 60_000_000       # a page preview (a broadsheet at 300 dpi is 30 megapixels)

# -- fonts ------------------------------------------------------------------------------
CHAIN_FACES = 16                  # faces in one role's fallback chain
FACE_INDEX = 255                  # `index:` of a face in a collection
