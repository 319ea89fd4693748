"""Small editions for batch runs: the reference edition under other dates and
the torture page, copied into a temporary folder."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"
TORTURE = ROOT / "tests" / "editions" / "torture"


def copy_edition(source: Path, folder: Path, date: str | None = None) -> Path:
    shutil.copytree(source, folder)
    if date:
        spec = folder / "edition.yaml"
        spec.write_text(re.sub(r"(?m)^date: .*$", f"date: {date}", spec.read_text("utf-8")), "utf-8")
    return folder


def small_batch(folder: Path, dates=("2024-11-06", "2024-11-13", "2024-11-20")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for date in dates:
        copy_edition(REFERENCE, folder / f"xinxiang-daily-{date}", date)
    copy_edition(TORTURE, folder / "torture")
    return folder
