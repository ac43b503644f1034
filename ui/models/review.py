"""The yearly review (年度末の振り返り) of one 年度 as a table, and the ops its edits become.

Rows are the review's items (tasks active in the 年度, then KPIs with a target or actual for
it). Editable: 実績 (for a KPI, the number is written to ``Kpi.actuals[年度]`` as well as to the
item, in one undo step), 評価 (A–D), コメント and 次の一手. Every edit is one
``controller.run`` of an op built by :func:`item_op`.
"""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from dxplanner import figures, history, ops
from dxplanner.i18n import N_, _
from dxplanner.model import DEFAULT_GRADE_LABELS, REVIEW_GRADES, Kpi, Plan, Review, ReviewItem, Task
from dxplanner.ops import Change
from ui import display
from ui.controller import DocumentController
from ui.kpi_chart import number_text
from ui.models.columns import FLOAT, Column, InputError, parse_value
from ui.models.history import late_text
from ui.models.table import Index
from ui.text import tooltip
from ui.vocab import value_label

# the default wording in English (in Japanese the msgid's translation is the stored default)
DEFAULT_GRADE_MSGIDS = {
    "A": N_("Ahead of target"),
    "B": N_("On target"),
    "C": N_("Behind target"),
    "D": N_("Cannot be assessed"),
}
GRADE_COLORS = {"A": "#1d6b2f", "B": "#224f8a", "C": "#a3360b", "D": "#555555"}

COLUMNS = ("kind", "target", "plan", "state", "late", "actual", "grade", "comment", "next_step")
HEADERS = {
    "kind": N_("Kind"),
    "target": N_("Task / KPI"),
    "plan": N_("Plan"),
    "state": N_("Status / target"),
    "late": N_("Late"),
    "actual": N_("Actual"),
    "grade": N_("Grade"),
    "comment": N_("Comment"),
    "next_step": N_("Next step"),
}
EDITABLE = ("actual", "grade", "comment", "next_step")


def grade_label(review: Review | None, grade: str) -> str:
    """The wording of a grade: the review's own, or the default in the user's language."""
    text = review.grade_labels.get(grade, "") if review is not None else ""
    if not text or text == DEFAULT_GRADE_LABELS.get(grade):
        return _(DEFAULT_GRADE_MSGIDS[grade]) if grade in DEFAULT_GRADE_MSGIDS else grade
    return text


def parse_grade(raw: Any) -> str:
    """“A”, “a”, “Ａ”, “A 目標より進んでいる” → “A”; “” → “” (not graded)."""
    s = unicodedata.normalize("NFKC", str(raw or "")).strip().upper()
    if not s or s in ("-", "—"):
        return ""
    if s[0] in REVIEW_GRADES:
        return s[0]
    raise InputError(_("“{text}”: the grade is A, B, C or D").format(text=str(raw)))


def item_op(plan: Plan, review: Review, index: int, **fields: Any) -> ops.Op | None:
    """The op that sets ``fields`` (grade, actual, comment, next_step) of item ``index``; for a
    KPI item, ``actual`` is a number also written to ``Kpi.actuals[fy]``. None: nothing changes.
    Raises InputError for a value that cannot be read."""
    item = review.items[index]
    values = dict(fields)
    parts: list[ops.Op] = []
    if "grade" in values:
        values["grade"] = parse_grade(values["grade"])
    if "actual" in values and item.target_kind == "kpi":
        kpi = plan.kpis.get(item.target_id)
        number = parse_value(Column("actual", FLOAT, N_("Actual")), values["actual"])
        values["actual"] = "" if number is None else number_text(number)
        if kpi is not None:
            actuals = dict(kpi.actuals)
            if number is None:
                actuals.pop(review.fy, None)
            else:
                actuals[review.fy] = float(number)
            if actuals != kpi.actuals:
                parts.append(ops.UpdateEntity("kpis", kpi.id, {"actuals": actuals}))
    for k in ("actual", "comment", "next_step"):
        if k in values:
            values[k] = str(values[k])
    new = dataclasses.replace(item, **values)
    if new != item:
        items = list(review.items)
        items[index] = new
        parts.insert(0, ops.UpdateEntity("reviews", review.id, {"items": items}))
    if not parts:
        return None
    return ops.Batch(parts, N_("Edit the review")) if len(parts) > 1 else _label(parts[0])


def _label(op: ops.Op) -> ops.Op:
    if isinstance(op, ops.UpdateEntity):
        op.label = N_("Edit the review")
    return op


def kpi_actual(kpi: Kpi | None, item: ReviewItem, fy: int) -> str:
    if kpi is not None and fy in kpi.actuals:
        return number_text(kpi.actuals[fy])
    return item.actual


