"""A small chart of the roster's structure, painted with QPainter (no QtCharts here).

Composition (exemplary / guests / leaders) as one stacked bar with the plan's
share marked, then one bar per watched criterion (women, minorities, direct
workers...) with its minimum marked, then age bands, sectors and fields.
`bars()` exposes what is drawn, for tests and for the accessible text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from thidua_desktop.services.roster_stats import RosterStats

OK, SHORT, NEUTRAL = QColor("#3c9a5f"), QColor("#e0a100"), QColor("#5b8bd0")
COMPOSITION = (("Điển hình", QColor("#3c9a5f")), ("Khách mời", QColor("#5b8bd0")),
               ("Lãnh đạo", QColor("#8e6cc0")))
ROW_H, HEAD_H, LABEL_W, VALUE_W = 18, 20, 118, 96


@dataclass(frozen=True)
class Bar:
    """One drawn bar: its section, label, text, filled fraction, target and colour."""

    section: str
    label: str
    text: str
    fraction: float
    target: float | None = None
    ok: bool | None = None


def _pct(x: float) -> str:
    return f"{round(x * 100)}%"


class StructureChart(QWidget):
    """Bars of the roster's structure; call `set_stats()` after each change."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._stats: RosterStats | None = None
        self._bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Biểu đồ cơ cấu đại biểu")

    def set_stats(self, stats: RosterStats | None) -> None:
        """Show these counts (None: nothing)."""
        self._stats = stats
        self._bars = self._make_bars(stats) if stats else []
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.text}" for b in self._bars))
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        """What the chart draws, in order."""
        return list(self._bars)

    @staticmethod
    def _make_bars(s: RosterStats) -> list[Bar]:
        bars: list[Bar] = []
        total = s.total or 1
        share = s.exemplary_share
        bars.append(Bar("Thành phần", "Điển hình tiên tiến",
                        f"{s.exemplary}/{s.total} ({_pct(share.share)})", s.exemplary / total,
                        s.exemplary_target, share.ok))
        for item in s.structure:
            bars.append(Bar("Cơ cấu", item.label, f"{item.count}/{item.base} ({_pct(item.share)})",
                            item.share, item.minimum, item.ok))
        for title, counts in (("Độ tuổi", s.age_bands), ("Thành phần kinh tế", s.sectors),
                              ("Lĩnh vực", s.fields)):
            biggest = max((n for _l, n in counts), default=0) or 1
            for label, n in counts:
                bars.append(Bar(title, label, str(n), n / biggest))
        return bars

    def _sections(self) -> list[str]:
        seen: list[str] = []
        for bar in self._bars:
            if bar.section not in seen:
                seen.append(bar.section)
        return seen

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        rows = len(self._bars) + (1 if self._stats else 0)  # the stacked bar has its own row
        return QSize(LABEL_W + VALUE_W + 120, len(self._sections()) * HEAD_H + rows * ROW_H + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(220, self.sizeHint().height())

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self._stats:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Chưa có đại biểu")
            return
        bold = QFont(self.font())
        bold.setBold(True)
        width = self.width()
        bar_w = max(40, width - LABEL_W - VALUE_W)
        y = 4
        section = None
        for bar in self._bars:
            if bar.section != section:
                section = bar.section
                painter.setFont(bold)
                painter.setPen(self.palette().text().color())
                painter.drawText(QRectF(4, y, width - 8, HEAD_H), Qt.AlignmentFlag.AlignVCenter, section)
                painter.setFont(self.font())
                y += HEAD_H
                if section == "Thành phần":
                    self._stacked(painter, y, bar_w)
                    y += ROW_H
            self._bar(painter, bar, y, bar_w)
            y += ROW_H
        painter.end()

    def _stacked(self, painter: QPainter, y: float, bar_w: float) -> None:
        """Exemplary, guests, leaders side by side, the plan's share marked."""
        s = self._stats
        total = s.total or 1
        x = LABEL_W
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(4, y, LABEL_W - 8, ROW_H), Qt.AlignmentFlag.AlignVCenter, "Tỷ lệ")
        for (_label, colour), n in zip(COMPOSITION, (s.exemplary, s.guests, s.leaders), strict=True):
            w = bar_w * n / total
            painter.fillRect(QRectF(x, y + 3, w, ROW_H - 6), colour)
            x += w
        if s.exemplary_target:
            self._marker(painter, LABEL_W + bar_w * s.exemplary_target, y)
        painter.drawText(QRectF(LABEL_W + bar_w + 4, y, VALUE_W - 4, ROW_H),
                         Qt.AlignmentFlag.AlignVCenter, f"{s.guests} KM, {s.leaders} LĐ")

    def _marker(self, painter: QPainter, x: float, y: float) -> None:
        painter.setPen(QPen(self.palette().text().color(), 2))
        painter.drawLine(int(x), int(y + 1), int(x), int(y + ROW_H - 1))

    def _bar(self, painter: QPainter, bar: Bar, y: float, bar_w: float) -> None:
        painter.setPen(self.palette().text().color())
        label = painter.fontMetrics().elidedText(bar.label, Qt.TextElideMode.ElideRight, LABEL_W - 8)
        painter.drawText(QRectF(4, y, LABEL_W - 8, ROW_H), Qt.AlignmentFlag.AlignVCenter, label)
        track = QRectF(LABEL_W, y + 4, bar_w, ROW_H - 8)
        painter.fillRect(track, self.palette().alternateBase())
        colour = NEUTRAL if bar.ok is None else (OK if bar.ok else SHORT)
        painter.fillRect(QRectF(LABEL_W, y + 4, bar_w * min(bar.fraction, 1.0), ROW_H - 8), colour)
        if bar.target is not None:
            self._marker(painter, LABEL_W + bar_w * bar.target, y)
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(LABEL_W + bar_w + 4, y, VALUE_W - 4, ROW_H),
                         Qt.AlignmentFlag.AlignVCenter, bar.text)
