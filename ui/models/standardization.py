"""The 標準化 tracker's tables: the systems (one row per 業務), the selected system's phases and
steps as the town names them, and 運用経費 / 移行経費 per 年度.

Every edit is a core op through the controller (one undo per intent), like every other table:
several selected cells of one column are filled at once and tab-separated text pasted from Excel
lands cell by cell.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from dxplanner import model, ops
from dxplanner import standardization as stdz
from dxplanner.i18n import N_, _, list_separator
from dxplanner.model import SystemCost
from dxplanner.ops import Change, new_id
from ui import display
from ui.controller import DocumentController
from ui.editions import edition
from ui.models.columns import BOOL, CHOICE, DATE, LIST, MONEY, TEXT, Column, InputError
from ui.models.entities import fy_value_col
from ui.models.table import PlanTableModel

# how the systems table can be ordered (the page's "sort by" choice)
SORT_KEYS = ("order", "status", "planned_date", "contract_end")
SORT_LABELS = {"order": N_("業務 order"), "status": N_("Status"), "planned_date": N_("Planned go-live"),
               "contract_end": N_("Contract until")}


def reason_names(plan_edition: str) -> dict[int, str]:
    """The catalog's short list of 特定移行支援 事由 (number -> name)."""
    ed = edition(plan_edition)
    return dict(ed.step_model.tokutei_reasons) if ed is not None else {}


class SystemsModel(PlanTableModel):
    """The 標準化 tracker: one row per 業務; ``sort_key`` orders the rows."""

    kind = "systems"

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        self.sort_key = "order"
        super().__init__(controller, parent)

    def set_sort(self, key: str) -> None:
        if key not in SORT_KEYS:
            raise KeyError(key)
        if key != self.sort_key:
            self.sort_key = key
            self._apply_rows(self.compute_rows())
            if self._keys and self._cols:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._keys) - 1, len(self._cols) - 1))

    def compute_columns(self) -> list[Column]:
        reasons = reason_names(self.ctl.plan.edition)
        by_name = {v: k for k, v in reasons.items()}

        def get_reason(s: Any) -> str:
            return reasons.get(s.tokutei_reason, str(s.tokutei_reason)) if s.tokutei_reason else ""

        def put_reason(s: Any, v: Any) -> dict[str, Any]:
            return {"tokutei_reason": by_name.get(v) if v else None}

        return [
            Column("name", TEXT, N_("Business (業務)"), editable=False, width=14),
            Column("status", CHOICE, N_("Status (状況)"), choices=model.STD_STATUSES, width=9),
            Column("planned_date", DATE, N_("Planned go-live (移行予定)"), width=12),
            Column("actual_date", DATE, N_("Went live (稼働日)"), width=12),
            Column("tokutei_reason", CHOICE, N_("Reason (事由)"), choices=("", *reasons.values()), width=18,
                   getter=get_reason, setter=put_reason),
            Column("tokutei_reason_text", TEXT, width=14),
            Column("tokutei_deadline", DATE, date_end=True, width=12),
            Column("cloud", CHOICE, choices=model.CLOUD_USES, width=8),
            Column("cloud_partner", TEXT, width=12),
            Column("vendor", TEXT, width=12),
            Column("system", TEXT, N_("Package"), width=12),
            Column("contract_start", DATE, width=12),
            Column("contract_end", DATE, date_end=True, width=12),
            Column("task_ids", LIST, width=16, getter=self._task_titles, setter=self._task_links),
            Column("note", TEXT, width=16),
        ]

    def _task_titles(self, s: Any) -> list[str]:
        tasks = self.ctl.plan.tasks
        return [tasks[t].title for t in s.task_ids if t in tasks]

    def _task_links(self, s: Any, titles: list[str]) -> dict[str, Any]:
        """Task titles typed or pasted -> ids (a 標準化 task first when two share a title)."""
        tasks = sorted(self.ctl.plan.tasks.values(), key=lambda t: (t.area_id != "std", t.order, t.id))
        ids: list[str] = []
        for title in titles:
            found = next((t.id for t in tasks if title in (t.title, t.id)), None)
            if found is None:
                raise InputError(_("No task in the 工程表 is called “{title}”").format(title=title))
            if found not in ids:
                ids.append(found)
        return {"task_ids": ids}

    def compute_rows(self) -> list[Hashable]:
        systems = list(self.ctl.plan.systems.values())
        status_rank = {s: i for i, s in enumerate(model.STD_STATUSES)}
        far = datetime.date.max
        key = {
            "order": lambda s: (s.order, s.id),
            "status": lambda s: (status_rank.get(s.status, 99), s.order, s.id),
            "planned_date": lambda s: (s.planned_date or far, s.order, s.id),
            "contract_end": lambda s: (s.contract_end or far, s.order, s.id),
        }[self.sort_key]
        return [s.id for s in sorted(systems, key=key)]

    def structure_changed(self, changes: list[Change]) -> bool:
        if self.sort_key != "order" and any(k == "systems" for k, _ in changes):
            return True
        return super().structure_changed(changes)

    def affects(self, changes: list[Change]) -> bool:
        # the task column shows titles: a renamed or deleted task changes it
        return super().affects(changes) or any(k == "tasks" for k, _ in changes)

    def _on_changed(self, changes: list[Change]) -> None:
        super()._on_changed(changes)
        if any(k == "tasks" for k, _ in changes) and self._keys and self._cols:
            col = self.column_index("task_ids")
            self.dataChanged.emit(self.index(0, col), self.index(len(self._keys) - 1, col))


