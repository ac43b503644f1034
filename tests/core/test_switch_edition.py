"""Moving a plan onto a newer edition keeps everything the town made (one undoable step)."""

from __future__ import annotations

import datetime
import json

import pytest

from dxplanner import catalog, cli, ops
from dxplanner.exchange.json_format import plan_to_dict
from dxplanner.model import BudgetLine, Kpi
from dxplanner.switch import switch_edition
from dxplanner.template import new_plan

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def old_plan():
    """A 第1.0版 plan the town has worked on: its own task, KPI, budget line and tracker entries."""
    p = new_plan("みどり町", "019992", edition="1.0", from_fy=2021, to_fy=2025,
                 now=datetime.datetime(2021, 4, 1, 9, 0))
    ops.add_task(p, "online", "電子申請システムの契約更新", department="企画課").apply(p)
    ops.add_task(p, "divide", "スマホ教室", department="生涯学習課").apply(p)
    ops.PutEntities("kpis", [Kpi(id="k-own", area_id="online", name="電子申請の件数", unit="件")]).apply(p)
    ops.PutEntities("budget", [BudgetLine(id="b1", fy=2024, item="電子申請システム", amount=1_200_000,
                                          area_id="online")]).apply(p)
    ops.UpdateEntity("procedures", "kosodate-01", {"status": "オンライン化済"}).apply(p)
    first_system = next(iter(p.systems))
    ops.UpdateEntity("systems", first_system, {"vendor": "A社"}).apply(p)
    return p


def test_switch_keeps_every_thing_the_town_made(old_plan) -> None:
    before = plan_to_dict(old_plan)
    tasks_before = {t.id: (t.title, t.area_id, t.start, t.end, t.status) for t in old_plan.tasks.values()}
    op, report = switch_edition(old_plan, "r8", today=TODAY)
    inverse, _changes = op.apply(old_plan)
    assert old_plan.edition == "r8" and old_plan.edition_hash == catalog.edition_hash("r8")
    # every task, KPI, budget line, role, body and tracker entry is still there, unchanged
    assert {t.id: (t.title, t.area_id, t.start, t.end, t.status) for t in old_plan.tasks.values()} == tasks_before
    assert "k-own" in old_plan.kpis and old_plan.budget["b1"].amount == 1_200_000
    assert len(old_plan.roles) == len(before["roles"]) and len(old_plan.bodies) == len(before["bodies"])
    assert old_plan.procedures["kosodate-01"].status == "オンライン化済"
    assert [s.vendor for s in old_plan.systems.values()].count("A社") == 1
    # 第1.0版's オンライン化 part is now 第2.3版 and later's フロントヤード改革 (same part, same tasks)
    assert old_plan.areas["online"].catalog_id == "front"
    assert old_plan.areas["online"].name == "自治体フロントヤード改革の推進"
    assert ("行政手続のオンライン化", "自治体フロントヤード改革の推進") in report.mapped
    # the added area appears, its starter tasks not ticked in
    added = [a for a in old_plan.areas.values() if a.catalog_id == "eltax"]
    assert len(added) == 1 and report.added == ["公金収納におけるeLTAXの活用"]
    assert not [t for t in old_plan.tasks.values() if t.area_id == added[0].id]
    assert report.starter_tasks and not report.starter_tasks_added
    # parts with no counterpart stay as the town's own, with their tasks
    assert old_plan.areas["divide"].kind == "custom" and old_plan.areas["divide"].catalog_id is None
    assert set(report.unmapped) == {"地域社会のデジタル化", "デジタルデバイド対策"}
    assert any(t.title == "スマホ教室" for t in old_plan.tasks.values())
    # the seed spelling gives way to the official name
    assert old_plan.procedures["kaigo-04"].name.startswith("居宅")
    # one undo step brings the plan back exactly
    inverse.apply(old_plan)
    assert plan_to_dict(old_plan) == before


def test_switch_with_starter_tasks_places_them_from_today(old_plan) -> None:
    old_plan.from_fy, old_plan.to_fy = 2026, 2030
    op, report = switch_edition(old_plan, "r8", today=TODAY, starter_tasks=True)
    op.apply(old_plan)
    eltax = next(a for a in old_plan.areas.values() if a.catalog_id == "eltax")
    new_tasks = [t for t in old_plan.tasks.values() if t.area_id == eltax.id]
    assert new_tasks and all(t.end >= TODAY for t in new_tasks)
    assert report.starter_tasks_added
    # 現況届 untouched and the plan starting after 2022-06: no longer required → 対象外
    assert old_plan.procedures["kosodate-10"].status == "対象外"


def test_switch_to_the_same_or_an_unknown_edition(old_plan) -> None:
    with pytest.raises(ValueError):
        switch_edition(old_plan, "1.0")
    with pytest.raises(catalog.CatalogError):
        switch_edition(old_plan, "9.9")


def test_cli_switch_edition_backup_and_report(tmp_path, capsys) -> None:
    f = tmp_path / "町.dxplan"
    assert cli.main(["new", str(f), "--name", "みどり町", "--code", "019992", "--edition", "1.0",
                     "--from-fy", "2021", "--to-fy", "2025"]) == 0
    capsys.readouterr()
    assert cli.main(["switch-edition", str(f), "--edition", "r8", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["to_edition"] == "r8" and data["kept"]["tasks"] == 45
    assert {"from": "行政手続のオンライン化", "to": "自治体フロントヤード改革の推進"} in data["mapped"]
    from pathlib import Path

    assert Path(data["backup"]).exists()
    from dxplanner.store.gateway import PlanFile

    with PlanFile.open(Path(data["backup"]), readonly=True) as pf:
        assert pf.load().edition == "1.0"  # the backup is the plan before the switch
    with PlanFile.open(f, readonly=True) as pf:
        plan = pf.load()
    assert plan.edition == "r8" and len(plan.tasks) == 45
    assert cli.main(["switch-edition", str(f), "--edition", "r8"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "r8" in err
