"""The Gantt-like timeline, painted with QPainter: months and weeks on top, a row per milestone.

Frozen panes: the label column and the date header stay put while the chart
scrolls. Event lanes come first (one per event type, a marker per event),
then one row per milestone: a bar over its period (the month, the quarter,
or from the milestone it follows), a diamond on the deadline, coloured by
state (overdue red, due soon amber, done green). A red line marks the date
the view is computed for. Ctrl+wheel zooms around the mouse; a click selects
the milestone row. Only visible rows are painted.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from thidua_desktop.domain.deadlines import format_date
from thidua_desktop.gui.timeline.colours import LIGHT, STRONG
from thidua_desktop.services.timeline_service import STATE_LABELS, Timeline

LABEL_W = 330
MONTH_H = 22
WEEK_H = 18
HEAD_H = MONTH_H + WEEK_H
ROW_H = 26
MIN_PPD, MAX_PPD = 0.8, 48.0
GRID = QColor("#D5DAE1")
HEADER_BG = QColor("#EEF1F5")
SELECTED = QColor("#D6E6FA")
TODAY = QColor("#D32F2F")
PILOT = QColor("#7B1FA2")
EVENT = QColor("#1F5F99")
TEXT = QColor("#1F2933")
MUTED = QColor("#6B7785")


class TimelineChart(QAbstractScrollArea):
    """The timeline of a plan; `set_timeline()` feeds it, `milestone_clicked` reports clicks."""

    milestone_clicked = Signal(int)
    zoom_changed = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName("Biểu đồ tiến độ")
        self.tl: Timeline | None = None
        self.rows: list[tuple[str, object]] = []  # ("lane", type_code) | ("milestone", Milestone)
        self.start = self.end = dt.date.today()
        self.ppd = 4.0  # pixels per day
        self.selected_id: int | None = None
        self._fit_mode = True  # follow the span until the officer zooms by hand
        self._font = QFont(self.font())
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1.5))
        self._bold = QFont(self.font())
        self._bold.setBold(True)

    # --- data -------------------------------------------------------------
    def set_timeline(self, tl: Timeline | None) -> None:
        """Show a computed timeline (None clears); the zoom and the selection are kept."""
        self.tl = tl
        self.rows = []
        if tl is not None:
            lanes = []
            for e in tl.events:
                if e.type_code not in lanes:
                    lanes.append(e.type_code)
            self.rows = [("lane", code) for code in lanes]
            self.rows += [("milestone", m) for m in tl.milestones]
            dates = [ln.due for ln in tl.lines if ln.due] + [e.date for e in tl.events if e.date]
            dates += [tl.period_start(m.id) for m in tl.milestones if tl.period_start(m.id)]
            dates.append(tl.as_of)
            first, last = min(dates), max(dates)
            self.start = dt.date(first.year, first.month, 1)
            end = last + dt.timedelta(days=21)
            self.end = (dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
                        - dt.timedelta(days=1))
            if self.selected_id is not None and tl.milestone(self.selected_id) is None:
                self.selected_id = None
        if self._fit_mode and tl is not None:
            self.fit()
        self._update_scrollbars()
        self.viewport().update()

    def set_selected(self, milestone_id: int | None) -> None:
        """Highlight a milestone row and scroll it into view."""
        self.selected_id = milestone_id
        row = self._row_of(milestone_id)
        if row is not None:
            top = row * ROW_H
            bar = self.verticalScrollBar()
            visible = self.viewport().height() - HEAD_H
            if top < bar.value():
                bar.setValue(top)
            elif top + ROW_H > bar.value() + visible:
                bar.setValue(top + ROW_H - visible)
        self.viewport().update()

    def _row_of(self, milestone_id: int | None) -> int | None:
        for i, (kind, item) in enumerate(self.rows):
            if kind == "milestone" and item.id == milestone_id:
                return i
        return None

    # --- zoom -------------------------------------------------------------
    def days(self) -> int:
        """Days the chart spans."""
        return (self.end - self.start).days + 1

    def set_zoom(self, ppd: float, anchor_x: float | None = None) -> None:
        """Pixels per day, keeping the date under `anchor_x` (viewport x) in place."""
        ppd = max(MIN_PPD, min(MAX_PPD, ppd))
        self._fit_mode = False
        if anchor_x is None:
            anchor_x = LABEL_W + (self.viewport().width() - LABEL_W) / 2
        day = (anchor_x - LABEL_W + self.horizontalScrollBar().value()) / self.ppd
        self.ppd = ppd
        self._update_scrollbars()
        self.horizontalScrollBar().setValue(round(day * ppd - (anchor_x - LABEL_W)))
        self.viewport().update()
        self.zoom_changed.emit(ppd)

    def zoom_in(self) -> None:
        """Twice as wide, more or less."""
        self.set_zoom(self.ppd * 1.5)

    def zoom_out(self) -> None:
        """Narrower."""
        self.set_zoom(self.ppd / 1.5)

    def fit(self) -> None:
        """The whole span in the visible width."""
        self._fit_mode = True
        width = max(100, self.viewport().width() - LABEL_W - 8)
        self.ppd = max(MIN_PPD, min(MAX_PPD, width / max(1, self.days())))
        self._update_scrollbars()
        self.horizontalScrollBar().setValue(0)
        self.viewport().update()
        self.zoom_changed.emit(self.ppd)

    def _update_scrollbars(self) -> None:
        content_w = round(self.days() * self.ppd) + 8
        content_h = len(self.rows) * ROW_H + 4
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setRange(0, max(0, content_w - (self.viewport().width() - LABEL_W)))
        h.setPageStep(max(1, self.viewport().width() - LABEL_W))
        h.setSingleStep(max(4, round(self.ppd * 7)))
        v.setRange(0, max(0, content_h - (self.viewport().height() - HEAD_H)))
        v.setPageStep(max(1, self.viewport().height() - HEAD_H))
        v.setSingleStep(ROW_H)

    # --- geometry ---------------------------------------------------------
    def x_of(self, date: dt.date) -> float:
        """The viewport x of the start of a day."""
        return LABEL_W + (date - self.start).days * self.ppd - self.horizontalScrollBar().value()

    def row_top(self, row: int) -> float:
        """The viewport y of a row's top."""
        return HEAD_H + row * ROW_H - self.verticalScrollBar().value()

    def row_at(self, y: float) -> int | None:
        """The row under a viewport y."""
        if y < HEAD_H:
            return None
        row = int((y - HEAD_H + self.verticalScrollBar().value()) // ROW_H)
        return row if 0 <= row < len(self.rows) else None

    # --- events -----------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fit_mode and self.tl is not None:
            self.fit()
        self._update_scrollbars()

    def scrollContentsBy(self, dx, dy) -> None:  # noqa: N802 - Qt override
        self.viewport().update()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.ppd * (1.25 ** steps), event.position().x())
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        row = self.row_at(event.position().y())
        if row is not None and self.rows[row][0] == "milestone":
            milestone = self.rows[row][1]
            self.set_selected(milestone.id)
            self.milestone_clicked.emit(milestone.id)
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        ids = [item.id for kind, item in self.rows if kind == "milestone"]
        key = event.key()
        if ids and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            index = ids.index(self.selected_id) if self.selected_id in ids else -1
            index = max(0, index - 1) if key == Qt.Key.Key_Up else min(len(ids) - 1, index + 1)
            self.set_selected(ids[index])
            self.milestone_clicked.emit(ids[index])
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
            return
        if key == Qt.Key.Key_Minus:
            self.zoom_out()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == event.Type.ToolTip:
            text = self.tooltip_at(event.pos().x(), event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, x: float, y: float) -> str:
        """What the tooltip says at a viewport point."""
        row = self.row_at(y)
        if row is None or self.tl is None:
            return ""
        kind, item = self.rows[row]
        if kind == "lane":
            near = [e for e in self.tl.events if e.type_code == item and e.date
                    and abs(self.x_of(e.date) + self.ppd / 2 - x) <= 7]
            return "\n".join(f"{e.unit_name}: {format_date(e.date)}" + (" (điểm)" if e.is_pilot else "")
                             for e in near)
        counts = self.tl.counts(item.id)
        parts = [f"{item.title}", f"Hạn: {item.describe()}"]
        dues = sorted({ln.due for ln in self.tl.lines_of(item.id) if ln.due})
        if dues:
            span = format_date(dues[0]) + (f" – {format_date(dues[-1])}" if len(dues) > 1 else "")
            parts.append(f"Ngày hết hạn: {span}")
        if item.responsible:
            parts.append(f"Chủ trì: {item.responsible}")
        parts.append(", ".join(f"{STATE_LABELS[s]}: {n}" for s, n in counts.items() if n))
        return "\n".join(parts)

    # --- painting ---------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.viewport().width(), self.viewport().height()
        painter.fillRect(0, 0, width, height, QColor("white"))
        if self.tl is None:
            painter.setPen(MUTED)
            painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter,
                             "Chưa có kế hoạch để hiển thị.")
            return
        first = max(0, int(self.verticalScrollBar().value() // ROW_H))
        last = min(len(self.rows), first + (height - HEAD_H) // ROW_H + 2)
        painter.save()
        painter.setClipRect(QRectF(LABEL_W, HEAD_H, width - LABEL_W, height - HEAD_H))
        self._paint_grid(painter, first, last, width, height)
        for row in range(first, last):
            kind, item = self.rows[row]
            top = self.row_top(row)
            if kind == "lane":
                self._paint_lane(painter, item, top)
            else:
                self._paint_milestone(painter, item, top)
        self._paint_today(painter, height)
        painter.restore()
        self._paint_header(painter, width)
        self._paint_labels(painter, first, last, height)

    def _visible_days(self, width):
        left = self.start + dt.timedelta(days=int(self.horizontalScrollBar().value() // self.ppd))
        right = left + dt.timedelta(days=int((width - LABEL_W) / self.ppd) + 2)
        return left, min(right, self.end)

    def _paint_grid(self, p: QPainter, first, last, width, height) -> None:
        for row in range(first, last):
            top = self.row_top(row)
            kind, item = self.rows[row]
            if kind == "milestone" and item.id == self.selected_id:
                p.fillRect(QRectF(LABEL_W, top, width, ROW_H), SELECTED)
            elif kind == "lane":
                p.fillRect(QRectF(LABEL_W, top, width, ROW_H), QColor("#F7F9FC"))
            elif row % 2:
                p.fillRect(QRectF(LABEL_W, top, width, ROW_H), QColor("#FAFBFC"))
        left, right = self._visible_days(width)
        day = left
        while day <= right:
            x = self.x_of(day)
            if day.weekday() >= 5 and self.ppd >= 3:
                p.fillRect(QRectF(x, HEAD_H, self.ppd, height), QColor(0, 0, 0, 10))
            if day.day == 1:
                p.setPen(QPen(GRID, 1))
                p.drawLine(QPointF(x, HEAD_H), QPointF(x, height))
            elif day.weekday() == 0 and self.ppd * 7 >= 14:
                p.setPen(QPen(QColor("#EDF0F4"), 1))
                p.drawLine(QPointF(x, HEAD_H), QPointF(x, height))
            day += dt.timedelta(days=1)
        lanes = sum(1 for kind, _ in self.rows if kind == "lane")
        if lanes:
            y = self.row_top(lanes)
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(LABEL_W, y), QPointF(width, y))

    def _paint_lane(self, p: QPainter, type_code: str, top: float) -> None:
        mid = top + ROW_H / 2
        events = [e for e in self.tl.events if e.type_code == type_code and e.date]
        single = len(events) == 1
        for e in events:
            x = self.x_of(e.date) + self.ppd / 2
            colour = PILOT if e.is_pilot else EVENT
            p.setPen(QPen(colour.darker(120), 1))
            p.setBrush(colour)
            if single or e.is_pilot:
                # A flag on a pole for the one big event and for the pilot.
                p.drawLine(QPointF(x, top + 4), QPointF(x, top + ROW_H - 4))
                flag = QPolygonF([QPointF(x, top + 4), QPointF(x + 11, top + 8), QPointF(x, top + 12)])
                p.drawPolygon(flag)
                p.setFont(self._small)
                p.setPen(colour.darker(130))
                if single:
                    p.drawText(QPointF(x + 13, top + ROW_H - 7), format_date(e.date)[:5])
                else:  # the pilot comes first: its label goes left, clear of the other markers
                    label = f"điểm {format_date(e.date)[:5]}"
                    w = QFontMetrics(self._small).horizontalAdvance(label)
                    p.drawText(QPointF(x - w - 4, top + ROW_H - 7), label)
            else:
                p.drawEllipse(QPointF(x, mid), 4, 4)

    def _paint_milestone(self, p: QPainter, m, top: float) -> None:
        lines = self.tl.lines_of(m.id)
        dues = sorted(ln.due for ln in lines if ln.due)
        mid = top + ROW_H / 2
        state = self.tl.summary_state(m.id) or "open"
        strong, light = STRONG[state], LIGHT[state]
        if not dues:
            p.setPen(MUTED)
            p.setFont(self._small)
            x = max(LABEL_W + 6, self.x_of(self.tl.as_of) + 6)
            p.drawText(QPointF(x, mid + 4), "chưa có ngày hết hạn")
            return
        first_due, last_due = dues[0], dues[-1]
        start = self.tl.period_start(m.id)
        bar_from = min(d for d in (start, first_due) if d)
        end_x = self.x_of(last_due) + self.ppd
        if bar_from < last_due:
            rect = QRectF(self.x_of(bar_from), top + 7, end_x - self.x_of(bar_from), ROW_H - 14)
            p.setPen(QPen(strong.lighter(130), 1))
            p.setBrush(light)
            p.drawRoundedRect(rect, 3, 3)
            if first_due < last_due:  # units fall due on different days: the spread, darker
                spread = QRectF(self.x_of(first_due), top + 9, end_x - self.x_of(first_due), ROW_H - 18)
                p.fillRect(spread, QColor(strong.red(), strong.green(), strong.blue(), 90))
        event = next((e for e in self.tl.events if e.id == lines[0].event_id), None) if lines else None
        if m.due_kind == "event" and event and event.date:
            # A dotted leader from the deadline to the event it hangs on.
            p.setPen(QPen(strong, 1, Qt.PenStyle.DotLine))
            ex = self.x_of(event.date) + self.ppd / 2
            p.drawLine(QPointF(end_x - self.ppd / 2, mid), QPointF(ex, mid))
            p.drawLine(QPointF(ex, mid - 4), QPointF(ex, mid + 4))
        x = end_x - self.ppd / 2
        diamond = QPainterPath()
        diamond.moveTo(x, mid - 7)
        diamond.lineTo(x + 7, mid)
        diamond.lineTo(x, mid + 7)
        diamond.lineTo(x - 7, mid)
        diamond.closeSubpath()
        p.setPen(QPen(strong.darker(130), 1))
        p.setBrush(strong)
        p.drawPath(diamond)
        counts = self.tl.counts(m.id)
        total = sum(counts.values())
        text = format_date(last_due)[:5]
        if total > 1:
            text += f"  ✓{counts['done']}/{total}"
        if counts["overdue"]:
            text += f"  trễ {counts['overdue']}"
        p.setFont(self._small)
        p.setPen(strong.darker(115))
        p.drawText(QPointF(x + 11, mid + 4), text)

    def _paint_today(self, p: QPainter, height: int) -> None:
        x = self.x_of(self.tl.as_of) + self.ppd / 2
        p.setPen(QPen(TODAY, 2))
        p.drawLine(QPointF(x, HEAD_H), QPointF(x, height))

    def _paint_header(self, p: QPainter, width: int) -> None:
        p.fillRect(QRectF(0, 0, width, HEAD_H), HEADER_BG)
        p.save()
        p.setClipRect(QRectF(LABEL_W, 0, width - LABEL_W, HEAD_H))
        left, right = self._visible_days(width)
        month = dt.date(left.year, left.month, 1)
        metrics = QFontMetrics(self._font)
        while month <= right:
            nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            x1, x2 = self.x_of(month), self.x_of(nxt)
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(x1, 0), QPointF(x1, HEAD_H))
            # The longest name that fits: "Tháng 4/2025", "T4/25", "T4", "4"; January keeps its year.
            yy = f"{month.year % 100:02d}"
            names = (f"Tháng {month.month}/{month.year}", f"T{month.month}/{yy}",
                     f"T{month.month}" if month.month != 1 else f"1/{yy}",
                     str(month.month) if month.month != 1 else f"’{yy}")
            text = next((t for t in names if metrics.horizontalAdvance(t) + 6 < x2 - x1), "")
            p.setFont(self._font)
            p.setPen(TEXT)
            p.drawText(QRectF(x1, 0, x2 - x1, MONTH_H), Qt.AlignmentFlag.AlignCenter, text)
            month = nxt
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(LABEL_W, MONTH_H), QPointF(width, MONTH_H))
        p.setFont(self._small)
        day = left
        while day <= right:
            if day.weekday() == 0:
                x = self.x_of(day)
                p.setPen(QPen(GRID, 1))
                p.drawLine(QPointF(x, MONTH_H + 10), QPointF(x, HEAD_H))
                if self.ppd * 7 >= 20:
                    p.setPen(MUTED)
                    p.drawText(QRectF(x + 2, MONTH_H, self.ppd * 7, WEEK_H),
                               Qt.AlignmentFlag.AlignVCenter, f"{day.day:02d}")
            day += dt.timedelta(days=1)
        # The as-of date on the header, red, where the line starts.
        x = self.x_of(self.tl.as_of) + self.ppd / 2
        label = ("Hôm nay " if self.tl.as_of == dt.date.today() else "Ngày xem ") + format_date(self.tl.as_of)
        w = QFontMetrics(self._small).horizontalAdvance(label) + 10
        left_edge = min(max(x - w / 2, LABEL_W + 2), width - w - 2)
        box = QRectF(left_edge, MONTH_H + 1, w, WEEK_H - 2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(TODAY)
        p.drawRoundedRect(box, 3, 3)
        p.setPen(QColor("white"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        p.restore()
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(0, HEAD_H), QPointF(width, HEAD_H))

    def _paint_labels(self, p: QPainter, first, last, height) -> None:
        p.fillRect(QRectF(0, HEAD_H, LABEL_W, height - HEAD_H), QColor("white"))
        p.save()
        p.setClipRect(QRectF(0, HEAD_H, LABEL_W, height - HEAD_H))
        metrics = QFontMetrics(self._font)
        number = 0
        for row in range(0, last):
            kind, item = self.rows[row]
            if kind == "milestone":
                number += 1
            if row < first:
                continue
            top = self.row_top(row)
            rect = QRectF(8, top, LABEL_W - 16, ROW_H)
            if kind == "lane":
                p.fillRect(QRectF(0, top, LABEL_W, ROW_H), QColor("#F7F9FC"))
                name = self.tl.data.type_names.get(item, item)
                p.setFont(self._bold)
                p.setPen(EVENT)
                p.drawText(rect, Qt.AlignmentFlag.AlignVCenter,
                           QFontMetrics(self._bold).elidedText(name, Qt.TextElideMode.ElideRight, LABEL_W - 16))
                continue
            if item.id == self.selected_id:
                p.fillRect(QRectF(0, top, LABEL_W, ROW_H), SELECTED)
            state = self.tl.summary_state(item.id) or "open"
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(STRONG[state])
            p.drawEllipse(QPointF(14, top + ROW_H / 2), 4.5, 4.5)
            counts = self.tl.counts(item.id)
            badge = f"trễ {counts['overdue']}" if counts["overdue"] else (
                f"{counts['done']}/{sum(counts.values())}")
            badge_w = metrics.horizontalAdvance(badge) + 6
            p.setFont(self._font)
            p.setPen(STRONG["overdue"] if counts["overdue"] else MUTED)
            p.drawText(QRectF(LABEL_W - badge_w - 8, top, badge_w, ROW_H),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, badge)
            p.setPen(TEXT)
            text = metrics.elidedText(f"{number}. {item.title}", Qt.TextElideMode.ElideRight,
                                      LABEL_W - 40 - badge_w)
            p.drawText(QRectF(26, top, LABEL_W - 30, ROW_H), Qt.AlignmentFlag.AlignVCenter, text)
        p.restore()
        p.fillRect(QRectF(0, 0, LABEL_W, HEAD_H), HEADER_BG)
        p.setFont(self._bold)
        p.setPen(TEXT)
        p.drawText(QRectF(10, 0, LABEL_W - 20, HEAD_H), Qt.AlignmentFlag.AlignVCenter, "Mốc công việc")
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(LABEL_W, 0), QPointF(LABEL_W, height))
        p.drawLine(QPointF(0, HEAD_H), QPointF(LABEL_W, HEAD_H))
