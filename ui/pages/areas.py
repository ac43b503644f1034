"""A page per part of the plan (重点取組事項 and the town's own), and あわせて取り組むべき事項."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dxplanner.i18n import _
from ui.controller import DocumentController
from ui.models.entities import KpisModel
from ui.models.tasks import TasksModel
from ui.pages.base import Page
from ui.pages.structure import add_task_table, area_box
from ui.text import plain_label


def area_title(controller: DocumentController, area_id: str) -> str:
    a = controller.plan.areas.get(area_id)
    return a.name if a else area_id


class AreaPage(Page):
    def __init__(self, controller: DocumentController, area_id: str, parent: QWidget | None = None, *,
                 include: set[str] | None = None, with_kpis: bool = True) -> None:
        super().__init__(controller, f"area:{area_id}", area_title(controller, area_id), parent)
        self.area_id = area_id
        box = area_box(self, area_id)
        if box is not None:
            self.body.addWidget(box)
        area = controller.plan.areas.get(area_id)
        if area is not None and area.note:
            self.body.addWidget(plain_label(area.note, self, wrap=True))
        self.tasks = TasksModel(controller, [area_id], self, include=include)
        add_task_table(self, self.tasks, _("Tasks"), rows_visible=14)
        if with_kpis:
            self.kpis = KpisModel(controller, self, area_id=area_id)
            self.add_table(_("KPIs of this part"), self.kpis, rows_visible=3)


def related_area_ids(controller: DocumentController) -> list[str]:
    return [a.id for a in sorted(controller.plan.areas.values(), key=lambda a: a.order) if a.kind == "related"]


class RelatedPage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None, *,
                 include: set[str] | None = None) -> None:
        super().__init__(controller, "related", _("Related measures (あわせて取り組むべき事項)"), parent)
        ids = related_area_ids(controller)
        for aid in ids:
            box = area_box(self, aid)
            if box is not None:
                self.body.addWidget(box)
        if not ids:
            self.body.addWidget(plain_label(_("This edition of the national plan lists no related measures."), self))
        self.tasks = TasksModel(controller, ids, self, show_area=True, include=include)
        add_task_table(self, self.tasks, _("Tasks"), rows_visible=12)
