"""Typing as a person does: ASCII through key presses, Japanese through the input method's commit.

QTest.keyClicks only knows ASCII keys; Japanese text reaches a widget from the IME as a
QInputMethodEvent carrying the committed string, so that is what is sent for it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into the focused-to-be ``widget`` (ASCII runs as keys, other runs as IME commits)."""
    widget.setFocus()
    run = ""
    for ch in text + "\0":
        if ch != "\0" and ch.isascii() == (run[:1].isascii() if run else ch.isascii()):
            run += ch
            continue
        if run:
            if run.isascii():
                QTest.keyClicks(widget, run)
            else:
                ev = QInputMethodEvent()
                ev.setCommitString(run)
                QCoreApplication.sendEvent(widget, ev)
        run = ch if ch != "\0" else ""
