"""Small dialogs: restoring a backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from dxplanner.i18n import _
from dxplanner.store.backup import list_backups
from ui.text import plain_label


class RestoreDialog(QDialog):
    """Choose one of the plan's backups (newest first); the current file is kept aside on restore."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Restore from a backup"))
        self.chosen: Path | None = None
        lay = QVBoxLayout(self)
        backups = list(reversed(list_backups(path)))
        lay.addWidget(plain_label(
            _("Choose a backup of {file}. The current file is kept aside (not deleted).").format(file=path.name)
            if backups else _("{file} has no backups yet.").format(file=path.name), self, wrap=True))
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Backups"))
        for b in backups:
            item = QListWidgetItem(b.name)
            item.setData(Qt.ItemDataRole.UserRole, str(b))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.accept())
        lay.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Restore"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 360)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        super().accept()
