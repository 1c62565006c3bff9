"""Reminder letters (công văn đôn đốc) as PDF, in the state document format.

One letter per unit: letterhead, subject (V/v) under the number, "Kính gửi",
the basis, the table of missing items with deadlines, the request with the
date to reply by, "Nơi nhận" beside the signature block. Several letters in
one file start each on a new page.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from thidua_desktop.export.state_format import (
    Recipients,
    Signature,
    pdf_document,
    pdf_fonts,
    pdf_letterhead,
    pdf_page_number,
    pdf_signature,
    pdf_styles,
    usable_width_mm,
)
from thidua_desktop.fileio import atomic_output
from thidua_desktop.services.dossier_reminders import (
    ReminderLetter,
    ReminderSet,
    letter_paragraphs,
    letter_rows,
)


def _width():
    from reportlab.lib.units import mm

    return usable_width_mm() * mm


def _items_table(letter: ReminderLetter, styles: dict):
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    width = _width()
    widths = [12 * mm, 0, 14 * mm, 28 * mm, 42 * mm]  # 28 mm: "10/04/2025" on one line at 13 pt
    widths[1] = width - sum(widths)
    head = [Paragraph(t, styles["cell_bold"]) for t in ("STT", "Tên hồ sơ", "Số bản", "Hạn nộp", "Tình trạng")]
    rows = [head]
    for number, line in enumerate(letter_rows(letter), start=1):
        rows.append([
            Paragraph(str(number), styles["cell_center"]), Paragraph(escape(line.label), styles["cell"]),
            Paragraph(f"{line.copies:02d}", styles["cell_center"]),
            Paragraph(line.due_text, styles["cell_center"]), Paragraph(escape(line.status_text), styles["cell"]),
        ])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), pdf_fonts().regular),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def recipients(reminders: ReminderSet) -> Recipients:
    """"Nơi nhận" of a letter: the addressee ("Như trên") and the archive."""
    number = reminders.letterhead.number
    code = number.rsplit("/", 1)[-1] if "/" in number else ""
    return Recipients(("- Như trên;", f"- Lưu: VT{', ' + code if code else ''}."))


def signature(reminders: ReminderSet) -> Signature:
    """The letters' signer as the state format's plain data."""
    sign = reminders.signer
    return Signature(sign.title, sign.name, sign.role)


def letter_story(reminders: ReminderSet, letter: ReminderLetter) -> list:
    """The flowables of one letter."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    styles = pdf_styles()
    story = list(pdf_letterhead(reminders.letterhead))
    width = _width()
    subject = Table([[Paragraph(escape(reminders.subject), styles["letter_subject"]), ""]],
                    colWidths=[width * 0.40, width * 0.60])
    subject.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), pdf_fonts().regular),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    story += [subject, Spacer(1, 6 * mm),
              Paragraph(f"Kính gửi: {escape(letter.addressee)}.", styles["center"]), Spacer(1, 5 * mm)]
    first, second, third = letter_paragraphs(reminders, letter)
    story += [Paragraph(escape(first), styles["body"]), Paragraph(escape(second), styles["body"]),
              Spacer(1, 2 * mm), _items_table(letter, styles), Spacer(1, 3 * mm),
              # The last paragraph goes with the signature: never a page with the signature alone.
              KeepTogether([Paragraph(escape(third), styles["body"]),
                            pdf_signature(signature(reminders), styles, recipients(reminders))])]
    return story


def write_letters_pdf(reminders: ReminderSet, path: str | Path,
                      letters: list[ReminderLetter] | None = None) -> Path:
    """Write the letters (default: all) into one PDF, each from a new page."""
    from reportlab.platypus import PageBreak

    path = Path(path)
    letters = list(reminders.letters if letters is None else letters)
    story: list = []
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        story += letter_story(reminders, letter)
    title = reminders.subject if len(letters) != 1 else f"{reminders.subject} - {letters[0].unit_name}"
    with atomic_output(path) as tmp:
        doc = pdf_document(tmp, title=title)
        # Page numbers only make sense within one letter; a bundle restarts every letter on page 1.
        if len(letters) == 1:
            doc.build(story, onLaterPages=pdf_page_number)
        else:
            doc.build(story)
    return path
