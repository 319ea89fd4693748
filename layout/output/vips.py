"""pyvips, always loaded after uharfbuzz.

libvips links the system's libharfbuzz, and loading it puts that library's
functions among the process's global symbols. A uharfbuzz extension loaded
after it binds its own calls (it carries a HarfBuzz of its own, of another
version) to those functions, and the PDF writer's subsetting then crashes the
process. Loaded first, uharfbuzz keeps its own. Every use of pyvips goes
through here."""
from __future__ import annotations


def load_pyvips():
    import uharfbuzz  # noqa: F401 - before libvips, see above
    import pyvips
    return pyvips
