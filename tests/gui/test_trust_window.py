"""The window's side of issue 17: a plan on a read-only drive or folder opens read-only after
saying why (and a screenshot run of it ends); restoring a backup names the file kept aside; a
plan held by another SQLite program is "in use", with Retry, never "damaged". Dialogs are the
real ones, answered by clicking their buttons."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.store import backup
from dxplanner.store.gateway import PlanFile, write_new
from tests.core.small_disk import remount_readonly, tmpfs
from tests.gui.conftest import QT_MARKS

pytestmark = QT_MARKS


class Clicker:
    """Answers the next modal dialogs by clicking a button chosen by ``pick(dialog)``; records
    each message box's title and text."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self._picks: list[Callable[[QDialog], QPushButton | None]] = []

    def then(self, pick: Callable[[QDialog], QPushButton | None]) -> Clicker:
        self._picks.append(pick)
        if len(self._picks) == 1:
            QTimer.singleShot(20, self._poll)
        return self

    def _poll(self) -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QDialog) or not dlg.isVisible():
            QTimer.singleShot(20, self._poll)
            return
        if isinstance(dlg, QMessageBox):
            self.seen.append((dlg.windowTitle(), dlg.text()))
        button = self._picks.pop(0)(dlg)
        if button is None:  # not the dialog expected: close it so the test fails instead of waiting
            self.seen.append(("unexpected dialog", dlg.windowTitle()))
            self._picks.clear()
            dlg.reject()
            return
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        if self._picks:
            QTimer.singleShot(20, self._poll)


def box_button(which: QMessageBox.StandardButton) -> Callable[[QDialog], QPushButton | None]:
    return lambda dlg: dlg.button(which) if isinstance(dlg, QMessageBox) else None


def restore_button(dlg: QDialog) -> QPushButton | None:
    from PySide6.QtWidgets import QDialogButtonBox

    box = dlg.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok) if box is not None else None


@pytest.fixture
def real_window(qtbot):
    from ui import display
    from ui.lang import apply_language
    from ui.main_window import MainWindow

    apply_language("ja")
    display.set_era("wareki")
    w = MainWindow()
    qtbot.addWidget(w)
    w.check_panel.today = datetime.date(2022, 4, 1)
    yield w
    w.ctl.set_document(None)


def test_a_plan_on_a_read_only_drive_opens_read_only_saying_why(real_window, tmp_path, plan, qtbot):
    with tmpfs(tmp_path / "ro", "4m") as folder:
        p = folder / "町.dxplan"
        write_new(p, plan)
        remount_readonly(folder)
        clicks = Clicker().then(box_button(QMessageBox.StandardButton.Yes))
        assert real_window.open_path(p)
        (title, text), = clicks.seen
        assert title == "この場所では計画を変更できません"
        assert "読み取り専用" in text and "ドライブまたは共有フォルダー" in text
        assert real_window.ctl.readonly
        assert real_window.readonly_label.text() == "読み取り専用：保存先のドライブまたは共有フォルダーが読み取り専用です"
        real_window.ctl.set_document(None)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_plan_in_a_folder_read_only_for_the_user_opens_read_only(real_window, tmp_path, plan, qtbot):
    folder = tmp_path / "共有"
    folder.mkdir()
    p = folder / "町.dxplan"
    write_new(p, plan)
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permission bits do not stop root (the read-only drive test covers it)")
        clicks = Clicker().then(box_button(QMessageBox.StandardButton.Yes))
        assert real_window.open_path(p)
        assert "フォルダー" in clicks.seen[0][1] and real_window.ctl.readonly
    finally:
        real_window.ctl.set_document(None)
        folder.chmod(0o755)


