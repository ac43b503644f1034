"""Costs by 年度 and funding source (read-only; from dxplanner.funding.summarize), in 千円."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from dxplanner.funding import FundingSummary, summarize
from dxplanner.i18n import N_, _, current_language
from dxplanner.model import FUNDING_SOURCES
from dxplanner.ops import Change
from ui import display
from ui.controller import DocumentController
from ui.models.table import Index
from ui.vocab import value_label


class FundingModel(QAbstractTableModel):
    """Rows: each funding source, the total, 交付税 措置見込額（参考）; columns: each 年度 and the
    total — 年度 run across, as in a municipality's own budget tables, so the page's width holds a
    whole plan period."""

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self._sum: FundingSummary | None = None
        self._compute()
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self._reset)

    def _compute(self) -> None:
        self._sum = summarize(self.ctl.plan) if self.ctl.doc is not None else None

    def _reset(self) -> None:
        self.beginResetModel()
        self._compute()
        self.endResetModel()

    def _on_changed(self, changes: list[Change]) -> None:
        if not any(k in ("budget", "hires", "trainings", "plan") for k, _ in changes):
            return
        old = [r.fy for r in self._sum.rows] if self._sum else []
        self._compute()
        new = [r.fy for r in self._sum.rows] if self._sum else []
        if old != new:
            self._reset()
        elif new:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._sum is None:
            return 0
        return len(FUNDING_SOURCES) + 2

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._sum is None:
            return 0
        return len(self._sum.rows) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._sum is None:
            return None
        r, c = index.row(), index.column()
        if r >= self.rowCount() or c >= self.columnCount():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and r == len(FUNDING_SOURCES):
            font = QFont()
            font.setBold(True)
            return font
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        s = self._sum
        whole = c == len(s.rows)  # the total column
        if r < len(FUNDING_SOURCES):
            src = FUNDING_SOURCES[r]
            value = s.by_source_total[src] if whole else s.rows[c].by_source[src]
        elif r == len(FUNDING_SOURCES):
            value = s.total if whole else s.rows[c].total
        else:
            value = s.kofuzei_estimate_total if whole else s.rows[c].kofuzei_estimate
        return display.money_text(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        tip = role == Qt.ItemDataRole.ToolTipRole  # the full wording where the header is short
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or self._sum is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._sum.rows):
                fy = self._sum.rows[section].fy
                # 令和7年度 fits a column; "FY2025 (Reiwa 7)" does not: FY2025, with the era as tooltip
                return display.fy_text(fy) if tip or current_language() == "ja" else display.fy_short(fy)
            return _("Total") if section == len(self._sum.rows) else None
        names = [value_label(s) for s in FUNDING_SOURCES] + [_("Total"), _(ESTIMATE) if tip else _(ESTIMATE_SHORT)]
        return names[section] if 0 <= section < len(names) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


ESTIMATE = N_("Estimated 交付税 measures (reference; not in the total)")
ESTIMATE_SHORT = N_("交付税 措置見込額（参考）")

