"""One document of a reward round, the format from the file's extension.

`export_award(db, round, kind, path)` builds the plain data (award_content,
award_ballots, award_certificates) and hands it to the writer for `.pdf`,
`.docx` or (list and receipts) `.xlsx`. An extension the kind does not take is
refused with a sentence before anything is read or written.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import UserError

KINDS = ("decision", "list", "submission", "ballots", "minutes", "certificates", "receipts", "calibration",
         "figures")
KIND_NAMES = {"decision": "quyết định và danh sách kèm theo", "list": "danh sách khen thưởng",
              "submission": "tờ trình", "ballots": "phiếu biểu quyết", "minutes": "biên bản họp Hội đồng",
              "certificates": "giấy chứng nhận khen thưởng", "receipts": "danh sách ký nhận",
              "calibration": "trang canh chỉnh máy in", "figures": "số liệu khen thưởng cho báo cáo tổng kết"}
_XLSX = ("list", "receipts")


def formats(kind: str) -> tuple[str, ...]:
    """The extensions a kind may be written as."""
    if kind == "calibration":
        return (".pdf",)
    if kind == "figures":
        return (".xlsx", ".docx")
    return (".pdf", ".docx", ".xlsx") if kind in _XLSX else (".pdf", ".docx")


def check_target(kind: str, path: Path) -> str:
    """The extension, or UserError (exit 2) with the formats this kind takes."""
    ext = Path(path).suffix.lower()
    if ext not in formats(kind):
        raise UserError(f"Không xuất được {KIND_NAMES[kind]} dạng “{ext or 'không đuôi'}”; "
                        f"hãy dùng {', '.join(formats(kind))}.")
    return ext


def export_award(db: Database, rnd, kind: str, path: str | Path, blank: str = "a4", printer: str = "") -> Path:
    """Write one document of the round; returns the path written (certificates: `blank` layout, `printer`'s offset)."""
    from thidua_desktop.export import award_content as ac

    path = Path(path)
    ext = check_target(kind, path)
    if kind == "figures":
        return _figures(db, rnd, path)
    if kind in ("ballots",):
        from thidua_desktop.export import award_ballots

        data = award_ballots.ballot_set(db, rnd)
        return (award_ballots.write_pdf if ext == ".pdf" else award_ballots.write_docx)(data, path)
    if kind in ("certificates", "calibration"):
        from thidua_desktop.export import award_certificates as cert

        layout = cert.layout_for(db, blank, printer)
        if kind == "calibration":
            return cert.write_calibration(layout, path)
        data = cert.certificates(db, rnd, layout)
        return (cert.write_pdf if ext == ".pdf" else cert.write_docx)(data, layout, path)
    builder = {"decision": ac.decision, "list": ac.attached_list, "submission": ac.submission,
               "minutes": ac.minutes, "receipts": ac.receipts}[kind]
    doc = builder(db, rnd)
    if ext == ".pdf":
        from thidua_desktop.export.award_pdf import write_pdf

        return write_pdf(doc, path)
    if ext == ".docx":
        from thidua_desktop.export.award_docx import write_docx

        return write_docx(doc, path)
    from thidua_desktop.export.award_xlsx import write_xlsx

    return write_xlsx(doc, path)


def _figures(db: Database, rnd, path: Path) -> Path:
    """The history's figures up to the round's year, from the plan's review period when it has one."""
    import re

    from thidua_desktop.export.award_figures_xlsx import write_figures_xlsx
    from thidua_desktop.export.state_format import Letterhead
    from thidua_desktop.services import awards_service
    from thidua_desktop.services.awards_figures import figure_tables
    from thidua_desktop.services.awards_figures_delegates import delegate_structure

    period = db.execute("SELECT review_period FROM plans WHERE id = ?", [rnd.plan_id]).fetchone()
    years = [int(y) for y in re.findall(r"\d{4}", period[0] if period else "")]
    first = min(years) if years else None
    tables = figure_tables(db, first, rnd.year)
    if not tables:
        raise UserError("Chưa có khen thưởng nào trong lịch sử để lập số liệu.")
    structure = delegate_structure(db, rnd.plan_id, rnd.year) if rnd.plan_id else None
    tables += [structure] if structure else []
    upper, place = awards_service.issuer_name(db, rnd)
    span = tables[0].header[1:-1]
    letterhead = Letterhead("", upper, "", place, rnd.decision_date, rnd.year)
    period = f"{span[0]} - {span[-1]}"
    if path.suffix.lower() == ".docx":
        from thidua_desktop.export.award_content import report_draft
        from thidua_desktop.export.award_docx import write_docx

        return write_docx(report_draft(tables, letterhead, period), path)
    return write_figures_xlsx(tables, letterhead, period, path)
