"""スナップショットと比較: freeze the plan under a name, and see what changed since.

The upper table lists the snapshots (rename by editing the name, delete with confirmation, each
one undoable). Below, any snapshot is compared with another or with the plan now (現在): the
counts, check boxes to show only some kinds of change, and a tree by part of the plan. A
double-click (or Enter) on a row goes to the task or KPI, through the window's jump mechanism
(the page's ``panel.jump`` signal, as on the health-check page).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dxplanner import history
from dxplanner.checks import Finding
from dxplanner.errors import DxError
from dxplanner.fiscal import month_label
from dxplanner.i18n import _, current_language, list_separator
from dxplanner.model import Plan
from ui import display
from ui import text as ui_text
from ui.controller import DocumentController
from ui.models.history import CATEGORIES, ComparisonModel, SnapshotsModel, taken_text
from ui.pages.base import Page
from ui.table_view import PlanTable
from ui.text import plain_label, without_mnemonic

NOW = history.NOW


def suggest_name(plan: Plan, today: datetime.date) -> str:
    """「令和8年11月時点」 (As of Nov 2026), made unique with “(2)”, “(3)”… when taken already."""
    base = _("As of {month}").format(month=month_label(today.year, today.month, display.era(), current_language()))
    names = {s.name for s in plan.snapshots.values()}
    name, n = base, 2
    while name in names:
        name, n = f"{base} ({n})", n + 1
    return name


class TakeSnapshotDialog(QDialog):
    """Name (a suggestion filled in) and an optional note for a new snapshot."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Take a snapshot"))
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(_("The plan as it is now is kept under this name, to compare with later "
                                    "(for example 当初計画 or 令和7年6月議会報告)."), self, wrap=True))
        form = QFormLayout()
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setAccessibleName(_("Name"))
        self.name_edit.selectAll()
        self.note_edit = QLineEdit(self)
        self.note_edit.setAccessibleName(_("Note"))
        form.addRow(_("&Name"), self.name_edit)
        form.addRow(_("N&ote"), self.note_edit)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Take the snapshot"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(480, 160)


