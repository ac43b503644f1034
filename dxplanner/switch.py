"""Moving a plan onto another edition of the national catalog (``dxplanner switch-edition`` and
the window's 「国の計画の版を切り替える」), as one edit operation, so one undo step.

Everything the town made is kept: tasks, KPIs, budget lines, roles, bodies and tracker entries
are not deleted or rewritten. Each part that came from the old edition is mapped onto the new
edition's area with the same id or one that declares it in ``maps_from`` (第1.0版's
「行政手続のオンライン化」 becomes 第2.3版 and later's 「自治体フロントヤード改革の推進」); a part with
no counterpart stays in the plan as the town's own part (unmapped). The new edition's other areas
are added; their starter tasks only when asked (``starter_tasks``), so the user ticks them in.
標準化 業務 and オンライン化 手続 the new edition adds are appended; a 手続 still spelled as the
old edition had it takes its official name; a 手続 abolished before the plan starts and still
untouched (未対応) becomes 対象外.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from dxplanner.catalog import Edition, edition_hash, load_edition
from dxplanner.fiscal import fy_start
from dxplanner.i18n import N_
from dxplanner.model import Area, Kpi, OnlineProcedure, Plan, StandardSystem, Task
from dxplanner.ops import Batch, Op, PutEntities, SetPlanFields, UpdateEntity, new_id
from dxplanner.template import tasks_for, window

LABEL = N_("Switch the national edition")
KEPT_LABELS = {
    "tasks": N_("tasks"), "kpis": N_("KPIs"), "budget": N_("budget lines"), "roles": N_("roles"),
    "bodies": N_("bodies"), "systems": N_("標準化 systems"), "procedures": N_("procedures"),
}


@dataclass
class SwitchReport:
    """What a switch did, for the person to read (and ``--json``)."""

    from_edition: str
    to_edition: str
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (old part name, new area name)
    added: list[str] = field(default_factory=list)  # new parts
    unmapped: list[str] = field(default_factory=list)  # parts kept as the town's own
    starter_tasks: list[str] = field(default_factory=list)  # starter tasks of the added parts
    starter_tasks_added: bool = False
    systems_added: list[str] = field(default_factory=list)
    procedures_added: list[str] = field(default_factory=list)
    procedures_renamed: list[tuple[str, str]] = field(default_factory=list)
    procedures_not_required: list[str] = field(default_factory=list)
    kept: dict[str, int] = field(default_factory=dict)  # kind -> count, all unchanged in number

    def to_dict(self) -> dict[str, Any]:
        return {
            "from_edition": self.from_edition, "to_edition": self.to_edition,
            "mapped": [{"from": a, "to": b} for a, b in self.mapped], "added": self.added,
            "unmapped": self.unmapped, "starter_tasks": self.starter_tasks,
            "starter_tasks_added": self.starter_tasks_added, "systems_added": self.systems_added,
            "procedures_added": self.procedures_added,
            "procedures_renamed": [{"from": a, "to": b} for a, b in self.procedures_renamed],
            "procedures_not_required": self.procedures_not_required, "kept": self.kept,
        }


def _flat_titles(ed: Edition, area_id: str) -> list[str]:
    out: list[str] = []
    stack = list(reversed(ed.area(area_id).starter_tasks))
    while stack:
        t = stack.pop()
        out.append(t.title)
        stack.extend(reversed(t.children))
    return out


def switch_edition(
    plan: Plan, edition_id: str, *, today: datetime.date | None = None, starter_tasks: bool = False
) -> tuple[Op, SwitchReport]:
    """The op that moves ``plan`` onto edition ``edition_id``, and the report of what it will do.

    Raises :class:`~dxplanner.catalog.CatalogError` for an unknown edition and ``ValueError``
    when the plan already follows it."""
    new = load_edition(edition_id)
    if new.id == plan.edition:
        raise ValueError(f"the plan already follows edition {new.id}")
    day = today or datetime.date.today()
    report = SwitchReport(plan.edition, new.id)
    report.kept = {k: len(plan.collection(k)) for k in KEPT_LABELS}
    ops: list[Op] = []
    claimed: set[str] = set()
    for area in sorted(plan.areas.values(), key=lambda a: (a.order, a.id)):
        if area.catalog_id is None:
            continue
        target = new.area_for(area.catalog_id)
        if target is not None and target.id not in claimed:
            claimed.add(target.id)
            ops.append(UpdateEntity("areas", area.id, {"kind": target.kind, "name": target.name,
                                                       "catalog_id": target.id, "deadline": target.deadline}))
            report.mapped.append((area.name, target.name))
        else:
            ops.append(UpdateEntity("areas", area.id, {"kind": "custom", "catalog_id": None, "deadline": None}))
            report.unmapped.append(area.name)

    order = max((a.order for a in plan.areas.values()), default=-1) + 1
    new_areas: list[Area] = []
    new_tasks: list[Task] = []
    new_kpis: list[Kpi] = []
    for ca in new.areas:
        if ca.id in claimed:
            continue
        aid = ca.id if ca.id not in plan.areas else new_id()
        new_areas.append(Area(id=aid, kind=ca.kind, name=ca.name, catalog_id=ca.id, deadline=ca.deadline,
                              order=order))
        order += 1
        report.added.append(ca.name)
        report.starter_tasks += [f"{ca.name}: {t}" for t in _flat_titles(new, ca.id)]
        if starter_tasks:
            ws, we = window(ca, plan.from_fy, plan.to_fy, day)
            tasks_for(aid, ca.starter_tasks, ws, we, None, new_tasks)
            for ck in ca.kpis:
                new_kpis.append(Kpi(id=new_id(), area_id=aid, name=ck.name, unit=ck.unit or "", catalog_id=ck.id,
                                    order=len(plan.kpis) + len(new_kpis)))
    report.starter_tasks_added = starter_tasks
    if new_areas:
        ops.append(PutEntities("areas", new_areas))
    if new_tasks:
        ops.append(PutEntities("tasks", new_tasks))
    if new_kpis:
        ops.append(PutEntities("kpis", new_kpis))

    systems: list[StandardSystem] = []
    next_order = max((s.order for s in plan.systems.values()), default=-1) + 1
    is_pref = plan.municipality.kind == "都道府県"
    for sb in new.standard_businesses_with_additions():
        if sb.id in plan.systems or (is_pref and not sb.prefecture_too):
            continue
        systems.append(StandardSystem(id=sb.id, name=sb.name, order=next_order + len(systems)))
        report.systems_added.append(sb.name)
    if systems:
        ops.append(PutEntities("systems", systems))

    procs: list[OnlineProcedure] = []
    next_order = max((p.order for p in plan.procedures.values()), default=-1) + 1
    plan_start = fy_start(plan.from_fy)
    for proc in new.online_procedures:
        have = plan.procedures.get(proc.id)
        abolished = proc.not_required_from is not None and proc.not_required_from <= plan_start
        if have is None:
            applicable = (proc.level == "都道府県") == is_pref
            procs.append(OnlineProcedure(id=proc.id, name=proc.name, group=proc.group, level=proc.level,
                                         status="未対応" if applicable and not abolished else "対象外",
                                         order=next_order + len(procs)))
            report.procedures_added.append(proc.name)
            continue
        values: dict[str, Any] = {}
        if have.name != proc.name and have.name in proc.aliases:
            values["name"] = proc.name
            report.procedures_renamed.append((have.name, proc.name))
        if abolished and have.status == "未対応":
            values["status"] = "対象外"
            report.procedures_not_required.append(proc.name)
        if values:
            ops.append(UpdateEntity("procedures", proc.id, values))
    if procs:
        ops.append(PutEntities("procedures", procs))

    ops.append(SetPlanFields({"edition": new.id, "edition_hash": edition_hash(new.id)}))
    return Batch(ops, LABEL), report


def report_lines(report: SwitchReport, starter_hint: str = "") -> list[str]:
    """The report as lines for people (the command line and the window show the same);
    ``starter_hint`` says how to add the starter tasks that were left out."""
    from dxplanner.i18n import _, list_separator, translate

    sep = list_separator()
    lines = [_("Kept: {counts}").format(
        counts=sep.join(f"{translate(KEPT_LABELS[k])} {v}" for k, v in report.kept.items()))]
    lines += [_("mapped: {old} → {new}").format(old=old, new=new) for old, new in report.mapped]
    lines += [_("added: {name}").format(name=name) for name in report.added]
    lines += [_("unmapped (kept as the town's own part): {name}").format(name=name) for name in report.unmapped]
    if report.starter_tasks and not report.starter_tasks_added:
        lines.append(_("{n} starter tasks of the added parts are not added").format(n=len(report.starter_tasks))
                     + (f" ({starter_hint})" if starter_hint else ""))
    elif report.starter_tasks:
        lines.append(_("{n} starter tasks of the added parts are added").format(n=len(report.starter_tasks)))
    lines += [_("procedure renamed: {old} → {new}").format(old=old, new=new) for old, new in report.procedures_renamed]
    lines += [_("procedure no longer required, set to 対象外: {name}").format(name=name)
              for name in report.procedures_not_required]
    if report.systems_added:
        lines.append(_("標準化 業務 added: {names}").format(names=sep.join(report.systems_added)))
    if report.procedures_added:
        lines.append(_("procedures added: {n}").format(n=len(report.procedures_added)))
    return lines
