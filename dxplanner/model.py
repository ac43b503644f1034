"""The plan document as plain dataclasses.

A :class:`Plan` is everything one municipality keeps about its DX roadmap. Every collection
is a ``dict`` keyed by the entity's ``id`` (insertion order is the display order unless the
entity has an explicit ``order``). Nothing here knows about storage, Qt or the catalog files;
``dxplanner.ops`` changes a plan, ``dxplanner.store`` keeps it, ``dxplanner.exchange`` writes it.

Money is always ``int`` 円; dates are :class:`datetime.date`; a task's ``precision`` says whether
the user planned it to the day, month, quarter, half or 年度 (the dates then span that unit).
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any

from dxplanner.fiscal import fiscal_year, fy_start

# --- vocabularies (stored values are Japanese, as municipal documents use them) -----------------

MUNICIPALITY_KINDS = ("都道府県", "市", "町", "村", "特別区")
ROLE_KINDS = ("首長", "CIO", "CIO補佐官", "CISO", "DX推進リーダー", "その他")
APPOINTMENT_STATUSES = ("任命済", "予定", "未定")
TASK_STATUSES = ("未着手", "進行中", "完了", "保留", "中止")
DONE_STATUSES = ("完了", "中止")  # a task that no longer runs: never late


def is_late(end: datetime.date | None, status: str, today: datetime.date,
            plan_start: datetime.date | None = None) -> bool:
    """遅延, the one rule everywhere (checks, schedule, reports, survey, review): the planned end has
    passed and the task is neither 完了 nor 中止; days late are counted from the end to ``today``.

    ``plan_start`` is the first day of the plan period (:func:`plan_start`). A task belongs to the
    plan's schedule when its end falls inside the period or after it; a task that ends BEFORE the
    period begins (kept from an older plan after ``switch-edition`` or after the town moved its
    period forward) is not 遅延 of this plan: counting it would report as late, in every total and
    on every bar, work the plan never scheduled, and a new plan would be late on the day it is
    made. Such a task is reported once by the health check instead ("before_plan",
    :func:`ended_before_plan`). Give ``plan_start`` whenever there is a plan; callers with a plan
    and a task use :func:`is_late_in` / :func:`days_late_in`.
    """
    return (end is not None and end < today and status not in DONE_STATUSES
            and (plan_start is None or end >= plan_start))

PRECISIONS = ("day", "month", "quarter", "half", "year")
#: 財源 as a budget (歳出予算の財源内訳) writes it: the 特定財源 first, then 一般財源
FUNDING_SOURCES = ("国庫支出金", "都道府県支出金", "地方債", "その他", "一般財源")
#: 地方交付税 措置 a cost counts on: paid from 一般財源; its 措置見込額 is for reference, never part of a total
ALLOCATIONS = ("", "特別交付税", "普通交付税")
#: funding sources of schema 1 and what they became (see store/migrations.py and exchange/json_format.py)
LEGACY_FUNDING = {"国庫補助金": ("国庫支出金", ""), "特別交付税": ("一般財源", "特別交付税"),
                  "普通交付税": ("一般財源", "普通交付税"), "基金": ("その他", "")}
PHASES = ("計画立案", "システム選定", "移行")
PHASE_STATUSES = ("未着手", "作業中", "完了済み", "対象外")  # of a phase or a town-named step
STD_STATUSES = ("未移行", "移行中", "移行済", "特定移行支援", "対象外")
CLOUD_USES = ("未定", "単独利用", "共同利用")
COST_KINDS = ("運用経費", "移行経費")  # running cost / one-off migration cost
ONLINE_STATUSES = ("未対応", "対応中", "オンライン化済", "対象外")
REVIEW_GRADES = ("A", "B", "C", "D")
DEFAULT_GRADE_LABELS = {
    "A": "目標より進んでいる",
    "B": "目標どおり",
    "C": "遅れている",
    "D": "評価できない",
}
EMPLOYMENT_FORMS = ("特別職非常勤", "任期付職員", "業務委託", "会計年度任用職員", "その他")


@dataclass
class Municipality:
    name: str = ""
    code: str = ""  # 団体コード, 6 digits with check digit
    prefecture: str = ""
    kind: str = "町"
    population: int | None = None


@dataclass
class Role:
    """A person or post in the 推進体制 (首長, CIO, CIO補佐官, CISO, department DX leads)."""

    id: str
    kind: str = "その他"
    title: str = ""
    person: str = ""
    department: str = ""
    external: bool = False
    status: str = "未定"
    date: datetime.date | None = None  # appointed on / planned for
    note: str = ""
    order: int = 0


@dataclass
class Body:
    """A body such as the DX推進本部 or a 部会."""

    id: str
    name: str = ""
    chair: str = ""
    members: list[str] = field(default_factory=list)
    cadence: str = ""  # e.g. 年4回
    status: str = "未定"
    date: datetime.date | None = None
    note: str = ""
    order: int = 0


@dataclass
class StaffCount:
    """Staff of the DX/情報政策 担当 per 年度 (the national survey asks for it)."""

    id: str
    fy: int
    dx_staff: int = 0
    digital_leads: int = 0  # デジタル担当職員 placed in departments
    note: str = ""


@dataclass
class ExternalHire:
    """An external digital expert (外部デジタル人材), e.g. an external CIO補佐官."""

    id: str
    title: str = ""
    person: str = ""
    form: str = "特別職非常勤"
    from_fy: int | None = None
    to_fy: int | None = None
    annual_cost: int = 0  # 円
    funding: str = "一般財源"
    shared_with: str = ""  # 複数市町村での兼務
    note: str = ""
    allocation: str = ""  # 交付税 措置 (ALLOCATIONS): 特別交付税 → 措置見込額 = cost × the catalog's 措置率


@dataclass
class Training:
    id: str
    title: str = ""
    fy: int | None = None
    participants: int = 0
    provider: str = ""
    cost: int = 0  # 円
    note: str = ""


@dataclass
class Area:
    """A part of the plan: an area of the chosen national edition, or one of the town's own."""

    id: str
    kind: str = "custom"  # structure | focus | related | custom
    name: str = ""
    catalog_id: str | None = None
    deadline: datetime.date | None = None  # the national deadline, copied from the catalog
    note: str = ""
    order: int = 0


