"""A conformance checker: reads an exported file back and measures it against NĐ 30/2020.

Each check_* returns the list of problems found (empty: the file conforms).
It measures what was written, with tools other than the writers' own: poppler's
pdftotext for where text lies on a PDF page, pypdf for font sizes, fonts and
drawn lines, python-docx / openpyxl for Word and Excel, and PIL's own TrueType
reader for text widths. The decree's figures come from state_format.SIZES,
MARGIN_RANGES_MM and ISSUER_RULE_RANGE, which cite it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from thidua_desktop.export import state_format as sf
from thidua_desktop.paths import fonts_dir

MM = 72 / 25.4
TOL_PT = 1.5  # positions and lengths: what rounding in three programs may take


@dataclass
class Expect:
    """What a document should show, besides what every document shows."""

    header_text: str = ""  # a table's first header cell, repeated on every page
    signature: str = ""  # the signature's title line; nothing may follow the block
    rows_whole: bool = True  # Word: no table row may break across pages
    small_texts: set[str] = field(default_factory=set)  # texts allowed below body size
    landscape: bool | None = None  # the orientation the document must have (None: either)


def _orientation(landscape: bool, expect: Expect) -> list[str]:
    if expect.landscape is None or expect.landscape == landscape:
        return []
    return [f"{'landscape' if landscape else 'portrait'}, expected the other orientation"]


@lru_cache(maxsize=8)
def _pil_font(bold: bool, size: float):
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    # Sizes in a 100x scale for precision; widths are divided back.
    return ImageFont.truetype(str(fonts_dir() / name), int(size * 100))


def measured_width_pt(text: str, size: float, bold: bool) -> float:
    """Width of `text` by PIL's TrueType reader (not reportlab's, which the writers use)."""
    return _pil_font(bold, size).getlength(text) / 100


def _in(value: float, size: sf.Size) -> bool:
    return size.low - 0.01 <= value <= size.high + 0.01


# --- PDF ----------------------------------------------------------------------

@dataclass
class _Run:
    text: str
    size: float
    x: float
    y: float
    font: str


def _pdf_runs_and_lines(page) -> tuple[list[_Run], list[tuple[float, float, float]]]:
    """Text runs (size, start) and horizontal line segments (x1, x2, y) of a page."""
    runs: list[_Run] = []
    segments: list[tuple[float, float, float]] = []
    state = {"start": None}

    def on_text(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
            runs.append(_Run(text.strip(), round(font_size * scale, 2), x, y, name))

    def on_op(op, args, cm, tm):
        if op in (b"m", b"l") and len(args) == 2:
            x = float(args[0]) * cm[0] + float(args[1]) * cm[2] + cm[4]
            y = float(args[0]) * cm[1] + float(args[1]) * cm[3] + cm[5]
            if op == b"m":
                state["start"] = (x, y)
            elif state["start"] is not None:
                x0, y0 = state["start"]
                if abs(y - y0) < 0.01 and abs(x - x0) > 1:
                    segments.append((min(x0, x), max(x0, x), y))
                state["start"] = (x, y)

    page.extract_text(visitor_text=on_text, visitor_operand_before=on_op)
    return runs, segments


def _bbox_lines(path: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, poppler's text lines: (text, xMin, yMin, xMax, yMax) from the top-left."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        lines = []
        for block in re.findall(r"<line (.*?)</line>", page, re.S):
            box = [float(v) for v in re.findall(r'(?:xMin|yMin|xMax|yMax)="([\d.]+)"', block)[:4]]
            words = re.findall(r">([^<]+)</word>", block)
            lines.append((" ".join(words), *box))
        pages.append(lines)
    return pages


def check_pdf(path: Path, expect: Expect) -> list[str]:
    """Paper, margins, fonts embedded, sizes, rules, page numbers, header repeated, the end."""
    from pypdf import PdfReader

    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext (poppler-utils) is needed to measure PDFs")
    problems: list[str] = []
    reader = PdfReader(path)
    boxes = _bbox_lines(path)
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if sorted((round(width / MM), round(height / MM))) != [210, 297]:
            problems.append(f"page {number}: paper {width / MM:.0f} x {height / MM:.0f} mm is not A4")
        problems += [f"page {number}: {p}" for p in _orientation(width > height, expect)]
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"page {number}: font {font.get('/BaseFont')} is not embedded")
        for text, x0, y0, x1, y1 in boxes[number - 1]:
            is_page_number = text == str(number) and y1 < sf.MARGINS_MM["top"] * MM
            if is_page_number:
                continue
            if x0 < sf.MARGINS_MM["left"] * MM - TOL_PT or x1 > width - sf.MARGINS_MM["right"] * MM + TOL_PT:
                problems.append(f"page {number}: “{text[:30]}” outside the side margins")
            if y0 < sf.MARGINS_MM["top"] * MM - TOL_PT or y1 > height - sf.MARGINS_MM["bottom"] * MM + TOL_PT:
                problems.append(f"page {number}: “{text[:30]}” outside the top/bottom margins")
        runs, segments = _pdf_runs_and_lines(page)
        problems += _pdf_page_number(number, runs, width, height)
        if number == 1:  # the heading block down to the date line has its own sizes
            dates = [r.y for r in runs if ", ngày" in r.text]
            top = min(dates) - 1 if dates else height
            problems += [f"heading “{r.text[:30]}” at {r.size} pt" for r in runs
                         if r.y >= top and not 12 <= r.size <= 14]
            runs_below = [r for r in runs if r.y < top]
        else:
            runs_below = runs
        problems += _pdf_sizes(number, runs_below, expect)
        if number == 1:  # segments from the top, as poppler's lines
            problems += _pdf_heading(runs, [(a, b, height - y) for a, b, y in segments], boxes[0])
        if number > 1 and expect.header_text and not any(r.text.startswith(expect.header_text)
                                                        for r in runs):
            problems.append(f"page {number}: the table's header row is not repeated")
    if expect.signature:
        problems += _pdf_end(boxes[-1], expect.signature)
    return problems


def _pdf_page_number(number: int, runs: list[_Run], width: float, height: float) -> list[str]:
    top = [r for r in runs if r.y > height - sf.MARGINS_MM["top"] * MM]
    if number == 1:
        return [f"page 1: text in the top margin ({top[0].text!r})"] if top else []
    numbers = [r for r in top if r.text == str(number)]
    if not numbers:
        return [f"page {number}: no page number in the top margin"]
    run = numbers[0]
    problems = []
    if not _in(run.size, sf.SIZES["page"]):
        problems.append(f"page {number}: page number at {run.size} pt")
    glyph = measured_width_pt(run.text, run.size, False)
    if abs(run.x + glyph / 2 - width / 2) > 2:
        problems.append(f"page {number}: page number not centred")
    return problems


def _pdf_sizes(number: int, runs: list[_Run], expect: Expect) -> list[str]:
    small = {sf.MOTTO_1, sf.Recipients.HEAD} | expect.small_texts
    problems = []
    for run in runs:
        if run.size < sf.SIZES["body"].low - 0.01 and not any(run.text in t for t in small) \
                and not run.text.startswith("- "):
            problems.append(f"page {number}: “{run.text[:40]}” at {run.size} pt (body is 13-14)")
        if run.text == sf.Recipients.HEAD and (run.size != 12 or "BoldItalic" not in run.font):
            problems.append(f"page {number}: “Nơi nhận:” at {run.size} pt {run.font}")
    return problems


def _pdf_heading(runs, segments, lines) -> list[str]:
    """Motto and issuer sizes, and the two rules measured against their text."""
    problems = []
    by_text = {r.text: r for r in runs}
    for text, key in ((sf.MOTTO_1, "motto1"), (sf.MOTTO_2, "motto2")):
        run = by_text.get(text)
        if run is None or not _in(run.size, sf.SIZES[key]) or "Bold" not in run.font:
            problems.append(f"{text}: size {run.size if run else None} (decree {sf.SIZES[key]})")
    motto = next((ln for ln in lines if ln[0] == sf.MOTTO_2), None)
    if motto is None:
        return problems + ["no motto line"]
    problems += _rule_under(motto, segments, (1.0, 1.0), "motto", lines)
    issuer_line = _issuer_line(lines, motto)
    if issuer_line is None:
        return problems + ["no issuing body found left of the motto"]
    return problems + _rule_under(issuer_line, segments, sf.ISSUER_RULE_RANGE, "issuer", lines)


def _issuer_line(lines, motto):
    """The bold issuer: the lowest line left of the motto column and above the rules."""
    left = [ln for ln in lines if ln[3] < motto[1] and ln[2] < motto[4] + 4 and ln[0].isupper()]
    return max(left, key=lambda ln: ln[4]) if left else None


def _rule_under(line, segments, share: tuple[float, float], what: str, lines) -> list[str]:
    """The first horizontal segment just below `line`, centred on it, as a share of its width."""
    text, x0, _y0, x1, y1 = line
    width, centre = x1 - x0, (x0 + x1) / 2
    below = sorted((sy, sx1 - sx0, (sx0 + sx1) / 2) for sx0, sx1, sy in segments
                   if y1 - 1 < sy < y1 + 12 and abs((sx0 + sx1) / 2 - centre) < 6)
    if not below:
        return [f"no rule under the {what} “{text}”"]
    _y, length, middle = below[0]
    low, high = share
    ratio = length / width
    problems = []
    if not (low - 0.02 <= ratio <= high + 0.02):
        problems.append(f"{what} rule {length / MM:.1f} mm for {width / MM:.1f} mm of text "
                        f"({ratio:.2f}, decree {low:.2f}-{high:.2f})")
    if abs(middle - centre) > TOL_PT:
        problems.append(f"{what} rule not centred under its text")
    return problems


def _pdf_end(last_page_lines, signature: str) -> list[str]:
    sign = [ln for ln in last_page_lines if signature.upper() in ln[0].upper()]
    if not sign:
        return [f"the last page has no signature “{signature}”"]
    _t, sx0, _sy0, _sx1, sy1 = sign[-1]
    after = [ln for ln in last_page_lines if ln[2] > sy1 + 1 and ln[1] > sx0 - 60
             and not ln[0].startswith("-")]
    # Below the title: the signer's name only (and the Nơi nhận list on the left).
    return [f"text after the signature: “{ln[0][:40]}”" for ln in after[1:]]


# --- Word ---------------------------------------------------------------------

def _twips_attr(el, name):
    from docx.oxml.ns import qn

    value = el.get(qn(name)) if el is not None else None
    return int(value) if value else 0


def check_docx(path: Path, expect: Expect) -> list[str]:
    """Paper, margins, fonts, sizes, rules, page numbers, header rows, unsplit rows, the end."""
    import docx

    problems: list[str] = []
    doc = docx.Document(str(path))
    section = doc.sections[0]
    size = sorted((round(section.page_width.mm), round(section.page_height.mm)))
    if size != [210, 297]:
        problems.append(f"paper {size} mm is not A4")
    problems += _orientation(section.page_width > section.page_height, expect)
    for side in ("top", "bottom", "left", "right"):
        value = getattr(section, f"{side}_margin").mm
        low, high = sf.MARGIN_RANGES_MM[side]
        if not low - 0.1 <= value <= high + 0.1:
            problems.append(f"{side} margin {value:.1f} mm (decree {low}-{high} mm)")
    normal = doc.styles["Normal"].font
    if normal.name != sf.FONT_NAME or not _in(normal.size.pt, sf.SIZES["body"]):
        problems.append(f"body font {normal.name} {normal.size.pt if normal.size else None} pt")
    problems += _docx_page_numbers(doc, section)
    problems += _docx_heading(doc)
    problems += _docx_runs(doc, expect)
    problems += _docx_tables(doc, expect)
    if expect.signature:
        problems += _docx_end(doc, expect.signature)
    return problems


def _docx_page_numbers(doc, section) -> list[str]:
    from docx.oxml.ns import qn

    if not section.different_first_page_header_footer:
        return ["page numbers shown on page 1 (different first page not set)"]
    header = section.header
    codes = " ".join(el.text or "" for el in header._element.iter(qn("w:instrText")))
    if "PAGE" not in codes:
        return ["no page number field in the header"]
    problems = []
    par = next(p for p in header.paragraphs if "PAGE" in p._p.xml)
    if par.alignment != 1:
        problems.append("page number not centred")
    sizes = [r.font.size.pt for r in par.runs if r.font.size]
    if not sizes or not _in(sizes[0], sf.SIZES["page"]):
        problems.append(f"page number at {sizes} pt")
    return problems


def _run_size(run, default: float) -> float:
    return run.font.size.pt if run.font.size else default


def _docx_heading(doc) -> list[str]:
    """Sizes of the heading block and its two rules (paragraph borders), measured."""
    from docx.oxml.ns import qn

    table = doc.tables[0]
    body = doc.styles["Normal"].font.size.pt
    problems = []
    cells = table.rows[0].cells
    grid = [int(c.get(qn("w:w"))) / 20 for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    texts = {}
    for index, cell in enumerate(cells):
        rule_after = None
        for par in cell.paragraphs:
            if par.text.strip():
                run = par.runs[0]
                texts[par.text] = (_run_size(run, body), bool(run.bold), bool(run.italic), index)
                rule_after = par.text
                continue
            border = par._p.find(f".//{qn('w:pBdr')}/{qn('w:bottom')}")
            if border is None or rule_after is None:
                continue
            ind = par._p.find(f".//{qn('w:ind')}")
            left = _twips_attr(ind, "w:left") / 20 if ind is not None else 0
            right = _twips_attr(ind, "w:right") / 20 if ind is not None else 0
            length = grid[index] - left - right
            size, bold, _i, _c = texts[rule_after]
            width = measured_width_pt(rule_after, size, bold)
            low, high = (1.0, 1.0) if rule_after == sf.MOTTO_2 else sf.ISSUER_RULE_RANGE
            ratio = length / width
            if not (low - 0.02 <= ratio <= high + 0.02) or abs(left - right) > 0.5:
                problems.append(f"rule under “{rule_after}”: {length / MM:.1f} mm for "
                                f"{width / MM:.1f} mm ({ratio:.2f}, decree {low:.2f}-{high:.2f})")
            rule_after = None
    for text, (size, bold, italic, column) in texts.items():
        if not 12 <= size <= 14:
            problems.append(f"heading “{text[:30]}” at {size} pt")
        if ", ngày" in text and not (italic and _in(size, sf.SIZES["date"])):
            problems.append(f"the date line is not {sf.SIZES['date']} pt italic")
        if column == 0 and text.isupper() and not _in(size, sf.SIZES["issuer" if bold else "upper"]):
            problems.append(f"“{text}” at {size} pt")
    for text, key, bold in ((sf.MOTTO_1, "motto1", True), (sf.MOTTO_2, "motto2", True)):
        got = texts.get(text)
        if got is None or not _in(got[0], sf.SIZES[key]) or got[1] != bold:
            problems.append(f"“{text}”: {got} (decree {sf.SIZES[key]}, bold)")
    rules = sum(1 for c in cells for p in c.paragraphs if p._p.find(f".//{qn('w:pBdr')}") is not None)
    if rules < 2:
        problems.append(f"{rules} rules in the heading (issuer and motto need one each)")
    return problems


def _docx_runs(doc, expect: Expect) -> list[str]:
    body = doc.styles["Normal"].font.size.pt
    small = {sf.MOTTO_1, sf.Recipients.HEAD} | expect.small_texts
    problems = []
    pars = list(doc.paragraphs)
    for table in doc.tables[1:]:  # the heading (table 0) is measured by _docx_heading
        for row in table.rows:
            for cell in row.cells:
                pars += cell.paragraphs
    for par in pars:
        text = par.text.strip()
        if not text:
            continue
        for run in par.runs:
            size = _run_size(run, body)
            if size < sf.SIZES["body"].low and not any(text in t for t in small) \
                    and not text.startswith("- "):
                problems.append(f"“{text[:40]}” at {size} pt (body is 13-14)")
                break
        if text == sf.Recipients.HEAD:
            run = par.runs[0]
            if _run_size(run, body) != 12 or not (run.bold and run.italic):
                problems.append("“Nơi nhận:” is not 12 pt bold italic")
    return problems


def _docx_tables(doc, expect: Expect) -> list[str]:
    from docx.oxml.ns import qn

    problems = []
    for table in doc.tables:
        rows = table.rows
        if not expect.header_text or not rows or not rows[0].cells[0].text.startswith(expect.header_text):
            continue
        if rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            problems.append("the table's header row does not repeat on every page")
        if expect.rows_whole:
            split = sum(1 for r in rows if r._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None)
            if split:
                problems.append(f"{split} table rows may break across pages")
    return problems


def _docx_end(doc, signature: str) -> list[str]:
    """The signature table is the last thing with text; after it at most a 1-2 pt empty paragraph."""
    from docx.oxml.ns import qn

    body = list(doc.element.body.iterchildren())
    body = [el for el in body if el.tag != qn("w:sectPr")]
    last_table = max((i for i, el in enumerate(body) if el.tag == qn("w:tbl")), default=-1)
    if last_table < 0 or signature.upper() not in "".join(body[last_table].itertext()).upper():
        return ["the document does not end with the signature block"]
    problems = []
    for el in body[last_table + 1:]:
        text = "".join(el.itertext()).strip()
        sizes = [int(s.get(qn("w:val"))) / 2 for s in el.iter(qn("w:sz"))]
        if text or not sizes or max(sizes) > 2:
            problems.append(f"something after the signature: {text[:30]!r}, sizes {sizes}")
    return problems


# --- Excel --------------------------------------------------------------------

def column_pt(width: float) -> float:
    """Printed width of an Excel column of `width` default-font digits (7 px each, 96 dpi)."""
    return (int(width * 7 + 0.5) + 5) * 0.75


def check_xlsx(path: Path, expect: Expect) -> list[str]:
    """Each sheet: paper, margins, printed text size, print titles, page numbers, heading, the end."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    problems = []
    # The first sheet has the heading and the last the signature; a sheet between them
    # (a table continued on its own sheet) has them only when it is a document of its own.
    for index, ws in enumerate(wb.worksheets):
        texts = {str(c.value).upper() for row in ws.iter_rows() for c in row if c.value}
        heading = index == 0 or sf.MOTTO_1 in texts
        signed = index == len(wb.worksheets) - 1 or expect.signature.upper() in texts
        problems += [f"{ws.title}: {p}" for p in _xlsx_sheet(ws, expect, heading, signed)]
    return problems


