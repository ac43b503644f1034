"""The edit operations shared by the UI (one QUndoCommand per op) and the command line.

An op is a small value object. ``op.apply(plan)`` validates, changes the plan in memory and
returns ``(inverse, changes)``: the op that undoes it and the (kind, id) pairs it touched, which
the storage gateway then writes. An op that fails validation leaves the plan untouched.

There are few kinds of op on purpose: set plan fields, put entities (insert or replace),
update some fields of one entity, delete entities, and a batch of these. Everything the user
can do is one of these or a batch, so undo is uniform and random edit sequences can be tested.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any

from dxplanner import model
from dxplanner.codec import specs
from dxplanner.errors import ValidationError
from dxplanner.i18n import N_
from dxplanner.model import COLLECTIONS, Municipality, Plan, Task, clone
from dxplanner.validate import check_count, check_municipality_code, check_snapshot_shape, check_text, check_whole

Change = tuple[str, str]  # (kind, id); kind "plan" for plan-level fields

MIN_FY = 1989
MAX_FY = 2100


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Op(ABC):
    label: str = N_("Edit")

    @abstractmethod
    def apply(self, plan: Plan) -> tuple[Op, list[Change]]:
        """Validate and apply; return the inverse op and what changed."""


# --- plan-level fields --------------------------------------------------------------------------


@dataclasses.dataclass
class SetPlanFields(Op):
    """Set plan-level fields; ``municipality.<field>`` keys set the municipality."""

    values: dict[str, Any]
    label: str = N_("Edit plan details")

    def apply(self, plan: Plan) -> tuple[Op, list[Change]]:
        new_plan_vals: dict[str, Any] = {}
        new_muni = clone(plan.municipality)
        old: dict[str, Any] = {}
        for key, value in self.values.items():
            if key.startswith("municipality."):
                name = key.split(".", 1)[1]
                if name not in {s.name for s in specs(Municipality)}:
                    raise ValidationError(N_("unknown field “{field}”"), field=key)
                old[key] = getattr(plan.municipality, name)
                setattr(new_muni, name, value)
            else:
                if key not in model.PLAN_FIELDS:
                    raise ValidationError(N_("unknown field “{field}”"), field=key)
                old[key] = getattr(plan, key)
                new_plan_vals[key] = value
        validate_municipality(new_muni)
        from_fy = new_plan_vals.get("from_fy", plan.from_fy)
        to_fy = new_plan_vals.get("to_fy", plan.to_fy)
        validate_plan_fields({**new_plan_vals, "from_fy": from_fy, "to_fy": to_fy})
        for key, value in new_plan_vals.items():
            setattr(plan, key, value)
        plan.municipality = new_muni
        return SetPlanFields(old, self.label), [("plan", "")]


# --- entities -------------------------------------------------------------------------------------


@dataclasses.dataclass
class PutEntities(Op):
    """Insert or replace whole entities of one kind (new rows, pasted rows, restored rows)."""

    kind: str
    entities: list[Any]
    label: str = N_("Add")

    def apply(self, plan: Plan) -> tuple[Op, list[Change]]:
        coll = plan.collection(self.kind)
        cls = COLLECTIONS[self.kind]
        staged = {e.id: e for e in self.entities}
        for e in self.entities:
            if not isinstance(e, cls):
                raise ValidationError(N_("wrong kind of item for {kind}"), kind=self.kind)
        view = _Overlay(plan, self.kind, staged, set())
        for e in self.entities:
            validate_entity(view, self.kind, e)
        previous = [clone(coll[e.id]) for e in self.entities if e.id in coll]
        added = [e.id for e in self.entities if e.id not in coll]
        if added:
            check_count(self.kind, len(coll) + len(added))
        for e in self.entities:
            coll[e.id] = clone(e)
        inverse: Op
        parts: list[Op] = []
        if added:
            parts.append(DeleteEntities(self.kind, added, self.label))
        if previous:
            parts.append(PutEntities(self.kind, previous, self.label))
        inverse = parts[0] if len(parts) == 1 else Batch(parts, self.label)
        return inverse, [(self.kind, e.id) for e in self.entities]


@dataclasses.dataclass
class UpdateEntity(Op):
    """Change some fields of one entity."""

    kind: str
    id: str
    values: dict[str, Any]
    label: str = N_("Edit")

    def apply(self, plan: Plan) -> tuple[Op, list[Change]]:
        coll = plan.collection(self.kind)
        ent = coll.get(self.id)
        if ent is None:
            raise ValidationError(N_("the item no longer exists ({kind} {id})"), kind=self.kind, id=self.id)
        names = {s.name for s in specs(type(ent))}
        for k in self.values:
            if k not in names or k == "id":
                raise ValidationError(N_("unknown field “{field}”"), field=k)
        if self.kind == "tasks" and "area_id" in self.values and self.values["area_id"] != ent.area_id:
            # a task moves to another part with its whole subtree (a subtask stays in its parent's part)
            subtree = plan.subtree_ids(self.id)[1:]
            if subtree and ent.parent_id is not None:
                raise ValidationError(N_("{field}: a subtask must be in its parent's part"), field="parent_id")
            if subtree:
                head = UpdateEntity("tasks", self.id, {k: v for k, v in self.values.items() if k != "area_id"},
                                    self.label)
                moves: list[Op] = [_SetArea(i, self.values["area_id"]) for i in [self.id, *subtree]]
                return Batch([*moves, head], self.label).apply(plan)
        updated = dataclasses.replace(clone(ent), **clone_values(self.values))
        validate_entity(_Overlay(plan, self.kind, {self.id: updated}, set()), self.kind, updated)
        old = {k: clone_value(getattr(ent, k)) for k in self.values}
        coll[self.id] = updated
        return UpdateEntity(self.kind, self.id, old, self.label), [(self.kind, self.id)]


@dataclasses.dataclass
class DeleteEntities(Op):
    """Delete entities; deleting a task deletes its subtasks and the links to them."""

    kind: str
    ids: list[str]
    label: str = N_("Delete")

    def apply(self, plan: Plan) -> tuple[Op, list[Change]]:
        coll = plan.collection(self.kind)
        ids: list[str] = []
        for i in self.ids:
            if i not in coll:
                raise ValidationError(N_("the item no longer exists ({kind} {id})"), kind=self.kind, id=i)
            if self.kind == "tasks":
                ids.extend(x for x in plan.subtree_ids(i) if x not in ids)
            elif i not in ids:
                ids.append(i)
        if self.kind == "areas":
            used = [t for t in plan.tasks.values() if t.area_id in ids]
            if used:
                raise ValidationError(
                    N_("this part still holds {n} tasks; delete or move them first"), n=len(used)
                )
            # KPIs and budget lines of a deleted part stay, no longer tied to a part
            unlink: list[Op] = [
                UpdateEntity(kind, e.id, {"area_id": None}, self.label)
                for kind in ("kpis", "budget")
                for e in plan.collection(kind).values()
                if e.area_id in ids
            ]
            if unlink:
                return Batch([*unlink, DeleteEntities("areas", ids, self.label)], self.label).apply(plan)
        removed = [clone(coll[i]) for i in ids]
        gone = set(ids)
        relinked: list[Task] = []
        # 標準化 systems carried by a deleted task, costs of a deleted system: the links go with it
        unlinked: list[tuple[str, Any, str]] = []
        if self.kind == "tasks":
            for t in plan.tasks.values():
                if t.id not in gone and any(d in gone for d in t.depends_on):
                    relinked.append(clone(t))
            unlinked = [("systems", clone(s), "task_ids") for s in plan.systems.values()
                        if any(x in gone for x in s.task_ids)]
        elif self.kind == "systems":
            unlinked = [("std_costs", clone(c), "system_ids") for c in plan.std_costs.values()
                        if any(x in gone for x in c.system_ids)]
        for i in ids:
            del coll[i]
        changes: list[Change] = [(self.kind, i) for i in ids]
        for t in relinked:
            plan.tasks[t.id].depends_on = [d for d in t.depends_on if d not in gone]
            changes.append(("tasks", t.id))
        for kind, ent, name in unlinked:
            live = plan.collection(kind)[ent.id]
            setattr(live, name, [x for x in getattr(ent, name) if x not in gone])
            changes.append((kind, ent.id))
        parts: list[Op] = [PutEntities(self.kind, removed, self.label)]
        if relinked:
            parts.append(PutEntities("tasks", relinked, self.label))
        for kind, ent, _name in unlinked:
            parts.append(PutEntities(kind, [ent], self.label))
        inverse = parts[0] if len(parts) == 1 else Batch(parts, self.label)
        return inverse, changes


@dataclasses.dataclass
class _SetArea(Op):
    """Move one task to another part without the subtree rule (used inside a subtree move)."""

    id: str
    area_id: str
    label: str = N_("Edit")

    def apply(self, plan: Plan) -> tuple[Op, list[Change]]:
        t = plan.tasks[self.id]
        if plan.areas.get(self.area_id) is None:
            raise ValidationError(N_("{field}: no such part of the plan"), field="area_id")
        old = t.area_id
        plan.tasks[self.id] = dataclasses.replace(t, area_id=self.area_id)
        return _SetArea(self.id, old, self.label), [("tasks", self.id)]


@dataclasses.dataclass
class Batch(Op):
    """Several ops as one step (one undo); all or nothing."""

    ops: Sequence[Op]
    label: str = N_("Edit")

    def apply(self, plan: Plan) -> tuple[Op, list[Change]]:
        inverses: list[Op] = []
        changes: list[Change] = []
        try:
            for op in self.ops:
                inv, ch = op.apply(plan)
                inverses.append(inv)
                changes.extend(ch)
        except BaseException:
            for inv in reversed(inverses):
                inv.apply(plan)
            raise
        seen: set[Change] = set()
        unique = [c for c in changes if not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]
        return Batch(list(reversed(inverses)), self.label), unique


# --- convenience constructors used by the UI and CLI ------------------------------------------


def add_task(plan: Plan, area_id: str, title: str, **fields: Any) -> PutEntities:
    """An op adding a task at the end of its parent's children."""
    parent_id = fields.get("parent_id")
    siblings = plan.children_of(parent_id, area_id)
    order = (siblings[-1].order + 1) if siblings else 0
    task = Task(id=fields.pop("id", None) or new_id(), area_id=area_id, title=title, order=order, **fields)
    return PutEntities("tasks", [task], N_("Add task"))


