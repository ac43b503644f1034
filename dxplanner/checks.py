"""Plan health checks: what a careful reviewer at the prefecture would point out.

Each rule yields :class:`Finding` objects with a severity, where the problem is (kind, id,
field) so the UI can jump there, and a message in Japanese and English (gettext msgid with
named parameters). ``check(plan)`` runs every rule; the order of findings is stable.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterator
from typing import Any

from dxplanner import figures
from dxplanner.fiscal import date_label, fiscal_year, fy_end, fy_start
from dxplanner.i18n import N_, current_language, translate
from dxplanner.model import DONE_STATUSES, Plan, Task, days_late_in, ended_before_plan
from dxplanner.standardization import CONTRACT_WARNING_DAYS, ordered_systems

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
KEY_ROLES = ("首長", "CIO", "CIO補佐官", "CISO")


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    kind: str  # the collection (tasks, roles, …) or "plan"
    id: str
    field: str
    msgid: str
    params: tuple[tuple[str, Any], ...] = ()

    def message(self, lang: str | None = None, style: str = "wareki") -> str:
        """The finding in ``lang``; dates are kept as dates and written in that language (令和8年3月1日,
        1 Mar 2026) and, in Japanese, in ``style`` (wareki or western)."""
        lang = lang or current_language()
        params = {k: _date_text(v, lang, style) if isinstance(v, datetime.date) else _number_text(v)
                  for k, v in self.params}
        return translate(self.msgid, lang).format(**params)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "kind": self.kind,
            "id": self.id,
            "field": self.field,
            "message_ja": self.message("ja"),
            "message_en": self.message("en"),
        }


def _number_text(v: Any) -> Any:
    """A count with digit separators (「1,891 日」); no finding carries a year or a code as a number."""
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else v


def _date_text(d: datetime.date, lang: str, style: str) -> str:
    return date_label(d, style if lang == "ja" and style in ("wareki", "western") else "wareki", lang)


def _f(code: str, sev: str, kind: str, eid: str, field: str, msgid: str, **params: Any) -> Finding:
    return Finding(code, sev, kind, eid, field, msgid, tuple(params.items()))


Rule = Callable[[Plan, datetime.date], Iterator[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


@rule
def municipality_rules(plan: Plan, today: datetime.date) -> Iterator[Finding]:
    m = plan.municipality
    if not m.name.strip():
        yield _f("no_name", ERROR, "plan", "", "municipality.name", N_("The name of the 団体 is not filled in"))
    if not m.code:
        yield _f("no_code", WARNING, "plan", "", "municipality.code", N_("The 団体コード is not filled in"))
    if plan.policy_status != "策定済":
        yield _f("no_policy", INFO, "plan", "", "policy_status",
                 N_("The overall DX policy (全体方針) is not yet decided"))


@rule
def structure_rules(plan: Plan, today: datetime.date) -> Iterator[Finding]:
    for kind in KEY_ROLES:
        roles = [r for r in plan.roles.values() if r.kind == kind]
        if not roles:
            yield _f("role_missing", WARNING, "roles", "", "kind", N_("No {role} is set in the 推進体制"), role=kind)
            continue
        if all(r.status == "未定" for r in roles):
            r = roles[0]
            yield _f("role_unfilled", WARNING, "roles", r.id, "status",
                     N_("{role}: not yet appointed or planned"), role=kind)
        for r in roles:
            if r.status == "任命済" and not r.person.strip():
                yield _f("role_no_person", INFO, "roles", r.id, "person",
                         N_("{role}: appointed, but no name is entered"), role=kind)
    if not plan.bodies:
        yield _f("no_body", WARNING, "bodies", "", "name",
                 N_("No body such as a DX推進本部 is set in the 推進体制"))


@rule
def task_rules(plan: Plan, today: datetime.date) -> Iterator[Finding]:
    plan_start, plan_end = fy_start(plan.from_fy), fy_end(plan.to_fy)
    for _, t in plan.ordered_tasks():
        area = plan.areas.get(t.area_id)
        if area is None:
            yield _f("task_no_area", ERROR, "tasks", t.id, "area_id",
                     N_("“{title}” belongs to a part that does not exist"), title=t.title)
            continue
        if t.start is None or t.end is None:
            yield _f("task_no_dates", WARNING, "tasks", t.id, "start",
                     N_("“{title}” has no start or end"), title=t.title)
        elif t.end < t.start:
            yield _f("task_end_before_start", ERROR, "tasks", t.id, "end",
                     N_("“{title}” ends before it starts"), title=t.title)
        if t.milestone and t.start and t.end and t.start != t.end:
            yield _f("milestone_span", INFO, "tasks", t.id, "end",
                     N_("“{title}” is a milestone but spans several days"), title=t.title)
        if not t.department.strip() and t.parent_id is None:
            yield _f("task_no_department", WARNING, "tasks", t.id, "department",
                     N_("“{title}” has no 担当課"), title=t.title)
        if (t.end and area.deadline and t.end > area.deadline and t.status not in DONE_STATUSES
                and area.deadline >= plan_start):  # a deadline before the plan is not the plan's to meet
            yield _f("after_deadline", WARNING, "tasks", t.id, "end",
                     N_("“{title}” ends {end}, after the national deadline {deadline} of {area}"),
                     title=t.title, end=t.end, deadline=area.deadline, area=area.name)
        if t.end and t.end > plan_end:
            yield _f("after_plan", INFO, "tasks", t.id, "end",
                     N_("“{title}” ends after the plan period"), title=t.title)
        days = days_late_in(plan, t, today)
        if days is not None:
            yield _f("overdue", WARNING, "tasks", t.id, "status",
                     N_("“{title}” is late (遅延): its end passed {days} days ago and it is not done"),
                     title=t.title, days=days)
        elif ended_before_plan(plan, t, today):  # not 遅延 of this plan (model.is_late), said once here
            yield _f("before_plan", INFO, "tasks", t.id, "end",
                     N_("“{title}” ended before the plan period and is not done"), title=t.title)
        if t.status == "完了" and t.progress < 100:
            yield _f("done_not_100", INFO, "tasks", t.id, "progress",
                     N_("“{title}” is marked done but its progress is {progress}%"),
                     title=t.title, progress=t.progress)
        for d in t.depends_on:
            pred = plan.tasks.get(d)
            if pred is None:
                yield _f("broken_link", ERROR, "tasks", t.id, "depends_on",
                         N_("“{title}” waits for a task that does not exist"), title=t.title)
            elif pred.end and t.start and t.start <= pred.end and not (t.milestone and t.start == pred.end):
                yield _f("link_order", WARNING, "tasks", t.id, "start",
                         N_("“{title}” starts before “{pred}” ends, but waits for it"),
                         title=t.title, pred=pred.title)


@rule
def kpi_rules(plan: Plan, today: datetime.date) -> Iterator[Finding]:
    for k in sorted(plan.kpis.values(), key=lambda k: (k.order, k.id)):
        if not k.targets:
            yield _f("kpi_no_target", WARNING, "kpis", k.id, "targets",
                     N_("KPI “{name}” has no target"), name=k.name)
        if not k.unit.strip():
            yield _f("kpi_no_unit", INFO, "kpis", k.id, "unit", N_("KPI “{name}” has no unit"), name=k.name)


@rule
def talent_rules(plan: Plan, today: datetime.date) -> Iterator[Finding]:
    for h in plan.hires.values():
        if h.annual_cost == 0:
            yield _f("hire_no_cost", INFO, "hires", h.id, "annual_cost",
                     N_("External hire “{title}” has no annual cost"), title=h.title or h.person)
        if h.from_fy is None:
            yield _f("hire_no_period", INFO, "hires", h.id, "from_fy",
                     N_("External hire “{title}” has no period"), title=h.title or h.person)


def _deadline_in_plan(plan: Plan, deadline: datetime.date | None) -> datetime.date | None:
    """A national deadline that falls before the plan period is history, not a target the
    town can still meet: it raises no warnings (None)."""
    return deadline if deadline is not None and deadline >= fy_start(plan.from_fy) else None


@rule
def standardization_rules(plan: Plan, today: datetime.date) -> Iterator[Finding]:
    std = plan.areas.get("std")
    deadline = _deadline_in_plan(plan, std.deadline if std else None)
    soon = today + datetime.timedelta(days=CONTRACT_WARNING_DAYS)
    for s in ordered_systems(plan):
        if not s.applicable:
            continue
        if s.tokutei and s.tokutei_reason is None and not s.tokutei_reason_text.strip():
            yield _f("tokutei_no_reason", WARNING, "systems", s.id, "tokutei_reason",
                     N_("{name}: 特定移行支援システム without a reason (事由)"), name=s.name)
        if s.tokutei and s.tokutei_deadline is None:
            yield _f("tokutei_no_deadline", WARNING, "systems", s.id, "tokutei_deadline",
                     N_("{name}: 特定移行支援システム without its own deadline"), name=s.name)
        elif s.tokutei and s.tokutei_deadline is not None and s.tokutei_deadline < today:
            yield _f("tokutei_past_deadline", ERROR, "systems", s.id, "tokutei_deadline",
                     N_("{name}: the 特定移行支援 deadline {date} has passed and it is not migrated"),
                     name=s.name, date=s.tokutei_deadline)
        for tid in s.task_ids:
            t = plan.tasks.get(tid)
            if t is not None and t.status == "完了" and not s.migrated:
                yield _f("std_task_done", WARNING, "systems", s.id, "status",
                         N_("{name}: the task “{title}” is 完了, but the system is {status}, not 移行済"),
                         name=s.name, title=t.title, status=s.status)
        if s.migrated:
            if s.contract_end is not None and today <= s.contract_end <= soon:
                yield _f("std_contract_ending", WARNING, "systems", s.id, "contract_end",
                         N_("{name}: the contract ends {date}"), name=s.name, date=s.contract_end)
            continue
        if s.planned_date is None:
            yield _f("system_no_date", INFO, "systems", s.id, "planned_date",
                     N_("{name}: no planned migration date"), name=s.name)
            continue
        if s.planned_date < today:
            yield _f("std_overdue", WARNING, "systems", s.id, "planned_date",
                     N_("{name} is late (遅延): its planned 稼働日 {date} has passed and it is not 移行済"),
                     name=s.name, date=s.planned_date)
        elif deadline and s.planned_date > deadline and not s.tokutei:
            yield _f("system_late", WARNING, "systems", s.id, "planned_date",
                     N_("{name}: migration planned {date}, after the deadline {deadline}, "
                        "but not marked 特定移行支援"),
                     name=s.name, date=s.planned_date, deadline=deadline)
        if s.contract_end is not None and s.contract_end < s.planned_date:
            yield _f("std_contract_gap", WARNING, "systems", s.id, "contract_end",
                     N_("{name}: the contract ends {end}, before the planned migration {date}"),
                     name=s.name, end=s.contract_end, date=s.planned_date)
        elif s.contract_end is not None and today <= s.contract_end <= soon:
            yield _f("std_contract_ending", WARNING, "systems", s.id, "contract_end",
                     N_("{name}: the contract ends {date}"), name=s.name, date=s.contract_end)


@rule
def online_rules(plan: Plan, today: datetime.date) -> Iterator[Finding]:
    area = plan.areas.get("online")
    deadline = _deadline_in_plan(plan, area.deadline if area else None)
    for p in sorted(plan.procedures.values(), key=lambda p: (p.order, p.id)):
        if p.status in ("オンライン化済", "対象外"):
            continue
        if deadline and p.planned_date and p.planned_date > deadline:
            yield _f("procedure_late", WARNING, "procedures", p.id, "planned_date",
                     N_("{name}: online from {date}, after the national target {deadline}"),
                     name=p.name, date=p.planned_date, deadline=deadline)
        elif deadline and deadline < today and not figures.procedure_late(p.status, p.planned_date, today):
            yield _f("procedure_overdue", WARNING, "procedures", p.id, "status",
                     N_("{name}: not yet online, and the national target {deadline} has passed"),
                     name=p.name, deadline=deadline)


#: Starter tasks (catalog ids) that record a fact the 推進体制 also holds: when one side says done and
#: the other does not, the plan contradicts itself (one fact, two places).
FACT_TASKS = {
    "structure-02": ("role", "CIO"),
    "structure-03": ("body", ""),
    "structure-04": ("policy", ""),
}


def fact_done(plan: Plan, fact: tuple[str, str]) -> bool:
    """Whether the 推進体制 records the fact a starter task stands for (CIO 任命済, a body 設置, 全体方針 策定済)."""
    kind, what = fact
    if kind == "role":
        return figures.role_status(plan, what) == "任命済"
    if kind == "body":
        return any(b.status == "任命済" for b in plan.bodies.values())
    return plan.policy_status == "策定済"


def fact_tasks(plan: Plan) -> list[tuple[Task, tuple[str, str]]]:
    return [(t, FACT_TASKS[t.template_id]) for _, t in plan.ordered_tasks()
            if t.template_id in FACT_TASKS and t.status != "中止"]


@rule
def contradiction_rules(plan: Plan, today: datetime.date) -> Iterator[Finding]:
    """Two user-entered facts that disagree (see :mod:`dxplanner.fixes` for the offered fix)."""
    for t, fact in fact_tasks(plan):
        done = fact_done(plan, fact)
        if done and t.status != "完了":
            yield _f("fact_task_open", WARNING, "tasks", t.id, "status",
                     N_("“{title}” is {status}, but the 推進体制 already records it as done"),
                     title=t.title, status=t.status)
        elif not done and t.status == "完了":
            yield _f("fact_task_done", WARNING, "tasks", t.id, "status",
                     N_("“{title}” is 完了, but the 推進体制 does not record it (still 予定 or 未定)"),
                     title=t.title)
    roles = [r for r in plan.roles.values() if r.kind == "CIO補佐官"]
    for h in figures.active_hires(plan, fiscal_year(today)):
        if not figures.is_cio_assistant_hire(h):
            continue
        if not any(r.status == "任命済" and r.external for r in roles):
            yield _f("hire_role_missing", WARNING, "hires", h.id, "title",
                     N_("External hire “{title}” works as CIO補佐官, but the 推進体制 has no external CIO補佐官 "
                        "appointed"), title=h.title or h.person)
            break
    # a 業務 past its own 移行予定日 is std_overdue in standardization_rules
    for p in sorted(plan.procedures.values(), key=lambda p: (p.order, p.id)):
        if figures.procedure_late(p.status, p.planned_date, today):
            yield _f("procedure_past_date", WARNING, "procedures", p.id, "status",
                     N_("{name}: planned online by {date}, which has passed, and it is still {status} (遅延)"),
                     name=p.name, date=p.planned_date, status=p.status)


def check(plan: Plan, today: datetime.date | None = None) -> list[Finding]:
    day = today or datetime.date.today()
    out: list[Finding] = []
    for r in RULES:
        out.extend(r(plan, day))
    return out


def counts(findings: list[Finding]) -> dict[str, int]:
    c = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        c[f.severity] += 1
    return c
