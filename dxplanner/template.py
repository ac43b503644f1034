"""A new plan filled from an edition of the national catalog (``dxplanner new``).

Every area of the edition becomes a part of the plan with its starter tasks scheduled against
the national dates: a starter task's ``span`` (fractions 0..1) is laid over the window from the
plan's first 年度 to the area's national deadline (or the plan's last 年度 when the area has
none, or when the deadline falls before the plan starts), snapped to fiscal quarters. The
標準化 and オンライン化 trackers get every 業務 and 手続 that applies to the kind of 団体.
"""

from __future__ import annotations

import datetime
import math

from dxplanner.catalog import CatalogArea, Edition, StarterTask, load_edition
from dxplanner.fiscal import add_months, fiscal_quarter, fy_end, fy_start, months_between, quarter_end, quarter_start
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


def window(area: CatalogArea, from_fy: int, to_fy: int) -> tuple[datetime.date, datetime.date]:
    start = fy_start(from_fy)
    end = fy_end(to_fy)
    if area.deadline is not None and months_between(start, area.deadline) >= 5:
        end = min(area.deadline, end) if area.deadline <= end else area.deadline
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


def _tasks_for(
    area_id: str, starters: tuple[StarterTask, ...], start: datetime.date, end: datetime.date,
    parent_id: str | None, out: list[Task],
) -> None:
    for n, st in enumerate(starters):
        tid = new_id()
        if st.milestone:
            s, e = schedule(st.span, start, end)
            day = end if st.span[1] >= 1.0 else e  # a milestone falls at the end of its span
            out.append(Task(id=tid, area_id=area_id, parent_id=parent_id, order=n, title=st.title,
                            description=st.description, start=day, end=day, precision="day",
                            milestone=True, template_id=st.id))
        else:
            s, e = schedule(st.span, start, end)
            out.append(Task(id=tid, area_id=area_id, parent_id=parent_id, order=n, title=st.title,
                            description=st.description, start=s, end=e, precision="quarter",
                            template_id=st.id))
        if st.children:
            _tasks_for(area_id, st.children, s, e, tid, out)


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
) -> Plan:
    """Build (in memory) a complete draft plan from the chosen edition."""
    from dxplanner.catalog import DEFAULT_EDITION
    from dxplanner.validate import prefecture_of_code

    ed: Edition = load_edition(edition or DEFAULT_EDITION)
    period_from = int(ed.period_from[:4])
    period_to = int(ed.period_to[:4])
    # the whole 年度 inside the national period: 2021-01..2026-03 gives 令和3年度〜令和7年度
    from_month = int(ed.period_from[5:7])
    ed_from_fy = period_from if from_month <= 4 else period_from + 1
    ed_to_fy = period_to if int(ed.period_to[5:7]) >= 4 else period_to - 1
    fy_a = from_fy if from_fy is not None else ed_from_fy
    fy_b = to_fy if to_fy is not None else max(ed_to_fy, fy_a)
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
        created=(now or datetime.datetime.now()).replace(microsecond=0),
    )
    validate_plan_fields({"title": plan.title, "from_fy": fy_a, "to_fy": fy_b, "edition": ed.id})

    body_name = "DX推進本部"
    for n, kr in enumerate(ed.key_roles):
        if kr.id not in KEY_ROLE_KINDS:
            body_name = kr.name if kr.id == "hq" else body_name
            continue
        rid = new_id()
        plan.roles[rid] = Role(id=rid, kind=KEY_ROLE_KINDS.get(kr.id, "その他"), title=kr.name,
                               external=kr.id == "cio_assistant", note=kr.note, order=n)
    bid = new_id()
    plan.bodies[bid] = Body(id=bid, name=body_name, order=0)

    tasks: list[Task] = []
    for n, ca in enumerate(ed.areas):
        aid = ca.id
        plan.areas[aid] = Area(id=aid, kind=ca.kind, name=ca.name, catalog_id=ca.id, deadline=ca.deadline, order=n)
        ws, we = window(ca, fy_a, fy_b)
        _tasks_for(aid, ca.starter_tasks, ws, we, None, tasks)
        for m, ck in enumerate(ca.kpis):
            kid = new_id()
            plan.kpis[kid] = Kpi(id=kid, area_id=aid, name=ck.name, unit=ck.unit or "", catalog_id=ck.id,
                                 note=ck.note or "", order=len(plan.kpis) + m)
    for t in tasks:
        plan.tasks[t.id] = t

    is_pref = kind == "都道府県"
    for n, sb in enumerate(ed.standard_businesses_with_additions()):
        if is_pref and not sb.prefecture_too:
            continue
        plan.systems[sb.id] = StandardSystem(id=sb.id, name=sb.name, order=n,
                                             note="" if sb.orig17 else "17業務の後に追加された業務")
    for n, proc in enumerate(ed.online_procedures):
        applicable = (proc.level == "都道府県") == is_pref
        plan.procedures[proc.id] = OnlineProcedure(
            id=proc.id, name=proc.name, group=proc.group, level=proc.level,
            status="未対応" if applicable else "対象外", order=n,
        )
    return plan
