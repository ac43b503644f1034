"""Issue #7 in the window: snapshots, the comparison page, the yearly review and the KPI chart."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from dxplanner import history, ops
from dxplanner.document import Document
from dxplanner.exchange.json_format import plan_to_dict
from tests.gui.conftest import QT_MARKS
from ui.models.history import CATEGORIES, ComparisonModel, SnapshotsModel
from ui.models.review import COLUMNS, ReviewItemsModel

pytestmark = QT_MARKS

T0 = datetime.datetime(2021, 4, 1, 9, 0)
TODAY = datetime.date(2022, 4, 1)


def std_tasks(plan, n):
    return [t for _, t in plan.ordered_tasks()
            if t.area_id == "std" and not t.milestone and not plan.children_of(t.id, t.area_id)][:n]


def compare_page(w):
    page = w.show_page("compare")
    page.panel.today = TODAY
    return page


# --- snapshots ---------------------------------------------------------------------------------


def test_take_rename_delete_snapshots_each_undoable(open_window, answers, qtbot):
    w = open_window
    plan = w.ctl.plan
    page = compare_page(w)
    assert page.snapshots.rowCount() == 0
    assert "スナップショットはまだありません" in page.panel.summary.text()
    sid = page.take("当初計画", "議会に報告", now=T0)
    assert sid is not None and plan.snapshots[sid].name == "当初計画"
    assert plan.snapshots[sid].note == "議会に報告"
    assert page.snapshots.rowCount() == 1
    assert page.panel.from_box.currentData() == sid and page.panel.to_box.currentData() == history.NOW
    w.ctl.undo_stack.undo()
    assert sid not in plan.snapshots and page.snapshots.rowCount() == 0
    w.ctl.undo_stack.redo()
    assert plan.snapshots[sid].name == "当初計画"
    # a second snapshot with the same name is refused, nothing changes
    n = w.ctl.undo_stack.count()
    assert page.take("当初計画") is None
    assert w.ctl.undo_stack.count() == n and len(plan.snapshots) == 1
    assert "すでにあります" in w.message_bar.text()
    # rename by editing the name cell: one undo step, labelled as a rename
    assert page.rename(sid, "令和3年度当初")
    assert plan.snapshots[sid].name == "令和3年度当初"
    assert w.ctl.undo_stack.undoText() == "スナップショットの名前変更"
    assert page.panel.from_box.currentText().startswith("令和3年度当初")
    w.ctl.undo_stack.undo()
    assert plan.snapshots[sid].name == "当初計画"
    assert page.panel.from_box.currentText().startswith("当初計画")
    # an empty name is refused
    assert not page.rename(sid, "  ")
    assert plan.snapshots[sid].name == "当初計画"
    # delete asks first, then is undoable
    page.table.select_entity(sid)
    answers.answer = answers.answer.No
    page._delete(page.table)
    assert sid in plan.snapshots
    answers.answer = answers.answer.Yes
    page._delete(page.table)
    assert sid not in plan.snapshots and page.snapshots.rowCount() == 0
    assert page.panel.from_box.findData(sid) < 0
    w.ctl.undo_stack.undo()
    assert sid in plan.snapshots and page.panel.from_box.findData(sid) >= 0
    # everything was saved as it happened: the file has the snapshot and the JSON form carries it
    w.ctl.set_document(None)
    with Document.open(w.settings.recent_files()[0], readonly=True) as doc:
        assert [s.name for s in doc.plan.snapshots.values()] == ["当初計画"]
        assert plan_to_dict(doc.plan)["snapshots"][0]["name"] == "当初計画"


def test_suggested_name_is_the_month_and_unique(open_window):
    from ui.pages.history import suggest_name

    w = open_window
    page = compare_page(w)
    day = datetime.date(2026, 11, 5)
    assert suggest_name(w.ctl.plan, day) == "令和8年11月時点"
    page.take("令和8年11月時点", now=T0)
    assert suggest_name(w.ctl.plan, day) == "令和8年11月時点 (2)"


def test_schedule_compare_box_follows_snapshots(open_window):
    w = open_window
    page = compare_page(w)
    sid = page.take("当初計画", now=T0)
    gantt = w.show_page("schedule").gantt
    box = gantt.snapshot_box
    assert box.findData(sid) > 0 and box.itemText(box.findData(sid)).startswith("当初計画")
    page.rename(sid, "令和3年度当初")
    assert box.itemText(box.findData(sid)).startswith("令和3年度当初")
    gantt.set_snapshot(sid)
    assert gantt.chart.snapshot is not None
    page.delete(sid)
    assert box.findData(sid) < 0
    w.ctl.undo_stack.undo()
    assert box.findData(sid) > 0


# --- the comparison ----------------------------------------------------------------------------


def make_changes(w):
    """Every kind of change after a snapshot; returns what was done, by kind."""
    plan = w.ctl.plan
    a, b, c, d = std_tasks(plan, 4)
    run = w.ctl.run
    assert run(ops.move_tasks(plan, [a.id], months=3))
    assert run(ops.UpdateEntity("tasks", b.id, {"status": "進行中"}))
    assert run(ops.UpdateEntity("tasks", c.id, {"progress": 40}))
    assert run(ops.DeleteEntities("tasks", [d.id]))
    add = ops.add_task(plan, "std", "新しい取組", start=datetime.date(2023, 4, 1), end=datetime.date(2023, 9, 30))
    assert run(add)
    kpi = sorted(plan.kpis.values(), key=lambda k: (k.order, k.id))[0]
    assert run(ops.UpdateEntity("kpis", kpi.id, {"targets": {2025: 80.0}}))
    return {"moved": a, "status": b, "progress": c, "removed": d, "added": add.entities[0], "kpi": kpi}


def rows_by_category(model):
    out: dict[str, list] = {}
    for r in model.visible_rows():
        out.setdefault(r.category, []).append(r)
    return out


def test_compare_shows_exactly_the_changes_made(open_window, qtbot):
    w = open_window
    plan = w.ctl.plan
    page = compare_page(w)
    sid = page.take("当初計画", now=T0)
    page.panel.refresh()
    assert page.panel.model.comparison is not None and not page.panel.model.comparison.tasks
    done = make_changes(w)
    page.panel.refresh()
    m = page.panel.model
    by = rows_by_category(m)
    assert [r.target_id for r in by["added"]] == [done["added"].id]
    assert [r.target_id for r in by["removed"]] == [done["removed"].id]
    assert [r.target_id for r in by["moved"]] == [done["moved"].id]
    assert by["moved"][0].shift == "+3か月"
    assert [r.target_id for r in by["status"]] == [done["status"].id]
    assert by["status"][0].old_new == "未着手 → 進行中"
    assert [r.target_id for r in by["progress"]] == [done["progress"].id]
    assert by["progress"][0].old_new == "0% → 40%"
    assert [r.target_id for r in by["kpi"]] == [done["kpi"].id]
    assert by["kpi"][0].old_new == "— → 80"
    assert "other" not in by
    # late (as of TODAY): the tasks of the plan whose end has passed and that are not done
    late = {t.id: d for t, d in history.late_tasks(plan, TODAY)}
    assert {r.target_id for r in by["late"]} == set(late)
    some = next(iter(late))
    assert next(r for r in by["late"] if r.target_id == some).late == f"{late[some]}日遅れ"
    summary = page.panel.summary.text()
    assert "追加 1、削除 1、移動 1、状況変更 1、進捗変更 1、KPI 変更 1" in summary
    assert page.panel.filters["moved"].text() == "移動 (1)"
    # grouped by part: the std part holds the task rows, the KPI group the KPI row
    groups = [g.key for g in m.groups]
    assert groups[-1] == "\x00kpi" and "std" in groups
    # the tree shows the same rows as the model, and the removed task is struck through
    gi = groups.index("std")
    parent = m.index(gi, 0)
    titles = [m.data(m.index(i, 0, parent)) for i in range(m.rowCount(parent))]
    assert done["added"].title in titles and done["removed"].title in titles
    removed_row = next(i for i in range(m.rowCount(parent)) if m.row_at(m.index(i, 0, parent)).category == "removed")
    assert m.data(m.index(removed_row, 0, parent), Qt.ItemDataRole.FontRole).strikeOut()
    # filters: only the moved rows
    for key, box in page.panel.filters.items():
        box.setChecked(key == "moved")
    assert [r.target_id for r in m.visible_rows()] == [done["moved"].id]
    for box in page.panel.filters.values():
        box.setChecked(True)
    # compare the other way round: added and removed swap
    page.panel.choose(None, sid)
    by2 = rows_by_category(page.panel.model)
    assert [r.target_id for r in by2["added"]] == [done["removed"].id]
    assert [r.target_id for r in by2["removed"]] == [done["added"].id]
    assert by2["moved"][0].shift == "-3か月"


def test_double_click_goes_to_the_task(open_window, qtbot):
    w = open_window
    page = compare_page(w)
    page.take("当初計画", now=T0)
    done = make_changes(w)
    page.panel.refresh()
    m = page.panel.model
    gi = [g.key for g in m.groups].index("std")
    parent = m.index(gi, 0)
    row = next(i for i in range(m.rowCount(parent)) if m.row_at(m.index(i, 0, parent)).category == "moved")
    page.panel.view.doubleClicked.emit(m.index(row, 0, parent))
    assert w.current_page == "area:std"
    table = w.pages["area:std"].tables[0]
    assert table.plan_model().entity_id(table.currentIndex().row()) == done["moved"].id
    # a removed task cannot be shown: a message, the page stays
    w.show_page("compare")
    row = next(i for i in range(m.rowCount(parent)) if m.row_at(m.index(i, 0, parent)).category == "removed")
    page.panel.view.doubleClicked.emit(m.index(row, 0, parent))
    assert w.current_page == "compare" and "ありません" in w.message_bar.text()
    # a KPI row goes to the KPI page
    ki = [g.key for g in m.groups].index("\x00kpi")
    page.panel.view.doubleClicked.emit(m.index(0, 0, m.index(ki, 0)))
    assert w.current_page == "kpi"


def test_compare_between_two_snapshots_and_late_as_of_the_snapshot(open_window):
    w = open_window
    plan = w.ctl.plan
    page = compare_page(w)
    first = page.take("当初計画", now=T0)
    a = std_tasks(plan, 1)[0]
    assert w.ctl.run(ops.UpdateEntity("tasks", a.id, {"status": "完了", "progress": 100}))
    second = page.take("令和4年6月議会報告", now=datetime.datetime(2022, 6, 10, 14, 0))
    assert w.ctl.run(ops.UpdateEntity("tasks", a.id, {"progress": 90, "status": "進行中"}))
    page.panel.choose("当初計画", "令和4年6月議会報告")
    by = rows_by_category(page.panel.model)
    assert {r.target_id for r in by["status"]} == {a.id} and by["status"][0].old_new == "未着手 → 完了"
    assert by["progress"][0].old_new == "0% → 100%"
    # late as of the day the newer snapshot was taken; a task finished by then is not late
    snap = plan.snapshots[second]
    expected = {t["id"] for t in snap.data["tasks"]
                if t["end"] and t["status"] not in ("完了", "中止") and t["end"] < "2022-06-10"}
    assert {r.target_id for r in by.get("late", [])} == expected and a.id not in expected
    assert page.panel.from_box.currentData() == first


# --- the yearly review -------------------------------------------------------------------------


def test_review_a_year_undo_and_reopen(open_window, plan_file, qtbot):
    w = open_window
    plan = w.ctl.plan
    kpi = sorted(plan.kpis.values(), key=lambda k: (k.order, k.id))[0]
    assert w.ctl.run(ops.UpdateEntity("kpis", kpi.id, {"targets": {2021: 50.0, 2022: 80.0}}))
    page = w.show_page("review")
    page.today = TODAY
    page.items.today = TODAY
    page.set_fy(2021)
    assert page.fy == 2021 and page.items.review is None
    assert "始めていません" in page.status.text()
    assert page.start_button.isEnabled()
    assert page.start()
    review = history.review_for(plan, 2021)
    assert review is not None and page.items.rowCount() == len(review.items) > 1
    krow = page.items.row_of("kpi", kpi.id)
    assert krow is not None
    trow = 0
    item0 = review.items[trow]
    # grade, comment and next step of a task in the table: one undo step each
    m = page.items
    n = w.ctl.undo_stack.count()
    assert m.setData(m.index(trow, COLUMNS.index("grade")), "ｂ")
    assert m.setData(m.index(trow, COLUMNS.index("comment")), "予定どおり完了")
    assert m.setData(m.index(trow, COLUMNS.index("next_step")), "次年度も継続")
    assert w.ctl.undo_stack.count() == n + 3
    it = history.review_for(plan, 2021).items[trow]
    assert (it.grade, it.comment, it.next_step) == ("B", "予定どおり完了", "次年度も継続")
    assert m.data(m.index(trow, COLUMNS.index("grade"))) == "B 目標どおり"
    assert not m.setData(m.index(trow, COLUMNS.index("grade")), "E")
    assert "A、B、C、D" in w.message_bar.text()
    # the KPI: the actual for the year goes to Kpi.actuals and to the item, in one undo step
    page.view.setCurrentIndex(m.index(krow, 0))
    assert page._row == krow and page.chart.isVisibleTo(page)
    assert "令和3年度の目標 50" in page.facts.text()
    page.actual_edit.setText("45")
    page.actual_edit.setModified(True)
    page.actual_edit.editingFinished.emit()
    assert plan.kpis[kpi.id].actuals == {2021: 45.0}
    assert history.review_for(plan, 2021).items[krow].actual == "45"
    assert page.chart.actuals == {2021: 45.0}
    w.ctl.undo_stack.undo()
    assert plan.kpis[kpi.id].actuals == {} and history.review_for(plan, 2021).items[krow].actual == ""
    w.ctl.undo_stack.redo()
    assert not m.setData(m.index(krow, COLUMNS.index("actual")), "四十五")
    assert plan.kpis[kpi.id].actuals == {2021: 45.0}
    # one item at a time: grade buttons, comment committed when going to the next item
    page.grade_buttons["C"].click()
    assert history.review_for(plan, 2021).items[krow].grade == "C"
    page.comment_edit.setFocus()
    page.comment_edit.setPlainText("集計方法を見直す")
    page.comment_edit.document().setModified(True)
    page.step(-1)
    assert page._row == krow - 1
    assert history.review_for(plan, 2021).items[krow].comment == "集計方法を見直す"
    # the grade wording and the summary
    assert page.set_grade_labels({"A": "順調", "B": "概ね順調", "C": "やや遅れ", "D": "評価不能"})
    assert m.data(m.index(trow, COLUMNS.index("grade"))) == "B 概ね順調"
    assert page.grade_buttons["B"].text() == "&B 概ね順調"
    page.summary.setPlainText("おおむね計画どおり")
    page.summary.document().setModified(True)
    page.summary.commit()
    assert history.review_for(plan, 2021).summary == "おおむね計画どおり"
    counts = history.grade_counts(history.review_for(plan, 2021))
    assert counts["B"] == 1 and counts["C"] == 1
    assert "B 概ね順調: 1" in page.status.text() and "C やや遅れ: 1" in page.status.text()
    assert item0.target_id == history.review_for(plan, 2021).items[trow].target_id
    # another year starts empty; coming back shows the review again
    page.set_fy(2022)
    assert page.items.rowCount() == 0 and page.start_button.isVisible()
    page.set_fy(2021)
    assert page.items.rowCount() == len(review.items)
    # everything survives closing and reopening the file
    w.ctl.set_document(None)
    assert w.open_path(plan_file, "review")
    plan2 = w.ctl.plan
    r2 = history.review_for(plan2, 2021)
    assert r2 is not None and r2.summary == "おおむね計画どおり" and r2.grade_labels["B"] == "概ね順調"
    assert r2.items[trow].grade == "B" and r2.items[krow].grade == "C" and r2.items[krow].actual == "45"
    assert plan2.kpis[kpi.id].actuals == {2021: 45.0}
    data = plan_to_dict(plan2)
    assert data["reviews"][0]["items"][trow]["comment"] == "予定どおり完了"


def test_review_shows_the_english_default_wording(open_window):
    from ui.lang import apply_language
    from ui.models.review import grade_label

    w = open_window
    plan = w.ctl.plan
    assert w.ctl.run(history.start_review(plan, 2021))
    review = history.review_for(plan, 2021)
    try:
        apply_language("en")
        assert grade_label(review, "A") == "Ahead of target"
    finally:
        apply_language("ja")
    assert grade_label(review, "A") == "目標より進んでいる"


def test_review_detail_shows_late_days(open_window):
    w = open_window
    plan = w.ctl.plan
    t = std_tasks(plan, 1)[0]
    page = w.show_page("review")
    page.today = TODAY
    page.items.today = TODAY
    page.set_fy(2021)
    page.start()
    row = page.items.row_of("task", t.id)
    page.view.setCurrentIndex(page.items.index(row, 0))
    # a review counts delays as of the end of its 年度 (令和3年度 → 2022-03-31), not as of today
    days = history.days_late(plan, t, datetime.date(2022, 3, 31))
    assert days is not None and days != history.days_late(plan, t, TODAY)
    assert f"令和4年3月31日時点の遅延：{days:,}日遅れ" in page.facts.text()
    assert page.items.data(page.items.index(row, COLUMNS.index("late"))) == f"{days:,}日遅れ"


# --- the KPI chart -----------------------------------------------------------------------------


def test_kpi_chart_renders_targets_and_actuals(qtbot):
    from dxplanner.model import Kpi
    from ui.kpi_chart import KpiChart

    chart = KpiChart()
    qtbot.addWidget(chart)
    chart.resize(480, 200)
    empty = chart.grab().toImage()
    chart.set_kpi(Kpi("k", name="オンライン利用率", unit="%", targets={2022: 50.0, 2023: 70.0},
                      actuals={2022: 38.0}), [2022, 2023, 2024], highlight=2023)
    img = chart.grab().toImage()
    assert not img.isNull() and img.width() >= 480
    dark = sum(1 for x in range(0, img.width(), 3) for y in range(0, img.height(), 3)
               if QColor(img.pixel(x, y)).lightness() < 90)
    dark_empty = sum(1 for x in range(0, empty.width(), 3) for y in range(0, empty.height(), 3)
                     if QColor(empty.pixel(x, y)).lightness() < 90)
    assert dark > dark_empty + 50  # the solid actual bar and the labels
    assert "令和4年度：目標 50、実績 38" in chart.accessibleDescription()


def test_kpi_page_has_the_chart_of_the_selected_kpi(open_window):
    w = open_window
    plan = w.ctl.plan
    page = w.show_page("kpi")
    kpi_id = page.kpis.entity_id(1)
    assert w.ctl.run(ops.UpdateEntity("kpis", kpi_id, {"targets": {2022: 10.0}, "actuals": {2022: 7.0}}))
    page.table.select_entity(kpi_id)
    assert page.chart.kpi_name == plan.kpis[kpi_id].name
    assert page.chart.actuals == {2022: 7.0}
    assert not page.chart.grab().isNull()


# --- models and screenshots --------------------------------------------------------------------


@pytest.mark.parametrize("which", ["snapshots", "comparison", "review"])
def test_new_models_pass_modeltester(qtmodeltester, open_window, which):
    """Each model is checked with data, then watched through more edits and undos."""
    w = open_window
    ctl = w.ctl
    page = compare_page(w)
    page.take("当初計画", now=T0)
    make_changes(w)
    assert ctl.run(history.start_review(ctl.plan, 2021))
    model: Any
    if which == "snapshots":
        model = SnapshotsModel(ctl)
    elif which == "comparison":
        model = ComparisonModel(ctl)
        model.compare("当初計画", None, TODAY)
    else:
        model = ReviewItemsModel(ctl, 2021)
    qtmodeltester.check(model, force_py=True)
    page.take("二回目", now=datetime.datetime(2021, 5, 1))
    if isinstance(model, ComparisonModel):
        model.set_shown({c for c, _l in CATEGORIES} - {"late"})
        model.compare("二回目", "当初計画", TODAY)
    if isinstance(model, ReviewItemsModel):
        assert model.setData(model.index(0, COLUMNS.index("grade")), "A")
        model.set_fy(2022)
        model.set_fy(2021)
    ctl.undo_stack.undo()
    ctl.undo_stack.undo()
    assert model.rowCount() >= 0


@pytest.mark.parametrize("page", ["compare", "review"])
def test_screenshot_mode_for_the_new_pages(tmp_path, plan_file, page):
    from ui.app import run

    doc = Document.open(plan_file)
    try:
        doc.execute(history.take_snapshot(doc.plan, "当初計画", now=T0))
        doc.execute(history.start_review(doc.plan, 2021))
    finally:
        doc.close()
    out = tmp_path / f"{page}.png"
    assert run(file=str(plan_file), screenshot=str(out), page=page) == 0
    assert out.exists() and out.stat().st_size > 10000


def test_hidden_compare_page_catches_up_when_shown(open_window, qtbot):
    w = open_window
    page = compare_page(w)
    page.take("当初計画", now=T0)
    w.show_page("overview")
    a = std_tasks(w.ctl.plan, 1)[0]
    assert w.ctl.run(ops.UpdateEntity("tasks", a.id, {"progress": 55}))
    assert not page.panel.model.comparison.tasks  # not recomputed while hidden
    w.show_page("compare")
    assert [r.target_id for r in rows_by_category(page.panel.model)["progress"]] == [a.id]
