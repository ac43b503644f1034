"""The 操作マニュアル opens from F1 and from each page's "?" in both languages, at that page's part."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from tests.gui.conftest import QT_MARKS
from ui.help import HelpWindow, manual_path

pytestmark = QT_MARKS


@pytest.mark.parametrize("lang, words", [("ja", "操作マニュアル"), ("en", "user manual")])
def test_f1_opens_the_manual_in_the_language(open_window, qtbot, lang, words):
    from ui.lang import apply_language

    try:
        open_window.set_language(lang)
        open_window.activateWindow()
        qtbot.waitUntil(open_window.isActiveWindow)
        qtbot.keyClick(open_window.focusWidget() or open_window, Qt.Key.Key_F1)
        win = open_window.findChild(HelpWindow)
        assert win is not None and win.isVisible()
        text = win.browser.toPlainText()
        assert words in text
        assert win.browser.source().toLocalFile() == str(manual_path(lang))
        # every picture the manual shows exists
        html = manual_path(lang).read_text(encoding="utf-8")
        for name in __import__("re").findall(r'src="([^"]+)"', html):
            assert (manual_path(lang).parent / name).exists(), name
        win.close()
    finally:
        open_window.set_language("ja")
        apply_language("ja")


def test_every_page_has_a_question_mark_that_opens_its_part(open_window, qtbot):
    page = open_window.show_page("structure")
    button = page.findChild(QToolButton, "page-help")
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    win = open_window.findChild(HelpWindow)
    assert win is not None and win.isVisible()
    bar = win.browser.verticalScrollBar()
    assert bar.value() > 0  # scrolled to 推進体制, not the top
    win.close()


def test_f1_in_the_walk_through(qtbot, answers):
    from ui.wizard import NewPlanWizard

    wiz = NewPlanWizard()
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.activateWindow()
    qtbot.waitUntil(wiz.isActiveWindow)
    qtbot.keyClick(wiz.basics.name, Qt.Key.Key_F1)
    win = wiz.findChild(HelpWindow)
    assert win is not None and win.isVisible()
    win.close()