def printed_scale(ws) -> float:
    """The scale a sheet prints at: its own, or what fitting its width to the page gives."""
    landscape = ws.page_setup.orientation == "landscape"
    room = ((297 if landscape else 210) - ws.page_margins.left * 25.4 - ws.page_margins.right * 25.4) * MM
    widths = sum(column_pt(ws.column_dimensions[openpyxl_letter(c)].width or 8.43)
                 for c in range(1, ws.max_column + 1))
    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
        if ws.page_setup.fitToWidth:
            return min(1.0, room / widths)
        return 1.0
    return (ws.page_setup.scale or 100) / 100


def openpyxl_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _xlsx_sheet(ws, expect: Expect, heading_here: bool = True, signed_here: bool = True) -> list[str]:
    problems = []
    if int(ws.page_setup.paperSize or 0) != 9:
        problems.append(f"paper {ws.page_setup.paperSize} is not A4 (9)")
    problems += _orientation(ws.page_setup.orientation == "landscape", expect)
    for side in ("top", "bottom", "left", "right"):
        value = getattr(ws.page_margins, side) * 25.4
        low, high = sf.MARGIN_RANGES_MM[side]
        if not low - 0.1 <= value <= high + 0.1:
            problems.append(f"{side} margin {value:.1f} mm (decree {low}-{high} mm)")
    scale = printed_scale(ws)
    landscape = ws.page_setup.orientation == "landscape"
    room = ((297 if landscape else 210) - (sf.MARGINS_MM["left"] + sf.MARGINS_MM["right"])) * MM
    widths = sum(column_pt(ws.column_dimensions[openpyxl_letter(c)].width or 8.43)
                 for c in range(1, ws.max_column + 1))
    if widths * scale > room + 1 and not ws.print_title_cols:
        problems.append("columns wider than the page without repeated title columns")
    smallest, where = 99.0, ""
    heading = {}
    last_text = 0
    for row in ws.iter_rows():
        for cell in row:
            if cell.value in (None, ""):
                continue
            last_text = max(last_text, cell.row)
            heading.setdefault(str(cell.value), cell)
            size = (cell.font.sz or 11) * scale
            if size < smallest:
                smallest, where = size, cell.coordinate
    if smallest < sf.MIN_PRINTED_PT - 0.01:
        problems.append(f"text prints at {smallest:.1f} pt ({where}); never below {sf.MIN_PRINTED_PT}")
    if not ws.print_title_rows:
        problems.append("no print title rows (the header is not repeated)")
    if "&P" not in (ws.oddHeader.center.text or "") or not ws.HeaderFooter.differentFirst:
        problems.append("no page number at the top centre from page 2")
    elif not _in(ws.oddHeader.center.size or 0, sf.SIZES["page"]):
        problems.append(f"page number at {ws.oddHeader.center.size} pt")
    if heading_here:
        problems += _xlsx_heading(heading)
    if expect.signature and signed_here:
        sign = [c for t, c in heading.items() if t.upper() == expect.signature.upper()]
        area = ws.print_area
        if not sign:
            problems.append(f"no signature “{expect.signature}”")
        else:
            # Below the title: four rows to sign in, the name; the print area stops there.
            end = int(re.findall(r"\d+", area.split(":")[-1])[0]) if area else 0
            below = max(c.row for c in sign)
            if last_text - below > 5 or not last_text <= end <= below + 5:
                problems.append(f"the print area {area} does not end with the signature (row {below})")
    if sf.Recipients.HEAD in heading:
        cell = heading[sf.Recipients.HEAD]
        if cell.font.sz != 12 or not (cell.font.b and cell.font.i):
            problems.append("“Nơi nhận:” is not 12 pt bold italic")
    return problems


