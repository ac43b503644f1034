"""Fixtures for the window tests: message boxes answered without blocking, a window with a plan."""

from __future__ import annotations

import datetime

import pytest

# Qt warnings fail these tests; the offscreen platform's harmless note is ignored
QT_MARKS = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "QFont::setPointSizeF"),
]


class Answers:
    """Records message boxes and answers them with a fixed button."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        self.answer = QMessageBox.StandardButton.Yes
        self.shown: list[tuple[str, str]] = []

    def __call__(self, parent, icon, title, text, buttons=None, default=None, detail="", unattended=None,
                 labels=None):
        self.shown.append((title, text))
        return self.answer


@pytest.fixture
def answers(monkeypatch):
    from ui import text as ui_text

    a = Answers()
    monkeypatch.setattr(ui_text, "message", a)
    return a


@pytest.fixture
def window(qtbot, answers):
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


@pytest.fixture
def open_window(window, plan_file, qtbot):
    assert window.open_path(plan_file)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def controller_for(qtbot):
    """Open a plan file in a fresh DocumentController (closed at the end of the test)."""
    from dxplanner.document import Document
    from ui.controller import DocumentController

    made = []

    def make(path):
        c = DocumentController()
        c.attach(Document.open(path))
        made.append(c)
        return c

    yield make
    for c in made:
        c.set_document(None)


@pytest.fixture
def ctl(controller_for, plan_file):
    return controller_for(plan_file)
