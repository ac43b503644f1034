from __future__ import annotations

import datetime

import pytest

from dxplanner import ops
from dxplanner.errors import ValidationError
from dxplanner.exchange.json_format import plan_to_dict
from dxplanner.model import Area, BudgetLine, Kpi, Task


def snapshot(plan):
    return plan_to_dict(plan)


def first_tasks(plan, n=2):
    return [t.id for _, t in plan.ordered_tasks()[:n]]


def test_update_and_undo(plan):
    before = snapshot(plan)
    tid = first_tasks(plan)[0]
    inv, changes = ops.UpdateEntity("tasks", tid, {"title": "住民向け説明会", "progress": 30}).apply(plan)
    assert plan.tasks[tid].title == "住民向け説明会"
    assert changes == [("tasks", tid)]
    inv.apply(plan)
    assert snapshot(plan) == before


def test_invalid_edit_changes_nothing(plan):
    before = snapshot(plan)
    tid = first_tasks(plan)[0]
    with pytest.raises(ValidationError) as ei:
        ops.UpdateEntity("tasks", tid, {"start": datetime.date(2025, 5, 1), "end": datetime.date(2025, 4, 1)}).apply(plan)
    assert "終了が開始より前" in ei.value.message_ja
    assert snapshot(plan) == before


@pytest.mark.parametrize("bad", ["a\x00b", "x\ud800y", "tab\x07", "line\nbreak"])
def test_control_characters_refused_in_titles(plan, bad):
    tid = first_tasks(plan)[0]
    with pytest.raises(ValidationError) as ei:
        ops.UpdateEntity("tasks", tid, {"title": bad}).apply(plan)
    assert "取組名" in ei.value.message_ja  # the field is named for people


def test_newline_allowed_in_description(plan):
    tid = first_tasks(plan)[0]
    ops.UpdateEntity("tasks", tid, {"description": "1行目\n2行目\tタブ"}).apply(plan)
    assert plan.tasks[tid].description == "1行目\n2行目\tタブ"


def test_cycle_refused(plan):
    a, b = first_tasks(plan)
    ops.UpdateEntity("tasks", b, {"depends_on": [a]}).apply(plan)
    with pytest.raises(ValidationError) as ei:
        ops.UpdateEntity("tasks", a, {"depends_on": [b]}).apply(plan)
    assert "循環" in ei.value.message_ja
    with pytest.raises(ValidationError):
        ops.UpdateEntity("tasks", a, {"depends_on": [a]}).apply(plan)


def test_parent_cycle_refused(plan):
    a, b = first_tasks(plan)
    ops.UpdateEntity("tasks", b, {"parent_id": a}).apply(plan)
    with pytest.raises(ValidationError):
        ops.UpdateEntity("tasks", a, {"parent_id": b}).apply(plan)


def test_delete_task_removes_subtree_and_links_and_undo_restores(plan):
    before = snapshot(plan)
    a, b = first_tasks(plan)
    area = plan.tasks[a].area_id
    child_op = ops.add_task(plan, area, "子の取組", parent_id=a)
    child_id = child_op.entities[0].id
    child_op.apply(plan)
    other = next(t.id for t in plan.tasks.values() if t.id not in (a, b, child_id))
    ops.UpdateEntity("tasks", other, {"depends_on": [child_id]}).apply(plan)
    mid = snapshot(plan)
    inv, changes = ops.DeleteEntities("tasks", [a]).apply(plan)
    assert a not in plan.tasks and child_id not in plan.tasks
    assert plan.tasks[other].depends_on == []
    assert ("tasks", other) in changes
    inv.apply(plan)
    assert snapshot(plan) == mid
    assert before != mid


def test_delete_area_with_tasks_refused(plan):
    area = next(iter(plan.areas))
    with pytest.raises(ValidationError):
        ops.DeleteEntities("areas", [area]).apply(plan)


def test_batch_is_all_or_nothing(plan):
    before = snapshot(plan)
    a, b = first_tasks(plan)
    batch = ops.Batch([
        ops.UpdateEntity("tasks", a, {"title": "OK"}),
        ops.UpdateEntity("tasks", b, {"progress": 150}),
    ])
    with pytest.raises(ValidationError):
        batch.apply(plan)
    assert snapshot(plan) == before


def test_move_tasks_keeps_month_ends(plan):
    t = next(t for t in plan.tasks.values() if not t.milestone and t.end and t.end.day >= 28)
    inv, _ = ops.move_tasks(plan, [t.id], months=1).apply(plan)
    moved = plan.tasks[t.id]
    assert moved.start.day == 1
    import calendar

    assert moved.end.day == calendar.monthrange(moved.end.year, moved.end.month)[1]
    inv.apply(plan)
    assert plan.tasks[t.id].end == t.end


def test_put_entities_insert_and_replace(plan):
    before = snapshot(plan)
    area = Area(id="own", kind="custom", name="独自の取組", order=99)
    inv, _ = ops.PutEntities("areas", [area]).apply(plan)
    assert "own" in plan.areas
    inv.apply(plan)
    assert snapshot(plan) == before


