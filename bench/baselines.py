"""The bare libraries doing the same work, measured beside our code in the same run.

- roster open / sort / search / filter / edit / undo: in bench/bare_table.py
  (PySide6 + sqlite3, imported only by those cases);
- rules: one raw `sqlite3` query returning the rows;
- Excel: the raw query, then openpyxl writing the very cells of our file
  (values read back from it beforehand, one shared font, borders where ours
  has them, the same merges), saved;
- Word: the raw query, then python-docx writing the same paragraphs and tables
  (texts read back from our file), saved;
- CSV: the raw query, then the csv module writing the same rows (UTF-8 with BOM);
- programme PDF: reportlab writing our programme content plainly
  (bench/bare_pdf.py: the letterhead table, title, one Table, the same three
  TTF faces);
- programme / script Word: python-docx writing our document's content the plain
  way (bench/bare_docx.py: same page, font, tables, runs); script PDF as the
  programme's, one table row per paragraph;
- import: openpyxl reading the workbook (read-only, values, as the importer
  opens it), then sqlite3 inserting the very rows our import landed into a
  fresh copy of the same file (same triggers and indexes).

Our output files must exist (bench.run runs our variant first).
"""

from __future__ import annotations

import csv
import sqlite3
import statistics
import time
from pathlib import Path

from bench.context import Unavailable, timed
from bench.generate import DISTRICT_CODE

# Every column the roster table and the roster documents show.
ROSTER_SQL = """
SELECT d.id, p.full_name, p.sex, p.birth_year, p.birth_date, p.ethnicity, p.religion, p.position,
       p.workplace, d.category, d.exemplary_kind, d.field, d.sector, d.direct_worker,
       d.achievement, d.awards, d.provincial_awards, d.status, d.presidium, d.speaker, d.note, u.name
FROM delegates d JOIN persons p ON p.id = d.person_id LEFT JOIN units u ON u.id = d.unit_id
WHERE d.event_id = ? {where} ORDER BY p.sort_key {order}
"""



def _connect(db_path):
    conn = sqlite3.connect(str(db_path))
    event_id = conn.execute("SELECT id FROM events WHERE code = ?", [DISTRICT_CODE]).fetchone()[0]
    return conn, event_id


def _query(conn, event_id, where="", order="", params=()):
    return conn.execute(ROSTER_SQL.format(where=where, order=order), [event_id, *params]).fetchall()


def _attending(conn, event_id):
    """The rows a roster document prints: absent delegates left out."""
    return _query(conn, event_id, where="AND d.status != 'absent'")




def _ours(ctx, suffix: str) -> Path:
    path = Path(ctx.out_dir) / f"ours{suffix}"
    if not path.exists():
        raise Unavailable(f"our {suffix} output is missing")
    return path


def rules(ctx) -> list[float]:
    """Every column of the event's delegates and persons: what the rules must at least read."""
    conn, event_id = _connect(ctx.db_path)
    sql = "SELECT d.*, p.* FROM delegates d JOIN persons p ON p.id = d.person_id WHERE d.event_id = ?"
    return timed(ctx, lambda _rep: conn.execute(sql, [event_id]).fetchall())


def export_xlsx(ctx) -> list[float]:
    """openpyxl writing the cells of our workbook (values, font, borders, merges)."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Border, Font, Side

    source = load_workbook(_ours(ctx, ".xlsx"))
    sheets = []
    for ws in source.worksheets:
        cells = [(c.row, c.column, c.value, c.border.left.style is not None)
                 for row in ws.iter_rows() for c in row if c.value is not None or c.border.left.style]
        sheets.append((ws.title, cells, [str(r) for r in ws.merged_cells.ranges]))
    out = Path(ctx.out_dir) / "bare.xlsx"
    conn, event_id = _connect(ctx.db_path)
    font = Font(name="Times New Roman", size=13)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    def write(_rep):
        _attending(conn, event_id)
        wb = Workbook()
        wb.remove(wb.active)
        for title, cells, merges in sheets:
            ws = wb.create_sheet(title)
            for row, col, value, bordered in cells:
                cell = ws.cell(row, col, value)
                cell.font = font
                if bordered:
                    cell.border = border
            for merged in merges:
                ws.merge_cells(merged)
        wb.save(out)

    ctx.note(f"{sum(len(c) for _, c, _ in sheets)} cells")
    return timed(ctx, write)


def export_docx(ctx) -> list[float]:
    """python-docx writing the paragraphs and table texts of our document."""
    import docx

    source = docx.Document(str(_ours(ctx, ".docx")))
    paragraphs = [p.text for p in source.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in source.tables]
    out = Path(ctx.out_dir) / "bare.docx"
    conn, event_id = _connect(ctx.db_path)

    def write(_rep):
        _attending(conn, event_id)
        doc = docx.Document()
        for text in paragraphs:
            doc.add_paragraph(text)
        for grid in tables:
            table = doc.add_table(rows=len(grid), cols=max(len(r) for r in grid))
            table.style = "Table Grid"
            for row, values in zip(table.rows, grid, strict=True):
                for cell, value in zip(row.cells, values, strict=False):
                    cell.text = value
        doc.save(str(out))

    ctx.note(f"{sum(len(g) for g in tables)} table rows")
    return timed(ctx, write)


def export_csv(ctx) -> list[float]:
    """The csv module writing the rows of our CSV."""
    with _ours(ctx, ".csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    out = Path(ctx.out_dir) / "bare.csv"
    conn, event_id = _connect(ctx.db_path)

    def write(_rep):
        _attending(conn, event_id)
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)

    return timed(ctx, write)


def program_pdf(ctx) -> list[float]:
    """reportlab writing our programme's content plainly (bench/bare_pdf.py)."""
    from xml.sax.saxutils import escape

    from bench import bare_pdf
    from thidua_desktop.export.program_content import HEADERS

    content = _program_content(ctx.db_path)
    rows = [[escape(r.time), "<br/>".join(escape(x) for x in [r.title, *r.details]),
             escape(r.presenter)] for r in content.rows]
    ctx.note(f"{len(rows)} programme rows")
    return timed(ctx, bare_pdf.writer(content, HEADERS, rows, (31, 80, 54),
                                      Path(ctx.out_dir) / "bare.pdf"))


