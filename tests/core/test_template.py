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
    assert all(not s.note for s in plan.systems.values())  # the note is the town's own (備考)
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
    p = new_plan("北海道", "010006", kind="都道府県", edition="1.0")
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


# --- a new plan is right on the day it is made ----------------------------------------------------

from dxplanner import checks  # noqa: E402
from dxplanner.catalog import edition_hash, newest_edition  # noqa: E402
from dxplanner.fiscal import fiscal_year  # noqa: E402
from dxplanner.model import is_late  # noqa: E402
from dxplanner.template import Situation, default_period  # noqa: E402


@pytest.mark.parametrize(("day", "period"), [
    (datetime.date(2026, 12, 4), (2026, 2030)),   # the day this was written: 令和8年度から5年度
    (datetime.date(2026, 4, 1), (2026, 2030)),
    (datetime.date(2027, 1, 5), (2027, 2031)),    # January–March: the next 年度
    (datetime.date(2027, 3, 31), (2027, 2031)),
])
def test_default_period(day, period):
    assert default_period(day) == period


@pytest.mark.parametrize("day", [datetime.date.today(), datetime.date(2026, 12, 4), datetime.date(2027, 2, 28),
                                 datetime.date(2029, 6, 30)])
def test_new_with_only_name_and_code_is_right_on_the_day(day):
    now = datetime.datetime.combine(day, datetime.time(9, 0))
    p = new_plan("試験町", "123455", now=now)
    assert p.edition == newest_edition() and p.edition_hash == edition_hash(p.edition)
    assert p.from_fy <= fiscal_year(day) + 1 and p.to_fy == p.from_fy + 4
    assert p.from_fy in (fiscal_year(day), fiscal_year(day) + 1)
    assert p.tasks
    assert not [t.title for t in p.tasks.values() if is_late(t.end, t.status, day)]
    assert all(t.end >= day for t in p.tasks.values())
    codes = {f.code for f in checks.check(p, day)}
    assert not codes & {"overdue", "after_deadline", "system_late", "procedure_overdue", "procedure_late"}


def test_old_edition_on_a_new_period_raises_no_deadline_warnings_the_user_cannot_clear():
    day = datetime.date(2026, 12, 4)
    p = new_plan("みどり町", "019992", edition="1.0", from_fy=2026, to_fy=2030,
                 now=datetime.datetime(2026, 12, 4, 9, 0))
    codes = [f.code for f in checks.check(p, day)]
    assert "overdue" not in codes and "after_deadline" not in codes and "procedure_overdue" not in codes
    assert all(t.end >= day for t in p.tasks.values())


def test_situation_chooses_starter_tasks():
    now = datetime.datetime(2026, 12, 4, 9, 0)

    def titles(sit):
        p = new_plan("みどり町", "019992", now=now, situation=sit)
        return {t.template_id for t in p.tasks.values()}, p

    done, p_done = titles(Situation(std="移行済", cio=True, ciso=True, hq=True))
    tokutei, _p = titles(Situation(std="特定移行支援", cio=False, ciso=False, hq=False))
    assert "r8-std-ops" in done and "r8-std-tokutei" not in done and "r8-std-remaining" not in done
    assert {"r8-std-tokutei", "r8-std-tokutei-plan", "r8-std-tokutei-move"} <= tokutei
    assert "r8-structure-cio" not in done and "r8-structure-cio" in tokutei
    assert "r8-structure-hq" not in done and "r8-structure-hq" in tokutei
    roles = {r.kind: r for r in p_done.roles.values()}
    assert roles["CIO"].status == "任命済" and roles["CISO"].status == "任命済"
    assert next(iter(p_done.bodies.values())).status == "任命済"
    unknown, _p = titles(None)
    assert {"r8-std-tokutei", "r8-std-remaining", "r8-std-ops"} <= unknown


def test_situation_online_done_and_abolished_procedure():
    now = datetime.datetime(2026, 12, 4, 9, 0)
    p = new_plan("みどり町", "019992", now=now, situation=Situation(online_done=frozenset({"kosodate-01"})))
    assert p.procedures["kosodate-01"].status == "オンライン化済"
    assert p.procedures["kosodate-10"].status == "対象外"  # 現況届: not required since 2022-06
    assert p.procedures["kaigo-04"].name.startswith("居宅")
    old = new_plan("みどり町", "019992", edition="1.0", now=datetime.datetime(2021, 4, 1, 9, 0))
    assert old.procedures["kosodate-10"].status == "未対応"  # 第1.0版 as the seed has it
    with pytest.raises(ValueError):
        Situation(std="たぶん")


def test_key_roles_carry_no_catalog_text():
    p = new_plan("みどり町", "019992", now=datetime.datetime(2026, 12, 4, 9, 0))
    for r in p.roles.values():
        assert r.title == "" and r.note == ""
    assert [b.name for b in p.bodies.values()] == ["DX推進本部"]
    assert all(k.note == "" for k in p.kpis.values())
