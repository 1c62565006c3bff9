"""Tiến độ kế hoạch: milestones of the plan with their deadlines (first version)."""

from __future__ import annotations

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.gui.tabs.simple_tab import SimpleTableTab


class TimelineTab(SimpleTableTab):
    """The plan's milestones."""

    headers = ("Mốc công việc", "Hạn", "Chủ trì", "Phối hợp", "Hoàn thành")

    def load(self) -> None:
        db, plan_id = self.session.db, self.session.plan_id
        rows = []
        for m in db.query(
            "SELECT m.*, (SELECT sum(state = 'done') || '/' || count(*) FROM milestone_progress p "
            "WHERE p.milestone_id = m.id) AS done FROM milestones m WHERE plan_id = ? ORDER BY position",
            [plan_id or 0],
        ):
            due = format_date(m["due_date"]) if m["due_date"] else {
                "month": f"tháng {m['due_period']}/{m['due_year']}",
                "quarter": f"Quý {m['due_period']}/{m['due_year']}",
                "event": f"{m['offset_days']} ngày so với ngày tổ chức",
                "after": f"{m['offset_days']} ngày sau mốc trước",
            }.get(m["due_kind"], "")
            rows.append((m["title"], due, m["responsible"], m["partners"], m["done"]))
        self.model.set_rows(rows)
        self.caption.setText(f"{len(rows)} mốc công việc của kế hoạch.")
