"""Large constant streams (the 2 MB output profile) deflated once per machine,
not once per file: zlib takes a twentieth of a second over a profile, a third
of what drawing a whole page costs. The deflated bytes are kept under the
cache directory, named by the data's SHA-256 and the zlib that made them, so a
later run writes the same bytes as the first."""
from __future__ import annotations

import zlib
from pathlib import Path

from ..atomic import write_bytes

_MEMO: dict[tuple[str, str], bytes] = {}   # per process: the edition PDF after its pages


def deflated(data: bytes, sha256: str, directory: Path | None) -> bytes:
    """`data` deflated (zlib format, default level), from the cache when it has it."""
    key = (sha256, zlib.ZLIB_RUNTIME_VERSION)
    if key in _MEMO:
        return _MEMO[key]
    path = directory / "deflated" / f"{sha256[:32]}-zlib{zlib.ZLIB_RUNTIME_VERSION}" if directory else None
    packed = _read(path, len(data)) if path else None
    if packed is None:
        packed = zlib.compress(data)
        if path:
            try:
                write_bytes(path, packed)
            except OSError:
                pass    # a read-only cache only costs time
    _MEMO[key] = packed
    return packed


def _read(path: Path, size: int) -> bytes | None:
    """The cached stream, if it is there and inflates to `size` bytes (a
    truncated or foreign file is made again)."""
    try:
        packed = path.read_bytes()
    except OSError:
        return None
    try:
        inflater = zlib.decompressobj()
        whole = inflater.decompress(packed, size + 1)
    except zlib.error:
        return None
    return packed if len(whole) == size and inflater.eof else None