def move_tasks(plan: Plan, ids: Iterable[str], months: int = 0, days: int = 0) -> Batch:
    """Shift tasks in time by whole months (keeping month/quarter alignment) and/or days."""
    from dxplanner.fiscal import add_months, month_end

    ops: list[Op] = []
    for i in ids:
        t = plan.tasks[i]
        if t.start is None and t.end is None:
            continue

        def shift(d: datetime.date | None, is_end: bool, t: Task = t) -> datetime.date | None:
            if d is None:
                return None
            if months:
                if is_end and t.precision != "day" and d == month_end(d.year, d.month):
                    nd = add_months(d, months)
                    d = month_end(nd.year, nd.month)
                else:
                    d = add_months(d, months)
            return d + datetime.timedelta(days=days)

        ops.append(UpdateEntity("tasks", i, {"start": shift(t.start, False), "end": shift(t.end, True)}))
    return Batch(ops, N_("Move tasks"))


def clone_value(v: Any) -> Any:
    if isinstance(v, list | dict):
        return clone(v)
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return clone(v)
    return v


def clone_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: clone_value(v) for k, v in values.items()}


# --- validation -----------------------------------------------------------------------------------


class _Overlay:
    """A read view of the plan with some entities of one kind staged (for validating batches)."""

    def __init__(self, plan: Plan, kind: str, staged: dict[str, Any], removed: set[str]) -> None:
        self.plan = plan
        self.kind = kind
        self.staged = staged
        self.removed = removed
        self._tasks: dict[str, Task] | None = None

    def get(self, kind: str, eid: str) -> Any:
        if kind == self.kind:
            if eid in self.removed:
                return None
            if eid in self.staged:
                return self.staged[eid]
        return self.plan.collection(kind).get(eid)

    def tasks(self) -> dict[str, Task]:
        if self.kind != "tasks" or (not self.staged and not self.removed):
            return self.plan.tasks
        if self._tasks is None:
            if len(self.staged) == 1 and not self.removed:
                # the common single edit: a cheap chained view instead of copying 10,000 tasks
                self._tasks = _OneStaged(self.plan.tasks, next(iter(self.staged.values())))
            else:
                merged = dict(self.plan.tasks)
                merged.update(self.staged)
                for r in self.removed:
                    merged.pop(r, None)
                self._tasks = merged
        return self._tasks


