"""The new-plan walk-through, following 自治体DX全体手順書 (全体方針 → 推進体制 → 実行).

団体情報 and period → 推進体制 → デジタル人材 → each 重点取組事項 → あわせて取り組むべき事項 → KPI
targets → review with the health check. The plan is built in memory from the national template
(``dxplanner.template.new_plan``) and changed only through ops on an in-memory Document (so the
pages are the same as in the main window, with undo); the file is written only at Finish
(``Document.create``). Cancelling leaves nothing on disk. Going back keeps what was entered;
changing the edition, kind or period on the first page, or the answers on 「団体の状況」, rebuilds the
template (after asking, once something was edited). A new plan defaults to the newest edition and
to five 年度 from this 年度; changing the edition keeps the period chosen.
"""

from __future__ import annotations

import copy
import datetime
import os
import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dxplanner import model, ops
from dxplanner.catalog import available_editions
from dxplanner.document import Document
from dxplanner.errors import DxError, LockedError, os_reason
from dxplanner.i18n import N_, _
from dxplanner.labels import field_label
from dxplanner.model import Plan
from dxplanner.template import STD_STAGES, Situation, default_period, new_plan
from ui import settings as cfg
from ui import text as ui_text
from ui.check_panel import CheckPanel
from ui.controller import DocumentController
from ui.editions import edition
from ui.files import default_folder
from ui.guidance import GuidanceBox
from ui.message_bar import MessageBar
from ui.models.tasks import TasksModel
from ui.pages.areas import AreaPage, RelatedPage
from ui.pages.base import Page
from ui.pages.overview import choice_combo, fy_combo
from ui.pages.structure import StructurePage, TalentPage
from ui.pages.tracking import KpiPage
from ui.text import plain_label


class Step(QWizardPage):
    """A page of the walk-through. ``STEPS`` lists the classes in order; each says which pages it makes.

    ``pages_for`` returns this step's pages for the chosen edition (one for most steps, one per
    重点取組事項 for ``AreaStep``, none for ``RelatedStep`` when the edition lists no related measures).
    Steps with ``plan_bound`` are made again whenever the template plan is (re)built; the others are
    made once with the wizard and keep what was typed in them.
    """

    heading = ""
    plan_bound = False

    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard

    @classmethod
    def pages_for(cls, wizard: NewPlanWizard, edition_id: str) -> list[QWizardPage]:
        return [cls(wizard)]

    def step_title(self) -> str:
        return _(self.heading)