@dataclass
class Task:
    id: str
    area_id: str
    parent_id: str | None = None
    order: int = 0
    title: str = ""
    description: str = ""
    department: str = ""  # 担当課
    start: datetime.date | None = None
    end: datetime.date | None = None
    precision: str = "month"
    milestone: bool = False
    status: str = "未着手"
    progress: int = 0  # percent
    depends_on: list[str] = field(default_factory=list)  # finish-to-start predecessors
    template_id: str | None = None
    actual_start: datetime.date | None = None
    actual_end: datetime.date | None = None
    comment: str = ""


@dataclass
class Kpi:
    id: str
    area_id: str | None = None
    name: str = ""
    unit: str = ""
    baseline_value: float | None = None
    baseline_fy: int | None = None
    targets: dict[int, float] = field(default_factory=dict)  # 年度 -> value
    actuals: dict[int, float] = field(default_factory=dict)
    catalog_id: str | None = None
    note: str = ""
    order: int = 0


@dataclass
class BudgetLine:
    id: str
    fy: int
    item: str = ""
    amount: int = 0  # 円
    source: str = "一般財源"
    area_id: str | None = None
    task_id: str | None = None
    measure_id: str | None = None  # the national support measure it counts on
    note: str = ""
    allocation: str = ""  # 交付税 措置 (ALLOCATIONS) the cost counts on
    allocation_estimate: int = 0  # 円, its 措置見込額（参考）: never part of the funding total


@dataclass
class StandardSystem:
    """One 業務 of 情報システムの標準化・共通化 as the town tracks it after the national deadline.

    ``status`` is one of :data:`STD_STATUSES`; ``planned_date`` is the planned 稼働日 (移行予定) and
    ``actual_date`` the day the 標準準拠システム actually went live. A 特定移行支援システム has a 事由
    (``tokutei_reason``: the number of one of the catalog's short list, and/or free text in
    ``tokutei_reason_text``) and its own deadline. ``phases`` holds the town's own phases or steps by
    name (the sourced phase names 計画立案・システム選定・移行 to start with) -> :data:`PHASE_STATUSES`.
    ``task_ids`` are the 工程表 tasks that carry this system's migration.
    """

    id: str  # the catalog's business id
    name: str = ""
    status: str = "未移行"
    vendor: str = ""
    system: str = ""  # the package (product) name
    planned_date: datetime.date | None = None  # planned 稼働日
    actual_date: datetime.date | None = None  # actual 稼働日
    tokutei_reason: int | None = None  # 1..4, the catalog's list
    tokutei_reason_text: str = ""
    tokutei_deadline: datetime.date | None = None
    cloud: str = "未定"  # ガバメントクラウド: CLOUD_USES
    cloud_partner: str = ""  # 共同利用 with whom
    contract_start: datetime.date | None = None
    contract_end: datetime.date | None = None
    task_ids: list[str] = field(default_factory=list)
    phases: dict[str, str] = field(default_factory=dict)  # the town's phase/step name -> PHASE_STATUSES
    note: str = ""
    order: int = 0

    @property
    def applicable(self) -> bool:
        """In scope of 標準化 (every status but 対象外)."""
        return self.status != "対象外"

    @property
    def tokutei(self) -> bool:
        return self.status == "特定移行支援"

    @property
    def migrated(self) -> bool:
        return self.status == "移行済"


