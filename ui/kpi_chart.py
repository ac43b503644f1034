"""A small chart of one KPI: target and actual per 年度, drawn with QPainter.

PySide6-Essentials has no QtCharts, and the chart is simple: two bars per 年度 (target: white
with a dark outline and diagonal hatching; actual: solid dark grey), so it reads the same
printed in black and white. The 年度 labels follow the program's 和暦/西暦 preference; the value
above each bar is the number itself; a legend says which bar is which.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dxplanner.i18n import _
from dxplanner.model import Kpi
from ui import display

TARGET_EDGE = QColor("#333333")
TARGET_FILL = QColor("#ffffff")
TARGET_HATCH = QColor("#9a9a9a")
ACTUAL_FILL = QColor("#3a3a3a")
GRID = QColor("#d8d8d8")
TEXT = QColor("#222222")
HIGHLIGHT = QColor("#fff4c2")


def number_text(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


class KpiChart(QWidget):
    """Target against actual per 年度 for one KPI (``set_kpi``); empty text when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kpi_name = ""
        self.unit = ""
        self.years: list[int] = []
        self.targets: dict[int, float] = {}
        self.actuals: dict[int, float] = {}
        self.highlight: int | None = None
        self.setMinimumSize(300, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("KPI results chart"))

    def sizeHint(self) -> QSize:
        return QSize(520, 200)

    def set_kpi(self, kpi: Kpi | None, years: list[int], highlight: int | None = None) -> None:
        """Show ``kpi`` over ``years`` (the plan's 年度 and any year with a value), ``highlight``
        one 年度 (the one under review)."""
        if kpi is None:
            self.kpi_name, self.unit, self.targets, self.actuals, self.years = "", "", {}, {}, []
        else:
            self.kpi_name, self.unit = kpi.name, kpi.unit
            self.targets, self.actuals = dict(kpi.targets), dict(kpi.actuals)
            self.years = sorted(set(years) | set(self.targets) | set(self.actuals))
        self.highlight = highlight
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart in words (screen readers, tooltips)."""
        if not self.years:
            return _("No KPI selected")
        parts = []
        for fy in self.years:
            t = self.targets.get(fy)
            a = self.actuals.get(fy)
            if t is None and a is None:
                continue
            parts.append(_("{fy}: target {target}, actual {actual}").format(
                fy=display.fy_text(fy), target="—" if t is None else number_text(t),
                actual="—" if a is None else number_text(a)))
        return f"{self.kpi_name} ({self.unit}) " + "; ".join(parts) if parts else _("No targets or actuals yet")

    # --- drawing ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(GRID))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        fm = self.fontMetrics()
        lh = fm.height()
        if not self.years:
            p.setPen(TEXT)
            p.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), _("No KPI selected"))
            return
        values = [v for v in (*self.targets.values(), *self.actuals.values()) if v is not None]
        top_value = max([*values, 0.0])
        if top_value <= 0:
            top_value = 1.0
        # legend on top, axis labels at the bottom
        self._legend(p, 8, 6)
        unit = self.unit
        left = 8 + (fm.horizontalAdvance(number_text(top_value) + " " + unit) if unit else
                    fm.horizontalAdvance(number_text(top_value))) + 6
        right = self.width() - 8
        top = 6 + lh + 6 + lh  # legend and the value labels above the tallest bar
        bottom = self.height() - lh - 8
        if bottom - top < 20 or right - left < 40:
            return
        h = bottom - top
        p.setPen(QPen(GRID))
        for frac in (0.0, 0.5, 1.0):
            y = bottom - int(h * frac)
            p.drawLine(left, y, right, y)
        p.setPen(TEXT)
        small = QFont(self.font())
        p.setFont(small)
        for frac in (0.0, 1.0):
            y = bottom - int(h * frac)
            label = number_text(top_value * frac) + (f" {unit}" if unit and frac == 1.0 else "")
            p.drawText(QRectF(0, y - lh / 2, left - 4, lh), int(Qt.AlignmentFlag.AlignRight
                                                                 | Qt.AlignmentFlag.AlignVCenter), label)
        n = len(self.years)
        slot = (right - left) / n
        bar = max(4.0, min(28.0, slot * 0.32))
        for i, fy in enumerate(self.years):
            x0 = left + i * slot
            if fy == self.highlight:
                p.fillRect(QRectF(x0 + 1, top - lh, slot - 2, bottom - top + lh), HIGHLIGHT)
            cx = x0 + slot / 2
            t = self.targets.get(fy)
            a = self.actuals.get(fy)
            if t is not None:
                self._bar(p, QRectF(cx - bar - 1, bottom - h * t / top_value, bar, h * t / top_value), target=True)
                self._value(p, cx - bar - 1, bar, bottom - h * t / top_value, t)
            if a is not None:
                self._bar(p, QRectF(cx + 1, bottom - h * a / top_value, bar, h * a / top_value), target=False)
                self._value(p, cx + 1, bar, bottom - h * a / top_value, a)
            p.setPen(TEXT)
            label = display.fy_short(fy)
            p.drawText(QRectF(x0, bottom + 3, slot, lh), int(Qt.AlignmentFlag.AlignCenter), label)
        p.setPen(QPen(TEXT))
        p.drawLine(left, bottom, right, bottom)
        p.end()

    def _bar(self, p: QPainter, r: QRectF, *, target: bool) -> None:
        if r.height() < 1:
            r.setTop(r.bottom() - 1)
        if target:
            p.fillRect(r, TARGET_FILL)
            p.fillRect(r, QBrush(TARGET_HATCH, Qt.BrushStyle.BDiagPattern))
            p.setPen(QPen(TARGET_EDGE, 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(r)
        else:
            p.fillRect(r, ACTUAL_FILL)

    def _value(self, p: QPainter, x: float, w: float, y: float, v: float) -> None:
        fm = self.fontMetrics()
        text = number_text(v)
        tw = fm.horizontalAdvance(text)
        p.setPen(TEXT)
        p.drawText(QRectF(x + w / 2 - tw / 2 - 2, y - fm.height() - 1, tw + 4, fm.height()),
                   int(Qt.AlignmentFlag.AlignCenter), text)

    def _legend(self, p: QPainter, x: int, y: int) -> None:
        fm = self.fontMetrics()
        lh = fm.height()
        box = lh - 4
        p.setPen(TEXT)
        name = fm.elidedText(self.kpi_name, Qt.TextElideMode.ElideRight, max(40, self.width() // 2 - 16))
        p.drawText(QRectF(x, y, self.width() / 2, lh), int(Qt.AlignmentFlag.AlignLeft
                                                           | Qt.AlignmentFlag.AlignVCenter), name)
        lx = self.width() / 2 + 8
        for label, target in ((_("Target"), True), (_("Actual"), False)):
            self._bar(p, QRectF(lx, y + 2, box, box), target=target)
            p.setPen(TEXT)
            p.drawText(QRectF(lx + box + 4, y, fm.horizontalAdvance(label) + 4, lh),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), label)
            lx += box + 4 + fm.horizontalAdvance(label) + 16
