"""A new plan filled from an edition of the national catalog (``dxplanner new`` and the walk-through).

A new plan is right on the day it is made: by default it follows the newest edition and runs five
年度 from this 年度 (from the next one when it is made in January–March, the last months of a
年度). Every area of the edition becomes a part of the plan with the starter tasks that fit the
town's :class:`Situation`, laid over the window from today (or the plan's first day, when the plan
starts later) to the area's national deadline (or the plan's last day when the area has none, or
when the deadline falls before the window), snapped to fiscal quarters, so that no starter task
ends before the day the plan is made. The 標準化 and オンライン化 trackers get every 業務 and 手続
that applies to the kind of 団体.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from dxplanner.catalog import CatalogArea, Edition, StarterTask, edition_hash, load_edition, newest_edition
from dxplanner.fiscal import (
    add_months,
    fiscal_quarter,
    fiscal_year,
    fy_end,
    fy_start,
    months_between,
    quarter_end,
    quarter_start,
)
from dxplanner.model import (
    Area,
    Body,
    Kpi,
    Municipality,
    OnlineProcedure,
    Plan,
    Role,
    StandardSystem,
    Task,
)
from dxplanner.ops import new_id, validate_municipality, validate_plan_fields

KEY_ROLE_KINDS = {"head": "首長", "cio": "CIO", "cio_assistant": "CIO補佐官", "ciso": "CISO"}
PLAN_YEARS = 5
STD_STAGES = ("移行済", "移行中", "特定移行支援")
# January to March: a plan made then starts with the next 年度 (the current one is nearly over)
LAST_MONTHS = (1, 2, 3)


@dataclass
class Situation:
    """Where the town stands, as the walk-through asks it (None: not answered).

    ``std``: the 標準化 stage (移行済 / 移行中 / 特定移行支援); ``online_done``: ids of the 手続
    already online; ``cio``/``ciso``/``hq``: whether the CIO and CISO are in office and the
    推進本部 is set up.
    """

    std: str | None = None
    online_done: frozenset[str] = field(default_factory=frozenset)
    cio: bool | None = None
    ciso: bool | None = None
    hq: bool | None = None

    def __post_init__(self) -> None:
        if self.std is not None and self.std not in STD_STAGES:
            raise ValueError(f"std must be one of {STD_STAGES}, not {self.std!r}")
        self.online_done = frozenset(self.online_done)

    def tags(self) -> frozenset[str]:
        """The situation tags (catalog ``fits``) this town matches; an unanswered question
        matches every answer, so its starter tasks are all offered."""
        out: set[str] = set()
        out |= {f"std:{s}" for s in STD_STAGES} if self.std is None else {f"std:{self.std}"}
        for key, value in (("cio", self.cio), ("ciso", self.ciso), ("hq", self.hq)):
            out |= {f"{key}:未", f"{key}:済"} if value is None else {f"{key}:{'済' if value else '未'}"}
        return frozenset(out)

    def fits(self, task: StarterTask) -> bool:
        return not task.fits or bool(self.tags() & set(task.fits))


def default_period(today: datetime.date) -> tuple[int, int]:
    """Five 年度 from this 年度, or from the next one in a 年度's last months (January–March)."""
    first = fiscal_year(today) + (1 if today.month in LAST_MONTHS else 0)
    return first, first + PLAN_YEARS - 1


