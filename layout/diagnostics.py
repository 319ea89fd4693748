"""Problems found in input or output, as values.

Unusable input raises InputError carrying Diagnostics; everything else the
engine finds (overset, missing glyphs, photos) is returned as Diagnostics in
the stage's result and printed by the CLI in compiler style.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
NOTE = "note"


@dataclass(frozen=True)
class Where:
    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    message: str
    where: Where | None = None
    hint: str | None = None
    code: str = ""          # stable machine name: overset, missing-glyph, photo-missing …
    data: tuple = field(default=())  # (key, value) pairs for --json and tests

    def format(self) -> str:
        head = f"{self.where}: " if self.where else ""
        text = f"{head}{self.severity}: {self.message}"
        if self.hint:
            text += f" / hint: {self.hint}"
        return text

    def get(self, key: str, default=None):
        for k, v in self.data:
            if k == key:
                return v
        return default


class InputError(Exception):
    """Input the engine cannot use. Carries every problem found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def error(message: str, where: Where | None = None, hint: str | None = None, code: str = "input") -> Diagnostic:
    return Diagnostic(ERROR, message, where, hint, code)
