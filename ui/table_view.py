"""The spreadsheet-like table used on every page: edit in place, fill several rows at once,
copy and paste cells, add and delete rows, all from the keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from dxplanner.i18n import N_
from ui.models.columns import CHOICE, LIST, PERIOD, TEXT
from ui.models.table import PlanTableModel

Index = QModelIndex | QPersistentModelIndex


def commit_open_edits(root: QWidget) -> None:
    """Write every cell being edited under ``root`` into the plan and close its editor.

    Qt commits an editor when it loses focus, but closing the window (×, Ctrl+Q, logging off)
    moves no focus: without this the half-typed cell would be lost.
    """
    for view in root.findChildren(QAbstractItemView):
        if view.state() != QAbstractItemView.State.EditingState:
            continue
        editor = view.indexWidget(view.currentIndex())
        if editor is not None:
            view.commitData(editor)
            view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class CellDelegate(QStyledItemDelegate):
    """Editors by column kind; committing with several rows selected fills them all (one undo)."""

    def __init__(self, view: PlanTable) -> None:
        super().__init__(view)
        self.view = view

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = self.view.plan_model()
        col = model.column(index.column())
        if col.kind == CHOICE:
            combo = QComboBox(parent)
            ent = model.entity_at(index.row()) if hasattr(model, "entity_at") else None
            for c in col.choices:
                combo.addItem(col.choice_text(ent, c), c)
            combo.setAccessibleName(col.title())
            return combo
        edit = QLineEdit(parent)
        edit.setAccessibleName(col.title())
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        model = self.view.plan_model()
        ent = model.entity(index.row())
        col = model.column(index.column())
        if isinstance(editor, QComboBox):
            i = editor.findData(col.value(ent))
            editor.setCurrentIndex(max(i, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(col.edit_text(ent))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        raw: Any
        if isinstance(editor, QComboBox):
            raw = editor.currentData()
        elif isinstance(editor, QLineEdit):
            raw = editor.text()
        else:
            return
        rows = self.view.selected_rows_in_column(index)
        pm = self.view.plan_model()
        if len(rows) > 1:
            pm.set_values(rows, index.column(), raw)
        else:
            pm.set_values([index.row()], index.column(), raw)


class PlanTable(QTableView):
    def __init__(self, model: PlanTableModel, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(accessible_name)
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table (keyboard path to the next widget)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._size_columns()
        model.modelReset.connect(self._size_columns)
        self.actions_by_name: dict[str, QAction] = {}
        self._add_action("copy", QKeySequence.StandardKey.Copy, self.copy)
        self._add_action("paste", QKeySequence.StandardKey.Paste, self.paste)
        self._add_action("clear", QKeySequence(Qt.Key.Key_Delete), self.clear_cells)

    def _add_action(self, name: str, key: QKeySequence | QKeySequence.StandardKey, slot: Any) -> None:
        act = QAction(self)
        act.setShortcut(key)
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(slot)
        self.addAction(act)
        self.actions_by_name[name] = act

    def plan_model(self) -> PlanTableModel:
        m = self.model()
        assert isinstance(m, PlanTableModel)
        return m

    def _size_columns(self) -> None:
        m = self.model()
        if not isinstance(m, PlanTableModel):
            return
        em = self.fontMetrics().horizontalAdvance("あ")
        head = self.horizontalHeader().fontMetrics()
        # Column.width counts characters of mixed text: about three quarters of a full-width one;
        # a column is never narrower than its header, and short values (years, amounts, choices)
        # get the width of what the visible rows show
        for i, c in enumerate(m.columns()):
            width = max(44, int(c.width * em * 0.75), head.horizontalAdvance(c.title()) + 18)
            if c.kind not in (TEXT, LIST, PERIOD) and m.rowCount():
                width = max(width, min(self.sizeHintForColumn(i), width * 2))
            self.setColumnWidth(i, width)

    # --- selection helpers ---------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        sm = self.selectionModel()
        rows = {i.row() for i in sm.selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(rows)

    def selected_rows_in_column(self, index: Index) -> list[int]:
        sm = self.selectionModel()
        rows = sorted({i.row() for i in sm.selectedIndexes() if i.column() == index.column()})
        return rows if index.row() in rows else [index.row()]

    def current_row(self) -> int | None:
        i = self.currentIndex()
        return i.row() if i.isValid() else None

    def select_entity(self, eid: str, field: str | None = None) -> bool:
        m = self.plan_model()
        row = m.row_of(eid)
        if row is None:
            return False
        col = 0
        if field:
            try:
                col = m.column_index(field)
            except KeyError:
                for i, c in enumerate(m.columns()):
                    if field in ("start", "end") and c.field == "period":
                        col = i
        idx = m.index(row, col)
        self.setCurrentIndex(idx)
        self.selectionModel().select(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus()
        return True

    # --- clipboard -----------------------------------------------------------------------------

    def copy(self) -> None:
        text = self.plan_model().copy_text(self.selectionModel().selectedIndexes())
        if text:
            QGuiApplication.clipboard().setText(text)

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text:
            return
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        grid = [line.split("\t") for line in lines]
        sel = self.selectionModel().selectedIndexes()
        if sel:
            top = min(i.row() for i in sel)
            left = min(i.column() for i in sel)
        elif self.currentIndex().isValid():
            top, left = self.currentIndex().row(), self.currentIndex().column()
        else:
            return
        # several rows copied from Excel into a task table are new tasks after the current one:
        # pasting must never overwrite the tasks below
        insert = getattr(self.plan_model(), "insert_pasted_rows", None)
        if insert is not None and len(grid) > 1:
            current = self.currentIndex().row() if self.currentIndex().isValid() else top
            ids = insert(current, left, grid)
            if ids:
                self.select_entity(ids[0])
            return
        # one value pasted over a selection fills every selected cell of that column
        if len(grid) == 1 and len(grid[0]) == 1 and len({i.row() for i in sel}) > 1:
            cols = sorted({i.column() for i in sel})
            if len(cols) == 1:
                self.plan_model().set_values(sorted({i.row() for i in sel}), cols[0], grid[0][0], label=N_("Paste"))
                return
        self.plan_model().paste(top, left, grid)

    def clear_cells(self) -> None:
        """Delete: empty the selected editable text cells of one column (one undo)."""
        sel = self.selectionModel().selectedIndexes()
        m = self.plan_model()
        by_col: dict[int, list[int]] = {}
        for i in sel:
            if m.flags(i) & Qt.ItemFlag.ItemIsEditable:
                by_col.setdefault(i.column(), []).append(i.row())
        if len(by_col) == 1:
            ((c, rows),) = by_col.items()
            m.set_values(sorted(rows), c, "", label=N_("Clear"))
        elif by_col:
            m.clear_cells([(r, c) for c, rows in by_col.items() for r in rows])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter on a cell starts editing (spreadsheet habit); F2 too (Qt default)
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            idx = self.currentIndex()
            if idx.isValid() and self.model().flags(idx) & Qt.ItemFlag.ItemIsEditable:
                self.edit(idx)
                return
        super().keyPressEvent(event)
