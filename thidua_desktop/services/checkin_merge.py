"""Check-ins recorded at two or three doors on copies of the file, merged into one.

Each door works on its own copy (no network at the venue). Afterwards the
copies' check-ins are read (read-only) and brought into this file: a
delegate is matched by badge code AND name (the code's random part keeps a
delegate added to one copy from matching another person added to another
copy under the same id). A delegate present in several copies keeps the
earliest arrival and its door; a substitute recorded anywhere is kept.
Merging the same copy twice changes nothing. Nothing is lost: what cannot
be matched is reported, not dropped silently. No Qt.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from thidua_desktop.errors import UserError
from thidua_desktop.services.event_day import folded_name

_READ = """
SELECT x.badge_code, p.full_name, ci.present_at, ci.door, ci.substitute_name, e.code
FROM checkins ci JOIN delegates d ON d.id = ci.delegate_id JOIN persons p ON p.id = d.person_id
JOIN delegate_event_day x ON x.delegate_id = d.id JOIN events e ON e.id = d.event_id
"""


@dataclass
class MergeReport:
    """What a merge did, copy by copy."""

    added: int = 0  # present in a copy only
    earlier: int = 0  # present here too, but the copy saw them first
    substitutes: int = 0  # a substitute name learnt from a copy
    same: int = 0  # already known, nothing to change
    unmatched: list[str] = field(default_factory=list)  # "code name (copy)" not found here

    def sentence(self) -> str:
        """The merge in one Vietnamese sentence."""
        text = (f"Đã gộp: thêm {self.added} đại biểu có mặt, cập nhật giờ đến sớm hơn cho {self.earlier}, "
                f"thêm {self.substitutes} người dự thay; {self.same} đã có sẵn.")
        if self.unmatched:
            text += f" {len(self.unmatched)} lượt ghi nhận không khớp đại biểu nào: " + "; ".join(self.unmatched[:10])
        return text


def _read_copy(path: Path) -> list[tuple]:
    from thidua_desktop.store.database import connect_readonly

    if not Path(path).is_file():
        raise UserError(f"Không tìm thấy tệp “{path}”.")
    try:
        conn = connect_readonly(Path(path))
    except sqlite3.Error as exc:
        raise UserError(f"Không đọc được tệp “{Path(path).name}”: {exc}.") from exc
    try:
        return conn.execute(_READ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Tệp “{Path(path).name}” không phải bản sao có dữ liệu điểm danh "
                        "của Thi đua Desktop (cần cùng phiên bản).") from exc
    finally:
        conn.close()


def merge_copies(db: Database, paths: list[Path]) -> MergeReport:
    """Bring the check-ins of `paths` (copies of this file) into `db`, in one transaction."""
    rows = [(row, Path(p).name) for p in paths for row in _read_copy(p)]
    here = {code: (did, folded_name(name), event) for did, code, name, event in db.execute(
        "SELECT d.id, x.badge_code, p.full_name, e.code FROM delegates d JOIN persons p ON p.id = d.person_id "
        "JOIN delegate_event_day x ON x.delegate_id = d.id JOIN events e ON e.id = d.event_id")}
    report = MergeReport()
    with db.atomic():
        for (code, name, at, door, substitute, event), source in rows:
            match = here.get(code)
            if match is None or match[1] != folded_name(name) or match[2] != event:
                report.unmatched.append(f"{code} {name} ({source})")
                continue
            did = match[0]
            mine = db.conn.execute("SELECT present_at, substitute_name FROM checkins WHERE delegate_id = ?",
                                   [did]).fetchone()
            if mine is None:
                db.conn.execute("INSERT INTO checkins (delegate_id, present_at, door, substitute_name) "
                                "VALUES (?, ?, ?, ?)", [did, at, door, substitute])
                report.added += 1
                continue
            changed = False
            if at < mine[0]:
                db.conn.execute("UPDATE checkins SET present_at = ?, door = ? WHERE delegate_id = ?",
                                [at, door, did])
                report.earlier += 1
                changed = True
            if substitute and not mine[1]:
                db.conn.execute("UPDATE checkins SET substitute_name = ? WHERE delegate_id = ?",
                                [substitute, did])
                report.substitutes += 1
                changed = True
            report.same += not changed
    return report
