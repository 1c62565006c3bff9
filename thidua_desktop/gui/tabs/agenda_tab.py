"""Chương trình: the agenda of the current event with its running clock (first version)."""

from __future__ import annotations

from thidua_desktop.gui.tabs.simple_tab import SimpleTableTab
from thidua_desktop.services.overview import agenda_rows


class AgendaTab(SimpleTableTab):
    """Agenda items of the selected event."""

    headers = ("Thời gian", "Phút", "Nội dung", "Người thực hiện")

    def load(self) -> None:
        rows = agenda_rows(self.session.db, self.session.event_id or 0)
        self.model.set_rows(rows)
        total = sum(r[1] for r in rows)
        self.caption.setText(f"{len(rows)} nội dung, tổng {total} phút.")
