"""Choose a task's predecessors (finish → start) by keyboard: a filterable, checkable list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dxplanner.i18n import _
from dxplanner.model import Plan


class LinksDialog(QDialog):
    def __init__(self, plan: Plan, task_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        t = plan.tasks[task_id]
        self.setWindowTitle(_("Predecessors of “{title}”").format(title=t.title))
        self.setAccessibleName(_("Predecessors"))
        lay = QVBoxLayout(self)
        info = QLabel(_("“{title}” starts after the checked tasks finish.").format(title=t.title), self)
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        lay.addWidget(info)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(_("Filter by title or department"))
        self.filter.setAccessibleName(_("Filter"))
        self.filter.textChanged.connect(self._filter)
        lay.addWidget(self.filter)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Tasks"))
        areas = {a.id: a.name for a in plan.areas.values()}
        current = set(t.depends_on)
        for depth, other in plan.ordered_tasks():
            if other.id == task_id:
                continue
            text = "　" * depth + other.title
            if other.department:
                text += f"（{other.department}）"
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            item.setToolTip(areas.get(other.area_id, ""))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if other.id in current else Qt.CheckState.Unchecked)
        self._order = list(t.depends_on)
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(520, 480)

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def chosen(self) -> list[str]:
        """Checked task ids: the ones already linked keep their order, new ones follow."""
        checked = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                checked.append(str(item.data(Qt.ItemDataRole.UserRole)))
        kept = [d for d in self._order if d in checked]
        return kept + [d for d in checked if d not in kept]

    def set_checked(self, task_id: str, on: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == task_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
