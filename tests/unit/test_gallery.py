"""`gallery`: every document of the demo rendered to PNG pages, with an index."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from thidua_desktop.cli import main
from thidua_desktop.export import gallery


@pytest.mark.skipif(any(shutil.which(t) is None for t in gallery.TOOLS),
                    reason="LibreOffice or poppler not installed")
def test_gallery_renders_every_document(demo_path, tmp_path):
    out = tmp_path / "gallery"
    assert main(["gallery", "--db", str(demo_path), "--out", str(out), "--as-of", "2025-04-15",
                 "--dpi", "30"]) == 0
    documents = sorted(p for p in out.iterdir() if p.suffix in (".xlsx", ".docx", ".pdf")
                       and not p.name.endswith((".xlsx.pdf", ".docx.pdf")))
    # Two events x (roster xlsx, docx; programme pdf, docx; script pdf, docx) + 4 of the plan.
    assert len(documents) == 2 * 6 + 4
    index = (out / "index.html").read_text(encoding="utf-8")
    for document in documents:
        stem = document.name.removesuffix(".pdf").replace(".", "-")
        pages = sorted(out.glob(f"{stem}-*.png"))
        assert pages, document.name
        assert all(f"src='{p.name}'" in index for p in pages)
        for page in pages:
            with Image.open(page) as image:
                # A4 at 30 dpi (248 x 351 px, give or take a rounded pixel), portrait or landscape.
                short, long = sorted(image.size)
                assert abs(short - 248) <= 1 and abs(long - 351) <= 1
                # Something printed in black on every page: no blank page (after a signature).
                assert image.convert("L").getextrema()[0] < 60, page.name
    assert "Danh sách trích ngang" in index and "Báo cáo tiến độ" in index


def test_gallery_without_libreoffice_says_so_and_writes_nothing(demo_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(gallery.shutil, "which", lambda name: None if name == "soffice" else "/bin/x")
    out = tmp_path / "gallery"
    assert main(["gallery", "--db", str(demo_path), "--out", str(out)]) == 2
    assert "soffice" in capsys.readouterr().err and not out.exists()
