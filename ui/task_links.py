"""Choose the 工程表 tasks that carry one 標準化 業務's migration (ticks in a list)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from dxplanner.i18n import _
from dxplanner.model import Plan, StandardSystem
from ui.text import plain_label


class TaskLinksDialog(QDialog):
    """The plan's tasks in 工程表 order (the 標準化 part's first), the linked ones ticked;
    ``chosen()`` gives the ticked ids in that order."""

    def __init__(self, plan: Plan, system: StandardSystem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Tasks that carry {name}").format(name=system.name))
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(_("Tick the tasks of the 工程表 that carry the migration of {name}. The health "
                                    "check then says when such a task is 完了 but the system is not 移行済.")
                                  .format(name=system.name), self, wrap=True))
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Tasks in the 工程表"))
        areas = plan.areas
        ordered = plan.ordered_tasks()
        ordered.sort(key=lambda dt: dt[1].area_id != "std")  # stable: tree order within each group
        for depth, t in ordered:
            area = areas.get(t.area_id)
            item = QListWidgetItem("　" * depth + t.title + (f"（{area.name}）" if area and t.area_id != "std" else ""))
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if t.id in system.task_ids else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        lay.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 420)

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out