class _OneStaged(dict[str, Task]):
    """plan.tasks with one task replaced, without copying (reads only)."""

    def __init__(self, base: dict[str, Task], staged: Task) -> None:
        super().__init__()
        self._base = base
        self._staged = staged

    def get(self, key: str, default: Any = None) -> Any:
        if key == self._staged.id:
            return self._staged
        return self._base.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key == self._staged.id or key in self._base


def _choice(value: str, allowed: Sequence[str], field: str) -> None:
    if value not in allowed:
        raise ValidationError(
            N_("{field}: “{value}” is not one of: {allowed}"),
            field=field,
            value=value,
            allowed="、".join(a for a in allowed if a),  # "" (none) goes without saying
        )


def _fy(value: int | None, field: str) -> None:
    if value is not None and not MIN_FY <= value <= MAX_FY:
        raise ValidationError(
            N_("{field}: the fiscal year {value} is outside {lo}–{hi}"), field=field, value=value, lo=MIN_FY,
            hi=MAX_FY,
        )


def _nonneg(value: int | float | None, field: str) -> None:
    if value is not None and value < 0:
        raise ValidationError(N_("{field}: must not be negative"), field=field)


def validate_municipality(m: Municipality) -> None:
    for s in specs(Municipality):
        v = getattr(m, s.name)
        if isinstance(v, str):
            check_text(v, s.name)
    if m.code:
        check_municipality_code(m.code)
    if m.kind:
        _choice(m.kind, model.MUNICIPALITY_KINDS, "kind")
    if m.population is not None and (not isinstance(m.population, int) or m.population < 0):
        raise ValidationError(N_("{field}: must not be negative"), field="population")


