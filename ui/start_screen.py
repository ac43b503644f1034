"""The start screen: new plan (the walk-through), open, recent files, the sample plan."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dxplanner.i18n import _
from ui.text import plain_label, without_mnemonic


class ActionButton(QPushButton):
    """A large button: the action in bold and a line explaining it; Alt+letter presses it.

    A QPushButton draws two lines of text without any space between them; here each line is a
    label with the layout's spacing, and the mnemonic becomes the button's shortcut.
    """

    def __init__(self, text: str, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 8, 14, 8)
        lay.setSpacing(3)
        # the Alt+letter is the button's shortcut (in Japanese the "(N)" of the label shows it)
        self.title = plain_label(without_mnemonic(text), self)
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        self.detail = plain_label(detail, self)
        for label in (self.title, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            lay.addWidget(label)
        self.setShortcut(QKeySequence.mnemonic(text))
        self.setAccessibleName(without_mnemonic(text))
        self.setAccessibleDescription(detail)
        self.setMinimumHeight(lay.sizeHint().height())


class StartScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start")
        self.setAccessibleName(_("Start"))
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        col.setSpacing(10)
        outer.addLayout(col, 4)
        outer.addStretch(1)
        col.addStretch(1)
        title = plain_label(_("DX Planner"), self)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 2.0)
        f.setBold(True)
        title.setFont(f)
        col.addWidget(title)
        intro = _("Draw up and track your municipality's DX roadmap under the national 自治体DX推進計画.")
        col.addWidget(plain_label(intro, self, wrap=True))
        self.new_button = ActionButton(_("&New plan…"), _("Start from the national plan and answer a few questions"),
                                       self)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = ActionButton(_("&Open a plan…"), _("Open a .dxplan file"), self)
        self.open_button.clicked.connect(self.open_requested)
        self.sample_button = ActionButton(_("Open the &sample plan"), _("みどり町 (fictitious): a complete example"),
                                          self)
        self.sample_button.clicked.connect(self.sample_requested)
        for b in (self.new_button, self.open_button, self.sample_button):
            col.addWidget(b)
        col.addSpacing(8)
        col.addWidget(plain_label(_("Recent plans"), self))
        self.recent = QListWidget(self)
        self.recent.setAccessibleName(_("Recent plans"))
        self.recent.setMaximumHeight(200)
        self.set_recent(recent)
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        col.addWidget(self.recent)
        col.addStretch(2)
        self.new_button.setFocus()

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(f"{Path(p).stem}    {Path(p).parent}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip("")
            self.recent.addItem(item)
        if not paths:
            item = QListWidgetItem(_("(none yet)"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
