"""Hồ sơ: unit x item matrix of the dossier runs (first version)."""

from __future__ import annotations

from thidua_desktop.gui.models.rows_model import RowsModel
from thidua_desktop.gui.tabs.simple_tab import SimpleTableTab
from thidua_desktop.services.overview import dossier_matrix


class DossiersTab(SimpleTableTab):
    """Who has sent what."""

    headers = ("Đơn vị",)

    def load(self) -> None:
        items, rows = dossier_matrix(self.session.db, self.session.plan_id or 0)
        self.model = RowsModel(("Đơn vị", *items), self)
        self.proxy.setSourceModel(self.model)
        self.model.set_rows(rows)
        self.caption.setText(f"{len(rows)} đơn vị, {len(items)} loại hồ sơ (đã nộp/phải nộp).")
