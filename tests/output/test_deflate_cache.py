"""The output profile is deflated once per machine: later files take the
cached stream, and a damaged cache file is made again."""
import hashlib
import os
import zlib

from layout.output import deflate_cache
from layout.output.deflate_cache import deflated


def _data() -> tuple[bytes, str]:
    data = bytes(range(256)) * 4000 + os.urandom(64)
    return data, hashlib.sha256(data).hexdigest()


def test_the_stream_inflates_to_the_data_and_is_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(deflate_cache, "_MEMO", {})
    data, sha = _data()
    packed = deflated(data, sha, tmp_path)
    assert zlib.decompress(packed) == data
    [kept] = (tmp_path / "deflated").iterdir()
    assert kept.read_bytes() == packed


def test_a_later_process_takes_the_cached_stream(tmp_path, monkeypatch):
    data, sha = _data()
    monkeypatch.setattr(deflate_cache, "_MEMO", {})
    first = deflated(data, sha, tmp_path)
    monkeypatch.setattr(deflate_cache, "_MEMO", {})
    monkeypatch.setattr(zlib, "compress", lambda *a, **k: (_ for _ in ()).throw(AssertionError("deflated again")))
    assert deflated(data, sha, tmp_path) == first


def test_a_truncated_or_foreign_cache_file_is_made_again(tmp_path, monkeypatch):
    data, sha = _data()
    monkeypatch.setattr(deflate_cache, "_MEMO", {})
    good = deflated(data, sha, tmp_path)
    [kept] = (tmp_path / "deflated").iterdir()
    for bad in (good[: len(good) // 2], zlib.compress(data[:-1]), b"not zlib"):
        kept.write_bytes(bad)
        monkeypatch.setattr(deflate_cache, "_MEMO", {})
        assert deflated(data, sha, tmp_path) == good
        assert kept.read_bytes() == good


def test_a_read_only_cache_only_costs_time(tmp_path, monkeypatch):
    data, sha = _data()
    monkeypatch.setattr(deflate_cache, "_MEMO", {})
    blocked = tmp_path / "file"
    blocked.write_bytes(b"")      # the cache "directory" is a file: nothing can be written under it
    assert zlib.decompress(deflated(data, sha, blocked)) == data
    monkeypatch.setattr(deflate_cache, "_MEMO", {})
    assert zlib.decompress(deflated(data, sha, None)) == data
