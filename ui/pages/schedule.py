"""The schedule page: hosts the Gantt view (``ui.gantt``), imported when the page is first shown."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from dxplanner.i18n import _
from ui.controller import DocumentController
from ui.text import plain_label


class SchedulePage(QWidget):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.name = "schedule"
        self.tables: list = []
        self.setAccessibleName(_("Schedule"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.gantt: QWidget | None = None
        try:
            from ui.gantt import GanttView
        except ImportError:
            lay.addWidget(plain_label(_("The schedule view is not part of this build."), self))
            return
        self.gantt = GanttView(controller, self)
        lay.addWidget(self.gantt)

    def focus_entity(self, kind: str, eid: str, field: str = "") -> bool:
        if kind == "tasks" and self.gantt is not None and hasattr(self.gantt, "select_task"):
            self.gantt.select_task(eid)
            return True
        return False

    def focused_table(self) -> None:
        return None