def program_docx(ctx) -> list[float]:
    """python-docx writing our programme's content plainly (bench/bare_docx.py)."""
    return _plain_docx(ctx)


def script_pdf(ctx) -> list[float]:
    """reportlab writing our script's content plainly, one table row per paragraph (bench/bare_pdf.py)."""
    from xml.sax.saxutils import escape

    from bench import bare_pdf
    from thidua_desktop.export.program_content import HEADERS

    content = _script_content(ctx.db_path)
    rows = []
    for block in content.blocks:
        texts = [block.title, *(line.text for line in block.lines)]
        rows += [[escape(block.time) if i == 0 else "", escape(t),
                  escape(block.presenter) if i == 0 else ""] for i, t in enumerate(texts)]
    ctx.note(f"{len(rows)} script rows")
    return timed(ctx, bare_pdf.writer(content, HEADERS, rows, (22, 99, 44),
                                      Path(ctx.out_dir) / "bare.pdf"))


def script_docx(ctx) -> list[float]:
    """python-docx writing our script's content plainly (bench/bare_docx.py)."""
    return _plain_docx(ctx)


def _plain_docx(ctx) -> list[float]:
    from bench import bare_docx

    spec = bare_docx.read_spec(_ours(ctx, ".docx"))
    tables = [item for kind, item in spec[0] if kind == "t"]
    ctx.note(f"{len(spec[0]) - len(tables)} paragraphs and {len(tables)} tables at the top, "
             f"{sum(len(rows) for _b, _w, rows in tables)} table rows")
    return timed(ctx, bare_docx.writer(spec, Path(ctx.out_dir) / "bare.docx"))


def _program_content(db_path):
    from thidua_desktop.export.program_content import program_document

    return _content(db_path, program_document)


def _script_content(db_path):
    from thidua_desktop.export.script_content import script_document

    return _content(db_path, script_document)


def _content(db_path, builder):
    """Our document's plain content, built before the clock starts (the texts to write)."""
    from thidua_desktop.store.database import open_database

    db = open_database(db_path)
    try:
        event_id = db.execute("SELECT id FROM events WHERE code = ?", [DISTRICT_CODE]).fetchone()[0]
        return builder(db, event_id)
    finally:
        db.close()


def import_roster(ctx) -> list[float]:
    """openpyxl reading every value of the workbook, then sqlite3 inserting the same rows.

    Like with like: the rows our import landed (left in its work file by our
    variant, which runs first) go into a fresh copy of the same database with
    two `executemany` in one transaction, with foreign keys checked as the app's
    connections do, so the roster's triggers, indexes and constraints (search
    index, sort keys, badge codes) cost the same on both sides. The copy is made
    before the clock starts.
    """
    work = Path(ctx.out_dir) / "import-work.sqlite"
    inserts = landed_inserts(ctx.db_path, work)
    target = Path(ctx.out_dir) / "bare-import.sqlite"
    times, phases = [], []
    for _ in range(ctx.warmup + ctx.reps):
        run = bare_import_once(ctx.db_path, target, ctx.workbook, inserts, ctx)
        times.append(run["wall"])
        phases.append(run["phases"])
    timed_phases = phases[ctx.warmup:]
    ctx.extra.update(read=statistics.median(p[0] for p in timed_phases),
                     land=statistics.median(p[1] for p in timed_phases))
    ctx.note(f"{len(inserts[0][1])} persons and {len(inserts[1][1])} delegates inserted")
    return times[ctx.warmup:]


def landed_inserts(db_path, work: Path) -> list[tuple[str, list]]:
    """The INSERT of each table and the rows our import added to `work` (persons first)."""
    if not work.exists():
        raise Unavailable("our import's work file is missing")
    before = sqlite3.connect(str(db_path))
    last = {t: before.execute(f"SELECT max(id) FROM {t}").fetchone()[0] for t in ("persons", "delegates")}
    before.close()
    landed = sqlite3.connect(str(work))
    inserts = []
    for table in ("persons", "delegates"):  # persons first: the delegates refer to them
        columns = [r[1] for r in landed.execute(f"PRAGMA table_info({table})")]
        rows = landed.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id > ? ORDER BY id",
                              [last[table]]).fetchall()
        inserts.append((f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"VALUES ({', '.join('?' * len(columns))})", rows))
    landed.close()
    return inserts


def bare_import_once(db_path, target: Path, workbook, inserts, clock) -> dict:
    """openpyxl's read of `workbook`, then `inserts` into a fresh copy `target` of `db_path`.

    Returns the wall and CPU seconds and the (read, land) phases.
    """
    import shutil

    from openpyxl import load_workbook

    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db_path, target)
    conn = sqlite3.connect(str(target))
    conn.execute("PRAGMA foreign_keys = ON")  # as every connection of the app (store/database)
    started = clock.start()
    wb = load_workbook(workbook, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    wb.close()
    read = time.perf_counter()
    with conn:
        for sql, rows in inserts:
            conn.executemany(sql, rows)
    end = time.perf_counter()
    cpu = time.process_time() - started[1]
    wall = clock.stop(started)
    conn.close()
    return {"wall": wall, "cpu": cpu, "phases": (read - started[0], end - read)}