def validate_plan_fields(values: dict[str, Any]) -> None:
    for k in ("title", "edition", "policy_status"):
        if k in values:
            check_text(values[k], k)
    _fy(values["from_fy"], "from_fy")
    _fy(values["to_fy"], "to_fy")
    if values["from_fy"] > values["to_fy"]:
        raise ValidationError(N_("the plan period ends before it starts"), field="to_fy")
    if values["to_fy"] - values["from_fy"] > 20:
        raise ValidationError(N_("the plan period may span at most 21 fiscal years"), field="to_fy")
    if "policy_status" in values:
        _choice(values["policy_status"], ("策定済", "策定中", "未定"), "policy_status")


def _check_fields(ent: Any) -> None:
    """Type and text checks for every field, from the dataclass description."""
    for s in specs(type(ent)):
        v = getattr(ent, s.name)
        if v is None:
            if not s.optional:
                raise ValidationError(N_("{field}: a value is required"), field=s.name)
            continue
        if s.kind == "str":
            if not isinstance(v, str):
                raise ValidationError(N_("{field}: text expected"), field=s.name)
            check_text(v, s.name)
        elif s.kind == "int":
            if isinstance(v, bool) or not isinstance(v, int):
                raise ValidationError(N_("{field}: a whole number is expected"), field=s.name)
            check_whole(v, s.name)
        elif s.kind == "float":
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise ValidationError(N_("{field}: a number is expected"), field=s.name)
            if not math.isfinite(v):
                raise ValidationError(N_("{field}: {value} is not a number that can be stored"), field=s.name,
                                      value=v)
        elif s.kind == "bool":
            if not isinstance(v, bool):
                raise ValidationError(N_("{field}: yes or no is expected"), field=s.name)
        elif s.kind == "date":
            if not isinstance(v, datetime.date) or isinstance(v, datetime.datetime):
                raise ValidationError(N_("{field}: a date is expected"), field=s.name)
        elif s.kind == "datetime":
            if not isinstance(v, datetime.datetime):
                raise ValidationError(N_("{field}: a date and time is expected"), field=s.name)
        elif s.kind == "list_str":
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise ValidationError(N_("{field}: a list of texts is expected"), field=s.name)
            for x in v:
                check_text(x, s.name)
        elif s.kind in ("dict_int_float", "dict_int_str", "dict_int_int", "dict_str_str") and not isinstance(v, dict):
            raise ValidationError(N_("{field}: a table of values is expected"), field=s.name)
        elif s.kind == "dict_int_float":
            for x in v.values():
                if isinstance(x, bool) or not isinstance(x, int | float):
                    raise ValidationError(N_("{field}: a number is expected"), field=s.name)
                if not math.isfinite(x):
                    raise ValidationError(N_("{field}: {value} is not a number that can be stored"),
                                          field=s.name, value=x)


