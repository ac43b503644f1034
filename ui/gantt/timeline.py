"""The timeline beside the task table: paints only the visible rows, and edits by mouse.

It has no vertical scroll state of its own: the table's scroll bar is the master and row ``i`` is
at ``i * row_h - table scroll``. Dragging shows a preview (``Chart.preview``) and commits one op on
release; Esc cancels. The view (GanttView) owns the commands and the messages.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMenu, QScrollBar, QToolTip, QWidget

from dxplanner import fiscal
from dxplanner.i18n import _, current_language
from dxplanner.ops import Op
from ui.gantt import edits
from ui.gantt.chart import Bar, Chart
from ui.gantt.model import Node, task_tooltip
from ui.gantt.scale import months_for_dx, unit_bounds

_ROW_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
             Qt.Key.Key_End)
EDGE = 5.0  # px either side of a bar's end that grabs it for resizing
HANDLE_R = 4.5


@dataclass
class _Drag:
    mode: str  # "move" | "start" | "end" | "link"
    task_id: str
    press: QPointF
    bar: Bar
    op: Op | None = None
    target: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


class Timeline(QAbstractScrollArea):
    clicked = Signal(str)  # a task was clicked (select it)
    activated = Signal(str)  # double-click
    context_menu = Signal(str, QMenu)  # the view fills the menu for a task

    def __init__(self, chart: Chart, vbar: QScrollBar, run: Callable[[Op], bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = chart
        self._vbar = vbar  # the table's vertical scroll bar: the master
        self._run = run
        self.snap = "month"
        self.row_keys_to: QWidget | None = None  # the table, which handles ↑ ↓ PgUp PgDn Home End
        self._drag: _Drag | None = None
        self.setAccessibleName(_("Timeline"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        mine = self.verticalScrollBar()
        vbar.rangeChanged.connect(self._mirror_range)
        vbar.valueChanged.connect(mine.setValue)
        vbar.valueChanged.connect(self.viewport().update)
        mine.valueChanged.connect(vbar.setValue)
        self._mirror_range(vbar.minimum(), vbar.maximum())

    # --- geometry -------------------------------------------------------------------------------

    def _mirror_range(self, lo: int, hi: int) -> None:
        mine = self.verticalScrollBar()
        mine.setRange(lo, hi)
        mine.setPageStep(self._vbar.pageStep())
        mine.setSingleStep(self._vbar.singleStep())
        mine.setValue(self._vbar.value())

    def update_hbar(self) -> None:
        bar = self.horizontalScrollBar()
        w = self.viewport().width()
        bar.setRange(0, max(0, int(self.chart.scale.width) - w + 140))  # room for the last labels
        bar.setPageStep(max(1, w))
        bar.setSingleStep(max(1, int(self.chart.scale.ppd * 30)))

    @property
    def x_offset(self) -> int:
        return self.horizontalScrollBar().value()

    @property
    def y_offset(self) -> int:
        return self._vbar.value()

    def body_height(self) -> int:
        return max(0, self.viewport().height() - self.chart.header_h)

    def visible_rows(self) -> tuple[int, int]:
        """First and last row index painted (last < first when there are none)."""
        rh = self.chart.row_h
        n = len(self.chart.layout.rows)
        first = max(0, self.y_offset // rh)
        last = min(n - 1, (self.y_offset + self.body_height()) // rh)
        return first, last

    def chart_pos(self, pos: QPoint | QPointF) -> QPointF:
        """Viewport position → (chart x, row-space y)."""
        return QPointF(pos.x() + self.x_offset, pos.y() - self.chart.header_h + self.y_offset)

    def view_x(self, chart_x: float) -> float:
        return chart_x - self.x_offset

    def row_at(self, pos: QPoint | QPointF) -> int | None:
        if pos.y() < self.chart.header_h:
            return None
        row = int(self.chart_pos(pos).y() // self.chart.row_h)
        return row if 0 <= row < len(self.chart.layout.rows) else None

    def bar_rect(self, task_id: str) -> QRect | None:
        """The bar of a task in viewport coordinates (for tests and tooltips)."""
        row = self.chart.layout.row_of_task(task_id)
        if row is None:
            return None
        bar = self.chart.bar(self.chart.layout.rows[row])
        if bar is None:
            return None
        top, bh = self.chart.bar_band()
        y = row * self.chart.row_h - self.y_offset + self.chart.header_h + top
        x0 = self.view_x(bar.x0)
        return QRect(int(x0), int(y), max(2, round(bar.x1 - bar.x0)), int(bh))

    def handle_center(self, bar: Bar, row: int) -> QPointF:
        """The link handle of the selected bar (chart x, row-space y)."""
        rh = self.chart.row_h
        extra = rh / 2 if bar.kind == "milestone" else 0
        return QPointF(bar.x1 + 7 + extra, row * rh + rh / 2)

    def hit(self, pos: QPoint | QPointF) -> tuple[Node | None, str]:
        """The node under ``pos`` and the part hit: "link", "start", "end", "move" or "row"."""
        row = self.row_at(pos)
        if row is None:
            return None, ""
        node = self.chart.layout.rows[row]
        bar = self.chart.bar(node)
        if bar is None or node.kind != "task":
            return node, "row"
        c = self.chart_pos(pos)
        if self.chart.selected == node.id:
            h = self.handle_center(bar, row)
            if abs(c.x() - h.x()) <= HANDLE_R + 2 and abs(c.y() - h.y()) <= HANDLE_R + 3:
                return node, "link"
        if bar.kind == "milestone":
            pad = self.chart.row_h / 2
            return (node, "move") if bar.x0 - pad <= c.x() <= bar.x1 + pad else (node, "row")
        if abs(c.x() - bar.x1) <= EDGE:
            return node, "end"
        if abs(c.x() - bar.x0) <= EDGE:
            return node, "start"
        if bar.x0 < c.x() < bar.x1:
            return node, "move"
        return node, "row"

    # --- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self.viewport())
        self.paint(p)
        p.end()

    def paint(self, p: QPainter) -> None:
        chart = self.chart
        w = self.viewport().width()
        h = self.viewport().height()
        hh = chart.header_h
        xo, yo = self.x_offset, self.y_offset
        first, last = self.visible_rows()
        p.save()
        p.setClipRect(0, hh, w, h - hh)
        p.translate(-xo, hh - yo)
        chart.paint_body(p, first, last, xo, xo + w, yo, yo + h - hh, sticky_top=yo)
        self._paint_handle(p, first, last)
        p.restore()
        p.save()
        p.setClipRect(0, 0, w, hh)
        p.translate(-xo, 0)
        chart.paint_header(p, xo, xo + w)
        p.restore()

    def _paint_handle(self, p: QPainter, first: int, last: int) -> None:
        sel = self.chart.selected
        if sel is None or (self._drag is not None and self._drag.mode != "link"):
            return
        row = self.chart.layout.row_of_task(sel)
        if row is None or not first <= row <= last:
            return
        bar = self.chart.bar(self.chart.layout.rows[row])
        if bar is None:
            return
        c = self.handle_center(bar, row)
        p.setPen(Qt.GlobalColor.black)
        p.setBrush(Qt.GlobalColor.white)
        p.drawEllipse(c, HANDLE_R, HANDLE_R)
        p.drawLine(QPointF(c.x() - 2, c.y()), QPointF(c.x() + 2, c.y()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update_hbar()

    # --- mouse -------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        node, part = self.hit(event.position())
        if node is None:
            return None
        if node.kind == "task":
            self.clicked.emit(node.id)
        if node.kind != "task" or part == "row":
            return None
        row = self.chart.layout.row_of[node]
        bar = self.chart.bar(self.chart.layout.rows[row])
        if bar is None:
            return None
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            part = "link"
        if self.chart.model.ctl.readonly:
            return None  # a read-only plan: select, but no drag
        t = self.chart.model.task(node)
        if t is not None and t.milestone and part in ("start", "end"):
            part = "move"
        self._drag = _Drag(part, node.id, event.position(), bar)
        self.viewport().update()
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None:
            self._update_cursor(event.position())
            return
        plan = self.chart.model.plan
        t = plan.tasks.get(drag.task_id) if plan is not None else None
        if plan is None or t is None:
            self.cancel_drag()
            return
        dx = event.position().x() - drag.press.x()
        if drag.mode == "move":
            self._preview_move(drag, dx)
        elif drag.mode in ("start", "end"):
            self._preview_resize(drag, event.position())
        elif drag.mode == "link":
            row = self.chart.layout.row_of_task(drag.task_id)
            assert row is not None
            start = self.handle_center(drag.bar, row)
            self.chart.link_preview = (start, self.chart_pos(event.position()))
            target, _part = self.hit(event.position())
            drag.target = target.id if target is not None and target.kind == "task" else None
        self.viewport().update()

    def _preview_move(self, drag: _Drag, dx: float) -> None:
        plan = self.chart.model.plan
        assert plan is not None
        months = months_for_dx(dx, self.chart.scale.ppd, self.snap)
        if drag.extra.get("months") == months:
            return
        drag.extra["months"] = months
        op = edits.move_op(plan, self.chart.layout.subtree_ids(drag.task_id), months=months)
        drag.op = op
        self.chart.preview = edits.previewed_dates(op) if op is not None else {}

    def _preview_resize(self, drag: _Drag, pos: QPointF) -> None:
        plan = self.chart.model.plan
        assert plan is not None
        t = plan.tasks[drag.task_id]
        x = self.chart_pos(pos).x()
        new = self.boundary_date(x, drag.mode == "end")
        start, end = drag.bar.start, drag.bar.end
        if drag.mode == "end":
            drag.op = edits.resize_op(t, None, new, self.snap)
            shown = (start, max(start, new))
        else:
            drag.op = edits.resize_op(t, new, None, self.snap)
            shown = (min(new, end), end)
        self.chart.preview = {t.id: shown}

    def boundary_date(self, x: float, is_end: bool) -> datetime.date:
        """The snap boundary nearest chart x: an end date (last day of a unit) or a start date."""
        sc = self.chart.scale
        d = sc.date_at(x)
        unit = self.snap if self.snap in ("month", "quarter") else "day"
        lo, hi = unit_bounds(d, unit)
        nearer_lo = abs(x - sc.x(lo)) <= abs(x - sc.x_end(hi))
        if is_end:
            return lo - datetime.timedelta(days=1) if nearer_lo else hi
        return lo if nearer_lo else hi + datetime.timedelta(days=1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        self._drag = None
        op: Op | None = drag.op
        if drag.mode == "link":
            plan = self.chart.model.plan
            op = None
            if plan is not None and drag.target is not None and drag.target != drag.task_id:
                op = edits.link_op(plan, drag.task_id, drag.target)
                if op is None:
                    self._run_message(_("These tasks are already linked"))
        self.chart.link_preview = None
        if op is not None:
            self._run(op)  # the changed signal repaints; a refusal leaves the bar where it was
        self.chart.preview = {}
        self.viewport().update()
        return None

    def _run_message(self, text: str) -> None:
        view = self.parent()
        while view is not None and not hasattr(view, "show_message"):
            view = view.parent()
        if view is not None:
            view.show_message(text)

    def cancel_drag(self) -> None:
        self._drag = None
        self.chart.preview = {}
        self.chart.link_preview = None
        self.viewport().update()

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        node, _part = self.hit(event.position())
        if node is not None and node.kind == "task":
            self.activated.emit(node.id)

    def _update_cursor(self, pos: QPointF) -> None:
        _node, part = self.hit(pos)
        cursor = {
            "start": Qt.CursorShape.SizeHorCursor,
            "end": Qt.CursorShape.SizeHorCursor,
            "move": Qt.CursorShape.OpenHandCursor,
            "link": Qt.CursorShape.CrossCursor,
        }.get(part, Qt.CursorShape.ArrowCursor)
        self.viewport().setCursor(cursor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._run_zoom(1 if delta.y() > 0 else -1)
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier or abs(delta.x()) > abs(delta.y()):
            step = delta.x() if abs(delta.x()) > abs(delta.y()) else delta.y()
            hb = self.horizontalScrollBar()
            hb.setValue(hb.value() - step)
            return
        self._vbar.setValue(self._vbar.value() - delta.y() // 120 * 3 * self.chart.row_h)

    def _run_zoom(self, direction: int) -> None:
        view = self.parent()
        while view is not None and not hasattr(view, "zoom_step"):
            view = view.parent()
        if view is not None:
            view.zoom_step(direction)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self.cancel_drag()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.chart.selected is not None:
            self.activated.emit(self.chart.selected)
            return
        if key in _ROW_KEYS and self.row_keys_to is not None:
            # moving between rows is the table's business: both follow its current row
            QApplication.sendEvent(self.row_keys_to, event)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        node, _part = self.hit(event.pos())
        if node is None or node.kind != "task":
            return
        self.clicked.emit(node.id)
        menu = QMenu(self)
        self.context_menu.emit(node.id, menu)
        if not menu.isEmpty():
            menu.exec(event.globalPos())

    # --- tooltips -----------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, pos: QPoint) -> str | None:
        chart = self.chart
        lang = current_language()
        style = "western" if chart.era == "western" else "wareki"
        if pos.y() < chart.header_h:
            d = chart.scale.date_at(pos.x() + self.x_offset)
            fy, q = fiscal.fiscal_quarter(d)
            return "\n".join(
                [fiscal.quarter_label(fy, q, style, lang), fiscal.month_label(d.year, d.month, style, lang)]
            )
        node, part = self.hit(pos)
        if node is None or part == "row":
            return None
        t = chart.model.task(node)
        return task_tooltip(t, chart.era) if t is not None else None
