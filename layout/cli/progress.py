"""A progress bar for long renders, drawn on a terminal only: piped or logged
output stays clean."""
from __future__ import annotations

import sys


class Progress:
    def __init__(self, total: int, label: str, stream=None, width: int = 24, quiet: bool = False):
        self.total = max(1, total)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.done = 0
        self.live = not quiet and hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, what: str = "") -> None:
        self.done += 1
        if not self.live:
            return
        filled = round(self.width * self.done / self.total)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} {what:<12}")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
