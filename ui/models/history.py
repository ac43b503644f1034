"""Models of the snapshot page: the list of snapshots and the comparison of two states.

:class:`SnapshotsModel` is an ordinary plan table (rename = edit the name cell, through
``history.rename_snapshot`` so that names stay unique). :class:`ComparisonModel` is a read-only
tree: one group per part of the plan (and one for the KPIs), one row per thing that changed —
a task that moved and changed status gives two rows, so each row has one old → new — and a row
for every task that is 遅延 in the newer state (as of today for 現在, as of the day a snapshot
was taken for a snapshot).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont

from dxplanner import history
from dxplanner.errors import DxError
from dxplanner.fiscal import fy_start
from dxplanner.history import NOW, Comparison, KpiChange, TaskChange
from dxplanner.i18n import N_, _
from dxplanner.model import Plan, is_late
from dxplanner.ops import Op
from ui import display
from ui.controller import DocumentController
from ui.models.columns import INT, TEXT, Column, InputError
from ui.models.table import Index, PlanTableModel
from ui.text import tooltip
from ui.vocab import value_label

# --- the snapshots -------------------------------------------------------------------------------


def taken_text(t: datetime.datetime) -> str:
    return f"{display.date_text(t.date())} {t:%H:%M}"


class SnapshotsModel(PlanTableModel):
    """The plan's snapshots, oldest first: name (editable), taken at, number of tasks, note."""

    kind = "snapshots"

    def compute_columns(self) -> list[Column]:
        return [
            Column("name", TEXT, N_("Name"), width=22, optional=False),
            Column("taken_at", TEXT, N_("Taken at"), editable=False, width=22, getter=lambda s: taken_text(s.taken_at)),
            Column("tasks", INT, N_("Number of tasks"), editable=False, width=5,
                   getter=lambda s: len(s.data.get("tasks", []))),
            Column("note", TEXT, N_("Note"), width=30),
        ]

    def compute_rows(self) -> list[Hashable]:
        return [s.id for s in history.snapshots_in_order(self.ctl.plan)]

    def update_op(self, row: int, col: Column, raw: Any) -> Op | None:
        if col.field != "name":
            return super().update_op(row, col, raw)
        snap = self.entity(row)
        if str(raw).strip() == snap.name:
            return None
        try:
            return history.rename_snapshot(self.ctl.plan, snap.id, str(raw))
        except DxError as exc:
            raise InputError(exc.text()) from None

    def set_values(self, rows: Sequence[int], column: int, raw: Any, label: str = N_("Edit")) -> bool:
        if self.column(column).field == "name":
            label = N_("Rename snapshot")
        return super().set_values(rows, column, raw, label)

    def remove_rows(self, rows: Sequence[int]) -> bool:
        ids = [self.entity_id(r) for r in sorted(set(rows))]
        if not ids:
            return False
        if len(ids) == 1:
            return self.ctl.run(history.delete_snapshot(ids[0]))
        from dxplanner.ops import DeleteEntities

        return self.ctl.run(DeleteEntities("snapshots", ids, N_("Delete snapshot")))


# --- the comparison ------------------------------------------------------------------------------

# the kinds of rows, as the filter check boxes offer them
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("added", N_("Added")),
    ("removed", N_("Removed")),
    ("moved", N_("Moved")),
    ("status", N_("Status")),
    ("progress", N_("Progress")),
    ("other", N_("Title/department")),
    ("kpi", N_("KPI")),
    ("late", N_("Late")),
)

HEADERS = (N_("Task / KPI"), N_("Kind of change"), N_("Old → new"), N_("Shift (months)"), N_("Late"))
KPI_GROUP = "\x00kpi"
CATEGORY_COLORS = {
    "added": "#1d6b2f", "removed": "#8a1c1c", "moved": "#224f8a", "late": "#a3360b", "kpi": "#5a3d80",
}


@dataclasses.dataclass
class Row:
    group: str  # area id, or KPI_GROUP
    category: str  # one of CATEGORIES
    title: str
    change: str
    old_new: str
    shift: str = ""
    late: str = ""
    kind: str = "tasks"  # what a double-click goes to: tasks | kpis
    target_id: str = ""
    exists: bool = True  # the task/KPI is in the plan now (a jump is possible)


@dataclasses.dataclass
class Group:
    key: str
    title: str
    rows: list[Row]


def _d(iso: str | None) -> str:
    if not iso:
        return "—"
    try:
        return display.date_text(datetime.date.fromisoformat(iso))
    except ValueError:
        return iso


def span(start: str | None, end: str | None) -> str:
    """A planned period, by month where its ends fall on month boundaries (令和7年7月〜令和8年12月)."""
    try:
        a = datetime.date.fromisoformat(start) if start else None
        b = datetime.date.fromisoformat(end) if end else None
    except ValueError:
        return f"{start or '—'} – {end or '—'}"
    return display.period_text(a, b, "month") or "—"


def months_text(n: int | None) -> str:
    """“+3か月” / “−2か月” (0 or None: empty)."""
    if not n:
        return ""
    return _("{n:+d} months").format(n=n)


