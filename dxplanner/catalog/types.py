"""The national catalog's data as frozen dataclasses (what :mod:`dxplanner.catalog.reader` builds).

Pure standard library, no Qt. The file format these come from is described in ``docs/catalog.md``
and published as a JSON Schema in ``docs/edition.schema.json``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dxplanner.errors import DxError
from dxplanner.i18n import N_


class CatalogError(DxError):
    """The catalog is missing, unknown or malformed. The message says where and why.

    ``detail`` is the technical one-liner (where in the file, what is wrong); the common refusals
    of a hostile file give their own translated ``msgid`` and parameters instead."""

    def __init__(self, detail: str, msgid: str = N_("edition file: {detail}"), **params: Any) -> None:
        super().__init__(msgid, detail=detail, **params)
        self.detail = detail



@dataclass(frozen=True)
class Source:
    title: str
    url: str | None
    date: str | None


@dataclass(frozen=True)
class Fact:
    """One sourced statement about the national situation (shown with its source when 二次)."""

    text: str
    conf: str
    source: Source

    @property
    def marked_text(self) -> str:
        return self.text + secondary_mark(self.conf, self.source)


def secondary_mark(conf: str, source: Source) -> str:
    """「（二次情報：出典）」 for a fact known only from secondary sources, else ""."""
    return f"（二次情報：{source.title}）" if conf == "二次" else ""


@dataclass(frozen=True)
class SupportMeasure:
    id: str
    text: str
    kind: str  # 国費 | 特別交付税 | 地方財政措置 | 補助金 | その他
    rate_text: str | None
    rate: float | None
    amount_text: str | None
    until_fy: int | None
    ministry: str | None
    estimate_label: str | None  # 「措置見込額（参考）」 for 特別交付税 (not a grant)
    joint_rate: float | None  # rate when procured jointly (共同調達), if the source gives one
    conf: str
    source: Source


@dataclass(frozen=True)
class CatalogKpi:
    id: str
    name: str
    unit: str | None
    note: str | None
    conf: str
    source: Source


@dataclass(frozen=True)
class StarterTask:
    """DX Planner's own example task. ``span`` is (from, to) as fractions 0..1 of the window
    between the plan start and the area's national deadline (or the plan end when it has none);
    a child's span is a fraction of its parent's span."""

    id: str
    title: str
    description: str
    span: tuple[float, float]
    milestone: bool
    children: tuple[StarterTask, ...]
    # situation tags (schema.SITUATION_TAGS) the town must match for this task to be offered;
    # empty: offered to every town
    fits: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogArea:
    id: str
    kind: str  # "structure" | "focus" | "related"
    no: int | None
    name: str
    full_name: str
    guidance: str
    target_fy: int | None
    deadline: datetime.date | None
    target_text: str | None
    measures: tuple[SupportMeasure, ...]
    kpis: tuple[CatalogKpi, ...]
    starter_tasks: tuple[StarterTask, ...]
    conf: str
    source: Source
    source_note: str | None
    # area ids of earlier editions whose tasks move here when a plan switches to this edition
    maps_from: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()

    @property
    def guidance_with_facts(self) -> str:
        """The guidance followed by the area's sourced facts, 二次 ones marked as such."""
        lines = [self.guidance] if self.guidance else []
        lines += [f"・{f.marked_text}" for f in self.facts]
        return "\n".join(lines)


@dataclass(frozen=True)
class StructureItem:
    id: str
    name: str
    guidance: str
    measures: tuple[SupportMeasure, ...]
    conf: str
    source: Source


@dataclass(frozen=True)
class KeyRole:
    id: str
    name: str
    note: str


@dataclass(frozen=True)
class StandardBusiness:
    id: str
    name: str
    order_a: int
    order_b: int | None
    orig17: bool
    prefecture_too: bool
    conf: str
    source: Source


@dataclass(frozen=True)
class OnlineProcedure:
    id: str
    group: str
    no: int
    name: str
    level: str  # "市区町村" | "都道府県"
    conf: str
    source: Source
    aliases: tuple[str, ...] = ()  # other spellings, e.g. the seed's text of 第1.0版
    not_required_from: datetime.date | None = None  # the procedure itself was abolished then
    status_note: str | None = None


@dataclass(frozen=True)
class StepModel:
    phases: tuple[str, ...]
    step_count: int
    statuses: tuple[str, ...]
    known_steps: tuple[tuple[int | None, str], ...]
    tokutei_reasons: tuple[tuple[int, str], ...]
    default_deadline: datetime.date
    tokutei_deadline_text: str
    source: Source

    def step_label(self, no: int) -> str:
        """The confirmed name of step ``no``, or the neutral label 「ステップN」."""
        if not 1 <= no <= self.step_count:
            raise ValueError(f"step {no} is outside 1..{self.step_count}")
        for known_no, name in self.known_steps:
            if known_no == no:
                return name
        return f"ステップ{no}"

    def completion_rate(self, counts: Mapping[str, int]) -> float:
        """(完了済み + 対象外) / step_count, as the national dashboard defines it."""
        unknown = set(counts) - set(self.statuses)
        if unknown:
            raise ValueError(f"unknown step status: {sorted(unknown)}")
        done = counts.get(self.statuses[0], 0) + counts.get(self.statuses[3], 0)
        return done / self.step_count


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    decided: datetime.date
    period_from: str | None  # "YYYY-MM", the national plan's 対象期間 (None: not a plan of its own)
    period_to: str | None  # "YYYY-MM"
    source: Source
    structure: tuple[StructureItem, ...]
    key_roles: tuple[KeyRole, ...]
    areas: tuple[CatalogArea, ...]
    standard_businesses: tuple[StandardBusiness, ...]
    online_procedures: tuple[OnlineProcedure, ...]
    measures: tuple[SupportMeasure, ...]
    step_model: StepModel
    business_additions: tuple[StandardBusiness, ...] = field(default=(), repr=False)
    date_kind: str = "策定"  # 策定 | 改定 | 時点 (schema.DATE_KINDS)
    publisher: str = "総務省"
    short_title: str | None = None

    @property
    def label(self) -> str:
        """The name to show in short places (pickers, footers): ``short_title`` or ``title``."""
        return self.short_title or self.title

    def procedure(self, procedure_id: str) -> OnlineProcedure:
        for p in self.online_procedures:
            if p.id == procedure_id:
                return p
        raise KeyError(procedure_id)

    def area_for(self, old_area_id: str) -> CatalogArea | None:
        """The area of this edition that takes an earlier edition's area ``old_area_id``."""
        for a in self.areas:
            if a.id == old_area_id or old_area_id in a.maps_from:
                return a
        return None

    def area(self, area_id: str) -> CatalogArea:
        for a in self.areas:
            if a.id == area_id:
                return a
        raise KeyError(area_id)

    def measure(self, measure_id: str) -> SupportMeasure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def standard_businesses_with_additions(self) -> tuple[StandardBusiness, ...]:
        """The edition's 業務 plus the later additions (17 + 3 = 20), in order A."""
        merged = {b.id: b for b in (*self.standard_businesses, *self.business_additions)}
        return tuple(sorted(merged.values(), key=lambda b: b.order_a))


