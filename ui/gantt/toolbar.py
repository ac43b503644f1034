"""The row of controls above the 工程表: it never clips a control.

Each control (a label with its combo box, or a button) is a *group*. When the row is too narrow
for all of them, whole groups leave the row, least needed first, and a » button at the right end
offers the same choices in a menu (a combo box becomes a submenu of its choices, a button its
action). Groups without a priority (書き出し) always stay. The » button's tooltip names what it
holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QActionGroup, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QWidget,
)

from dxplanner.i18n import list_separator
from ui.text import without_mnemonic

INNER_GAP = 3  # between a label and its box
GROUP_GAP = 12  # between groups
MARGINS = (4, 4, 4, 0)  # left, top, right, bottom


class ElidingCombo(QComboBox):
    """A combo box whose closed face may be narrower than its longest choice: the choice shown is
    shortened with … (full text in the tooltip) and the open list shows every choice whole."""

    def __init__(self, parent: QWidget | None = None, max_text_width: int = 0) -> None:
        super().__init__(parent)
        self.max_text_width = max_text_width
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(lambda _i: self._update_tooltip())

    def _widest(self) -> int:
        fm = self.fontMetrics()
        return max((fm.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)

    def minimumSizeHint(self) -> QSize:
        """As wide as the longest choice, or ``max_text_width`` of it when that is less."""
        s = super().sizeHint()
        widest = self._widest()
        if self.max_text_width and widest > self.max_text_width:
            s.setWidth(s.width() - widest + self.max_text_width)
        return s

    def elided(self) -> bool:
        return self._label_text() != self.currentText()

    def _label_rect_width(self) -> int:
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        r = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                        QStyle.SubControl.SC_ComboBoxEditField, self)
        return r.width() - 2

    def _label_text(self) -> str:
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight,
                                             self._label_rect_width())

    def _update_tooltip(self) -> None:
        self.setToolTip(self.currentText() if self.elided() else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def showPopup(self) -> None:
        self.view().setMinimumWidth(self._widest() + 32)
        super().showPopup()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.isEditable():
            super().paintEvent(event)
            return
        p = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        p.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        opt.currentText = self._label_text()
        p.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


@dataclass
class Group:
    widgets: list[QWidget]
    priority: int | None  # lower leaves the row first; None: always shown
    fill_menu: Callable[[QMenu], Any]
    name: Callable[[], str]
    hidden: bool = field(default=False)

    def width(self, least: bool = False) -> int:
        return sum(_w(w, least) for w in self.widgets) + INNER_GAP * (len(self.widgets) - 1)


def _w(w: QWidget, least: bool) -> int:
    """A control's width: its size hint, or (``least``) the narrowest it shows whole or elided."""
    return (w.minimumSizeHint() if least and isinstance(w, ElidingCombo) else w.sizeHint()).width()