def late_text(days: int | None) -> str:
    return "" if days is None else _("{n} days late").format(n=f"{days:,}")


def _num(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def _late_in(data: dict[str, Any], ref: datetime.date) -> dict[str, int]:
    """Days late per task id in a plan dict (the rule of history.days_late, on the JSON form: a task
    that ended before that plan's period is not late of it)."""
    out: dict[str, int] = {}
    from_fy = data.get("plan", {}).get("from_fy")
    start = fy_start(from_fy) if isinstance(from_fy, int) else None
    for t in data.get("tasks", []):
        end = t.get("end")
        if not end:
            continue
        try:
            d = datetime.date.fromisoformat(end)
        except ValueError:
            continue
        if is_late(d, t.get("status", ""), ref, start):
            out[t["id"]] = (ref - d).days
    return out


def task_rows(c: TaskChange, late: dict[str, int], plan: Plan) -> list[Row]:
    exists = c.id in plan.tasks
    lt = late_text(late.get(c.id))

    def row(category: str, change: str, old_new: str, shift: str = "") -> Row:
        return Row(c.area_id, category, c.title, change, old_new, shift, lt, "tasks", c.id, exists)

    if c.kind == "added":
        return [row("added", _("Added"), f"→ {span(c.new_start, c.new_end)}")]
    if c.kind == "removed":
        return [row("removed", _("Removed"), f"{span(c.old_start, c.old_end)} →")]
    rows: list[Row] = []
    if c.old_start != c.new_start or c.old_end != c.new_end:
        s, e = c.moved_start_months, c.moved_end_months
        if s == e or not s:
            shift = months_text(e)
        elif not e:
            shift = _("start {n}").format(n=months_text(s))
        else:
            shift = _("start {s}, end {e}").format(s=months_text(s), e=months_text(e))
        rows.append(row("moved", _("Moved") if (s or e) else _("Dates changed"),
                        f"{span(c.old_start, c.old_end)} → {span(c.new_start, c.new_end)}", shift))
    if c.old_status != c.new_status:
        rows.append(row("status", _("Status"),
                        f"{value_label(c.old_status or '')} → {value_label(c.new_status or '')}"))
    if c.old_progress != c.new_progress:
        rows.append(row("progress", _("Progress"), f"{c.old_progress}% → {c.new_progress}%"))
    if c.renamed_from is not None:
        rows.append(row("other", _("Title"), f"{c.renamed_from} → {c.title}"))
    if c.department_from is not None or c.department_to is not None:
        rows.append(row("other", _("Department"), f"{c.department_from or '—'} → {c.department_to or '—'}"))
    return rows


def kpi_rows(k: KpiChange, plan: Plan) -> list[Row]:
    exists = k.id in plan.kpis

    def row(change: str, old_new: str = "") -> Row:
        return Row(KPI_GROUP, "kpi", k.name, change, old_new, "", "", "kpis", k.id, exists)

    if k.kind == "added":
        return [row(_("KPI added"))]
    if k.kind == "removed":
        return [row(_("KPI removed"))]
    rows = [row(_("Target {fy}").format(fy=display.fy_text(fy)), f"{_num(o)} → {_num(n)}")
            for fy, (o, n) in sorted(k.targets_changed.items())]
    rows += [row(_("Actual {fy}").format(fy=display.fy_text(fy)), f"{_num(o)} → {_num(n)}")
             for fy, (o, n) in sorted(k.actuals_changed.items())]
    return rows


class ComparisonModel(QAbstractItemModel):
    """The comparison as a two-level tree: parts (and KPIs) → changed things."""

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.comparison: Comparison | None = None
        self.late: dict[str, int] = {}
        self.all_rows: list[Row] = []
        self.groups: list[Group] = []
        self.shown: set[str] = {c for c, _l in CATEGORIES}
        self.area_names: dict[str, str] = {}
        self.group_font = QFont()  # the view's font, bold (set by the view's owner)
        self.group_font.setBold(True)

    # --- computing -----------------------------------------------------------------------------

    def compare(self, from_key: str | None, to_key: str | None, today: datetime.date) -> Comparison | None:
        """Compare two states (snapshot ids, or None/NOW for the plan now) and show the result."""
        self.beginResetModel()
        self.comparison, self.late, self.all_rows = None, {}, []
        if self.ctl.doc is not None:
            plan = self.ctl.plan
            try:
                self.comparison = history.compare_states(plan, from_key, to_key)
            except DxError:  # the snapshot was deleted meanwhile
                self.comparison = None
            if self.comparison is not None:
                if to_key in (None, NOW):
                    self.late = {t.id: d for t, d in history.late_tasks(plan, today)}
                    to_tasks = {t.id: (t.title, t.area_id, t.end.isoformat() if t.end else None)
                                for t in plan.tasks.values() if t.id in self.late}
                else:
                    snap = history.find_snapshot(plan, to_key or "")
                    self.late = _late_in(snap.data, snap.taken_at.date())
                    to_tasks = {t["id"]: (t.get("title", ""), t.get("area_id", ""), t.get("end"))
                                for t in snap.data.get("tasks", []) if t.get("id") in self.late}
                self.all_rows = self._rows(plan, self.comparison, to_tasks)
                self.area_names = self._area_names(plan, from_key, to_key)
        self._group()
        self.endResetModel()
        return self.comparison

    def _rows(self, plan: Plan, comp: Comparison, to_tasks: dict[str, tuple[str, str, str | None]]) -> list[Row]:
        rows: list[Row] = []
        for c in comp.tasks:
            rows += task_rows(c, self.late, plan)
        for tid, days in self.late.items():
            title, area, end = to_tasks.get(tid, ("", "", None))
            rows.append(Row(area, "late", title, _("Late (遅延)"), _("planned end {date}").format(date=_d(end)),
                            late=late_text(days), target_id=tid, exists=tid in plan.tasks))
        for k in comp.kpis:
            rows += kpi_rows(k, plan)
        return rows

    @staticmethod
    def _area_names(plan: Plan, *keys: str | None) -> dict[str, str]:
        """Names of the parts, also of parts that only a snapshot still has."""
        names: dict[str, str] = {}
        for key in keys:
            if key in (None, NOW):
                continue
            snap = plan.snapshots.get(key or "") or next((s for s in plan.snapshots.values() if s.name == key), None)
            if snap is not None:
                names.update({a["id"]: a.get("name", a["id"]) for a in snap.data.get("areas", []) if "id" in a})
        names.update({a.id: a.name for a in plan.areas.values()})
        return names

    def set_shown(self, categories: set[str]) -> None:
        self.beginResetModel()
        self.shown = set(categories)
        self._group()
        self.endResetModel()

    def _group(self) -> None:
        plan = self.ctl.plan if self.ctl.doc is not None else None
        order: dict[str, tuple[int, str]] = {}
        if plan is not None:
            order = {a.id: (a.order, a.name) for a in plan.areas.values()}
        by: dict[str, list[Row]] = {}
        for r in self.all_rows:
            if r.category in self.shown:
                by.setdefault(r.group, []).append(r)
        rank = {c: i for i, (c, _l) in enumerate(CATEGORIES)}
        groups = []
        for key, rows in by.items():
            rows.sort(key=lambda r: (rank[r.category], r.title))
            title = _("KPIs") if key == KPI_GROUP else self.area_names.get(key, key or _("(no part)"))
            groups.append(Group(key, title, rows))
        groups.sort(key=lambda g: (1 if g.key == KPI_GROUP else 0, order.get(g.key, (999, g.title))))
        self.groups = groups

    def counts(self) -> dict[str, int]:
        """Rows per category (before filtering); 'moved' etc. count tasks, as the core does."""
        out = dict.fromkeys((c for c, _l in CATEGORIES), 0)
        for r in self.all_rows:
            out[r.category] += 1
        if self.comparison is not None:
            out["kpi"] = len(self.comparison.kpis)
        return out

    def row_at(self, index: Index) -> Row | None:
        if not index.isValid():
            return None
        gid = index.internalId()
        if gid == 0:
            return None
        g = self.groups[gid - 1]
        return g.rows[index.row()] if index.row() < len(g.rows) else None

    def visible_rows(self) -> list[Row]:
        return [r for g in self.groups for r in g.rows]

    # --- Qt model interface --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != 0 or parent.row() >= len(self.groups):
            return QModelIndex()
        g = self.groups[parent.row()]
        return self.createIndex(row, column, parent.row() + 1) if row < len(g.rows) else QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        gid = index.internalId()
        if gid == 0:
            return QModelIndex()
        return self.createIndex(gid - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self.groups[parent.row()].rows) if parent.row() < len(self.groups) else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = index.column()
        if index.internalId() == 0:
            if index.row() >= len(self.groups):
                return None
            g = self.groups[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) and c == 0:
                return f"{g.title} ({len(g.rows)})"
            if role == Qt.ItemDataRole.FontRole:
                return self.group_font
            return None
        r = self.row_at(index)
        if r is None:
            return None
        values = (r.title, r.change, r.old_new, r.shift, r.late)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return values[c]
        if role == Qt.ItemDataRole.ToolTipRole and values[c]:
            text = values[c]
            if not r.exists and c == 0:
                text += "\n" + _("This is not in the plan any more.")
            return tooltip(text)
        if role == Qt.ItemDataRole.ForegroundRole and c == 1 and r.category in CATEGORY_COLORS:
            return QColor(CATEGORY_COLORS[r.category])
        if role == Qt.ItemDataRole.ForegroundRole and c == 4 and r.late:
            return QColor(CATEGORY_COLORS["late"])
        if role == Qt.ItemDataRole.TextAlignmentRole and c == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and not r.exists and c == 0:
            f = QFont(self.group_font)
            f.setBold(False)
            f.setStrikeOut(True)
            return f
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return _(HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
