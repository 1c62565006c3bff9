"""Write the programme or the run-of-show script to a file, format from the extension.

Shared by `export-program` and the agenda tab. The file is written beside its
target first and renamed into place, so a failed export never leaves half a
document behind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import UserError
from thidua_desktop.fileio import atomic_output

FORMATS = (".pdf", ".docx")


def check_target(out: str | Path) -> str:
    """The output format (".pdf" / ".docx"), or a sentence saying what to do."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"Không xuất được “{Path(out).name}”: chương trình chỉ xuất ra tệp .pdf hoặc .docx; "
            "hãy đặt tên tệp có đuôi .pdf hoặc .docx."
        )
    if not Path(out).parent.exists():
        raise UserError(f"Thư mục “{Path(out).parent}” không tồn tại; hãy chọn thư mục khác.")
    return suffix


def export_program(db: Database, event_id: int, out: str | Path, script: bool = False,
                   date: dt.date | None = None) -> Path:
    """Write the programme (or, with `script`, the run-of-show script) to `out`."""
    from thidua_desktop.export import program_docx, program_pdf, script_docx, script_pdf

    out = Path(out)
    suffix = check_target(out)
    writers = {
        (".pdf", False): program_pdf.write_program_pdf, (".docx", False): program_docx.write_program_docx,
        (".pdf", True): script_pdf.write_script_pdf, (".docx", True): script_docx.write_script_docx,
    }
    with atomic_output(out) as temp:
        writers[(suffix, script)](db, event_id, temp, date)
    return out
