"""The state format (NĐ 30/2020 Phụ lục I) in Word, drawn from state_format's numbers.

A4 with the decree's margins, Times New Roman, the heading block whose two
rules are paragraph borders as long as state_format measures them, the title,
page numbers from page 2 at the top centre, "Nơi nhận" beside the signature
block (one row that never splits), and a last paragraph of 1 pt so that a
full page never pushes an empty page after the signature.
"""

from __future__ import annotations

from copy import deepcopy
from functools import lru_cache

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from thidua_desktop.export.state_format import (
    FONT_NAME,
    ISSUER_SHARE,
    MARGINS_MM,
    MOTTO_1,
    MOTTO_2,
    RULE_THICKNESS_PT,
    SIZES,
    Letterhead,
    Recipients,
    Signature,
    issuer_rule_pt,
    motto_rule_pt,
    place_date_line,
)

RULE_PARAGRAPH_PT = 2  # the empty paragraph that carries a rule
END_PARAGRAPH_PT = 1  # the paragraph Word needs after the last table


def docx_document(landscape: bool = False, size_pt: float = SIZES["body"].used):
    """A new A4 Word document with NĐ 30 margins and Times New Roman.

    A copy of one made once per process: python-docx reads and parses its default
    template (a dozen XML parts) at every Document(), which took a fifth of a
    programme's export; copying the prepared document takes half as long.
    """
    return deepcopy(_prepared_document(landscape, size_pt))


@lru_cache(maxsize=4)
def _prepared_document(landscape: bool, size_pt: float):
    """docx_document's original: never handed out, only copied."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    doc = Document()
    section = doc.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    style = doc.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(size_pt)
    # East-Asian font slot too, so Word never substitutes another face.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT_NAME)
    style.paragraph_format.space_after = Pt(0)
    return doc


def usable(doc) -> int:
    """Text width of the first section, EMU."""
    section = doc.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def par(container, text: str = "", bold=False, italic=False, size=None, center=True,
        underline=False):
    """A paragraph with one run (none when `text` is empty)."""
    paragraph = container.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run = paragraph.add_run()
        run_text(run._r, text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return paragraph


def run_text(r, text: str) -> None:
    """`r.text = text` for a `w:r` holding no text yet, the same XML: one `w:t` when the
    text has no tab or line break (python-docx's setter runs an XPath to clear the run,
    then reads the text a character at a time)."""
    if "\t" in text or "\n" in text or "\r" in text:
        r.text = text
    elif text:
        r.add_t(text)


def _clear(cell) -> None:
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)


def _no_cell_margins(table) -> None:
    """Zero cell margins, so a cell's text width is its column width (rules are measured on it)."""
    props = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    props.append(margins)


def set_widths(table, widths) -> None:
    """Column widths in the grid and in every cell (LibreOffice reads the grid, Word the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def rule(cell, width_emu: int, rule_emu: int) -> None:
    """An empty paragraph whose bottom border is a centred rule of `rule_emu`."""
    paragraph = par(cell)
    indent = max(0, (width_emu - rule_emu) // 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Emu(indent)
    fmt.space_before, fmt.space_after = Pt(2), Pt(0)  # clear of the descenders above
    fmt.line_spacing = Pt(RULE_PARAGRAPH_PT)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(round(RULE_THICKNESS_PT * 8)))  # eighths of a point
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def docx_letterhead(doc, lh: Letterhead):
    """The two-column heading table without borders; returns it (the left cell takes a V/v line)."""
    width = usable(doc)
    table = doc.add_table(rows=1, cols=2)
    _no_cell_margins(table)
    left, right = table.rows[0].cells
    widths = (int(width * ISSUER_SHARE), width - int(width * ISSUER_SHARE))
    set_widths(table, widths)
    for cell in (left, right):
        _clear(cell)
    if lh.issuer_upper:
        par(left, lh.issuer_upper, size=SIZES["upper"].used)
    par(left, lh.issuer, bold=True, size=SIZES["issuer"].used)
    rule(left, widths[0], int(Pt(issuer_rule_pt(lh.issuer, widths[0] / 12700))))
    if lh.number:
        par(left, lh.number, size=SIZES["number"].used).paragraph_format.space_before = Pt(4)
    par(right, MOTTO_1, bold=True, size=SIZES["motto1"].used)
    par(right, MOTTO_2, bold=True, size=SIZES["motto2"].used)
    rule(right, widths[1], int(Pt(motto_rule_pt())))
    par(right, place_date_line(lh), italic=True, size=SIZES["date"].used).paragraph_format.space_before = Pt(6)
    return table


def docx_title(doc, lines: list[str]) -> None:
    """The centred title: the first line 14 pt bold (tên loại), the others 13 pt bold."""
    for i, line in enumerate(lines):
        paragraph = par(doc, line, bold=True, size=SIZES["title" if i == 0 else "subject"].used)
        paragraph.paragraph_format.space_before = Pt(12 if i == 0 else 0)
        paragraph.paragraph_format.keep_with_next = True


def cant_split(row) -> None:
    """A table row that Word and LibreOffice never break across pages."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def repeat_header(row) -> None:
    """Mark a row as a header row: Word and LibreOffice repeat it on every page."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def docx_signature(doc, signature: Signature, recipients: Recipients | None = None) -> None:
    """"Nơi nhận" left, the signature block right: one unsplittable row, then the end mark."""
    width = usable(doc)
    table = doc.add_table(rows=1, cols=2)
    _no_cell_margins(table)
    set_widths(table, (int(width * 0.45), width - int(width * 0.45)))
    left, right = table.rows[0].cells
    _clear(left)
    _clear(right)
    if recipients:
        par(left, Recipients.HEAD, bold=True, italic=True, size=SIZES["recipients_head"].used,
            center=False).paragraph_format.space_before = Pt(6)
        for item in recipients.items:
            par(left, item, size=SIZES["recipients"].used, center=False)
    else:
        par(left)
    first = par(right, "", center=True)
    first.paragraph_format.space_before = Pt(6)
    for line in signature.lines:
        par(right, line, bold=True, size=SIZES["sign"].used)
    for _ in range(4):
        par(right)
    par(right, signature.name, bold=True, size=SIZES["sign"].used)
    cant_split(table.rows[0])
    docx_end(doc)


def docx_end(doc) -> None:
    """The paragraph Word requires after a closing table, 1 pt tall: never a page of its own."""
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(END_PARAGRAPH_PT)
    paragraph.add_run("").font.size = Pt(END_PARAGRAPH_PT)


def docx_page_numbers(doc) -> None:
    """A PAGE field centred in the header (13 pt), hidden on the first page (NĐ 30)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(SIZES["page"].used)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
