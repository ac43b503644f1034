"""Progress over the years (PDCA): snapshots, comparison, slippage and the yearly review.

A snapshot freezes the plan (its JSON form, without snapshots and reviews) under a name and a
time: 「当初計画」, 「令和7年6月議会報告」. :func:`compare` tells what changed between two states —
a snapshot or the plan as it is now — task by task and KPI by KPI, in one pass over dicts keyed
by id, so comparing two 10,000-task states takes a few tens of milliseconds.

A task is 遅延 (late) when its planned end has passed and it is neither 完了 nor 中止, and the end
lies within the plan period or after it; the same rule (:func:`dxplanner.model.is_late`) is used by
the health check, the Gantt view and both exports (:func:`days_late`).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from dxplanner.errors import ValidationError
from dxplanner.exchange.json_format import plan_to_dict
from dxplanner.i18n import N_
from dxplanner.model import Kpi, Plan, Review, ReviewItem, Snapshot, Task, days_late_in
from dxplanner.ops import DeleteEntities, PutEntities, UpdateEntity, new_id

NOW = "now"


# --- slippage ------------------------------------------------------------------------------------


def days_late(plan: Plan, task: Task, today: datetime.date) -> int | None:
    """Days past the planned end for a task of ``plan`` that is 遅延 (None when it is not late)."""
    return days_late_in(plan, task, today)


def late_tasks(plan: Plan, today: datetime.date) -> list[tuple[Task, int]]:
    out = []
    for _, t in plan.ordered_tasks():
        d = days_late(plan, t, today)
        if d is not None:
            out.append((t, d))
    return out


# --- snapshots -----------------------------------------------------------------------------------


def take_snapshot(plan: Plan, name: str, *, now: datetime.datetime | None = None, note: str = "") -> PutEntities:
    """An op that freezes the plan as it is now under ``name`` (names must be unique)."""
    name = name.strip()
    if not name:
        raise ValidationError(N_("{field}: a value is required"), field="name")
    if any(s.name == name for s in plan.snapshots.values()):
        raise ValidationError(N_("a snapshot named “{name}” already exists"), name=name)
    taken = (now or datetime.datetime.now()).replace(microsecond=0)
    snap = Snapshot(id=new_id(), name=name, taken_at=taken, data=plan_to_dict(plan, include_history=False),
                    note=note)
    return PutEntities("snapshots", [snap], N_("Take snapshot"))


def rename_snapshot(plan: Plan, snapshot_id: str, name: str) -> UpdateEntity:
    name = name.strip()
    if not name:
        raise ValidationError(N_("{field}: a value is required"), field="name")
    if any(s.name == name and s.id != snapshot_id for s in plan.snapshots.values()):
        raise ValidationError(N_("a snapshot named “{name}” already exists"), name=name)
    return UpdateEntity("snapshots", snapshot_id, {"name": name}, N_("Rename snapshot"))


def delete_snapshot(snapshot_id: str) -> DeleteEntities:
    return DeleteEntities("snapshots", [snapshot_id], N_("Delete snapshot"))


def snapshots_in_order(plan: Plan) -> list[Snapshot]:
    return sorted(plan.snapshots.values(), key=lambda s: (s.taken_at, s.id))


def find_snapshot(plan: Plan, key: str) -> Snapshot:
    """A snapshot by id or by name."""
    if key in plan.snapshots:
        return plan.snapshots[key]
    for s in plan.snapshots.values():
        if s.name == key:
            return s
    raise ValidationError(N_("there is no snapshot named “{name}”"), name=key)


def state_of(plan: Plan, key: str | None) -> tuple[str, dict[str, Any]]:
    """(label, plan dict) for a snapshot name/id, or for the plan now when ``key`` is None/"now"."""
    if key is None or key == NOW:
        return NOW, plan_to_dict(plan, include_history=False)
    snap = find_snapshot(plan, key)
    return snap.name, snap.data


# --- comparison ----------------------------------------------------------------------------------


@dataclasses.dataclass
class TaskChange:
    id: str
    title: str
    area_id: str
    kind: str  # added | removed | changed
    moved_start_months: int | None = None  # + later, - earlier
    moved_end_months: int | None = None
    old_start: str | None = None
    new_start: str | None = None
    old_end: str | None = None
    new_end: str | None = None
    old_status: str | None = None
    new_status: str | None = None
    old_progress: int | None = None
    new_progress: int | None = None
    renamed_from: str | None = None
    department_from: str | None = None
    department_to: str | None = None

    @property
    def moved(self) -> bool:
        return bool(self.moved_start_months or self.moved_end_months or (
            self.kind == "changed" and (self.old_start != self.new_start or self.old_end != self.new_end)))

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclasses.dataclass
class KpiChange:
    id: str
    name: str
    kind: str  # added | removed | changed
    targets_changed: dict[int, tuple[float | None, float | None]] = dataclasses.field(default_factory=dict)
    actuals_changed: dict[int, tuple[float | None, float | None]] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "kind": self.kind,
            "targets_changed": {str(k): list(v) for k, v in sorted(self.targets_changed.items())},
            "actuals_changed": {str(k): list(v) for k, v in sorted(self.actuals_changed.items())},
        }


@dataclasses.dataclass
class Comparison:
    from_label: str
    to_label: str
    tasks: list[TaskChange]
    kpis: list[KpiChange]

    def of_kind(self, kind: str) -> list[TaskChange]:
        return [c for c in self.tasks if c.kind == kind]

    @property
    def moved(self) -> list[TaskChange]:
        return [c for c in self.tasks if c.kind == "changed" and (c.old_start != c.new_start or c.old_end != c.new_end)]

    @property
    def status_changed(self) -> list[TaskChange]:
        return [c for c in self.tasks if c.kind == "changed" and c.old_status != c.new_status]

    @property
    def progress_changed(self) -> list[TaskChange]:
        return [c for c in self.tasks if c.kind == "changed" and c.old_progress != c.new_progress]

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.of_kind("added")),
            "removed": len(self.of_kind("removed")),
            "moved": len(self.moved),
            "status_changed": len(self.status_changed),
            "progress_changed": len(self.progress_changed),
            "kpis_changed": len(self.kpis),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_label,
            "to": self.to_label,
            "counts": self.counts(),
            "tasks": [c.to_dict() for c in self.tasks],
            "kpis": [k.to_dict() for k in self.kpis],
        }


def _months(a: str | None, b: str | None) -> int | None:
    """Whole months from date a to date b (ISO strings); None when either is missing or equal."""
    if a is None or b is None or a == b:
        return None
    return (int(b[:4]) - int(a[:4])) * 12 + (int(b[5:7]) - int(a[5:7]))


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {x["id"]: x for x in items}


def compare(old: dict[str, Any], new: dict[str, Any], from_label: str = "", to_label: str = "") -> Comparison:
    """What changed from ``old`` to ``new`` (plan dicts of the JSON format)."""
    old_t = _by_id(old.get("tasks", []))
    new_t = _by_id(new.get("tasks", []))
    changes: list[TaskChange] = []
    for tid, n in new_t.items():
        o = old_t.get(tid)
        if o is None:
            changes.append(TaskChange(tid, n["title"], n["area_id"], "added", new_start=n["start"], new_end=n["end"],
                                      new_status=n["status"], new_progress=n["progress"]))
            continue
        if (o["start"] == n["start"] and o["end"] == n["end"] and o["status"] == n["status"]
                and o["progress"] == n["progress"] and o["title"] == n["title"]
                and o["department"] == n["department"]):
            continue
        c = TaskChange(tid, n["title"], n["area_id"], "changed")
        if o["start"] != n["start"] or o["end"] != n["end"]:
            c.old_start, c.new_start, c.old_end, c.new_end = o["start"], n["start"], o["end"], n["end"]
            c.moved_start_months = _months(o["start"], n["start"])
            c.moved_end_months = _months(o["end"], n["end"])
        if o["status"] != n["status"]:
            c.old_status, c.new_status = o["status"], n["status"]
        if o["progress"] != n["progress"]:
            c.old_progress, c.new_progress = o["progress"], n["progress"]
        if o["title"] != n["title"]:
            c.renamed_from = o["title"]
        if o["department"] != n["department"]:
            c.department_from, c.department_to = o["department"], n["department"]
        changes.append(c)
    for tid, o in old_t.items():
        if tid not in new_t:
            changes.append(TaskChange(tid, o["title"], o["area_id"], "removed", old_start=o["start"], old_end=o["end"],
                                      old_status=o["status"], old_progress=o["progress"]))
    old_k = _by_id(old.get("kpis", []))
    new_k = _by_id(new.get("kpis", []))
    kpis: list[KpiChange] = []
    for kid, n in new_k.items():
        o = old_k.get(kid)
        if o is None:
            kpis.append(KpiChange(kid, n["name"], "added"))
            continue
        kc = KpiChange(kid, n["name"], "changed")
        for field, target in (("targets", kc.targets_changed), ("actuals", kc.actuals_changed)):
            ov, nv = o.get(field, {}), n.get(field, {})
            for fy in set(ov) | set(nv):
                if ov.get(fy) != nv.get(fy):
                    target[int(fy)] = (ov.get(fy), nv.get(fy))
        if kc.targets_changed or kc.actuals_changed:
            kpis.append(kc)
    for kid, o in old_k.items():
        if kid not in new_k:
            kpis.append(KpiChange(kid, o["name"], "removed"))
    return Comparison(from_label, to_label, changes, kpis)


def compare_states(plan: Plan, from_key: str | None, to_key: str | None) -> Comparison:
    """Compare two states of ``plan``: snapshot names/ids, or None/"now" for the plan as it is."""
    fl, fd = state_of(plan, from_key)
    tl, td = state_of(plan, to_key)
    return compare(fd, td, fl, tl)


# --- the yearly review ---------------------------------------------------------------------------


def _active_in(task: Task, fy: int) -> bool:
    from dxplanner.fiscal import fy_end, fy_start

    if task.start is None or task.end is None:
        return False
    return task.start <= fy_end(fy) and task.end >= fy_start(fy)


def _carried_over(plan: Plan, task: Task, fy: int) -> bool:
    """Planned to end before 年度 ``fy`` but not finished (nor stopped): it is reviewed again.

    A yearly review that only looked at the year's own tasks would let a late task from an earlier
    year drop out of sight — exactly the one the 推進本部 has to hear about. A task that ended
    before the plan period is not carried (it is not 遅延 of this plan: model.is_late).
    """
    from dxplanner.fiscal import fy_start

    return days_late(plan, task, fy_start(fy)) is not None and task.progress < 100


def _has_year(kpi: Kpi, fy: int) -> bool:
    return fy in kpi.targets or fy in kpi.actuals


def review_items(plan: Plan, fy: int) -> list[ReviewItem]:
    """What the review of 年度 ``fy`` looks at, in plan order.

    The tasks active in that year (top-level and their subtasks), the tasks carried over from
    earlier years (planned to end before it, still neither 完了 nor 中止), and the KPIs with a target
    or an actual for it.
    """
    items = [ReviewItem("task", t.id) for _, t in plan.ordered_tasks()
             if _active_in(t, fy) or _carried_over(plan, t, fy)]
    items += [ReviewItem("kpi", k.id) for k in sorted(plan.kpis.values(), key=lambda k: (k.order, k.id))
              if _has_year(k, fy)]
    return items


def review_for(plan: Plan, fy: int) -> Review | None:
    for r in plan.reviews.values():
        if r.fy == fy:
            return r
    return None


def start_review(plan: Plan, fy: int) -> PutEntities:
    """An op creating the review of 年度 ``fy`` (or completing an existing one with new items)."""
    existing = review_for(plan, fy)
    items = review_items(plan, fy)
    if existing is None:
        return PutEntities("reviews", [Review(id=new_id(), fy=fy, items=items)], N_("Start the yearly review"))
    have = {(i.target_kind, i.target_id) for i in existing.items}
    merged = [*existing.items, *(i for i in items if (i.target_kind, i.target_id) not in have)]
    updated = dataclasses.replace(existing, items=merged)
    return PutEntities("reviews", [updated], N_("Start the yearly review"))


def grade_counts(review: Review) -> dict[str, int]:
    counts = dict.fromkeys(("A", "B", "C", "D"), 0)
    counts[""] = 0
    for item in review.items:
        counts[item.grade if item.grade in counts else ""] += 1
    return counts