def validate_entity(view: _Overlay, kind: str, ent: Any) -> None:
    """All rules for one entity in the context of the plan; raises ValidationError."""
    _check_fields(ent)
    if not ent.id:
        raise ValidationError(N_("{field}: a value is required"), field="id")
    if kind == "tasks":
        _validate_task(view, ent)
    elif kind == "roles":
        _choice(ent.kind, model.ROLE_KINDS, "kind")
        _choice(ent.status, model.APPOINTMENT_STATUSES, "status")
    elif kind == "bodies":
        _choice(ent.status, model.APPOINTMENT_STATUSES, "status")
    elif kind == "staff":
        _fy(ent.fy, "fy")
        _nonneg(ent.dx_staff, "dx_staff")
        _nonneg(ent.digital_leads, "digital_leads")
    elif kind == "hires":
        _fy(ent.from_fy, "from_fy")
        _fy(ent.to_fy, "to_fy")
        if ent.from_fy is not None and ent.to_fy is not None and ent.from_fy > ent.to_fy:
            raise ValidationError(N_("{field}: the end comes before the start"), field="to_fy")
        _nonneg(ent.annual_cost, "annual_cost")
        _choice(ent.funding, model.FUNDING_SOURCES, "funding")
        _choice(ent.allocation, model.ALLOCATIONS, "allocation")
        _choice(ent.form, model.EMPLOYMENT_FORMS, "form")
    elif kind == "trainings":
        _fy(ent.fy, "fy")
        _nonneg(ent.participants, "participants")
        _nonneg(ent.cost, "cost")
    elif kind == "areas":
        _choice(ent.kind, ("structure", "focus", "related", "custom"), "kind")
    elif kind == "kpis":
        _fy(ent.baseline_fy, "baseline_fy")
        for fy in list(ent.targets) + list(ent.actuals):
            _fy(fy, "targets")
        if ent.area_id is not None and view.get("areas", ent.area_id) is None:
            raise ValidationError(N_("{field}: no such part of the plan"), field="area_id")
    elif kind == "budget":
        _fy(ent.fy, "fy")
        _choice(ent.source, model.FUNDING_SOURCES, "source")
        _choice(ent.allocation, model.ALLOCATIONS, "allocation")
        _nonneg(ent.allocation_estimate, "allocation_estimate")
    elif kind == "systems":
        _validate_system(view, ent)
    elif kind == "std_costs":
        _validate_cost(view, ent)
    elif kind == "procedures":
        _choice(ent.status, model.ONLINE_STATUSES, "status")
    elif kind == "snapshots":
        check_snapshot_shape(ent.data)
    elif kind == "reviews":
        _fy(ent.fy, "fy")
        for item in ent.items:
            if item.grade:
                _choice(item.grade, model.REVIEW_GRADES, "grade")
            for f in ("actual", "comment", "next_step"):
                check_text(getattr(item, f), f)
        for g, text in ent.grade_labels.items():
            _choice(g, model.REVIEW_GRADES, "grade_labels")
            check_text(text, "grade_labels")


def _validate_system(view: _Overlay, s: model.StandardSystem) -> None:
    _choice(s.status, model.STD_STATUSES, "status")
    _choice(s.cloud, model.CLOUD_USES, "cloud")
    for ph, st in s.phases.items():
        if not ph.strip():
            raise ValidationError(N_("{field}: a name is required"), field="phases")
        _choice(st, model.PHASE_STATUSES, "phases")
    if s.tokutei_reason is not None and s.tokutei_reason not in (1, 2, 3, 4):
        raise ValidationError(N_("{field}: the reason must be 1, 2, 3 or 4"), field="tokutei_reason")
    if s.contract_start and s.contract_end and s.contract_end < s.contract_start:
        raise ValidationError(N_("{field}: the end comes before the start"), field="contract_end")
    if s.task_ids:
        if len(set(s.task_ids)) != len(s.task_ids):
            raise ValidationError(N_("{field}: the same link is listed twice"), field="task_ids")
        tasks = view.tasks()
        if any(t not in tasks for t in s.task_ids):
            raise ValidationError(N_("{field}: the linked task does not exist"), field="task_ids")


