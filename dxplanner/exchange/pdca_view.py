"""What the Excel and PDF outputs show of the PDCA history: the plan against a snapshot, and the reviews.

Both exports print the same content (issue #7): a 「計画と実績」 part comparing a snapshot (by
default the newest) with the plan now, and one 「年度末の振り返り」 part per reviewed 年度. This
module turns :mod:`dxplanner.history` into rows (plain values, no formatting, no openpyxl or
reportlab), so the two writers cannot drift apart on what is listed:

* the task changes grouped by part of the plan, in the plan's tree order (removed tasks, which the
  plan no longer has, close their part in the snapshot's order), with the snapshot's and today's
  dates, the shift in months, status and progress before and after, and the days late now;
* the KPI changes, one row per 年度 whose target or actual changed;
* the tasks late now that the comparison does not list (nothing about them changed since the
  snapshot, which is exactly why a council member wants to see them);
* per review, one row per item with the town's wording of its grade.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from dxplanner.history import Comparison, compare_states, days_late, find_snapshot, snapshots_in_order
from dxplanner.i18n import N_, translate
from dxplanner.model import DEFAULT_GRADE_LABELS, REVIEW_GRADES, Plan, Review, Snapshot, Task

#: English wording of the default grades (the stored default is Japanese; an English report prints these)
GRADE_LABELS_EN = {
    "A": N_("Ahead of target"),
    "B": N_("On target"),
    "C": N_("Behind target"),
    "D": N_("Cannot be assessed"),
}
UNGRADED = ""


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@dataclass
class ChangeRow:
    """One task of the comparison (added, removed or changed since the snapshot)."""

    task_id: str
    kind: str  # added | removed | changed
    title: str
    department: str
    old_start: datetime.date | None = None
    old_end: datetime.date | None = None
    new_start: datetime.date | None = None
    new_end: datetime.date | None = None
    shift_start: int | None = None  # months, + later
    shift_end: int | None = None
    old_status: str | None = None
    new_status: str | None = None
    old_progress: int | None = None
    new_progress: int | None = None
    renamed_from: str | None = None
    department_from: str | None = None
    days_late: int | None = None  # now, for a task the plan still has

    @property
    def moved(self) -> bool:
        return self.kind == "changed" and (self.old_start != self.new_start or self.old_end != self.new_end)

    @property
    def status_changed(self) -> bool:
        return self.kind == "changed" and self.old_status != self.new_status

    @property
    def progress_changed(self) -> bool:
        return self.kind == "changed" and self.old_progress != self.new_progress


@dataclass
class ChangeGroup:
    area_id: str
    area_name: str
    rows: list[ChangeRow] = field(default_factory=list)


@dataclass
class KpiRow:
    kpi_id: str
    name: str
    unit: str
    kind: str  # added | removed | changed
    fy: int | None = None
    old_target: float | None = None
    new_target: float | None = None
    old_actual: float | None = None
    new_actual: float | None = None
    target_changed: bool = False
    actual_changed: bool = False


@dataclass
class CompareView:
    snapshot: Snapshot
    today: datetime.date
    comparison: Comparison
    groups: list[ChangeGroup]
    kpis: list[KpiRow]
    late_unchanged: list[tuple[Task, int]]  # late now, not in the comparison

    def counts(self) -> dict[str, int]:
        return self.comparison.counts()

    @property
    def rows(self) -> list[ChangeRow]:
        return [r for g in self.groups for r in g.rows]


def pick_snapshot(plan: Plan, key: str | None) -> Snapshot | None:
    """The snapshot named/identified by ``key``, or the newest; None when the plan has none.

    An unknown ``key`` raises :class:`ValidationError` (“there is no snapshot named …”).
    """
    if key:
        return find_snapshot(plan, key)
    ordered = snapshots_in_order(plan)
    return ordered[-1] if ordered else None


def compare_view(plan: Plan, key: str | None, today: datetime.date) -> CompareView | None:
    """The 計画と実績 content: the snapshot ``key`` (default the newest) against the plan now."""
    snap = pick_snapshot(plan, key)
    if snap is None:
        return None
    comp = compare_states(plan, snap.id, None)
    old_tasks = {t["id"]: t for t in snap.data.get("tasks", [])}
    old_areas = {a["id"]: a for a in snap.data.get("areas", [])}
    changes = {c.id: c for c in comp.tasks}

    def row(task_id: str) -> ChangeRow:
        c = changes[task_id]
        o = old_tasks.get(task_id)
        n = plan.tasks.get(task_id)
        r = ChangeRow(task_id, c.kind, c.title,
                      department=(n.department if n is not None else (o or {}).get("department", "")) or "")
        if o is not None:
            r.old_start, r.old_end = _date(o.get("start")), _date(o.get("end"))
            r.old_status, r.old_progress = o.get("status"), o.get("progress")
        if n is not None:
            r.new_start, r.new_end = n.start, n.end
            r.new_status, r.new_progress = n.status, n.progress
            r.days_late = days_late(plan, n, today)
        r.shift_start, r.shift_end = c.moved_start_months, c.moved_end_months
        r.renamed_from, r.department_from = c.renamed_from, c.department_from
        return r

    groups: dict[str, ChangeGroup] = {}
    for area in sorted(plan.areas.values(), key=lambda a: (a.order, a.id)):
        groups[area.id] = ChangeGroup(area.id, area.name)
    for _, t in plan.ordered_tasks():
        if t.id in changes:
            groups.setdefault(t.area_id, ChangeGroup(t.area_id, t.area_id)).rows.append(row(t.id))
    old_order = sorted(old_tasks.values(), key=lambda t: (t.get("area_id", ""), t.get("order", 0), t["id"]))
    for o in old_order:
        c = changes.get(o["id"])
        if c is None or c.kind != "removed":
            continue
        aid = o.get("area_id", "")
        if aid not in groups:
            groups[aid] = ChangeGroup(aid, (old_areas.get(aid) or {}).get("name", aid))
        groups[aid].rows.append(row(o["id"]))
    kpis: list[KpiRow] = []
    old_kpis = {k["id"]: k for k in snap.data.get("kpis", [])}
    for kc in comp.kpis:
        now_k = plan.kpis.get(kc.id)
        unit = now_k.unit if now_k is not None else (old_kpis.get(kc.id) or {}).get("unit", "")
        if kc.kind != "changed":
            kpis.append(KpiRow(kc.id, kc.name, unit or "", kc.kind))
            continue
        for fy in sorted(set(kc.targets_changed) | set(kc.actuals_changed)):
            kr = KpiRow(kc.id, kc.name, unit or "", kc.kind, fy)
            ok = old_kpis.get(kc.id) or {}
            if now_k is not None:
                kr.new_target, kr.new_actual = now_k.targets.get(fy), now_k.actuals.get(fy)
            kr.old_target = _number(ok.get("targets", {}), fy)
            kr.old_actual = _number(ok.get("actuals", {}), fy)
            kr.target_changed = fy in kc.targets_changed
            kr.actual_changed = fy in kc.actuals_changed
            kpis.append(kr)
    late = []
    for _, t in plan.ordered_tasks():
        d = days_late(plan, t, today)
        if d is not None and t.id not in changes:
            late.append((t, d))
    return CompareView(snap, today, comp, [g for g in groups.values() if g.rows], kpis, late)


def _number(values: dict[Any, Any], fy: int) -> float | None:
    """A value per 年度 from a plan dict (JSON keys are strings)."""
    v = values.get(str(fy), values.get(fy))
    return float(v) if isinstance(v, int | float) else None


# --- the yearly review ---------------------------------------------------------------------------


@dataclass
class ReviewRow:
    kind: str  # task | kpi
    target_id: str
    area_name: str
    name: str
    department: str
    missing: bool  # the task/KPI was deleted since the review
    start: datetime.date | None = None
    end: datetime.date | None = None
    target: float | None = None
    kpi_actual: float | None = None
    unit: str = ""
    actual: str = ""
    grade: str = UNGRADED
    comment: str = ""
    next_step: str = ""


@dataclass
class ReviewView:
    review: Review
    rows: list[ReviewRow]

    @property
    def fy(self) -> int:
        return self.review.fy

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((*REVIEW_GRADES, UNGRADED), 0)
        for r in self.rows:
            out[r.grade if r.grade in REVIEW_GRADES else UNGRADED] += 1
        return out


def grade_wording(review: Review, grade: str, lang: str) -> str:
    """The town's wording of ``grade``; the defaults print in English in an English report."""
    text = review.grade_labels.get(grade) or DEFAULT_GRADE_LABELS.get(grade, "")
    if lang == "en" and text == DEFAULT_GRADE_LABELS.get(grade) and grade in GRADE_LABELS_EN:
        return translate(GRADE_LABELS_EN[grade], "en")
    return text


