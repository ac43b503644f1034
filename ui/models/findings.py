"""The health-check findings as a table: severity, where, what."""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from dxplanner.checks import Finding, check
from dxplanner.i18n import N_, _
from dxplanner.labels import SEVERITY_LABELS, field_label
from dxplanner.model import Plan
from ui import display
from ui.models.table import Index
from ui.text import tooltip

KIND_LABELS = {
    "plan": N_("Plan"),
    "roles": N_("Structure"),
    "bodies": N_("Structure"),
    "hires": N_("Digital talent"),
    "trainings": N_("Digital talent"),
    "staff": N_("Digital talent"),
    "tasks": N_("Task"),
    "kpis": N_("KPI"),
    "budget": N_("Budget and funding"),
    "systems": N_("Standardization"),
    "procedures": N_("Online procedures"),
}
SEVERITY_COLORS = {"error": "#b00020", "warning": "#8a5a00", "info": "#33557a"}
HEADERS = (N_("Severity"), N_("Where"), N_("Finding"))


def where_text(plan: Plan, f: Finding) -> str:
    kind = _(KIND_LABELS.get(f.kind, f.kind))
    if f.kind == "tasks":
        t = plan.tasks.get(f.id)
        area = plan.areas.get(t.area_id) if t else None
        return f"{area.name}" if area else kind
    if f.kind == "plan":
        return f"{kind}: {field_label(f.field)}"
    return kind


class FindingsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Finding] = []
        self._where: list[str] = []

    def refresh(self, plan: Plan | None, today: datetime.date | None = None) -> None:
        items = check(plan, today) if plan is not None else []
        self.beginResetModel()
        self._items = sorted(items, key=lambda f: {"error": 0, "warning": 1, "info": 2}[f.severity])
        self._where = [where_text(plan, f) for f in self._items] if plan is not None else []
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._items[row]

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0}
        for f in self._items:
            c[f.severity] += 1
        return c

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        f = self._items[index.row()]
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if c == 0:
                return _(SEVERITY_LABELS[f.severity])
            if c == 1:
                return self._where[index.row()]
            return f.message(style=display.era())
        if role == Qt.ItemDataRole.ToolTipRole and c == 2:
            return tooltip(f.message(style=display.era()))
        if role == Qt.ItemDataRole.ForegroundRole and c == 0:
            return QColor(SEVERITY_COLORS[f.severity])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return _(HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
