from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxplanner import ops
from dxplanner.errors import ValidationError
from dxplanner.exchange.json_format import FORMAT_VERSION, dumps, loads, plan_from_dict, plan_to_dict
from dxplanner.model import BudgetLine, ExternalHire, Kpi, Review, ReviewItem, Snapshot, StaffCount, Task
from dxplanner.store.gateway import PlanFile, write_new

# text as people type it: any character that may be stored (no controls, no lone surrogates)
safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
    max_size=30,
).filter(lambda s: not any("\ufdd0" <= c <= "\ufdef" for c in s))
dates = st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2035, 12, 31))


@st.composite
def edits(draw, plan):
    area = draw(st.sampled_from(sorted(plan.areas)))
    n = draw(st.integers(0, 5))
    tasks = []
    for i in range(n):
        a, b = sorted([draw(dates), draw(dates)])
        tasks.append(Task(id=f"h{i}", area_id=area, title=draw(safe_text.filter(lambda s: s.strip())), description=draw(safe_text),
                          department=draw(safe_text), start=a, end=b, progress=draw(st.integers(0, 100)),
                          order=100 + i, milestone=draw(st.booleans())))
    kpi = Kpi(id="hk", area_id=area, name=draw(safe_text), unit=draw(safe_text),
              targets=draw(st.dictionaries(st.integers(2020, 2030), st.floats(-1e9, 1e9, allow_nan=False), max_size=4)),
              actuals=draw(st.dictionaries(st.integers(2020, 2030), st.floats(-1e9, 1e9, allow_nan=False), max_size=4)))
    budget = BudgetLine(id="hb", fy=draw(st.integers(2020, 2030)), item=draw(safe_text), amount=draw(st.integers(0, 10**12)))
    return tasks, kpi, budget


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_dump_load_dump_exact_and_storage_round_trip(plan, tmp_path_factory, data):
    tasks, kpi, budget = data.draw(edits(plan))
    ops.PutEntities("tasks", tasks).apply(plan) if tasks else None
    ops.PutEntities("kpis", [kpi]).apply(plan)
    ops.PutEntities("budget", [budget]).apply(plan)
    text = dumps(plan)
    again = dumps(loads(text))
    assert again == text
    p = tmp_path_factory.mktemp("rt") / "p.dxplan"
    write_new(p, plan)
    with PlanFile.open(p, readonly=True) as pf:
        assert dumps(pf.load()) == text


def test_history_travels(plan):
    snap = Snapshot(id="s1", name="当初計画", taken_at=datetime.datetime(2021, 4, 1, 10), data=plan_to_dict(plan, include_history=False))
    rev = Review(id="r1", fy=2021, items=[ReviewItem("tasks", next(iter(plan.tasks)), grade="B", comment="順調")])
    plan.snapshots["s1"] = snap
    plan.reviews["r1"] = rev
    plan.staff["st"] = StaffCount(id="st", fy=2021, dx_staff=3)
    plan.hires["h"] = ExternalHire(id="h", title="CIO補佐官", from_fy=2021, to_fy=2023, annual_cost=3_600_000)
    back = loads(dumps(plan))
    assert back.snapshots["s1"].data == snap.data
    assert back.reviews["r1"].items[0].grade == "B"
    assert dumps(back) == dumps(plan)


def test_format_is_documented_and_versioned(plan):
    d = plan_to_dict(plan)
    assert d["format"] == "dxplanner-plan" and d["format_version"] == FORMAT_VERSION
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "json-format.md").read_text(encoding="utf-8")
    assert f"format_version\": {FORMAT_VERSION}" in doc or f"format_version: {FORMAT_VERSION}" in doc
    for key in d:
        assert f"`{key}`" in doc, key


@pytest.mark.parametrize(
    "mutate,needle",
    [
        (lambda d: d.update(format="other"), "DX Planner"),
        (lambda d: d.update(format_version=FORMAT_VERSION + 1), "新しい"),
        (lambda d: d["tasks"][0].update(progress="半分"), "進捗"),
        (lambda d: d["tasks"][0].update(start="2025-13-01"), "開始"),
        (lambda d: d["tasks"][0].update(title="a\u0000b"), "制御文字"),
        (lambda d: d["tasks"][0].update(area_id="nope"), "区分"),
        (lambda d: d["tasks"][1].update(id=d["tasks"][0]["id"]), "二重"),
        (lambda d: d["tasks"][0].update(extra=1), "不明"),
        (lambda d: d["municipality"].update(code="019990"), "検査数字"),
        (lambda d: d.update(tasks={}), "tasks"),
    ],
)
def test_bad_json_refused_with_message(plan, mutate, needle):
    d = json.loads(dumps(plan))
    mutate(d)
    with pytest.raises(ValidationError) as ei:
        plan_from_dict(d)
    assert needle in ei.value.message_ja, ei.value.message_ja


def test_not_json_at_all():
    with pytest.raises(ValidationError):
        loads("{not json")