def test_a_screenshot_of_a_plan_on_a_read_only_drive_ends(tmp_path, plan):
    with tmpfs(tmp_path / "ro", "4m") as folder:
        p = folder / "町.dxplan"
        write_new(p, plan)
        remount_readonly(folder)
        out = tmp_path / "ro.png"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DXPLANNER_CONFIG_DIR": str(tmp_path / "cfg")}
        done = subprocess.run([sys.executable, "-m", "dxplanner.cli", "gui", str(p), "--screenshot", str(out)],
                              capture_output=True, text=True, timeout=120, env=env, check=False,
                              cwd=Path(__file__).resolve().parents[2])
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 10_000
        assert "読み取り専用" in done.stderr


def test_restore_in_the_window_names_the_file_kept_aside(real_window, plan_file, qtbot):
    with PlanFile.open(plan_file) as pf:
        made = backup.make_backup(pf, reason="manual")
    with Document.open(plan_file) as doc:
        doc.auto_backup = False
        doc.execute(ops.UpdateEntity("tasks", sorted(doc.plan.tasks)[0], {"title": "復元で戻る変更"}))
    assert real_window.open_path(plan_file)
    clicks = Clicker().then(restore_button).then(box_button(QMessageBox.StandardButton.Ok))
    real_window.restore_backup()
    (title, text), = clicks.seen
    assert title == "バックアップから復元しました"
    (kept,) = plan_file.parent.glob("*.before-restore-*.dxplan")
    assert made.name in text and kept.name in text
    assert real_window.ctl.doc is not None and real_window.ctl.doc.path == plan_file
    assert all(t.title != "復元で戻る変更" for t in real_window.ctl.plan.tasks.values())


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_plan_held_by_another_program_is_in_use_with_retry(real_window, plan_file, qtbot):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(plan_file)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        clicks = Clicker().then(box_button(QMessageBox.StandardButton.Cancel))
        assert not real_window.open_path(plan_file)
        (title, text), = clicks.seen
        assert title == "計画ファイルを別のプログラムが使用中です"
        assert "壊れていません" in text and "破損" not in text
        assert list(plan_file.parent.iterdir()) == [plan_file]  # nothing kept aside, nothing restored
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


@pytest.mark.parametrize("typed", ["inf", "nan", "1e999", "-Infinity", "ｉｎｆ", "ＮａＮ"])
def test_the_cell_parser_refuses_nan_and_infinity(typed):
    from ui.models.columns import FLOAT, Column, InputError, parse_value

    with pytest.raises(InputError):
        parse_value(Column("baseline_value", FLOAT), typed)
    assert parse_value(Column("baseline_value", FLOAT), "１２．５") == 12.5


def test_a_failing_auto_backup_saves_the_first_edit_and_says_so_once(real_window, tmp_path, plan, qtbot):
    """Issue 17, item 5, the window's side: on a nearly full disk the first edit after opening is
    saved (not silently dropped) and the backup failure is shown once in the message line."""
    from PySide6.QtWidgets import QLineEdit

    from tests.core.small_disk import fill

    with tmpfs(tmp_path / "disk", "2m") as disk:
        p = disk / "町.dxplan"
        write_new(p, plan)
        fill(disk, leave=40 * 1024)
        assert real_window.open_path(p)
        real_window.show()
        qtbot.waitExposed(real_window)
        shown: list[str] = []
        real_window.ctl.problem.connect(shown.append)
        real_window.show_page("overview")
        edit = real_window.pages["overview"].findChild(QLineEdit, "field-municipality.name")
        for n, name in enumerate(("あおば町", "みずほ町")):
            edit.setFocus()
            edit.setText(name)  # QTest types ASCII only: the text is set, the key is pressed
            QTest.keyClick(edit, Qt.Key.Key_Return)
            with PlanFile.open(p, readonly=True) as pf:
                assert pf.load().municipality.name == name  # saved, the first edit too
            if n == 0:
                bar = real_window.message_bar
                assert bar.isVisibleTo(real_window) and "バックアップ" in bar.text()
        assert len(shown) == 1 and "バックアップ" in shown[0]  # told once, not at every edit
        real_window.ctl.set_document(None)
