"""The health check: findings of ``dxplanner.checks`` that jump to their place when chosen."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from dxplanner.checks import Finding
from dxplanner.i18n import _
from ui.controller import DocumentController
from ui.models.findings import FindingsModel
from ui.text import plain_label


class FindingsView(QTableView):
    activated_finding = Signal(object)  # Finding

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class CheckPanel(QWidget):
    """Findings of the open plan, refreshed a moment after each change (so typing stays fast)."""

    jump = Signal(object)  # Finding

    DELAY_MS = 600

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.model = FindingsModel(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.counts = plain_label("", self)
        self.counts.setObjectName("check-counts")
        lay.addWidget(self.counts)
        self.view = FindingsView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Health check findings"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnWidth(1, 160)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        lay.addWidget(self.view, 1)
        hint = plain_label(_("Double-click or press Enter on a finding to go to its place."), self, wrap=True)
        lay.addWidget(hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        controller.changed.connect(lambda _c: self._timer.start())
        controller.document_replaced.connect(self._timer.start)
        self.today: datetime.date | None = None  # tests fix the date

    def schedule_refresh(self, ms: int | None = None) -> None:
        self._timer.start(self.DELAY_MS if ms is None else ms)

    def refresh(self) -> None:
        self._timer.stop()
        plan = self.ctl.plan if self.ctl.doc is not None else None
        self.model.refresh(plan, self.today)
        self.view.setColumnWidth(1, 160)
        c = self.model.counts()
        self.counts.setText(_("{errors} errors, {warnings} warnings, {infos} notes").format(
            errors=c["error"], warnings=c["warning"], infos=c["info"]))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            f: Finding = self.model.finding(index.row())
            self.jump.emit(f)
