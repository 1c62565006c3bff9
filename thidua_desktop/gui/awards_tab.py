"""The "Khen thưởng" tab: a thin view over the reward round's services.

Rounds, the proposals table (filter by unit and state), moving states,
recording the votes, the council's decision by its threshold, the decision's
number and date typed once, merging two records of one person, the history
of the selected awardee, and the round's documents (the same writers as
`export-awards`). Every write is an undoable command (gui/awards_commands).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError
from thidua_desktop.gui import awards_commands as cmd
from thidua_desktop.gui import awards_dialogs as dlg
from thidua_desktop.gui.awards_dossier_step import summary as dossier_summary
from thidua_desktop.gui.awards_exports import EXPORTS
from thidua_desktop.gui.models.rows_model import RowRole, RowsModel
from thidua_desktop.gui.undo import push
from thidua_desktop.gui.widgets.buttons import ok_cancel
from thidua_desktop.gui.widgets.empty_hint import EmptyHint
from thidua_desktop.gui.widgets.flow_layout import flow_row
from thidua_desktop.services import awards_dossier as ad
from thidua_desktop.services import awards_history as ah
from thidua_desktop.services import awards_service as svc

HEADERS = ("STT", "Họ và tên / Tập thể", "Loại", "Đơn vị", "Hình thức", "Trạng thái", "Phiếu", "Đã khen")
_FILTERS = {".pdf": "PDF (*.pdf)", ".docx": "Word (*.docx)", ".xlsx": "Excel (*.xlsx)"}


NO_ROUND = ("Tệp chưa có đợt khen thưởng nào. Một đợt gom đề nghị khen thưởng của các đơn vị, phiếu của Hội "
            "đồng Thi đua - Khen thưởng và quyết định khen thưởng; tạo đợt đầu tiên để bắt đầu.")
NO_DATE = QDate(1900, 1, 1)  # the decision date box's "none": shown blank, never as a made-up date


def empty_state(parent, text: str, button: QPushButton) -> QWidget:
    """A sentence and the button that starts things, in the middle of where the table would be."""
    page = QWidget(parent)
    label = QLabel(text, page)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: #555; font-size: 11pt;")
    column = QVBoxLayout(page)
    column.addStretch(1)
    column.addWidget(label)
    column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
    column.addStretch(1)
    return page


def choice_combo(parent, name: str, choices: dict[str, str], everything: str = "") -> QComboBox:
    """A combo of `choices` (code -> label), first "everything" (data None) when given."""
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    if everything:
        combo.addItem(everything, None)
    for code, label in choices.items():
        combo.addItem(label, code)
    return combo


class VotesDialog(QDialog):
    """Members present and the votes for the chosen proposals."""

    def __init__(self, rnd: svc.Round, count: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Ghi kết quả biểu quyết")
        form = QFormLayout(self)
        self.present = QSpinBox(self)
        self.present.setRange(1, max(rnd.council_members, 1))
        self.present.setValue(rnd.members_present or rnd.council_members or 1)
        self.votes = QSpinBox(self)
        self.votes.setRange(0, max(rnd.council_members, 1))
        self.present.valueChanged.connect(self.votes.setMaximum)
        form.addRow(f"Thành viên có mặt (trên {rnd.council_members}):", self.present)
        form.addRow(f"Số phiếu đồng ý cho {count} đề nghị đã chọn:", self.votes)
        form.addRow(ok_cancel(self, "Ghi"))


class AwardsTab(QWidget):
    """Khen thưởng."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.missing: dict[int, list[str]] = {}  # proposal id -> documents still owed (awards_dossier)
        self.rounds = QComboBox(self)
        self.rounds.setAccessibleName("Đợt khen thưởng")
        self.unit_filter = choice_combo(self, "Lọc theo đơn vị", {})
        self.state_filter = choice_combo(self, "Lọc theo trạng thái", svc.STATE_NAMES, "Mọi trạng thái")
        self.summary = QLabel(self)
        self.new_round_button = QPushButton("Đợt mới…", self)
        self.forms_button = QPushButton("Hình thức khen thưởng…", self)
        self.forms_button.setToolTip("Sửa các bộ hình thức khen thưởng, điều kiện và ngưỡng phiếu (Ctrl+Alt+Shift+H)")
        for combo in (self.rounds, self.unit_filter, self.state_filter):  # long names must not widen the tab
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        # Rows of controls wrap on a narrow screen (gui/widgets/flow_layout): the tab fits 1024×600.
        top = flow_row(self, QLabel("Đợt:"), self.rounds, self.new_round_button, QLabel("Đơn vị:"),
                       self.unit_filter, QLabel("Trạng thái:"), self.state_filter, self.forms_button)
        self.model = RowsModel(HEADERS, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Fixed starting widths (measuring 10,000 rows to fit would stall the tab); the form stretches.
        metrics = self.fontMetrics()
        for column, sample in enumerate(("STT", "Đoàn Thanh niên xã Thanh Bình", "Cá nhân", "Thị trấn Tân Khai", "",
                                         "Không được khen thưởng", "Phiếu", "2020, 2023")):
            if sample:
                self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        self.move_to = choice_combo(self, "Chuyển sang trạng thái", svc.STATE_NAMES)
        self.move_button = QPushButton("Chuyển", self)
        self.add_button = QPushButton("Thêm đề nghị…", self)
        self.import_button = QPushButton("Nhập tệp…", self)
        self.import_button.setToolTip("Nhập danh sách đề nghị khen thưởng của một đơn vị (.xlsx, .xls, .ods, .csv)")
        self.votes_button = QPushButton("Ghi phiếu…", self)
        self.decide_button = QPushButton("Xét theo tỷ lệ phiếu", self)
        self.merge_button = QPushButton("Gộp hồ sơ trùng…", self)
        self.dossier_button = QPushButton("Hồ sơ kèm theo", self)
        self.dossier_button.setToolTip("Đưa tờ trình, biên bản bình xét, báo cáo thành tích của các đơn vị đề nghị "
                                       "vào danh mục hồ sơ của đợt (tab Hồ sơ)")
        self.export_button = QToolButton(self)
        self.export_button.setText("Xuất")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self)
        for action in self.export_actions(self):
            self.export_menu.addAction(action)
        self.export_button.setMenu(self.export_menu)
        actions = flow_row(self, self.add_button, self.import_button, QLabel("Chuyển sang:"), self.move_to,
                           self.move_button, self.votes_button, self.decide_button, self.merge_button,
                           self.dossier_button, self.export_button, stretch_at=9)
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("Số quyết định, ví dụ 125/QĐ-UBND")
        self.number.setMaxLength(50)
        self.number.setAccessibleName("Số quyết định")
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setMinimumDate(NO_DATE)
        self.date.setSpecialValueText(" ")  # no round: an empty box, not 01/01/2000
        self.date.setAccessibleName("Ngày quyết định")
        self.decision_button = QPushButton("Ghi quyết định", self)
        decision = flow_row(self, QLabel("Quyết định số:"), self.number, QLabel("ngày"), self.date,
                            self.decision_button, self.summary)
        self.history = QLabel(self)
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(top)
        self.first_round_button = QPushButton("Tạo đợt khen thưởng…", self)
        self.first_round_button.clicked.connect(self.new_round)
        self.empty_page = empty_state(self, NO_ROUND, self.first_round_button)
        self.stack = QStackedWidget(self)  # the table, or with no round yet the sentence saying what to do
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_page)
        self.empty_hint = EmptyHint(self.table, self._empty_text)
        layout.addWidget(self.stack, 1)
        layout.addWidget(actions)
        layout.addWidget(decision)
        layout.addWidget(self.history)
        self.rounds.currentIndexChanged.connect(self._round_picked)
        self.unit_filter.currentIndexChanged.connect(self.refresh_rows)
        self.state_filter.currentIndexChanged.connect(self.refresh_rows)
        self.table.selectionModel().selectionChanged.connect(self._show_history)
        self.move_button.clicked.connect(self.move_selected)
        self.new_round_button.clicked.connect(self.new_round)
        self.forms_button.clicked.connect(self.edit_forms)
        self.add_button.clicked.connect(self.add_proposal)
        self.import_button.clicked.connect(self.import_file)
        self.votes_button.clicked.connect(self.record_votes)
        self.decide_button.clicked.connect(self.decide)
        self.merge_button.clicked.connect(self.merge_selected)
        self.dossier_button.clicked.connect(self.prepare_dossier)
        self.decision_button.clicked.connect(self.enter_decision)
        session.database_changed.connect(self.reload)
        session.data_changed.connect(self._data_changed)
        self.reload()

    # --- reading --------------------------------------------------------
    @property
    def db(self):
        """The session's database."""
        return self.session.db

    def current_round(self) -> svc.Round | None:
        """The round picked in the combo, read afresh."""
        code = self.rounds.currentData()
        return svc.round_by_code(self.db, code) if code and self.db is not None else None

    def _data_changed(self, area: str) -> None:
        if area == "awards":
            self.refresh_rows()
        elif area == "award_rounds":
            code = self.rounds.currentData()
            self.reload()
            self.rounds.setCurrentIndex(max(self.rounds.findData(code), 0))

    def reload(self) -> None:
        """Fill the rounds (after a file is opened)."""
        self.rounds.blockSignals(True)
        self.rounds.clear()
        if self.db is not None:
            for rnd in svc.rounds(self.db):
                self.rounds.addItem(f"{rnd.name} ({rnd.year})", rnd.code)
        self.rounds.blockSignals(False)
        self._round_picked()

    def _round_picked(self, *_args) -> None:
        rnd = self.current_round()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem("Mọi đơn vị", None)
        if rnd is not None:
            seen = {}
            for p in svc.proposals(self.db, rnd):
                seen.setdefault(p.unit_id, p.unit)
            for unit_id, name in seen.items():
                self.unit_filter.addItem(name, unit_id)
        self.unit_filter.blockSignals(False)
        self.refresh_rows()

    def refresh_rows(self, *_args) -> None:
        """Query the proposals with the filters and show them."""
        rnd = self.current_round()
        enabled = rnd is not None and not self.session.readonly
        for widget in (self.move_button, self.votes_button, self.decide_button, self.merge_button,
                       self.decision_button, self.add_button, self.import_button, self.dossier_button):
            widget.setEnabled(enabled)
        self.new_round_button.setEnabled(self.db is not None and not self.session.readonly)
        self.forms_button.setEnabled(self.db is not None and not self.session.readonly)
        self.export_button.setEnabled(rnd is not None)
        self.first_round_button.setEnabled(self.new_round_button.isEnabled())
        self.stack.setCurrentWidget(self.table if rnd is not None else self.empty_page)
        for widget in (self.number, self.date):
            widget.setEnabled(enabled)
        if rnd is None:
            self.missing = {}
            self.model.set_rows([])
            self.summary.clear()
            self.number.clear()
            self.date.setDate(NO_DATE)
            return
        props = svc.proposals(self.db, rnd, unit_id=self.unit_filter.currentData(),
                              state=self.state_filter.currentData())
        flags = ah.honoured_flags(self.db, rnd, props)
        rows = [(p.position_in_list, p.name, "Cá nhân" if p.kind == "person" else "Tập thể", p.unit, p.form_name,
                 svc.STATE_NAMES[p.state], "" if p.votes_for is None else p.votes_for,
                 ", ".join(str(a.year) for a in flags.get(p.id, []))) for p in props]
        kept = {p.id for p in self.selected()}
        self.model.set_rows(rows, payloads=props)
        # A step changes rows in place: the officer's selection stays where it was.
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, p in enumerate(props):
            if p.id in kept:
                selection.select(self.model.index(row, 0), flags)
        if rnd.decided:
            self.number.setText(rnd.decision_number)
            self.date.setDate(QDate(rnd.decision_date.year, rnd.decision_date.month, rnd.decision_date.day))
        else:
            self.number.clear()
            self.date.setDate(QDate.currentDate())
        need = svc.council_rule(self.db, rnd).needed(rnd.members_present) if rnd.members_present else None
        self.missing = ad.outstanding(self.db, rnd.id)  # flagged before the council meets
        self.summary.setText(" · ".join(filter(None, (
            f"{len(props)} đề nghị", f"cần {need}/{rnd.members_present} phiếu" if need else "",
            dossier_summary(self.missing)))))
        self._show_history()  # the selection stays: its history and owed documents may have changed

    def _empty_text(self) -> str:
        """What to do when the round shows no proposal."""
        if self.unit_filter.currentData() is not None or self.state_filter.currentData() is not None:
            return "Không có đề nghị nào khớp bộ lọc đơn vị và trạng thái."
        return ("Đợt này chưa có đề nghị nào: bấm “Thêm đề nghị…” để thêm từng người, tập thể, hoặc “Nhập tệp…” "
                "để nhập danh sách đề nghị của một đơn vị.")

    def selected(self) -> list[svc.Proposal]:
        """The proposals of the selected rows."""
        return [self.model.data(index, RowRole) for index in self.table.selectionModel().selectedRows()]

    def _show_history(self, *_args) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            self.history.clear()
            return
        p = chosen[0]
        awards = ah.history(self.db, p.awardee_id)
        lines = [f"{a.year}: {a.form_name}" + (f" (QĐ {a.decision_number})" if a.decision_number else "")
                 for a in awards]
        owed = self.missing.get(p.id)
        self.history.setText(f"Lịch sử khen thưởng của {p.name}: " + ("; ".join(lines) or "chưa có") + "."
                             + (f" Hồ sơ còn thiếu: {'; '.join(owed)}." if owed else ""))

    # --- writing --------------------------------------------------------
    def _need_selection(self) -> list[svc.Proposal] | None:
        chosen = self.selected()
        if not chosen:
            QMessageBox.information(self, APP_NAME, "Hãy chọn ít nhất một đề nghị trong bảng.")
            return None
        return chosen

    def move_selected(self) -> None:
        """Move the selected proposals to the state chosen beside the button."""
        chosen = self._need_selection()
        if chosen:
            push(self.session, cmd.move_step(self.session, self.rounds.currentData(),
                                                    [p.id for p in chosen], self.move_to.currentData()), self)

    def new_round(self) -> None:
        """Đợt mới…: create a round of the current plan's organiser and show it."""
        dialog = dlg.NewRoundDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        command = dlg.NewRoundCommand(self.session, dlg.round_values(dialog))
        if push(self.session, command, self):
            self.reload()
            self.rounds.setCurrentIndex(self.rounds.findData(command.code))

    def edit_forms(self) -> bool:
        """Hình thức khen thưởng…: the award form sets and the council's threshold (one undo step)."""
        from thidua_desktop.gui.award_forms_dialog import show_award_forms

        rnd = self.current_round()  # opens on the set the round's forms come from
        return show_award_forms(self.session, self, rnd.reference_date if rnd else None)

    def add_proposal(self) -> None:
        """Thêm đề nghị…: one person or collective proposed by a unit."""
        rnd = self.current_round()
        if rnd is None:
            return
        dialog = dlg.NewProposalDialog(svc.form_set_of(self.db, rnd), self._units(rnd), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            push(self.session, dlg.NewProposalCommand(self.session, rnd.code, dialog.values()), self)

    def _units(self, rnd: svc.Round) -> list[tuple[int, str]]:
        """The issuing unit and the units under it: who may propose."""
        return [(r[0], f"{r[2]} {r[1]}") for r in self.db.execute(
            "SELECT u.id, u.name, k.name FROM units u JOIN unit_kinds k ON k.code = u.kind "
            "WHERE u.id = ? OR u.parent_id = ? ORDER BY u.parent_id IS NOT NULL, u.position, u.id",
            [rnd.issuer_unit_id, rnd.issuer_unit_id])]

    def import_file(self, path: Path | None = None, unit_id: int | None = None) -> None:
        """Nhập tệp…: a unit's proposal workbook, all rows or none (the sentences say which rows fail)."""
        from PySide6.QtWidgets import QInputDialog

        rnd = self.current_round()
        if rnd is None:
            return
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Nhập danh sách đề nghị khen thưởng", "",
                                                    "Bảng tính (*.xlsx *.xls *.ods *.csv)")
            if not chosen:
                return
            path = Path(chosen)
        if unit_id is None:
            units = self._units(rnd)
            name, ok = QInputDialog.getItem(self, APP_NAME, "Đơn vị đề nghị:", [n for _, n in units], 0, False)
            if not ok:
                return
            unit_id = next(i for i, n in units if n == name)
        command = dlg.ImportCommand(self.session, rnd.code, unit_id, path)
        if push(self.session, command, self):
            result = command.result
            text = f"Đã nhập {result.added} đề nghị ({result.collectives} tập thể, {result.persons} cá nhân)."
            if result.honoured:
                text += " Đã được khen cùng hình thức trước đây: " + ", ".join(result.honoured) + "."
            QMessageBox.information(self, APP_NAME, text)

    def record_votes(self) -> None:
        """Ghi phiếu: members present and votes for the selected proposals."""
        chosen = self._need_selection()
        rnd = self.current_round()
        if not chosen or rnd is None:
            return
        dialog = VotesDialog(rnd, len(chosen), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            tally = {p.id: dialog.votes.value() for p in chosen}
            push(self.session, cmd.votes_step(self.session, rnd.code, dialog.present.value(), tally), self)

    def decide(self) -> None:
        """Approve or reject every voted proposal by the council's threshold."""
        push(self.session, cmd.decide_step(self.session, self.rounds.currentData()), self)

    def enter_decision(self) -> None:
        """Type the decision's number and date once."""
        day = self.date.date()
        push(self.session, cmd.decision_step(self.session, self.rounds.currentData(), self.number.text(),
                                                    dt.date(day.year(), day.month(), day.day())), self)

    def prepare_dossier(self) -> None:
        """Hồ sơ kèm theo: the round's documents on the dossier checklist (one undo step)."""
        from thidua_desktop.gui.awards_dossier_step import PrepareDossierCommand

        rnd = self.current_round()
        if rnd is not None and push(self.session, PrepareDossierCommand(self.session, rnd.code), self):
            missing = ad.outstanding(self.db, rnd.id)
            self.window().statusBar().showMessage(
                "Đã lập danh mục hồ sơ kèm theo trong tab Hồ sơ" + (f"; {dossier_summary(missing)}." if missing
                                                                      else "; đủ hồ sơ."), 8000)

    def merge_selected(self) -> None:
        """Merge the other records of the selected person (same name and birth year) into this one."""
        chosen = self.selected()
        if len(chosen) != 1:
            QMessageBox.information(self, APP_NAME, "Hãy chọn đúng một người hoặc tập thể.")
            return
        p = chosen[0]
        same = [a for a in ah.find(self.db, p.name, p.kind, p.birth_year if p.kind == "person" else None)
                if a.id != p.awardee_id]
        if not same:
            QMessageBox.information(self, APP_NAME, f"Không có hồ sơ nào khác trùng tên với {p.name}.")
            return
        other = same[0]
        where = f" ({other.former_unit})" if other.former_unit else ""
        answer = QMessageBox.question(self, APP_NAME, f"Gộp hồ sơ “{other.name}”{where} vào hồ sơ của {p.name}? "
                                      "Mọi khen thưởng được giữ nguyên; có thể hoàn tác.")
        if answer == QMessageBox.StandardButton.Yes:
            push(self.session, cmd.MergeCommand(self.session, p.awardee_id, other.id), self)
            self._show_history()

    # --- documents ------------------------------------------------------
    def export_actions(self, parent) -> list[QAction]:
        """One action per document of the round (the tab's Xuất button and the window's Xuất menu)."""
        actions = []
        for kind, label in EXPORTS:
            action = QAction(f"{label}…", parent)
            action.triggered.connect(lambda _=False, k=kind, t=label: self.export(k, t))
            actions.append(action)
        action = QAction("In giấy khen, bằng khen…", parent)  # A4 or a blank: the dialog does both
        action.triggered.connect(self.print_certificates)
        actions.append(action)
        return actions

    def print_certificates(self) -> QDialog | None:
        """In giấy khen…: the blank, printer and offsets dialog (gui/certificate_dialog.py)."""
        from thidua_desktop.gui.certificate_dialog import CertificateDialog

        code = self.rounds.currentData()
        if not code:
            QMessageBox.information(self, APP_NAME, "Tệp chưa có đợt khen thưởng nào.")
            return None
        dialog = CertificateDialog(self.session, code, self)
        dialog.open()
        return dialog

    def export(self, kind: str, label: str, path: Path | None = None) -> Path | None:
        """Ask where (unless `path` is given) and write one document of the current round."""
        from thidua_desktop.export.award_export import export_award, formats
        from thidua_desktop.paths import documents_dir

        rnd = self.current_round()
        if rnd is None:
            QMessageBox.information(self, APP_NAME, "Tệp chưa có đợt khen thưởng nào.")
            return None
        if path is None:
            default = documents_dir() / f"{label} - {rnd.code}{formats(kind)[0]}"
            filters = ";;".join(_FILTERS[ext] for ext in formats(kind))
            chosen, _ = QFileDialog.getSaveFileName(self, f"Xuất {label.lower()}", str(default), filters)
            if not chosen:
                return None
            path = Path(chosen)
        try:
            out = export_award(self.db, rnd, kind, path)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, exc.message)
            return None
        self.window().statusBar().showMessage(f"Đã xuất {label.lower()} vào “{out}”.", 8000)
        return out
