"""標準化 after the deadline: the figures every output shows (window, PDF, Excel, roll-up).

One place computes them so the window, the council PDF and the prefecture workbook never
disagree: status counts, "migrated / in scope", and 運用経費 by 年度 against the 平成30年度
baseline and the national 3割削減 target.

Sources (see docs/standardization.md): the 3割 target against 平成30年度 (確認: ITmedia
2025-06-16, digital.go.jp); the デジタル基盤改革支援基金 does not cover 運用経費 or
クラウド利用料 (二次: a gcportal document citing 総務省 001053408.pdf).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dxplanner.fiscal import fiscal_year
from dxplanner.model import STD_STATUSES, Plan, StandardSystem, SystemCost

BASELINE_FY = 2018  # 平成30年度
TARGET_REDUCTION = 0.3  # 3割削減 against 平成30年度
RUNNING = "運用経費"
ONE_OFF = "移行経費"
CONTRACT_WARNING_DAYS = 180  # a contract ending within this many days is flagged


def ordered_systems(plan: Plan) -> list[StandardSystem]:
    return sorted(plan.systems.values(), key=lambda s: (s.order, s.id))


def status_counts(plan: Plan) -> dict[str, int]:
    """Systems per status, every status present (in :data:`STD_STATUSES` order)."""
    out = dict.fromkeys(STD_STATUSES, 0)
    for s in plan.systems.values():
        out[s.status] = out.get(s.status, 0) + 1
    return out


def progress(plan: Plan) -> tuple[int, int]:
    """(systems 移行済, systems in scope): the one 標準化 figure of the cover and the summary."""
    in_scope = [s for s in plan.systems.values() if s.applicable]
    return sum(1 for s in in_scope if s.migrated), len(in_scope)


def cost_label(plan: Plan, c: SystemCost) -> str:
    """The cost row's name, or the names of its systems."""
    if c.name:
        return c.name
    return "・".join(plan.systems[i].name for i in c.system_ids if i in plan.systems)


def cost_value(c: SystemCost, fy: int) -> tuple[int | None, bool]:
    """(amount, is_actual) of one row in one 年度: the actual when recorded, else the plan."""
    if fy in c.actual:
        return c.actual[fy], True
    if fy in c.planned:
        return c.planned[fy], False
    return None, False


def reduction(baseline: int | None, cost: int | None) -> float | None:
    """Reduction against the baseline (0.3 = 3割削減; negative = an increase); None without both."""
    if not baseline or cost is None:
        return None
    return 1 - cost / baseline


@dataclass(frozen=True)
class CostYear:
    """Total 運用経費 of one 年度 (円)."""

    fy: int
    actual: int | None  # sum of the rows' actuals (None: nothing recorded)
    planned: int | None  # sum of the rows' plans
    total: int | None  # per row: actual if recorded, else planned
    all_actual: bool  # every row contributing to ``total`` is an actual
    reduction: float | None  # of ``total`` against the baseline


@dataclass(frozen=True)
class CostSummary:
    baseline: int | None  # total 平成30年度 運用経費 (None when no row has one)
    target: int | None  # the 3割削減 line: baseline × 0.7
    years: list[CostYear]
    one_off: dict[int, int]  # 移行経費 per 年度 (actual, else planned)
    one_off_fund: dict[int, int]  # of which the デジタル基盤改革支援基金 covers


PLAN_AHEAD = 3  # 年度 after this one the cost table always offers (plans run past the deadline)


def cost_years(plan: Plan, today: datetime.date | None = None) -> list[int]:
    """The 年度 the cost table and chart span: the plan's period and this 年度 plus
    :data:`PLAN_AHEAD`, extended to every 年度 holding a figure (at most 21 年度)."""
    fys = {fy for c in plan.std_costs.values() for fy in (*c.actual, *c.planned)}
    now = fiscal_year(today or datetime.date.today())
    lo = min([plan.from_fy, *fys])
    hi = max([plan.to_fy, now + PLAN_AHEAD, *fys])
    return list(range(lo, min(hi, lo + 20) + 1))


def running_rows(plan: Plan) -> list[SystemCost]:
    return [c for c in sorted(plan.std_costs.values(), key=lambda c: (c.order, c.id)) if c.kind == RUNNING]


def summarize_costs(plan: Plan, years: list[int] | None = None) -> CostSummary:
    rows = running_rows(plan)
    bases = [c.baseline for c in rows if c.baseline is not None]
    baseline = sum(bases) if bases else None
    target = round(baseline * (1 - TARGET_REDUCTION)) if baseline is not None else None
    out: list[CostYear] = []
    for fy in years if years is not None else cost_years(plan):
        acts = [c.actual[fy] for c in rows if fy in c.actual]
        plans = [c.planned[fy] for c in rows if fy in c.planned]
        vals = [cost_value(c, fy) for c in rows]
        got = [(v, a) for v, a in vals if v is not None]
        total = sum(v for v, _ in got) if got else None
        out.append(CostYear(fy, sum(acts) if acts else None, sum(plans) if plans else None, total,
                            bool(got) and all(a for _, a in got), reduction(baseline, total)))
    one_off: dict[int, int] = {}
    fund: dict[int, int] = {}
    for c in plan.std_costs.values():
        if c.kind != ONE_OFF:
            continue
        for fy in sorted({*c.actual, *c.planned}):
            v, _ = cost_value(c, fy)
            if v is None:
                continue
            one_off[fy] = one_off.get(fy, 0) + v
            if c.fund_covered:
                fund[fy] = fund.get(fy, 0) + v
    return CostSummary(baseline, target, out, dict(sorted(one_off.items())), dict(sorted(fund.items())))


def system_costs(plan: Plan, fy: int) -> dict[str, tuple[int | None, int | None, str]]:
    """Per system id: (平成30年度 baseline, 運用経費 of ``fy``, group note) for one-row-per-system
    tables (the prefecture's sheet). A cost kept for a group of systems is shown in the row of its
    first system (in the tracker's order) and the others say where it is counted ("…に含む"), so
    sums over the sheet never count it twice."""
    order = {s.id: n for n, s in enumerate(ordered_systems(plan))}
    out: dict[str, tuple[int | None, int | None, str]] = {}
    for c in running_rows(plan):
        ids = sorted((i for i in c.system_ids if i in plan.systems), key=lambda i: order[i])
        if not ids:
            continue
        head, rest = ids[0], ids[1:]
        b0, v0, n0 = out.get(head, (None, None, ""))
        cur, _ = cost_value(c, fy)
        base = c.baseline if b0 is None else b0 + (c.baseline or 0)
        val = cur if v0 is None else v0 + (cur or 0)
        note = n0
        if rest:
            note = (n0 + " " if n0 else "") + "＋" + "・".join(plan.systems[i].name for i in rest)
        out[head] = (base, val, note)
        for i in rest:
            b, v, n = out.get(i, (None, None, ""))
            out[i] = (b, v, (n + " " if n else "") + "→" + plan.systems[head].name)
    return out


def current_fy(today: datetime.date) -> int:
    return fiscal_year(today)
