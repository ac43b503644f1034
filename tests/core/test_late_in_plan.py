"""遅延 belongs to the plan (issue #14 item 2): a task counts as late, from its end date to the as-of
date, only while its end lies within the plan period or after it. A task that ended before the
period begins (kept from an older plan) is reported once by ``check`` as "before_plan" and is
counted late nowhere: not in the totals, the survey, the review, the 工程表 or the PDF cover."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import openpyxl
import pytest

from dxplanner import checks, figures, history, ops
from dxplanner.exchange.pdf_gantt import status_key
from dxplanner.exchange.pdf_report import PdfOptions, export_pdf
from dxplanner.exchange.survey import survey_of
from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx
from dxplanner.model import Plan, Task, days_late_in, ended_before_plan, is_late, is_late_in
from dxplanner.template import new_plan

TODAY = datetime.date(2026, 12, 4)
OLD_END = datetime.date(2024, 9, 30)  # 令和6年度: before a plan that starts in 令和8年度
LATE_END = datetime.date(2026, 10, 31)  # within the plan, 34 days before TODAY


def _plan() -> tuple[Plan, Task, Task]:
    """A plan made today (令和8–12年度) with one task kept from an older plan and one late task."""
    plan = new_plan("試験町", "123455", now=datetime.datetime(2026, 12, 4, 9, 0))
    assert plan.from_fy == 2026
    assert not history.late_tasks(plan, TODAY)  # right on the day it is made
    area = next(iter(plan.areas))
    ops.add_task(plan, area, "旧計画の研修", id="old", department="企画課", start=datetime.date(2024, 4, 1),
                 end=OLD_END, status="未着手").apply(plan)
    ops.add_task(plan, area, "窓口アンケート", id="late", department="企画課", start=datetime.date(2026, 4, 1),
                 end=LATE_END, status="進行中", progress=40).apply(plan)
    return plan, plan.tasks["old"], plan.tasks["late"]


def _found(plan: Plan, code: str, day: datetime.date = TODAY) -> list[checks.Finding]:
    return [f for f in checks.check(plan, day) if f.code == code]


def test_the_rule_in_model():
    plan, old, late = _plan()
    assert is_late(old.end, old.status, TODAY)  # past its end and not done ...
    assert not is_late_in(plan, old, TODAY) and days_late_in(plan, old, TODAY) is None  # ... but not this plan's
    assert ended_before_plan(plan, old, TODAY)
    assert is_late_in(plan, late, TODAY) and days_late_in(plan, late, TODAY) == 34
    assert not ended_before_plan(plan, late, TODAY)
    # the first day of the plan belongs to it
    edge = Task(id="e", area_id=old.area_id, end=datetime.date(2026, 4, 1))
    assert days_late_in(plan, edge, TODAY) == (TODAY - edge.end).days
    assert not ended_before_plan(plan, Task(id="f", area_id=old.area_id, end=datetime.date(2026, 3, 31),
                                            status="中止"), TODAY)


def test_check_reports_before_plan_once_and_overdue_with_its_days():
    plan = _plan()[0]
    overdue = _found(plan, "overdue")
    assert [f.id for f in overdue] == ["late"]
    assert "34 日過ぎても完了していません" in overdue[0].message("ja")
    before = _found(plan, "before_plan")
    assert [(f.id, f.severity) for f in before] == [("old", checks.INFO)]
    assert before[0].message("ja") == "「旧計画の研修」は計画期間より前に終わる予定のまま完了していません"
    assert before[0].message("en") == "“旧計画の研修” ended before the plan period and is not done"
    # done: nothing more to say
    ops.UpdateEntity("tasks", "old", {"status": "完了", "progress": 100}).apply(plan)
    assert not _found(plan, "before_plan")
    # the town moves its period back to 令和6年度: the task is the plan's again, and late from its end
    ops.UpdateEntity("tasks", "old", {"status": "未着手", "progress": 0}).apply(plan)
    plan.from_fy = 2024
    assert not _found(plan, "before_plan")
    assert {f.id: f.params for f in _found(plan, "overdue")}["old"] == (
        ("title", "旧計画の研修"), ("days", (TODAY - OLD_END).days))


def test_not_counted_in_totals_survey_review_or_schedule():
    plan, old, late = _plan()
    assert figures.task_counts(None, TODAY, plan).late == 1
    assert figures.late_days(plan, old, TODAY) is None and figures.late_days(plan, late, TODAY) == 34
    s = survey_of(plan, TODAY)
    assert s.overdue == 1 and sum(a.overdue for a in s.areas) == 1
    assert history.late_tasks(plan, TODAY) == [(late, 34)]
    assert status_key(plan, old, TODAY) == "todo" and status_key(plan, late, TODAY) == "late"
    # the review of the plan's first 年度 does not carry a task that ended before the plan; the next one
    # carries the late task of this plan
    items = {i.target_id for i in history.review_items(plan, 2027) if i.target_kind == "task"}
    assert "late" in items and "old" not in items


def test_xlsx_schedule_marks_only_the_plans_late_task(tmp_path):
    plan = _plan()[0]
    out = tmp_path / "plan.xlsx"
    export_xlsx(plan, out, XlsxOptions(today=TODAY))
    rows = {r[0]: r for r in openpyxl.load_workbook(out)["工程表"].iter_rows(values_only=True) if r[0]}
    assert rows["late"][6] == "進行中（遅延 34日）"
    assert rows["old"][6] == "未着手"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_pdf_cover_counts_one_late_task(tmp_path):
    plan = _plan()[0]
    out = tmp_path / "plan.pdf"
    export_pdf(plan, out, PdfOptions(today=TODAY))
    cover = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", "-f", "1", "-l", "1", str(out), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "遅延 1" in cover and "遅延 2" not in cover
