"""KPI targets, 予算・財源, the 標準化 tracker and the オンライン化 tracker."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from dxplanner import figures, model, ops
from dxplanner import standardization as stdz
from dxplanner.i18n import N_, _, list_separator
from ui import display
from ui.controller import DocumentController
from ui.editions import catalog_area
from ui.guidance import GuidanceBox
from ui.models.entities import BudgetModel, KpisModel, ProceduresModel
from ui.models.funding import FundingModel
from ui.models.standardization import SORT_KEYS, SORT_LABELS, CostsModel, PhasesModel, SystemsModel
from ui.pages.base import Page
from ui.std_cost_chart import StdCostChart
from ui.text import plain_label
from ui.vocab import value_label


class KpiPage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "kpi", _("KPIs and targets"), parent)
        self.body.addWidget(plain_label(
            _("One column per fiscal year of the plan. Type the target; leave a cell empty for no target."),
            self, wrap=True))
        self.kpis = KpisModel(controller, self)
        self.table = self.add_table("", self.kpis, rows_visible=16)
        self.actuals_box = QCheckBox(_("Show actual &values instead of targets"), self)
        self.actuals_box.setAccessibleName(_("Show actual values instead of targets"))
        self.actuals_box.toggled.connect(self._toggle)
        self.body.addWidget(self.actuals_box)
        from ui.kpi_chart import KpiChart

        self.chart_title = self.section_title(_("Target and actual of the selected KPI"))
        self.chart = KpiChart(self)
        self.body.addWidget(self.chart)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        controller.changed.connect(self._plan_changed)
        self.show_chart()

    def _toggle(self, on: bool) -> None:
        self.kpis.actuals = on
        self.kpis.reload()

    def _row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        self.show_chart()

    def _plan_changed(self, _changes: object) -> None:
        self.show_chart()

    def show_chart(self) -> None:
        """The chart of the KPI of the current row (the first KPI when no row is chosen)."""
        if self.ctl.doc is None:
            return
        row = self.table.current_row()
        kpi = self.kpis.entity_at(row) if row is not None and row < self.kpis.rowCount() else None
        if kpi is None and self.kpis.rowCount():
            kpi = self.kpis.entity_at(0)
        plan = self.ctl.plan
        self.chart.set_kpi(kpi, list(range(plan.from_fy, plan.to_fy + 1)))


class BudgetPage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "budget", _("Budget and funding (予算・財源)"), parent)
        self.body.addWidget(plain_label(
            _("Amounts are in 千円. A bare number is read as 千円; 円, 万円 and 億円 may be typed."), self, wrap=True))
        self.budget = BudgetModel(controller, self)
        self.add_table(_("Budget lines"), self.budget, rows_visible=8)
        self.section_title(_("By fiscal year and source (including external hires and training)"))
        self.funding = FundingModel(controller, self)
        view = self.funding_view = QTableView(self)
        view.setModel(self.funding)
        view.setAccessibleName(_("By fiscal year and source"))
        view.setMinimumHeight(view.verticalHeader().defaultSectionSize() * (self.funding.rowCount() + 1) + 8)
        # 年度 across, sharing the page's width: no sum hides to the right (a plan of many years
        # scrolls only when the amounts themselves no longer fit)
        head = view.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        head.setMinimumSectionSize(view.fontMetrics().horizontalAdvance(display.money_text(999_999_000)) + 12)
        self.body.addWidget(view, 1)
        self.body.addWidget(plain_label(
            _("A cost that counts on a 交付税 measure (特別交付税・普通交付税) is paid from 一般財源: "
              "the measure is not a grant paid one to one, so its estimate is for reference and is not counted "
              "in the total."),
            self, wrap=True))


class StandardizationPage(Page):
    """The 標準化 tracker after the deadline: every 業務's status, dates, クラウド and contract in one
    table (filter and sort by status, change the status of many rows at once, paste from Excel),
    the selected 業務's phases and steps as the town names them, and 運用経費 per 年度 with its
    chart against the 平成30年度 baseline and the 3割削減 target beside the table."""

    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "standardization", _("Standardization tracker (標準化)"), parent)
        std = controller.plan.areas.get("std")
        ca = catalog_area(self.edition, std.catalog_id if std else None)
        if ca is not None:
            self.body.addWidget(GuidanceBox(ca.name, ca.guidance_with_facts, target=ca.target_text or "",
                                            measures=ca.measures, parent=self))
        self.summary = plain_label("", self, wrap=True)
        self.body.addWidget(self.summary)
        self.systems = SystemsModel(controller, self)
        tools = QHBoxLayout()
        self.filter = QComboBox(self)
        self.filter.addItem(_("All statuses"), "")
        for st in model.STD_STATUSES:
            self.filter.addItem(value_label(st), st)
        self.filter.setAccessibleName(_("Show only the status"))
        self.filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.sort = QComboBox(self)
        for key in SORT_KEYS:
            self.sort.addItem(_(SORT_LABELS[key]), key)
        self.sort.setAccessibleName(_("Sort by"))
        self.sort.currentIndexChanged.connect(self._sort_changed)
        self.set_status = QPushButton(_("Set the &status of the selected rows"), self)
        self.set_status.setAccessibleName(_("Set the status of the selected rows"))
        menu = QMenu(self.set_status)
        for st in model.STD_STATUSES:
            act = menu.addAction(value_label(st))
            act.triggered.connect(lambda _c=False, v=st: self.set_selected_status(v))
        self.set_status.setMenu(menu)
        self.set_status.setEnabled(not controller.readonly)
        self.link_tasks = QPushButton(_("&Link to tasks in the 工程表…"), self)
        self.link_tasks.setAccessibleName(_("Link to tasks in the 工程表"))
        self.link_tasks.clicked.connect(self.choose_tasks)
        self.link_tasks.setEnabled(not controller.readonly)
        for widget in (plain_label(_("Show:"), self), self.filter, plain_label(_("Sort by:"), self), self.sort,
                       self.set_status, self.link_tasks):
            tools.addWidget(widget)
        tools.addStretch(1)
        self.section_title(_("Businesses (業務)"))
        self.body.addLayout(tools)
        self.table = self.add_table("", self.systems, rows_visible=12, can_add=False, can_delete=False)
        self.table.setAccessibleName(_("Businesses (業務)"))
        self.phases = PhasesModel(controller, self)
        self.phases_title = self.section_title(_("Phases and steps of the selected business (select a row above)"))
        self.phases_table = self.add_table("", self.phases, rows_visible=5)
        row_h = self.phases_table.verticalHeader().defaultSectionSize()
        self.phases_table.setMaximumHeight(row_h * 8 + 6)  # a few phases: no tall empty box
        self.body.addWidget(plain_label(
            _("The three phases are the national ones; add your own steps by name (the national 40 steps have "
              "no published names)."), self, wrap=True))
        self.section_title(_("運用経費 and 移行経費 (千円)"))
        self.body.addWidget(plain_label(
            _("One row per system or group of systems. 平成30年度 is the baseline of the national 3割削減 target; "
              "移行経費 is one-off and kept apart. The デジタル基盤改革支援基金 does not cover 運用経費 or "
              "クラウド利用料 (二次 source)."), self, wrap=True))
        self.planned_box = QCheckBox(_("Show &planned amounts instead of actuals"), self)
        self.planned_box.setAccessibleName(_("Show planned amounts instead of actuals"))
        self.planned_box.toggled.connect(self._toggle_planned)
        self.body.addWidget(self.planned_box)
        self.costs = CostsModel(controller, self)
        self.costs_table = self.add_table("", self.costs, rows_visible=6)
        self.costs_table.setAccessibleName(_("運用経費 and 移行経費 (千円)"))
        self.chart = StdCostChart(self)
        # the chart beside the cost table
        at = self.body.indexOf(self.costs_table)
        self.body.removeWidget(self.costs_table)
        beside = QHBoxLayout()
        beside.addWidget(self.costs_table, 3)
        beside.addWidget(self.chart, 2)
        self.body.insertLayout(at, beside, 1)
        self.table.selectionModel().currentRowChanged.connect(self._select)
        self.systems.rowsInserted.connect(lambda *_a: self.apply_filter())
        self.systems.modelReset.connect(self.apply_filter)
        controller.changed.connect(self._plan_changed)
        controller.document_replaced.connect(self.refresh)
        if self.systems.rowCount():
            self.table.setCurrentIndex(self.systems.index(0, 0))
        self.refresh()

    # --- what the page shows ---------------------------------------------------------------------

    def refresh(self) -> None:
        if self.ctl.doc is None:
            return
        plan = self.ctl.plan
        done, n = stdz.progress(plan)
        counts = stdz.status_counts(plan)
        parts = list_separator().join(f"{value_label(st)} {counts[st]}" for st in model.STD_STATUSES)
        self.summary.setText(_("{done} of {n} 業務 in scope run on 標準準拠システム.").format(done=done, n=n)
                             + "　" + parts)
        self.chart.set_summary(stdz.summarize_costs(plan))

    def _plan_changed(self, changes: list[tuple[str, str]]) -> None:
        kinds = {k for k, _i in changes}
        if kinds & {"systems", "std_costs", "plan"}:
            self.refresh()
        if "systems" in kinds and self.filter.currentData():
            self.apply_filter()

    def apply_filter(self) -> None:
        """Hide the rows whose status is not the chosen one (all rows when none is chosen)."""
        want = self.filter.currentData()
        for r in range(self.systems.rowCount()):
            s = self.systems.entity_at(r)
            self.table.setRowHidden(r, bool(want) and (s is None or s.status != want))

    def _sort_changed(self, _i: int) -> None:
        self.systems.set_sort(self.sort.currentData())
        self.apply_filter()

    def set_selected_status(self, status: str) -> bool:
        rows = [r for r in self.table.selected_rows() if not self.table.isRowHidden(r)]
        if not rows:
            return False
        return self.systems.set_values(rows, self.systems.column_index("status"), status,
                                       label=N_("Set status"))

    def choose_tasks(self) -> bool:
        """The current row's links to 工程表 tasks, ticked in a list (one undo)."""
        from ui.task_links import TaskLinksDialog

        row = self.table.current_row()
        s = self.systems.entity_at(row) if row is not None else None
        if s is None:
            return False
        dlg = TaskLinksDialog(self.ctl.plan, s, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        ids = dlg.chosen()
        if ids == s.task_ids:
            return True
        return self.ctl.run(ops.UpdateEntity("systems", s.id, {"task_ids": ids}, N_("Link tasks")))

    def _toggle_planned(self, on: bool) -> None:
        self.costs.set_planned(on)

    def _select(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            self.phases.set_system(None)
            return
        s = self.systems.entity_at(current.row())
        if s is None:
            return
        self.phases.set_system(s.id)
        self.phases_title.setText(_("Phases and steps of {name}").format(name=s.name))


class OnlinePage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "online", _("Online procedures tracker (オンライン化)"), parent)
        area = controller.plan.areas.get("online")
        ca = catalog_area(self.edition, area.catalog_id if area else None)
        if ca is not None:
            self.body.addWidget(GuidanceBox(ca.name, ca.guidance_with_facts, target=ca.target_text or "",
                                            measures=ca.measures, parent=self))
        # the same figures as the cover, 団体概要 and the roll-up (dxplanner.figures): one fact, one place
        self.summary = plain_label("", self)
        self.summary.setObjectName("online-summary")
        self.body.addWidget(self.summary)
        self.today: datetime.date | None = None  # tests fix the date
        self.procedures = ProceduresModel(controller, self)
        self.add_table(_("Procedures (手続)"), self.procedures, rows_visible=16, can_add=False, can_delete=False)
        controller.changed.connect(lambda _c: self.refresh_summary())
        self.refresh_summary()

    def refresh_summary(self) -> None:
        if self.ctl.doc is None:
            return
        fig = figures.online_figures(self.ctl.plan, self.today or datetime.date.today())
        text = _("Online {done} of {n} procedures in scope").format(done=f"{fig.done:,}", n=f"{fig.applicable:,}")
        if fig.late:
            text += _("; {late} past the planned date (遅延)").format(late=f"{fig.late:,}")
        self.summary.setText(text)
