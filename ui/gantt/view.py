"""GanttView: the 工程表 page — task table and timeline side by side, one model, one scroll.

Public API (used by the main window): ``GanttView(controller)``, ``select_task``,
``set_snapshot``, ``set_zoom``, ``set_era``, ``export_png``, ``export_svg`` and the
``task_activated(str)`` signal. Every edit is one ``controller.run(op)`` (one undo step); a
refused edit's message is shown in the message line and the bar goes back where it was.
"""

from __future__ import annotations

import datetime
import os
from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dxplanner.i18n import N_, _, current_language
from dxplanner.model import TASK_STATUSES
from dxplanner.ops import Op
from ui.controller import DocumentController
from ui.gantt import edits
from ui.gantt.chart import Chart
from ui.gantt.delegates import TaskDelegate
from ui.gantt.export import ExportCancelledError
from ui.gantt.layout import RowLayout, Span
from ui.gantt.model import COL_DEPT, COL_END, COL_PROGRESS, COL_START, COL_STATUS, COL_TITLE, GanttModel, Node
from ui.gantt.scale import ZOOM_LEVELS, point_label
from ui.gantt.styles import OVERDUE, status_text
from ui.gantt.table import TaskTable
from ui.gantt.timeline import Timeline
from ui.gantt.toolbar import ElidingCombo, GanttToolbar

ZOOM_NAMES = {"month": N_("Month"), "quarter": N_("Quarter"), "year": N_("Fiscal year"), "fit": N_("Whole plan")}


class _Header(QHeaderView):
    """The table's header, as tall as the timeline's two tiers so that the rows line up."""

    def __init__(self, height_of: Any, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._height_of = height_of

    def sizeHint(self) -> QSize:
        s = super().sizeHint()
        return QSize(s.width(), int(self._height_of()))


class _Legend(QWidget):
    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setAccessibleName(_("Legend"))
        self._pixmap: QPixmap | None = None
        self._key: tuple[object, ...] = ()

    def sizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(max(400, self.width())))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, w: int) -> int:
        rows = 1 + int(self.chart.legend_width(self.chart.legend_items()) // max(1, w - 16))
        return int(rows * (self.chart.fm_small.height() + 8) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        # the legend only changes with the width, the language and the snapshot: keep its pixels
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), current_language(), self.chart.snapshot is not None, dpr)
        if key != self._key or self._pixmap is None:
            pm = QPixmap(int(self.width() * dpr), int(self.height() * dpr))
            pm.setDevicePixelRatio(dpr)
            pm.fill(self.palette().window().color())
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart.paint_legend(p, 8, 2, self.chart.fm_small.height() + 8, self.width() - 16)
            p.end()
            self._pixmap, self._key = pm, key
        p = QPainter(self)
        p.drawPixmap(0, 0, self._pixmap)
        p.end()


