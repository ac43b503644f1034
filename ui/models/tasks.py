"""The task table of one or more parts of the plan, in outline order (subtasks indented).

A flat table rather than a tree: people select ranges of rows, fill a column and paste cells as
in a spreadsheet, and a 10,000-task plan stays fast. The row key is ``(depth, task id)``, so a
task that moves in the outline is removed and re-inserted with exact signals.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from dxplanner import model, ops
from dxplanner.i18n import N_, _
from dxplanner.ops import Change
from ui.controller import DocumentController
from ui.models.columns import (
    BOOL,
    CHOICE,
    DATE,
    PERCENT,
    PERIOD,
    TEXT,
    Column,
    InputError,
    set_task_period,
    task_period,
)
from ui.models.table import Index, PlanTableModel

INDENT = "    "


def _set_milestone(t: Any, on: bool) -> dict[str, Any]:
    """A milestone is one day: turning it on puts its start on its end."""
    if on and t.end:
        return {"milestone": True, "start": t.end, "precision": "day"}
    return {"milestone": on}


class TasksModel(PlanTableModel):
    kind = "tasks"

    def __init__(self, controller: DocumentController, area_ids: Iterable[str] | None = None,
                 parent: QObject | None = None, *, show_area: bool = False,
                 include: set[str] | None = None) -> None:
        """``area_ids`` None means every part; ``include`` (the walk-through) adds a check column
        whose unchecked tasks are left out of the new plan."""
        self.area_ids = None if area_ids is None else list(area_ids)
        self.show_area = show_area
        self.include = include
        self._shape: dict[str, tuple[str, str | None, int]] = {}
        super().__init__(controller, parent)

    def compute_columns(self) -> list[Column]:
        cols: list[Column] = []
        if self.include is not None:
            inc = self.include
            cols.append(Column("include", BOOL, N_("Include"), width=5, getter=lambda t: t.id in inc,
                               setter=lambda t, v: {}))
        if self.show_area:
            areas = self.ctl.plan.areas
            cols.append(Column("area_id", TEXT, N_("Part of the plan"), editable=False, width=14,
                               getter=lambda t: areas[t.area_id].name if t.area_id in areas else ""))
        def row_fy(t: Any) -> int:
            return model.task_fy(self.ctl.plan, t)

        cols += [
            Column("title", TEXT, N_("Task"), width=28),
            Column("department", TEXT, width=10),
            Column("period", PERIOD, N_("Period"), width=30, getter=task_period, setter=set_task_period,
                   context_fy=row_fy),
            Column("status", CHOICE, choices=model.TASK_STATUSES, width=7),
            Column("progress", PERCENT, optional=False, width=6),
            Column("milestone", BOOL, N_("Milestone"), width=8, setter=_set_milestone),
            Column("actual_end", DATE, N_("Finished on"), width=11, context_fy=row_fy),
            Column("comment", TEXT, width=18),
        ]
        return cols

    def compute_rows(self) -> list[Hashable]:
        plan = self.ctl.plan
        wanted = None if self.area_ids is None else set(self.area_ids)
        rows: list[Hashable] = []
        shape: dict[str, tuple[str, str | None, int]] = {}
        for depth, t in plan.ordered_tasks():
            if wanted is None or t.area_id in wanted:
                rows.append((depth, t.id))
                shape[t.id] = (t.area_id, t.parent_id, t.order)
        self._shape = shape
        return rows

    def depth(self, row: int) -> int:
        key = self._keys[row]
        assert isinstance(key, tuple)
        return int(key[0])

    def display_text(self, row: int, col: Column, ent: Any) -> str:
        text = col.text(ent)
        if col.field == "title":
            return INDENT * self.depth(row) + (("◆ " if ent.milestone else "") + text)
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.FontRole and index.isValid() and self._cols[index.column()].field == "title"
                and self.depth(index.row()) == 0):
            from PySide6.QtGui import QFont

            f = QFont()
            f.setBold(True)
            return f
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and self.include is not None and self._cols[index.column()].field == "include":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            on = value is True or (not isinstance(value, bool) and Qt.CheckState(value) == Qt.CheckState.Checked)
            self.set_included([index.row()], on)
            return True
        return super().setData(index, value, role)

    def set_included(self, rows: Sequence[int], on: bool) -> None:
        """Walk-through only: choose starter tasks (a subtask follows its parent)."""
        assert self.include is not None
        plan = self.ctl.plan
        ids: list[str] = []
        for r in rows:
            ids.extend(plan.subtree_ids(self.entity_id(r)))
        for i in ids:
            if on:
                self.include.add(i)
            else:
                self.include.discard(i)
        if on:  # including a subtask includes its parents
            for i in list(ids):
                p = plan.tasks[i].parent_id
                while p is not None:
                    self.include.add(p)
                    p = plan.tasks[p].parent_id
        c = self.column_index("include")
        self.dataChanged.emit(self.index(0, c), self.index(self.rowCount() - 1, c))

    def structure_changed(self, changes: list[Change]) -> bool:
        tasks = self.ctl.plan.tasks
        wanted = None if self.area_ids is None else set(self.area_ids)
        for k, eid in changes:
            if k == "areas":
                return True
            if k != "tasks":
                continue
            t = tasks.get(eid)
            old = self._shape.get(eid)
            if t is None:
                if old is not None:
                    return True
                continue
            if old is None:
                if wanted is None or t.area_id in wanted:
                    return True
                continue
            if old != (t.area_id, t.parent_id, t.order):
                return True
        return False

    def affects(self, changes: list[Change]) -> bool:
        return any(k in ("tasks", "areas", "plan") for k, _ in changes)

    # --- task-specific edits -------------------------------------------------------------------

    def default_area(self, row: int | None) -> str | None:
        if row is not None and 0 <= row < self.rowCount():
            return str(self.entity(row).area_id)
        if self.area_ids:
            return self.area_ids[0]
        return next(iter(self.ctl.plan.areas), None)

    def add_task(self, after_row: int | None, *, child: bool = False) -> str | None:
        """A new task after the current one (same parent) or as its subtask."""
        area = self.default_area(after_row)
        if area is None:
            return None
        parent_id = None
        department = ""
        if after_row is not None and 0 <= after_row < self.rowCount():
            cur = self.entity(after_row)
            parent_id = cur.id if child else cur.parent_id
            department = cur.department
        op = ops.add_task(self.ctl.plan, area, _("New task"), parent_id=parent_id, department=department)
        op.label = N_("Add subtask") if child else N_("Add task")
        if self.include is not None:
            self.include.add(op.entities[0].id)
        if self.ctl.run(op):
            return str(op.entities[0].id)
        return None

    def insert_pasted_rows(self, after_row: int | None, left: int, grid: list[list[str]]) -> list[str]:
        """Rows copied from Excel become new tasks after ``after_row`` (same parent), filled from
        column ``left`` on; the tasks below move down. One undoable step; nothing is overwritten.
        Returns the new ids ([] when refused, with the reason shown)."""
        import dataclasses

        area = self.default_area(after_row)
        if area is None:
            return []
        plan = self.ctl.plan
        cur = self.entity(after_row) if after_row is not None and 0 <= after_row < self.rowCount() else None
        parent_id = cur.parent_id if cur is not None else None
        if cur is not None:
            area = cur.area_id
        siblings = plan.children_of(parent_id, area)
        base = cur.order if cur is not None else (siblings[-1].order if siblings else -1)
        n = len(grid)
        parts: list[ops.Op] = [ops.UpdateEntity("tasks", t.id, {"order": t.order + n})
                               for t in siblings if t.order > base]
        made: list[model.Task] = []
        for k, cells in enumerate(grid):
            task = model.Task(id=ops.new_id(), area_id=area, parent_id=parent_id, title=_("New task"),
                              order=base + 1 + k, department=cur.department if cur is not None else "")
            fields: dict[str, Any] = {}
            try:
                for dc, raw in enumerate(cells):
                    c = left + dc
                    if c >= len(self._cols) or not self._cols[c].editable or self._cols[c].field == "include":
                        continue
                    fields.update(self._cols[c].parse(dataclasses.replace(task, **fields), raw))
            except InputError as exc:
                self.ctl.refuse(_("Pasted row {row}: {message}").format(row=k + 1, message=str(exc)))
                return []
            made.append(dataclasses.replace(task, **fields))
        parts.append(ops.PutEntities("tasks", made))
        if self.include is not None:
            self.include.update(t.id for t in made)
        if not self.ctl.run(ops.Batch(parts, N_("Paste rows"))):
            return []
        return [t.id for t in made]

    def move_rows(self, rows: Sequence[int], months: int) -> bool:
        ids = [self.entity_id(r) for r in sorted(set(rows))]
        if not ids:
            return False
        return self.ctl.run(ops.move_tasks(self.ctl.plan, ids, months=months))

    def new_entity(self, after_row: int | None) -> Any:
        return None
