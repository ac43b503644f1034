"""The tables of the plan's parts: one model class per kind of entity."""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from typing import Any

from PySide6.QtCore import QObject

from dxplanner import model
from dxplanner.i18n import N_, _
from dxplanner.labels import appointment_wording
from dxplanner.model import (
    Body,
    BudgetLine,
    ExternalHire,
    Kpi,
    Role,
    StaffCount,
    Training,
)
from dxplanner.ops import Change, new_id
from ui import display
from ui.controller import DocumentController
from ui.models.columns import (
    BOOL,
    CHOICE,
    DATE,
    FLOAT,
    FY,
    INT,
    LIST,
    MONEY,
    TEXT,
    Column,
)
from ui.models.table import PlanTableModel


def _by_order(coll: dict[str, Any]) -> list[Hashable]:
    return [e.id for e in sorted(coll.values(), key=lambda e: (getattr(e, "order", 0), e.id))]


def _next_order(coll: dict[str, Any]) -> int:
    return max((getattr(e, "order", 0) for e in coll.values()), default=-1) + 1


class RolesModel(PlanTableModel):
    kind = "roles"

    def compute_columns(self) -> list[Column]:
        return [
            Column("kind", CHOICE, N_("Role"), choices=model.ROLE_KINDS, width=10),
            Column("title", TEXT, N_("Title"), width=14),
            Column("person", TEXT, width=10),
            Column("department", TEXT, width=10),
            Column("external", BOOL, width=5),
            Column("status", CHOICE, choices=model.APPOINTMENT_STATUSES, width=7,
                   choice_label=lambda ent, v: appointment_wording(v, ent.kind) if ent is not None else None),
            Column("date", DATE, N_("Appointed on / planned for"), width=12),
            Column("note", TEXT, width=24),
        ]

    def compute_rows(self) -> list[Hashable]:
        return _by_order(self.ctl.plan.roles)

    def new_entity(self, after_row: int | None) -> Any:
        return Role(id=new_id(), kind="その他", order=_next_order(self.ctl.plan.roles))


class BodiesModel(PlanTableModel):
    kind = "bodies"

    def compute_columns(self) -> list[Column]:
        return [
            Column("name", TEXT, width=14),
            Column("chair", TEXT, width=10),
            Column("members", LIST, width=18),
            Column("cadence", TEXT, width=8),
            Column("status", CHOICE, choices=model.APPOINTMENT_STATUSES, width=7,
                   choice_label=lambda _ent, v: appointment_wording(v, "body")),
            Column("date", DATE, N_("Set up on / planned for"), width=12),
            Column("note", TEXT, width=20),
        ]

    def compute_rows(self) -> list[Hashable]:
        return _by_order(self.ctl.plan.bodies)

    def new_entity(self, after_row: int | None) -> Any:
        return Body(id=new_id(), order=_next_order(self.ctl.plan.bodies))


class StaffModel(PlanTableModel):
    kind = "staff"

    def compute_columns(self) -> list[Column]:
        return [
            Column("fy", FY, optional=False, width=10),
            Column("dx_staff", INT, optional=False, width=8),
            Column("digital_leads", INT, optional=False, width=10),
            Column("note", TEXT, width=24),
        ]

    def compute_rows(self) -> list[Hashable]:
        return [s.id for s in sorted(self.ctl.plan.staff.values(), key=lambda s: (s.fy, s.id))]

    def structure_changed(self, changes: list[Change]) -> bool:
        return True  # sorted by 年度: an edit of the year may move the row

    def new_entity(self, after_row: int | None) -> Any:
        plan = self.ctl.plan
        used = {s.fy for s in plan.staff.values()}
        fy = next((y for y in range(plan.from_fy, plan.to_fy + 1) if y not in used), plan.to_fy)
        return StaffCount(id=new_id(), fy=fy)


class HiresModel(PlanTableModel):
    kind = "hires"

    def compute_columns(self) -> list[Column]:
        return [
            Column("title", TEXT, N_("Post"), width=12),
            Column("person", TEXT, width=10),
            Column("form", CHOICE, choices=model.EMPLOYMENT_FORMS, width=10),
            Column("from_fy", FY, width=10),
            Column("to_fy", FY, width=10),
            Column("annual_cost", MONEY, optional=False, width=10),
            Column("funding", CHOICE, choices=model.FUNDING_SOURCES, width=9),
            Column("allocation", CHOICE, N_("交付税 措置"), choices=model.ALLOCATIONS, width=9),
            Column("shared_with", TEXT, N_("Shared with"), width=12),
            Column("note", TEXT, width=16),
        ]

    def compute_rows(self) -> list[Hashable]:
        return list(self.ctl.plan.hires)

    def new_entity(self, after_row: int | None) -> Any:
        plan = self.ctl.plan
        return ExternalHire(id=new_id(), title="CIO補佐官", from_fy=plan.from_fy, to_fy=plan.to_fy)


class TrainingsModel(PlanTableModel):
    kind = "trainings"

    def compute_columns(self) -> list[Column]:
        return [
            Column("title", TEXT, N_("Training"), width=16),
            Column("fy", FY, width=10),
            Column("participants", INT, optional=False, width=7),
            Column("provider", TEXT, N_("Provider"), width=12),
            Column("cost", MONEY, optional=False, width=9),
            Column("note", TEXT, width=16),
        ]

    def compute_rows(self) -> list[Hashable]:
        return list(self.ctl.plan.trainings)

    def new_entity(self, after_row: int | None) -> Any:
        return Training(id=new_id(), fy=self.ctl.plan.from_fy)


