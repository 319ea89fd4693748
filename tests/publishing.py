"""Where the tests of the published package find the editions and the
schemas (shared by tests/publish/)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "editions" / "shili-ribao-2024-11-08"
REFERENCE = ROOT / "editions" / "xinxiang-daily-2024-11-06"
SCHEMAS = ROOT / "tests" / "schemas"
BASE_URL = "https://example.org/shili/"
