"""The council paper from the window's export dialog, and a contradiction fixed from the health check."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from dxplanner import ops
from tests.gui.conftest import QT_MARKS
from ui import exports

pytestmark = QT_MARKS


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_council_paper_from_the_export_dialog(open_window, tmp_path, monkeypatch, qtbot):
    pytest.importorskip("dxplanner.exchange.pdf_report")
    target = tmp_path / "議会資料.pdf"
    monkeypatch.setattr(exports, "_ask_target", lambda *a, **k: target)
    seen: dict[str, str] = {}

    def fill() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, exports.ExportDialog)
        dlg.as_of.setFocus()
        dlg.as_of.setDate(QDate(2023, 3, 31))
        for key, text in (("title", "みどり町DX推進計画の進捗状況について"), ("doc_number", "資料2"),
                          ("committee", "総務常任委員会"), ("department", "企画課")):
            edit = dlg.council[key]
            edit.setFocus()
            edit.insert(text)  # as an input method commits Japanese (QTest types Latin keys only)
        assert dlg.internal is not None and not dlg.internal.isChecked()
        assert dlg.pages_label is not None
        seen["pages"] = dlg.pages_label.text()
        ok = dlg.findChild(exports.QDialogButtonBox).button(exports.QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    exports.export_pdf_dialog(open_window)
    assert target.exists(), "no PDF written"
    text = _text(target)
    assert "みどり町DX推進計画の進捗状況について" in text and "資料2" in text and "総務常任委員会" in text
    assert "所管課：企画課" in text
    assert "基準日 令和5年3月31日" in text
    assert "DX Planner" not in text and "チェック結果" not in text
    assert seen["pages"].endswith("ページ")


def test_fix_button_completes_the_starter_task(open_window, qtbot):
    w = open_window
    plan = w.ctl.plan
    cio = next(r for r in plan.roles.values() if r.kind == "CIO")
    task = next(t for t in plan.tasks.values() if t.template_id == "structure-02")
    assert w.ctl.run(ops.UpdateEntity("roles", cio.id, {"status": "任命済", "date": datetime.date(2021, 6, 1)}))
    panel = w.check_panel
    panel.refresh()
    row = next(i for i in range(panel.model.rowCount()) if panel.model.finding(i).code == "fact_task_open")
    assert not panel.fix_button.isEnabled()
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    assert panel.fix_button.isEnabled() and panel.fix_button.text() == "取組を完了にする"
    n = w.ctl.undo_stack.index()
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    done = w.ctl.plan.tasks[task.id]
    assert done.status == "完了" and done.progress == 100 and done.actual_end == datetime.date(2021, 6, 1)
    assert w.ctl.undo_stack.index() == n + 1  # one undoable edit
    assert not any(panel.model.finding(i).code == "fact_task_open" for i in range(panel.model.rowCount()))
    w.ctl.undo_stack.undo()
    assert w.ctl.plan.tasks[task.id].status == task.status


def test_online_page_tells_the_same_figures_as_the_documents(open_window):
    from dxplanner import figures

    w = open_window
    page = w.show_page("online")
    page.today = datetime.date(2026, 12, 4)
    p = next(iter(w.ctl.plan.procedures.values()))
    assert w.ctl.run(ops.UpdateEntity("procedures", p.id, {"status": "対応中",
                                                            "planned_date": datetime.date(2026, 3, 1)}))
    fig = figures.online_figures(w.ctl.plan, page.today)
    assert page.summary.text() == (f"オンライン化済 {fig.done} / {fig.applicable} 手続"
                                   f"、予定日を過ぎた手続 {fig.late}（遅延）")
    assert fig.late == 1
    assert w.ctl.run(ops.UpdateEntity("procedures", p.id, {"status": "オンライン化済"}))
    assert page.summary.text() == f"オンライン化済 {fig.done + 1} / {fig.applicable} 手続"
