"""The national plan's own words for a part of the plan, and the box "国の計画では"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from dxplanner.catalog.types import secondary_mark
from dxplanner.i18n import _
from ui import display
from ui.text import plain_label

if TYPE_CHECKING:
    from dxplanner.catalog import SupportMeasure

MEASURE_KIND_MSGIDS = {
    "国費": "国費",
    "特別交付税": "特別交付税",
    "地方財政措置": "地方財政措置",
    "補助金": "補助金",
    "その他": "",
}


def measure_line(m: SupportMeasure) -> str:
    """One support measure as a line: kind and rate first (what a 財政 担当 looks for)."""
    head = m.kind if m.kind != "その他" else ""
    rate = _("rate")
    until = _("until {fy}")
    if m.rate_text:
        head = f"{head} {rate}{m.rate_text}" if m.kind == "特別交付税" else f"{head} {m.rate_text}"
    if m.until_fy:
        head = f"{head}（{until.format(fy=display.fy_text(m.until_fy))}）"
    text = m.text + secondary_mark(m.conf, m.source)  # a 二次 measure says so, with its source
    return f"・{head.strip()}：{text}" if head.strip() else f"・{text}"


class GuidanceBox(QFrame):
    """Guidance text plus the national target and support measures (the box "国の計画では")."""

    def __init__(self, heading: str, guidance: str, *, target: str = "",
                 measures: Sequence[SupportMeasure] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidance")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#guidance { background: #f3f7fb; border: 1px solid #c9d6e3; border-radius: 4px; }")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.setSpacing(3)
        title = plain_label(_("National plan: {part}").format(part=heading), self)
        f = title.font()
        f.setBold(True)
        title.setFont(f)
        lay.addWidget(title)
        if guidance:
            lay.addWidget(plain_label(guidance, self, wrap=True))
        lines: list[str] = []
        if target:
            lines.append(_("Target: {target}").format(target=target))
        lines += [measure_line(m) for m in measures]
        if lines:
            box = plain_label(_("In the national plan") + "\n" + "\n".join(lines), self, wrap=True)
            box.setObjectName("national")
            box.setStyleSheet("QLabel#national { color: #1d3b57; }")
            lay.addWidget(box)
        self.setAccessibleName(_("National plan: {part}").format(part=heading))
