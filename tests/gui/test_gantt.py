"""The 工程表 (GanttView): drag, resize, undo, zoom, links, date entry, snapshot, export.

Every edit is checked in the model (the plan in the controller) after the gesture, and undone."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.exchange.json_format import plan_to_dict
from dxplanner.model import Snapshot
from ui.controller import DocumentController
from ui.gantt import GanttView
from ui.gantt.model import COL_END, COL_START, COL_STATUS

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "QFont::setPointSizeF"),
]

TODAY = datetime.date(2023, 1, 10)




@pytest.fixture
def view(qtbot, ctl):
    v = GanttView(ctl)
    qtbot.addWidget(v)
    v.set_today(TODAY)
    v.resize(1400, 800)
    v.show()
    qtbot.waitExposed(v)
    return v


def leaf(ctl, title):
    t = next(t for t in ctl.plan.tasks.values() if t.title == title)
    return t.id


def drag(qtbot, view, start, end, modifier=Qt.KeyboardModifier.NoModifier):
    vp = view.timeline.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, modifier, start)
    steps = 4
    for i in range(1, steps + 1):
        qtbot.mouseMove(vp, start + (end - start) * i / steps)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, modifier, end)


def month_px(view):
    return view.chart.scale.ppd * 30.44


def show_task(view, tid):
    view.select_task(tid)
    rect = view.timeline.bar_rect(tid)
    assert rect is not None and view.timeline.viewport().rect().contains(rect.center())
    return rect


def test_drag_moves_bar_by_whole_months_and_undo(qtbot, view, ctl):
    tid = leaf(ctl, "DXの認識共有・機運醸成")  # 2021-04-01 .. 2021-09-30, quarter
    rect = show_task(view, tid)
    start = rect.center()
    drag(qtbot, view, start, start + QPoint(round(month_px(view) * 3), 0))
    t = ctl.plan.tasks[tid]
    assert (t.start, t.end) == (datetime.date(2021, 7, 1), datetime.date(2021, 12, 31))
    assert ctl.undo_stack.count() == 1  # one gesture, one command
    assert view.chart.preview == {}
    ctl.undo_stack.undo()
    t = ctl.plan.tasks[tid]
    assert (t.start, t.end) == (datetime.date(2021, 4, 1), datetime.date(2021, 9, 30))
    ctl.undo_stack.redo()
    assert ctl.plan.tasks[tid].start == datetime.date(2021, 7, 1)


def test_drag_preview_commits_nothing_until_release(qtbot, view, ctl):
    tid = leaf(ctl, "DXの認識共有・機運醸成")
    rect = show_task(view, tid)
    vp = view.timeline.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    qtbot.mouseMove(vp, rect.center() + QPoint(round(month_px(view) * 2), 0))
    assert view.chart.preview[tid][0] == datetime.date(2021, 6, 1)
    assert ctl.plan.tasks[tid].start == datetime.date(2021, 4, 1)
    assert ctl.undo_stack.count() == 0
    qtbot.keyClick(view.timeline, Qt.Key.Key_Escape)  # cancel
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert ctl.plan.tasks[tid].start == datetime.date(2021, 4, 1)
    assert ctl.undo_stack.count() == 0 and view.chart.preview == {}


def test_drag_parent_moves_its_subtasks_in_one_command(qtbot, view, ctl):
    parent = leaf(ctl, "計画立案")
    kids = [t for t in ctl.plan.tasks.values() if t.parent_id == parent]
    before = {t.id: t.start for t in kids}
    rect = show_task(view, parent)
    drag(qtbot, view, rect.center(), rect.center() + QPoint(round(month_px(view) * 3), 0))
    assert ctl.plan.tasks[parent].start == datetime.date(2021, 7, 1)
    for t in kids:
        assert ctl.plan.tasks[t.id].start == before[t.id].replace(month=before[t.id].month + 3) \
            if before[t.id].month <= 9 else True
    assert ctl.undo_stack.count() == 1
    ctl.undo_stack.undo()
    assert {t.id: ctl.plan.tasks[t.id].start for t in kids} == before


def test_resize_end_snaps_to_month_end_and_undo(qtbot, view, ctl):
    tid = leaf(ctl, "DXの認識共有・機運醸成")  # ends 2021-09-30
    rect = show_task(view, tid)
    edge = QPoint(rect.right(), rect.center().y())
    drag(qtbot, view, edge, edge + QPoint(round(month_px(view) * 2), 0))
    t = ctl.plan.tasks[tid]
    assert t.start == datetime.date(2021, 4, 1)
    assert t.end == datetime.date(2021, 11, 30)
    assert t.precision == "month"  # no longer on a quarter boundary
    ctl.undo_stack.undo()
    t = ctl.plan.tasks[tid]
    assert (t.end, t.precision) == (datetime.date(2021, 9, 30), "quarter")


def test_resize_to_quarter_with_quarter_snap(qtbot, view, ctl):
    view.snap_box.setCurrentIndex(view.snap_box.findData("quarter"))
    tid = leaf(ctl, "DXの認識共有・機運醸成")
    rect = show_task(view, tid)
    edge = QPoint(rect.right(), rect.center().y())
    drag(qtbot, view, edge, edge + QPoint(round(month_px(view) * 2.6), 0))
    t = ctl.plan.tasks[tid]
    assert (t.end, t.precision) == (datetime.date(2021, 12, 31), "quarter")


def test_end_before_start_is_refused_with_a_message(qtbot, view, ctl):
    tid = leaf(ctl, "DXの認識共有・機運醸成")
    rect = show_task(view, tid)
    edge = QPoint(rect.right(), rect.center().y())
    drag(qtbot, view, edge, edge - QPoint(round(month_px(view) * 8), 0))
    t = ctl.plan.tasks[tid]
    assert (t.start, t.end) == (datetime.date(2021, 4, 1), datetime.date(2021, 9, 30))
    assert ctl.undo_stack.count() == 0
    assert "終了" in view.message_label.text() or "end" in view.message_label.text()
    assert view.chart.preview == {}  # the bar is back where it was


def test_zoom_levels_and_fit(qtbot, view):
    view.set_zoom("month")
    month = view.chart.scale.ppd
    assert view.chart.header_unit() == "month"
    view.set_zoom("quarter")
    assert view.chart.scale.ppd < month and view.chart.header_unit() == "quarter"
    view.set_zoom("year")
    assert view.chart.scale.ppd < month / 3
    assert view.zoom_box.currentData() == "year"
    view.set_zoom("fit")
    plan = view.model.plan
    period_days = (datetime.date(plan.to_fy + 1, 3, 31) - datetime.date(plan.from_fy, 4, 1)).days + 1
    assert period_days * view.chart.scale.ppd <= view.timeline.viewport().width()
    assert period_days * view.chart.scale.ppd > view.timeline.viewport().width() * 0.9
    view.zoom_step(-1)  # from fit, one step in
    assert view.chart.zoom == "quarter"
    with pytest.raises(ValueError):
        view.set_zoom("week")


def test_create_link_by_dragging_and_remove_it(qtbot, view, ctl):
    a = leaf(ctl, "DXの認識共有・機運醸成")
    b = leaf(ctl, "全体方針の策定")
    show_task(view, a)
    row = view.layout_rows.row_of_task(a)
    bar = view.chart.bar(view.layout_rows.rows[row])
    handle = view.timeline.handle_center(bar, row)
    start = QPoint(round(handle.x() - view.timeline.x_offset),
                   round(handle.y() + view.chart.header_h - view.timeline.y_offset))
    assert view.timeline.hit(start)[1] == "link"
    target = view.timeline.bar_rect(b).center()
    drag(qtbot, view, start, target)
    assert ctl.plan.tasks[b].depends_on == [a]
    assert view.layout_rows.link_count == 1
    assert ctl.undo_stack.count() == 1
    # remove it by keyboard: Ctrl+Shift+L on the successor
    view.select_task(b)
    view.timeline.setFocus()
    qtbot.keyClick(view.timeline, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ctl.plan.tasks[b].depends_on == []
    assert view.layout_rows.link_count == 0
    ctl.undo_stack.undo()
    assert ctl.plan.tasks[b].depends_on == [a]
    ctl.undo_stack.undo()
    assert ctl.plan.tasks[b].depends_on == []


def test_link_that_makes_a_cycle_is_refused(qtbot, view, ctl):
    a = leaf(ctl, "DXの認識共有・機運醸成")
    b = leaf(ctl, "全体方針の策定")
    assert ctl.run(ops.UpdateEntity("tasks", b, {"depends_on": [a]}))
    view.select_task(b)
    row = view.layout_rows.row_of_task(b)
    handle = view.timeline.handle_center(view.chart.bar(view.layout_rows.rows[row]), row)
    start = QPoint(round(handle.x() - view.timeline.x_offset),
                   round(handle.y() + view.chart.header_h - view.timeline.y_offset))
    drag(qtbot, view, start, view.timeline.bar_rect(a).center())
    assert ctl.plan.tasks[a].depends_on == []
    assert "循環" in view.message_label.text() or "cycle" in view.message_label.text()
    assert ctl.undo_stack.count() == 1


def test_keyboard_move_resize_and_link(qtbot, view, ctl):
    tid = leaf(ctl, "全体方針の策定")  # 2021-07-01 .. 2022-03-31
    view.select_task(tid)
    view.timeline.setFocus()
    qtbot.keyClick(view.timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert ctl.plan.tasks[tid].start == datetime.date(2021, 8, 1)
    assert ctl.plan.tasks[tid].end == datetime.date(2022, 4, 30)
    qtbot.keyClick(view.timeline, Qt.Key.Key_Right,
                   Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ctl.plan.tasks[tid].end == datetime.date(2022, 5, 31)
    qtbot.keyClick(view.timeline, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    above = view.previous_task(tid)
    assert ctl.plan.tasks[tid].depends_on == [above]
    assert ctl.undo_stack.count() == 3
    for _ in range(3):
        ctl.undo_stack.undo()
    t = ctl.plan.tasks[tid]
    assert (t.start, t.end, t.depends_on) == (datetime.date(2021, 7, 1), datetime.date(2022, 3, 31), [])


def test_dates_typed_in_fiscal_terms(qtbot, view, ctl):
    tid = leaf(ctl, "全体方針の策定")
    m = view.model
    assert m.setData(m.task_index(tid, COL_START), "R3 Q2")
    t = ctl.plan.tasks[tid]
    assert (t.start, t.end, t.precision) == (datetime.date(2021, 7, 1), datetime.date(2022, 3, 31), "quarter")
    assert m.setData(m.task_index(tid, COL_END), "令和4年度上期")
    t = ctl.plan.tasks[tid]
    assert (t.end, t.precision) == (datetime.date(2022, 9, 30), "quarter")
    assert m.setData(m.task_index(tid, COL_START), "2021-08")
    assert ctl.plan.tasks[tid].precision == "month"
    assert m.setData(m.task_index(tid, COL_END), "2022-09-15")
    t = ctl.plan.tasks[tid]
    assert (t.end, t.precision) == (datetime.date(2022, 9, 15), "day")
    assert m.data(m.task_index(tid, COL_END)) == "R4.9.15"
    with qtbot.waitSignal(m.message) as sig:
        assert not m.setData(m.task_index(tid, COL_START), "令和99年度第5四半期")
    assert "四半期" in sig.args[0]
    assert ctl.plan.tasks[tid].start == datetime.date(2021, 8, 1)


def test_period_editor_reports_bad_entry_inline(qtbot, view, ctl):
    tid = leaf(ctl, "全体方針の策定")
    idx = view.model.task_index(tid, COL_START)
    view.tree.setCurrentIndex(idx)
    view.tree.edit(idx)
    editor = view.tree.indexWidget(idx) or view.tree.focusWidget()
    from ui.gantt.delegates import PeriodEdit

    assert isinstance(editor, PeriodEdit)
    editor.setText("R7 Q9")
    assert editor.error and "四半期" in editor.error
    assert editor.toolTip() == editor.error
    editor.setText("R7 Q2")
    assert editor.error == ""


def test_snapshot_bars_follow_set_snapshot(qtbot, view, ctl):
    data = plan_to_dict(ctl.plan)
    data.pop("snapshots", None)
    data.pop("reviews", None)
    snap = Snapshot(id="s1", name="当初計画", taken_at=datetime.datetime(2021, 4, 1, 9, 0), data=data)
    assert ctl.run(ops.PutEntities("snapshots", [snap]))
    assert view.snapshot_box.findData("s1") >= 0
    view.set_snapshot("s1")
    tid = leaf(ctl, "全体方針の策定")
    assert view.chart.snapshot[tid] == (datetime.date(2021, 7, 1), datetime.date(2022, 3, 31))
    assert any(k == "snapshot" for k, _ in view.chart.legend_items())
    view.set_snapshot(None)
    assert view.chart.snapshot is None
    view.set_snapshot("nope")  # unknown: no comparison, no error
    assert view.chart.snapshot is None


def test_era_switch_changes_labels(qtbot, view, ctl):
    tid = leaf(ctl, "全体方針の策定")
    idx = view.model.task_index(tid, COL_START)
    assert view.model.data(idx) == "R3 Q2"
    view.set_era("western")
    assert view.model.data(idx) == "2021 Q2"
    assert view.chart._fy_texts(2021, "ja")[0] == "2021年度"
    view.set_era("wareki")
    assert view.chart._fy_texts(2021, "ja")[0] == "令和3年度"
    with pytest.raises(ValueError):
        view.set_era("kouki")


def test_overdue_status_is_labelled(qtbot, view, ctl):
    tid = leaf(ctl, "DXの認識共有・機運醸成")  # ended 2021-09-30, not done, today 2023-01-10
    assert "遅延" in view.model.data(view.model.task_index(tid, COL_STATUS))
    assert ctl.run(ops.UpdateEntity("tasks", tid, {"status": "完了", "progress": 100}))
    assert "遅延" not in view.model.data(view.model.task_index(tid, COL_STATUS))


def test_follows_controller_changes(qtbot, view, ctl):
    tid = leaf(ctl, "全体方針の策定")
    area = ctl.plan.tasks[tid].area_id
    rows = len(view.layout_rows.rows)
    assert ctl.run(ops.UpdateEntity("tasks", tid, {"title": "方針（改）"}))
    assert view.model.data(view.model.task_index(tid)) == "方針（改）"
    assert len(view.layout_rows.rows) == rows
    # collapse an area, then add a task: the tree is rebuilt, the area stays collapsed
    view.tree.collapse(view.model.index_of(view.model.area_nodes[area]))
    collapsed_rows = len(view.layout_rows.rows)
    assert collapsed_rows < rows
    assert ctl.run(ops.add_task(ctl.plan, area, "新しい取組", start=datetime.date(2022, 4, 1),
                                end=datetime.date(2022, 6, 30)))
    assert len(view.layout_rows.rows) == collapsed_rows
    assert not view.tree.isExpanded(view.model.index_of(view.model.area_nodes[area]))
    ctl.undo_stack.undo()
    assert len(view.layout_rows.rows) == collapsed_rows


def test_double_click_activates_task(qtbot, view, ctl):
    tid = leaf(ctl, "全体方針の策定")
    rect = show_task(view, tid)
    with qtbot.waitSignal(view.task_activated) as sig:
        qtbot.mouseDClick(view.timeline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [tid]


def test_export_png_and_svg_show_the_whole_chart(qtbot, view, ctl, tmp_path):
    png = tmp_path / "chart.png"
    svg = tmp_path / "chart.svg"
    view.export_png(png)
    view.export_svg(svg)
    img = QImage(str(png))
    assert not img.isNull()
    from ui.gantt.export import ChartPage

    page = ChartPage(view.chart)
    assert (img.width(), img.height()) == (page.width, page.height)
    assert page.height > len(view.layout_rows.rows) * view.chart.row_h  # every row, not only the visible
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    assert "全体方針" in text
    assert not list(tmp_path.glob("*.part"))


def test_only_visible_rows_are_painted(qtbot, tmp_path, monkeypatch):
    from benchmarks.generate import big_plan
    from dxplanner.store.gateway import write_new
    from ui.gantt.chart import Chart

    path = tmp_path / "big.dxplan"
    write_new(path, big_plan(2000))
    c = DocumentController()
    c.attach(Document.open(path))
    v = GanttView(c)
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    qtbot.waitExposed(v)
    painted: list[int] = []
    real = Chart._paint_row

    def spy(self, p, node, y, t):
        painted.append(int(y))
        return real(self, p, node, y, t)

    monkeypatch.setattr(Chart, "_paint_row", spy)
    v.timeline.viewport().grab()  # paints the viewport through its paintEvent
    visible = v.timeline.body_height() // v.chart.row_h + 2
    assert 0 < len(painted) <= visible
    c.set_document(None)


def test_model_is_a_valid_qt_model(qtmodeltester, view):
    qtmodeltester.check(view.model, force_py=True)


def test_starts_with_the_programs_era_preference(qtbot, ctl):
    from ui import display

    display.set_era("western")
    try:
        v = GanttView(ctl)
        qtbot.addWidget(v)
        assert v.model.era == "western" and v.era_box.currentData() == "western"
    finally:
        display.set_era("wareki")


def test_arrow_keys_in_the_timeline_move_between_tasks(qtbot, view, ctl):
    first = leaf(ctl, "DXの認識共有・機運醸成")
    second = leaf(ctl, "CIOの任命")
    view.select_task(first)
    view.timeline.setFocus()
    qtbot.keyClick(view.timeline, Qt.Key.Key_Down)
    assert view.selected_task() == second
    with qtbot.waitSignal(view.task_activated) as sig:
        qtbot.keyClick(view.timeline, Qt.Key.Key_Return)
    assert sig.args == [second]


def test_png_export_can_be_cancelled_and_leaves_nothing(qtbot, view, tmp_path):
    from ui.gantt.export import ExportCancelledError, export_png

    target = tmp_path / "x.png"
    with pytest.raises(ExportCancelledError):
        export_png(view.chart, target, lambda done, total: False)
    assert not target.exists() and not list(tmp_path.glob("x.png*"))
