"""Total 運用経費 by 年度 against the 平成30年度 baseline and the 3割削減 target, drawn with QPainter.

Bars: solid dark for a 年度 whose figures are all actuals, hatched outline where any row is
still a plan. Lines: the baseline (solid grey) and the target, 70 % of it (dashed). It reads the
same printed in black and white; the figures come from :func:`dxplanner.standardization.summarize_costs`,
as in the PDF and the workbook.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dxplanner import standardization as stdz
from dxplanner.i18n import _
from ui import display
from ui.kpi_chart import ACTUAL_FILL, GRID, TARGET_EDGE, TARGET_FILL, TARGET_HATCH, TEXT
from ui.models.standardization import describe_costs

BASELINE = QColor("#808080")
TARGET = QColor("#b00000")


class StdCostChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: stdz.CostSummary | None = None
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(_("運用経費 by 年度 (千円)"))

    def sizeHint(self) -> QSize:
        return QSize(460, 260)

    def set_summary(self, summary: stdz.CostSummary) -> None:
        self.summary = summary
        text = describe_costs(summary)
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def years(self) -> list[stdz.CostYear]:
        return [y for y in self.summary.years if y.total is not None] if self.summary else []

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(GRID))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        fm = self.fontMetrics()
        lh = fm.height()
        years = self.years()
        s = self.summary
        if s is None or not years:
            p.setPen(TEXT)
            p.drawText(self.rect().adjusted(8, 8, -8, -8), int(Qt.AlignmentFlag.AlignCenter
                                                               | Qt.TextFlag.TextWordWrap),
                       _("No 運用経費 yet: add a row below and type the amounts per 年度 (千円)."))
            p.end()
            return
        top_value = max([*(y.total or 0 for y in years), s.baseline or 0, 1])
        legend_h = self._legend(p, 8, 6)
        left = 8 + fm.horizontalAdvance(display.money_text(top_value)) + 6
        right = self.width() - 8
        top = 6 + legend_h + 6 + lh // 2  # the top value label sits clear of the legend
        bottom = self.height() - lh - 8
        if bottom - top < 20 or right - left < 40:
            p.end()
            return
        h = bottom - top
        p.setPen(QPen(GRID))
        for frac in (0.5, 1.0):
            y = bottom - h * frac
            p.drawLine(QPointF(left, y), QPointF(right, y))
        p.setPen(TEXT)
        for frac in (0.0, 0.5, 1.0):
            y = bottom - h * frac
            p.drawText(QRectF(0, y - lh / 2, left - 4, lh), int(Qt.AlignmentFlag.AlignRight
                                                                 | Qt.AlignmentFlag.AlignVCenter),
                       display.money_text(round(top_value * frac)))
        n = len(years)
        slot = (right - left) / n
        bar = max(4.0, min(30.0, slot * 0.55))
        for i, cy in enumerate(years):
            cx = left + i * slot + slot / 2
            vh = h * (cy.total or 0) / top_value
            r = QRectF(cx - bar / 2, bottom - vh, bar, max(vh, 1.0))
            self._bar(p, r, actual=cy.all_actual)
            p.setPen(TEXT)
            label = display.fy_short(cy.fy)
            if fm.horizontalAdvance(label) > slot - 2:  # narrow: FY2026 -> FY26, 2026 -> 26
                label = label.replace(str(cy.fy), f"{cy.fy % 100:02d}")
            p.drawText(QRectF(left + i * slot, bottom + 3, slot, lh), int(Qt.AlignmentFlag.AlignCenter), label)
        for value, color, style in ((s.baseline, BASELINE, Qt.PenStyle.SolidLine),
                                    (s.target, TARGET, Qt.PenStyle.DashLine)):
            if value is None:
                continue
            ly = bottom - h * value / top_value
            p.setPen(QPen(color, 2, style))
            p.drawLine(QPointF(left, ly), QPointF(right, ly))
        p.setPen(QPen(TEXT))
        p.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        p.end()

    def _bar(self, p: QPainter, r: QRectF, *, actual: bool) -> None:
        if actual:
            p.fillRect(r, ACTUAL_FILL)
            return
        p.fillRect(r, TARGET_FILL)
        p.fillRect(r, QBrush(TARGET_HATCH, Qt.BrushStyle.BDiagPattern))
        p.setPen(QPen(TARGET_EDGE, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(r)

    def _legend(self, p: QPainter, x: int, y: int) -> int:
        """The legend, wrapping to a second line when narrow; returns its height."""
        fm = self.fontMetrics()
        lh = fm.height()
        box = lh - 4
        items = [("actual", _("actual")), ("plan", _("plan")), ("base", _("平成30年度 baseline")),
                 ("target", _("3割削減 target"))]
        lx, ly = float(x), float(y)
        for kind, label in items:
            w = box + 4 + fm.horizontalAdvance(label) + 14
            if lx + w > self.width() - 4 and lx > x:
                lx, ly = float(x), ly + lh + 2
            if kind in ("actual", "plan"):
                self._bar(p, QRectF(lx, ly + 2, box, box), actual=kind == "actual")
            else:
                color, style = (BASELINE, Qt.PenStyle.SolidLine) if kind == "base" else (TARGET, Qt.PenStyle.DashLine)
                p.setPen(QPen(color, 2, style))
                p.drawLine(QPointF(lx, ly + lh / 2), QPointF(lx + box + 2, ly + lh / 2))
            p.setPen(TEXT)
            p.drawText(QRectF(lx + box + 4, ly, fm.horizontalAdvance(label) + 4, lh),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), label)
            lx += w
        return int(ly - y + lh)
