"""The figures shown in more than one place, computed once (one fact, one place).

The cover and every section of the PDF, the sheets of the workbook, the survey figures the
prefecture rolls up and the window all take a repeated figure from here, so that no two places
of one document (or of two documents made the same day) can disagree. Each function says what it
counts; the measures are defined for the reader in :mod:`dxplanner.glossary`.

Two user-entered facts can say the same thing (a CIO補佐官 entered as an external hire on
デジタル人材 and as a role on 推進体制): the figures here combine them, and
:mod:`dxplanner.checks` reports where they disagree.
"""

from __future__ import annotations

import dataclasses
import datetime

from dxplanner.fiscal import fiscal_year, fy_end
from dxplanner.model import ExternalHire, Kpi, Plan, StandardSystem, Task, days_late_in, is_late, plan_start
from dxplanner.standardization import progress

ROLE_RANK = {"任命済": 0, "予定": 1, "未定": 2, "なし": 3}
NO_ROLE = "なし"  # no such role in the 推進体制 at all
CIO_ASSISTANT_WORDS = ("CIO補佐官", "CIO 補佐官", "ＣＩＯ補佐官")


@dataclasses.dataclass(frozen=True)
class TaskCounts:
    """Tasks by status on a day. ``late`` counts tasks also counted under their own status."""

    total: int = 0
    done: int = 0  # 完了
    in_progress: int = 0  # 進行中
    not_started: int = 0  # 未着手
    on_hold: int = 0  # 保留
    cancelled: int = 0  # 中止
    late: int = 0  # 遅延 (see model.is_late)

    @property
    def completion_rate(self) -> float | None:
        """完了率: tasks 完了 / all tasks (中止 included in the denominator); None without tasks."""
        return self.done / self.total if self.total else None


_STATUS_FIELD = {
    "完了": "done", "進行中": "in_progress", "未着手": "not_started", "保留": "on_hold", "中止": "cancelled",
}


def task_counts(tasks: list[Task] | None, today: datetime.date, plan: Plan | None = None) -> TaskCounts:
    """Count ``tasks`` (or all of ``plan``'s) by status and 遅延 as of ``today`` (a task that ended
    before ``plan``'s period is not 遅延 of it: model.is_late)."""
    items = tasks if tasks is not None else list(plan.tasks.values()) if plan else []
    start = plan_start(plan) if plan else None
    c = dict.fromkeys(_STATUS_FIELD.values(), 0)
    late = 0
    for t in items:
        c[_STATUS_FIELD.get(t.status, "not_started")] += 1
        late += is_late(t.end, t.status, today, start)
    return TaskCounts(total=len(items), late=late, **c)


def late_days(plan: Plan, t: Task, today: datetime.date) -> int | None:
    """How many days late a task of ``plan`` is on ``today`` (None when it is not late)."""
    return days_late_in(plan, t, today)


def review_date(fy: int, reviewed_on: datetime.date | None, today: datetime.date) -> datetime.date:
    """The day a yearly review of ``fy`` counts delays on: its review date, else the end of that 年度
    (never later than ``today``: a review of the current 年度 counts as of today)."""
    day = reviewed_on or fy_end(fy)
    return min(day, today)


# --- 推進体制 --------------------------------------------------------------------------------------


def role_status(plan: Plan, kind: str) -> str:
    """The furthest status among the roles of a kind: 任命済 > 予定 > 未定; 「なし」 without any."""
    found = [r.status for r in plan.roles.values() if r.kind == kind]
    return min(found, key=lambda s: ROLE_RANK.get(s, 2)) if found else NO_ROLE


def is_cio_assistant_hire(h: ExternalHire) -> bool:
    return any(w in h.title for w in CIO_ASSISTANT_WORDS)


def active_hires(plan: Plan, fy: int) -> list[ExternalHire]:
    """External hires whose period includes ``fy`` (an open end runs to the plan's end)."""
    return [h for h in plan.hires.values()
            if h.from_fy is not None and h.from_fy <= fy <= (h.to_fy if h.to_fy is not None else plan.to_fy)]


