"""The health check: findings of ``dxplanner.checks`` that jump to their place when chosen."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget

from dxplanner.checks import Finding
from dxplanner.fixes import Fix, fix_for
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
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        # two facts that disagree (a role 任命済, its starter task 未着手): the fix is one undoable edit
        self.fix_button = QPushButton(_("Fix"), self)
        self.fix_button.setObjectName("check-fix")
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self.apply_fix)
        row.addWidget(self.fix_button)
        lay.addLayout(row)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_fix())
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
        self._update_fix()
        c = self.model.counts()
        self.counts.setText(_("{errors} errors, {warnings} warnings, {infos} notes").format(
            errors=c["error"], warnings=c["warning"], infos=c["info"]))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            f: Finding = self.model.finding(index.row())
            self.jump.emit(f)

    def current_fix(self) -> Fix | None:
        index = self.view.currentIndex()
        plan = self.ctl.plan if self.ctl.doc is not None else None
        if plan is None or not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return fix_for(plan, self.model.finding(index.row()), self.today or datetime.date.today())

    def _update_fix(self) -> None:
        fix = self.current_fix()
        self.fix_button.setEnabled(fix is not None)
        self.fix_button.setText(_(fix.label) if fix else _("Fix"))
        self.fix_button.setToolTip(_(fix.label) if fix else _("This finding has no automatic fix: go to its place."))

    def apply_fix(self) -> None:
        fix = self.current_fix()
        if fix is not None and self.ctl.run(fix.op):
            self.refresh()
