"""The programme as PDF (reportlab): state format, a time | content | presenter table.

`grid_tables` is shared with the run-of-show script: long tables go to
reportlab in chunks of a few hundred rows with fixed column widths, since one
long Table lays out worse than linearly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from sqlite_utils import Database

from thidua_desktop.export import state_format as sf
from thidua_desktop.export.program_content import HEADERS, ProgramDoc, program_document

CHUNK_ROWS = 250
# Fixed widths (mm) of time | content | presenter on A4 portrait (165 mm usable).
WIDTHS_MM = (31, 80, 54)


def para(text: str, style, markup: bool = False):
    """A Paragraph from plain text (escaped) or from our own markup."""
    from reportlab.platypus import Paragraph

    return Paragraph(text if markup else escape(text), style)


def grid_tables(header: list, body: list[list], widths: list[float],
                block_starts: set[int] | None = None, chunk: int = CHUNK_ROWS) -> list:
    """Tables of `chunk` body rows each, header repeated, fixed widths.

    Lines are drawn between blocks only (`block_starts`: body row indexes that
    begin a block; default every row), so a block may span several rows and
    reportlab can break a page inside it.
    """
    from reportlab.platypus import Table, TableStyle

    tables = []
    for begin in range(0, max(len(body), 1), chunk):
        part = body[begin:begin + chunk]
        commands = [
            # Without a FONTNAME the cells set Helvetica, an unembedded font.
            ("FONTNAME", (0, 0), (-1, -1), sf.pdf_fonts().regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 0.6, "black"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, "black"),
            ("BACKGROUND", (0, 0), (-1, 0), "#f2f2f2"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        commands += [("LINEBEFORE", (c, 0), (c, -1), 0.6, "black") for c in range(1, len(widths))]
        for offset in range(len(part)):
            if block_starts is None or begin + offset in block_starts:
                commands.append(("LINEABOVE", (0, offset + 1), (-1, offset + 1), 0.6, "black"))
        table = Table([header, *part], colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        tables.append(table)
    return tables


# Where official titles break a line, best first ("... HỚN QUẢN / LẦN THỨ III (2025 – 2030)").
_BREAKS = (" LẦN THỨ ", " GIAI ĐOẠN ", " NHIỆM KỲ ", " NĂM ", " (")


def title_lines(name: str, max_chars: int = 56) -> list[str]:
    """The official name in lines: kept whole when short, else broken before its edition or period."""
    lines = []
    for part in name.split("\n"):
        part = part.strip()
        if len(part) <= max_chars:
            lines.append(part)
            continue
        cut = next((part.find(b) for b in _BREAKS if 0 < part.find(b) and len(part) - part.find(b) <= max_chars
                    and part.find(b) <= max_chars), -1)
        lines += [part[:cut].strip(), part[cut:].strip()] if cut > 0 else [part]
    return lines


def heading_flowables(doc_letterhead, heading: str, event_name: str, lines: list[str]) -> list:
    """Letterhead, then the centred title block of a programme or script."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    s = sf.pdf_styles()
    story = list(sf.pdf_letterhead(doc_letterhead))
    story.append(Spacer(1, 6 * mm))
    story.append(para(heading, s["title"]))
    name_style = s["subtitle"].clone("event_name", spaceAfter=2)
    names = title_lines(event_name)
    for part in names:
        story.append(para(part, name_style))
    story.append(Spacer(1, 2 * mm))
    for line in lines:
        story.append(para(line, s["center_italic"]))
    story.append(Spacer(1, 2 * mm))
    story.append(sf.pdf_rule(sf.title_rule_pt(names), space_after=8))
    return story


def program_story(doc: ProgramDoc) -> list:
    """Flowables of the programme."""
    from reportlab.lib.units import mm

    s = sf.pdf_styles()
    detail = s["cell"].clone("detail", leftIndent=6)
    header = [para(h, s["cell_bold"]) for h in HEADERS]
    body, starts = [], set()
    for row in doc.rows:
        # An item's details (the speeches of a discussion) go one per row without lines
        # between them: a page may break between two of them, never inside one.
        starts.add(len(body))
        body.append([para(row.time, s["cell_center"]), para(row.title, s["cell"]),
                     para(row.presenter, s["cell"])])
        body += [["", para(d, detail), ""] for d in row.details]
    story = heading_flowables(doc.letterhead, doc.heading, doc.event_name, doc.lines)
    story += grid_tables(header, body, [w * mm for w in WIDTHS_MM], starts)
    return story


def write_program_pdf(db: Database, event_id: int, out: str | Path, date: dt.date | None = None) -> Path:
    """Write the programme of an event to `out` (.pdf)."""
    doc = program_document(db, event_id, date)
    return build_pdf(out, program_story(doc), f"Chương trình {doc.event_name}")


def build_pdf(out: str | Path, story: list, title: str) -> Path:
    """Lay out the story on A4 with page numbers from page 2; our fonts only."""
    out = Path(out)
    document = sf.pdf_document(out, title=title)
    document.build(story, onLaterPages=sf.pdf_page_number)
    return out
