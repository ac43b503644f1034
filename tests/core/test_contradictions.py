"""Two user-entered facts that disagree are reported by ``check``, and the offered fix resolves them."""

from __future__ import annotations

import datetime

from dxplanner import checks, figures
from dxplanner.exchange.survey import survey_of
from dxplanner.fixes import fix_for
from dxplanner.model import ExternalHire

TODAY = datetime.date(2026, 12, 4)


def _codes(plan, code):
    return [f for f in checks.check(plan, TODAY) if f.code == code]


def _task(plan, template_id):
    return next(t for t in plan.tasks.values() if t.template_id == template_id)


def test_role_appointed_but_starter_task_not_done(plan):
    cio = next(r for r in plan.roles.values() if r.kind == "CIO")
    cio.status, cio.date = "任命済", datetime.date(2022, 4, 1)
    task = _task(plan, "structure-02")
    assert task.status == "未着手"
    found = _codes(plan, "fact_task_open")
    assert [f.id for f in found] == [task.id]
    assert "CIOの任命" in found[0].message("ja")
    fix = fix_for(plan, found[0], TODAY)
    assert fix is not None
    fix.op.apply(plan)
    task = plan.tasks[task.id]
    assert task.status == "完了" and task.progress == 100 and task.actual_end == datetime.date(2022, 4, 1)
    assert not _codes(plan, "fact_task_open")
    assert not [f for f in _codes(plan, "overdue") if f.id == task.id]


def test_task_done_but_fact_not_recorded(plan):
    task = _task(plan, "structure-04")
    task.status, task.progress = "完了", 100
    plan.policy_status = "未定"
    found = _codes(plan, "fact_task_done")
    assert [f.id for f in found] == [task.id]
    assert fix_for(plan, found[0], TODAY) is None  # the user decides which side is right


def test_external_cio_assistant_hire_counts_and_is_reported(plan):
    plan.hires["h"] = ExternalHire(id="h", title="CIO補佐官", person="高橋 健", from_fy=2025, to_fy=2027,
                                   annual_cost=2_400_000)
    s = survey_of(plan, TODAY)
    assert s.cio_assistant == "任命済" and s.cio_assistant_external  # the 団体概要 agrees with デジタル人材
    found = _codes(plan, "hire_role_missing")
    assert [f.id for f in found] == ["h"]
    fix = fix_for(plan, found[0], TODAY)
    assert fix is not None
    fix.op.apply(plan)
    roles = [r for r in plan.roles.values() if r.kind == "CIO補佐官"]
    assert any(r.status == "任命済" and r.external and r.person == "高橋 健" for r in roles)
    assert not _codes(plan, "hire_role_missing")


def test_procedure_past_its_own_date(plan):
    p = next(iter(plan.procedures.values()))
    p.status, p.planned_date = "対応中", datetime.date(2026, 3, 1)
    found = _codes(plan, "procedure_past_date")
    assert [f.id for f in found] == [p.id]
    assert not [f for f in _codes(plan, "procedure_overdue") if f.id == p.id]  # one finding, not two
    assert figures.online_figures(plan, TODAY).late == 1
    assert fix_for(plan, found[0], TODAY) is None
    p.status = "オンライン化済"
    assert not _codes(plan, "procedure_past_date")


def test_task_counts_and_achievement_definitions(plan):
    c = figures.task_counts(None, TODAY, plan)
    assert c.total == len(plan.tasks) and c.done + c.in_progress + c.not_started + c.on_hold + c.cancelled == c.total
    k = next(iter(plan.kpis.values()))
    k.targets = {2024: 50.0, 2026: 100.0}
    k.actuals = {2024: 45.0}
    a = figures.achievement(k, TODAY)
    assert a.year_rate == 0.9 and a.final_rate == 0.45  # two measures, two labels


def test_review_counts_delays_at_its_own_date():
    assert figures.review_date(2024, None, TODAY) == datetime.date(2025, 3, 31)
    assert figures.review_date(2024, datetime.date(2025, 5, 20), TODAY) == datetime.date(2025, 5, 20)
    assert figures.review_date(2026, None, TODAY) == TODAY


def test_system_past_its_own_date_is_late(plan):
    s = next(iter(plan.systems.values()))
    s.status, s.planned_date = "移行中", datetime.date(2026, 1, 1)
    assert [f.id for f in _codes(plan, "std_overdue")] == [s.id]
    assert figures.std_figures(plan, TODAY).late == 1
    s.status = "移行済"
    assert not _codes(plan, "std_overdue") and figures.std_figures(plan, TODAY).late == 0
