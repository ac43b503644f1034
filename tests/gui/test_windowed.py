"""The windowed program (DXPlanner.exe on Windows): a plan given by path opens in the window; what
it would print (errors, --version) appears in a dialog, since it has no console; a workbook held
open by Excel is reported and another name offered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from tests.core.test_windows import held_for
from tests.gui.conftest import QT_MARKS

# Qt's offscreen platform on Windows (the suite under Wine) misses a font folder it never needs
pytestmark = [*QT_MARKS, pytest.mark.qt_log_ignore("propagateSizeHints", "QFont::setPointSizeF",
                                                          "Cannot find font directory")]


@pytest.fixture
def answer_boxes():
    """``answer_boxes(pick)``: answer each message box that comes up through the button ``pick``
    chooses, until the test ends; returns the (title, text) of each box answered."""
    stopped = [False]

    def start(pick: Callable[[QMessageBox], QAbstractButton]) -> list[tuple[str, str]]:
        seen: list[tuple[str, str]] = []

        def poll() -> None:
            if stopped[0]:
                return
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox) and box.isVisible():
                seen.append((box.windowTitle(), box.text()))
                pick(box).click()
            QTimer.singleShot(20, poll)

        QTimer.singleShot(0, poll)
        return seen

    yield start
    stopped[0] = True


def ok_button(box: QMessageBox) -> QAbstractButton:
    return box.buttons()[0]


def test_dxplanner_exe_file_opens_the_plan_in_the_window(plan_file, tmp_path):
    """``DXPlanner.exe 町.dxplan`` ("Open with", a dropped file): the window shows that plan."""
    ready = tmp_path / "ready.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DXPLANNER_EXIT_WHEN_READY": "1",
           "DXPLANNER_READY_FILE": str(ready)}
    r = subprocess.run([sys.executable, "-m", "dxplanner.cli", str(plan_file)], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    data = json.loads(ready.read_text(encoding="utf-8"))
    assert data["file"] == str(plan_file) and "町.dxplan" in data["title"] and "みどり町" in data["title"]


def test_windowed_program_shows_a_usage_error_in_a_dialog(qtbot, answer_boxes):
    from ui import windowed

    seen = answer_boxes(ok_button)
    assert windowed.main(["--no-such-option"]) == 2
    assert len(seen) == 1
    title, text = seen[0]
    assert title == "DX Planner：エラー" and "--no-such-option" in text and "Traceback" not in text


def test_windowed_program_shows_its_version_in_a_dialog(qtbot, answer_boxes):
    from dxplanner import __version__
    from ui import windowed

    seen = answer_boxes(ok_button)
    assert windowed.main(["--version"]) == 0
    assert seen == [("DX Planner", f"DX Planner {__version__}")]


def test_windowed_program_with_a_missing_plan_says_so_once(qtbot, tmp_path, answer_boxes):
    from ui import windowed

    seen = answer_boxes(ok_button)
    assert windowed.main([str(tmp_path / "無い.dxplan")]) == 2
    assert len(seen) == 1 and "無い.dxplan" in seen[0][1]  # the window's own message, no second box


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_export_over_a_file_held_open_offers_another_name(open_window, answers, tmp_path, monkeypatch, kind,
                                                        answer_boxes):
    from dxplanner.store import fsops
    from ui import exports

    monkeypatch.setattr(fsops, "retrying", lambda: True)
    monkeypatch.setattr(fsops, "RETRY_DELAYS", (0.0,))
    target = tmp_path / f"計画.{kind}"
    target.write_bytes(b"the workbook open in Excel")
    held_for(monkeypatch, target, times=None)

    def save_other(box: QMessageBox) -> QAbstractButton:
        return next(b for b in box.buttons() if b.text() == "「計画 (2)." + kind + "」として保存")

    seen = answer_boxes(save_other)
    do = exports.do_export_xlsx if kind == "xlsx" else exports.do_export_pdf
    assert do(open_window, target) is not None
    held_by = {"xlsx": "計画.xlsx は Excel で", "pdf": "計画.pdf は他のプログラムで"}[kind]
    assert seen == [("ファイルが使用中です", f"{held_by}開かれています。閉じてからもう一度試すか、別の名前で保存してください。")]
    assert target.read_bytes() == b"the workbook open in Excel"
    other = tmp_path / f"計画 (2).{kind}"
    assert other.stat().st_size > 1000 and other.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")
    assert answers.shown[-1][1].startswith(f"書き出しました：{other}")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == f".{kind}") == [f"計画 (2).{kind}", f"計画.{kind}"]


def test_free_name_skips_names_taken(tmp_path):
    from ui.exports import free_name

    (tmp_path / "計画 (2).xlsx").write_bytes(b"")
    assert free_name(tmp_path / "計画.xlsx") == Path(tmp_path / "計画 (3).xlsx")


def test_an_unexpected_error_in_the_window_is_shown_and_logged(qtbot, tmp_path, monkeypatch, answer_boxes):
    import tempfile

    from ui import windowed

    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    seen = answer_boxes(ok_button)
    try:
        raise ValueError("boom")
    except ValueError as exc:
        windowed.excepthook(ValueError, exc, exc.__traceback__)
    log = tmp_path / "dxplanner-error.log"
    assert seen == [("DX Planner：エラー", f"内部エラー：boom（詳細は {log}）")]
    assert "Traceback" in log.read_text(encoding="utf-8") and "ValueError: boom" in log.read_text(encoding="utf-8")
