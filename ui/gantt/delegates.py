"""Editors for the task table: periods typed in 年度 terms, status from the list, progress in %."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from dxplanner import fiscal
from dxplanner.i18n import _, current_language
from dxplanner.model import TASK_STATUSES
from ui.gantt.model import COL_END, COL_PROGRESS, COL_START, COL_STATUS
from ui.gantt.styles import status_text

_Index = QModelIndex | QPersistentModelIndex


class PeriodValidator(QValidator):
    """Acceptable only when ``fiscal.parse_period`` reads the text; tells why when it does not."""

    problem = Signal(str)  # the message for a bad entry ("" when it is fine again)

    def validate(self, text: str, pos: int) -> object:
        if not text.strip():
            return QValidator.State.Intermediate
        try:
            fiscal.parse_period(text)
        except fiscal.PeriodError:
            return QValidator.State.Intermediate
        return QValidator.State.Acceptable

    @staticmethod
    def message(text: str) -> str:
        if not text.strip():
            return _("Enter a date or period, e.g. R7 Q2, 令和7年度上期, 2025-07 or 2025-07-15")
        try:
            fiscal.parse_period(text)
        except fiscal.PeriodError as exc:
            return exc.message_ja if current_language() == "ja" else exc.message_en
        return ""


class PeriodEdit(QLineEdit):
    """A line edit for 開始/終了 that shows, under itself and in red, why an entry is not read."""

    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(PeriodValidator(self))
        self.setPlaceholderText(_("e.g. R7 Q2, 令和7年度上期, 2025-07"))
        self.setAccessibleName(_("Date or period"))
        self.textChanged.connect(self._check)
        self.error = ""

    def _check(self, text: str) -> None:
        self.error = PeriodValidator.message(text) if text.strip() else ""
        self.setStyleSheet("QLineEdit { border: 2px solid #c62828; }" if self.error else "")
        self.setToolTip(self.error)
        self.problem.emit(self.error)


class TaskDelegate(QStyledItemDelegate):
    message = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        col = index.column()
        if col in (COL_START, COL_END):
            edit = PeriodEdit(parent)
            edit.problem.connect(self.message)
            return edit
        if col == COL_STATUS:
            box = QComboBox(parent)
            box.setAccessibleName(_("Status"))
            for s in TASK_STATUSES:
                box.addItem(status_text(s), s)
            return box
        if col == COL_PROGRESS:
            spin = QSpinBox(parent)
            spin.setAccessibleName(_("Progress"))
            spin.setRange(0, 100)
            spin.setSingleStep(10)
            spin.setSuffix("%")
            return spin
        editor = super().createEditor(parent, option, index)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            i = editor.findData(value)
            editor.setCurrentIndex(max(0, i))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, PeriodEdit):
            editor.setText(str(value or ""))
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QSpinBox):
            model.setData(index, editor.value())
        elif isinstance(editor, PeriodEdit):
            if editor.error:
                self.message.emit(editor.error)
                return
            model.setData(index, editor.text())
        else:
            super().setModelData(editor, model, index)