class BudgetModel(PlanTableModel):
    kind = "budget"

    def compute_columns(self) -> list[Column]:
        return [
            Column("fy", FY, optional=False, width=10),
            Column("item", TEXT, width=20),
            Column("amount", MONEY, optional=False, width=10),
            Column("source", CHOICE, choices=model.FUNDING_SOURCES, width=10),
            Column("allocation", CHOICE, N_("交付税 措置"), choices=model.ALLOCATIONS, width=9),
            Column("allocation_estimate", MONEY, N_("措置見込額（参考）"), optional=False, width=10),
            Column("area_id", TEXT, editable=False, width=14,
                   getter=lambda b: self._area_name(b.area_id)),
            Column("note", TEXT, width=18),
        ]

    def _area_name(self, area_id: str | None) -> str:
        if not area_id:
            return ""
        a = self.ctl.plan.areas.get(area_id)
        return a.name if a else ""

    def compute_rows(self) -> list[Hashable]:
        return [b.id for b in sorted(self.ctl.plan.budget.values(), key=lambda b: b.fy)]

    def structure_changed(self, changes: list[Change]) -> bool:
        return True

    def new_entity(self, after_row: int | None) -> Any:
        fy = self.ctl.plan.from_fy
        if after_row is not None and after_row < self.rowCount():
            fy = self.entity(after_row).fy
        return BudgetLine(id=new_id(), fy=fy)


class ProceduresModel(PlanTableModel):
    """The オンライン化 tracker: one row per 手続."""

    kind = "procedures"

    def compute_columns(self) -> list[Column]:
        return [
            Column("group", TEXT, N_("Group"), editable=False, width=8),
            Column("name", TEXT, N_("Procedure"), editable=False, width=22),
            Column("status", CHOICE, choices=model.ONLINE_STATUSES, width=9),
            Column("planned_date", DATE, N_("Online from"), date_end=False, width=12),
            Column("via_myna_portal", BOOL, width=6),
            Column("note", TEXT, width=16),
        ]

    def compute_rows(self) -> list[Hashable]:
        return _by_order(self.ctl.plan.procedures)


def fy_value_col(field: str, fy: int, kind: str, width: int) -> Column:
    """A column for one 年度 of a {年度: value} field (KPI targets and actuals, 運用経費 per 年度):
    an empty cell removes that 年度 from the map."""

    def get(e: Any) -> Any:
        return getattr(e, field).get(fy)

    def put(e: Any, v: Any) -> dict[str, Any]:
        d = dict(getattr(e, field))
        if v is None:
            d.pop(fy, None)
        else:
            d[fy] = v
        return {field: d}

    return Column(f"{field}:{fy}", kind, None, width=width, getter=get, setter=put,
                  header_fn=lambda: display.fy_short(fy))


def _target_col(fy: int, actual: bool = False) -> Column:
    return fy_value_col("actuals" if actual else "targets", fy, FLOAT, 6)


class KpisModel(PlanTableModel):
    """KPIs with one target column per 年度 of the plan (and, when asked, actuals)."""

    kind = "kpis"

    def __init__(self, controller: DocumentController, parent: QObject | None = None, *,
                 actuals: bool = False, area_id: str | None = None) -> None:
        self.actuals = actuals
        self.area_id = area_id
        super().__init__(controller, parent)

    def compute_columns(self) -> list[Column]:
        plan = self.ctl.plan
        areas = sorted(plan.areas.values(), key=lambda a: a.order)
        by_name = {a.name: a.id for a in areas}
        # a KPI added here (the walk-through's KPI page, say) needs its part chosen: a list of the parts
        cols = [] if self.area_id is not None else [
            Column("area_id", CHOICE, N_("Part of the plan"), choices=tuple(by_name), width=12,
                   getter=lambda k: plan.areas[k.area_id].name if k.area_id in plan.areas else "",
                   setter=lambda _k, name: {"area_id": by_name.get(name)}),
        ]
        cols += [
            Column("name", TEXT, N_("KPI"), width=20),
            Column("unit", TEXT, width=5),
            Column("baseline_value", FLOAT, width=7),
            Column("baseline_fy", FY, width=9),
        ]
        cols += [_target_col(fy, self.actuals) for fy in range(plan.from_fy, plan.to_fy + 1)]
        cols.append(Column("note", TEXT, width=16))
        return cols

    def compute_rows(self) -> list[Hashable]:
        order = {a.id: a.order for a in self.ctl.plan.areas.values()}
        kpis = [k for k in self.ctl.plan.kpis.values() if self.area_id is None or k.area_id == self.area_id]
        return [k.id for k in sorted(kpis, key=lambda k: (order.get(k.area_id or "", 999), k.order, k.id))]

    def new_entity(self, after_row: int | None) -> Any:
        area = self.area_id
        if area is None and after_row is not None and after_row < self.rowCount():
            area = self.entity(after_row).area_id
        return Kpi(id=new_id(), area_id=area, name=_("New KPI"), order=_next_order(self.ctl.plan.kpis))


def today() -> datetime.date:
    return datetime.date.today()
