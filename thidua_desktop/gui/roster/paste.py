"""Paste rows copied from Excel or Word into the roster: the importer's preview, then one undo step.

The clipboard's table (HTML from Word and Excel, else tab-separated text) is
written to a temporary tab-separated file and goes through the importer's
own reading, header detection, field parsing and preview (ImportDialog), so
pasted rows are judged exactly like an imported workbook and land as one
undoable import. Rows copied without their header line get the roster's
own column order as header.
"""

from __future__ import annotations

import csv
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QMessageBox

from thidua_desktop.errors import UserError

MAX_ROWS = 5000  # a paste larger than any real roster is refused, not read
# What the roster's own "Sao chép" writes, and the order of the official roster layout.
DEFAULT_HEADER = ["Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác",
                  "Thành phần", "Thành tích"]
HEADER_WORDS = ("họ và tên", "họ tên", "ho va ten", "ho ten")


class _TableParser(HTMLParser):
    """The cells of the first <table> of an HTML fragment, row by row."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, _attrs):
        if tag == "table":
            self._depth += 1
        elif tag == "tr" and self._depth == 1:
            self.rows.append([])
        elif tag in ("td", "th") and self._depth == 1 and self.rows:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def clipboard_rows(mime: QMimeData) -> list[list[str]]:
    """The rows of a copied table: the HTML table when there is one, else the tab-separated text."""
    rows: list[list[str]] = []
    if mime.hasHtml():
        parser = _TableParser()
        parser.feed(mime.html())
        rows = [r for r in parser.rows if any(cell for cell in r)]
    if not rows and mime.hasText():
        lines = [line for line in mime.text().replace("\r\n", "\n").split("\n") if line.strip()]
        rows = [[" ".join(cell.split()) for cell in line.split("\t")] for line in lines]
    if len(rows) > MAX_ROWS:
        raise UserError(f"Vùng dán có {len(rows)} dòng, quá {MAX_ROWS} dòng; hãy dán từng phần "
                        "hoặc dùng Tệp › Nhập danh sách.")
    if rows and max(len(r) for r in rows) < 2:
        raise UserError("Vùng dán chỉ có một cột; hãy chép cả các cột họ tên, giới tính, năm sinh… "
                        "từ bảng Excel hoặc Word.")
    return rows


def has_header(rows: list[list[str]]) -> bool:
    """True when one of the first rows names the full-name column."""
    return any(cell.strip().lower() in HEADER_WORDS for row in rows[:5] for cell in row)


def write_rows(rows: list[list[str]], folder: Path) -> Path:
    """The rows as a tab-separated UTF-8 file the importer reads (a header added when missing)."""
    path = folder / "danh-sach-dan-tu-bo-nho-tam.csv"
    if not has_header(rows):
        rows = [DEFAULT_HEADER[:max(len(r) for r in rows)]] + rows
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t").writerows(rows)
    return path


def paste_into_roster(session, mime: QMimeData, parent=None) -> int:
    """Preview the pasted rows in the import dialog; return how many landed (one undo step)."""
    from thidua_desktop.gui.importer.import_dialog import ImportDialog

    title = "Dán danh sách đại biểu"
    if session.db is None or not session.event_id or session.readonly:
        QMessageBox.information(parent, title, "Hãy mở tệp dữ liệu (không ở chế độ chỉ đọc) và chọn sự kiện.")
        return 0
    try:
        rows = clipboard_rows(mime)
    except UserError as exc:
        QMessageBox.warning(parent, title, exc.message)
        return 0
    if not rows:
        QMessageBox.information(parent, title, "Bộ nhớ tạm không có bảng nào. Hãy chọn các dòng trong Excel "
                                "hoặc Word, bấm Ctrl+C rồi quay lại đây bấm Ctrl+V.")
        return 0
    with tempfile.TemporaryDirectory(prefix="thidua-dan-") as folder:
        dialog = ImportDialog(session, write_rows(rows, Path(folder)), parent)
        dialog.setWindowTitle(f"{title} — {len(rows)} dòng")
        if dialog.load() and dialog.exec():
            return dialog.committed
    return 0