class RowDelegate(QStyledItemDelegate):
    """Rows as tall as the table rows of the other pages (the font's height plus a margin)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), option.fontMetrics.height() + 8))
        return size


class ComparisonTree(QTreeView):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class ComparePanel(QWidget):
    """From/To choice, counts, filters and the tree of changes; ``jump`` asks the window to go to
    a task or KPI (a Finding, as the health check does)."""

    jump = Signal(object)  # Finding

    DELAY_MS = 300

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.today = datetime.date.today()  # tests and screenshots fix the date
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.from_box = QComboBox(self)
        self.to_box = QComboBox(self)
        for label, box in ((_("&From"), self.from_box), (_("&To"), self.to_box)):
            lab = plain_label(without_mnemonic(label), self)
            lab.setBuddy(box)
            box.setAccessibleName(without_mnemonic(label))
            box.setMinimumContentsLength(18)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            row.addWidget(lab)
            row.addWidget(box)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addStretch(1)
        lay.addLayout(row)
        self.summary = plain_label("", self, wrap=True)
        self.summary.setObjectName("compare-summary")
        f = self.summary.font()
        f.setBold(True)
        self.summary.setFont(f)
        lay.addWidget(self.summary)
        filters = QHBoxLayout()
        self.filters: dict[str, QCheckBox] = {}
        for key, label in CATEGORIES:
            check = QCheckBox(_(label), self)
            check.setChecked(True)
            check.setAccessibleName(_(label))
            check.toggled.connect(lambda _on: self._filter())
            self.filters[key] = check
            filters.addWidget(check)
        filters.addStretch(1)
        lay.addLayout(filters)
        self.model = ComparisonModel(controller, self)
        self.view = ComparisonTree(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(RowDelegate(self.view))
        bold = QFont(self.view.font())
        bold.setBold(True)
        self.model.group_font = bold
        self.view.setAccessibleName(_("Changes"))
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setMinimumHeight(320)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        self.model.modelReset.connect(self._after_reset)
        lay.addWidget(self.view, 1)
        self.hint = plain_label(_("Double-click or press Enter on a row to go to the task or KPI."), self, wrap=True)
        lay.addWidget(self.hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._stale = False
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self._on_replaced)
        self.fill_choices()
        self.refresh()

    # --- choices -------------------------------------------------------------------------------

    def fill_choices(self) -> None:
        """The snapshots (oldest first) and 現在 in both boxes; the choice is kept where it can be.
        The first time: from the newest snapshot to now."""
        plan = self.ctl.plan if self.ctl.doc is not None else None
        snaps = history.snapshots_in_order(plan) if plan is not None else []
        old_from, old_to = self.from_box.currentData(), self.to_box.currentData()
        for box in (self.from_box, self.to_box):
            box.blockSignals(True)
            box.clear()
            for s in snaps:
                box.addItem(f"{s.name}（{display.date_text(s.taken_at.date())}）", s.id)
            box.addItem(_("Now (現在)"), NOW)
        first_time = old_from is None or (old_from == NOW and old_to == NOW)
        fi = self.from_box.findData(old_from)
        if first_time or fi < 0:
            fi = max(0, len(snaps) - 1)
        self.from_box.setCurrentIndex(fi)
        ti = self.to_box.findData(old_to)
        self.to_box.setCurrentIndex(ti if ti >= 0 else self.to_box.count() - 1)
        for box in (self.from_box, self.to_box):
            box.setEnabled(bool(snaps))
            box.blockSignals(False)

    def choose(self, from_key: str | None, to_key: str | None) -> None:
        """Choose the two states by snapshot id or name (None: 現在) and compare them."""
        plan = self.ctl.plan

        def key(k: str | None) -> str:
            if k in (None, NOW):
                return NOW
            return history.find_snapshot(plan, k or "").id

        for box, k in ((self.from_box, from_key), (self.to_box, to_key)):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(key(k)))
            box.blockSignals(False)
        self.refresh()

    # --- the comparison ------------------------------------------------------------------------

    def refresh(self) -> None:
        self._timer.stop()
        if self.ctl.doc is None:
            return
        f, t = self.from_box.currentData(), self.to_box.currentData()
        if not self.ctl.plan.snapshots:
            self.model.compare(None, None, self.today)
            self.summary.setText(_("There are no snapshots yet. Take one to keep the plan as it is now "
                                   "(for example 当初計画) and compare with it later."))
            return
        comp = self.model.compare(f, t, self.today)
        if comp is None:
            self.summary.setText("")
            return
        c = comp.counts()
        text = _("Added {added}, removed {removed}, moved {moved}, status changed {status_changed}, "
                 "progress changed {progress_changed}, KPIs changed {kpis_changed}, late {late}").format(
            late=len(self.model.late), **c)
        if f == t:
            text = _("The same state is chosen twice.") + " " + text
        self.summary.setText(text)
        self.summary.setAccessibleName(text)
        counts = self.model.counts()
        for key, label in CATEGORIES:
            n = len(self.model.comparison.moved) if key == "moved" and self.model.comparison else counts[key]
            self.filters[key].setText(f"{_(label)} ({n})")

    def _filter(self) -> None:
        self.model.set_shown({k for k, b in self.filters.items() if b.isChecked()})

    def _after_reset(self) -> None:
        self.view.expandAll()
        fm = self.view.fontMetrics()
        em = fm.horizontalAdvance("あ")
        self.view.setColumnWidth(0, em * 16)
        rows = self.model.visible_rows()
        for col, cap in ((1, 15), (3, 12), (4, 10)):
            texts = [str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")]
            texts += [(r.title, r.change, r.old_new, r.shift, r.late)[col] for r in rows]
            width = max(fm.horizontalAdvance(t) + 24 for t in texts)
            self.view.setColumnWidth(col, min(max(em * 5, width), em * cap))

    def _on_changed(self, changes: list[tuple[str, str]]) -> None:
        if any(k == "snapshots" for k, _i in changes):
            self.fill_choices()
        if not self.isVisible():
            # comparing a 10,000-task plan takes ~0.2 s: a hidden page compares when shown again
            self._stale = True
            return
        if any(k == "snapshots" for k, _i in changes):
            self.refresh()
        else:
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def _on_replaced(self) -> None:
        self.fill_choices()
        self.refresh()

    def _activated(self, index: QModelIndex) -> None:
        r = self.model.row_at(index)
        if r is None:
            return
        if not r.exists:
            self.ctl.refuse(_("“{name}” is not in the plan any more.").format(name=r.title))
            return
        self.jump.emit(Finding("compare", "info", r.kind, r.target_id, "", ""))


class ComparePage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "compare", _("Snapshots and comparison"), parent)
        self.body.addWidget(plain_label(
            _("A snapshot keeps the plan as it is now under a name (当初計画, 令和7年6月議会報告, …). "
              "Compare any snapshot with another or with the plan now to see what was added, removed, "
              "moved or changed, and which tasks are late (遅延)."), self, wrap=True))
        self.snapshots = SnapshotsModel(controller, self)
        self.table = self.add_table(
            _("Snapshots"), self.snapshots, rows_visible=4, can_add=False, can_delete=False,
            buttons=[(_("&Take a snapshot…"), lambda _t: self.take_dialog(), "Ctrl+Ins"),
                     (_("Re&name"), self._rename, ""),
                     (_("&Delete…"), self._delete, "Ctrl+Del")])
        rh = self.table.verticalHeader().defaultSectionSize()
        self.table.setMaximumHeight(rh * 6 + 8)
        self.section_title(_("What changed"))
        self.panel = ComparePanel(controller, self)
        self.body.addWidget(self.panel, 3)

    # --- snapshot commands ------------------------------------------------------------------

    def take_dialog(self) -> None:
        dlg = TakeSnapshotDialog(suggest_name(self.ctl.plan, self.panel.today), self)
        if dlg.exec():
            self.take(dlg.name_edit.text(), dlg.note_edit.text())

    def take(self, name: str, note: str = "", now: datetime.datetime | None = None) -> str | None:
        """Take a snapshot (one undo step); its id, or None when refused (the message is shown)."""
        try:
            op = history.take_snapshot(self.ctl.plan, name, note=note, now=now)
        except DxError as exc:
            self.ctl.refuse(exc.text())
            return None
        if not self.ctl.run(op):
            return None
        sid = op.entities[0].id
        self.table.select_entity(sid)
        return str(sid)

    def rename(self, snapshot_id: str, name: str) -> bool:
        row = self.snapshots.row_of(snapshot_id)
        if row is None:
            return False
        return self.snapshots.set_values([row], self.snapshots.column_index("name"), name)

    def delete(self, snapshot_id: str) -> bool:
        row = self.snapshots.row_of(snapshot_id)
        return row is not None and self.snapshots.remove_rows([row])

    def _rename(self, table: PlanTable) -> None:
        row = table.current_row()
        if row is None:
            return
        idx = self.snapshots.index(row, self.snapshots.column_index("name"))
        table.setCurrentIndex(idx)
        table.edit(idx)

    def _delete(self, table: PlanTable) -> None:
        rows = table.selected_rows()
        if not rows:
            return
        names = list_separator().join(self.snapshots.entity(r).name for r in rows)
        ask = ui_text.message(self, QMessageBox.Icon.Question, _("Delete snapshot"),
                              _("Delete the snapshot {names}? (Edit → Undo brings it back.)").format(names=names),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              QMessageBox.StandardButton.No)
        if ask == QMessageBox.StandardButton.Yes:
            self.snapshots.remove_rows(rows)

    def focus_entity(self, kind: str, eid: str, field: str = "") -> bool:
        if kind == "snapshots":
            return super().focus_entity(kind, eid, field)
        return False


__all__ = ["ComparePage", "ComparePanel", "suggest_name", "taken_text"]
