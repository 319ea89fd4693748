"""Automatic placement of a page's modules on the grid (自动组版).

problem.py   what is to be placed: candidates (ways to set an item), fixed items
score.py     the named rules a layout is judged by, with their sources and costs
solver.py    the search that places the open items: `place(problem) -> Layout`
refine.py    the heights of a found layout set again exactly, its arrangement kept
picture.py   a text picture of the page grid, for the terminal
estimate.py  a candidate from the article's text alone (characters per line × lines);
             the widths, headline sizes, text columns and photo ranges worth trying
measured.py  candidates measured by setting the article (page/article_layout.py)
build.py     a spec Page → Problem, and a Layout back onto the Page's items
report.py    what the layout tells the editor: lines per width, what is over, what is empty

Pure: no I/O, no module-level mutable state; it reads the spec model, and measured.py
sets text with the page stage through the caller's ComposeCache.
"""


# Here rather than in build.py: the pipeline asks every page whether it has
# open items, and importing the solver to learn that a page has none would cost
# a render of a page of fixed places a tenth of its imports.

def is_open(item) -> bool:
    """An item left for Banmian to place (no `at`)."""
    return item.at is None


def page_has_open(page) -> bool:
    return any(is_open(item) for item in page.items)
