"""The main window's "Ngày tổ chức" menu: the door, merging door copies, guests, the day's documents.

Kept apart from main_window so that the window gets one line of wiring.
Every action works on the session's current event and file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from thidua_desktop import APP_NAME
from thidua_desktop.errors import UserError

_PER = ("mỗi đại biểu một", "mỗi đơn vị một")  # the save dialog's choice: per delegate or per unit
_EXPORTS = (("invitations", "&Giấy mời…", ";;".join(f"{k}, {p} giấy mời (*{e})" for k, e in
                                                     (("Word", ".docx"), ("PDF", ".pdf")) for p in _PER),
             "giay-moi.docx", "Ctrl+Alt+W"),
            ("envelopes", "&Phong bì (110 × 220 mm)…", ";;".join(f"PDF, {p} phong bì (*.pdf)" for p in _PER),
             "phong-bi.pdf", "Ctrl+Alt+Shift+B"),
            ("labels", "&Nhãn địa chỉ (2 × 7 trên A4)…", ";;".join(f"PDF, {p} nhãn (*.pdf)" for p in _PER),
             "nhan-dia-chi.pdf", "Ctrl+Alt+Shift+N"),
            ("badges", "&Thẻ đại biểu…", "PDF (*.pdf)", "the-dai-bieu.pdf", "Ctrl+Alt+H"),
            ("cards", "&Biển tên…", "PDF, biển tên A4 (*.pdf);;PDF, biển tên A5 (*.pdf)", "bien-ten.pdf",
             "Ctrl+Alt+N"),
            ("seating", "&Sơ đồ chỗ ngồi…", "PDF (*.pdf)", "so-do-cho-ngoi.pdf", "Ctrl+Alt+R"))


def add_event_day_menu(window) -> None:
    """Add the menu to `window` (a MainWindow)."""
    menu = window.menuBar().addMenu("&Ngày tổ chức")
    window._action(menu, "Điểm &danh tại cửa…", lambda _=False: open_checkin(window), "Ctrl+Shift+D")
    window._action(menu, "&Gộp điểm danh từ các bản sao…", lambda _=False: merge_dialog(window), "Ctrl+Alt+G")
    window._action(menu, "Xếp &chỗ tự động theo đơn vị", lambda _=False: assign_seats(window), "Ctrl+Alt+S")
    window._action(menu, "Khách &mời của sự kiện…", lambda _=False: edit_guests(window), "Ctrl+Alt+Shift+M")
    window._action(menu, "&Xếp chỗ ngồi, sửa hội trường…", lambda _=False: open_seating(window), "Ctrl+Alt+X")
    menu.addSeparator()
    for kind, text, filters, name, keys in _EXPORTS:
        window._action(menu, text, lambda _=False, k=kind, f=filters, n=name: export_dialog(window, k, f, n),
                       keys)
    window._action(menu, "Danh sách &có mặt (Excel, PDF)…", lambda _=False: attendance_dialog(window),
                   "Ctrl+Alt+A")
    window._action(menu, "Danh sách t&rả lời giấy mời (Excel, PDF)…", lambda _=False: replies_dialog(window),
                   "Ctrl+Alt+Shift+T")


def _ready(window) -> bool:
    session = window.session
    if session.db is None or session.event_id is None:
        QMessageBox.information(window, APP_NAME, "Hãy mở tệp dữ liệu và chọn một sự kiện trước.")
        return False
    return True


def _writable(window) -> bool:
    if window.session.readonly:
        QMessageBox.information(window, APP_NAME, "Tệp đang mở ở chế độ chỉ đọc; không thể ghi nhận.")
        return False
    return True


def open_checkin(window):
    """Open the door view of the current event."""
    from thidua_desktop.gui.checkin_window import CheckinWindow

    if not (_ready(window) and _writable(window)):
        return None
    view = CheckinWindow(window.session.db, window.session.event_id, parent=window)
    view.closed.connect(lambda: window.session.notify_data_changed("checkins"))
    view.show()
    return view


def open_seating(window):
    """Open the seating plan of the current event (drag and drop, hall editor)."""
    from thidua_desktop.gui.seating_dialog import SeatingDialog

    if not _ready(window):
        return None
    dialog = SeatingDialog(window.session, window)
    dialog.show()
    return dialog


def merge_dialog(window) -> None:
    """Pick the door copies and merge their check-ins into this file."""
    from thidua_desktop.services.checkin_merge import merge_copies

    if not (_ready(window) and _writable(window)):
        return
    paths, _ = QFileDialog.getOpenFileNames(window, "Chọn các bản sao dùng ở các cửa", "",
                                            "Tệp dữ liệu (*.sqlite)")
    if not paths:
        return
    try:
        report = merge_copies(window.session.db, [Path(p) for p in paths])
    except UserError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return
    window.session.notify_data_changed("checkins")
    QMessageBox.information(window, APP_NAME, report.sentence())


def assign_seats(window) -> None:
    """Seat the current event's delegates by delegation (one undo step)."""
    from thidua_desktop.gui import undo
    from thidua_desktop.gui.seating_commands import SeatsCommand
    from thidua_desktop.services import seating

    if not (_ready(window) and _writable(window)):
        return
    event_id = window.session.event_id
    command = SeatsCommand(window.session, event_id, "Xếp chỗ tự động theo đơn vị",
                           lambda db: seating.assign(db, event_id, "unit"))
    if not undo.push(window.session, command, window):
        return
    QMessageBox.information(window, APP_NAME, seating.assigned_sentence(window.session.db, event_id,
                                                                         command.result or []))


