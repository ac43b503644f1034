"""Entry that forgives, as a person types it: Excel rows pasted into a task table, numbers, periods."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import QT_MARKS
from tests.gui.typing_helpers import type_text

pytestmark = QT_MARKS


def test_three_excel_rows_pasted_become_new_tasks_after_the_current_one(open_window, qtbot):
    page = open_window.show_page("area:std")
    table = page.tables[0]
    m = table.plan_model()
    before = [(m.entity(r).id, m.entity(r).title, m.entity(r).start) for r in range(m.rowCount())]
    assert len(before) >= 3
    col = m.column_index("title")
    table.setFocus()
    table.setCurrentIndex(m.index(0, col))
    first = m.entity(0)
    # what Excel puts on the clipboard: tab-separated cells, CRLF line ends, a last CRLF
    QGuiApplication.clipboard().setText("要件定義\t企画課\tR8 Q1\r\n移行計画\t企画課\t4～6月\r\n研修\t総務課\tR8 Q3-R8 Q4\r\n")
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    titles = [m.entity(r).title for r in range(m.rowCount())]
    assert len(titles) == len(before) + 3
    siblings = list(open_window.ctl.plan.children_of(first.parent_id, first.area_id))
    names = [t.title for t in siblings]
    at = names.index(first.title)
    assert names[at + 1:at + 4] == ["要件定義", "移行計画", "研修"]
    new = {t.title: t for t in siblings[at + 1:at + 4]}
    assert new["要件定義"].department == "企画課" and new["要件定義"].start == datetime.date(2026, 4, 1)
    assert new["研修"].end == datetime.date(2027, 3, 31)
    # nothing that was there changed
    for eid, title, start in before:
        t = open_window.ctl.plan.tasks[eid]
        assert (t.title, t.start) == (title, start)
    # one Ctrl+Z takes the whole paste back
    open_window.ctl.undo_stack.undo()
    assert m.rowCount() == len(before)


def test_numbers_refuse_exponents_and_accept_percent(open_window):
    from ui.models.columns import FLOAT, INT, Column, InputError, format_value, parse_value

    assert parse_value(Column("x", FLOAT), "50%") == 50
    assert parse_value(Column("x", FLOAT), "１，２３４.５") == 1234.5
    for bad in ("1e5", "inf", "nan", "1,2e3"):
        try:
            parse_value(Column("x", FLOAT), bad)
        except InputError:
            continue
        raise AssertionError(bad)
    assert format_value(INT, 4321) == "4,321"


def test_period_column_has_one_style_following_the_settings(open_window):
    from ui import display

    page = open_window.show_page("area:std")
    m = page.tables[0].plan_model()
    col = m.column_index("period")
    try:
        for style, mark in (("kanji", "四半期"), ("months", "月")):
            open_window.set_quarter_style(style)
            texts = [m.data(m.index(r, col)) for r in range(m.rowCount())]
            quarter_rows = [t for r, t in enumerate(texts) if m.entity(r).precision == "quarter"]
            assert quarter_rows and all(t.startswith("令和") and mark in t and "Q" not in t for t in quarter_rows)
        open_window.set_era("western")
        texts = [m.data(m.index(r, col)) for r in range(m.rowCount())]
        assert all("令和" not in t for t in texts if t)
    finally:
        open_window.set_era("wareki")
        open_window.set_quarter_style("kanji")
        display.set_quarter_style("kanji")


def test_a_refused_entry_shows_a_message_that_moves_nothing_and_goes_when_corrected(open_window, qtbot):
    page = open_window.show_page("area:std")
    table = page.tables[0]
    m = table.plan_model()
    col = m.column_index("period")
    before = table.mapTo(open_window, table.rect().topLeft())
    assert not m.setData(m.index(0, col), "そのうち")
    bar = open_window.message_bar
    assert bar.isVisible() and "〜" in bar.text()  # says what could not be read, with a range example
    assert table.mapTo(open_window, table.rect().topLeft()) == before
    assert m.setData(m.index(0, col), "R8 Q1")
    assert not bar.isVisible()


def test_wizard_messages_move_nothing(qtbot, answers):
    from PySide6.QtWidgets import QWizard

    from ui.wizard import NewPlanWizard

    wiz = NewPlanWizard()
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.prefill_example()
    wiz.basics.population.setText("1e5")
    wiz.button(QWizard.WizardButton.NextButton).click()
    assert wiz.currentPage() is wiz.basics and wiz.basics.error.text()
    wiz.basics.population.setText("100,000")
    assert not wiz.basics.error.text()  # corrected: the message goes
    wiz.button(QWizard.WizardButton.NextButton).click()  # 団体の状況
    wiz.button(QWizard.WizardButton.NextButton).click()  # 推進体制
    table = wiz.currentPage().page.tables[0]
    before = table.mapTo(wiz, table.rect().topLeft())
    m = table.plan_model()
    assert not m.setData(m.index(0, m.column_index("date")), "いつか")
    assert wiz.message_bar.isVisible()
    assert table.mapTo(wiz, table.rect().topLeft()) == before


def test_a_kpi_added_gets_an_editable_part(open_window):
    page = open_window.show_page("kpi")
    table = page.tables[0]
    m = table.plan_model()
    col = m.column_index("area_id")
    assert m.flags(m.index(0, col)) & Qt.ItemFlag.ItemIsEditable
    eid = m.add_row(None)
    row = m.row_of(eid)
    name = open_window.ctl.plan.areas["mynum"].name
    assert m.setData(m.index(row, col), name)
    assert open_window.ctl.plan.kpis[eid].area_id == "mynum"


@pytest.mark.parametrize("page_name", ["structure", "talent", "area:std", "kpi", "budget"])
def test_no_alt_letter_twice_on_a_page(open_window, page_name):
    from PySide6.QtWidgets import QAbstractButton

    from ui.text import mnemonic_letter

    page = open_window.show_page(page_name)
    letters = [mnemonic_letter(b.text()) for b in page.findChildren(QAbstractButton)]
    letters = [x for x in letters if x]
    assert len(letters) == len(set(letters)), letters


def _type_into_cell(qtbot, table, index, text: str) -> None:
    """F2 on the cell, the text typed into the editor that opens, Enter — as a person does."""
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table
    editor.selectAll()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # Qt commits the edit queued


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("第2四半期", datetime.date(2028, 7, 1), datetime.date(2028, 9, 30)),
        ("4～6月", datetime.date(2028, 4, 1), datetime.date(2028, 6, 30)),
        ("上期", datetime.date(2028, 4, 1), datetime.date(2028, 9, 30)),
        ("1月", datetime.date(2029, 1, 1), datetime.date(2029, 1, 31)),
        ("10月～翌年6月", datetime.date(2028, 10, 1), datetime.date(2029, 6, 30)),
    ],
)
def test_a_period_without_a_year_is_in_the_rows_own_fiscal_year(open_window, qtbot, typed, start, end):
    """A task of 令和10年度: 「第2四半期」 typed in its 期間 cell is 令和10年度's, not this 年度's."""
    page = open_window.show_page("area:std")
    table = page.tables[0]
    m = table.plan_model()
    col = m.column_index("period")
    row = next(r for r in range(m.rowCount()) if m.depth(r) > 0)
    tid = m.entity(row).id
    assert m.setData(m.index(row, col), "令和10年度")
    _type_into_cell(qtbot, table, m.index(m.row_of(tid), col), typed)
    t = open_window.ctl.plan.tasks[tid]
    assert (t.start, t.end) == (start, end)


def test_a_task_without_dates_takes_its_parents_fiscal_year_then_the_plans(open_window, qtbot):
    from dxplanner import ops
    from dxplanner.model import task_fy

    plan = open_window.ctl.plan
    page = open_window.show_page("area:std")
    table = page.tables[0]
    m = table.plan_model()
    col = m.column_index("period")
    parent_row = next(r for r in range(m.rowCount()) if m.depth(r) == 0)
    parent = m.entity(parent_row)
    assert m.setData(m.index(parent_row, col), "R9 Q1")
    table.setCurrentIndex(m.index(parent_row, m.column_index("title")))
    child_id = m.add_task(parent_row, child=True)
    assert child_id is not None and plan.tasks[child_id].start is None
    assert task_fy(plan, plan.tasks[child_id]) == 2027
    _type_into_cell(qtbot, table, m.index(m.row_of(child_id), col), "下期")
    child = plan.tasks[child_id]
    assert (child.start, child.end) == (datetime.date(2027, 10, 1), datetime.date(2028, 3, 31))
    # no start anywhere above: the plan's first 年度
    assert open_window.ctl.run(ops.UpdateEntity("tasks", parent.id, {"start": None, "end": None}))
    orphan = ops.add_task(plan, parent.area_id, "x")
    assert open_window.ctl.run(orphan)
    assert task_fy(plan, plan.tasks[orphan.entities[0].id]) == plan.from_fy


def test_the_schedule_reads_a_period_without_a_year_in_the_tasks_fiscal_year(open_window, qtbot):
    """The 工程表's 開始 cell: 「第4四半期」 for a task of 令和10年度 is January 2029."""
    from ui.gantt.model import COL_START

    page = open_window.show_page("schedule")
    view = page.gantt
    gm = view.model
    tid = next(t.id for t in open_window.ctl.plan.tasks.values() if t.start is not None and t.parent_id)
    assert gm.setData(gm.task_index(tid, COL_START), "R10 Q1〜R10 Q4")
    idx = gm.task_index(tid, COL_START)
    view.tree.setFocus()
    view.tree.setCurrentIndex(idx)
    view.tree.edit(idx)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view.tree
    editor.selectAll()
    type_text(editor, "第4四半期")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # Qt commits the edit queued
    assert open_window.ctl.plan.tasks[tid].start == datetime.date(2029, 1, 1)
