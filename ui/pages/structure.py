"""推進体制 (roles, bodies and the structure part's tasks) and デジタル人材 (staff, hires, training)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from dxplanner import ops
from dxplanner.i18n import N_, _
from dxplanner.model import ExternalHire
from ui.controller import DocumentController
from ui.editions import catalog_area
from ui.guidance import GuidanceBox
from ui.models.entities import BodiesModel, HiresModel, RolesModel, StaffModel, TrainingsModel
from ui.models.tasks import TasksModel
from ui.pages.base import Page
from ui.table_view import PlanTable

if TYPE_CHECKING:
    from dxplanner.catalog import SupportMeasure


def structure_guidance(page: Page, item_id: str) -> GuidanceBox | None:
    ed = page.edition
    if ed is None:
        return None
    item = next((s for s in ed.structure if s.id == item_id), None)
    if item is None:
        return None
    return GuidanceBox(item.name, item.guidance, measures=item.measures, parent=page)


def structure_area_id(page: Page) -> str | None:
    return next((a.id for a in page.ctl.plan.areas.values() if a.kind == "structure"), None)


class StructurePage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None, *,
                 include: set[str] | None = None, with_tasks: bool = True) -> None:
        super().__init__(controller, "structure", _("Structure (推進体制)"), parent)
        box = structure_guidance(self, "org")
        if box is not None:
            self.body.addWidget(box)
        self.roles = RolesModel(controller, self)
        self.add_table(_("Roles"), self.roles, rows_visible=6)
        self.bodies = BodiesModel(controller, self)
        self.add_table(_("Bodies (推進本部 and others)"), self.bodies, rows_visible=3)
        aid = structure_area_id(self)
        if with_tasks and aid is not None:
            self.tasks = TasksModel(controller, [aid], self, include=include)
            add_task_table(self, self.tasks, _("Tasks of the structure"))


def add_task_table(page: Page, model: TasksModel, title: str, rows_visible: int = 12) -> PlanTable:
    return page.add_table(title, model, rows_visible=rows_visible, can_add=False, buttons=[
        (_("&Add task"), lambda t: _add_task(t, child=False), "Ctrl+Ins"),
        (_("Add &subtask"), lambda t: _add_task(t, child=True), "Ctrl+Shift+Ins"),
        (_("&Earlier by a month"), lambda t: _move(t, -1), "Ctrl+Shift+Left"),
        (_("&Later by a month"), lambda t: _move(t, 1), "Ctrl+Shift+Right"),
    ])


def _add_task(table: PlanTable, child: bool) -> None:
    m = table.plan_model()
    assert isinstance(m, TasksModel)
    tid = m.add_task(table.current_row(), child=child)
    if tid:
        table.select_entity(tid, "title")


def _move(table: PlanTable, months: int) -> None:
    m = table.plan_model()
    assert isinstance(m, TasksModel)
    m.move_rows(table.selected_rows(), months)


def talent_measures(page: Page) -> tuple[SupportMeasure, ...]:
    ed = page.edition
    item = next((s for s in ed.structure if s.id == "talent"), None) if ed else None
    return item.measures if item else ()


class TalentPage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "talent", _("Digital talent (デジタル人材)"), parent)
        box = structure_guidance(self, "talent")
        if box is not None:
            self.body.addWidget(box)
        self.hires = HiresModel(controller, self)
        self.add_table(_("External digital experts"), self.hires, rows_visible=4, buttons=[
            (_("Add a &CIO補佐官 from outside"), self.add_cio_assistant, ""),
        ])
        self.trainings = TrainingsModel(controller, self)
        self.add_table(_("Training of staff"), self.trainings, rows_visible=4)
        self.staff = StaffModel(controller, self)
        self.add_table(_("Staff of the DX office per fiscal year"), self.staff, rows_visible=4)

    def add_cio_assistant(self, table: PlanTable) -> None:
        plan = self.ctl.plan
        hire = ExternalHire(id=ops.new_id(), title="CIO補佐官", form="特別職非常勤",
                            from_fy=plan.from_fy, to_fy=plan.to_fy, funding="一般財源",
                            allocation="特別交付税")
        if self.ctl.run(ops.PutEntities("hires", [hire], N_("Add a CIO補佐官 from outside"))):
            table.select_entity(hire.id, "person")


def area_box(page: Page, area_id: str) -> GuidanceBox | None:
    a = page.ctl.plan.areas.get(area_id)
    ca = catalog_area(page.edition, a.catalog_id if a else None)
    if ca is None:
        return None
    return GuidanceBox(ca.full_name or ca.name, ca.guidance_with_facts, target=ca.target_text or "",
                       measures=ca.measures, parent=page)
