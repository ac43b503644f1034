"""Costs by 年度 and funding source (財源), as a budget writes them, and the 交付税 措置 estimate.

Sources follow the 財源内訳 of a budget: 国庫支出金, 都道府県支出金, 地方債, その他 (特定財源) and
一般財源. Costs come from budget lines, external hires (their annual cost in each 年度 of their
period) and training programmes (一般財源).

地方交付税 is never a line's source: a cost that counts on a 交付税 措置 is paid from 一般財源, and the
措置 enters the 交付税 formula later (the 措置率 and a 財政力指数 factor the program does not know).
So the amount is shown only as 「措置見込額（参考）」 and never added to the funding total: a budget
line carries the estimate the town entered; an external hire with 特別交付税 措置 counts cost × the
catalog's 措置率 (外部人材 0.5).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from dxplanner.model import FUNDING_SOURCES, Plan

ESTIMATE_LABEL = "措置見込額（参考）"
DEFAULT_EXT_TALENT_RATE = 0.5  # seed: 外部人材 特別交付税 措置率0.5; read from the catalog when present


@dataclasses.dataclass
class FundingRow:
    fy: int
    by_source: dict[str, int]
    total: int
    kofuzei_estimate: int  # 交付税 措置見込額（参考）, outside the total


@dataclasses.dataclass
class FundingSummary:
    rows: list[FundingRow]
    by_source_total: dict[str, int]
    total: int
    kofuzei_estimate_total: int
    estimate_label: str = ESTIMATE_LABEL


def ext_talent_rate(edition: str) -> float:
    try:
        from dxplanner.catalog import load_edition

        m = load_edition(edition).measure("ext_talent")
        return m.rate if m.rate is not None else DEFAULT_EXT_TALENT_RATE
    except Exception:
        return DEFAULT_EXT_TALENT_RATE


def summarize(plan: Plan) -> FundingSummary:
    amounts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FUNDING_SOURCES, 0))
    estimate: dict[int, int] = defaultdict(int)
    rate = ext_talent_rate(plan.edition)
    for b in plan.budget.values():
        amounts[b.fy][b.source] += b.amount
        if b.allocation:
            estimate[b.fy] += b.allocation_estimate
    for h in plan.hires.values():
        if h.from_fy is None:
            continue
        last = h.to_fy if h.to_fy is not None else plan.to_fy
        for fy in range(h.from_fy, last + 1):
            amounts[fy][h.funding] += h.annual_cost
            if h.allocation == "特別交付税":
                estimate[fy] += round(h.annual_cost * rate)
    for t in plan.trainings.values():
        if t.fy is not None and t.cost:
            amounts[t.fy]["一般財源"] += t.cost
    fys = sorted(set(amounts) | set(range(plan.from_fy, plan.to_fy + 1)))
    rows = []
    for fy in fys:
        by = dict(amounts[fy]) if fy in amounts else dict.fromkeys(FUNDING_SOURCES, 0)
        rows.append(FundingRow(fy, by, sum(by.values()), estimate.get(fy, 0)))
    by_total = {s: sum(r.by_source[s] for r in rows) for s in FUNDING_SOURCES}
    return FundingSummary(rows, by_total, sum(by_total.values()), sum(estimate.values()))