@dataclasses.dataclass(frozen=True)
class CioAssistant:
    status: str  # 任命済 / 予定 / 未定 / なし
    external: bool  # an external person holds it (a role marked 外部, or an external hire titled CIO補佐官)


def cio_assistant(plan: Plan, today: datetime.date) -> CioAssistant:
    """CIO補佐官等: the role on 推進体制, or an external hire titled CIO補佐官 active this 年度 (both count)."""
    status = role_status(plan, "CIO補佐官")
    hired = [h for h in active_hires(plan, fiscal_year(today)) if is_cio_assistant_hire(h)]
    if hired:
        status = "任命済"
    external = bool(hired) or any(r.kind == "CIO補佐官" and r.external and r.status == "任命済"
                                  for r in plan.roles.values())
    return CioAssistant(status, external)


# --- trackers --------------------------------------------------------------------------------------


def system_migrated(s: StandardSystem) -> bool:
    """A 業務 is migrated when the town's tracker says 移行済."""
    return s.migrated


def system_late(s: StandardSystem, today: datetime.date) -> bool:
    """遅延 on the tracker: in scope, the town's own 移行予定日 has passed and the 業務 is not migrated."""
    return s.applicable and s.planned_date is not None and s.planned_date < today and not s.migrated


@dataclasses.dataclass(frozen=True)
class StdFigures:
    systems: int  # every 業務 listed
    applicable: int  # in scope (not 対象外)
    migrated: int  # 移行済 (from the tracker, never from task counts)
    tokutei: int  # 特定移行支援
    rate: float | None  # 移行済 ÷ in scope (None when nothing is in scope)
    late: int = 0  # past the town's own 移行予定日 and not migrated (on the day given)


def std_figures(plan: Plan, today: datetime.date | None = None) -> StdFigures:
    migrated, in_scope = progress(plan)
    return StdFigures(
        systems=len(plan.systems), applicable=in_scope, migrated=migrated,
        tokutei=sum(1 for s in plan.systems.values() if s.tokutei),
        rate=migrated / in_scope if in_scope else None,
        late=sum(1 for s in plan.systems.values() if system_late(s, today)) if today else 0,
    )


@dataclasses.dataclass(frozen=True)
class OnlineFigures:
    applicable: int  # not 対象外
    done: int  # オンライン化済
    late: int  # past the town's own planned date and not online


def procedure_late(status: str, planned: datetime.date | None, today: datetime.date) -> bool:
    """A 手続 is late when its planned date (the town's own) has passed and it is not online yet."""
    return planned is not None and planned < today and status not in ("オンライン化済", "対象外")


def online_figures(plan: Plan, today: datetime.date) -> OnlineFigures:
    procs = [p for p in plan.procedures.values() if p.status != "対象外"]
    return OnlineFigures(
        applicable=len(procs), done=sum(1 for p in procs if p.status == "オンライン化済"),
        late=sum(1 for p in procs if procedure_late(p.status, p.planned_date, today)),
    )


# --- KPI 達成率 -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Achievement:
    """Two measures, never under one label (see the glossary):

    * 達成率（当該年度目標比）: the latest actual against the target of the same 年度;
    * 達成率（最終目標比）: the latest actual against the final target (the last 年度 with a target).
    """

    actual_fy: int | None
    actual: float | None
    year_target: float | None
    final_fy: int | None
    final_target: float | None

    @property
    def year_rate(self) -> float | None:
        return self.actual / self.year_target if self.actual is not None and self.year_target else None

    @property
    def final_rate(self) -> float | None:
        return self.actual / self.final_target if self.actual is not None and self.final_target else None


def achievement(k: Kpi, today: datetime.date) -> Achievement:
    """The latest actual up to the 年度 of ``today``, and both targets it is measured against."""
    upto = fiscal_year(today)
    years = [fy for fy in k.actuals if fy <= upto]
    afy = max(years) if years else None
    final_fy = max(k.targets) if k.targets else None
    return Achievement(
        actual_fy=afy, actual=float(k.actuals[afy]) if afy is not None else None,
        year_target=float(k.targets[afy]) if afy is not None and afy in k.targets else None,
        final_fy=final_fy, final_target=float(k.targets[final_fy]) if final_fy is not None else None,
    )
