"""Costs by 年度 and funding source (read-only; from dxplanner.funding.summarize), in 千円."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from dxplanner.funding import FundingSummary, summarize
from dxplanner.i18n import N_, _
from dxplanner.model import FUNDING_SOURCES
from dxplanner.ops import Change
from ui import display
from ui.controller import DocumentController
from ui.models.table import Index
from ui.vocab import value_label


class FundingModel(QAbstractTableModel):
    """Rows: 年度 and a total row; columns: each source, total, 特別交付税 措置見込額（参考）."""

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
        old = len(self._sum.rows) if self._sum else 0
        self._compute()
        new = len(self._sum.rows) if self._sum else 0
        if old != new:
            self._reset()
        elif new:
            self.dataChanged.emit(self.index(0, 0), self.index(new, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._sum is None:
            return 0
        return len(self._sum.rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FUNDING_SOURCES) + 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._sum is None or index.row() > len(self._sum.rows):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        c = index.column()
        total_row = index.row() == len(self._sum.rows)
        if total_row:
            values = [self._sum.by_source_total[s] for s in FUNDING_SOURCES]
            values += [self._sum.total, self._sum.kofuzei_estimate_total]
        else:
            r = self._sum.rows[index.row()]
            values = [r.by_source[s] for s in FUNDING_SOURCES] + [r.total, r.kofuzei_estimate]
        return display.money_text(values[c])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._sum is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            names = [value_label(s) for s in FUNDING_SOURCES] + [_("Total"), _(ESTIMATE)]
            return names[section] if 0 <= section < len(names) else None
        if 0 <= section < len(self._sum.rows):
            return display.fy_text(self._sum.rows[section].fy)
        return _("Total") if section == len(self._sum.rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


ESTIMATE = N_("Special allocation tax estimate (reference)")
