"""The figures a prefecture rolls up for each municipality, from a plan (one definition for all).

The export writes these figures into the submission workbook (visible on 団体概要, and as JSON in
the hidden metadata sheet) and the roll-up reads them back from there, or computes them the same
way from a .dxplan file. The items follow the national survey (行政情報化の推進状況調査: CIO /
CIO補佐官等 任命, 外部人材, 全体方針, 全庁的推進体制, DX担当職員数, 研修) plus the plan's own
progress: 標準化 (移行済 / in scope, and one row per 業務), 特定移行支援, オンライン化, KPI values, overdue tasks.

:func:`Survey.from_json` validates every value strictly: the JSON comes from a file somebody sent.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from typing import Any

from dxplanner import figures
from dxplanner.figures import NO_ROLE, ROLE_RANK, role_status
from dxplanner.fiscal import fiscal_year
from dxplanner.funding import summarize
from dxplanner.model import APPOINTMENT_STATUSES, Plan, is_late_in
from dxplanner.validate import check_text

CUSTOM_AREA = "custom"
SURVEY_VERSION = 2  # 2: per-system 標準化 rows (systems), prefecture_funds (都道府県支出金), std_migrated
_MAX_ITEMS = 2000
_MAX_TEXT = 2000
_MAX_INT = 10**12


class SurveyFormatError(ValueError):
    """The figures in a workbook are not what this program writes (detail in English, for logs)."""


@dataclasses.dataclass
class AreaStat:
    key: str  # catalog id of the area, or "custom" for a town's own parts
    name: str
    tasks: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    other: int = 0  # 保留 / 中止
    overdue: int = 0
    progress_sum: int = 0  # sum of task progress (%), for a weighted mean


@dataclasses.dataclass
class KpiStat:
    name: str
    unit: str
    catalog_id: str | None
    target_fy: int | None
    target: float | None
    actual_fy: int | None
    actual: float | None


@dataclasses.dataclass
class SystemStat:
    """One 業務 of the 標準化 tracker as the prefecture collects it (one row of the 標準化 sheet)."""

    id: str  # the catalog's business id
    name: str
    status: str  # STD_STATUSES
    reason: str  # 特定移行支援 事由 (short name and/or free text)
    deadline: datetime.date | None  # 特定移行支援 deadline
    planned: datetime.date | None  # 移行予定 (planned 稼働日)
    went_live: datetime.date | None  # actual 稼働日
    cloud: str  # ガバメントクラウド, with the partners of a 共同利用
    baseline: int | None  # 平成30年度 運用経費, 円
    current: int | None  # 運用経費 of the as-of 年度 (actual, else planned), 円
    cost_note: str  # where a group's cost is counted


@dataclasses.dataclass
class Survey:
    code: str
    name: str
    prefecture: str
    kind: str
    population: int | None
    plan_title: str
    edition: str
    from_fy: int
    to_fy: int
    as_of: datetime.date
    cio: str
    cio_assistant: str
    cio_assistant_external: bool
    ciso: str
    headquarters: str  # 全庁的な推進体制 (a body such as 推進本部)
    policy: str  # 全体方針 策定済/策定中/未定
    policy_date: datetime.date | None
    external_hires: int  # 外部デジタル人材 active in the as-of 年度
    dx_staff: int | None
    digital_leads: int | None
    trainings: int  # trainings held in the as-of 年度
    std_applicable: int
    std_rate: float | None  # 移行済 / in scope (0..1); in version 1: the mean of the 40-step rates
    std_tokutei: int
    std_migrated: int | None  # None: a version-1 survey (before 移行済 was recorded)
    systems: list[SystemStat]
    online_done: int
    online_applicable: int
    tasks: int
    tasks_done: int
    overdue: int
    budget_total: int  # 円, all 年度
    kofuzei_estimate: int  # 円, 交付税 措置見込額（参考）
    kpis: list[KpiStat]
    areas: list[AreaStat]
    prefecture_funds: int | None = None  # 円, 都道府県支出金 over all 年度 (None: a workbook of survey version 1)

    # --- JSON (what the hidden metadata sheet holds) ------------------------------------------

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["as_of"] = self.as_of.isoformat()
        for x in d["systems"]:
            for k in ("deadline", "planned", "went_live"):
                x[k] = x[k].isoformat() if x[k] else None
        d["policy_date"] = self.policy_date.isoformat() if self.policy_date else None
        d["survey_version"] = SURVEY_VERSION
        return d

    @classmethod
    def from_json(cls, d: Any) -> Survey:
        if not isinstance(d, dict):
            raise SurveyFormatError("not an object")
        version = d.get("survey_version")
        if not isinstance(version, int) or isinstance(version, bool) or version > SURVEY_VERSION:
            raise SurveyFormatError(f"survey_version {version!r}")
        expected = {f.name for f in dataclasses.fields(cls)} | {"survey_version"}
        if version < 2:  # before the per-system rows and 都道府県支出金
            expected -= {"systems", "prefecture_funds", "std_migrated"}
        if set(d) != expected:
            raise SurveyFormatError("fields " + ", ".join(sorted(set(d) ^ expected)))
        kpis = _list(d["kpis"], "kpis")
        areas = _list(d["areas"], "areas")
        return cls(
            code=_text(d["code"], "code"), name=_text(d["name"], "name"),
            prefecture=_text(d["prefecture"], "prefecture"), kind=_text(d["kind"], "kind"),
            population=_int(d["population"], "population", optional=True),
            plan_title=_text(d["plan_title"], "plan_title"), edition=_text(d["edition"], "edition"),
            from_fy=_fy(d["from_fy"], "from_fy"), to_fy=_fy(d["to_fy"], "to_fy"),
            as_of=_date(d["as_of"], "as_of"),
            cio=_choice(d["cio"], "cio"), cio_assistant=_choice(d["cio_assistant"], "cio_assistant"),
            cio_assistant_external=_bool(d["cio_assistant_external"], "cio_assistant_external"),
            ciso=_choice(d["ciso"], "ciso"), headquarters=_choice(d["headquarters"], "headquarters"),
            policy=_choice(d["policy"], "policy", ("策定済", "策定中", "未定")),
            policy_date=_date(d["policy_date"], "policy_date") if d["policy_date"] is not None else None,
            external_hires=_int(d["external_hires"], "external_hires"),
            dx_staff=_int(d["dx_staff"], "dx_staff", optional=True),
            digital_leads=_int(d["digital_leads"], "digital_leads", optional=True),
            trainings=_int(d["trainings"], "trainings"),
            std_applicable=_int(d["std_applicable"], "std_applicable"),
            std_rate=_rate(d["std_rate"], "std_rate"),
            std_tokutei=_int(d["std_tokutei"], "std_tokutei"),
            std_migrated=_int(d.get("std_migrated"), "std_migrated", optional=version < 2),
            systems=[_system(x) for x in _list(d.get("systems", []), "systems")],
            online_done=_int(d["online_done"], "online_done"),
            online_applicable=_int(d["online_applicable"], "online_applicable"),
            tasks=_int(d["tasks"], "tasks"), tasks_done=_int(d["tasks_done"], "tasks_done"),
            overdue=_int(d["overdue"], "overdue"),
            budget_total=_int(d["budget_total"], "budget_total", signed=True),
            kofuzei_estimate=_int(d["kofuzei_estimate"], "kofuzei_estimate", signed=True),
            kpis=[_kpi(k) for k in kpis],
            areas=[_area(a) for a in areas],
            prefecture_funds=_int(d["prefecture_funds"], "prefecture_funds", optional=True) if version >= 2 else None,
        )


def _list(v: Any, where: str) -> list[Any]:
    if not isinstance(v, list) or len(v) > _MAX_ITEMS:
        raise SurveyFormatError(f"{where}: list expected")
    return v


def _text(v: Any, where: str) -> str:
    if not isinstance(v, str) or len(v) > _MAX_TEXT:
        raise SurveyFormatError(f"{where}: text expected")
    try:
        check_text(v, where)
    except Exception as exc:
        raise SurveyFormatError(f"{where}: bad text") from exc
    return v


def _int(v: Any, where: str, optional: bool = False, signed: bool = False) -> Any:
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, int) or abs(v) > _MAX_INT or (v < 0 and not signed):
        raise SurveyFormatError(f"{where}: whole number expected")
    return v


def _fy(v: Any, where: str, optional: bool = False) -> Any:
    v = _int(v, where, optional)
    if v is not None and not 1989 <= v <= 2100:
        raise SurveyFormatError(f"{where}: fiscal year out of range")
    return v


def _num(v: Any, where: str) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or abs(v) > 1e15:
        raise SurveyFormatError(f"{where}: number expected")
    return float(v)


def _rate(v: Any, where: str) -> float | None:
    r = _num(v, where)
    if r is not None and not 0.0 <= r <= 1.0:
        raise SurveyFormatError(f"{where}: rate out of range")
    return r


def _bool(v: Any, where: str) -> bool:
    if not isinstance(v, bool):
        raise SurveyFormatError(f"{where}: yes/no expected")
    return v


def _date(v: Any, where: str) -> datetime.date:
    if not isinstance(v, str) or len(v) != 10:
        raise SurveyFormatError(f"{where}: date expected")
    try:
        d = datetime.date.fromisoformat(v)
    except ValueError as exc:
        raise SurveyFormatError(f"{where}: date expected") from exc
    if not 1989 <= d.year <= 2101:
        raise SurveyFormatError(f"{where}: date out of range")
    return d


def _choice(v: Any, where: str, allowed: tuple[str, ...] = (*APPOINTMENT_STATUSES, NO_ROLE)) -> str:
    if v not in allowed:
        raise SurveyFormatError(f"{where}: unknown value")
    return str(v)


def _kpi(d: Any) -> KpiStat:
    names = {f.name for f in dataclasses.fields(KpiStat)}
    if not isinstance(d, dict) or set(d) != names:
        raise SurveyFormatError("kpis: bad item")
    cid = d["catalog_id"]
    return KpiStat(
        name=_text(d["name"], "kpis.name"), unit=_text(d["unit"], "kpis.unit"),
        catalog_id=_text(cid, "kpis.catalog_id") if cid is not None else None,
        target_fy=_fy(d["target_fy"], "kpis.target_fy", optional=True), target=_num(d["target"], "kpis.target"),
        actual_fy=_fy(d["actual_fy"], "kpis.actual_fy", optional=True), actual=_num(d["actual"], "kpis.actual"),
    )


def _area(d: Any) -> AreaStat:
    names = {f.name for f in dataclasses.fields(AreaStat)}
    if not isinstance(d, dict) or set(d) != names:
        raise SurveyFormatError("areas: bad item")
    ints = {k: _int(d[k], f"areas.{k}") for k in names - {"key", "name"}}
    return AreaStat(key=_text(d["key"], "areas.key"), name=_text(d["name"], "areas.name"), **ints)


def _system(d: Any) -> SystemStat:
    from dxplanner.model import STD_STATUSES

    names = {f.name for f in dataclasses.fields(SystemStat)}
    if not isinstance(d, dict) or set(d) != names:
        raise SurveyFormatError("systems: bad item")

    def day(k: str) -> datetime.date | None:
        return None if d[k] is None else _date(d[k], f"systems.{k}")

    return SystemStat(
        id=_text(d["id"], "systems.id"), name=_text(d["name"], "systems.name"),
        status=_choice(d["status"], "systems.status", STD_STATUSES), reason=_text(d["reason"], "systems.reason"),
        deadline=day("deadline"), planned=day("planned"), went_live=day("went_live"),
        cloud=_text(d["cloud"], "systems.cloud"),
        baseline=_int(d["baseline"], "systems.baseline", optional=True),
        current=_int(d["current"], "systems.current", optional=True),
        cost_note=_text(d["cost_note"], "systems.cost_note"),
    )


def system_stats(plan: Plan, today: datetime.date) -> list[SystemStat]:
    """The 標準化 rows of a plan, as the 標準化 sheet and the roll-up show them."""
    from dxplanner import standardization as stdz
    from dxplanner.catalog import CatalogError, load_edition

    try:
        reasons = dict(load_edition(plan.edition).step_model.tokutei_reasons)
    except CatalogError:  # an edition this program does not know: the number stands
        reasons = {}
    fy = fiscal_year(today)
    costs = stdz.system_costs(plan, fy)
    out = []
    for s in stdz.ordered_systems(plan):
        base, cur, note = costs.get(s.id, (None, None, ""))
        reason = reasons.get(s.tokutei_reason, str(s.tokutei_reason)) if s.tokutei_reason else ""
        if s.tokutei_reason_text.strip():
            reason = f"{reason}（{s.tokutei_reason_text.strip()}）" if reason else s.tokutei_reason_text.strip()
        cloud = s.cloud + (f"（{s.cloud_partner}）" if s.cloud == "共同利用" and s.cloud_partner.strip() else "")
        out.append(SystemStat(
            id=s.id, name=s.name, status=s.status, reason=reason if s.tokutei else "",
            deadline=s.tokutei_deadline if s.tokutei else None, planned=s.planned_date, went_live=s.actual_date,
            cloud=cloud, baseline=base, current=cur, cost_note=note))
    return out


# --- computing the figures from a plan -------------------------------------------------------------


def _latest(values: dict[int, float], upto: int) -> tuple[int | None, float | None]:
    years = [fy for fy in values if fy <= upto]
    if not years:
        return None, None
    fy = max(years)
    return fy, float(values[fy])


def survey_of(plan: Plan, today: datetime.date) -> Survey:
    fy = fiscal_year(today)
    m = plan.municipality
    hq = [b.status for b in plan.bodies.values()]
    staff = [s for s in plan.staff.values() if s.fy <= fy]
    latest_staff = max(staff, key=lambda s: s.fy) if staff else None
    hires = figures.active_hires(plan, fy)
    std = figures.std_figures(plan)
    online = figures.online_figures(plan, today)
    assistant = figures.cio_assistant(plan, today)
    counts = figures.task_counts(None, today, plan)
    overdue_ids = {t.id for t in plan.tasks.values() if is_late_in(plan, t, today)}
    areas: dict[str, AreaStat] = {}
    order = {a.id: (a.order, a.id) for a in plan.areas.values()}
    for a in sorted(plan.areas.values(), key=lambda a: (a.order, a.id)):
        key = a.catalog_id or CUSTOM_AREA
        areas.setdefault(key, AreaStat(key=key, name=a.name if a.catalog_id else ""))
    for t in sorted(plan.tasks.values(), key=lambda t: order.get(t.area_id, (1 << 30, t.area_id))):
        area = plan.areas.get(t.area_id)
        key = (area.catalog_id or CUSTOM_AREA) if area else CUSTOM_AREA
        st = areas.setdefault(key, AreaStat(key=key, name=""))
        st.tasks += 1
        st.progress_sum += t.progress
        if t.status == "完了":
            st.done += 1
        elif t.status == "進行中":
            st.in_progress += 1
        elif t.status == "未着手":
            st.not_started += 1
        else:
            st.other += 1
        if t.id in overdue_ids:
            st.overdue += 1
    kpis = []
    for k in sorted(plan.kpis.values(), key=lambda k: (k.order, k.id)):
        tfy, tv = _latest(k.targets, max(k.targets, default=fy))  # the final target of the plan
        afy, av = _latest(k.actuals, fy)
        kpis.append(KpiStat(k.name, k.unit, k.catalog_id, tfy, tv, afy, av))
    fund = summarize(plan)
    return Survey(
        code=m.code, name=m.name, prefecture=m.prefecture, kind=m.kind, population=m.population,
        plan_title=plan.title, edition=plan.edition, from_fy=plan.from_fy, to_fy=plan.to_fy, as_of=today,
        cio=role_status(plan, "CIO"), cio_assistant=assistant.status,
        cio_assistant_external=assistant.external,
        ciso=role_status(plan, "CISO"),
        headquarters=min(hq, key=lambda s: ROLE_RANK.get(s, 2)) if hq else NO_ROLE,
        policy=plan.policy_status, policy_date=plan.policy_date,
        external_hires=len(hires),
        dx_staff=latest_staff.dx_staff if latest_staff else None,
        digital_leads=latest_staff.digital_leads if latest_staff else None,
        trainings=sum(1 for t in plan.trainings.values() if t.fy == fy),
        std_applicable=std.applicable, std_rate=std.rate, std_tokutei=std.tokutei,
        std_migrated=std.migrated, systems=system_stats(plan, today),
        online_done=online.done, online_applicable=online.applicable,
        tasks=counts.total, tasks_done=counts.done, overdue=counts.late,
        budget_total=fund.total, kofuzei_estimate=fund.kofuzei_estimate_total,
        prefecture_funds=fund.by_source_total.get("都道府県支出金", 0),
        kpis=kpis, areas=[a for a in areas.values() if a.tasks or a.key != CUSTOM_AREA],
    )

