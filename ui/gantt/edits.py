"""The ops a gesture on the chart commits (one op = one undo step). Pure functions of the plan."""

from __future__ import annotations

import datetime

from dxplanner import fiscal, ops
from dxplanner.i18n import N_
from dxplanner.model import Plan, Task
from ui.gantt.scale import aligned_precision


def move_op(plan: Plan, ids: list[str], months: int = 0, days: int = 0) -> ops.Batch | None:
    """Shift tasks in time by whole months and/or days (a parent is moved with its subtasks: the
    caller passes the whole subtree, which the view knows without scanning 10,000 tasks)."""
    if not ids or (months == 0 and days == 0):
        return None
    op = ops.move_tasks(plan, [i for i in ids if i in plan.tasks], months=months, days=days)
    if not op.ops:
        return None
    op.label = N_("Move task")
    return op


def previewed_dates(op: ops.Batch) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The dates a move op would set, by task id (for drawing the drag before it is committed)."""
    out: dict[str, tuple[datetime.date, datetime.date]] = {}
    for part in op.ops:
        if isinstance(part, ops.UpdateEntity):
            s, e = part.values.get("start"), part.values.get("end")
            lo, hi = s or e, e or s
            if isinstance(lo, datetime.date) and isinstance(hi, datetime.date):
                out[part.id] = (lo, hi)
    return out


def coarsest(t: Task, snap: str) -> str:
    return max(t.precision, snap if snap in fiscal.PRECISIONS else "day", key=fiscal.PRECISIONS.index)


def resize_op(t: Task, start: datetime.date | None, end: datetime.date | None, snap: str) -> ops.UpdateEntity | None:
    """New start and/or end for a task; the core refuses an end before the start (with a message)."""
    values: dict[str, object] = {}
    if start is not None and start != t.start:
        values["start"] = start
    if end is not None and end != t.end:
        values["end"] = end
    if not values:
        return None
    s = start if start is not None else t.start
    e = end if end is not None else t.end
    if s is not None and e is not None and s <= e:
        precision = aligned_precision(s, e, coarsest(t, snap))
        if precision != t.precision:
            values["precision"] = precision
    return ops.UpdateEntity("tasks", t.id, values, label=N_("Resize task"))


def step_end(t: Task, unit: str, steps: int) -> datetime.date | None:
    """The end moved by whole months or quarters (keyboard resize), kept at the unit's end."""
    if t.end is None:
        return None
    months = steps * (3 if unit == "quarter" else 1)
    moved = fiscal.add_months(t.end, months)
    if unit == "quarter":
        return fiscal.snap_to_quarter(moved, end=True)
    return fiscal.snap_to_month(moved, end=True)


def link_op(plan: Plan, pred_id: str, succ_id: str) -> ops.UpdateEntity | None:
    """``succ`` starts after ``pred`` finishes. None when the link is already there."""
    succ = plan.tasks.get(succ_id)
    if succ is None or pred_id in succ.depends_on:
        return None
    return ops.UpdateEntity("tasks", succ_id, {"depends_on": [*succ.depends_on, pred_id]}, label=N_("Link tasks"))


def unlink_op(plan: Plan, succ_id: str, pred_ids: list[str] | None = None) -> ops.UpdateEntity | None:
    """Remove links into ``succ`` (those from ``pred_ids``, or all). None when there is none."""
    succ = plan.tasks.get(succ_id)
    if succ is None or not succ.depends_on:
        return None
    keep = [d for d in succ.depends_on if pred_ids is not None and d not in pred_ids]
    if keep == succ.depends_on:
        return None
    return ops.UpdateEntity("tasks", succ_id, {"depends_on": keep}, label=N_("Remove links"))


def set_links_op(plan: Plan, succ_id: str, pred_ids: list[str]) -> ops.UpdateEntity | None:
    succ = plan.tasks.get(succ_id)
    if succ is None or succ.depends_on == pred_ids:
        return None
    return ops.UpdateEntity("tasks", succ_id, {"depends_on": list(pred_ids)}, label=N_("Change links"))
