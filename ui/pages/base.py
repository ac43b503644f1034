"""What every page shares: the controller, the national edition, tables with their buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dxplanner.i18n import _
from ui.controller import DocumentController
from ui.editions import edition
from ui.models.table import PlanTableModel
from ui.table_view import PlanTable
from ui.text import drop_mnemonic, mnemonic_letter, plain_label, without_mnemonic

if TYPE_CHECKING:
    from dxplanner.catalog import Edition


class Page(QWidget):
    """A page: subclasses fill ``self.body`` and register their tables for jumps and menus."""

    def __init__(self, controller: DocumentController, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.name = name
        self.setObjectName(f"page-{name}")
        self.tables: list[PlanTable] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(14, 10, 14, 10)
        self.body.setSpacing(8)
        heading = plain_label(title, inner)
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        heading.setFont(f)
        heading.setAccessibleName(title)
        head = QHBoxLayout()
        head.addWidget(heading, 1)
        help_button = QToolButton(inner)
        help_button.setText("?")
        help_button.setObjectName("page-help")
        help_button.setToolTip(_("What this page is for (user manual, F1)"))
        help_button.setAccessibleName(_("Help for this page"))
        help_button.clicked.connect(lambda _c=False: self.show_help())
        head.addWidget(help_button)
        self.body.addLayout(head)
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        self.setAccessibleName(title)

    def show_help(self) -> None:
        """The manual at this part of the plan, in plain words."""
        from ui.help import show_manual

        show_manual(self.window(), self.name)

    @property
    def edition(self) -> Edition | None:
        return edition(self.ctl.plan.edition)

    def section_title(self, text: str) -> QLabel:
        label = plain_label(text)
        f = label.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.1)
        label.setFont(f)
        self.body.addWidget(label)
        return label

    def add_table(self, title: str, model: PlanTableModel, *, rows_visible: int = 8,
                  buttons: list[tuple[str, Callable[[PlanTable], None], str]] | None = None,
                  can_add: bool = True, can_delete: bool = True) -> PlanTable:
        """A titled table with its row buttons (text, action, shortcut)."""
        if title:
            self.section_title(title)
        table = PlanTable(model, title or self.accessibleName(), self)
        h = table.verticalHeader().defaultSectionSize()
        table.setMinimumHeight(h * (min(rows_visible, max(model.rowCount(), 3)) + 1) + 6)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.tables.append(table)
        bar = QHBoxLayout()
        specs: list[tuple[str, Callable[[PlanTable], None], str]] = []
        if can_add:
            specs.append((_("&Add row"), self._add, "Ctrl+Ins"))
        specs += buttons or []
        if can_delete:
            specs.append((_("&Delete rows"), self._delete, "Ctrl+Del"))
        for text, fn, key in specs:
            btn = QPushButton(self._unique_mnemonic(text), self)
            btn.setAccessibleName(without_mnemonic(text))
            btn.clicked.connect(lambda _c=False, f=fn, t=table: f(t))
            if key:
                from PySide6.QtGui import QAction

                act = QAction(table)
                act.setShortcut(QKeySequence(key))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                act.triggered.connect(lambda _c=False, f=fn, t=table: f(t))
                table.addAction(act)
                btn.setToolTip(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText))
            btn.setEnabled(not self.ctl.readonly)
            bar.addWidget(btn)
        bar.addStretch(1)
        self.body.addWidget(table, 1)
        if specs:
            self.body.addLayout(bar)
        return table

    def _unique_mnemonic(self, text: str) -> str:
        """Alt+letter works once per page: a letter already taken by an earlier button is dropped
        (the button keeps its Ctrl shortcut, shown in its tooltip)."""
        used: set[str] = self.__dict__.setdefault("_mnemonics", set())
        letter = mnemonic_letter(text)
        if not letter:
            return text
        if letter in used:
            return drop_mnemonic(text)
        used.add(letter)
        return text

    def _add(self, table: PlanTable) -> None:
        eid = table.plan_model().add_row(table.current_row())
        if eid:
            table.select_entity(eid)

    def _delete(self, table: PlanTable) -> None:
        rows = table.selected_rows()
        if rows:
            table.plan_model().remove_rows(rows)

    def focus_entity(self, kind: str, eid: str, field: str = "") -> bool:
        """Select the row of (kind, id) in one of this page's tables (a health-check jump)."""
        for t in self.tables:
            m = t.plan_model()
            if m.kind == kind and (not eid or m.row_of(eid) is not None):
                if eid:
                    return t.select_entity(eid, field)
                t.setFocus()
                return True
        return False

    def focused_table(self) -> PlanTable | None:
        for t in self.tables:
            if t.hasFocus() or t.isAncestorOf(self.focusWidget() or t):
                return t
        return None
