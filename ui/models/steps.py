"""The 40 steps of one 業務's migration (標準化 tracker detail), as 総務省's dashboard counts them."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from dxplanner import model, ops
from dxplanner.i18n import N_
from dxplanner.ops import Change
from ui.controller import DocumentController
from ui.editions import edition
from ui.models.columns import CHOICE, INT, TEXT, Column, InputError
from ui.models.table import PlanTableModel


@dataclass
class StepRow:
    id: str
    no: int
    name: str
    status: str


class StepsModel(PlanTableModel):
    kind = "systems"

    def __init__(self, controller: DocumentController, parent: QObject | None = None) -> None:
        self.system_id: str | None = None
        super().__init__(controller, parent)

    def set_system(self, system_id: str | None) -> None:
        self.system_id = system_id
        self.reload()

    def compute_columns(self) -> list[Column]:
        return [
            Column("no", INT, N_("No."), editable=False, width=3),
            Column("name", TEXT, N_("Step"), editable=False, width=24),
            Column("status", CHOICE, choices=model.STEP_STATUSES, width=8),
        ]

    def compute_rows(self) -> list[Hashable]:
        if self.system_id is None or self.system_id not in self.ctl.plan.systems:
            return []
        return [str(n) for n in range(1, model.StandardSystem.STEP_COUNT + 1)]

    def entity(self, row: int) -> Any:
        return self.entity_at(row)

    def entity_at(self, row: int) -> Any:
        system = self.ctl.plan.systems.get(self.system_id or "")
        if system is None or row >= model.StandardSystem.STEP_COUNT:
            return None
        no = row + 1
        ed = edition(self.ctl.plan.edition)
        name = ed.step_model.step_label(no) if ed is not None else f"ステップ{no}"
        return StepRow(str(no), no, name, system.steps.get(no, ""))

    def _steps_op(self, rows: Sequence[int], raw_by_row: dict[int, Any], label: str) -> ops.Op | None:
        system = self.ctl.plan.systems[self.system_id or ""]
        col = self.column(2)
        steps = dict(system.steps)
        for r in rows:
            steps[r + 1] = col.parse(self.entity(r), raw_by_row[r])["status"]
        if steps == system.steps:
            return None
        return ops.UpdateEntity("systems", system.id, {"steps": steps}, label)

    def set_values(self, rows: Sequence[int], column: int, raw: Any, label: str = N_("Edit")) -> bool:
        if column != 2 or self.system_id is None:
            return False
        try:
            op = self._steps_op(rows, dict.fromkeys(rows, raw), label)
        except InputError as exc:
            self.ctl.refuse(str(exc))
            return False
        return True if op is None else self.ctl.run(op)

    def paste(self, top: int, left: int, grid: list[list[str]]) -> bool:
        if self.system_id is None:
            return False
        idx = 2 - left
        rows = {top + i: cells[idx] for i, cells in enumerate(grid)
                if 0 <= idx < len(cells) and top + i < self.rowCount()}
        try:
            op = self._steps_op(list(rows), rows, N_("Paste"))
        except InputError as exc:
            self.ctl.refuse(str(exc))
            return False
        return True if op is None else self.ctl.run(op)

    def clear_cells(self, cells: Sequence[tuple[int, int]]) -> bool:
        return False

    def remove_rows(self, rows: Sequence[int]) -> bool:
        return False

    def structure_changed(self, changes: list[Change]) -> bool:
        return self.system_id is not None and self.system_id not in self.ctl.plan.systems

    def _on_changed(self, changes: list[Change]) -> None:
        if self.system_id is None or ("systems", self.system_id) not in changes:
            if self.structure_changed(changes):
                self.set_system(None)
            return
        n = self.rowCount()
        if n:
            self.dataChanged.emit(self.index(0, 0), self.index(n - 1, len(self.columns()) - 1))
