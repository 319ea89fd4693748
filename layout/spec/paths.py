"""Input files: where they may be, what they may be, how much of them is read.

An edition names its articles, photos, logo, fonts and output profile by path.
Every such path must lead, after `..` and symbolic links are followed, into
the edition folder, or into a folder the person running the command allowed
with `--allow-dir` (a shared photo archive): an edition cannot make the
engine read /etc/passwd, or a file of another edition, and print it. The
allowance comes from the command line, never from the edition, so an edition
cannot grant itself more. Font files an edition names may also come from the
system's font folders, which hold nothing secret.

Every file is checked to be a regular file (not a FIFO, a device or a folder)
and measured with stat() before a byte is read, and never read past its
limit (`limits.py`): `--fonts /dev/zero` or a 2 GB sparse article is an
input error, not a hang.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import InputError, Where, error

# Folders whose fonts an edition's `fonts:` may name besides its own.
SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts",
                    "~/.local/share/fonts", "~/.fonts")


@dataclass(frozen=True)
class Roots:
    """The folders input files may come from: the edition folder and the
    folders allowed on the command line, each as a real path."""
    edition: str
    shared: tuple[str, ...] = ()
    given: str = ""          # the edition folder as it was named, for messages

    @classmethod
    def of(cls, edition_dir: str | os.PathLike, shared=()) -> Roots:
        return cls(os.path.realpath(edition_dir), tuple(os.path.realpath(os.path.expanduser(s))
                                                         for s in shared), str(edition_dir))

    def with_system_fonts(self) -> Roots:
        fonts = tuple(os.path.realpath(os.path.expanduser(d)) for d in SYSTEM_FONT_DIRS)
        return Roots(self.edition, self.shared + fonts, self.given)

    def contains(self, real: str) -> bool:
        return any(_inside(real, root) for root in (self.edition,) + self.shared)


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def confined(roots: Roots, name: str, where: Where | None, what: str) -> str:
    """The real path of `name` (relative to the edition folder, or absolute),
    which must lie inside one of `roots`; an InputError otherwise."""
    if "\0" in name:
        raise InputError(error(f"{what} {name!r} is not a usable file name (it holds a NUL character)",
                               where, "write the file's path relative to the edition folder"))
    given = Path(os.path.expanduser(name)) if name.startswith("~") else Path(name)
    candidate = given if given.is_absolute() else Path(roots.edition) / given
    real = os.path.realpath(candidate)
    if not roots.contains(real):
        how = ("is an absolute path" if given.is_absolute() else
               "leads out of it through `..`" if ".." in given.parts else
               "is a symbolic link that leads out of it")
        raise InputError(error(
            f"{what} {name} is outside the edition folder: it {how} (to {real})", where,
            "copy the file into the edition folder and name it relative to it, or allow its folder "
            "explicitly with `--allow-dir DIR` on the command line"))
    return real


def file_state(path: str | os.PathLike) -> str:
    """'file', 'missing', or what else the path is (a folder, a FIFO …)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except (NotADirectoryError, OSError):
        return "missing"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def require_file(path: str | os.PathLike, where: Where | None, what: str, limit: int,
                 missing_hint: str = "check the path", name: str | None = None) -> int:
    """The size of the regular file at `path`; an InputError when it is missing,
    not a regular file, or larger than `limit` bytes. `name` is how the file is
    shown (default: its path)."""
    shown = f"{what} {path if name is None else name}"
    state = file_state(path)
    if state == "missing":
        raise InputError(error(f"cannot read the {shown}: it does not exist", where, missing_hint))
    if state != "file":
        raise InputError(error(f"{shown} is {state}, not a file", where, "give the path of an ordinary file"))
    size = os.stat(path).st_size
    if size > limit:
        raise InputError(error(f"{shown} is {_size(size)}; at most {_size(limit)} is read", where,
                               "check that this is the file you mean; see “Limits” in the README"))
    return size


def read_limited(path: str | os.PathLike, where: Where | None, what: str, limit: int,
                 missing_hint: str = "check the path") -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Opened without
    blocking (a FIFO swapped in after the check cannot hang the run) and never
    read past the limit (nor can a file that grows)."""
    require_file(path, where, what, limit, missing_hint)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(error(f"{what} {path} is not a regular file", where,
                                   "give the path of an ordinary file"))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(error(f"{what} {path} is larger than {_size(limit)}", where,
                                       "see “Limits” in the README"))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.0f} MB" if n >= 10 << 20 else f"{n / (1 << 20):.1f} MB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.0f} KB"
    return f"{n} bytes"
