"""Render every document of a database to PNG pages, to look at them all in one place.

For the district event and one commune event (or every event): the roster
(Excel, Word), the programme and the run-of-show script (PDF, Word); for the
plan: the timeline report (Excel), the reminder list (Excel) and one reminder
letter (PDF, Word). PDFs go to PNG with poppler's pdftoppm; Word and Excel are
printed to PDF first by LibreOffice, with the bundled Liberation fonts put on
its font path (so a machine without Times New Roman shows the metric-
compatible face, as Word would print it). Writes the files, the pages and an
index.html beside them.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import UserError
from thidua_desktop.paths import fonts_dir

TOOLS = ("soffice", "pdftoppm")
DPI = 60


@dataclass(frozen=True)
class Rendered:
    """One document and its page images."""

    title: str
    document: Path
    pages: tuple[Path, ...]


def check_tools() -> None:
    """A Vietnamese sentence when LibreOffice or poppler is missing."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        raise UserError(
            f"Không tìm thấy {', '.join(missing)}: hãy cài LibreOffice và poppler-utils "
            "(pdftoppm) rồi chạy lại.")


def _events(db: Database, every: bool) -> list[tuple[int, str, str]]:
    rows = db.execute("SELECT id, code, level FROM events ORDER BY level != 'district', date, id").fetchall()
    if every:
        return rows
    district = [r for r in rows if r[2] != "commune"][:1]
    commune = [r for r in rows if r[2] == "commune"][:1]
    return district + commune


def write_documents(db: Database, folder: Path, every: bool = False,
                    as_of: dt.date | None = None) -> list[tuple[str, Path]]:
    """Export every document into `folder`; return (title, file) in gallery order."""
    from thidua_desktop.export.program_export import export_program
    from thidua_desktop.export.roster_common import write_roster

    out: list[tuple[str, Path]] = []
    for event_id, code, _level in _events(db, every):
        for suffix in (".xlsx", ".docx"):
            path = folder / f"{code}-danh-sach{suffix}"
            write_roster(db, event_id, path)
            out.append((f"Danh sách trích ngang {code} ({suffix[1:]})", path))
        for script in (False, True):
            for suffix in (".pdf", ".docx"):
                name = "kich-ban" if script else "chuong-trinh"
                path = export_program(db, event_id, folder / f"{code}-{name}{suffix}", script=script)
                what = "Kịch bản điều hành" if script else "Chương trình"
                out.append((f"{what} {code} ({suffix[1:]})", path))
    return out + _plan_documents(db, folder, as_of or dt.date.today())


def _plan_documents(db: Database, folder: Path, as_of: dt.date) -> list[tuple[str, Path]]:
    from thidua_desktop.export.progress_xlsx import export_progress
    from thidua_desktop.export.reminder_docx import write_letters_docx
    from thidua_desktop.export.reminder_pdf import write_letters_pdf
    from thidua_desktop.export.reminder_xlsx import write_reminder_list
    from thidua_desktop.services import dossier_service, timeline_service
    from thidua_desktop.services.dossier_reminders import build_reminders

    out = []
    for plan_id in timeline_service.plan_ids(db)[:1]:
        tl = timeline_service.timeline(db, plan_id, as_of)
        out.append(("Báo cáo tiến độ (xlsx)", export_progress(db, tl, folder / "tien-do.xlsx")))
    runs = dossier_service.runs(db)
    if runs:
        rem = build_reminders(db, runs[0].id, as_of=as_of)
        if rem.letters:
            out.append(("Danh sách nhắc nộp hồ sơ (xlsx)", write_reminder_list(rem, folder / "nhac-nop.xlsx")))
            letter = max(rem.letters, key=lambda x: len(x.lines))
            out.append(("Công văn đôn đốc (pdf)", write_letters_pdf(rem, folder / "cong-van.pdf", [letter])))
            out.append(("Công văn đôn đốc (docx)", write_letters_docx(rem, folder / "cong-van.docx", [letter])))
    return out


def _office_env(profile: Path) -> dict:
    """LibreOffice with its own profile and the bundled fonts on fontconfig's path."""
    conf = profile / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{html.escape(str(fonts_dir()))}</dir></fontconfig>", encoding="utf-8")
    env = dict(os.environ)
    env.update(HOME=str(profile), FONTCONFIG_FILE=str(conf))
    return env


def to_pdf(documents: list[Path], folder: Path) -> dict[Path, Path]:
    """Word and Excel files printed to PDF by LibreOffice (one run per kind); {document: pdf}."""
    result = {d: d for d in documents if d.suffix == ".pdf"}
    for suffix in (".docx", ".xlsx"):  # one run each: a .docx and a .xlsx may share a stem
        office = [d for d in documents if d.suffix == suffix]
        if not office:
            continue
        with tempfile.TemporaryDirectory(prefix="thidua-gallery-") as tmp:
            printed = Path(tmp) / "out"
            _run(["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                  str(printed), *map(str, office)], env=_office_env(Path(tmp)))
            for document in office:
                target = folder / f"{document.stem}.{suffix[1:]}.pdf"
                shutil.move(str(printed / f"{document.stem}.pdf"), target)
                result[document] = target
    return result


def _run(command: list[str], env: dict | None = None) -> None:
    try:
        subprocess.run(command, env=env, capture_output=True, timeout=600, check=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise UserError(f"{command[0]} không in được văn bản ({exc}); hãy thử lại.") from exc


def render(pdf: Path, folder: Path, dpi: int = DPI) -> tuple[Path, ...]:
    """Every page of `pdf` as PNG in `folder`."""
    prefix = folder / pdf.name.removesuffix(".pdf").replace(".", "-")
    _run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)])
    return tuple(sorted(folder.glob(f"{prefix.name}-*.png"),
                        key=lambda p: int(p.stem.rsplit("-", 1)[1])))


def build_gallery(db: Database, out: Path, every: bool = False, as_of: dt.date | None = None,
                  dpi: int = DPI) -> list[Rendered]:
    """Export, print and render every document into `out`; write out/index.html."""
    check_tools()
    out.mkdir(parents=True, exist_ok=True)
    documents = write_documents(db, out, every, as_of)
    pdfs = to_pdf([d for _t, d in documents], out)
    rendered = [Rendered(title, doc, render(pdfs[doc], out, dpi)) for title, doc in documents]
    _index(out, rendered)
    return rendered


def _index(out: Path, rendered: list[Rendered]) -> None:
    parts = ["<!doctype html><meta charset='utf-8'><title>Thi đua Desktop: văn bản</title>",
             "<style>img{border:1px solid #999;margin:4px;max-width:48%}</style>"]
    for item in rendered:
        parts.append(f"<h2>{html.escape(item.title)}</h2><p>{html.escape(item.document.name)}, "
                     f"{len(item.pages)} trang</p>")
        parts += [f"<img src='{html.escape(p.name)}' alt='{html.escape(p.stem)}'>" for p in item.pages]
    (out / "index.html").write_text("\n".join(parts), encoding="utf-8")
