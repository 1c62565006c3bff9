"""The Word exports' quick paths write the XML python-docx's own calls write.

docx_document hands out copies of a document prepared once per process, and
run_text puts a text into a run without python-docx's character-by-character
setter: the parts of the files must be the same as those built the plain way,
and no copy may carry what was done to an earlier one.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx.oxml import OxmlElement
from lxml import etree

from thidua_desktop.export import program_docx, script_docx
from thidua_desktop.export import state_format_docx as sfd
from thidua_desktop.services import repository


def _parts(document) -> dict[str, bytes]:
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("landscape, size", [(False, 13), (True, 12), (False, 14)])
def test_a_copy_is_the_document_built_afresh(landscape, size):
    fresh = sfd._prepared_document.__wrapped__(landscape, size)  # python-docx's Document(), set up
    copy = sfd.docx_document(landscape, size)
    assert copy is not sfd._prepared_document(landscape, size)
    assert _parts(copy) == _parts(fresh)
    assert len(_parts(copy)) > 8


def test_what_one_copy_gets_the_next_does_not():
    first = sfd.docx_document()
    first.add_paragraph("chỉ trong bản đầu")
    first.sections[0].left_margin = 0
    first.styles["Normal"].font.size = None
    second = sfd.docx_document()
    assert [p.text for p in second.paragraphs] == []
    assert second.sections[0].left_margin > 0 and second.styles["Normal"].font.size is not None
    assert _parts(second) == _parts(sfd._prepared_document.__wrapped__(False, sfd.SIZES["body"].used))


@pytest.mark.parametrize("text", ["Khai mạc", " lề trái", "lề phải ", "", "a\tb", "dòng 1\ndòng 2",
                                  "về\r", "\t", "  ", "“Ngoặc” – gạch…"])
def test_run_text_writes_what_the_run_text_setter_writes(text):
    quick, plain = OxmlElement("w:r"), OxmlElement("w:r")
    sfd.run_text(quick, text)
    plain.text = text
    assert etree.tostring(quick) == etree.tostring(plain)
    assert quick.text == text.replace("\r", "\n")


@pytest.mark.parametrize("writer", [program_docx.write_program_docx, script_docx.write_script_docx])
def test_the_second_export_is_the_first(demo_db, tmp_path, writer):
    """Two exports in one process (the second from the copy of the prepared document)
    give the same parts, the event's texts in them."""
    event = repository.event_by_code(demo_db, "dh-hon-quan")
    date = dt.date(2025, 6, 1)
    parts = []
    for name in ("a.docx", "b.docx"):
        writer(demo_db, event.id, tmp_path / name, date)
        with zipfile.ZipFile(tmp_path / name) as archive:
            parts.append({n: archive.read(n) for n in archive.namelist()})
    assert parts[0] == parts[1]
    body = parts[0]["word/document.xml"].decode()
    assert "HỚN QUẢN" in body and "w:tblHeader" in body and "w:cantSplit" in body