def window(
    area: CatalogArea, from_fy: int, to_fy: int, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The dates a starter task's span is laid over: from the plan's first day, or from
    ``today`` when the plan has already begun, to the area's deadline or the plan's last day."""
    start = fy_start(from_fy)
    end = fy_end(to_fy)
    if today is not None and start < today <= end:
        start = today
    if area.deadline is not None and months_between(start, area.deadline) >= 5:
        end = area.deadline
    return start, end


def schedule(
    span: tuple[float, float], start: datetime.date, end: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """Dates for a span (fractions of the window), snapped to whole fiscal quarters."""
    total = months_between(start, end) + 1
    a, b = span
    first = min(math.floor(a * total), total - 1)
    last = max(first, min(total - 1, math.ceil(b * total) - 1))
    s = add_months(start, first)
    e = add_months(start, last)
    fy_s, q_s = fiscal_quarter(s)
    fy_e, q_e = fiscal_quarter(e)
    qs = max(quarter_start(fy_s, q_s), start)
    qe = min(quarter_end(fy_e, q_e), end)
    qe = max(qe, qs)
    return qs, qe


def tasks_for(
    area_id: str, starters: tuple[StarterTask, ...], start: datetime.date, end: datetime.date,
    parent_id: str | None, out: list[Task], situation: Situation | None = None,
) -> None:
    """Append to ``out`` the tasks made from ``starters`` that fit ``situation``."""
    sit = situation or Situation()
    for st in (s for s in starters if sit.fits(s)):
        tid = new_id()
        order = sum(1 for t in out if t.parent_id == parent_id and t.area_id == area_id)
        s, e = schedule(st.span, start, end)
        if st.milestone:
            day = end if st.span[1] >= 1.0 else e  # a milestone falls at the end of its span
            out.append(Task(id=tid, area_id=area_id, parent_id=parent_id, order=order, title=st.title,
                            description=st.description, start=day, end=day, precision="day",
                            milestone=True, template_id=st.id))
        else:
            out.append(Task(id=tid, area_id=area_id, parent_id=parent_id, order=order, title=st.title,
                            description=st.description, start=s, end=e, precision="quarter",
                            template_id=st.id))
        if st.children:
            tasks_for(area_id, st.children, s, e, tid, out, sit)


def add_area(plan: Plan, ca: CatalogArea, order: int, today: datetime.date,
             situation: Situation | None = None) -> Area:
    """Add the catalog area ``ca`` to ``plan`` as a part, with its starter tasks and KPIs."""
    area = Area(id=ca.id, kind=ca.kind, name=ca.name, catalog_id=ca.id, deadline=ca.deadline, order=order)
    plan.areas[area.id] = area
    ws, we = window(ca, plan.from_fy, plan.to_fy, today)
    tasks: list[Task] = []
    tasks_for(area.id, ca.starter_tasks, ws, we, None, tasks, situation)
    for t in tasks:
        plan.tasks[t.id] = t
    for m, ck in enumerate(ca.kpis):
        kid = new_id()
        plan.kpis[kid] = Kpi(id=kid, area_id=area.id, name=ck.name, unit=ck.unit or "", catalog_id=ck.id,
                             order=len(plan.kpis) + m)
    return area


def new_plan(
    name: str,
    code: str,
    *,
    prefecture: str = "",
    kind: str = "町",
    population: int | None = None,
    edition: str | None = None,
    from_fy: int | None = None,
    to_fy: int | None = None,
    title: str | None = None,
    now: datetime.datetime | None = None,
    situation: Situation | None = None,
) -> Plan:
    """Build (in memory) a complete draft plan from the chosen edition (default: the newest)."""
    from dxplanner.validate import prefecture_of_code

    moment = (now or datetime.datetime.now()).replace(microsecond=0)
    today = moment.date()
    ed: Edition = load_edition(edition or newest_edition())
    sit = situation or Situation()
    first, _last = default_period(today)
    fy_a = from_fy if from_fy is not None else first
    fy_b = to_fy if to_fy is not None else fy_a + PLAN_YEARS - 1
    muni = Municipality(name=name, code=code, prefecture=prefecture, kind=kind, population=population)
    if code and not prefecture:
        validate_municipality(muni)
        muni.prefecture = prefecture_of_code(code)
    validate_municipality(muni)
    plan = Plan(
        title=title if title is not None else f"{name} DX推進計画",
        municipality=muni,
        from_fy=fy_a,
        to_fy=fy_b,
        edition=ed.id,
        edition_hash=edition_hash(ed.id),
        created=moment,
    )
    validate_plan_fields({"title": plan.title, "from_fy": fy_a, "to_fy": fy_b, "edition": ed.id})

    in_office = {"cio": sit.cio, "ciso": sit.ciso}
    body_name = "DX推進本部"
    for n, kr in enumerate(ed.key_roles):
        if kr.id not in KEY_ROLE_KINDS:
            body_name = "DX" + kr.name if kr.id == "hq" and not kr.name.startswith("DX") else body_name
            continue
        rid = new_id()
        # The role's kind names it (首長, CIO …); title and note are the town's own words, so the
        # catalog's explanation is not copied into them.
        status = "任命済" if kr.id == "head" or in_office.get(kr.id) else "未定"
        plan.roles[rid] = Role(id=rid, kind=KEY_ROLE_KINDS[kr.id], external=kr.id == "cio_assistant",
                               status=status, order=n)
    bid = new_id()
    plan.bodies[bid] = Body(id=bid, name=body_name, status="任命済" if sit.hq else "未定", order=0)

    for n, ca in enumerate(ed.areas):
        add_area(plan, ca, n, today, sit)

    is_pref = kind == "都道府県"
    for n, sb in enumerate(ed.standard_businesses_with_additions()):
        if is_pref and not sb.prefecture_too:
            continue
        plan.systems[sb.id] = StandardSystem(id=sb.id, name=sb.name, order=n)
    plan_start = fy_start(fy_a)
    for n, proc in enumerate(ed.online_procedures):
        applicable = (proc.level == "都道府県") == is_pref
        abolished = proc.not_required_from is not None and proc.not_required_from <= plan_start
        if not applicable or abolished:
            status = "対象外"
        elif proc.id in sit.online_done:
            status = "オンライン化済"
        else:
            status = "未対応"
        plan.procedures[proc.id] = OnlineProcedure(
            id=proc.id, name=proc.name, group=proc.group, level=proc.level, status=status, order=n,
        )
    return plan


ANSWER_KEYS = ("std", "online_done", "cio", "ciso", "hq")
MAX_ANSWERS_BYTES = 64 * 1024


def situation_from_answers(data: object, where: str = "answers") -> Situation:
    """A :class:`Situation` from an answers file's parsed JSON
    (``{"std": "移行済", "online_done": ["kosodate-01"], "cio": true, "ciso": false, "hq": true}``,
    every key optional). Raises :class:`~dxplanner.errors.ValidationError` naming the bad key."""
    from dxplanner.errors import ValidationError
    from dxplanner.i18n import N_

    if not isinstance(data, dict):
        raise ValidationError(N_("{where}: expected an object such as {example}"), where=where,
                              example='{"std": "移行済"}')
    unknown = [k for k in data if k not in ANSWER_KEYS]
    if unknown:
        raise ValidationError(N_("{where}: unknown key “{key}” (known: {known})"), where=where, key=unknown[0],
                              known=", ".join(ANSWER_KEYS))
    std = data.get("std")
    if std is not None and std not in STD_STAGES:
        raise ValidationError(N_("{where}: “std” must be one of {choices}"), where=where, choices="、".join(STD_STAGES))
    online = data.get("online_done", [])
    if not isinstance(online, list) or not all(isinstance(x, str) for x in online):
        raise ValidationError(N_("{where}: “online_done” must be a list of procedure ids"), where=where)
    flags: dict[str, bool | None] = {}
    for key in ("cio", "ciso", "hq"):
        v = data.get(key)
        if v is not None and not isinstance(v, bool):
            raise ValidationError(N_("{where}: “{key}” must be true or false"), where=where, key=key)
        flags[key] = v
    return Situation(std=std, online_done=frozenset(online), **flags)
