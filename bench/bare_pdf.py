"""The bare reportlab baseline of the programme and the script: our content, plainly.

Timed: reportlab's platypus writing, on A4 with our margins, the letterhead
as a two-column Table of Paragraphs (the issuer and its body above, the
number; the two motto lines, the place and date), the title lines and the
content lines centred, then one Table (repeated header row) of Paragraphs
with our column widths and a grid, with the same three TTF faces as ours
(regular, bold, italic: three subsets embedded). Left out, as the library's
plain use does not give them: the measured rules under the letterhead, the
shaded header, lines only between blocks, the page numbers, our chunking of
long tables.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

_FACES = ("Bare-Serif", "Bare-Serif-Bold", "Bare-Serif-Italic")


def styles() -> dict:
    """Register the three faces (the paths ours uses) and return the paragraph styles."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from thidua_desktop.export.state_format import font_files

    _family, paths = font_files()
    for name, path in zip(_FACES, paths[:3], strict=True):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    regular, bold, italic = _FACES
    return {
        "text": ParagraphStyle("bare", fontName=regular, fontSize=13, leading=16, alignment=TA_CENTER),
        "bold": ParagraphStyle("bare-bold", fontName=bold, fontSize=13, leading=16, alignment=TA_CENTER),
        "italic": ParagraphStyle("bare-italic", fontName=italic, fontSize=13, leading=16,
                                 alignment=TA_CENTER),
        "cell": ParagraphStyle("bare-cell", fontName=regular, fontSize=12, leading=14),
        "head": ParagraphStyle("bare-head", fontName=bold, fontSize=12, leading=14, alignment=TA_CENTER),
    }


def heading(content, s: dict) -> list:
    """The letterhead table, the title lines and the content's own lines."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table

    from thidua_desktop.export.state_format import ISSUER_SHARE, MOTTO_1, MOTTO_2, place_date_line

    lh = content.letterhead
    left = [Paragraph(escape(lh.issuer_upper), s["text"])] if lh.issuer_upper else []
    left.append(Paragraph(escape(lh.issuer), s["bold"]))
    if lh.number:
        left.append(Paragraph(escape(lh.number), s["text"]))
    right = [Paragraph(MOTTO_1, s["bold"]), Paragraph(escape(MOTTO_2), s["bold"]),
             Paragraph(escape(place_date_line(lh)), s["italic"])]
    usable = 165 * mm
    letterhead = Table([[left, right]], colWidths=[usable * ISSUER_SHARE, usable * (1 - ISSUER_SHARE)])
    letterhead.setStyle([("FONTNAME", (0, 0), (-1, -1), _FACES[0])])  # else Helvetica, unembedded
    story = [letterhead]
    story += [Paragraph(escape(t), s["bold"]) for t in (content.heading, content.event_name)]
    story += [Paragraph(escape(t), s["italic"]) for t in content.lines]
    return story


def writer(content, header, rows, widths_mm, out: Path):
    """A function writing the heading and the table (rows of escaped markup) to `out`."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    s = styles()

    def write(_rep):
        story = heading(content, s)
        data = [[Paragraph(escape(h), s["head"]) for h in header]]
        data += [[Paragraph(x, s["cell"]) for x in row] for row in rows]
        table = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), _FACES[0]),
                                   ("GRID", (0, 0), (-1, -1), 0.6, "black"),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
        SimpleDocTemplate(str(out), pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm,
                          topMargin=20 * mm, bottomMargin=20 * mm).build(story)

    return write
