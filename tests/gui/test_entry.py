"""Entry that forgives, as a person types it: Excel rows pasted into a task table, numbers, periods."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.gui.conftest import QT_MARKS

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
