"""Rows as a clipboard table that pastes into Excel and Word as cells.

Two flavours: text/plain tab-separated (Excel, any editor) and text/html
with a <table> (Word keeps the columns; Excel keeps the Vietnamese text).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QMimeData


def _plain(value) -> str:
    # A tab or line break inside a cell would split it in two on paste.
    return "" if value is None else " ".join(str(value).split())


def tsv(headers: list[str], rows: list[list]) -> str:
    """Header line then one line per row, cells separated by tabs (CRLF, as Excel writes)."""
    lines = ["\t".join(_plain(h) for h in headers)]
    lines += ["\t".join(_plain(v) for v in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def html_table(headers: list[str], rows: list[list]) -> str:
    """A bordered HTML table in Times New Roman."""
    head = "".join(f"<th>{html.escape(_plain(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_plain(v))}</td>" for v in row) + "</tr>" for row in rows)
    return (
        "<html><head><meta charset=\"utf-8\"></head><body>"
        "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" "
        "style=\"border-collapse:collapse;font-family:'Times New Roman';font-size:13pt\">"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )


def table_mime(headers: list[str], rows: list[list]) -> QMimeData:
    """Both flavours in one QMimeData, ready for QClipboard.setMimeData."""
    mime = QMimeData()
    mime.setText(tsv(headers, rows))
    mime.setHtml(html_table(headers, rows))
    return mime
