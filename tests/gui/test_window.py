"""The main window: every page opens, takes an edit and gives it back on undo; language; safety."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from dxplanner.document import Document
from dxplanner.store.gateway import PlanFile
from tests.gui.conftest import QT_MARKS
from ui.models.columns import CHOICE, FLOAT, INT, MONEY, TEXT
from ui.pages.base import Page

pytestmark = QT_MARKS

ROOT = Path(__file__).resolve().parents[2]


def on_disk(path):
    with PlanFile.open(path, readonly=True) as pf:
        return pf.load()


def sample_value(kind: str, choices: tuple[str, ...]) -> str:
    return {TEXT: "試験", INT: "7", FLOAT: "42", MONEY: "1,500", CHOICE: choices[-1] if choices else ""}[kind]


def test_every_page_edits_and_undoes(open_window, plan_file, qtbot):
    w = open_window
    edited = 0
    for name in w.page_names():
        page = w.show_page(name)
        assert page is not None and w.current_page == name
        if not isinstance(page, Page):
            continue
        for table in page.tables:
            m = table.plan_model()
            if m.rowCount() == 0:
                continue
            col = next((i for i, c in enumerate(m.columns())
                        if c.editable and c.kind in (TEXT, INT, FLOAT, MONEY, CHOICE)
                        and c.edit_text(m.entity(0)) != sample_value(c.kind, c.choices)), None)
            if col is None:
                continue
            c = m.column(col)
            before = c.edit_text(m.entity(0))
            n = w.ctl.undo_stack.index()
            assert m.setData(m.index(0, col), sample_value(c.kind, c.choices)), (name, c.field)
            assert w.ctl.undo_stack.index() == n + 1
            assert c.edit_text(m.entity(0)) != before
            w.ctl.undo_stack.undo()
            assert c.edit_text(m.entity(0)) == before, (name, c.field)
            edited += 1
    assert edited >= 12
    # the overview form: one field, one undo step, saved at once
    w.show_page("overview")
    page = w.pages["overview"]
    edit = page.findChild(QLineEdit, "field-municipality.name")
    edit.setText("あおば町")
    edit.editingFinished.emit()
    assert on_disk(plan_file).municipality.name == "あおば町"
    assert w.saved_label.text().startswith("") and "保存済み" in w.saved_label.text()
    w.ctl.undo_stack.undo()
    assert on_disk(plan_file).municipality.name == "みどり町"
    assert edit.text() == "みどり町"


def test_refused_edit_shows_a_message(open_window):
    w = open_window
    page = w.show_page("area:std")
    m = page.tables[0].plan_model()
    assert not m.setData(m.index(0, m.column_index("period")), "来年のどこか")
    assert w.message_bar.isVisibleTo(w) and "期間" in w.message_bar.text()


def test_health_check_jumps_to_the_place(open_window, qtbot):
    w = open_window
    w.toggle_check()
    panel = w.check_panel
    panel.refresh()
    row = next(r for r in range(panel.model.rowCount()) if panel.model.finding(r).kind == "tasks")
    f = panel.model.finding(row)
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    panel.view.activated.emit(panel.model.index(row, 0))
    page = w.pages[w.current_page]
    table = page.tables[0] if w.current_page.startswith("area:") else next(
        t for t in page.tables if t.plan_model().kind == "tasks")
    assert table.plan_model().entity_id(table.currentIndex().row()) == f.id


def test_language_switch_retranslates_and_persists(open_window):
    from ui import settings as cfg

    w = open_window
    w.show_page("kpi")
    assert w.menuBar().actions()[0].text() == "ファイル(&F)"
    w.set_language("en")
    try:
        assert w.menuBar().actions()[0].text() == "&File"
        assert w.current_page == "kpi"
        assert w.nav.currentItem().text().strip() == "KPIs and targets"
        assert cfg.Settings().get(cfg.LANGUAGE) == "en"
        m = w.pages["kpi"].tables[0].plan_model()
        assert any(m.headerData(i, Qt.Orientation.Horizontal).startswith("FY") for i in range(m.columnCount()))
    finally:
        w.set_language("ja")
    assert w.menuBar().actions()[0].text() == "ファイル(&F)"
    assert w.nav.currentItem().text().strip() == "KPI と目標"


def test_lists_in_running_text_use_the_languages_separator(open_window):
    from dxplanner import ops

    w = open_window
    assert w.ctl.run(ops.UpdateEntity("tasks", sorted(w.ctl.plan.tasks)[0], {"status": "進行中"}))
    w.show_page("overview")
    assert "、" in w.pages["overview"].summary.text()
    w.set_language("en")
    try:
        w.show_page("overview")
        summary = w.pages["overview"].summary.text()
        assert "Tasks:" in summary and "、" not in summary and ", " in summary
    finally:
        w.set_language("ja")


HOSTILE = ("<b>x</b>", "=1+1", "𠮷野家と葛󠄀城")


def test_hostile_text_is_shown_literally(window, tmp_path, plan, qtbot):
    from dxplanner.model import Role

    plan.municipality.name = HOSTILE[0]
    plan.title = HOSTILE[1]
    plan.roles["r1"] = Role(id="r1", kind="その他", title=HOSTILE[2], person=HOSTILE[0], note=HOSTILE[1])
    tid = next(iter(plan.tasks))
    plan.tasks[tid].title = HOSTILE[0]
    plan.areas["std"].note = "<i>注</i> =SUM(A1)"
    path = tmp_path / "hostile.dxplan"
    Document.create(path, plan).close()
    assert window.open_path(path)
    window.show()
    qtbot.waitExposed(window)
    for name in ("overview", "structure", "area:std"):
        window.show_page(name)
    # every label that shows user text is plain text
    literal = (*HOSTILE, "<i>注</i>")
    labels = [lab for lab in window.findChildren(QLabel) if any(h in lab.text() for h in literal)]
    assert len(labels) >= 2
    assert any(lab.text() == "<i>注</i> =SUM(A1)" for lab in labels)
    assert all(lab.textFormat() == Qt.TextFormat.PlainText for lab in labels)
    roles = window.pages["structure"].roles
    r = roles.row_of("r1")
    texts = [roles.data(roles.index(r, c)) for c in range(roles.columnCount())]
    assert HOSTILE[0] in texts and HOSTILE[1] in texts and HOSTILE[2] in texts
    tip = roles.data(roles.index(r, roles.column_index("title")), Qt.ItemDataRole.ToolTipRole)
    assert tip is None or "&lt;" in tip or HOSTILE[2] in tip
    tip0 = roles.data(roles.index(r, roles.column_index("person")), Qt.ItemDataRole.ToolTipRole)
    assert tip0 is None or "<b>" not in tip0
    assert HOSTILE[1] in window.windowTitle()
    # a grab renders without error (no exception from text layout with 外字)
    assert not window.grab().isNull()


def test_locked_file_opens_read_only_and_refuses_edits(window, plan_file, answers, qtbot):
    holder = Document.open(plan_file)
    try:
        assert window.open_path(plan_file)
        assert window.ctl.readonly
        assert any("使用中" in t for t, _ in answers.shown)
        assert "読み取り専用" in window.readonly_label.text()
        page = window.show_page("area:std")
        m = page.tables[0].plan_model()
        assert not (m.flags(m.index(0, m.column_index("title"))) & Qt.ItemFlag.ItemIsEditable)
        with qtbot.waitSignal(window.ctl.refused):
            assert not window.ctl.run(__import__("dxplanner.ops", fromlist=["x"]).UpdateEntity(
                "tasks", m.entity_id(0), {"title": "x"}))
        assert not window.actions_by_name["import_progress"].isEnabled()
    finally:
        window.ctl.set_document(None)
        holder.close()


def test_save_as_copies_and_backup_restore(open_window, tmp_path, answers):
    w = open_window
    answers.answer = answers.answer.No
    target = tmp_path / "copy.dxplan"
    assert w.save_copy_to(target)
    assert on_disk(target).municipality.name == "みどり町"
    assert w.ctl.doc.path.name != "copy.dxplan"


def test_recent_files_and_start_screen(window, plan_file, tmp_path):
    assert window.open_path(plan_file)
    window.close_plan()
    assert window.stack.currentWidget() is window.start
    assert window.start.recent.item(0).data(Qt.ItemDataRole.UserRole) == str(plan_file.resolve())
    window.start.recent_requested.emit(str(plan_file.resolve()))
    assert window.ctl.doc is not None


def test_sample_plan_opens(window):
    window.open_sample()
    assert window.ctl.plan.municipality.name == "みどり町"
    assert len(window.ctl.plan.tasks) > 10


def test_screenshot_mode_and_page_names(tmp_path, plan_file):
    from ui.app import run

    out = tmp_path / "kpi.png"
    assert run(file=str(plan_file), screenshot=str(out), page="kpi") == 0
    assert out.stat().st_size > 10_000
    assert run(file=str(plan_file), screenshot=str(tmp_path / "x.png"), page="nosuch") == 2
    out2 = tmp_path / "wizard.png"
    assert run(screenshot=str(out2), page="wizard:2") == 0 and out2.exists()
    QApplication.processEvents()


def test_a_screenshot_of_the_walk_through_over_a_plan_releases_the_plan(tmp_path, plan_file):
    from dxplanner.store.lock import lock_path
    from ui.app import run

    assert run(file=str(plan_file), screenshot=str(tmp_path / "w.png"), page="wizard:2") == 0
    QApplication.processEvents()
    assert not lock_path(plan_file).exists()  # the window behind the walk-through was closed too


def test_gui_help_lists_pages():
    out = subprocess.run([sys.executable, "-m", "dxplanner.cli", "gui", "--help"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    for name in ("overview", "structure", "talent", "area:", "kpi", "budget", "standardization", "online",
                 "schedule", "check"):
        assert name in out


@pytest.mark.parametrize("page", ["structure", "budget"])
def test_copy_paste_through_the_view(open_window, page, qtbot):
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtGui import QGuiApplication

    w = open_window
    p = w.show_page(page)
    table = p.tables[0]
    m = table.plan_model()
    if m.rowCount() < 2:
        m.add_row(None)
        m.add_row(None)
    col = next(i for i, c in enumerate(m.columns()) if c.editable and c.kind == TEXT)
    assert m.setData(m.index(0, col), "写し元")
    table.setCurrentIndex(m.index(0, col))
    table.copy()
    assert QGuiApplication.clipboard().text() == "写し元"
    sel = table.selectionModel()
    sel.select(m.index(1, col), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.setCurrentIndex(m.index(1, col))
    sel.select(m.index(1, col), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.paste()
    assert m.data(m.index(1, col)) == "写し元"


def test_navigation_heads_the_parts_of_the_plan_and_stepping_skips_the_heading(open_window):
    from PySide6.QtCore import Qt

    w = open_window
    rows = [(w.nav.item(i).text().strip(), w.nav.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(w.nav.count())]
    heading = next(i for i, (text, name) in enumerate(rows) if name is None)
    assert rows[heading][0] == "重点取組事項"
    assert rows[heading - 1][1] == "talent" and rows[heading + 1][1].startswith("area:")
    assert not w.nav.item(heading).flags() & Qt.ItemFlag.ItemIsSelectable
    w.show_page("talent")
    w._step_page(1)
    assert w.current_page == rows[heading + 1][1]
    w._step_page(-1)
    assert w.current_page == "talent"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_funding_table_fits_the_page_at_1280(open_window, qtbot, lang):
    """年度 across and short headers: no sum of the funding table hides to the right."""
    w = open_window
    w.resize(1280, 820)
    w.set_language(lang)
    try:
        w.show_page("budget")
        view = w.pages["budget"].funding_view
        qtbot.waitUntil(view.isVisible)
        QApplication.processEvents()
        assert view.horizontalScrollBar().maximum() == 0
        model = view.model()
        assert model.headerData(model.columnCount() - 1, Qt.Orientation.Horizontal) in ("合計", "Total")
    finally:
        w.set_language("ja")


def test_start_screen_buttons_keyboard_and_text(window, qtbot):
    from PySide6.QtTest import QTest

    start = window.start
    window.show()
    qtbot.waitExposed(window)
    b = start.new_button
    assert b.title.text() == "新しい計画(N)…" and b.detail.text() and b.accessibleName() == "新しい計画(N)…"
    assert b.shortcut().toString() == "Alt+N"
    assert b.height() >= b.title.height() + b.detail.height()  # two lines, neither squeezed
    # the window's own slots would open dialogs: listen only
    for signal in (start.open_requested, start.sample_requested):
        signal.disconnect()
    with qtbot.waitSignal(start.open_requested, timeout=2000):
        start.open_button.click()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(start.sample_requested, timeout=2000):
        QTest.keyClick(start, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)


def test_view_menu_groups_switch_language_year_labels_and_quarter_style(window):
    from dxplanner.i18n import current_language
    from ui import display

    acts = window.actions_by_name
    try:
        acts["era_western"].trigger()
        assert display.era() == "western" and acts["era_western"].isChecked() and not acts["era_wareki"].isChecked()
        acts["quarter_months"].trigger()
        assert display.quarter_style() == "months" and not acts["quarter_kanji"].isChecked()
        acts["lang_en"].trigger()
        assert current_language() == "en"
    finally:
        window.set_language("ja")
        window.set_era("wareki")
        window.set_quarter_style("kanji")
