"""pyvips loaded before a PDF is written must not crash the process: libvips
brings the system's libharfbuzz, which a uharfbuzz loaded after it would call
instead of its own (the whole interpreter dies in the subsetter)."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

SCRIPT = r"""
import sys
from layout.output.vips import load_pyvips
load_pyvips().Image.black(8, 8).avg()          # libvips loaded and working
from layout.fonts.book import FontBook, load_manifest, DEFAULT_MANIFEST
from layout.fonts.cache import FontCache
from layout.output.pdf import FontRegistrar
fonts = FontBook(load_manifest(str(DEFAULT_MANIFEST)), FontCache())
registrar = FontRegistrar(fonts)
face = sorted(fonts.faces)[0]
print(len(registrar.subsetter.subset(fonts.faces[face], {0, 1, 2, 3})))
"""


def test_a_pdf_font_subset_after_pyvips_is_loaded():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) > 0
