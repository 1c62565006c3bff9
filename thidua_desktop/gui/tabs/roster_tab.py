"""Đại biểu: the delegates of the current event (first version)."""

from __future__ import annotations

from thidua_desktop.gui.tabs.simple_tab import SimpleTableTab
from thidua_desktop.services.roster_service import CATEGORIES, STATUSES


class RosterTab(SimpleTableTab):
    """Delegates of the selected event."""

    headers = ("Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ", "Đơn vị công tác",
               "Thành phần", "Trạng thái")

    def load(self) -> None:
        rows = [
            (r["full_name"], r["sex"], r["birth_year"], r["ethnicity"], r["position"], r["workplace"],
             CATEGORIES.get(r["category"], r["category"]), STATUSES.get(r["status"], r["status"]))
            for r in self.session.db.query(
                "SELECT p.*, d.category, d.status FROM delegates d JOIN persons p ON p.id = d.person_id "
                "WHERE d.event_id = ? ORDER BY p.sort_key", [self.session.event_id or 0])
        ]
        self.model.set_rows(rows)
        self.caption.setText(f"{len(rows)} đại biểu.")