def _former_names(plan: Plan) -> dict[str, str]:
    """Titles/names of tasks and KPIs as the snapshots hold them (newest wins): a review may name
    something deleted since, and a council member should read its name, not an id."""
    names: dict[str, str] = {}
    for snap in snapshots_in_order(plan):
        for t in snap.data.get("tasks", []):
            names[t["id"]] = t.get("title", "")
        for k in snap.data.get("kpis", []):
            names[k["id"]] = k.get("name", "")
    return names


def review_views(plan: Plan) -> list[ReviewView]:
    """Every review of the plan, oldest 年度 first, its items in the order the review holds them."""
    out = []
    areas = plan.areas
    former: dict[str, str] | None = None
    for review in sorted(plan.reviews.values(), key=lambda r: (r.fy, r.id)):
        rows = []
        if former is None and any(
                (i.target_kind == "kpi" and i.target_id not in plan.kpis)
                or (i.target_kind != "kpi" and i.target_id not in plan.tasks) for i in review.items):
            former = _former_names(plan)
        gone = former or {}
        for item in review.items:
            if item.target_kind == "kpi":
                k = plan.kpis.get(item.target_id)
                area = areas.get(k.area_id) if k is not None and k.area_id else None
                rows.append(ReviewRow(
                    "kpi", item.target_id, area.name if area else "",
                    k.name if k else gone.get(item.target_id) or item.target_id, "",
                    missing=k is None, target=k.targets.get(review.fy) if k else None,
                    kpi_actual=k.actuals.get(review.fy) if k else None, unit=k.unit if k else "",
                    actual=item.actual, grade=item.grade, comment=item.comment, next_step=item.next_step))
            else:
                t = plan.tasks.get(item.target_id)
                area = areas.get(t.area_id) if t is not None else None
                rows.append(ReviewRow(
                    "task", item.target_id, area.name if area else "",
                    t.title if t else gone.get(item.target_id) or item.target_id,
                    t.department if t else "", missing=t is None, start=t.start if t else None,
                    end=t.end if t else None, actual=item.actual, grade=item.grade, comment=item.comment,
                    next_step=item.next_step))
        out.append(ReviewView(review, rows))
    return out


def number_text(v: float | None, unit: str = "") -> str:
    """85 / 12.5 / 1,200 with the unit (a 千円 or % unit follows the number)."""
    if v is None:
        return ""
    text = f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    return text + unit


def shift_text(months: int | None) -> str:
    """+3 / −2 (a real minus sign), "" for no shift."""
    if not months:
        return ""
    return f"+{months}" if months > 0 else f"−{-months}"
