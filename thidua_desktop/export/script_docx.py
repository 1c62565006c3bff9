"""The run-of-show script as Word: the same heading and table as the PDF, one row per item."""

from __future__ import annotations

import datetime as dt
from copy import deepcopy
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.export import state_format_docx as sfd
from thidua_desktop.export.program_content import HEADERS
from thidua_desktop.export.program_docx import docx_grid, docx_heading, docx_row
from thidua_desktop.export.script_content import ScriptDoc, script_document
from thidua_desktop.export.script_pdf import WIDTHS_MM


def script_docx(data: ScriptDoc):
    """A python-docx Document of the script."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = sfd.docx_document()
    sfd.docx_page_numbers(doc)
    docx_heading(doc, data.letterhead, data.heading, data.event_name, data.lines)
    table = docx_grid(doc, (HEADERS[0], "Nội dung, lời dẫn", HEADERS[2]), WIDTHS_MM)
    # The lines' paragraphs come in three formats; python-docx's setters search the XML at
    # every call (most of the script's time), so each format is built once, then copied.
    copies: dict = {}
    for block in data.blocks:
        time_cell, content, who = docx_row(table, WIDTHS_MM)
        time_cell.paragraphs[0].text = block.time.split(" - ")[0]
        time_cell.add_paragraph().add_run(f"({block.minutes} phút)").italic = True
        content.paragraphs[0].add_run(block.title).bold = True
        for line in block.lines:
            kind = line.style if line.style in ("name", "note") else "text"
            text = f"- {line.text}" if kind == "name" else f"({line.text})" if kind == "note" else line.text
            template = copies.get(kind)
            if template is not None:  # the kind's empty paragraph, copied, with this text
                paragraph = deepcopy(template)
                content._tc.append(paragraph)  # as add_paragraph() does: the cell's last child
                sfd.run_text(paragraph.r_lst[0], text)  # as add_run(text) sets it
                continue
            par = content.add_paragraph()
            par.paragraph_format.space_after = Pt(2)
            if kind == "name":
                par.paragraph_format.left_indent = Mm(4)
                par.add_run(text)
            elif kind == "note":
                par.add_run(text).italic = True
            else:
                par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                par.add_run(text)
            copies[kind] = deepcopy(par._p)
            copies[kind].r_lst[0].text = ""
        for i, part in enumerate(block.presenter.split("; ")):
            par = who.paragraphs[0] if i == 0 else who.add_paragraph()
            par.add_run(part)
    sfd.docx_end(doc)
    return doc


def write_script_docx(db: Database, event_id: int, out: str | Path, date: dt.date | None = None) -> Path:
    """Write the run-of-show script of an event to `out` (.docx)."""
    out = Path(out)
    script_docx(script_document(db, event_id, date)).save(str(out))
    return out
