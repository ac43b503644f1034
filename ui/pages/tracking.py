"""KPI targets, 予算・財源, the 標準化 tracker and the オンライン化 tracker."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QCheckBox, QHeaderView, QTableView, QWidget

from dxplanner.i18n import _
from ui import display
from ui.controller import DocumentController
from ui.editions import catalog_area
from ui.guidance import GuidanceBox
from ui.models.entities import BudgetModel, KpisModel, ProceduresModel, SystemsModel
from ui.models.funding import FundingModel
from ui.models.steps import StepsModel
from ui.pages.base import Page
from ui.text import plain_label


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
            _("特別交付税 measures are not grants paid one to one: the estimate is for reference and is not "
              "counted in the total."), self, wrap=True))


class StandardizationPage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "standardization", _("Standardization tracker (標準化)"), parent)
        std = controller.plan.areas.get("std")
        ca = catalog_area(self.edition, std.catalog_id if std else None)
        if ca is not None:
            self.body.addWidget(GuidanceBox(ca.name, ca.guidance, target=ca.target_text or "", measures=ca.measures,
                                            parent=self))
        self.systems = SystemsModel(controller, self)
        self.table = self.add_table(_("Businesses (業務)"), self.systems, rows_visible=12,
                                    can_add=False, can_delete=False)
        self.steps = StepsModel(controller, self)
        self.steps_title = self.section_title(_("Steps of the selected business (select a row above)"))
        self.steps_table = self.add_table("", self.steps, rows_visible=8, can_add=False, can_delete=False)
        self.table.selectionModel().currentRowChanged.connect(self._select)
        if self.systems.rowCount():
            self.table.setCurrentIndex(self.systems.index(0, 0))

    def _select(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            self.steps.set_system(None)
            return
        s = self.systems.entity(current.row())
        self.steps.set_system(s.id)
        self.steps_title.setText(_("Steps of {name}").format(name=s.name))


class OnlinePage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "online", _("Online procedures tracker (オンライン化)"), parent)
        area = controller.plan.areas.get("online")
        ca = catalog_area(self.edition, area.catalog_id if area else None)
        if ca is not None:
            self.body.addWidget(GuidanceBox(ca.name, ca.guidance, target=ca.target_text or "",
                                            measures=ca.measures, parent=self))
        self.procedures = ProceduresModel(controller, self)
        self.add_table(_("Procedures (手続)"), self.procedures, rows_visible=16, can_add=False, can_delete=False)
