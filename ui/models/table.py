"""Table models over plan collections, kept in step with the document by exact signals.

:class:`PlanTableModel` shows rows of one kind of entity with :class:`~ui.models.columns.Column`
descriptions. Edits become core ops run through the :class:`~ui.controller.DocumentController`
(one undoable step per user intent: one cell, a multi-row fill, a paste, a deletion). When the
document changes, only the rows touched are refreshed (``dataChanged``); when rows come or go the
model removes and inserts exactly the rows that differ (the common head and tail are kept).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from dxplanner import ops
from dxplanner.i18n import N_, _
from dxplanner.ops import Change
from ui.controller import DocumentController
from ui.models.columns import BOOL, FLOAT, INT, MONEY, PERCENT, Column, InputError
from ui.text import tooltip

Index = QModelIndex | QPersistentModelIndex
NUMERIC = (INT, FLOAT, MONEY, PERCENT)


class PlanTableModel(QAbstractTableModel):
    """Rows of entities of ``kind``; subclasses say which rows and which columns."""

    kind: str = ""

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self._cols: list[Column] = []
        self._keys: list[Hashable] = []
        self._row_of: dict[str, int] = {}
        self._fill()
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self.reload)

    # --- what to show (subclasses) -----------------------------------------------------------------

    def compute_columns(self) -> list[Column]:
        raise NotImplementedError

    def compute_rows(self) -> list[Hashable]:
        """Row keys in display order; a key is the entity id or a tuple whose last item is the id."""
        raise NotImplementedError

    def new_entity(self, after_row: int | None) -> Any:
        """A fresh entity for "add row" (None when this table cannot add rows)."""
        return None

    # --- helpers -----------------------------------------------------------------------------------

    @staticmethod
    def key_id(key: Hashable) -> str:
        return key[-1] if isinstance(key, tuple) else str(key)

    def _has_plan(self) -> bool:
        return self.ctl.doc is not None

    def _fill(self) -> None:
        if self._has_plan():
            self._cols = self.compute_columns()
            self._keys = self.compute_rows()
        else:
            self._cols, self._keys = [], []
        self._index_rows()

    def _index_rows(self) -> None:
        self._row_of = {self.key_id(k): i for i, k in enumerate(self._keys)}

    def retranslate(self) -> None:
        """Headers and labels follow the language; the rows stay."""
        if self._cols:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._cols) - 1)
        if self._keys and self._cols:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._keys) - 1, len(self._cols) - 1))

    def reload(self) -> None:
        self.beginResetModel()
        self._fill()
        self.endResetModel()

    def columns(self) -> list[Column]:
        return self._cols

    def column(self, c: int) -> Column:
        return self._cols[c]

    def column_index(self, field: str) -> int:
        for i, c in enumerate(self._cols):
            if c.field == field:
                return i
        raise KeyError(field)

    def entity_id(self, row: int) -> str:
        return self.key_id(self._keys[row])

    def entity(self, row: int) -> Any:
        return self.ctl.plan.collection(self.kind)[self.entity_id(row)]

    def entity_at(self, row: int) -> Any:
        """The entity shown in ``row``, or None when it is gone (between a change and its signal)."""
        return self.ctl.plan.collection(self.kind).get(self.entity_id(row))

    def row_of(self, eid: str) -> int | None:
        return self._row_of.get(eid)

    def readonly(self) -> bool:
        return self.ctl.readonly

    # --- Qt model interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cols)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = self._cols[index.column()]
        if col.editable and not self.readonly():
            f |= Qt.ItemFlag.ItemIsUserCheckable if col.kind == BOOL else Qt.ItemFlag.ItemIsEditable
        return f

    def display_text(self, row: int, col: Column, ent: Any) -> str:
        return col.text(ent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._keys):
            return None
        col = self._cols[index.column()]
        ent = self.entity_at(index.row())
        if ent is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if col.kind == BOOL else self.display_text(index.row(), col, ent)
        if role == Qt.ItemDataRole.EditRole:
            return bool(col.value(ent)) if col.kind == BOOL else col.edit_text(ent)
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == BOOL:
            return Qt.CheckState.Checked if col.value(ent) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            text = col.text(ent)
            return tooltip(text) if len(text) > 12 or "\n" in text else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return col.text(ent) if col.kind != BOOL else (_("yes") if col.value(ent) else _("no"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._cols[section].title() if 0 <= section < len(self._cols) else None
        return str(section + 1) if 0 <= section < len(self._keys) else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        editable = Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
        if not index.isValid() or not (self.flags(index) & editable):
            return False
        if role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        elif role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_values([index.row()], index.column(), value)

    # --- edits as ops ------------------------------------------------------------------------------

    def update_op(self, row: int, col: Column, raw: Any) -> ops.Op | None:
        ent = self.entity(row)
        values = col.parse(ent, raw)
        if all(getattr(ent, k) == v for k, v in values.items()):
            return None
        return ops.UpdateEntity(self.kind, ent.id, values, N_("Edit"))

    def set_values(self, rows: Sequence[int], column: int, raw: Any, label: str = N_("Edit")) -> bool:
        """Set one column of several rows to the same input: one undoable step."""
        col = self._cols[column]
        try:
            parts = [op for op in (self.update_op(r, col, raw) for r in rows) if op is not None]
        except InputError as exc:
            self.ctl.refuse(str(exc))
            return False
        if not parts:
            return True
        if len(parts) == 1:
            op = parts[0]
            if isinstance(op, ops.UpdateEntity):
                op.label = label
            return self.ctl.run(op)
        return self.ctl.run(ops.Batch(parts, N_("Edit several rows")))

    def copy_text(self, indexes: Sequence[Index]) -> str:
        """Tab-separated text of the selected cells (a rectangle spanning them)."""
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        lines = []
        for r in rows:
            ent = self.entity(r)
            cells = []
            for c in cols:
                if (r, c) not in chosen:
                    cells.append("")
                    continue
                col = self._cols[c]
                t = ("1" if col.value(ent) else "0") if col.kind == BOOL else col.edit_text(ent)
                cells.append(t.replace("\t", " ").replace("\r\n", " ").replace("\n", " "))
            lines.append("\t".join(cells))
        return "\n".join(lines)

    def paste(self, top: int, left: int, grid: list[list[str]]) -> bool:
        """Paste tab-separated cells from ``(top, left)``: one undoable step; rows past the end are
        not added (the message says how many were left out)."""
        parts: list[ops.Op] = []
        skipped = 0
        try:
            for dr, cells in enumerate(grid):
                r = top + dr
                if r >= len(self._keys):
                    skipped += 1
                    continue
                merged: dict[str, Any] = {}
                ent = self.entity(r)
                for dc, raw in enumerate(cells):
                    c = left + dc
                    if c >= len(self._cols) or not self._cols[c].editable:
                        continue
                    merged.update(self._cols[c].parse(ent, raw))
                if merged and any(getattr(ent, k) != v for k, v in merged.items()):
                    parts.append(ops.UpdateEntity(self.kind, ent.id, merged))
        except InputError as exc:
            self.ctl.refuse(_("Row {row}: {message}").format(row=top + dr + 1, message=str(exc)))
            return False
        ok = True
        if parts:
            ok = self.ctl.run(ops.Batch(parts, N_("Paste")))
        if ok and skipped:
            self.ctl.refuse(_("{n} pasted rows were past the end of the table and were left out").format(n=skipped))
        return ok

    def clear_cells(self, cells: Sequence[tuple[int, int]]) -> bool:
        """Empty several cells (rows × columns) as one undoable step."""
        by_row: dict[int, dict[str, Any]] = {}
        try:
            for r, c in cells:
                col = self._cols[c]
                if col.editable and col.kind != BOOL:
                    by_row.setdefault(r, {}).update(col.parse(self.entity(r), ""))
        except InputError as exc:
            self.ctl.refuse(str(exc))
            return False
        parts: list[ops.Op] = [
            ops.UpdateEntity(self.kind, self.entity_id(r), v) for r, v in sorted(by_row.items()) if v
        ]
        return self.ctl.run(ops.Batch(parts, N_("Clear"))) if parts else True

    def add_row(self, after_row: int | None = None) -> str | None:
        ent = self.new_entity(after_row)
        if ent is None:
            return None
        if self.ctl.run(ops.PutEntities(self.kind, [ent], N_("Add row"))):
            return str(ent.id)
        return None

    def remove_rows(self, rows: Sequence[int]) -> bool:
        ids = [self.entity_id(r) for r in sorted(set(rows))]
        if not ids:
            return False
        return self.ctl.run(ops.DeleteEntities(self.kind, ids, N_("Delete rows")))

    # --- keeping in step with the document ---------------------------------------------------------

    def affects(self, changes: list[Change]) -> bool:
        return any(k in (self.kind, "plan") for k, _ in changes)

    def structure_changed(self, changes: list[Change]) -> bool:
        """Whether rows may have come, gone or moved (default: any change to a row id we do not
        show, or to one that is gone)."""
        coll = self.ctl.plan.collection(self.kind)
        for k, eid in changes:
            if k != self.kind:
                continue
            if eid not in self._row_of or eid not in coll:
                return True
        return False

    def _on_changed(self, changes: list[Change]) -> None:
        if not self._has_plan() or not self.affects(changes):
            return
        if any(k == "plan" for k, _ in changes):
            cols = self.compute_columns()
            if [(c.field, c.header) for c in cols] != [(c.field, c.header) for c in self._cols]:
                self.reload()
                return
        if self.structure_changed(changes):
            self._apply_rows(self.compute_rows())
        rows = sorted({self._row_of[eid] for k, eid in changes if k == self.kind and eid in self._row_of})
        if any(k == "plan" for k, _ in changes) and self._keys:
            rows = [0, len(self._keys) - 1]
        if rows and self._cols:
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], len(self._cols) - 1))

    def _apply_rows(self, new: list[Hashable]) -> None:
        old = self._keys
        if new == old:
            return
        head = 0
        while head < len(old) and head < len(new) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < len(old) - head and tail < len(new) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        if len(old) - tail > head:
            self.beginRemoveRows(QModelIndex(), head, len(old) - tail - 1)
            self._keys = old[:head] + old[len(old) - tail:]
            self._index_rows()
            self.endRemoveRows()
        if len(new) - tail > head:
            self.beginInsertRows(QModelIndex(), head, len(new) - tail - 1)
            self._keys = list(new)
            self._index_rows()
            self.endInsertRows()
        self._keys = list(new)
        self._index_rows()