@dataclass
class SystemCost:
    """運用経費 (running cost) or one-off 移行経費 of one 業務's system or of a group of them, in 円.

    ``baseline`` is the 平成30年度 運用経費 (the national 3割削減 target is measured against it);
    ``actual`` and ``planned`` are 年度 -> 円. ``fund_covered`` marks a one-off cost that the
    デジタル基盤改革支援基金 pays (it never pays 運用経費 or クラウド利用料).
    """

    id: str
    name: str = ""  # e.g. 住民記録系 一括契約; empty: the systems' names
    system_ids: list[str] = field(default_factory=list)
    kind: str = "運用経費"  # COST_KINDS
    baseline: int | None = None
    actual: dict[int, int] = field(default_factory=dict)
    planned: dict[int, int] = field(default_factory=dict)
    fund_covered: bool = False
    note: str = ""
    order: int = 0


@dataclass
class OnlineProcedure:
    id: str  # the catalog's procedure id
    name: str = ""
    group: str = ""
    level: str = "市区町村"
    status: str = "未対応"
    planned_date: datetime.date | None = None
    via_myna_portal: bool = True
    note: str = ""
    order: int = 0


@dataclass
class Snapshot:
    """A frozen copy of the plan (its JSON, without snapshots and reviews) under a name."""

    id: str
    name: str
    taken_at: datetime.datetime
    data: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class ReviewItem:
    target_kind: str  # task | kpi
    target_id: str
    grade: str = ""  # A..D or "" (not yet graded)
    actual: str = ""
    comment: str = ""
    next_step: str = ""


@dataclass
class Review:
    """The yearly review (年度末の振り返り) of one 年度."""

    id: str
    fy: int
    items: list[ReviewItem] = field(default_factory=list)
    grade_labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_GRADE_LABELS))
    summary: str = ""
    reviewed_on: datetime.date | None = None


@dataclass
class Plan:
    title: str = ""
    municipality: Municipality = field(default_factory=Municipality)
    from_fy: int = 2021
    to_fy: int = 2025
    edition: str = "1.0"
    edition_hash: str = ""  # SHA-256 of the edition file the plan follows ("" when not known)
    policy_status: str = "未定"  # 全体方針 (DX推進の全体方針) 策定済/策定中/未定
    policy_date: datetime.date | None = None
    created: datetime.datetime | None = None
    roles: dict[str, Role] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    staff: dict[str, StaffCount] = field(default_factory=dict)
    hires: dict[str, ExternalHire] = field(default_factory=dict)
    trainings: dict[str, Training] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    kpis: dict[str, Kpi] = field(default_factory=dict)
    budget: dict[str, BudgetLine] = field(default_factory=dict)
    systems: dict[str, StandardSystem] = field(default_factory=dict)
    std_costs: dict[str, SystemCost] = field(default_factory=dict)
    procedures: dict[str, OnlineProcedure] = field(default_factory=dict)
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)

    def collection(self, kind: str) -> dict[str, Any]:
        """The dict holding entities of ``kind`` (one of :data:`COLLECTIONS`)."""
        if kind not in COLLECTIONS:
            raise KeyError(kind)
        coll: dict[str, Any] = getattr(self, kind)
        return coll

    def children_of(self, task_id: str | None, area_id: str | None = None) -> list[Task]:
        """Direct children of a task (or the top-level tasks of an area), in display order."""
        kids = [
            t
            for t in self.tasks.values()
            if t.parent_id == task_id and (area_id is None or t.area_id == area_id)
        ]
        kids.sort(key=lambda t: t.order)
        return kids

    def subtree_ids(self, task_id: str) -> list[str]:
        """The task and all its descendants, parents first."""
        by_parent: dict[str | None, list[str]] = {}
        for t in self.tasks.values():
            by_parent.setdefault(t.parent_id, []).append(t.id)
        out: list[str] = []
        stack = [task_id]
        while stack:
            tid = stack.pop()
            out.append(tid)
            stack.extend(reversed(by_parent.get(tid, [])))
        return out

    def ordered_tasks(self) -> list[tuple[int, Task]]:
        """Every task in tree order (areas in order, then depth first) with its depth."""
        by_parent: dict[tuple[str, str | None], list[Task]] = {}
        for t in self.tasks.values():
            by_parent.setdefault((t.area_id, t.parent_id), []).append(t)
        for lst in by_parent.values():
            lst.sort(key=lambda t: t.order)
        out: list[tuple[int, Task]] = []
        seen: set[str] = set()
        for area in sorted(self.areas.values(), key=lambda a: a.order):
            stack: list[tuple[int, Task]] = [(0, t) for t in reversed(by_parent.get((area.id, None), []))]
            while stack:
                depth, t = stack.pop()
                if t.id in seen:
                    continue
                seen.add(t.id)
                out.append((depth, t))
                stack.extend((depth + 1, c) for c in reversed(by_parent.get((area.id, t.id), [])))
        # tasks whose area or parent is missing still show (at the end) rather than vanish
        out.extend((0, t) for t in self.tasks.values() if t.id not in seen)
        return out


