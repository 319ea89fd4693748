"""A tiny PDF carrying one `/BanmianLine` mark as given, for testing how the
typography checker takes damaged or hostile marks."""
from __future__ import annotations

from pathlib import Path


def marks_pdf(path: Path, mark: str) -> Path:
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), pagesize=(200, 200))
    text = c.beginText(20, 100)
    text.setFont("Helvetica", 12)
    text._code.append(f"/BanmianLine <<{mark}>> BDC")
    text.textOut("abc")
    text._code.append("EMC")
    c.drawText(text)
    c.showPage()
    c.save()
    return path
