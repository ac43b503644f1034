from __future__ import annotations

import datetime

import pytest

from dxplanner.catalog import load_edition
from dxplanner.errors import ValidationError
from dxplanner.template import new_plan


def test_new_fills_every_area_and_tracker(plan):
    ed = load_edition("1.0")
    assert [a.id for a in sorted(plan.areas.values(), key=lambda a: a.order)] == [a.id for a in ed.areas]
    for a in ed.areas:
        assert any(t.area_id == a.id for t in plan.tasks.values()), a.id
    assert len(plan.systems) == 20  # 17 + 3 later additions
    assert sum(1 for s in plan.systems.values() if not s.note) == 17
    assert len(plan.procedures) == 31
    assert sum(1 for p in plan.procedures.values() if p.status == "対象外") == 4  # the prefectural ones
    kinds = {r.kind for r in plan.roles.values()}
    assert {"首長", "CIO", "CIO補佐官", "CISO"} <= kinds
    assert plan.bodies
    assert plan.from_fy == 2021 and plan.to_fy == 2025  # 令和3年度〜令和7年度: the whole 年度 of 2021-01..2026-03


def test_tasks_scheduled_against_national_deadlines(plan):
    std = plan.areas["std"]
    assert std.deadline == datetime.date(2026, 3, 31)
    for area_id in ("std", "mynum", "online"):
        dl = plan.areas[area_id].deadline
        for t in plan.tasks.values():
            if t.area_id == area_id:
                assert t.end <= dl, (area_id, t.title, t.end)
    assert any(t.milestone and t.end == datetime.date(2026, 3, 31) for t in plan.tasks.values() if t.area_id == "std")
    for t in plan.tasks.values():
        assert t.start <= t.end
        if t.parent_id:
            p = plan.tasks[t.parent_id]
            assert p.start <= t.start and t.end <= p.end


def test_prefecture_gets_prefectural_lists():
    p = new_plan("北海道", "010006", kind="都道府県")
    assert {s.name for s in p.systems.values()} == {"児童扶養手当", "生活保護"}
    assert {x.level for x in p.procedures.values() if x.status != "対象外"} == {"都道府県"}


def test_later_plan_period_and_edition():
    p = new_plan("みどり町", "019992", edition="2.3", from_fy=2026, to_fy=2030)
    assert "front" in p.areas and p.from_fy == 2026
    assert all(t.start >= datetime.date(2026, 4, 1) for t in p.tasks.values())


def test_bad_inputs():
    with pytest.raises(ValidationError):
        new_plan("x", "019991")
    with pytest.raises(ValidationError):
        new_plan("x", "019992", from_fy=2026, to_fy=2024)
    from dxplanner.catalog import CatalogError

    with pytest.raises(CatalogError):
        new_plan("x", "019992", edition="9.9")
