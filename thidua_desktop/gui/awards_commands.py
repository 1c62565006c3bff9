"""Undoable steps of a reward round: move states, record the tally, decide, type the decision, merge.

Each step writes through awards_service / awards_history in `apply()` (a
refusal is a sentence, nothing written or stacked) and keeps a snapshot of
the round so undo puts back exactly what was there (gui/undo.py).
"""

from __future__ import annotations

import datetime as dt

from thidua_desktop.gui.undo import AppliedCommand
from thidua_desktop.services import awards_history as ah
from thidua_desktop.services import awards_service as svc


class RoundStep(AppliedCommand):
    """A step that changes one round; undo restores its snapshot."""

    area = "awards"

    def __init__(self, session, text: str, round_code: str, work):
        super().__init__(session, text)
        self.round_code = round_code
        self.work = work  # work(db, rnd) -> None: the step itself
        self.before: dict | None = None

    def _do(self) -> None:
        rnd = svc.round_by_code(self.db, self.round_code)
        self.before = svc.snapshot(self.db, rnd)
        self.work(self.db, rnd)

    def _undo(self) -> None:
        svc.restore(self.db, svc.round_by_code(self.db, self.round_code), self.before)


def move_step(session, round_code: str, ids: list[int], state: str) -> RoundStep:
    """Move the chosen proposals to `state`."""
    return RoundStep(session, f"Chuyển {len(ids)} đề nghị sang “{svc.STATE_NAMES[state]}”", round_code,
                     lambda db, _rnd: svc.move(db, ids, state))


def votes_step(session, round_code: str, present: int, tally: dict[int, int]) -> RoundStep:
    """Record the members present and the votes for the chosen proposals."""
    def work(db, rnd):
        rnd = svc.set_meeting(db, rnd, present)
        svc.set_votes(db, rnd, tally)

    return RoundStep(session, f"Ghi phiếu cho {len(tally)} đề nghị", round_code, work)


def decide_step(session, round_code: str) -> RoundStep:
    """Approve or reject the voted proposals by the council rule."""
    return RoundStep(session, "Xét kết quả theo tỷ lệ phiếu", round_code,
                     lambda db, rnd: svc.decide_by_votes(db, rnd))


def decision_step(session, round_code: str, number: str, date: dt.date) -> RoundStep:
    """Type the decision's number and date (once); the history receives the approved awards."""
    return RoundStep(session, f"Ghi quyết định số {number}", round_code,
                     lambda db, rnd: svc.set_decision(db, rnd, number, date))


class MergeCommand(AppliedCommand):
    """Merge two records of one person or collective; undo separates them again."""

    area = "awards"

    def __init__(self, session, kept_id: int, merged_id: int):
        super().__init__(session, "Gộp hai hồ sơ khen thưởng")
        self.kept_id, self.merged_id = kept_id, merged_id
        self.merge_id: int | None = None

    def _do(self) -> None:
        self.merge_id = ah.merge(self.db, self.kept_id, self.merged_id)

    def _undo(self) -> None:
        ah.undo_merge(self.db, self.merge_id)