class BasicsPage(Step):
    """団体情報 and the plan period; the template is built when leaving this page."""

    heading = N_("Municipality and plan period")

    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self.setSubTitle(_("Start from the national plan: your parts, starter tasks and KPIs are filled in "
                           "from it, and you adjust them on the next pages."))
        lay = QVBoxLayout(self)
        ed = edition("1.0")
        if ed is not None:
            item = next((s for s in ed.structure if s.id == "plan"), None)
            lay.addWidget(GuidanceBox(_("The overall procedure (全体方針 → 推進体制 → 実行)"),
                                      item.guidance if item else "", parent=self))
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("e.g. みどり町"))
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(_("6 digits, e.g. 019992"))
        self.code.setMaxLength(6)
        self.prefecture = QLineEdit(self)
        self.prefecture.setPlaceholderText(_("filled in from the code"))
        self.kind = choice_combo(self, model.MUNICIPALITY_KINDS, field_label("kind"))
        self.kind.setCurrentIndex(model.MUNICIPALITY_KINDS.index("町"))
        self.population = QLineEdit(self)
        self.edition = QComboBox(self)
        for eid in reversed(available_editions()):  # the newest first, and chosen
            ed2 = edition(eid)
            self.edition.addItem(ed2.title if ed2 else eid, eid)
        self.edition.setCurrentIndex(0)
        self.from_fy = fy_combo(self, field_label("from_fy"))
        self.to_fy = fy_combo(self, field_label("to_fy"))
        # five 年度 from this 年度 (the next from January); changing the edition keeps what is chosen here
        first, last = default_period(datetime.date.today())
        self.from_fy.setCurrentIndex(max(self.from_fy.findData(first), 0))
        self.to_fy.setCurrentIndex(max(self.to_fy.findData(last), 0))
        for label, w in ((field_label("municipality.name"), self.name), (field_label("code"), self.code),
                         (field_label("prefecture"), self.prefecture), (field_label("kind"), self.kind),
                         (field_label("population"), self.population),
                         (field_label("edition"), self.edition),
                         (field_label("from_fy"), self.from_fy), (field_label("to_fy"), self.to_fy)):
            w.setAccessibleName(label)
            form.addRow(label, w)
        lay.addLayout(form)
        self.error = plain_label("", self, wrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setObjectName("wizard-error")
        lay.addWidget(self.error)
        lay.addStretch(1)  # the message sits above empty space: it moves nothing
        self.name.textChanged.connect(lambda _t: self.completeChanged.emit())
        for w in (self.name, self.code, self.prefecture, self.population):
            w.textChanged.connect(lambda _t: self.error.clear())

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())

    def params(self) -> dict[str, object]:
        pop = unicodedata.normalize("NFKC", self.population.text()).strip().replace(",", "")
        return {
            "name": self.name.text().strip(),
            "code": self.code.text().strip(),
            "prefecture": self.prefecture.text().strip(),
            "kind": self.kind.currentData(),
            "population": int(pop) if pop.isdigit() else None,
            "edition": self.edition.currentData(),
            "from_fy": self.from_fy.currentData(),
            "to_fy": self.to_fy.currentData(),
        }

    def validatePage(self) -> bool:
        pop = unicodedata.normalize("NFKC", self.population.text()).strip().replace(",", "")
        if pop and not pop.isdigit():
            self.error.setText(_("Population: “{text}” is not a whole number").format(text=pop))
            return False
        try:
            self.wiz.build(self.params())
        except DxError as exc:
            self.error.setText(exc.text())
            return False
        self.error.setText("")
        if not self.prefecture.text().strip():
            self.prefecture.setText(self.wiz.plan.municipality.prefecture)
        return True