def export_dialog(window, kind: str, filters: str, name: str) -> None:
    """Ask where (the file type also chooses per delegate or per unit, A4 or A5), then write."""
    from thidua_desktop.export.event_day_export import export_event_document

    if not _ready(window):
        return
    path, chosen = QFileDialog.getSaveFileName(window, "Xuất tệp", str(window._start_dir() / name), filters)
    if not path:
        return
    try:
        out = export_event_document(window.session.db, window.session.event_id, kind, Path(path),
                                    per_unit=_PER[1] in chosen, a5="A5" in chosen)
    except UserError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return
    marked = mark_invited(window, _PER[1] in chosen) if kind == "invitations" else 0
    window.statusBar().showMessage(f"Đã xuất “{out}”." + (
        f" Đã ghi “Đã mời” cho {marked} đại biểu chưa mời (Ctrl+Z để bỏ)." if marked else ""), 8000)


def mark_invited(window, per_unit: bool) -> int:
    """Mark "Đã mời" the delegates the letters just written reach and who were not invited yet
    (one undo step; none when nobody was left to mark); how many. A read-only file is left as it is."""
    from thidua_desktop.export.event_day_export import addressed
    from thidua_desktop.gui import undo
    from thidua_desktop.services import event_day

    session = window.session
    if session.readonly:
        return 0
    ids = addressed(session.db, session.event_id, per_unit)
    if not any(r[1] == "none" for r in event_day.invitation_rows(session.db, ids)):
        return 0

    class MarkInvited(undo.AppliedCommand):
        area = "invitations"  # the roster's Giấy mời column

        def _do(self) -> None:
            self.before = event_day.mark_invited(self.db, ids)

        def _undo(self) -> None:
            event_day.restore_invitations(self.db, self.before)

    command = MarkInvited(session, "Ghi “Đã mời” sau khi xuất giấy mời")
    return len(command.before) if undo.push(session, command, window) else 0


def edit_guests(window) -> bool:
    """The current event's guest list (gui/guests_dialog); True when saved."""
    from thidua_desktop.gui.guests_dialog import show_guests

    return _ready(window) and _writable(window) and show_guests(window.session, window)


def attendance_dialog(window) -> None:
    """Write the attendance list and figures (.xlsx or .pdf)."""
    from thidua_desktop.export.seating_attendance import write_attendance

    _write_list(window, "Xuất danh sách có mặt", "danh-sach-co-mat.xlsx", write_attendance)


def replies_dialog(window) -> None:
    """Write the invitations and their replies with the figures per state and unit (.xlsx or .pdf)."""
    from thidua_desktop.export.invitation_replies import write_replies

    _write_list(window, "Xuất danh sách trả lời giấy mời", "tra-loi-giay-moi.xlsx", write_replies)


def _write_list(window, title: str, name: str, writer) -> None:
    """Ask where (Excel or PDF), then `writer(db, event_id, path)`; a refusal is said, not raised."""
    if not _ready(window):
        return
    path, _ = QFileDialog.getSaveFileName(window, title, str(window._start_dir() / name),
                                          "Excel (*.xlsx);;PDF (*.pdf)")
    if not path:
        return
    try:
        out = writer(window.session.db, window.session.event_id, Path(path))
    except UserError as exc:
        QMessageBox.warning(window, APP_NAME, exc.message)
        return
    window.statusBar().showMessage(f"Đã xuất “{out}”.", 8000)
