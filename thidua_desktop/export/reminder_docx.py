"""Reminder letters (công văn đôn đốc) as Word documents, in the state document format.

Same content as the PDF (see reminder_pdf): the office edits the Word file
when it wants to add a sentence before signing.
"""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.export import state_format_docx as sfd
from thidua_desktop.export.reminder_pdf import recipients, signature
from thidua_desktop.export.state_format import SIZES
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services.dossier_reminders import (
    ReminderLetter,
    ReminderSet,
    letter_paragraphs,
    letter_rows,
)


def _par(container, text: str = "", bold=False, italic=False, size=None, align=None, indent=False,
         space_after=None):
    from docx.shared import Pt

    par = container.add_paragraph()
    if align is not None:
        par.alignment = align
    if indent:
        par.paragraph_format.first_line_indent = Pt(28)
    if space_after is not None:
        par.paragraph_format.space_after = Pt(space_after)
    if text:
        run = par.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    return par


def _clear(cell) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)


def _items_table(doc, letter: ReminderLetter) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    center = WD_ALIGN_PARAGRAPH.CENTER
    widths = [Mm(12), 0, Mm(14), Mm(28), Mm(42)]
    widths[1] = sfd.usable(doc) - sum(widths)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, ("STT", "Tên hồ sơ", "Số bản", "Hạn nộp", "Tình trạng"),
                          strict=True):
        _clear(cell)
        _par(cell, text, bold=True, align=center)
    sfd.repeat_header(table.rows[0])
    sfd.cant_split(table.rows[0])
    for number, line in enumerate(letter_rows(letter), start=1):
        row = table.add_row()
        sfd.cant_split(row)
        cells = row.cells
        values = (str(number), line.label, f"{line.copies:02d}", line.due_text, line.status_text)
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _clear(cell)
            _par(cell, text, align=None if index in (1, 4) else center)
    sfd.set_widths(table, widths)


def add_letter(doc, reminders: ReminderSet, letter: ReminderLetter) -> None:
    """Append one letter to a document."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    head = sfd.docx_letterhead(doc, reminders.letterhead)
    left = head.rows[0].cells[0]
    _par(left, reminders.subject, size=SIZES["letter_subject"].used, align=WD_ALIGN_PARAGRAPH.CENTER)
    _par(doc)
    _par(doc, f"Kính gửi: {letter.addressee}.", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    first, second, third = letter_paragraphs(reminders, letter)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _par(doc, first, align=justify, indent=True, space_after=4)
    _par(doc, second, align=justify, indent=True, space_after=4)
    _items_table(doc, letter)
    _par(doc, space_after=2)
    _par(doc, third, align=justify, indent=True, space_after=6)
    sfd.docx_signature(doc, signature(reminders), recipients(reminders))


def write_letters_docx(reminders: ReminderSet, path: str | Path,
                       letters: list[ReminderLetter] | None = None) -> Path:
    """Write the letters (default: all) into one Word file, each from a new page."""
    from docx.enum.text import WD_BREAK

    path = Path(path)
    doc = sfd.docx_document()
    letters = list(reminders.letters if letters is None else letters)
    if len(letters) == 1:  # a bundle restarts every letter on page 1: no numbers then
        sfd.docx_page_numbers(doc)
    for index, letter in enumerate(letters):
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        add_letter(doc, reminders, letter)
    doc.core_properties.title = reminders.subject
    doc.core_properties.author = "Thi đua Desktop"
    with atomic_output(path) as tmp:
        doc.save(str(tmp))
    return path