class GanttView(QWidget):
    task_activated = Signal(str)

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.setAccessibleName(_("Schedule (工程表)"))
        self.model = GanttModel(controller, self)
        self.layout_rows = RowLayout(self.model)
        self.chart = Chart(self.model, self.layout_rows)
        self.snapshot_id: str | None = None
        self._last_refusal = ""
        controller.refused.connect(self._remember_refusal)

        # table
        self.tree = TaskTable(self)
        self.tree.setAccessibleName(_("Task table"))
        self.tree.setHeader(_Header(lambda: self.chart.header_h, self.tree))
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.delegate = TaskDelegate(self.tree)
        self.delegate.message.connect(self.show_message)
        self.tree.setItemDelegate(self.delegate)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tree.header().setTextElideMode(Qt.TextElideMode.ElideRight)

        # timeline
        self.timeline = Timeline(self.chart, self.tree.verticalScrollBar(), self._run, self)
        self.timeline.clicked.connect(self.select_task)
        self.timeline.activated.connect(self.task_activated)
        self.timeline.context_menu.connect(self._fill_menu)
        self.timeline.row_keys_to = self.tree

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setAccessibleName(_("Table and timeline splitter"))
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.timeline)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        # toolbar: groups leave the row for its » menu when it is narrow, least needed first
        # (年の表記 is also in the window's 表示 menu); 書き出し always stays
        self.toolbar = GanttToolbar(self)
        self.zoom_box = self._combo(_("Zoom"), [(k, _(ZOOM_NAMES[k])) for k in ZOOM_LEVELS], 4)
        eras = [("wareki", _("Japanese era (令和)")), ("western", _("Western (西暦)"))]
        self.era_box = self._combo(_("Year labels"), eras, 0)
        self.snap_box = self._combo(_("Snap to"), [("month", _("Month")), ("quarter", _("Quarter"))], 1)
        self.snapshot_box = self._combo(_("Compare with"), [], 3, max_chars=11)
        self.links_button = QPushButton(_("Predecessors…"), self)
        self.links_button.setAccessibleName(_("Predecessors of the selected task"))
        self.links_button.setAutoDefault(False)
        self.links_button.clicked.connect(self.edit_links)
        self.toolbar.add_button(self.links_button, 2, lambda menu: menu.addAction(self.act_links))
        # a QPushButton keeps room for its menu arrow beside the text (a QToolButton draws it on it)
        self.export_button = QPushButton(_("Export"), self)
        self.export_button.setAccessibleName(_("Export the chart"))
        self.export_button.setAutoDefault(False)
        export_menu = QMenu(self.export_button)
        export_menu.addAction(_("PNG image…"), lambda: self._export_dialog("png"))
        export_menu.addAction(_("SVG drawing…"), lambda: self._export_dialog("svg"))
        self.export_button.setMenu(export_menu)
        self.toolbar.add_button(self.export_button, None, lambda menu: menu.addMenu(export_menu))
        self.zoom_box.setCurrentIndex(ZOOM_LEVELS.index("year"))
        self.zoom_box.currentIndexChanged.connect(lambda _i: self.set_zoom(self.zoom_box.currentData()))
        self.era_box.currentIndexChanged.connect(lambda _i: self.set_era(self.era_box.currentData()))
        self.snap_box.currentIndexChanged.connect(self._snap_changed)
        self.snapshot_box.currentIndexChanged.connect(
            lambda _i: self.set_snapshot(self.snapshot_box.currentData())
        )

        # legend and messages
        self.legend = _Legend(self.chart, self)
        self.message_label = QLabel(self)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setAccessibleName(_("Message"))
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b71c1c;")
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.message_label.clear)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.splitter, 1)
        lay.addWidget(self.legend)
        lay.addWidget(self.message_label)

        self._make_actions()
        self._adopt_app_era()
        self.model.structure_changed.connect(self._on_structure)
        self.model.tasks_changed.connect(self._on_tasks)
        self.model.plan_changed.connect(self._on_plan)
        self.model.message.connect(self.show_message)
        self.tree.expanded.connect(self._on_expand)
        self.tree.collapsed.connect(self._on_collapse)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current)
        self.tree.activated.connect(self._on_tree_activated)
        self.controller_replaced()
        self._on_structure()
        controller.document_replaced.connect(self.controller_replaced)

    def _combo(self, label: str, items: list[tuple[Any, str]], priority: int | None,
               max_chars: int = 0) -> QComboBox:
        lab = QLabel(label, self)
        lab.setTextFormat(Qt.TextFormat.PlainText)
        box = ElidingCombo(self, self.fontMetrics().horizontalAdvance("漢") * max_chars)
        box.setAccessibleName(label)
        lab.setBuddy(box)
        for data, text in items:
            box.addItem(text, data)
        self.toolbar.add_combo(lab, box, priority)
        return box

    def _make_actions(self) -> None:
        def act(text: str, keys: str | QKeySequence.StandardKey, slot: Any) -> QAction:
            a = QAction(text, self)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.act_move_left = act(_("Move earlier"), "Alt+Left", lambda: self.nudge(-1))
        self.act_move_right = act(_("Move later"), "Alt+Right", lambda: self.nudge(1))
        self.act_shrink = act(_("End earlier"), "Shift+Alt+Left", lambda: self.nudge_end(-1))
        self.act_grow = act(_("End later"), "Shift+Alt+Right", lambda: self.nudge_end(1))
        self.act_link = act(_("Link to the task above"), "Ctrl+L", self.link_to_previous)
        self.act_unlink = act(_("Remove links into this task"), "Ctrl+Shift+L", self.remove_links)
        self.act_links = act(_("Predecessors…"), "Ctrl+Shift+D", self.edit_links)
        self.act_zoom_in = act(_("Zoom in"), "Ctrl++", lambda: self.zoom_step(-1))
        self.act_zoom_in2 = act(_("Zoom in"), "Ctrl+=", lambda: self.zoom_step(-1))
        self.act_zoom_out = act(_("Zoom out"), "Ctrl+-", lambda: self.zoom_step(1))

    # --- public API ---------------------------------------------------------------------------

    def select_task(self, task_id: str) -> None:
        """Select the task in the table and the timeline and scroll it into view."""
        idx = self.model.task_index(task_id)
        if not idx.isValid():
            return
        p = idx.parent()
        while p.isValid():  # make sure it is visible
            if not self.tree.isExpanded(p):
                self.tree.expand(p)
            p = p.parent()
        self.tree.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self._show_names()
        self.tree.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter
                           if not self.tree.viewport().rect().contains(self.tree.visualRect(idx))
                           else QAbstractItemView.ScrollHint.EnsureVisible)
        self.tree.horizontalScrollBar().setValue(0)  # scrollTo may have moved sideways: names first
        self._scroll_timeline_to(task_id)

    def _show_names(self) -> None:
        """The 取組 column in view: the table side at least as wide as that column (a person may
        have dragged the splitter almost shut), scrolled fully left."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        want = self.tree.columnWidth(COL_TITLE) + self.tree.frameWidth() * 2 + 2
        if total > 0 and sizes[0] < want:
            table = min(want, total * 2 // 3)
            self.splitter.setSizes([table, total - table])
        self.tree.horizontalScrollBar().setValue(0)

    def selected_task(self) -> str | None:
        return self.chart.selected

    def set_snapshot(self, snapshot_id: str | None) -> None:
        """Draw the snapshot's planned dates as a thin bar under each task (None: no comparison)."""
        plan = self.model.plan
        snap = plan.snapshots.get(snapshot_id) if plan is not None and snapshot_id else None
        self.snapshot_id = snap.id if snap is not None else None
        self.chart.snapshot = _snapshot_spans(snap.data) if snap is not None else None
        i = self.snapshot_box.findData(self.snapshot_id)
        if i >= 0 and i != self.snapshot_box.currentIndex():
            self.snapshot_box.blockSignals(True)
            self.snapshot_box.setCurrentIndex(i)
            self.snapshot_box.blockSignals(False)
        self.legend.updateGeometry()
        self.legend.update()
        self.timeline.viewport().update()

    def set_zoom(self, level: str) -> None:
        """"month", "quarter", "year" or "fit" (the whole plan period in the visible width)."""
        if level not in ZOOM_LEVELS:
            raise ValueError(f"unknown zoom level {level!r}")
        centre = self._centre_date()
        self.chart.set_zoom(level, float(self.timeline.viewport().width()))
        i = ZOOM_LEVELS.index(level)
        if self.zoom_box.currentIndex() != i:
            self.zoom_box.blockSignals(True)
            self.zoom_box.setCurrentIndex(i)
            self.zoom_box.blockSignals(False)
        self.timeline.update_hbar()
        if level == "fit":
            plan = self.model.plan
            if plan is not None:
                self.timeline.horizontalScrollBar().setValue(int(self.chart.x_of_fy(plan.from_fy)))
        elif centre is not None:
            self._centre_on(centre)
        self.timeline.viewport().update()

    def zoom_step(self, direction: int) -> None:
        """-1 zooms in (toward months), +1 out (toward years)."""
        order = ("month", "quarter", "year")
        cur = self.chart.zoom if self.chart.zoom in order else "year"
        i = min(len(order) - 1, max(0, order.index(cur) + direction))
        self.set_zoom(order[i])

    def set_era(self, style: str) -> None:
        """"wareki" (令和7年度, default) or "western" (2025年度)."""
        if style not in ("wareki", "western"):
            raise ValueError(f"unknown era style {style!r}")
        self.model.era = style
        if getattr(self, "_shown_once", False):
            self._size_columns(splitter=False)
        i = self.era_box.findData(style)
        if i >= 0 and i != self.era_box.currentIndex():
            self.era_box.blockSignals(True)
            self.era_box.setCurrentIndex(i)
            self.era_box.blockSignals(False)
        self._refresh_table_text()
        self.timeline.viewport().update()

    def _adopt_app_era(self) -> None:
        """Start with the program's year-label preference (``ui.display``), when there is one."""
        try:
            from ui import display
        except ImportError:
            return
        style = display.era()
        if style in ("wareki", "western") and style != self.model.era:
            self.set_era(style)

    def set_today(self, today: datetime.date) -> None:
        """The date of the today line and of 遅延 (tests and screenshots fix it)."""
        self.model.today = today
        self._refresh_table_text()
        self.timeline.viewport().update()

    def export_png(self, path: str | os.PathLike[str]) -> None:
        from ui.gantt.export import export_png

        export_png(self.chart, path)

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        from ui.gantt.export import export_svg

        export_svg(self.chart, path)

    # --- edits ------------------------------------------------------------------------------------

    def _remember_refusal(self, message: str) -> None:
        self._last_refusal = message

    def _run(self, op: Op) -> bool:
        self._last_refusal = ""
        ok = self.ctl.run(op)
        if not ok:
            self.show_message(self._last_refusal or _("The change was not made"))
            self.timeline.viewport().update()
        return ok

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        if text:
            self._message_timer.start(12000)

    def _snap_changed(self, _i: int) -> None:
        self.timeline.snap = self.snap_box.currentData()

    def _selected_task_obj(self) -> Any:
        plan = self.model.plan
        return plan.tasks.get(self.chart.selected) if plan is not None and self.chart.selected else None

    def nudge(self, steps: int) -> None:
        """Move the selected task (and its subtasks) by one snap unit."""
        t = self._selected_task_obj()
        if t is None or self.ctl.readonly:
            return
        months = steps * (3 if self.timeline.snap == "quarter" else 1)
        plan = self.model.plan
        assert plan is not None
        op = edits.move_op(plan, self.layout_rows.subtree_ids(t.id), months=months)
        if op is not None:
            self._run(op)

    def nudge_end(self, steps: int) -> None:
        """Move the selected task's end by one snap unit (refused if it would end before it starts)."""
        t = self._selected_task_obj()
        if t is None or self.ctl.readonly or t.milestone:
            return
        end = edits.step_end(t, self.timeline.snap, steps)
        op = edits.resize_op(t, None, end, self.timeline.snap)
        if op is not None:
            self._run(op)

    def previous_task(self, task_id: str) -> str | None:
        """The task on the row above (for linking by keyboard)."""
        node = self.model.task_nodes.get(task_id)
        row = self.layout_rows.row_of.get(node) if node is not None else None
        if row is None:
            return None
        for i in range(row - 1, -1, -1):
            n = self.layout_rows.rows[i]
            if n.kind == "task":
                return n.id
        return None

    def link_to_previous(self) -> None:
        """The selected task waits for the task above it (finish → start)."""
        t = self._selected_task_obj()
        plan = self.model.plan
        if t is None or plan is None:
            return
        prev = self.previous_task(t.id)
        if prev is None:
            self.show_message(_("There is no task above to link to"))
            return
        op = edits.link_op(plan, prev, t.id)
        if op is None:
            self.show_message(_("These tasks are already linked"))
            return
        self._run(op)

    def remove_links(self) -> None:
        t = self._selected_task_obj()
        plan = self.model.plan
        if t is None or plan is None:
            return
        op = edits.unlink_op(plan, t.id)
        if op is None:
            self.show_message(_("This task has no predecessors"))
            return
        self._run(op)

    def edit_links(self) -> None:
        t = self._selected_task_obj()
        plan = self.model.plan
        if t is None or plan is None:
            self.show_message(_("Select a task first"))
            return
        from ui.gantt.links_dialog import LinksDialog

        dlg = LinksDialog(plan, t.id, self)
        if dlg.exec():
            op = edits.set_links_op(plan, t.id, dlg.chosen())
            if op is not None:
                self._run(op)

    def _fill_menu(self, task_id: str, menu: QMenu) -> None:
        plan = self.model.plan
        if plan is None:
            return
        t = plan.tasks.get(task_id)
        if t is None:
            return
        menu.addAction(_("Open task"), lambda: self.task_activated.emit(task_id))
        menu.addSeparator()
        menu.addAction(self.act_link)
        menu.addAction(self.act_links)
        for dep in t.depends_on:
            pred = plan.tasks.get(dep)
            title = pred.title if pred is not None else dep
            action = menu.addAction(_("Remove link from “{title}”").format(title=title))
            action.triggered.connect(partial(self._unlink_one, task_id, dep))

    def _unlink_one(self, task_id: str, pred_id: str) -> None:
        plan = self.model.plan
        op = edits.unlink_op(plan, task_id, [pred_id]) if plan is not None else None
        if op is not None:
            self._run(op)

    def _export_dialog(self, kind: str) -> None:
        filt = _("PNG image (*.png)") if kind == "png" else _("SVG drawing (*.svg)")
        path, _f = QFileDialog.getSaveFileName(self, _("Export the chart"), "", filt)
        if not path:
            return
        if not path.lower().endswith("." + kind):
            path += "." + kind
        try:
            if kind == "png" and len(self.layout_rows.rows) > 1500:
                self._export_png_with_progress(path)
            else:
                (self.export_png if kind == "png" else self.export_svg)(path)
        except ExportCancelledError:
            self.show_message(_("The export was cancelled"))
            return
        except OSError as exc:
            self.show_message(_("Could not write {file}: {error}").format(file=path, error=exc.strerror or str(exc)))
            return
        self.show_message(_("Written: {file}").format(file=path))

    def _export_png_with_progress(self, path: str) -> None:
        """A big plan's PNG takes a while (every row, full width): show progress, allow cancel."""
        from ui.gantt.export import export_png

        dlg = QProgressDialog(_("Writing the picture…"), _("Cancel"), 0, 1000, self)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)

        def step(done: int, total: int) -> bool:
            dlg.setValue(int(1000 * done / max(1, total)))
            QApplication.processEvents()
            return not dlg.wasCanceled()

        try:
            export_png(self.chart, path, step)
        finally:
            dlg.close()

    # --- keeping in step with the document ------------------------------------------------------

    def controller_replaced(self) -> None:
        self.model.today = self.model.today  # keep
        self._refresh_snapshots()
        if self.snapshot_id is not None:
            self.set_snapshot(None)

    def _on_structure(self) -> None:
        # a rebuilt tree comes back with everything expanded except what the user collapsed
        self.tree.blockSignals(True)
        self.tree.expandAll()
        for key in self.layout_rows.collapsed:
            node = self._node_by_key(key)
            if node is not None:
                self.tree.collapse(self.model.index_of(node))
        self.tree.blockSignals(False)
        self.layout_rows.rebuild()
        if self.chart.selected is not None and self.chart.selected not in self.model.task_nodes:
            self.chart.selected = None
        self.chart.update_range()
        if self.chart.zoom == "fit":
            self.chart.set_zoom("fit", float(self.timeline.viewport().width()))
        self.timeline.update_hbar()
        if self.chart.selected is not None:
            idx = self.model.task_index(self.chart.selected)
            self.tree.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        self.timeline.viewport().update()

    def _node_by_key(self, key: str) -> Node | None:
        kind, _sep, nid = key.partition(":")
        return (self.model.area_nodes if kind == "a" else self.model.task_nodes).get(nid)

    def _on_tasks(self, ids: set[str]) -> None:
        self.layout_rows.tasks_changed(ids)
        if self.chart.extend_range(ids):
            self.timeline.update_hbar()
        self.timeline.viewport().update()

    def _on_plan(self) -> None:
        if self.chart.update_range() or self.chart.zoom == "fit":
            self.chart.set_zoom(self.chart.zoom, float(self.timeline.viewport().width()))
            self.timeline.update_hbar()
        self._refresh_snapshots()
        if self.snapshot_id is not None:
            self.set_snapshot(self.snapshot_id)
        self.timeline.viewport().update()

    def _refresh_snapshots(self) -> None:
        box = self.snapshot_box
        box.blockSignals(True)
        box.clear()
        box.addItem(_("(none)"), None)
        plan = self.model.plan
        if plan is not None:
            for s in sorted(plan.snapshots.values(), key=lambda s: (s.taken_at, s.id)):
                box.addItem(f"{s.name} ({s.taken_at:%Y-%m-%d})", s.id)
        i = box.findData(self.snapshot_id)
        box.setCurrentIndex(max(0, i))
        box.setEnabled(box.count() > 1)
        box.blockSignals(False)
        box.updateGeometry()
        self.toolbar.relayout()

    def _on_expand(self, index: QModelIndex) -> None:
        self.layout_rows.collapsed.discard(self.model.node(index).key)
        self.layout_rows.rebuild()
        self.timeline.viewport().update()

    def _on_collapse(self, index: QModelIndex) -> None:
        self.layout_rows.collapsed.add(self.model.node(index).key)
        self.layout_rows.rebuild()
        self.timeline.viewport().update()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(current) if current.isValid() else None
        self.chart.selected = node.id if node is not None and node.kind == "task" else None
        if self.chart.selected is not None:
            self._scroll_timeline_to(self.chart.selected)
        self.timeline.viewport().update()

    def _on_tree_activated(self, index: QModelIndex) -> None:
        node = self.model.node(index)
        if node.kind == "task" and self.tree.state() != QAbstractItemView.State.EditingState:
            self.task_activated.emit(node.id)

    def _refresh_table_text(self) -> None:
        n = self.model.rowCount()
        if n:
            self.model.layoutChanged.emit()
        self.tree.viewport().update()

    # --- horizontal position ---------------------------------------------------------------------

    def _centre_date(self) -> datetime.date | None:
        w = self.timeline.viewport().width()
        if w <= 0:
            return None
        return self.chart.scale.date_at(self.timeline.x_offset + w / 2)

    def _centre_on(self, d: datetime.date) -> None:
        w = self.timeline.viewport().width()
        self.timeline.horizontalScrollBar().setValue(int(self.chart.scale.x(d) - w / 2))

    def _scroll_timeline_to(self, task_id: str) -> None:
        """Bring the task's bar into view horizontally if it is not."""
        node = self.model.task_nodes.get(task_id)
        if node is None:
            return
        bar = self.chart.bar(node)
        if bar is None:
            return
        x0, w = self.timeline.x_offset, self.timeline.viewport().width()
        if bar.x1 < x0 + 20 or bar.x0 > x0 + w - 60:
            self.timeline.horizontalScrollBar().setValue(int(bar.x0 - 60))

    def initial_position(self) -> None:
        """Scroll so that the plan period's start (or today) is at the left."""
        plan = self.model.plan
        if plan is None:
            return
        self.timeline.update_hbar()
        self.timeline.horizontalScrollBar().setValue(int(self.chart.x_of_fy(plan.from_fy)) - 20)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            self._size_columns()
            self.initial_position()

    def _size_columns(self, splitter: bool = True) -> None:
        """Column widths from what they show in the current language and era (and their headers),
        then the splitter: the table side gets room for every column, the 取組 column giving way
        first (long titles end in …) so that 状況 and 進捗 stay whole, as long as the timeline keeps a
        third of the width (with less room the table takes 60% and scrolls sideways)."""
        fm = self.fontMetrics()
        lang = current_language()
        era = "western" if self.model.era == "western" else "short"
        d = datetime.date(2025, 12, 31)
        dates = [point_label(d, p, True, era, lang) for p in ("day", "month", "quarter")]
        statuses = [status_text(s) for s in TASK_STATUSES]
        statuses.append(f"{status_text('進行中')} ({status_text(OVERDUE)})")
        kan = fm.horizontalAdvance("漢")
        content = {
            COL_DEPT: kan * 5.5,
            COL_START: max(fm.horizontalAdvance(t) for t in dates),
            COL_END: max(fm.horizontalAdvance(t) for t in dates),
            # the plain statuses whole; 「進行中 (遅延)」 whole only if there is room (the wishes below)
            COL_STATUS: max(fm.horizontalAdvance(status_text(s)) for s in TASK_STATUSES),
            COL_PROGRESS: fm.horizontalAdvance("100%"),
        }
        header = self.tree.header()
        hfm = header.fontMetrics()

        def header_w(col: int) -> int:
            # the header's own text in the current language ("Task (取組)" may shorten to "Task…";
            # the header's tooltip has it whole)
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal))
            head, sep, _rest = title.partition(" (")
            return hfm.horizontalAdvance(head + "…" if sep else title) + 16

        widths = {col: int(max(w + 14, header_w(col))) for col, w in content.items()}
        indent = self.tree.indentation()
        title_full = int(max(kan * 16 + 14, header_w(COL_TITLE)))
        # a task name stays readable (about nine characters after two levels of indent, issue 13)
        title_min = int(max(indent * 2 + kan * 9 + 14, header_w(COL_TITLE)))
        others = sum(widths.values()) + 12
        if not splitter:  # the year labels changed: only the dates' columns
            for col in (COL_START, COL_END):
                self.tree.setColumnWidth(col, widths[col])
            return
        widths[COL_TITLE] = title_min
        # what more each column would like, given in this order while there is room
        status_full = int(max(fm.horizontalAdvance(t) for t in statuses) + 14)  # 「進行中 (遅延)」 whole
        dept_full = hfm.horizontalAdvance(str(self.model.headerData(COL_DEPT, Qt.Orientation.Horizontal))) + 16
        wishes = [(COL_STATUS, status_full - widths[COL_STATUS]), (COL_TITLE, title_full - title_min),
                  (COL_DEPT, dept_full - widths[COL_DEPT])]
        w = self.width()
        needed = others + title_min
        table = min(needed + sum(max(0, m) for _c, m in wishes),
                    max(int(w * 0.62), needed if needed <= w * 0.7 else 0))
        room = table - needed
        for col, more in wishes:
            give = max(0, min(room, more))
            widths[col] += give
            room -= give
        for col, width in widths.items():
            self.tree.setColumnWidth(col, width)
        self.splitter.setSizes([table, max(1, w - table)])


def _snapshot_spans(data: dict[str, Any]) -> dict[str, Span]:
    """Planned dates per task id from a snapshot's plan dict (JSON format); bad entries skipped."""
    out: dict[str, Span] = {}
    for row in data.get("tasks", []) if isinstance(data, dict) else []:
        if not isinstance(row, dict):
            continue
        tid, s, e = row.get("id"), row.get("start"), row.get("end")
        try:
            start = datetime.date.fromisoformat(s) if isinstance(s, str) else None
            end = datetime.date.fromisoformat(e) if isinstance(e, str) else None
        except ValueError:
            continue
        start, end = start or end, end or start
        if isinstance(tid, str) and start is not None and end is not None and start <= end:
            out[tid] = (start, end)
    return out
