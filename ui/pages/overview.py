"""団体情報 and the plan's period and overall policy: a form whose every field is one undoable edit."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from dxplanner import model, ops
from dxplanner.fiscal import PeriodError, parse_period
from dxplanner.i18n import N_, _, current_language, list_separator
from dxplanner.labels import field_label
from dxplanner.ops import Change
from ui import display
from ui.controller import DocumentController
from ui.editions import edition, is_loaded, when_loaded
from ui.guidance import GuidanceBox
from ui.pages.base import Page
from ui.text import plain_label
from ui.vocab import value_label

if TYPE_CHECKING:
    from dxplanner.catalog import Edition

FY_RANGE = range(2015, 2041)


def fy_combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    for fy in FY_RANGE:
        combo.addItem(display.fy_text(fy), fy)
    combo.setAccessibleName(name)
    return combo


def choice_combo(parent: QWidget, choices: tuple[str, ...], name: str) -> QComboBox:
    combo = QComboBox(parent)
    for c in choices:
        combo.addItem(value_label(c), c)
    combo.setAccessibleName(name)
    return combo


class PlanForm(QWidget):
    """Plan-level fields bound to the controller (SetPlanFields per committed field)."""

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        form = QFormLayout(self)
        self.form = form
        self._readers: dict[str, Callable[[], Any]] = {}
        self._writers: dict[str, Callable[[Any], None]] = {}
        self._line("municipality.name", field_label("municipality.name"))
        self._line("municipality.code", field_label("code"))
        self._line("municipality.prefecture", field_label("prefecture"))
        self._combo("municipality.kind", choice_combo(self, model.MUNICIPALITY_KINDS, field_label("kind")),
                    field_label("kind"))
        self._line("municipality.population", field_label("population"), kind="int")
        self._line("title", _("Title of the plan"))
        self._combo("from_fy", fy_combo(self, field_label("from_fy")), field_label("from_fy"))
        self._combo("to_fy", fy_combo(self, field_label("to_fy")), field_label("to_fy"))
        self._combo("policy_status", choice_combo(self, ("策定済", "策定中", "未定"), field_label("policy_status")),
                    field_label("policy_status"))
        self._line("policy_date", _("Policy decided on / planned for"), kind="date")
        self.load()
        controller.changed.connect(self._on_changed)

    def _value(self, key: str) -> Any:
        plan = self.ctl.plan
        if key.startswith("municipality."):
            return getattr(plan.municipality, key.split(".", 1)[1])
        return getattr(plan, key)

    def _line(self, key: str, label: str, kind: str = "text") -> None:
        edit = QLineEdit(self)
        edit.setAccessibleName(label)
        edit.setReadOnly(self.ctl.readonly)

        def write(v: Any) -> None:
            if kind == "date":
                edit.setText(display.date_text(v))
            elif kind == "int" and isinstance(v, int):
                edit.setText(f"{v:,}")  # 人口 4,321 (read back without the separators)
            else:
                edit.setText("" if v is None else str(v))

        def read() -> Any:
            t = edit.text()
            if kind == "int":
                s = unicodedata.normalize("NFKC", t).strip().replace(",", "").replace("、", "")
                if not s:
                    return None
                if not s.isdigit():
                    raise ValueError(_("“{text}” is not a whole number").format(text=t))
                return int(s)
            if kind == "date":
                if not t.strip():
                    return None
                try:
                    return parse_period(t).start
                except PeriodError as exc:
                    raise ValueError(exc.message_en if current_language() == "en" else exc.message_ja) from None
            return t

        edit.editingFinished.connect(lambda k=key: self.commit(k))
        self._readers[key] = read
        self._writers[key] = write
        self.form.addRow(label, edit)
        edit.setObjectName(f"field-{key}")

    def _combo(self, key: str, combo: QComboBox, label: str) -> None:
        combo.setEnabled(not self.ctl.readonly)
        self._readers[key] = combo.currentData
        self._writers[key] = lambda v: combo.setCurrentIndex(max(combo.findData(v), 0))
        combo.activated.connect(lambda _i, k=key: self.commit(k))
        combo.setObjectName(f"field-{key}")
        self.form.addRow(label, combo)

    def load(self) -> None:
        for key, w in self._writers.items():
            w(self._value(key))

    def commit(self, key: str) -> None:
        try:
            value = self._readers[key]()
        except ValueError as exc:
            self.ctl.refuse(str(exc))
            self._writers[key](self._value(key))
            return
        if value == self._value(key):
            return
        if not self.ctl.run(ops.SetPlanFields({key: value}, N_("Edit plan details"))):
            self._writers[key](self._value(key))

    def _on_changed(self, changes: list[Change]) -> None:
        if any(k == "plan" for k, _ in changes):
            self.load()


class OverviewPage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "overview", _("Municipality and plan"), parent)
        self.form = PlanForm(controller, self)
        self.body.addWidget(self.form)
        self.summary = plain_label("", self, wrap=True)
        self.summary.setObjectName("summary")
        self.body.addWidget(self.summary)
        self.body.addStretch(1)
        self._summarize()
        controller.changed.connect(lambda _c: self._summarize())
        when_loaded(controller.plan.edition, self._add_guidance)

    def _add_guidance(self, ed: Edition | None) -> None:
        if ed is None or self.ctl.doc is None:
            return
        item = next((s for s in ed.structure if s.id == "plan"), None)
        self.body.insertWidget(1, GuidanceBox(ed.title, item.guidance if item else "", parent=self))
        self._summarize()

    def _summarize(self) -> None:
        plan = self.ctl.plan
        by_status: dict[str, int] = {}
        for t in plan.tasks.values():
            by_status[t.status] = by_status.get(t.status, 0) + 1
        status = list_separator().join(
            f"{value_label(s)} {by_status[s]}" for s in model.TASK_STATUSES if s in by_status)
        ed = edition(plan.edition) if is_loaded(plan.edition) else None
        lines = [
            _("National edition: {edition}").format(edition=ed.title if ed else plan.edition),
            _("Tasks: {n} ({status})").format(n=len(plan.tasks), status=status or "—"),
            _("KPIs: {n}").format(n=len(plan.kpis)),
        ]
        self.summary.setText("\n".join(lines))

    def focus_entity(self, kind: str, eid: str, field: str = "") -> bool:
        w = self.form.findChild(QWidget, f"field-{field}")
        if w is None and field in ("name", "code"):
            w = self.form.findChild(QWidget, f"field-municipality.{field}")
        if w is not None:
            w.setFocus()
            return True
        return False
