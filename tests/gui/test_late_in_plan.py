"""The 工程表 paints 遅延 only for a task of the plan (issue #14 item 2): a task kept from an older
plan, ended before the plan period, is shown with its own status, not red; the plan's late task is."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtGui import QColor

from dxplanner import ops
from dxplanner.store.gateway import write_new
from dxplanner.template import new_plan
from ui.gantt import GanttView
from ui.gantt.model import COL_STATUS

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "QFont::setPointSizeF"),
]

TODAY = datetime.date(2026, 12, 4)


def _red_pixels(view: GanttView, task_id: str) -> int:
    """Pixels of the 遅延 red (#c62828) inside the task's bar, as painted on screen."""
    view.select_task(task_id)  # scrolls the bar into view
    rect = view.timeline.bar_rect(task_id)
    assert rect is not None and view.timeline.viewport().rect().contains(rect.center())
    img = view.timeline.viewport().grab().toImage()
    n = 0
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            c = QColor(img.pixel(x, y))
            n += c.red() > 150 and c.green() < 90 and c.blue() < 90
    return n


def test_gantt_paints_late_only_within_the_plan(qtbot, tmp_path, controller_for):
    plan = new_plan("試験町", "123455", now=datetime.datetime(2026, 12, 4, 9, 0))  # 令和8–12年度
    area = next(iter(plan.areas))
    ops.add_task(plan, area, "旧計画の研修", id="old", department="企画課", start=datetime.date(2024, 4, 1),
                 end=datetime.date(2024, 9, 30), status="未着手").apply(plan)
    ops.add_task(plan, area, "窓口アンケート", id="late", department="企画課", start=datetime.date(2026, 4, 1),
                 end=datetime.date(2026, 10, 31), status="未着手").apply(plan)
    path = tmp_path / "町.dxplan"
    write_new(path, plan)
    ctl = controller_for(path)
    view = GanttView(ctl)
    qtbot.addWidget(view)
    view.set_today(TODAY)
    view.resize(1400, 800)
    view.show()
    qtbot.waitExposed(view)
    model = view.model
    assert "遅延" in model.data(model.task_index("late", COL_STATUS))
    assert model.data(model.task_index("old", COL_STATUS)) == "未着手"
    assert _red_pixels(view, "late") > 0
    assert _red_pixels(view, "old") == 0
    # the town moves its period back to 令和6年度 (one undoable edit): the old task is the plan's again
    assert ctl.run(ops.SetPlanFields({"from_fy": 2024}))
    assert "遅延" in model.data(model.task_index("old", COL_STATUS))
    assert _red_pixels(view, "old") > 0