def _xlsx_heading(cells) -> list[str]:
    problems = []
    motto = cells.get(sf.MOTTO_2)
    if motto is None or not _in(motto.font.sz, sf.SIZES["motto2"]) or motto.font.u != "single":
        problems.append("the motto is not 13-14 pt bold with its rule (underline)")
    if cells.get(sf.MOTTO_1) is None or not _in(cells[sf.MOTTO_1].font.sz, sf.SIZES["motto1"]):
        problems.append("the national name is not 12-13 pt")
    rule = next((c for t, c in cells.items() if set(t) == {"_"}), None)
    if rule is None:
        return problems + ["no rule under the issuing body"]
    issuer = next((c for c in cells.values() if c.row == rule.row - 1 and c.column == rule.column), None)
    if issuer is None or not issuer.font.b or not _in(issuer.font.sz, sf.SIZES["issuer"]):
        return problems + ["no bold 12-13 pt issuing body above its rule"]
    date = next((c for t, c in cells.items() if ", ngày" in t), None)
    if date is None or not date.font.i or not _in(date.font.sz, sf.SIZES["date"]):
        problems.append("the place and date line is not 13-14 pt italic")
    width = measured_width_pt(str(issuer.value), issuer.font.sz, True)
    length = measured_width_pt(str(rule.value), rule.font.sz, bool(rule.font.b))
    low, high = sf.ISSUER_RULE_RANGE
    if not low - 0.02 <= length / width <= high + 0.02:
        problems.append(f"issuer rule {length / MM:.1f} mm for {width / MM:.1f} mm "
                        f"({length / width:.2f}, decree {low:.2f}-{high:.2f})")
    return problems
