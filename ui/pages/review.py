"""年度末の振り返り: a guided review of the tasks and KPIs of one 年度.

Choose the 年度, start the review (``history.start_review``: the tasks active in that year, those
carried over unfinished from earlier years and the KPIs with a value for it), then go through the
items in the table or one at a time below it:
the facts (planned period, status, progress, how late; for a KPI target against actual with a
small chart), the actual value, a grade A–D (wording editable per review), a comment and the
next step. A summary box and the count of grades close the page. Every edit is one undo step.
"""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dxplanner import figures, history, ops
from dxplanner.fiscal import fiscal_year
from dxplanner.i18n import N_, _
from dxplanner.model import DEFAULT_GRADE_LABELS, REVIEW_GRADES, Kpi, Plan, Task
from dxplanner.ops import Change
from ui import display
from ui.controller import DocumentController
from ui.kpi_chart import KpiChart, number_text
from ui.models.history import late_text
from ui.models.review import COLUMNS, DEFAULT_GRADE_MSGIDS, ReviewItemsModel, grade_label, kpi_actual
from ui.pages.base import Page
from ui.text import plain_label, without_mnemonic
from ui.vocab import value_label

Index = QModelIndex | QPersistentModelIndex


def default_fy(plan: Plan, today: datetime.date) -> int:
    """The 年度 the page opens on: this 年度, kept inside the plan period."""
    return min(max(fiscal_year(today), plan.from_fy), plan.to_fy)


class CommitText(QPlainTextEdit):
    """A multi-line box that hands its text over when it loses focus (one undo step per visit)."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def set_text(self, text: str) -> None:
        if self.toPlainText() != text:
            self.setPlainText(text)
        self.document().setModified(False)

    def commit(self) -> None:
        if self.document().isModified():
            self.document().setModified(False)
            self.committed.emit(self.toPlainText())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)


class GradeDelegate(QStyledItemDelegate):
    """The grade column edits with a list: (not graded), A–D with the review's wording."""

    def __init__(self, model: ReviewItemsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if COLUMNS[index.column()] != "grade":
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItem(_("(not graded)"), "")
        for g in REVIEW_GRADES:
            combo.addItem(f"{g} {grade_label(self.items.review, g)}", g)
        combo.setAccessibleName(_("Grade"))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
            return
        super().setModelData(editor, model, index)


class GradeLabelsDialog(QDialog):
    """The wording of the four grades for this review (「既定に戻す」 restores the defaults)."""

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Wording of the grades"))
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(_("How each grade reads in this review and in the reports."), self, wrap=True))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for g in REVIEW_GRADES:
            e = QLineEdit(labels.get(g, ""), self)
            e.setAccessibleName(_("Grade {grade}").format(grade=g))
            form.addRow(f"&{g}", e)
            self.edits[g] = e
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).setText(_("Restore the defaults"))
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self._defaults)
        lay.addWidget(buttons)
        self.resize(460, 220)

    def _defaults(self) -> None:
        for g, e in self.edits.items():
            e.setText(_(DEFAULT_GRADE_MSGIDS[g]))

    def labels(self) -> dict[str, str]:
        out = {}
        for g, e in self.edits.items():
            text = e.text().strip()
            # the default wording shown in the user's language is stored as the default itself
            out[g] = DEFAULT_GRADE_LABELS[g] if not text or text == _(DEFAULT_GRADE_MSGIDS[g]) else text
        return out