# kind -> entity class, for the generic edit operations and the storage layer
COLLECTIONS: dict[str, type] = {
    "roles": Role,
    "bodies": Body,
    "staff": StaffCount,
    "hires": ExternalHire,
    "trainings": Training,
    "areas": Area,
    "tasks": Task,
    "kpis": Kpi,
    "budget": BudgetLine,
    "systems": StandardSystem,
    "std_costs": SystemCost,
    "procedures": OnlineProcedure,
    "snapshots": Snapshot,
    "reviews": Review,
}

PLAN_FIELDS = ("title", "from_fy", "to_fy", "edition", "edition_hash", "policy_status", "policy_date", "created")


def entity_fields(cls: type) -> tuple[str, ...]:
    """Names of the dataclass fields of an entity class (ClassVars excluded)."""
    return tuple(f.name for f in dataclasses.fields(cls))


def clone(obj: Any) -> Any:
    """A deep copy of an entity (cheap: entities hold only plain values, lists and dicts)."""
    return _deep(obj)


def _deep(v: Any) -> Any:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return type(v)(**{f.name: _deep(getattr(v, f.name)) for f in dataclasses.fields(v)})
    if isinstance(v, list):
        return [_deep(x) for x in v]
    if isinstance(v, dict):
        return {k: _deep(x) for k, x in v.items()}
    return v


# --- 遅延 of a task in its plan (the rule is :func:`is_late`) ---------------------------------------


def plan_start(plan: Plan) -> datetime.date:
    """The first day of the plan period (1 April of ``plan.from_fy``)."""
    return fy_start(plan.from_fy)


def task_fy(plan: Plan, task: Task) -> int:
    """The 年度 a period typed without a year (第2四半期, 4～6月, 上期, 7月) means for ``task``: that
    of its start, else of its nearest dated parent, else the plan's first 年度 — never "this" 年度,
    which would put a task of a later 年度 into the current one."""
    t: Task | None = task
    while t is not None:
        if t.start is not None:
            return fiscal_year(t.start)
        t = plan.tasks.get(t.parent_id) if t.parent_id is not None else None
    return plan.from_fy


def is_late_in(plan: Plan, task: Task, as_of: datetime.date) -> bool:
    """Whether ``task`` is 遅延 of ``plan`` on ``as_of`` (:func:`is_late` with the plan's start)."""
    return is_late(task.end, task.status, as_of, plan_start(plan))


def days_late_in(plan: Plan, task: Task, as_of: datetime.date) -> int | None:
    """Days from the task's end to ``as_of`` when it is 遅延 of ``plan`` (None when it is not)."""
    if task.end is None or not is_late_in(plan, task, as_of):
        return None
    return (as_of - task.end).days


def ended_before_plan(plan: Plan, task: Task, as_of: datetime.date) -> bool:
    """Not done, past its end, but the end lies before the plan period: the health check's
    "before_plan", never 遅延 of this plan (see :func:`is_late`)."""
    return is_late(task.end, task.status, as_of) and not is_late_in(plan, task, as_of)
