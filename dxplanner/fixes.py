"""The fix offered for a finding of :mod:`dxplanner.checks`, as one edit (one undo step).

Only contradictions between two user-entered facts have a fix here, and only where one side
clearly records what happened (the 推進体制 says the CIO is 任命済: the starter task 「CIOの任命」 is
done). Where the program cannot know which side is right (a 手続 past its planned date: is it
late, or online and not yet recorded?) no fix is offered; the finding jumps to its place.
"""

from __future__ import annotations

import dataclasses
import datetime

from dxplanner.checks import FACT_TASKS, Finding
from dxplanner.i18n import N_
from dxplanner.model import Plan, Role
from dxplanner.ops import Batch, Op, PutEntities, UpdateEntity, new_id


@dataclasses.dataclass(frozen=True)
class Fix:
    label: str  # msgid: what the button says
    op: Op


def fix_for(plan: Plan, finding: Finding, today: datetime.date) -> Fix | None:
    """The edit that resolves ``finding``, or None when the user must decide."""
    if finding.code == "fact_task_open":
        t = plan.tasks.get(finding.id)
        if t is None or t.template_id not in FACT_TASKS:
            return None
        done_on = _fact_date(plan, FACT_TASKS[t.template_id]) or today
        values: dict[str, object] = {"status": "完了", "progress": 100}
        if t.actual_end is None:
            values["actual_end"] = done_on
            if t.actual_start is None or t.actual_start > done_on:
                values["actual_start"] = done_on
        return Fix(N_("Mark the task as done"), UpdateEntity("tasks", t.id, values, label=N_("Mark the task as done")))
    if finding.code == "hire_role_missing":
        h = plan.hires.get(finding.id)
        if h is None:
            return None
        label = N_("Record the hire as the external CIO補佐官 on 推進体制")
        roles = sorted((r for r in plan.roles.values() if r.kind == "CIO補佐官"), key=lambda r: (r.order, r.id))
        values = {"status": "任命済", "external": True}
        if roles:
            r = roles[0]
            if not r.person.strip():
                values["person"] = h.person
            return Fix(label, UpdateEntity("roles", r.id, values, label=label))
        order = max((r.order for r in plan.roles.values()), default=0) + 1
        role = Role(id=new_id(), kind="CIO補佐官", title=h.title, person=h.person, external=True,
                    status="任命済", order=order)
        return Fix(label, Batch([PutEntities("roles", [role], label=label)], label=label))
    return None


def _fact_date(plan: Plan, fact: tuple[str, str]) -> datetime.date | None:
    kind, what = fact
    if kind == "role":
        dates = [r.date for r in plan.roles.values() if r.kind == what and r.status == "任命済" and r.date]
        return min(dates) if dates else None
    if kind == "body":
        dates = [b.date for b in plan.bodies.values() if b.status == "任命済" and b.date]
        return min(dates) if dates else None
    return plan.policy_date
