"""The window's 「国の計画の版を切り替える」: choose an edition, read what will happen, switch.

The switch is one op (dxplanner.switch), so one undo step; a verified backup of the file is made
before it. The report shown before and after is the same one the command line prints.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dxplanner.catalog import CatalogError, available_editions, load_edition
from dxplanner.i18n import _
from dxplanner.switch import report_lines, switch_edition
from ui.text import plain_label

if TYPE_CHECKING:
    from dxplanner.model import Plan
    from dxplanner.ops import Op


class SwitchEditionDialog(QDialog):
    """Pick the edition to follow; the preview shows what is mapped, added and left unmapped."""

    def __init__(self, plan: Plan, parent: QWidget | None = None, today: datetime.date | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.today = today or datetime.date.today()
        self.op: Op | None = None
        self.setWindowTitle(_("Switch the national edition"))
        lay = QVBoxLayout(self)
        try:
            current = load_edition(plan.edition).title
        except CatalogError:
            current = plan.edition
        lay.addWidget(plain_label(_("This plan follows: {edition}").format(edition=current), self, wrap=True))
        form = QFormLayout()
        self.edition = QComboBox(self)
        self.edition.setAccessibleName(_("Edition to follow"))
        for eid in reversed(available_editions()):
            if eid == plan.edition:
                continue
            try:
                self.edition.addItem(load_edition(eid).title, eid)
            except CatalogError:
                continue
        form.addRow(_("Edition to follow"), self.edition)
        self.starters = QCheckBox(_("Add the starter tasks and KPIs of the added parts"), self)
        form.addRow("", self.starters)
        lay.addLayout(form)
        lay.addWidget(plain_label(_("What will happen (everything you made is kept; a backup is made first):"),
                                  self, wrap=True))
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(_("What will happen"))
        self.preview.setMinimumSize(560, 260)
        lay.addWidget(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Switch"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.edition.currentIndexChanged.connect(lambda _i: self._update())
        self.starters.toggled.connect(lambda _b: self._update())
        self._update()

    def _update(self) -> None:
        eid = self.edition.currentData()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not eid:
            self.op = None
            self.preview.setPlainText(_("There is no other edition to switch to."))
            ok.setEnabled(False)
            return
        try:
            self.op, report = switch_edition(self.plan, str(eid), today=self.today,
                                             starter_tasks=self.starters.isChecked())
        except (CatalogError, ValueError) as exc:
            self.op = None
            self.preview.setPlainText(str(exc))
            ok.setEnabled(False)
            return
        hint = _("tick “{box}” to add them").format(box=self.starters.text())
        self.preview.setPlainText("\n".join(report_lines(report, hint)))
        ok.setEnabled(True)