class SituationStep(Step):
    """Where the town stands (標準化, オンライン化, CIO/CISO/推進本部): it chooses the starter tasks.

    Not bound to the plan: the answers stay when the template is made again. Leaving the page
    makes the template again with the answers (without asking while nothing was edited yet).
    """

    heading = N_("Where the town stands")
    UNANSWERED = N_("(not answered: offer every starter task)")

    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self.setSubTitle(_("Your answers choose the starter tasks: e.g. after the migration to 標準準拠システム, "
                           "運用・最適化 and 制度改正対応 instead of the migration steps."))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.std = self._combo(_("標準化 (標準準拠システムへの移行)"),
                               [(s, value_label_for_std(s)) for s in STD_STAGES])
        self.cio = self._combo(_("CIO"), [(True, _("Appointed")), (False, _("Not yet appointed"))])
        self.ciso = self._combo(_("CISO"), [(True, _("Appointed")), (False, _("Not yet appointed"))])
        self.hq = self._combo(_("推進本部"), [(True, _("Set up (設置済)")), (False, _("Not yet set up"))])
        for label, combo in ((_("標準化 (標準準拠システムへの移行)"), self.std), (_("CIO"), self.cio),
                             (_("CISO"), self.ciso), (_("推進本部"), self.hq)):
            form.addRow(label, combo)
        lay.addLayout(form)
        lay.addWidget(plain_label(_("手続 already accepted online (tick them):"), self, wrap=True))
        self.online = QListWidget(self)
        self.online.setObjectName("online-done")
        self.online.setAccessibleName(_("手続 already accepted online"))
        lay.addWidget(self.online, 1)
        self._done: set[str] = set()
        self.online.itemChanged.connect(self._on_item)

    def _combo(self, name: str, choices: list[tuple[object, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.addItem(_(self.UNANSWERED), None)
        for value, label in choices:
            combo.addItem(label, value)
        return combo

    def _on_item(self, item: QListWidgetItem) -> None:
        pid = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self._done.add(pid)
        else:
            self._done.discard(pid)

    def initializePage(self) -> None:
        """List the 手続 of the chosen edition that apply to this kind of 団体 (ticks are kept)."""
        ed = edition(str(self.wiz.basics.edition.currentData() or ""))
        is_pref = self.wiz.basics.kind.currentData() == "都道府県"
        self.online.blockSignals(True)
        self.online.clear()
        for p in ed.online_procedures if ed else ():
            if (p.level == "都道府県") != is_pref:
                continue
            if p.not_required_from is not None:
                continue  # no longer required: nothing to put online
            item = QListWidgetItem(f"{p.group}　{p.name}", self.online)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.id in self._done else Qt.CheckState.Unchecked)
        self.online.blockSignals(False)

    def situation(self) -> Situation:
        return Situation(std=self.std.currentData(), online_done=frozenset(self._done),
                         cio=self.cio.currentData(), ciso=self.ciso.currentData(), hq=self.hq.currentData())

    def validatePage(self) -> bool:
        try:
            self.wiz.build(self.wiz.basics.params())
        except DxError as exc:
            self.setSubTitle(exc.text())
            return False
        return True


def value_label_for_std(stage: str) -> str:
    return {"移行済": _("移行済 (all 業務 on 標準準拠システム)"), "移行中": _("移行中 (some still migrating)"),
            "特定移行支援": _("特定移行支援 (some systems have their own later deadline)")}[stage]


class PlanPage(Step):
    """A page holding one of the window's pages, bound to the wizard's in-memory plan.

    The window page is made the first time this page is shown (the plan exists only once page 1 was
    left), so the wizard knows all its pages from the start and page 1 has 次へ.
    """

    plan_bound = True
    subtitle = ""

    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self.setSubTitle(_(self.subtitle))
        self.page: Page | None = None
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)

    def make_page(self) -> Page:
        raise NotImplementedError

    def initializePage(self) -> None:
        if self.page is None:
            self.page = self.make_page()
            self._lay.addWidget(self.page)


class StructureStep(PlanPage):
    heading = N_("Structure (推進体制)")
    subtitle = N_("Who leads DX: the mayor, a CIO, a CIO補佐官 and a 推進本部. Fill in names and dates as far "
                  "as they are known; uncheck starter tasks you do not need.")

    def make_page(self) -> Page:
        return StructurePage(self.wiz.ctl, include=self.wiz.included)


class TalentStep(PlanPage):
    heading = N_("Digital talent (デジタル人材)")
    subtitle = N_("External experts and staff training. An external CIO補佐官 counts on the 特別交付税 "
                  "measure shown below.")

    def make_page(self) -> Page:
        return TalentPage(self.wiz.ctl)


class AreaStep(PlanPage):
    """One page per 重点取組事項 of the edition."""

    subtitle = N_("Pick the starter tasks you will do, set the 担当課 and adjust the timing (e.g. R7 Q2).")

    def __init__(self, wizard: NewPlanWizard, area_id: str = "", name: str = "") -> None:
        super().__init__(wizard)
        self.area_id = area_id
        self.area_name = name

    @classmethod
    def pages_for(cls, wizard: NewPlanWizard, edition_id: str) -> list[QWizardPage]:
        return [cls(wizard, a.id, a.name) for a in _edition_areas(wizard, edition_id, "focus")]

    def step_title(self) -> str:
        return self.area_name

    def make_page(self) -> Page:
        page = AreaPage(self.wiz.ctl, self.area_id, include=self.wiz.included, with_kpis=False)
        _add_department_row(page)
        return page


class RelatedStep(PlanPage):
    heading = N_("Related measures (あわせて取り組むべき事項)")
    subtitle = N_("Measures the national plan asks to pursue together with the focus areas.")

    @classmethod
    def pages_for(cls, wizard: NewPlanWizard, edition_id: str) -> list[QWizardPage]:
        return [cls(wizard)] if _edition_areas(wizard, edition_id, "related") else []

    def make_page(self) -> Page:
        page = RelatedPage(self.wiz.ctl, include=self.wiz.included)
        _add_department_row(page)
        return page


class KpiStep(PlanPage):
    heading = N_("KPI targets")
    subtitle = N_("Targets per fiscal year for the KPIs the national plan suggests. Leave a cell "
                  "empty when there is no target yet.")

    def make_page(self) -> Page:
        return KpiPage(self.wiz.ctl)


def _edition_areas(wizard: NewPlanWizard, edition_id: str, kind: str) -> list[model.Area]:
    """The parts of that kind: from the built plan when there is one, else from the edition's data."""
    if wizard.plan.areas:
        areas = list(wizard.plan.areas.values())
    else:
        ed = edition(edition_id)
        areas = [model.Area(id=a.id, name=a.name, kind=a.kind, order=n) for n, a in enumerate(ed.areas)] if ed else []
    return [a for a in sorted(areas, key=lambda a: a.order) if a.kind == kind]


class ReviewPage(Step):
    """The health check and where to save; 完了 here writes the file."""

    heading = N_("Review and save")

    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self.setSubTitle(_("The health check lists what is still open. You can finish now and fill it in later."))
        lay = QVBoxLayout(self)
        self.summary = plain_label("", self, wrap=True)
        lay.addWidget(self.summary)
        self.check = CheckPanel(wizard.ctl, self)
        lay.addWidget(self.check, 1)
        row = QHBoxLayout()
        row.addWidget(plain_label(_("Save as:"), self))
        self.path = QLineEdit(self)
        self.path.setAccessibleName(_("Save as"))
        row.addWidget(self.path, 1)
        browse = QPushButton(_("&Browse…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        lay.addLayout(row)
        self.error = plain_label("", self, wrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setFixedHeight(self.error.fontMetrics().lineSpacing() * 2 + 4)  # room kept: nothing moves
        lay.addWidget(self.error)
        self.path.textChanged.connect(lambda _t: self.error.clear())

    def initializePage(self) -> None:
        plan = self.wiz.plan
        kept = len(self.wiz.included)
        self.summary.setText(_("{name}: {parts} parts, {tasks} tasks kept of {total}, {kpis} KPIs.").format(
            name=plan.municipality.name, parts=len(plan.areas), tasks=kept, total=len(plan.tasks),
            kpis=len(plan.kpis)))
        self.check.refresh()
        if not self.path.text():
            folder = self.wiz.settings.get(cfg.LAST_FOLDER) or default_folder()
            self.path.setText(str(Path(folder) / _("{name} DX plan.dxplan").format(name=plan.municipality.name)))

    def _browse(self) -> None:
        name, _f = QFileDialog.getSaveFileName(self, _("Save the new plan as"), self.path.text(),
                                               "DX Planner (*.dxplan)")
        if name:
            self.path.setText(name if name.endswith(".dxplan") else name + ".dxplan")

    def validatePage(self) -> bool:
        text = self.path.text().strip()
        if not text:
            self.error.setText(_("Choose where to save the plan."))
            return False
        target = Path(text if text.endswith(".dxplan") else text + ".dxplan")
        overwrite = False
        if target.exists():
            answer = ui_text.message(self, QMessageBox.Icon.Question, _("Replace the file?"),
                                     _("{file} already exists. Replace it?").format(file=target.name),
                                     QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                     QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
            overwrite = True
        try:
            self.wiz.finish(target, overwrite=overwrite)
        except DxError as exc:
            self.error.setText(exc.text())
            return False
        return True


class NewPlanWizard(QWizard):
    """The walk-through. Its pages come from ``STEPS`` in order; to add a page, add its class there."""

    #: one entry per kind of page, in order; each class makes its pages with ``pages_for``
    STEPS: tuple[type[Step], ...] = ()  # filled in below the classes

    def __init__(self, parent: QWidget | None = None, *, settings: cfg.Settings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or cfg.Settings()
        self.setWindowTitle(_("New plan"))
        self.setObjectName("wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.resize(1100, 780)
        self.ctl = DocumentController(self)
        self.plan: Plan = Plan()
        self.included: set[str] = set()
        self.document: Document | None = None
        self._built_with: dict[str, object] | None = None
        self._step_pages: dict[int, list[int]] = {}  # index in STEPS -> page ids
        for n, cls in enumerate(self.STEPS):
            if not cls.plan_bound:
                page = cls(self)
                self.setPage(self._STEP_BLOCK * n, page)
                self._step_pages[n] = [self._STEP_BLOCK * n]
        self.basics: BasicsPage = self._first(BasicsPage)
        self._make_pages()
        self.basics.edition.currentIndexChanged.connect(
            lambda _i: self._make_pages() if self._built_with is None else None)
        undo = self.ctl.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctl.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        manual = QAction(_("User &manual"), self)
        manual.setShortcut(QKeySequence("F1"))
        manual.triggered.connect(lambda _c=False: self._show_manual())
        self.addActions([undo, redo, manual])
        self.message_bar = MessageBar(self)  # over the page title: showing it moves nothing
        self.ctl.refused.connect(self._refused)
        self.ctl.changed.connect(lambda _c: self.message_bar.hide())  # corrected: the message goes

    #: page ids are STEPS index × this + the page's number within its step (Qt goes through them in order)
    _STEP_BLOCK = 100

    def _first(self, cls: type[Step]) -> Any:
        page = next(p for p in (self.page(i) for i in self.pageIds()) if isinstance(p, cls))
        return page

    def _show_manual(self) -> None:
        from ui.help import show_manual

        show_manual(self, "wizard")

    # --- nothing typed is lost ------------------------------------------------------------------------

    def has_input(self) -> bool:
        """Whether leaving now would throw away something the person entered."""
        b = self.basics
        typed = any(w.text().strip() for w in (b.name, b.code, b.prefecture, b.population))
        return typed or self._built_with is not None

    def reject(self) -> None:
        """Esc, キャンセル or × close the walk-through only after asking when something was entered."""
        from ui.table_view import commit_open_edits

        commit_open_edits(self)
        if self.document is None and self.has_input():
            answer = ui_text.message(
                self, QMessageBox.Icon.Question, _("Discard the new plan?"),
                _("What you entered in the walk-through is not saved yet. Discard it?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
                labels={QMessageBox.StandardButton.Discard: _("&Discard"),
                        QMessageBox.StandardButton.Cancel: _("&Back to the walk-through")})
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field commits that field only; it never also presses 次へ or 完了.

        (A QDialog presses its default button on Enter; a focused push button still takes Enter.)"""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(self.focusWidget(),
                                                                                     QPushButton):
            event.accept()
            return
        super().keyPressEvent(event)

    def _refused(self, message: str) -> None:
        self.message_bar.show_message(message)

    # --- building the in-memory plan ----------------------------------------------------------------

    TEMPLATE_KEYS = ("edition", "kind", "from_fy", "to_fy", "situation")

    def build(self, params: dict[str, object]) -> None:
        """(Re)build the template plan; only the name-like fields change an existing one."""
        situation_step = next((p for p in (self.page(i) for i in self.pageIds()) if isinstance(p, SituationStep)),
                              None)
        params = {**params, "situation": situation_step.situation() if situation_step else Situation()}
        if self._built_with is not None:
            same = all(params[k] == self._built_with[k] for k in self.TEMPLATE_KEYS)
            if same:
                changes = {f"municipality.{k}": params[k] for k in ("name", "code", "prefecture", "population")
                           if params[k] != self._built_with[k]}
                if params["name"] != self._built_with["name"]:
                    changes["title"] = f"{params['name']} DX推進計画"
                if changes:
                    op = ops.SetPlanFields(changes, N_("Edit plan details"))
                    op.apply(self.plan)
                    self._built_with = dict(params)
                return
            answer = QMessageBox.StandardButton.Yes if not self.ctl.undo_stack.count() else ui_text.message(
                self, QMessageBox.Icon.Question, _("Start the template again?"),
                _("The edition, kind or period changed. The starter tasks and KPIs are made again from the "
                  "national plan, and what you entered on the later pages is replaced."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if answer != QMessageBox.StandardButton.Yes:
                raise DxError(N_("Nothing was changed."))
        plan = new_plan(str(params["name"]), str(params["code"]), prefecture=str(params["prefecture"]),
                        kind=str(params["kind"]), population=params["population"],  # type: ignore[arg-type]
                        edition=str(params["edition"]), from_fy=int(params["from_fy"]),  # type: ignore[call-overload]
                        to_fy=int(params["to_fy"]),  # type: ignore[call-overload]
                        now=datetime.datetime.now(), situation=params["situation"])  # type: ignore[arg-type]
        self.plan = plan
        self.included = set(plan.tasks)
        self.ctl.attach(Document(plan))
        self._built_with = dict(params)
        self._make_pages()

    def _make_pages(self) -> None:
        """(Re)make the pages that show the plan, for the edition chosen on page 1, and number all titles.

        Called with the wizard (before any plan exists: the pages are empty until shown, but Qt knows
        they are there, so page 1 has 次へ) and again whenever the template is built.
        """
        eid = str(self.basics.edition.currentData() or "1.0")
        for n, cls in enumerate(self.STEPS):
            if not cls.plan_bound:
                continue
            for pid in self._step_pages.get(n, []):
                old = self.page(pid)
                self.removePage(pid)
                if old is not None:
                    old.deleteLater()
            made = cls.pages_for(self, eid)
            self._step_pages[n] = []
            for k, page in enumerate(made):
                pid = self._STEP_BLOCK * n + k
                self.setPage(pid, page)
                self._step_pages[n].append(pid)
        number = 0
        for n in range(len(self.STEPS)):
            ids = self._step_pages.get(n, [])
            if not ids:
                continue
            number += 1
            for k, pid in enumerate(ids, start=1):
                page = self.page(pid)
                title = page.step_title() if isinstance(page, Step) else page.title()
                page.setTitle(_("{n}. {title}").format(n=number, title=title) if len(ids) == 1
                              else _("{n}.{k} {title}").format(n=number, k=k, title=title))

    def finish(self, target: Path, *, overwrite: bool = False) -> None:
        """Drop the unchecked starter tasks and write the file (the only write of the walk-through)."""
        plan = copy.deepcopy(self.plan)  # a failed save leaves the walk-through as it was
        excluded = [t.id for t in plan.tasks.values() if t.id not in self.included]
        roots = [i for i in excluded if plan.tasks[i].parent_id not in excluded]
        if roots:
            ops.DeleteEntities("tasks", roots).apply(plan)
        folder = target.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)  # Documents may be missing or redirected
        except OSError as exc:
            raise DxError(N_("The folder {folder} cannot be made ({reason}). Choose another place with "
                             "Browse…."), folder=str(folder), reason=os_reason(exc)) from exc
        if not os.access(folder, os.W_OK):
            raise DxError(N_("You cannot save in {folder} (no permission to write there). Choose another "
                             "place with Browse…."), folder=str(folder))
        try:
            self.document = Document.create(target, plan, overwrite=overwrite)
        except OSError as exc:
            raise DxError(N_("{file} cannot be saved in {folder} ({reason}). Choose another place with "
                             "Browse…."), file=target.name, folder=str(folder), reason=os_reason(exc)) from exc
        except LockedError:
            raise  # says who holds the file being replaced
        except DxError as exc:
            # the store's wording is about opening a file; this one is being created
            raise DxError(N_("{file} cannot be saved in {folder}. Choose another place with Browse…."),
                          file=target.name, folder=str(folder)) from exc
        self.settings.set(cfg.LAST_FOLDER, str(target.parent))

    # --- helpers for tests and screenshots ----------------------------------------------------------

    def prefill_example(self) -> None:
        self.basics.name.setText("みどり町")
        self.basics.code.setText("019992")

    def page_count(self) -> int:
        return len(self.pageIds())

    def go_to_page(self, n: int) -> bool:
        """Show page n (1-based) by pressing 次へ as a person would; False when page 1 is not filled in."""
        if n < 1 or n > self.page_count():
            return False
        self.restart()
        for _i in range(n - 1):
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                return False
        return True


def _add_department_row(page: Page) -> None:
    """"担当課 for every task of this part": fills the empty 担当課 cells (one undoable step)."""
    model = getattr(page, "tasks", None)
    if not isinstance(model, TasksModel):
        return
    row = QHBoxLayout()
    label = _("担当課 for tasks without one:")
    row.addWidget(plain_label(label, page))
    edit = QLineEdit(page)
    edit.setAccessibleName(label)
    edit.setObjectName("default-department")
    edit.setPlaceholderText(_("e.g. 企画課"))
    row.addWidget(edit, 1)
    button = QPushButton(_("&Fill in"), page)
    button.setObjectName("fill-department")

    def fill() -> None:
        value = edit.text()
        if not value.strip():
            return
        col = model.column_index("department")
        rows = [r for r in range(model.rowCount()) if not model.entity(r).department.strip()]
        if rows:
            model.set_values(rows, col, value, label=N_("Fill in 担当課"))

    button.clicked.connect(fill)
    edit.returnPressed.connect(fill)
    row.addWidget(button)
    page.body.insertLayout(2, row)



NewPlanWizard.STEPS = (BasicsPage, SituationStep, StructureStep, TalentStep, AreaStep, RelatedStep, KpiStep,
                       ReviewPage)
