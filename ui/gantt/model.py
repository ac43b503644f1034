"""The task table's model: a tree area → task → subtask over the open plan.

One model feeds both the table (QTreeView) and the timeline. It listens to the controller and
refreshes narrowly: an edit that keeps a task where it is (dates, status, progress, title …)
emits ``dataChanged`` for that one row; only a change of the tree's shape (a task added,
removed, moved to another parent or re-ordered) rebuilds the tree.
"""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont

from dxplanner import fiscal, ops
from dxplanner.i18n import N_, _, current_language
from dxplanner.model import TASK_STATUSES, Area, Plan, Task, task_fy
from ui.controller import DocumentController
from ui.gantt.scale import aligned_precision, point_label
from ui.gantt.styles import OVERDUE, is_overdue, status_text

COL_TITLE, COL_DEPT, COL_START, COL_END, COL_STATUS, COL_PROGRESS = range(6)
COLUMNS = 6
_HEADERS = (N_("Task (取組)"), N_("Department (担当課)"), N_("Start"), N_("End"), N_("Status"), N_("Progress"))
# what a header shows where it differs from its tooltip: a narrow column keeps a short word (English)
_SHORT_HEADERS = {COL_DEPT: N_("Dept.")}

_ModelIndex = QModelIndex | QPersistentModelIndex


class Node:
    """One row of the tree. ``kind`` is "root", "area" or "task"."""

    __slots__ = ("children", "id", "kind", "parent", "row", "shape")

    def __init__(self, kind: str, id: str, parent: Node | None) -> None:
        self.kind = kind
        self.id = id
        self.parent = parent
        self.children: list[Node] = []
        self.row = 0
        self.shape: tuple[str, str | None, int] | None = None  # (area, parent, order) when built

    @property
    def key(self) -> str:
        return f"{self.kind[0]}:{self.id}"