NAME_COL = 1  # of the phases table


@dataclass
class PhaseRow:
    id: str  # the phase or step name
    name: str
    status: str
    sourced: bool  # one of the three phases the program can source


class PhasesModel(PlanTableModel):
    """The selected system's phases and steps by name: the sourced phases 計画立案・システム選定・移行
    first (never renamed or removed), then the town's own steps in the order it added them."""

    kind = "systems"

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        self.system_id: str | None = None
        super().__init__(controller, parent)

    def set_system(self, system_id: str | None) -> None:
        self.system_id = system_id
        self.reload()

    def system(self) -> model.StandardSystem | None:
        return self.ctl.plan.systems.get(self.system_id or "")

    def compute_columns(self) -> list[Column]:
        # status first: the sourced phases' names are fixed, so the first editable column is the
        # one every row can edit
        return [
            Column("status", CHOICE, choices=model.PHASE_STATUSES, width=9),
            Column("name", TEXT, N_("Phase or step"), width=24),
        ]

    def names(self) -> list[str]:
        s = self.system()
        if s is None:
            return []
        return [*model.PHASES, *(n for n in s.phases if n not in model.PHASES)]

    def compute_rows(self) -> list[Hashable]:
        return list(self.names())

    def entity(self, row: int) -> Any:
        return self.entity_at(row)

    def entity_at(self, row: int) -> Any:
        s = self.system()
        if s is None or row >= len(self._keys):
            return None
        name = str(self._keys[row])
        return PhaseRow(name, name, s.phases.get(name, "未着手"), name in model.PHASES)

    def flags(self, index: Any) -> Any:
        f = super().flags(index)
        row = self.entity_at(index.row()) if index.isValid() else None
        if row is not None and row.sourced and index.column() == NAME_COL:
            from PySide6.QtCore import Qt

            f &= ~Qt.ItemFlag.ItemIsEditable
        return f

    def _op(self, edits: dict[int, dict[str, Any]], label: str) -> ops.Op | None:
        s = self.system()
        if s is None:
            return None
        names = self.names()
        current = {n: s.phases.get(n, "未着手") for n in names}
        renamed: dict[str, str] = {}
        for row, values in edits.items():
            old = names[row]
            if "status" in values:
                current[old] = values["status"]
            if "name" in values and old not in model.PHASES:
                new = values["name"].strip()
                if not new:
                    raise InputError(_("A step needs a name"))
                if new != old and new in current:
                    raise InputError(_("“{name}” is already a step of this business").format(name=new))
                renamed[old] = new
        phases = {renamed.get(n, n): st for n, st in current.items()
                  if n not in model.PHASES or n in s.phases or st != "未着手"}
        if phases == s.phases and list(phases) == list(s.phases):
            return None
        return ops.UpdateEntity("systems", s.id, {"phases": phases}, label)

    def set_values(self, rows: Sequence[int], column: int, raw: Any, label: str = N_("Edit")) -> bool:
        col = self.column(column)
        try:
            edits = {r: col.parse(self.entity_at(r), raw) for r in rows if not (
                column == NAME_COL and self.entity_at(r).sourced)}
            op = self._op(edits, label)
        except InputError as exc:
            self.ctl.refuse(str(exc))
            return False
        return True if op is None else self.ctl.run(op)

    def paste(self, top: int, left: int, grid: list[list[str]]) -> bool:
        edits: dict[int, dict[str, Any]] = {}
        try:
            for i, cells in enumerate(grid):
                r = top + i
                if r >= self.rowCount():
                    break
                row = self.entity_at(r)
                for j, raw in enumerate(cells):
                    c = left + j
                    if c > 1 or (c == NAME_COL and row.sourced):
                        continue
                    edits.setdefault(r, {}).update(self.column(c).parse(row, raw))
            op = self._op(edits, N_("Paste"))
        except InputError as exc:
            self.ctl.refuse(str(exc))
            return False
        return True if op is None else self.ctl.run(op)

    def clear_cells(self, cells: Sequence[tuple[int, int]]) -> bool:
        return False

    def new_entity(self, after_row: int | None) -> Any:
        return None

    def add_row(self, after_row: int | None = None) -> str | None:
        s = self.system()
        if s is None:
            return None
        base = _("New step")
        name, n = base, 2
        while name in s.phases or name in model.PHASES:
            name, n = f"{base} {n}", n + 1
        if self.ctl.run(ops.UpdateEntity("systems", s.id, {"phases": {**s.phases, name: "未着手"}},
                                         N_("Add row"))):
            return name
        return None

    def remove_rows(self, rows: Sequence[int]) -> bool:
        s = self.system()
        if s is None:
            return False
        gone = {self._keys[r] for r in rows if r < len(self._keys) and self._keys[r] not in model.PHASES}
        if not gone:
            self.ctl.refuse(_("The phases 計画立案, システム選定 and 移行 stay; set one to 対象外 instead"))
            return False
        phases = {k: v for k, v in s.phases.items() if k not in gone}
        return self.ctl.run(ops.UpdateEntity("systems", s.id, {"phases": phases}, N_("Delete rows")))

    def structure_changed(self, changes: list[Change]) -> bool:
        return self.system_id is not None and (
            ("systems", self.system_id) in changes or self.system() is None)

    def _on_changed(self, changes: list[Change]) -> None:
        if self.system_id is None or not any(k == "systems" and i == self.system_id for k, i in changes):
            return
        if self.system() is None:
            self.set_system(None)
            return
        self._apply_rows(self.compute_rows())
        n = self.rowCount()
        if n:
            self.dataChanged.emit(self.index(0, 0), self.index(n - 1, 1))


