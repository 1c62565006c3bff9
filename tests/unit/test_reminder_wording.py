"""The reminder letter's state column: one bracket for every mark, never two in a row."""

from __future__ import annotations

import pytest

from thidua_desktop.services.dossier_reminders import MissingLine


def _line(state="missing", note="", required=True, overdue=False):
    return MissingLine("Báo cáo thành tích", "", 1, None, state, note, required, overdue)


@pytest.mark.parametrize(("kwargs", "text"), [
    ({}, "Chưa nộp"),
    ({"overdue": True}, "Chưa nộp (đã quá hạn)"),
    ({"required": False}, "Chưa nộp (không bắt buộc)"),
    ({"overdue": True, "required": False}, "Chưa nộp (đã quá hạn, không bắt buộc)"),
    ({"state": "needs_fix", "note": "thiếu dấu", "overdue": True}, "Cần bổ sung: thiếu dấu (đã quá hạn)"),
])
def test_status_text(kwargs, text):
    assert _line(**kwargs).status_text == text
    assert ") (" not in _line(**kwargs).status_text
