"""Invitations (giấy mời) as PDF in the state format: one letter a page.

Letterhead with the number, the title GIẤY MỜI and the event's official name,
"Kính gửi" (a unit's head), the person or delegation, the lines (time, place, dress, what to bring, seat, code, reply),
"Nơi nhận" beside the signature. A bundle has no page numbers: every letter
is its own page 1 (NĐ 30 numbers from page 2 of one document).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from thidua_desktop.export.invitation_content import Invitation, InvitationSet, to_line, to_size
from thidua_desktop.export.state_format import (
    SIZES,
    pdf_document,
    pdf_letterhead,
    pdf_rule,
    pdf_signature,
    pdf_styles,
    title_rule_pt,
    usable_width_mm,
)
from thidua_desktop.fileio import atomic_output


def letter_story(inv: InvitationSet, letter: Invitation) -> list:
    """The flowables of one invitation."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    s = pdf_styles()
    story = list(pdf_letterhead(inv.letterhead))
    story += [Paragraph(inv.title, s["title"]), Paragraph(escape(inv.subject), s["subtitle"]),
              pdf_rule(title_rule_pt([inv.subject], SIZES["subject"].used)), Spacer(1, 3 * mm)]
    if letter.to:
        size = to_size(letter.to, usable_width_mm() * mm)
        style = ParagraphStyle("to", parent=s["center"], fontSize=size, leading=size * 1.22)
        story += [Paragraph(escape(to_line(letter.to)), style), Spacer(1, 2 * mm)]
    story += [Paragraph(escape(inv.opening), s["body"]),
              Paragraph(f"<b>{escape(letter.addressee)}</b>", s["center"])]
    if letter.addressee_detail:
        story.append(Paragraph(escape(letter.addressee_detail), s["center"]))
    if letter.members:
        story.append(Paragraph(escape(letter.members), s["body"]))
    story.append(Spacer(1, 3 * mm))
    for label, text in letter.lines:
        story.append(Paragraph(f"- <b>{escape(label)}:</b> {escape(text)}", s["body"]))
    story += [Paragraph(escape(letter.closing or inv.closing), s["body"]),
              pdf_signature(inv.signature, s, inv.recipients)]
    return story


def write_invitations_pdf(inv: InvitationSet, path: str | Path) -> Path:
    """Every letter of the set into one PDF, one a page."""
    from reportlab.platypus import PageBreak

    path = Path(path)
    story: list = []
    for index, letter in enumerate(inv.letters):
        if index:
            story.append(PageBreak())
        story += letter_story(inv, letter)
    with atomic_output(path) as tmp:
        pdf_document(tmp, title=f"{inv.title} {inv.subject}").build(story)
    return path
