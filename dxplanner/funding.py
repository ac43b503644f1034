"""Costs by 年度 and funding source, and the 特別交付税 estimate.

Costs come from budget lines, external hires (their annual cost in each 年度 of their period)
and training programmes. 特別交付税 "措置率" items are not grants paid one to one: the rate
enters the 特別交付税 formula (and a 財政力指数 factor the program does not know). So the
amount is shown only as 「措置見込額（参考）」 = cost × rate, and never added to the funding total.
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
    kofuzei_estimate: int  # 特別交付税 措置見込額（参考）


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
    for h in plan.hires.values():
        if h.from_fy is None:
            continue
        last = h.to_fy if h.to_fy is not None else plan.to_fy
        for fy in range(h.from_fy, last + 1):
            if h.funding == "特別交付税":
                # paid from the town's own funds; 特別交付税 later counts rate × cost (an estimate)
                amounts[fy]["一般財源"] += h.annual_cost
                estimate[fy] += round(h.annual_cost * rate)
            else:
                amounts[fy][h.funding] += h.annual_cost
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