class GanttToolbar(QWidget):
    """Groups on the left, then (right-aligned) the groups added with ``right=True`` and »."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left: list[Group] = []
        self.right: list[Group] = []
        self.more = QToolButton(self)
        self.more.setText("»")
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.more.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # the menu is popped up by hand: set on the button, the style would draw its arrow on the »
        self.more_menu = QMenu(self.more)
        self.more_menu.aboutToShow.connect(self._fill_more)
        self.more.clicked.connect(self.show_more)
        self.more.hide()

    # --- building ---------------------------------------------------------------------------------

    def add_combo(self, label: QLabel, box: QComboBox, priority: int | None) -> Group:
        def fill(menu: QMenu) -> None:
            sub = menu.addMenu(_menu_text(label.text()))
            group = QActionGroup(sub)
            for i in range(box.count()):
                a = sub.addAction(_menu_text(box.itemText(i)))
                a.setCheckable(True)
                a.setChecked(i == box.currentIndex())
                group.addAction(a)
                a.triggered.connect(partial(box.setCurrentIndex, i))
            sub.setEnabled(box.isEnabled() and box.count() > 0)

        g = Group([label, box], priority, fill, label.text)
        self.left.append(g)
        return g

    def add_button(self, button: QWidget, priority: int | None, fill_menu: Callable[[QMenu], Any],
                   right: bool = True) -> Group:
        g = Group([button], priority, fill_menu, lambda: without_mnemonic(getattr(button, "text", lambda: "")()))
        (self.right if right else self.left).append(g)
        return g

    # --- layout -----------------------------------------------------------------------------------

    def groups(self) -> list[Group]:
        return self.left + self.right

    def _row_height(self) -> int:
        ws = [w for g in self.groups() for w in g.widgets] + [self.more]
        return max((w.sizeHint().height() for w in ws), default=20)

    def _needed(self, groups: list[Group], more: bool, least: bool = False) -> int:
        ws = [g.width(least) for g in groups] + ([self.more.sizeHint().width()] if more else [])
        return sum(ws) + GROUP_GAP * max(0, len(ws) - 1) + MARGINS[0] + MARGINS[2]

    def sizeHint(self) -> QSize:
        return QSize(self._needed(self.groups(), False), self._row_height() + MARGINS[1] + MARGINS[3])

    def minimumSizeHint(self) -> QSize:
        fixed = [g for g in self.groups() if g.priority is None]
        return QSize(self._needed(fixed, True, True), self._row_height() + MARGINS[1] + MARGINS[3])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    def relayout(self) -> None:
        """Choose which groups fit (the rest go into »), shorten elidable boxes only as much as the
        row needs, then place everything."""
        shown = self.groups()
        hidden: list[Group] = []
        for g in sorted((g for g in shown if g.priority is not None), key=lambda g: g.priority or 0):
            if self._needed(shown, bool(hidden), least=True) <= self.width():
                break
            shown = [s for s in shown if s is not g]
            hidden.append(g)
        for g in self.groups():
            g.hidden = g in hidden
            for w in g.widgets:
                w.setVisible(not g.hidden)
        self.more.setVisible(bool(hidden))
        names = list_separator().join(g.name() for g in self.hidden_groups())
        self.more.setToolTip(names)
        self.more.setAccessibleName(names)

        # widths: the hint, less what the row lacks, taken from the elidable boxes (left to right)
        widths = {w: w.sizeHint().width() for g in shown for w in g.widgets}
        short = self._needed(shown, bool(hidden)) - self.width()
        for w, width in widths.items():
            give = max(0, min(short, width - _w(w, True)))
            widths[w] = width - give
            short -= give

        row_h = self._row_height()
        top = MARGINS[1]

        def place(w: QWidget, x: int) -> int:
            h = w.sizeHint().height()
            width = widths.get(w, w.sizeHint().width())
            w.setGeometry(x, top + (row_h - h) // 2, width, h)
            return x + width

        x = MARGINS[0]
        for g in self.left:
            if g.hidden:
                continue
            for i, w in enumerate(g.widgets):
                x = place(w, x + (INNER_GAP if i else 0))
            x += GROUP_GAP
        right = [g for g in self.right if not g.hidden]
        tail: list[QWidget] = [w for g in right for w in g.widgets] + ([self.more] if hidden else [])
        x = self.width() - MARGINS[2] - sum(widths.get(w, w.sizeHint().width()) for w in tail)
        x -= GROUP_GAP * max(0, len(tail) - 1)
        for w in tail:
            x = place(w, x) + GROUP_GAP

    def show_more(self) -> None:
        self.more_menu.popup(self.more.mapToGlobal(QPoint(0, self.more.height())))

    def hidden_groups(self) -> list[Group]:
        return [g for g in self.groups() if g.hidden]

    def _fill_more(self) -> None:
        self.more_menu.clear()
        for sub in self.more_menu.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly):
            sub.deleteLater()
        for g in self.hidden_groups():
            g.fill_menu(self.more_menu)


def _menu_text(text: str) -> str:
    """Plain text for a menu entry (a & is shown, not taken as a mnemonic)."""
    return text.replace("&", "&&")
