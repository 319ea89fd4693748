"""`banmian publish`: renders what is missing, then writes the package from
the same plans; a second run renders nothing."""
from __future__ import annotations

import os
import time

import pytest
from publishing import REFERENCE

from layout.cli.main import main
from layout.publish import PublishOptions, needs_render, print_files, publish

pytestmark = pytest.mark.render


def test_it_renders_what_is_missing_and_writes_the_package(reference_published):
    out = reference_published.out_dir
    assert reference_published.rendered
    for name in ("p03.pdf", "p03.png", "report.json", "xinxiang-daily-2024-11-06.pdfa.pdf"):
        assert (out / name).is_file()
    web = reference_published.web_dir
    for name in ("index.html", "p03.html", "search.html", "mets.xml", "alto/p03.xml", "iiif/manifest.json",
                 "iiif/p03/info.json", "pdf/p03.pdf", "pdf/xinxiang-daily-2024-11-06.pdfa.pdf",
                 "assets/openseadragon.min.js", "assets/search-index.js"):
        assert (web / name).is_file(), name
    assert set(reference_published.seconds) >= {"render", "tiles", "alto", "pdf", "manifest", "site", "mets"}


def test_a_second_run_renders_nothing_and_a_changed_edition_renders_again(tmp_path, font_cache):
    first = publish(str(REFERENCE), PublishOptions(out_dir=str(tmp_path)), cache=font_cache)
    assert first.rendered
    pdf = tmp_path / "p03.pdf"
    stamp = pdf.stat().st_mtime_ns
    package = ("xinxiang-daily-2024-11-06.pdfa.pdf", "web/mets.xml", "web/alto/p03.xml",
               "web/iiif/manifest.json", "web/p03.html", "web/assets/search-index.js")
    before = {name: (tmp_path / name).read_bytes() for name in package}
    second = publish(str(REFERENCE), PublishOptions(out_dir=str(tmp_path)), cache=font_cache)
    assert not second.rendered and pdf.stat().st_mtime_ns == stamp
    # written again, byte for byte the same: archives can compare issues published twice
    assert {name: (tmp_path / name).read_bytes() for name in package} == before
    # a print file older than the edition's files is stale
    edition, plans = second.edition, [p.plan for p in second.view.pages]
    assert not needs_render(tmp_path, edition, plans, str(REFERENCE), PublishOptions().fonts_manifest)
    old = time.time() - 10 * 365 * 24 * 3600
    for path in print_files(tmp_path, edition, plans):
        os.utime(path, (old, old))
    assert needs_render(tmp_path, edition, plans, str(REFERENCE), PublishOptions().fonts_manifest)
    (tmp_path / "p03.pdf").unlink()
    assert needs_render(tmp_path, edition, plans, str(REFERENCE), PublishOptions().fonts_manifest)


def test_the_command(tmp_path, capsys):
    status = main(["publish", str(REFERENCE), "--out", str(tmp_path), "--base-url", "https://example.org/x"])
    assert status == 0
    out = capsys.readouterr().out.split()
    assert out == [str(tmp_path / "web" / "index.html"), str(tmp_path / "xinxiang-daily-2024-11-06.pdfa.pdf")]
    manifest = (tmp_path / "web" / "iiif" / "manifest.json").read_text("utf-8")
    assert '"id": "https://example.org/x/iiif/manifest.json"' in manifest


def test_an_unusable_edition_publishes_nothing(tmp_path, capsys):
    (tmp_path / "edition.yaml").write_text("paper: 示例日报\n", "utf-8")
    assert main(["publish", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "nothing was published" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