class ReviewItemsModel(QAbstractTableModel):
    """The items of the review of 年度 ``fy`` (empty when it has not been started)."""

    def __init__(self, controller: DocumentController, fy: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.fy = fy
        self.today = datetime.date.today()
        self._ids: list[tuple[str, str]] = []
        self._fill()
        controller.changed.connect(self._on_changed)
        controller.document_replaced.connect(self.reload)

    # --- what is shown -------------------------------------------------------------------------

    @property
    def review(self) -> Review | None:
        if self.ctl.doc is None:
            return None
        return history.review_for(self.ctl.plan, self.fy)

    def _fill(self) -> None:
        r = self.review
        self._ids = [(i.target_kind, i.target_id) for i in r.items] if r is not None else []

    def reload(self) -> None:
        self.beginResetModel()
        self._fill()
        self.endResetModel()

    def set_fy(self, fy: int) -> None:
        self.fy = fy
        self.reload()

    def _on_changed(self, changes: list[Change]) -> None:
        if self.ctl.doc is None or not any(k in ("reviews", "tasks", "kpis", "plan") for k, _i in changes):
            return
        r = self.review
        ids = [(i.target_kind, i.target_id) for i in r.items] if r is not None else []
        if ids != self._ids:
            self.reload()
        elif ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(COLUMNS) - 1))

    def item(self, row: int) -> ReviewItem | None:
        r = self.review
        return r.items[row] if r is not None and 0 <= row < len(r.items) else None

    def target(self, row: int) -> Task | Kpi | None:
        it = self.item(row)
        if it is None:
            return None
        coll = self.ctl.plan.tasks if it.target_kind == "task" else self.ctl.plan.kpis
        return coll.get(it.target_id)

    def row_of(self, kind: str, target_id: str) -> int | None:
        try:
            return self._ids.index((kind, target_id))
        except ValueError:
            return None

    def cell_text(self, row: int, field: str) -> str:
        it = self.item(row)
        if it is None:
            return ""
        t = self.target(row)
        if field == "kind":
            return _("Task") if it.target_kind == "task" else _("KPI")
        if field == "target":
            if t is None:
                return _("(deleted)")
            return t.title if isinstance(t, Task) else t.name
        if field == "plan":
            if isinstance(t, Task):
                return display.period_text(t.start, t.end, t.precision)
            return ""
        if field == "state":
            if isinstance(t, Task):
                return f"{value_label(t.status)} {t.progress}%"
            if isinstance(t, Kpi):
                v = t.targets.get(self.fy)
                return "" if v is None else _("target {value}").format(value=number_text(v) + (t.unit or ""))
            return ""
        if field == "late":  # as of the review's date or its 年度's end, never as of today
            review = self.review
            as_of = figures.review_date(self.fy, review.reviewed_on if review else None, self.today)
            return late_text(history.days_late(self.ctl.plan, t, as_of)) if isinstance(t, Task) else ""
        if field == "actual":
            if it.target_kind == "kpi":
                kpi = t if isinstance(t, Kpi) else None
                text = kpi_actual(kpi, it, self.fy)
                return text + (kpi.unit if kpi is not None and text else "")
            return it.actual
        if field == "grade":
            return f"{it.grade} {grade_label(self.review, it.grade)}" if it.grade else ""
        return str(getattr(it, field))

    def edit_text(self, row: int, field: str) -> str:
        it = self.item(row)
        if it is None:
            return ""
        if field == "actual" and it.target_kind == "kpi":
            t = self.target(row)
            return kpi_actual(t if isinstance(t, Kpi) else None, it, self.fy)
        if field == "grade":
            return it.grade
        return self.cell_text(row, field)

    # --- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        field = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.cell_text(index.row(), field)
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_text(index.row(), field)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.cell_text(index.row(), field)
            return tooltip(text) if len(text) > 10 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            it = self.item(index.row())
            if field == "grade" and it is not None and it.grade in GRADE_COLORS:
                return QColor(GRADE_COLORS[it.grade])
            if field == "late":
                return QColor("#a3360b")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(HEADERS[COLUMNS[section]]) if 0 <= section < len(COLUMNS) else None
        return str(section + 1) if 0 <= section < len(self._ids) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()] in EDITABLE and not self.ctl.readonly:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        return self.set_fields(index.row(), **{COLUMNS[index.column()]: value})

    def set_fields(self, row: int, **fields: Any) -> bool:
        """Set fields of one item as one undoable step (False and a message when refused)."""
        review = self.review
        if review is None or not 0 <= row < len(review.items):
            return False
        try:
            op = item_op(self.ctl.plan, review, row, **fields)
        except InputError as exc:
            self.ctl.refuse(str(exc))
            return False
        return True if op is None else self.ctl.run(op)