def test_plan_fields_and_municipality(plan):
    before = snapshot(plan)
    inv, ch = ops.SetPlanFields({"title": "新計画", "municipality.population": 12000, "to_fy": 2027}).apply(plan)
    assert plan.municipality.population == 12000 and plan.to_fy == 2027 and ch == [("plan", "")]
    inv.apply(plan)
    assert snapshot(plan) == before
    with pytest.raises(ValidationError):
        ops.SetPlanFields({"municipality.code": "019991"}).apply(plan)
    with pytest.raises(ValidationError):
        ops.SetPlanFields({"from_fy": 2030}).apply(plan)
    assert snapshot(plan) == before


def test_other_kinds_validated(plan):
    with pytest.raises(ValidationError):
        ops.PutEntities("budget", [BudgetLine(id="b1", fy=2022, source="宝くじ")]).apply(plan)
    with pytest.raises(ValidationError):
        ops.PutEntities("kpis", [Kpi(id="k1", area_id="nope")]).apply(plan)
    sys_id = next(iter(plan.systems))
    for bad in ({"steps": {41: "完了済み"}}, {"tokutei_reason": 5}, {"status": "移行完了"}, {"cloud": "AWS"},
                {"phases": {"": "作業中"}}, {"phases": {"移行": "done"}}, {"task_ids": ["nope"]},
                {"contract_start": datetime.date(2027, 1, 1), "contract_end": datetime.date(2026, 1, 1)}):
        with pytest.raises(ValidationError):
            ops.UpdateEntity("systems", sys_id, bad).apply(plan)
    ops.UpdateEntity("systems", sys_id, {"phases": {"計画立案": "完了済み", "データ移行リハーサル": "作業中"},
                                         "status": "移行中"}).apply(plan)
    assert plan.systems[sys_id].applicable and not plan.systems[sys_id].migrated


def test_std_costs_validated_and_links_follow_deletions(plan):
    from dxplanner.model import SystemCost

    sid = next(iter(plan.systems))
    for bad in (SystemCost(id="c", kind="保守費"), SystemCost(id="c", baseline=-1),
                SystemCost(id="c", actual={2026: -5}), SystemCost(id="c", system_ids=["nope"]),
                SystemCost(id="c", kind="運用経費", fund_covered=True)):
        with pytest.raises(ValidationError):
            ops.PutEntities("std_costs", [bad]).apply(plan)
    ops.PutEntities("std_costs", [SystemCost(id="c", system_ids=[sid], baseline=1_000, actual={2026: 700})]).apply(plan)
    tid = next(iter(plan.tasks))
    ops.UpdateEntity("systems", sid, {"task_ids": [tid]}).apply(plan)
    inverse, _ = ops.DeleteEntities("tasks", [tid]).apply(plan)
    assert plan.systems[sid].task_ids == []
    inverse.apply(plan)
    assert plan.systems[sid].task_ids == [tid]
    inverse, _ = ops.DeleteEntities("systems", [sid]).apply(plan)
    assert plan.std_costs["c"].system_ids == []
    inverse.apply(plan)
    assert plan.std_costs["c"].system_ids == [sid] and plan.systems[sid].task_ids == [tid]


def test_task_needs_existing_area(plan):
    with pytest.raises(ValidationError):
        ops.PutEntities("tasks", [Task(id="x", area_id="nowhere", title="t")]).apply(plan)


def test_moving_a_parent_moves_its_subtree_and_json_still_loads(plan):
    from dxplanner.exchange.json_format import dumps, loads

    a = next(t for _, t in plan.ordered_tasks() if plan.subtree_ids(t.id)[1:])
    kids = plan.subtree_ids(a.id)[1:]
    target = next(x for x in plan.areas if x != a.area_id)
    before = snapshot(plan)
    inv, _ = ops.UpdateEntity("tasks", a.id, {"area_id": target, "title": "移した取組"}).apply(plan)
    assert all(plan.tasks[k].area_id == target for k in kids)
    assert plan.tasks[a.id].title == "移した取組"
    loads(dumps(plan))
    inv.apply(plan)
    assert snapshot(plan) == before
    # a subtask alone cannot leave its parent's part
    with pytest.raises(ValidationError):
        ops.UpdateEntity("tasks", kids[0], {"area_id": target}).apply(plan)


def test_deleting_a_part_unties_its_kpis_and_budget(plan):
    from dxplanner.exchange.json_format import dumps, loads

    ops.PutEntities("areas", [Area(id="own", name="独自", order=50)]).apply(plan)
    ops.PutEntities("kpis", [Kpi(id="k9", area_id="own", name="x")]).apply(plan)
    ops.PutEntities("budget", [BudgetLine(id="b9", fy=2022, area_id="own")]).apply(plan)
    before = snapshot(plan)
    inv, _ = ops.DeleteEntities("areas", ["own"]).apply(plan)
    assert plan.kpis["k9"].area_id is None and plan.budget["b9"].area_id is None
    loads(dumps(plan))
    inv.apply(plan)
    assert snapshot(plan) == before