class ReviewPage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "review", _("Yearly review (年度末の振り返り)"), parent)
        self.today = datetime.date.today()
        self._row: int | None = None  # the item shown below the table
        self.body.addWidget(plain_label(
            _("At the end of each 年度, go through its tasks and KPIs: enter the actual values, grade each "
              "item, and write a comment and the next step. The review is kept with the plan, per 年度."),
            self, wrap=True))
        bar = QHBoxLayout()
        self.fy_box = QComboBox(self)
        fy_label = plain_label(_("Fiscal year"), self)
        fy_label.setBuddy(self.fy_box)
        self.fy_box.setAccessibleName(_("Fiscal year"))
        self.fy_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(fy_label)
        bar.addWidget(self.fy_box)
        self.start_button = QPushButton("", self)
        self.start_button.clicked.connect(lambda _c=False: self.start())
        bar.addWidget(self.start_button)
        self.labels_button = QPushButton(_("Wording of the &grades…"), self)
        self.labels_button.setAccessibleName(_("Wording of the grades"))
        self.labels_button.clicked.connect(lambda _c=False: self.edit_labels())
        bar.addWidget(self.labels_button)
        bar.addStretch(1)
        self.body.addLayout(bar)
        self.status = plain_label("", self, wrap=True)
        self.status.setObjectName("review-status")
        f = self.status.font()
        f.setBold(True)
        self.status.setFont(f)
        self.body.addWidget(self.status)

        plan = controller.plan
        self.items = ReviewItemsModel(controller, default_fy(plan, self.today), self)
        self.items.today = self.today
        self.view = QTableView(self)
        self.view.setModel(self.items)
        self.view.setItemDelegate(GradeDelegate(self.items, self.view))
        self.view.setAccessibleName(_("Items of the review"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * 9 + 8)
        self._size_columns()
        self.items.modelReset.connect(self._size_columns)
        self.body.addWidget(self.view, 2)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self.show_item(cur.row()))

        self.body.addWidget(self._detail(), 0)
        self.section_title(_("Summary of the year"))
        self.summary = CommitText(self)
        self.summary.setAccessibleName(_("Summary of the year"))
        self.summary.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.summary.committed.connect(self._summary_committed)
        self.body.addWidget(self.summary)

        self.fill_years(self.items.fy)
        self.fy_box.currentIndexChanged.connect(lambda _i: self.set_fy(self.fy_box.currentData()))
        controller.changed.connect(self._on_changed)
        self.refresh()

    # --- building ------------------------------------------------------------------------------

    def _detail(self) -> QGroupBox:
        box = QGroupBox(_("One item at a time"), self)
        self.detail = box
        lay = QHBoxLayout(box)
        left = QVBoxLayout()
        nav = QHBoxLayout()
        self.prev_button = QPushButton(_("◀ &Previous"), box)
        self.prev_button.setAccessibleName(_("Previous item"))
        self.prev_button.clicked.connect(lambda _c=False: self.step(-1))
        self.next_button = QPushButton(_("&Next ▶"), box)
        self.next_button.setAccessibleName(_("Next item"))
        self.next_button.clicked.connect(lambda _c=False: self.step(1))
        self.position = plain_label("", box)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.position)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        left.addLayout(nav)
        self.item_title = plain_label("", box, wrap=True)
        f = self.item_title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.1)
        self.item_title.setFont(f)
        left.addWidget(self.item_title)
        self.facts = plain_label("", box, wrap=True)
        left.addWidget(self.facts)
        self.chart = KpiChart(box)
        left.addWidget(self.chart)
        left.addStretch(1)
        lay.addLayout(left, 1)

        right = QFormLayout()
        grades = QVBoxLayout()
        self.grade_group = QButtonGroup(box)
        self.grade_buttons: dict[str, QRadioButton] = {}
        for i, g in enumerate(("", *REVIEW_GRADES)):
            b = QRadioButton("", box)
            self.grade_group.addButton(b, i)
            self.grade_buttons[g] = b
            grades.addWidget(b)
        self.grade_group.idClicked.connect(self._grade_clicked)
        right.addRow(plain_label(_("Grade"), box), grades)
        self.actual_edit = QLineEdit(box)
        self.actual_edit.setAccessibleName(_("Actual"))
        self.actual_edit.editingFinished.connect(self._actual_committed)
        self.actual_label = plain_label(_("Actual"), box)
        self.actual_label.setBuddy(self.actual_edit)
        right.addRow(self.actual_label, self.actual_edit)
        self.comment_edit = CommitText(box)
        self.comment_edit.setAccessibleName(_("Comment"))
        self.comment_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.comment_edit.committed.connect(lambda t: self._commit_field("comment", t))
        right.addRow(plain_label(_("Comment"), box), self.comment_edit)
        self.next_edit = CommitText(box)
        self.next_edit.setAccessibleName(_("Next step"))
        self.next_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.next_edit.committed.connect(lambda t: self._commit_field("next_step", t))
        right.addRow(plain_label(_("Next step"), box), self.next_edit)
        lay.addLayout(right, 1)
        return box

    def _size_columns(self) -> None:
        em = self.view.fontMetrics().horizontalAdvance("あ")
        widths = {"kind": 3, "target": 11, "plan": 9, "state": 7, "late": 5, "actual": 5, "grade": 8,
                  "comment": 8, "next_step": 8}
        head = self.view.horizontalHeader().fontMetrics()
        for i, field in enumerate(COLUMNS):
            title = str(self.items.headerData(i, Qt.Orientation.Horizontal) or "")
            width = max(int(widths[field] * em), head.horizontalAdvance(title) + 18)
            if field in ("kind", "plan", "state", "late", "actual", "grade") and self.items.rowCount():
                # short values: as wide as what the rows show, up to 1.6 times the usual width
                width = max(width, min(self.view.sizeHintForColumn(i), int(width * 1.6)))
            self.view.setColumnWidth(i, width)

    def fill_years(self, chosen: int) -> None:
        plan = self.ctl.plan
        years = sorted(set(range(plan.from_fy, plan.to_fy + 1)) | {r.fy for r in plan.reviews.values()} | {chosen})
        self.fy_box.blockSignals(True)
        self.fy_box.clear()
        for fy in years:
            mark = " ✓" if history.review_for(plan, fy) is not None else ""
            self.fy_box.addItem(display.fy_text(fy) + mark, fy)
        self.fy_box.setCurrentIndex(max(0, self.fy_box.findData(chosen)))
        self.fy_box.blockSignals(False)

    # --- commands ------------------------------------------------------------------------------

    @property
    def fy(self) -> int:
        return self.items.fy

    def set_fy(self, fy: int) -> None:
        self._commit_pending()
        self.items.set_fy(fy)
        if self.fy_box.currentData() != fy:
            self.fill_years(fy)
        self._row = None
        self.refresh()

    def start(self) -> bool:
        """Start the review of the chosen 年度 (or add the items that appeared since)."""
        ok = self.ctl.run(history.start_review(self.ctl.plan, self.fy))
        if ok:
            self.fill_years(self.fy)
            if self.items.rowCount() and self._row is None:
                self.view.setCurrentIndex(self.items.index(0, 0))
        return ok

    def edit_labels(self) -> None:
        review = self.items.review
        if review is None:
            return
        dlg = GradeLabelsDialog({g: grade_label(review, g) for g in REVIEW_GRADES}, self)
        if dlg.exec():
            self.set_grade_labels(dlg.labels())

    def set_grade_labels(self, labels: dict[str, str]) -> bool:
        review = self.items.review
        if review is None or labels == review.grade_labels:
            return False
        return self.ctl.run(ops.UpdateEntity("reviews", review.id, {"grade_labels": labels},
                                             N_("Wording of the grades")))

    def set_summary(self, text: str) -> bool:
        review = self.items.review
        if review is None or text == review.summary:
            return False
        return self.ctl.run(ops.UpdateEntity("reviews", review.id, {"summary": text}, N_("Edit the review")))

    def step(self, delta: int) -> None:
        n = self.items.rowCount()
        if not n:
            return
        self._commit_pending()
        row = 0 if self._row is None else min(max(self._row + delta, 0), n - 1)
        self.view.setCurrentIndex(self.items.index(row, COLUMNS.index("grade")))

    # --- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        plan = self.ctl.plan
        review = self.items.review
        todo = history.review_items(plan, self.fy)
        if review is None:
            tasks = sum(1 for i in todo if i.target_kind == "task")
            kpis = len(todo) - tasks
            self.start_button.setText(_("&Start the review of {fy} ({tasks} tasks, {kpis} KPIs)").format(
                fy=display.fy_text(self.fy), tasks=tasks, kpis=kpis))
            self.start_button.setVisible(True)
            self.start_button.setEnabled(bool(todo) and not self.ctl.readonly)
            self.status.setText(_("The review of {fy} has not been started.").format(fy=display.fy_text(self.fy))
                                if todo else _("No task or KPI falls in {fy}.").format(fy=display.fy_text(self.fy)))
        else:
            have = {(i.target_kind, i.target_id) for i in review.items}
            new = [i for i in todo if (i.target_kind, i.target_id) not in have]
            self.start_button.setText(_("&Add {n} new items").format(n=len(new)))
            self.start_button.setVisible(bool(new))
            self.start_button.setEnabled(not self.ctl.readonly)
            c = history.grade_counts(review)
            parts = [f"{g} {grade_label(review, g)}: {c[g]}" for g in REVIEW_GRADES]
            parts.append(_("not graded: {n}").format(n=c[""]))
            self.status.setText(_("{fy}: {done} of {total} graded — ").format(
                fy=display.fy_text(self.fy), done=len(review.items) - c[""], total=len(review.items))
                + " / ".join(parts))
        self.status.setAccessibleName(self.status.text())
        self.labels_button.setEnabled(review is not None and not self.ctl.readonly)
        self.summary.setEnabled(review is not None and not self.ctl.readonly)
        self.summary.set_text(review.summary if review is not None else "")
        self.summary.setPlaceholderText(_("What went well, what did not, and what changes next year.")
                                        if review is not None else "")
        if self._row is None and self.items.rowCount():
            self.view.setCurrentIndex(self.items.index(0, COLUMNS.index("grade")))
        if self._row is not None and self._row >= self.items.rowCount():
            self._row = None
        self.show_item(self._row)

    def show_item(self, row: int | None) -> None:
        """Fill the one-item panel with item ``row`` (None or out of range: empty)."""
        if row is not None and row != self._row:
            self._commit_pending()
        n = self.items.rowCount()
        if row is None or not 0 <= row < n:
            self._row = None
            self.detail.setEnabled(False)
            self.item_title.setText("")
            self.facts.setText("")
            self.position.setText("")
            self.chart.set_kpi(None, [])
            self.chart.hide()
            for b in self.grade_buttons.values():
                b.setText("")
            return
        self._row = row
        self.detail.setEnabled(True)
        review = self.items.review
        item = self.items.item(row)
        assert review is not None and item is not None
        target = self.items.target(row)
        self.position.setText(_("{n} of {total}").format(n=row + 1, total=n))
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < n - 1)
        name = self.items.cell_text(row, "target")
        kind = _("Task") if item.target_kind == "task" else _("KPI")
        self.item_title.setText(f"{kind}: {name}")
        self.item_title.setAccessibleName(self.item_title.text())
        if isinstance(target, Task):
            lines = [_("Plan: {period}").format(period=display.period_text(target.start, target.end, target.precision)
                                                  or "—"),
                     _("Status: {status}, progress {progress}%").format(status=value_label(target.status),
                                                                         progress=target.progress)]
            # a review counts delays as of its own date (or the end of its 年度), never as of today
            as_of = figures.review_date(review.fy, review.reviewed_on, self.today)
            late = history.days_late(self.ctl.plan, target, as_of)
            if late is not None:
                lines.append(_("Late (遅延) on {date}: {late}").format(date=display.date_text(as_of),
                                                                      late=late_text(late)))
            if target.department:
                lines.append(_("Department: {name}").format(name=target.department))
            self.facts.setText("\n".join(lines))
            self.chart.hide()
            self.actual_label.setText(_("What was done"))
            self.actual_edit.setPlaceholderText(_("e.g. 3 of 5 businesses moved"))
        elif isinstance(target, Kpi):
            t = target.targets.get(self.fy)
            a = target.actuals.get(self.fy)
            unit = target.unit or ""
            self.facts.setText(_("Target {fy}: {target}  Actual: {actual}").format(
                fy=display.fy_text(self.fy), target="—" if t is None else number_text(t) + unit,
                actual="—" if a is None else number_text(a) + unit))
            plan = self.ctl.plan
            self.chart.set_kpi(target, list(range(plan.from_fy, plan.to_fy + 1)), highlight=self.fy)
            self.chart.show()
            self.actual_label.setText(_("Actual ({unit})").format(unit=unit) if unit else _("Actual"))
            self.actual_edit.setPlaceholderText(_("the value reached in {fy}").format(fy=display.fy_text(self.fy)))
        else:
            self.facts.setText(_("This is not in the plan any more."))
            self.chart.hide()
        self.actual_edit.setText(kpi_actual(target if isinstance(target, Kpi) else None, item, self.fy)
                                 if item.target_kind == "kpi" else item.actual)
        self.actual_edit.setModified(False)
        for g, b in self.grade_buttons.items():
            b.setText(f"&{g} {grade_label(review, g)}" if g else _("(not graded)"))
            b.setAccessibleName(without_mnemonic(b.text()))
        self.grade_buttons.get(item.grade, self.grade_buttons[""]).setChecked(True)
        self.comment_edit.set_text(item.comment)
        self.next_edit.set_text(item.next_step)
        editable = not self.ctl.readonly
        for w in (self.actual_edit, self.comment_edit, self.next_edit, *self.grade_buttons.values()):
            w.setEnabled(editable)

    # --- committing ----------------------------------------------------------------------------

    def _commit_pending(self) -> None:
        """Hand over text typed in the one-item panel (before it shows another item)."""
        if self._row is None:
            return
        if self.actual_edit.isModified():
            self._actual_committed()
        self.comment_edit.commit()
        self.next_edit.commit()

    def _commit_field(self, field: str, value: Any) -> None:
        if self._row is not None:
            self.items.set_fields(self._row, **{field: value})

    def _grade_clicked(self, i: int) -> None:
        self._commit_field("grade", ("", *REVIEW_GRADES)[i])

    def _actual_committed(self) -> None:
        if not self.actual_edit.isModified():
            return
        self.actual_edit.setModified(False)
        self._commit_field("actual", self.actual_edit.text())

    def _summary_committed(self, text: str) -> None:
        self.set_summary(text)

    def _on_changed(self, changes: list[Change]) -> None:
        if any(k in ("reviews", "tasks", "kpis", "plan") for k, _i in changes):
            if any(k == "plan" for k, _i in changes) or any(
                    k == "reviews" and eid not in self.ctl.plan.reviews for k, eid in changes):
                self.fill_years(self.fy)
            self.refresh()

    def focus_entity(self, kind: str, eid: str, field: str = "") -> bool:
        if kind == "reviews" and eid in self.ctl.plan.reviews:
            self.set_fy(self.ctl.plan.reviews[eid].fy)
            self.view.setFocus()
            return True
        return False
