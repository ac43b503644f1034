"""財源 as budgets write them (schema 2): the sources, the 交付税 措置 outside the total, the migration."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.errors import ValidationError
from dxplanner.exchange.json_format import dumps, loads, plan_to_dict
from dxplanner.exchange.survey import Survey, survey_of
from dxplanner.funding import summarize
from dxplanner.model import FUNDING_SOURCES, BudgetLine, ExternalHire
from dxplanner.store.gateway import PlanFile

V1 = Path(__file__).resolve().parents[1] / "data" / "schema" / "v1.dxplan"
TODAY = datetime.date(2026, 12, 4)


def test_sources_are_the_budgets_and_allocation_is_outside_the_total(plan):
    assert FUNDING_SOURCES == ("国庫支出金", "都道府県支出金", "地方債", "その他", "一般財源")
    plan.budget["a"] = BudgetLine(id="a", fy=2022, item="県補助", amount=1_000_000, source="都道府県支出金")
    plan.budget["b"] = BudgetLine(id="b", fy=2022, item="スマホ教室", amount=450_000, source="一般財源",
                                  allocation="普通交付税", allocation_estimate=300_000)
    plan.hires["h"] = ExternalHire(id="h", title="CIO補佐官", from_fy=2022, to_fy=2022, annual_cost=2_400_000,
                                   allocation="特別交付税")
    s = summarize(plan)
    row = next(r for r in s.rows if r.fy == 2022)
    assert row.by_source["都道府県支出金"] == 1_000_000
    assert row.by_source["一般財源"] == 450_000 + 2_400_000
    assert row.total == 1_000_000 + 450_000 + 2_400_000  # the 措置 is never added
    assert row.kofuzei_estimate == 300_000 + 1_200_000  # entered estimate + cost × 0.5
    survey = survey_of(plan, TODAY)
    assert survey.prefecture_funds == 1_000_000
    assert Survey.from_json(json.loads(json.dumps(survey.to_json()))).prefecture_funds == 1_000_000


def test_a_legacy_source_is_refused(plan):
    line = BudgetLine(id="x", fy=2022, item="x", amount=1, source="特別交付税")
    with pytest.raises(ValidationError):
        ops.PutEntities("budget", [line]).apply(plan)


def test_schema_1_file_migrates_keeping_the_estimate(tmp_path):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(V1, path)
    with PlanFile.open(path, readonly=True) as pf:  # a reader (the roll-up) sees it migrated, in memory
        read = plan_to_dict(pf.load())
    with Document.open(path) as doc:
        plan = doc.plan
        assert plan_to_dict(plan) == read
    b = {x.id: x for x in plan.budget.values()}
    assert (b["bl02"].source, b["bl02"].allocation, b["bl02"].allocation_estimate) == ("国庫支出金", "", 0)
    assert (b["bl09"].source, b["bl09"].allocation, b["bl09"].allocation_estimate) == ("一般財源", "普通交付税",
                                                                                        450_000)
    h = plan.hires["h1"]
    assert (h.funding, h.allocation) == ("一般財源", "特別交付税")
    s = summarize(plan)
    assert set(s.by_source_total) == set(FUNDING_SOURCES)
    assert s.kofuzei_estimate_total == 2 * 450_000 + 4 * 1_200_000
    for snap in plan.snapshots.values():  # the frozen plans are upgraded too
        assert all(line["source"] in FUNDING_SOURCES for line in snap.data.get("budget", []))


def test_format_1_json_is_upgraded(plan):
    plan.hires["h"] = ExternalHire(id="h", title="CIO補佐官", from_fy=2022, to_fy=2023, annual_cost=1000)
    d = json.loads(dumps(plan))
    d["format_version"] = 1
    for hire in d["hires"]:
        del hire["allocation"]
        hire["funding"] = "特別交付税"
    d["budget"] = [{"id": "z", "fy": 2022, "item": "基金充当", "amount": 5000, "source": "基金"}]
    upgraded = loads(json.dumps(d))
    assert upgraded.hires["h"].funding == "一般財源" and upgraded.hires["h"].allocation == "特別交付税"
    assert upgraded.budget["z"].source == "その他"