class GanttModel(QAbstractItemModel):
    structure_changed = Signal()  # the tree was rebuilt (rows added, removed or moved)
    tasks_changed = Signal(object)  # set[str]: tasks whose fields changed in place
    plan_changed = Signal()  # plan fields, areas' deadlines or snapshots: repaint the timeline
    message = Signal(str)  # something to tell the user (a bad date typed …)

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.era = "wareki"
        self.today = datetime.date.today()
        self.row_height = 24
        self.root = Node("root", "", None)
        self.task_nodes: dict[str, Node] = {}
        self.area_nodes: dict[str, Node] = {}
        self._texts: dict[Node, tuple[str | None, ...]] = {}
        self._texts_key: tuple[object, ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self.rebuild)
        self.rebuild()

    # --- building -------------------------------------------------------------------------------

    @property
    def plan(self) -> Plan | None:
        return self.ctl.plan if self.ctl.doc is not None else None

    def rebuild(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()
        self.structure_changed.emit()

    def _build(self) -> None:
        self._texts = {}
        self.root = Node("root", "", None)
        self.task_nodes = {}
        self.area_nodes = {}
        plan = self.plan
        if plan is None:
            return
        by_parent: dict[tuple[str, str | None], list[Task]] = {}
        for t in plan.tasks.values():
            by_parent.setdefault((t.area_id, t.parent_id), []).append(t)
        for lst in by_parent.values():
            lst.sort(key=lambda t: (t.order, t.id))
        for area in sorted(plan.areas.values(), key=lambda a: (a.order, a.id)):
            anode = self._add(self.root, "area", area.id)
            self.area_nodes[area.id] = anode
            stack: list[tuple[Node, Task]] = [(anode, t) for t in reversed(by_parent.get((area.id, None), []))]
            while stack:
                parent, t = stack.pop()
                if t.id in self.task_nodes:
                    continue
                node = self._add(parent, "task", t.id)
                node.shape = (t.area_id, t.parent_id, t.order)
                self.task_nodes[t.id] = node
                # children are pushed reversed so that they are added in order, depth first
                stack.extend((node, c) for c in reversed(by_parent.get((area.id, t.id), [])))
        # tasks whose area or parent is missing are still shown (at the end) rather than lost
        for t in plan.tasks.values():
            if t.id not in self.task_nodes:
                node = self._add(self.root, "task", t.id)
                node.shape = (t.area_id, t.parent_id, t.order)
                self.task_nodes[t.id] = node

    @staticmethod
    def _add(parent: Node, kind: str, id: str) -> Node:
        node = Node(kind, id, parent)
        node.row = len(parent.children)
        parent.children.append(node)
        return node

    def _on_changed(self, changes: list[tuple[str, str]]) -> None:
        plan = self.plan
        if plan is None:
            return
        in_place: set[str] = set()
        rebuild = False
        other = False
        areas_touched: list[str] = []
        for kind, eid in changes:
            if kind == "tasks":
                node = self.task_nodes.get(eid)
                t = plan.tasks.get(eid)
                if node is None or t is None or node.shape != (t.area_id, t.parent_id, t.order):
                    rebuild = True
                else:
                    in_place.add(eid)
            elif kind == "areas":
                if (eid in plan.areas) != (eid in self.area_nodes):
                    rebuild = True
                else:
                    areas_touched.append(eid)
                    other = True
            elif kind in ("plan", "snapshots"):
                other = True
        if rebuild:
            self.rebuild()
            return
        if ("plan", "") in changes and self.root.children:  # the period decides 遅延 (model.is_late) on every row
            self.forget_texts()
            last = self.root.children[-1]
            self.dataChanged.emit(self.index_of(self.root.children[0]), self.index_of(last, COLUMNS - 1))
        self.forget_texts([self.task_nodes[eid] for eid in in_place])
        self.forget_texts([self.area_nodes[aid] for aid in areas_touched])
        for eid in in_place:
            node = self.task_nodes[eid]
            left = self.createIndex(node.row, 0, node)
            self.dataChanged.emit(left, self.createIndex(node.row, COLUMNS - 1, node))
        for aid in areas_touched:
            node = self.area_nodes[aid]
            self.dataChanged.emit(self.createIndex(node.row, 0, node), self.createIndex(node.row, COLUMNS - 1, node))
        if in_place:
            self.tasks_changed.emit(in_place)
        if other:
            self.plan_changed.emit()

    # --- lookups ----------------------------------------------------------------------------------

    def node(self, index: _ModelIndex) -> Node:
        if not index.isValid():
            return self.root
        node: Node = index.internalPointer()
        return node

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node.kind == "root":
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def task_index(self, task_id: str, column: int = 0) -> QModelIndex:
        node = self.task_nodes.get(task_id)
        return self.index_of(node, column) if node is not None else QModelIndex()

    def task(self, node: Node) -> Task | None:
        plan = self.plan
        return plan.tasks.get(node.id) if plan is not None and node.kind == "task" else None

    def area(self, node: Node) -> Area | None:
        plan = self.plan
        return plan.areas.get(node.id) if plan is not None and node.kind == "area" else None

    # --- Qt model interface ---------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        p = self.node(parent)
        if 0 <= row < len(p.children) and 0 <= column < COLUMNS:
            return self.createIndex(row, column, p.children[row])
        return QModelIndex()

    def parent(self, index: _ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        p = self.node(index).parent
        if p is None or p.kind == "root":
            return QModelIndex()
        return self.createIndex(p.row, 0, p)

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return COLUMNS

    def hasChildren(self, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(_SHORT_HEADERS.get(section, _HEADERS[section]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(_HEADERS[section])
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.node(index).kind == "task" and not self.ctl.readonly:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index)
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(-1, self.row_height)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit(index)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self.node(index).kind == "area" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, index: _ModelIndex) -> str | None:
        return self.cell_text(index.internalPointer(), index.column())

    def is_late(self, node: Node) -> bool:
        plan = self.plan
        t = plan.tasks.get(node.id) if plan is not None and node.kind == "task" else None
        return plan is not None and t is not None and is_overdue(plan, t, self.today)

    def cell_text(self, node: Node, col: int) -> str | None:
        """The text shown in a cell (also used by the table's own row painting), cached per row."""
        key = (current_language(), self.era, self.today)
        if key != self._texts_key:
            self._texts.clear()
            self._texts_key = key
        return self.row_texts(node)[col]

    def row_texts(self, node: Node) -> tuple[str | None, ...]:
        """All cell texts of a row; the same tuple object until the row changes."""
        key = (current_language(), self.era, self.today)
        if key != self._texts_key:
            self._texts.clear()
            self._texts_key = key
        row = self._texts.get(node)
        if row is None:
            row = self._texts[node] = tuple(self._cell_text(node, c) for c in range(COLUMNS))
        return row

    def forget_texts(self, nodes: list[Node] | None = None) -> None:
        """Drop cached cell texts (of some rows, or all)."""
        if nodes is None:
            self._texts.clear()
        else:
            for n in nodes:
                self._texts.pop(n, None)

    def _cell_text(self, node: Node, col: int) -> str | None:
        plan = self.plan
        if plan is None:
            return None
        if node.kind == "area":
            if col == COL_TITLE:
                area = plan.areas.get(node.id)
                return area.name if area else node.id
            if col == COL_END:
                area = plan.areas.get(node.id)
                if area and area.deadline:
                    return _("Deadline {date}").format(
                        date=fiscal.date_label(area.deadline, _short(self.era), current_language())
                    )
            return None
        t = plan.tasks.get(node.id)
        if t is None:
            return None
        if col == COL_TITLE:
            return t.title
        if col == COL_DEPT:
            return t.department
        lang = current_language()
        if col == COL_START:
            return point_label(t.start, t.precision, False, _short(self.era), lang) if t.start else ""
        if col == COL_END:
            return point_label(t.end, t.precision, True, _short(self.era), lang) if t.end else ""
        if col == COL_STATUS:
            text = status_text(t.status)
            if is_overdue(plan, t, self.today):
                text += " (" + status_text(OVERDUE) + ")"
            return text
        if col == COL_PROGRESS:
            return f"{t.progress}%"
        return None

    def _edit(self, index: _ModelIndex) -> Any:
        t = self.task(self.node(index))
        if t is None:
            return None
        col = index.column()
        if col == COL_TITLE:
            return t.title
        if col == COL_DEPT:
            return t.department
        if col in (COL_START, COL_END):
            return self._display(index)
        if col == COL_STATUS:
            return t.status
        if col == COL_PROGRESS:
            return t.progress
        return None

    def _tooltip(self, index: _ModelIndex) -> str | None:
        node = self.node(index)
        t = self.task(node)
        if t is None:
            area = self.area(node)
            return area.name if area else None
        return task_tooltip(t, self.era)

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        t = self.task(self.node(index))
        if t is None:
            return False
        col = index.column()
        values: dict[str, Any]
        if col == COL_TITLE:
            values = {"title": str(value)}
        elif col == COL_DEPT:
            values = {"department": str(value)}
        elif col in (COL_START, COL_END):
            plan = self.plan
            parsed = parse_date_entry(t, str(value), col == COL_END,
                                      context_fy=task_fy(plan, t) if plan is not None else None)
            if isinstance(parsed, str):
                self.message.emit(parsed)
                return False
            values = parsed
        elif col == COL_STATUS:
            if value not in TASK_STATUSES:
                return False
            values = {"status": value}
            if value == "完了" and t.progress < 100:
                values["progress"] = 100
        elif col == COL_PROGRESS:
            try:
                values = {"progress": int(value)}
            except (TypeError, ValueError):
                return False
        else:
            return False
        if all(getattr(t, k) == v for k, v in values.items()):
            return True
        return self.ctl.run(ops.UpdateEntity("tasks", t.id, values, label=_label_for(col)))


def _short(era: str) -> str:
    """The compact label style used in table cells: R7 Q2, R7.7, R7.7.15 (和暦) or 2025 Q2 … (西暦)."""
    return "western" if era == "western" else "short"


def _label_for(col: int) -> str:
    return (N_("Rename task"), N_("Change department"), N_("Change start"), N_("Change end"),
            N_("Change status"), N_("Change progress"))[col]  # fmt: skip


def parse_date_entry(t: Task, text: str, is_end: bool, *, context_fy: int | None = None) -> dict[str, Any] | str:
    """What typing ``text`` into the 開始 (or 終了) cell changes, or the message for a bad entry.

    A single period sets that end to its first (last) day; a range ("R7 Q2〜R7 Q4") sets both.
    The task's precision becomes the coarsest that both ends now fall on, up to what was typed.
    A period without a year (第2四半期, 7月) is in ``context_fy`` (the row's 年度, see
    :func:`dxplanner.model.task_fy`).
    """
    text = text.strip()
    if not text:
        return _("Enter a date or period, e.g. R7 Q2, 令和7年度上期, 2025-07 or 2025-07-15")
    try:
        period = fiscal.parse_period(text, context_fy=context_fy)
    except fiscal.PeriodError as exc:
        return exc.message_ja if current_language() == "ja" else exc.message_en
    ranged = any(sep in text for sep in ("〜", "~", "～", "–", "—", "から"))
    start, end = t.start, t.end
    if ranged:
        start, end = period.start, period.end
    elif is_end:
        end = period.end
        if start is None:
            start = period.start
    else:
        start = period.start
        if end is None:
            end = period.end
    assert start is not None and end is not None
    coarsest = max(period.precision, t.precision, key=fiscal.PRECISIONS.index)
    return {"start": start, "end": end, "precision": aligned_precision(start, end, coarsest)}


def task_tooltip(t: Task, era: str) -> str:
    lang = current_language()
    lines = [t.title]
    if t.start and t.end:
        lines.append(fiscal.period_label(t.start, t.end, t.precision, "western" if era == "western" else "wareki",
                                         lang))
    lines.append(f"{status_text(t.status)} {t.progress}%")
    if t.department:
        lines.append(t.department)
    return "\n".join(lines)
