"""The bare python-docx baseline of the programme and the script: our document's content, plainly.

Read back from our .docx before the clock starts: the body in order, each
paragraph as its runs (text, bold, italic, size), each table as its cells'
paragraphs, with the column widths. Timed: python-docx writing all of it
the plain way (`Document()`, A4 with the same margins, Normal in Times New
Roman at our size (page size and margins as ours), `add_table` with "Table Grid" for bordered tables, the
column widths, `add_paragraph` / `add_run` with bold, italic and size,
centred paragraphs centred), then `save`. Left out, as the library's
plain use does not give them: the rules under the heading (paragraph
borders), indents and spacing, the header row repeated on each page, rows
that do not split, the page-number field.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn

_PAGE = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
Run = tuple[str, bool, bool, float | None]  # text, bold, italic, size in points
Para = tuple[bool, list[Run]]  # centred, runs
Table = tuple[bool, list[int], list[list[list[Para]]]]  # bordered, widths (EMU), rows of cells


def _para(paragraph) -> Para:
    runs = [(r.text, bool(r.bold), bool(r.italic), r.font.size.pt if r.font.size else None)
            for r in paragraph.runs]
    return paragraph.alignment == 1, runs


def read_spec(path: Path):
    """Our document's body, in order: ("p", Para) and ("t", Table) items; and the Normal size."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    source = docx.Document(str(path))
    body = []
    for child in source.element.body.iterchildren():
        if child.tag == qn("w:p"):
            body.append(("p", _para(Paragraph(child, source))))
        elif child.tag == qn("w:tbl"):
            table = DocxTable(child, source)
            bordered = table.style is not None and table.style.name == "Table Grid"
            widths = [column.width for column in table.columns]
            rows = [[[_para(p) for p in cell.paragraphs] for cell in row.cells] for row in table.rows]
            body.append(("t", (bordered, widths, rows)))
    section = source.sections[0]
    page = [getattr(section, name) for name in _PAGE]
    return body, source.styles["Normal"].font.size, page


def writer(spec, out: Path):
    """A function writing `spec` (read_spec's) with plain python-docx to `out`."""
    import docx
    from docx.shared import Pt

    body, normal_size, page = spec

    def fill(paragraph, para: Para) -> None:
        centred, runs = para
        if centred:
            paragraph.alignment = 1
        for text, bold, italic, size in runs:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if size:
                run.font.size = Pt(size)

    def write(_rep):
        doc = docx.Document()
        section = doc.sections[0]
        for name, value in zip(_PAGE, page, strict=True):
            setattr(section, name, value)
        normal = doc.styles["Normal"]
        normal.font.name, normal.font.size = "Times New Roman", normal_size
        for kind, item in body:
            if kind == "p":
                fill(doc.add_paragraph(), item)
                continue
            bordered, widths, rows = item
            table = doc.add_table(rows=len(rows), cols=len(widths))
            if bordered:
                table.style = "Table Grid"
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, paragraphs in zip(row.cells, cells, strict=False):
                    first, *more = paragraphs or [(False, [])]
                    fill(cell.paragraphs[0], first)
                    for para in more:
                        fill(cell.add_paragraph(), para)
        doc.save(str(out))

    return write
