"""How a task looks: status → colour, fill pattern and label (the chart is printed in black and white).

Status is told three ways so it survives a monochrome printer: a colour, a fill pattern and a
text label beside the bar. 遅延 (overdue) is derived, not stored: the end has passed and the task
is neither 完了 nor 中止 (and it ends within the plan period or after it), the one rule of
``dxplanner.model.is_late``, as ``dxplanner.checks`` ("overdue").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from dxplanner.i18n import N_, current_language, translate
from dxplanner.model import Plan, Task, is_late_in

OVERDUE = "遅延"


@dataclass(frozen=True)
class StatusStyle:
    key: str  # a stored status (未着手 …) or OVERDUE
    label: str  # gettext msgid of the label
    color: QColor
    pattern: Qt.BrushStyle  # the fill of the bar (NoBrush = outline only)
    solid_fill: bool  # completed part drawn solid
    border_width: float

    @property
    def brush(self) -> QBrush:
        b = _BRUSHES.get(self.key)
        if b is None:
            b = _BRUSHES[self.key] = QBrush(self.color, self.pattern)
        return b

    @property
    def edge(self) -> QColor:
        c = _EDGES.get(self.key)
        if c is None:
            c = _EDGES[self.key] = self.color.darker(130)
        return c


_BRUSHES: dict[str, QBrush] = {}
_EDGES: dict[str, QColor] = {}


STYLES: dict[str, StatusStyle] = {
    "完了": StatusStyle("完了", N_("Done"), QColor("#2e6b34"), Qt.BrushStyle.SolidPattern, True, 1.0),
    "進行中": StatusStyle("進行中", N_("In progress"), QColor("#1f5fa8"), Qt.BrushStyle.BDiagPattern, True, 1.0),
    "未着手": StatusStyle("未着手", N_("Not started"), QColor("#555555"), Qt.BrushStyle.NoBrush, False, 1.2),
    "保留": StatusStyle("保留", N_("On hold"), QColor("#9a6a00"), Qt.BrushStyle.Dense6Pattern, False, 1.0),
    "中止": StatusStyle("中止", N_("Cancelled"), QColor("#6d6d6d"), Qt.BrushStyle.DiagCrossPattern, False, 1.0),
    OVERDUE: StatusStyle(OVERDUE, N_("Overdue"), QColor("#c62828"), Qt.BrushStyle.HorPattern, True, 2.2),
}

STATUS_ORDER = ("完了", "進行中", "未着手", "保留", "中止", OVERDUE)


def is_overdue(plan: Plan, task: Task, today: datetime.date) -> bool:
    """遅延 of the plan (model.is_late; checks.py "overdue")."""
    return is_late_in(plan, task, today)


def style_key(plan: Plan, task: Task, today: datetime.date) -> str:
    if is_overdue(plan, task, today):
        return OVERDUE
    return task.status if task.status in STYLES else "未着手"


def status_text(key: str, lang: str | None = None) -> str:
    """The label of a status (stored Japanese value or OVERDUE) in the UI language."""
    lang = lang or current_language()
    text = _LABELS.get((key, lang))
    if text is None:
        style = STYLES.get(key)
        text = _LABELS[(key, lang)] = translate(style.label, lang) if style else key
    return text


_LABELS: dict[tuple[str, str], str] = {}
