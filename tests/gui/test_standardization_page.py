"""The 標準化 page walked as a user does: many rows at once, paste from Excel, filter and sort by
status, the town's own steps, 運用経費 per 年度 with the chart beside the table."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton

from tests.gui.conftest import QT_MARKS

pytestmark = QT_MARKS


@pytest.fixture
def page(open_window):
    p = open_window.show_page("standardization")
    assert p is not None
    return p


def select_cells(table, rows, col):
    m = table.plan_model()
    sel = table.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(m.index(r, col), QItemSelectionModel.SelectionFlag.Select)
    table.setCurrentIndex(m.index(rows[0], col))
    for r in rows:
        sel.select(m.index(r, col), QItemSelectionModel.SelectionFlag.Select)


def button(page, text):
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


def test_set_the_status_of_many_rows_at_once_and_undo(page):
    plan, ctl = page.ctl.plan, page.ctl
    m = page.systems
    select_cells(page.table, [0, 1, 2], m.column_index("status"))
    menu = page.set_status.menu()
    act = next(a for a in menu.actions() if a.text() == "移行済")
    act.trigger()
    ids = [m.entity_id(r) for r in range(3)]
    assert [plan.systems[i].status for i in ids] == ["移行済"] * 3
    assert ctl.undo_stack.count() == 1  # one step for the three rows
    ctl.undo_stack.undo()
    assert [plan.systems[i].status for i in ids] == ["未移行"] * 3
    assert "0 of 20" not in page.summary.text() and "対象の 20 業務のうち 0 業務" in page.summary.text()


def test_paste_from_excel_fills_status_and_dates(page):
    plan = page.ctl.plan
    m = page.systems
    c = m.column_index("status")
    QGuiApplication.clipboard().setText("移行済\t令和8年1月5日\t2026-01-05\r\n特定移行支援\tR10.1\t\r\n")
    select_cells(page.table, [0], c)
    page.table.setFocus()
    QTest.keySequence(page.table, QKeySequence(QKeySequence.StandardKey.Paste))
    first, second = plan.systems[m.entity_id(0)], plan.systems[m.entity_id(1)]
    assert (first.status, first.planned_date.isoformat(), first.actual_date.isoformat()) == (
        "移行済", "2026-01-05", "2026-01-05")
    assert (second.status, second.planned_date.isoformat()) == ("特定移行支援", "2028-01-01")
    assert page.ctl.undo_stack.count() == 1
    # a wrong status is refused with a message and nothing changes
    QGuiApplication.clipboard().setText("移行完了")
    select_cells(page.table, [2], c)
    refused = []
    page.ctl.refused.connect(refused.append)
    QTest.keySequence(page.table, QKeySequence(QKeySequence.StandardKey.Paste))
    assert refused and "移行完了" in refused[0]
    assert plan.systems[m.entity_id(2)].status == "未移行"


def test_filter_and_sort_by_status(page):
    m = page.systems
    ctl = page.ctl
    from dxplanner import ops

    ctl.run(ops.UpdateEntity("systems", "kaigo", {"status": "特定移行支援"}))
    ctl.run(ops.UpdateEntity("systems", "juki", {"status": "移行済"}))
    page.filter.setCurrentIndex(page.filter.findData("特定移行支援"))
    shown = [m.entity_id(r) for r in range(m.rowCount()) if not page.table.isRowHidden(r)]
    assert shown == ["kaigo"]
    # a status changed under the filter: the row leaves the view
    ctl.run(ops.UpdateEntity("systems", "seiho", {"status": "特定移行支援"}))
    shown = {m.entity_id(r) for r in range(m.rowCount()) if not page.table.isRowHidden(r)}
    assert shown == {"kaigo", "seiho"}
    page.filter.setCurrentIndex(0)
    assert not any(page.table.isRowHidden(r) for r in range(m.rowCount()))
    page.sort.setCurrentIndex(page.sort.findData("status"))
    order = [ctl.plan.systems[m.entity_id(r)].status for r in range(m.rowCount())]
    assert order == sorted(order, key=["未移行", "移行中", "移行済", "特定移行支援", "対象外"].index)
    assert m.entity_id(m.rowCount() - 1) in ("kaigo", "seiho")


def test_the_towns_own_steps(page, qtbot):
    page.table.setCurrentIndex(page.systems.index(0, 0))
    sid = page.systems.entity_id(0)
    pm = page.phases
    assert page.phases_title.text() == "住民基本台帳の工程・ステップ"
    add = [b for b in page.findChildren(QPushButton) if b.text().replace("(&A)", "") == "行を追加"]  # one Alt+A per page
    qtbot.mouseClick(add[0], Qt.MouseButton.LeftButton)  # the phases table (the systems table adds none)
    assert pm.rowCount() == 4 and "新しいステップ" in page.ctl.plan.systems[sid].phases
    assert pm.setData(pm.index(3, 1), "データ移行リハーサル")
    assert pm.setData(pm.index(3, 0), "作業中")
    assert page.ctl.plan.systems[sid].phases == {"データ移行リハーサル": "作業中"}
    assert not (pm.flags(pm.index(0, 1)) & Qt.ItemFlag.ItemIsEditable)  # sourced names stay
    assert not pm.remove_rows([0])
    assert pm.remove_rows([3]) and pm.rowCount() == 3


def test_cost_rows_per_year_and_the_chart_beside_them(page, qtbot):
    cm = page.costs
    table = page.costs_table
    add = [b for b in page.findChildren(QPushButton) if b.text().replace("(&A)", "") == "行を追加"]  # one Alt+A per page
    qtbot.mouseClick(add[-1], Qt.MouseButton.LeftButton)
    assert cm.rowCount() == 1
    cid = cm.entity_id(0)
    assert cm.setData(cm.index(0, cm.column_index("system_ids")), "住民基本台帳、印鑑登録")
    base_col = cm.column_index("baseline")
    table.setCurrentIndex(cm.index(0, base_col))
    QTest.keyClick(table, Qt.Key.Key_Return)  # Enter opens the cell's editor
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    QTest.keyClicks(editor, "10000")  # a bare number is 千円
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.ctl.plan.std_costs[cid].baseline is not None)  # Qt commits queued
    c = page.ctl.plan.std_costs[cid]
    assert c.system_ids == ["juki", "inkan"] and c.baseline == 10_000_000
    fy_col = cm.column_index("actual:2025")
    assert cm.setData(cm.index(0, fy_col), "12,000")
    page.planned_box.click()
    assert cm.setData(cm.index(0, cm.column_index("planned:2027")), "6,500")
    s = page.chart.summary
    assert s is not None and s.baseline == 10_000_000 and s.target == 7_000_000
    totals = {y.fy: (y.total, y.all_actual) for y in s.years if y.total is not None}
    assert totals == {2025: (12_000_000, True), 2027: (6_500_000, False)}
    # the 基金 never pays 運用経費: ticking it is refused
    refused = []
    page.ctl.refused.connect(refused.append)
    assert not cm.setData(cm.index(0, cm.column_index("fund_covered")), Qt.CheckState.Checked.value,
                          Qt.ItemDataRole.CheckStateRole)
    assert refused and "運用経費" in refused[0]
    # the chart sits beside the table, not below it
    assert page.chart.geometry().top() < table.geometry().bottom()


def test_link_tasks_through_the_dialog_and_the_check_follows(page, qtbot, monkeypatch):
    from dxplanner import checks, ops
    from ui.task_links import TaskLinksDialog

    ctl = page.ctl
    tid = next(t.id for t in ctl.plan.tasks.values() if t.area_id == "std")
    ctl.run(ops.UpdateEntity("tasks", tid, {"status": "完了", "progress": 100}))
    page.table.setCurrentIndex(page.systems.index(0, 0))
    sid = page.systems.entity_id(0)

    def answer(dlg: TaskLinksDialog) -> int:
        assert dlg.list.item(0).data(Qt.ItemDataRole.UserRole) == tid  # the 標準化 part's tasks first
        dlg.list.item(0).setCheckState(Qt.CheckState.Checked)
        qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
        return dlg.result()

    monkeypatch.setattr(TaskLinksDialog, "exec", answer)
    qtbot.mouseClick(page.link_tasks, Qt.MouseButton.LeftButton)
    assert ctl.plan.systems[sid].task_ids == [tid]
    title = ctl.plan.tasks[tid].title
    assert page.systems.data(page.systems.index(0, page.systems.column_index("task_ids"))) == title
    assert ("std_task_done", sid) in {(f.code, f.id) for f in checks.check(ctl.plan)}
    ctl.undo_stack.undo()
    assert ctl.plan.systems[sid].task_ids == []
