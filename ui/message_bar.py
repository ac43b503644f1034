"""A message over the top of a page: refused edits and notices, without moving the page.

It floats above the page's first lines instead of taking a place in the layout, so showing or
hiding it never pushes the controls down (a person aiming at a cell must not see it jump). It
goes away after a while, on a click, or as soon as the next edit succeeds.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget


class MessageBar(QLabel):
    MARGIN = 8

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setObjectName("message-bar")
        self.setStyleSheet("QLabel#message-bar { background: #fdecea; color: #7a1010; padding: 6px 10px;"
                           " border: 1px solid #f2b8b5; border-radius: 3px; }")
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        parent.installEventFilter(self)

    def show_message(self, text: str, ms: int = 10000) -> None:
        self.setText(text)
        self.setAccessibleName(text)
        self._place()
        self.show()
        self.raise_()
        self._timer.start(ms)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = max(parent.width() - 2 * self.MARGIN, 100)
        self.setGeometry(self.MARGIN, self.MARGIN, width, self.heightForWidth(width))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
        event.accept()
