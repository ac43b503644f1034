"""The window's 「国の計画の版を切り替える」: a real dialog, answered through its widgets; one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.gui.conftest import QT_MARKS

pytestmark = QT_MARKS


def test_switch_edition_from_the_menu_keeps_tasks_and_undoes_in_one_step(open_window, qtbot):
    w = open_window
    plan = w.ctl.plan
    assert plan.edition == "1.0"
    tasks_before = {t.id: t.title for t in plan.tasks.values()}
    seen: dict[str, str] = {}

    def answer() -> None:
        from ui.switch_edition import SwitchEditionDialog

        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, SwitchEditionDialog)
        assert dlg.edition.currentData() == "r8"  # the newest comes first
        seen["before"] = dlg.preview.toPlainText()
        QTest.mouseClick(dlg.starters, Qt.MouseButton.LeftButton)
        seen["after"] = dlg.preview.toPlainText()
        QTest.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    w.actions_by_name["switch_edition"].trigger()
    assert "行政手続のオンライン化 → 自治体フロントヤード改革の推進" in seen["before"]
    assert "公金収納におけるeLTAXの活用" in seen["before"] and "地域社会のデジタル化" in seen["before"]
    assert seen["after"] != seen["before"]
    plan = w.ctl.plan
    assert plan.edition == "r8"
    assert all(plan.tasks[tid].title == title for tid, title in tasks_before.items())
    eltax = next(a for a in plan.areas.values() if a.catalog_id == "eltax")
    assert any(t.area_id == eltax.id for t in plan.tasks.values())  # starter tasks ticked in
    backups = list((w.ctl.doc.path.parent / f"{w.ctl.doc.path.name}.backups").glob("*switch-edition*"))
    assert backups
    w.actions_by_name["undo"].trigger()
    assert w.ctl.plan.edition == "1.0"
    assert {t.id for t in w.ctl.plan.tasks.values()} == set(tasks_before)


def test_switch_edition_cancel_changes_nothing(open_window):
    w = open_window

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        QTest.keyClick(dlg, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)
    w.actions_by_name["switch_edition"].trigger()
    assert w.ctl.plan.edition == "1.0"
    assert not w.ctl.undo_stack.canUndo()