class CostsModel(PlanTableModel):
    """運用経費 and 移行経費 rows: one per system or group, amounts per 年度 (actual, or the plan
    when ``planned`` is on)."""

    kind = "std_costs"

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        self.planned = False
        super().__init__(controller, parent)

    def years(self) -> list[int]:
        return stdz.cost_years(self.ctl.plan)

    def compute_columns(self) -> list[Column]:
        plan = self.ctl.plan
        names = {s.id: s.name for s in plan.systems.values()}
        ids = {s.name: s.id for s in plan.systems.values()}

        def get_systems(c: Any) -> list[str]:
            return [names[i] for i in c.system_ids if i in names]

        def put_systems(c: Any, v: list[str]) -> dict[str, Any]:
            out = []
            for n in v:
                sid = ids.get(n) or (n if n in names else None)
                if sid is None:
                    raise InputError(_("“{name}” is not one of the 業務").format(name=n))
                if sid not in out:
                    out.append(sid)
            return {"system_ids": out}

        cols = [
            Column("name", TEXT, width=14),
            Column("system_ids", LIST, width=18, getter=get_systems, setter=put_systems),
            Column("kind", CHOICE, choices=model.COST_KINDS, width=11),
            Column("baseline", MONEY, width=10),
            Column("fund_covered", BOOL, width=6),
        ]
        field = "planned" if self.planned else "actual"
        cols += [_amount_col(fy, field) for fy in self.years()]
        cols.append(Column("note", TEXT, width=16))
        return cols

    def set_planned(self, on: bool) -> None:
        self.planned = on
        self.reload()

    def compute_rows(self) -> list[Hashable]:
        return [c.id for c in sorted(self.ctl.plan.std_costs.values(), key=lambda c: (c.order, c.id))]

    def new_entity(self, after_row: int | None) -> Any:
        coll = self.ctl.plan.std_costs
        order = max((c.order for c in coll.values()), default=-1) + 1
        return SystemCost(id=new_id(), order=order)

    def _on_changed(self, changes: list[Change]) -> None:
        # a figure in a new 年度 widens the table
        if any(k == "std_costs" for k, _ in changes) and [c.field for c in self.compute_columns()] != [
                c.field for c in self._cols]:
            self.reload()
            return
        super()._on_changed(changes)


def _amount_col(fy: int, field: str) -> Column:
    return fy_value_col(field, fy, MONEY, 9)


def describe_costs(summary: stdz.CostSummary) -> str:
    """One line for the screen reader and the tooltip of the cost chart."""
    parts = []
    for y in summary.years:
        if y.total is None:
            continue
        parts.append(f"{display.fy_short(y.fy)} {display.money_text(y.total)}")
    head = ""
    if summary.baseline is not None and summary.target is not None:
        head = _("Baseline {base}, target {target}").format(base=display.money_text(summary.baseline),
                                                             target=display.money_text(summary.target))
    return list_separator().join([head, *parts] if head else parts)
