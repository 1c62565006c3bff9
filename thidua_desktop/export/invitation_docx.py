"""Invitations (giấy mời) as one Word file: one letter a page, each its own section.

Same content as the PDF (invitation_pdf). Each letter is a section of its
own, starting on a new page with its page numbers restarted and hidden on
its first page, so the office may lengthen one letter without shifting the
others and no letter shows another's page number.
"""

from __future__ import annotations

from pathlib import Path

from thidua_desktop.export import state_format_docx as sfd
from thidua_desktop.export.invitation_content import Invitation, InvitationSet, to_line, to_size
from thidua_desktop.export.state_format import SIZES, title_rule_pt, usable_width_mm
from thidua_desktop.fileio import atomic_output


def _restart_numbers(section) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect = section._sectPr
    for old in sect.findall(qn("w:pgNumType")):
        sect.remove(old)
    el = OxmlElement("w:pgNumType")
    el.set(qn("w:start"), "1")
    sect.append(el)


def add_letter(doc, inv: InvitationSet, letter: Invitation) -> None:
    """Append one invitation."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    sfd.docx_letterhead(doc, inv.letterhead)
    sfd.docx_title(doc, [inv.title, inv.subject])
    sfd.rule(doc, sfd.usable(doc), int(Pt(title_rule_pt([inv.subject]))))
    if letter.to:
        sfd.par(doc, to_line(letter.to), size=to_size(letter.to, usable_width_mm() * 72 / 25.4)
                ).paragraph_format.space_before = Pt(6)
    sfd.par(doc, inv.opening, center=False).paragraph_format.first_line_indent = Pt(28)
    sfd.par(doc, letter.addressee, bold=True)
    if letter.addressee_detail:
        sfd.par(doc, letter.addressee_detail)
    if letter.members:
        members = sfd.par(doc, letter.members, center=False)
        members.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        members.paragraph_format.first_line_indent = Pt(28)
    for label, text in letter.lines:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Pt(28)
        paragraph.add_run(f"- {label}: ").bold = True
        paragraph.add_run(text)
    closing = sfd.par(doc, letter.closing or inv.closing, center=False, size=SIZES["body"].used)
    closing.paragraph_format.first_line_indent = Pt(28)
    closing.paragraph_format.space_after = Pt(12)  # as the PDF: air between the text and "Nơi nhận"
    sfd.docx_signature(doc, inv.signature, inv.recipients)


def write_invitations_docx(inv: InvitationSet, path: str | Path) -> Path:
    """Every letter of the set into one Word file."""
    from docx.enum.section import WD_SECTION

    path = Path(path)
    doc = sfd.docx_document()
    sfd.docx_page_numbers(doc)
    _restart_numbers(doc.sections[0])
    for index, letter in enumerate(inv.letters):
        if index:
            _restart_numbers(doc.add_section(WD_SECTION.NEW_PAGE))
        add_letter(doc, inv, letter)
    doc.core_properties.title = f"{inv.title} {inv.subject}"
    doc.core_properties.author = "Thi đua Desktop"
    with atomic_output(path) as tmp:
        doc.save(str(tmp))
    return path