def _validate_cost(view: _Overlay, c: model.SystemCost) -> None:
    _choice(c.kind, model.COST_KINDS, "kind")
    if c.baseline is not None:
        _nonneg(c.baseline, "baseline")
    for name in ("actual", "planned"):
        for fy, yen in getattr(c, name).items():
            _fy(fy, name)
            if isinstance(yen, bool) or not isinstance(yen, int) or yen < 0:
                raise ValidationError(N_("{field}: must not be negative"), field=name)
    if c.fund_covered and c.kind == "運用経費":
        raise ValidationError(N_("the デジタル基盤改革支援基金 does not cover 運用経費 (running costs)"),
                              field="fund_covered")
    if len(set(c.system_ids)) != len(c.system_ids):
        raise ValidationError(N_("{field}: the same link is listed twice"), field="system_ids")
    for sid in c.system_ids:
        if view.get("systems", sid) is None:
            raise ValidationError(N_("{field}: no such business"), field="system_ids")


def _validate_task(view: _Overlay, t: Task) -> None:
    if not t.title.strip():
        raise ValidationError(N_("{field}: a title is required"), field="title")
    if view.get("areas", t.area_id) is None:
        raise ValidationError(N_("{field}: no such part of the plan"), field="area_id")
    _choice(t.status, model.TASK_STATUSES, "status")
    _choice(t.precision, model.PRECISIONS, "precision")
    if not 0 <= t.progress <= 100:
        raise ValidationError(N_("{field}: progress is a percentage from 0 to 100"), field="progress")
    if t.start and t.end and t.end < t.start:
        raise ValidationError(N_("{field}: the end comes before the start"), field="end")
    if t.actual_start and t.actual_end and t.actual_end < t.actual_start:
        raise ValidationError(N_("{field}: the end comes before the start"), field="actual_end")
    for d in (t.start, t.end):
        if d is not None and not MIN_FY <= d.year <= MAX_FY + 1:
            raise ValidationError(N_("{field}: the date {value} is outside the years the plan can hold"),
                                  field="start", value=d.isoformat())
    tasks = view.tasks()
    if t.parent_id is not None:
        parent = tasks.get(t.parent_id)
        if parent is None:
            raise ValidationError(N_("{field}: the parent task does not exist"), field="parent_id")
        if parent.area_id != t.area_id:
            raise ValidationError(N_("{field}: a subtask must be in its parent's part"), field="parent_id")
        seen = {t.id}
        p: Task | None = parent
        while p is not None:
            if p.id in seen:
                raise ValidationError(N_("{field}: a task cannot be inside itself"), field="parent_id")
            seen.add(p.id)
            p = tasks.get(p.parent_id) if p.parent_id else None
    if t.depends_on:
        if len(set(t.depends_on)) != len(t.depends_on):
            raise ValidationError(N_("{field}: the same link is listed twice"), field="depends_on")
        for dep in t.depends_on:
            if dep == t.id:
                raise ValidationError(N_("{field}: a task cannot depend on itself"), field="depends_on")
            if dep not in tasks:
                raise ValidationError(N_("{field}: the linked task does not exist"), field="depends_on")
        if _reaches(tasks, t.depends_on, t.id):
            raise ValidationError(
                N_("{field}: this link would make a cycle (a task would wait for itself)"), field="depends_on"
            )


def _reaches(tasks: dict[str, Task], starts: list[str], target: str) -> bool:
    """Whether following predecessors from ``starts`` reaches ``target``."""
    stack = list(starts)
    seen: set[str] = set()
    while stack:
        x = stack.pop()
        if x == target:
            return True
        if x in seen:
            continue
        seen.add(x)
        t = tasks.get(x)
        if t is not None:
            stack.extend(t.depends_on)
    return False
