"""The national framework (総務省「自治体DX推進計画」) as data.

One JSON file per edition of the national plan lives in ``editions/``; facts shared by all editions
(the 標準化 20 業務 and the 40-step progress model) live in ``standardization.json``. This module
reads them with :mod:`importlib.resources` (so it works from a PyInstaller bundle), validates them
and returns frozen dataclasses. Every fact carries a :class:`Source` and a ``conf`` of
``"確認"`` or ``"二次"``; a file containing ``未確認`` anywhere is refused. Starter tasks are
DX Planner's own template (``origin: "dxplanner"``), not national facts.

Pure standard library: this package must never import Qt. The format is described in
``docs/catalog.md``.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "AREA_KINDS",
    "CONF_VALUES",
    "DEFAULT_EDITION",
    "MEASURE_KINDS",
    "PROCEDURE_LEVELS",
    "STARTER_LABEL",
    "STARTER_ORIGIN",
    "CatalogArea",
    "CatalogError",
    "CatalogKpi",
    "Edition",
    "KeyRole",
    "OnlineProcedure",
    "Source",
    "StandardBusiness",
    "StarterTask",
    "StepModel",
    "StructureItem",
    "SupportMeasure",
    "available_editions",
    "edition_from_file",
    "load_edition",
    "parse_edition",
    "validate_edition_data",
    "validate_standardization_data",
]

DEFAULT_EDITION = "1.0"
FORMAT_VERSION = 1
CONF_VALUES = frozenset({"確認", "二次"})
FORBIDDEN_MARK = "未確認"
AREA_KINDS = frozenset({"structure", "focus", "related"})
MEASURE_KINDS = frozenset({"国費", "特別交付税", "地方財政措置", "補助金", "その他"})
PROCEDURE_LEVELS = frozenset({"市区町村", "都道府県"})
STARTER_ORIGIN = "dxplanner"
STARTER_LABEL = "参考（DX Planner の例示）"
ESTIMATE_LABEL = "措置見込額（参考）"

_PACKAGE = __name__
_EDITION_ID_RE = re.compile(r"^\d+\.\d+$")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class CatalogError(Exception):
    """The catalog is missing, unknown or malformed. The message says where and why."""


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None
    date: str | None


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
    period_from: str  # "YYYY-MM"
    period_to: str  # "YYYY-MM"
    source: Source
    structure: tuple[StructureItem, ...]
    key_roles: tuple[KeyRole, ...]
    areas: tuple[CatalogArea, ...]
    standard_businesses: tuple[StandardBusiness, ...]
    online_procedures: tuple[OnlineProcedure, ...]
    measures: tuple[SupportMeasure, ...]
    step_model: StepModel
    business_additions: tuple[StandardBusiness, ...] = field(default=(), repr=False)

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


# --------------------------------------------------------------------------- low-level checks


def _fail(where: str, message: str) -> CatalogError:
    return CatalogError(f"{where}: {message}")


def _obj(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "expected an object")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "expected a list")
    return value


def _has(d: Mapping[str, Any], keys: Iterable[str], where: str) -> None:
    missing = [k for k in keys if k not in d]
    if missing:
        raise _fail(where, f"missing required key(s): {', '.join(missing)}")


def _str(value: object, where: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise _fail(where, "expected a non-empty string" if not empty else "expected a string")
    return value


def _opt_str(value: object, where: str) -> str | None:
    return None if value is None else _str(value, where)


def _int(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(where, "expected an integer")
    return value


def _opt_int(value: object, where: str) -> int | None:
    return None if value is None else _int(value, where)


def _num(value: object, where: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _fail(where, "expected a number")
    return float(value)


def _opt_num(value: object, where: str) -> float | None:
    return None if value is None else _num(value, where)


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "expected true or false")
    return value


def _date(value: object, where: str) -> datetime.date:
    text = _str(value, where)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise _fail(where, f"not an ISO date: {text!r}") from None


def _opt_date(value: object, where: str) -> datetime.date | None:
    return None if value is None else _date(value, where)


def _conf(d: Mapping[str, Any], where: str) -> str:
    if "conf" not in d:
        raise _fail(where, "missing required key: conf")
    value = d["conf"]
    if value not in CONF_VALUES:
        raise _fail(where, f"conf must be one of {sorted(CONF_VALUES)}, not {value!r}")
    return str(value)


def _unique(ids: Iterable[str], where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise _fail(where, f"duplicate id {i!r}")
        seen.add(i)


def _scan_forbidden(value: object, where: str) -> None:
    """Refuse the mark 未確認 anywhere (keys and values): such facts must never ship."""
    if isinstance(value, str):
        if FORBIDDEN_MARK in value:
            raise _fail(where, f"contains {FORBIDDEN_MARK!r}; unconfirmed facts must not be shipped")
    elif isinstance(value, dict):
        for k, v in value.items():
            _scan_forbidden(k, where)
            _scan_forbidden(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _scan_forbidden(v, f"{where}[{i}]")


class _Sources:
    """Resolves an entry's ``source``: a key into the file's ``sources`` table or an inline object."""

    def __init__(self, table: object, where: str) -> None:
        self._where = where
        self._table: dict[str, Source] = {}
        for key, raw in _obj(table, f"{where}.sources").items():
            self._table[key] = self._parse(raw, f"{where}.sources.{key}")

    @staticmethod
    def _parse(raw: object, where: str) -> Source:
        d = _obj(raw, where)
        _has(d, ("title", "url", "date"), where)
        return Source(
            title=_str(d["title"], f"{where}.title"),
            url=_opt_str(d["url"], f"{where}.url"),
            date=_opt_str(d["date"], f"{where}.date"),
        )

    def get(self, d: Mapping[str, Any], where: str) -> Source:
        if "source" not in d:
            raise _fail(where, "missing required key: source")
        ref = d["source"]
        if isinstance(ref, str):
            if ref not in self._table:
                raise _fail(where, f"unknown source key {ref!r}")
            return self._table[ref]
        return self._parse(ref, f"{where}.source")


# --------------------------------------------------------------------------- standardization.json


@dataclass(frozen=True)
class _StandardizationData:
    businesses: tuple[StandardBusiness, ...]  # all, in order A
    addition_ids: tuple[str, ...]
    step_model: StepModel

    def by_id(self, business_id: str) -> StandardBusiness:
        for b in self.businesses:
            if b.id == business_id:
                return b
        raise KeyError(business_id)


def _parse_standardization(data: object, where: str = "standardization.json") -> _StandardizationData:
    _scan_forbidden(data, where)
    d = _obj(data, where)
    _has(
        d,
        (
            "format",
            "sources",
            "businesses",
            "original17",
            "orderings",
            "additions",
            "prefecture_businesses",
            "step_model",
        ),
        where,
    )
    if d["format"] != FORMAT_VERSION:
        raise _fail(where, f"unsupported format {d['format']!r} (expected {FORMAT_VERSION})")
    sources = _Sources(d["sources"], where)

    orig = _obj(d["original17"], f"{where}.original17")
    orig_conf, orig_src = _conf(orig, f"{where}.original17"), sources.get(orig, f"{where}.original17")
    for key, meta in _obj(d["orderings"], f"{where}.orderings").items():
        m = _obj(meta, f"{where}.orderings.{key}")
        _conf(m, f"{where}.orderings.{key}")
        sources.get(m, f"{where}.orderings.{key}")
    add = _obj(d["additions"], f"{where}.additions")
    _has(add, ("ids", "date_note"), f"{where}.additions")
    add_conf, add_src = _conf(add, f"{where}.additions"), sources.get(add, f"{where}.additions")
    addition_ids = tuple(
        _str(i, f"{where}.additions.ids") for i in _list(add["ids"], f"{where}.additions.ids")
    )
    pref = _obj(d["prefecture_businesses"], f"{where}.prefecture_businesses")
    _conf(pref, f"{where}.prefecture_businesses")
    sources.get(pref, f"{where}.prefecture_businesses")
    pref_ids = {
        _str(i, f"{where}.prefecture_businesses.ids")
        for i in _list(pref.get("ids"), f"{where}.prefecture_businesses.ids")
    }

    businesses: list[StandardBusiness] = []
    for n, raw in enumerate(_list(d["businesses"], f"{where}.businesses")):
        w = f"{where}.businesses[{n}]"
        b = _obj(raw, w)
        _has(b, ("id", "name", "order_a", "order_b", "orig17"), w)
        bid = _str(b["id"], f"{w}.id")
        orig17 = _bool(b["orig17"], f"{w}.orig17")
        if orig17 == (bid in addition_ids):
            raise _fail(w, f"{bid!r}: orig17 must be false exactly for the ids listed in additions")
        businesses.append(
            StandardBusiness(
                id=bid,
                name=_str(b["name"], f"{w}.name"),
                order_a=_int(b["order_a"], f"{w}.order_a"),
                order_b=_opt_int(b["order_b"], f"{w}.order_b"),
                orig17=orig17,
                prefecture_too=bid in pref_ids,
                conf=orig_conf if orig17 else add_conf,
                source=orig_src if orig17 else add_src,
            )
        )
    _unique((b.id for b in businesses), f"{where}.businesses")
    _unique((str(b.order_a) for b in businesses), f"{where}.businesses (order_a)")
    _unique((str(b.order_b) for b in businesses if b.order_b is not None), f"{where}.businesses (order_b)")
    known_ids = {b.id for b in businesses}
    for i in (*addition_ids, *pref_ids):
        if i not in known_ids:
            raise _fail(where, f"unknown business id {i!r}")
    businesses.sort(key=lambda b: b.order_a)

    sm = _obj(d["step_model"], f"{where}.step_model")
    w = f"{where}.step_model"
    _has(
        sm,
        (
            "source",
            "phases",
            "step_count",
            "statuses",
            "completion_rate",
            "known_steps",
            "tokutei_reasons",
            "default_deadline",
            "tokutei_deadline_text",
        ),
        w,
    )

    def fact(key: str) -> dict[str, Any]:
        f = _obj(sm[key], f"{w}.{key}")
        _conf(f, f"{w}.{key}")
        sources.get(f, f"{w}.{key}")
        return f

    phases = tuple(_str(p, f"{w}.phases") for p in _list(fact("phases").get("values"), f"{w}.phases.values"))
    step_count = _int(fact("step_count").get("value"), f"{w}.step_count.value")
    statuses = tuple(_str(s, f"{w}.statuses") for s in _list(fact("statuses").get("values"), f"{w}.statuses"))
    if len(statuses) != 4:
        raise _fail(f"{w}.statuses", "expected the four statuses 完了済み/作業中/未着手/対象外 in that order")
    _str(fact("completion_rate").get("text"), f"{w}.completion_rate.text")
    known: list[tuple[int | None, str]] = []
    for n, raw in enumerate(_list(sm["known_steps"], f"{w}.known_steps")):
        ks = _obj(raw, f"{w}.known_steps[{n}]")
        _has(ks, ("no", "name"), f"{w}.known_steps[{n}]")
        _conf(ks, f"{w}.known_steps[{n}]")
        sources.get(ks, f"{w}.known_steps[{n}]")
        no = _opt_int(ks["no"], f"{w}.known_steps[{n}].no")
        if no is not None and not 1 <= no <= step_count:
            raise _fail(f"{w}.known_steps[{n}]", f"step number {no} outside 1..{step_count}")
        known.append((no, _str(ks["name"], f"{w}.known_steps[{n}].name")))
    _unique((str(no) for no, _ in known if no is not None), f"{w}.known_steps")
    reasons_fact = fact("tokutei_reasons")
    reasons: list[tuple[int, str]] = []
    for n, raw in enumerate(_list(reasons_fact.get("items"), f"{w}.tokutei_reasons.items")):
        r = _obj(raw, f"{w}.tokutei_reasons.items[{n}]")
        reasons.append(
            (
                _int(r.get("no"), f"{w}.tokutei_reasons.items[{n}].no"),
                _str(r.get("name"), f"{w}.tokutei_reasons.items[{n}].name"),
            )
        )
    step_model = StepModel(
        phases=phases,
        step_count=step_count,
        statuses=statuses,
        known_steps=tuple(known),
        tokutei_reasons=tuple(reasons),
        default_deadline=_date(fact("default_deadline").get("date"), f"{w}.default_deadline.date"),
        tokutei_deadline_text=_str(
            fact("tokutei_deadline_text").get("text"), f"{w}.tokutei_deadline_text.text"
        ),
        source=sources.get(sm, w),
    )
    return _StandardizationData(
        businesses=tuple(businesses), addition_ids=addition_ids, step_model=step_model
    )


def validate_standardization_data(data: object, where: str = "standardization.json") -> None:
    """Raise :class:`CatalogError` if ``data`` (parsed JSON) is not a valid standardization file."""
    _parse_standardization(data, where)


# --------------------------------------------------------------------------- edition files


def _parse_measure(raw: object, sources: _Sources, where: str) -> SupportMeasure:
    d = _obj(raw, where)
    _has(
        d,
        (
            "id",
            "text",
            "kind",
            "rate_text",
            "rate",
            "amount_text",
            "until_fy",
            "ministry",
            "estimate_label",
            "joint_rate",
        ),
        where,
    )
    kind = _str(d["kind"], f"{where}.kind")
    if kind not in MEASURE_KINDS:
        raise _fail(where, f"kind must be one of {sorted(MEASURE_KINDS)}, not {kind!r}")
    estimate_label = _opt_str(d["estimate_label"], f"{where}.estimate_label")
    if kind == "特別交付税" and estimate_label != ESTIMATE_LABEL:
        raise _fail(
            where, f"a 特別交付税 measure needs estimate_label {ESTIMATE_LABEL!r} (it is not a grant)"
        )
    rate = _opt_num(d["rate"], f"{where}.rate")
    joint = _opt_num(d["joint_rate"], f"{where}.joint_rate")
    for r, name in ((rate, "rate"), (joint, "joint_rate")):
        if r is not None and not 0 < r <= 1:
            raise _fail(where, f"{name} must be in (0, 1]")
    return SupportMeasure(
        id=_str(d["id"], f"{where}.id"),
        text=_str(d["text"], f"{where}.text"),
        kind=kind,
        rate_text=_opt_str(d["rate_text"], f"{where}.rate_text"),
        rate=rate,
        amount_text=_opt_str(d["amount_text"], f"{where}.amount_text"),
        until_fy=_opt_int(d["until_fy"], f"{where}.until_fy"),
        ministry=_opt_str(d["ministry"], f"{where}.ministry"),
        estimate_label=estimate_label,
        joint_rate=joint,
        conf=_conf(d, where),
        source=sources.get(d, where),
    )


def _parse_task(raw: object, where: str, seen: set[str]) -> StarterTask:
    d = _obj(raw, where)
    _has(d, ("id", "title", "description", "span", "milestone", "origin"), where)
    if d["origin"] != STARTER_ORIGIN:
        raise _fail(where, f"starter tasks are DX Planner's own template: origin must be {STARTER_ORIGIN!r}")
    tid = _str(d["id"], f"{where}.id")
    if tid in seen:
        raise _fail(where, f"duplicate starter task id {tid!r}")
    seen.add(tid)
    span_raw = _list(d["span"], f"{where}.span")
    if len(span_raw) != 2:
        raise _fail(where, "span must be [from, to]")
    start, end = (_num(x, f"{where}.span") for x in span_raw)
    if not 0.0 <= start <= end <= 1.0:
        raise _fail(where, f"span must satisfy 0 <= from <= to <= 1, got {span_raw}")
    milestone = _bool(d["milestone"], f"{where}.milestone")
    if milestone and start != end:
        raise _fail(where, "a milestone is a point: span from must equal to")
    children = tuple(
        _parse_task(c, f"{where}.children[{n}]", seen)
        for n, c in enumerate(_list(d.get("children", []), f"{where}.children"))
    )
    return StarterTask(
        id=tid,
        title=_str(d["title"], f"{where}.title"),
        description=_str(d["description"], f"{where}.description", empty=True),
        span=(start, end),
        milestone=milestone,
        children=children,
    )


def _parse_procedure(raw: object, sources: _Sources, where: str) -> OnlineProcedure:
    d = _obj(raw, where)
    _has(d, ("id", "group", "no", "name", "level"), where)
    level = _str(d["level"], f"{where}.level")
    if level not in PROCEDURE_LEVELS:
        raise _fail(where, f"level must be one of {sorted(PROCEDURE_LEVELS)}, not {level!r}")
    return OnlineProcedure(
        id=_str(d["id"], f"{where}.id"),
        group=_str(d["group"], f"{where}.group"),
        no=_int(d["no"], f"{where}.no"),
        name=_str(d["name"], f"{where}.name"),
        level=level,
        conf=_conf(d, where),
        source=sources.get(d, where),
    )


_EDITION_KEYS = (
    "format",
    "id",
    "title",
    "decided",
    "period_from",
    "period_to",
    "publisher",
    "conf",
    "source",
    "sources",
    "starter_label",
    "structure",
    "key_roles",
    "measures",
    "areas",
    "standard_businesses",
    "online_procedures",
)


def parse_edition(
    data: object, where: str = "edition", resolve_edition: Callable[[str], Edition] | None = None
) -> Edition:
    """Validate parsed JSON of an edition file and build the :class:`Edition`.

    ``resolve_edition`` loads an edition another one refers to (``online_procedures.from_edition``);
    it defaults to :func:`load_edition`.
    """
    _scan_forbidden(data, where)
    d = _obj(data, where)
    _has(d, _EDITION_KEYS, where)
    if d["format"] != FORMAT_VERSION:
        raise _fail(where, f"unsupported format {d['format']!r} (expected {FORMAT_VERSION})")
    edition_conf = _conf(d, where)  # the edition entry itself carries conf like every fact
    if edition_conf != "確認":
        raise _fail(where, "an edition's own metadata must be 確認")
    edition_id = _str(d["id"], f"{where}.id")
    if not _EDITION_ID_RE.match(edition_id):
        raise _fail(where, f"edition id must look like '1.0', not {edition_id!r}")
    sources = _Sources(d["sources"], where)
    if d["starter_label"] != STARTER_LABEL:
        raise _fail(where, f"starter_label must be {STARTER_LABEL!r}")
    period_from = _str(d["period_from"], f"{where}.period_from")
    period_to = _str(d["period_to"], f"{where}.period_to")
    for p, name in ((period_from, "period_from"), (period_to, "period_to")):
        if not _MONTH_RE.match(p):
            raise _fail(where, f"{name} must be YYYY-MM, not {p!r}")
    if period_from > period_to:
        raise _fail(where, "period_from is after period_to")
    _str(d["publisher"], f"{where}.publisher")

    measures = tuple(
        _parse_measure(m, sources, f"{where}.measures[{n}]")
        for n, m in enumerate(_list(d["measures"], f"{where}.measures"))
    )
    _unique((m.id for m in measures), f"{where}.measures")
    measure_by_id = {m.id: m for m in measures}

    def resolve_measures(ids: object, w: str) -> tuple[SupportMeasure, ...]:
        out = []
        for mid in _list(ids, w):
            if mid not in measure_by_id:
                raise _fail(w, f"unknown measure id {mid!r}")
            out.append(measure_by_id[mid])
        return tuple(out)

    structure: list[StructureItem] = []
    for n, raw in enumerate(_list(d["structure"], f"{where}.structure")):
        w = f"{where}.structure[{n}]"
        s = _obj(raw, w)
        _has(s, ("id", "name", "guidance", "measure_ids"), w)
        structure.append(
            StructureItem(
                id=_str(s["id"], f"{w}.id"),
                name=_str(s["name"], f"{w}.name"),
                guidance=_str(s["guidance"], f"{w}.guidance", empty=True),
                measures=resolve_measures(s["measure_ids"], f"{w}.measure_ids"),
                conf=_conf(s, w),
                source=sources.get(s, w),
            )
        )
    _unique((s.id for s in structure), f"{where}.structure")

    roles: list[KeyRole] = []
    for n, raw in enumerate(_list(d["key_roles"], f"{where}.key_roles")):
        w = f"{where}.key_roles[{n}]"
        r = _obj(raw, w)
        _has(r, ("id", "name", "note"), w)
        roles.append(
            KeyRole(
                id=_str(r["id"], f"{w}.id"),
                name=_str(r["name"], f"{w}.name"),
                note=_str(r["note"], f"{w}.note", empty=True),
            )
        )
    _unique((r.id for r in roles), f"{where}.key_roles")

    areas: list[CatalogArea] = []
    kpi_ids: list[str] = []
    task_ids: set[str] = set()
    for n, raw in enumerate(_list(d["areas"], f"{where}.areas")):
        w = f"{where}.areas[{n}]"
        a = _obj(raw, w)
        _has(
            a,
            (
                "id",
                "kind",
                "no",
                "name",
                "full_name",
                "guidance",
                "target_fy",
                "deadline",
                "target_text",
                "measure_ids",
                "kpis",
                "starter_tasks",
                "source_note",
            ),
            w,
        )
        kind = _str(a["kind"], f"{w}.kind")
        if kind not in AREA_KINDS:
            raise _fail(w, f"kind must be one of {sorted(AREA_KINDS)}, not {kind!r}")
        kpis: list[CatalogKpi] = []
        for k_n, k_raw in enumerate(_list(a["kpis"], f"{w}.kpis")):
            kw = f"{w}.kpis[{k_n}]"
            k = _obj(k_raw, kw)
            _has(k, ("id", "name", "unit", "note"), kw)
            kpis.append(
                CatalogKpi(
                    id=_str(k["id"], f"{kw}.id"),
                    name=_str(k["name"], f"{kw}.name"),
                    unit=_opt_str(k["unit"], f"{kw}.unit"),
                    note=_opt_str(k["note"], f"{kw}.note"),
                    conf=_conf(k, kw),
                    source=sources.get(k, kw),
                )
            )
            kpi_ids.append(kpis[-1].id)
        tasks = tuple(
            _parse_task(t, f"{w}.starter_tasks[{t_n}]", task_ids)
            for t_n, t in enumerate(_list(a["starter_tasks"], f"{w}.starter_tasks"))
        )
        areas.append(
            CatalogArea(
                id=_str(a["id"], f"{w}.id"),
                kind=kind,
                no=_opt_int(a["no"], f"{w}.no"),
                name=_str(a["name"], f"{w}.name"),
                full_name=_str(a["full_name"], f"{w}.full_name"),
                guidance=_str(a["guidance"], f"{w}.guidance", empty=True),
                target_fy=_opt_int(a["target_fy"], f"{w}.target_fy"),
                deadline=_opt_date(a["deadline"], f"{w}.deadline"),
                target_text=_opt_str(a["target_text"], f"{w}.target_text"),
                measures=resolve_measures(a["measure_ids"], f"{w}.measure_ids"),
                kpis=tuple(kpis),
                starter_tasks=tasks,
                conf=_conf(a, w),
                source=sources.get(a, w),
                source_note=_opt_str(a["source_note"], f"{w}.source_note"),
            )
        )
    _unique((a.id for a in areas), f"{where}.areas")
    _unique(kpi_ids, f"{where}.areas[*].kpis")
    for kind in ("focus", "related"):
        numbers = [str(a.no) for a in areas if a.kind == kind]
        _unique(numbers, f"{where}.areas ({kind} numbers)")
        if any(a.no is None for a in areas if a.kind == kind):
            raise _fail(f"{where}.areas", f"every {kind} area needs its number (no)")

    std = _standardization()
    sel = d["standard_businesses"]
    w = f"{where}.standard_businesses"
    if sel == "orig17":
        businesses = tuple(b for b in std.businesses if b.orig17)
        additions = tuple(b for b in std.businesses if not b.orig17)
    elif sel == "all":
        businesses, additions = std.businesses, ()
    else:
        try:
            businesses = tuple(std.by_id(_str(i, w)) for i in _list(sel, w))
        except KeyError as exc:
            raise _fail(w, f"unknown business id {exc.args[0]!r}") from None
        _unique((b.id for b in businesses), w)
        additions = tuple(b for b in std.businesses if b.id in std.addition_ids and b not in businesses)

    procs_raw = d["online_procedures"]
    w = f"{where}.online_procedures"
    if isinstance(procs_raw, list):
        procedures = tuple(_parse_procedure(p, sources, f"{w}[{n}]") for n, p in enumerate(procs_raw))
    else:
        ref = _obj(procs_raw, w)
        _has(ref, ("from_edition", "ids"), w)
        _conf(ref, w)
        sources.get(ref, w)
        other_id = _str(ref["from_edition"], f"{w}.from_edition")
        if other_id == edition_id:
            raise _fail(w, "an edition cannot take its procedures from itself")
        other = (resolve_edition or load_edition)(other_id)
        by_id = {p.id: p for p in other.online_procedures}
        wanted = [_str(i, f"{w}.ids") for i in _list(ref["ids"], f"{w}.ids")]
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise _fail(w, f"ids not in edition {other_id}: {missing}")
        procedures = tuple(by_id[i] for i in wanted)
    _unique((p.id for p in procedures), w)

    return Edition(
        id=edition_id,
        title=_str(d["title"], f"{where}.title"),
        decided=_date(d["decided"], f"{where}.decided"),
        period_from=period_from,
        period_to=period_to,
        source=sources.get(d, where),
        structure=tuple(structure),
        key_roles=tuple(roles),
        areas=tuple(areas),
        standard_businesses=businesses,
        online_procedures=procedures,
        measures=measures,
        step_model=std.step_model,
        business_additions=additions,
    )


def validate_edition_data(data: object, where: str = "edition") -> None:
    """Raise :class:`CatalogError` if ``data`` (parsed JSON) is not a valid edition."""
    parse_edition(data, where)


def edition_from_file(path: str | Path) -> Edition:
    """Read, validate and build an edition from any JSON file (not cached). For tests and tools."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"{p}: cannot read: {exc}") from None
    return parse_edition(_decode(text, str(p)), str(p))


# --------------------------------------------------------------------------- packaged files


def _decode(text: str, where: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{where}: not valid JSON: {exc}") from None


def _read_packaged(*parts: str) -> object:
    where = "/".join(parts)
    try:
        text = resources.files(_PACKAGE).joinpath(*parts).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"catalog file {where} cannot be read: {exc}") from None
    return _decode(text, where)


@functools.lru_cache(maxsize=1)
def _standardization() -> _StandardizationData:
    return _parse_standardization(_read_packaged("standardization.json"))


def _edition_files() -> dict[str, str]:
    """edition id -> file name, from the files present in ``editions/``."""
    folder = resources.files(_PACKAGE).joinpath("editions")
    out: dict[str, str] = {}
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".json") and _EDITION_ID_RE.match(name[: -len(".json")]):
            out[name[: -len(".json")]] = name
    return out


def available_editions() -> list[str]:
    """Ids of the packaged editions, oldest decision date first."""
    dated: list[tuple[str, str]] = []
    for edition_id, name in _edition_files().items():
        data = _obj(_read_packaged("editions", name), f"editions/{name}")
        dated.append((_str(data.get("decided"), f"editions/{name}.decided"), edition_id))
    return [edition_id for _, edition_id in sorted(dated)]


@functools.lru_cache(maxsize=32)
def load_edition(edition_id: str) -> Edition:
    """The packaged edition ``edition_id`` (e.g. "1.0"), validated; cached."""
    files = _edition_files()
    if edition_id not in files:
        known = ", ".join(sorted(files)) or "none"
        raise CatalogError(f"unknown catalog edition {edition_id!r} (available: {known})")
    where = f"editions/{files[edition_id]}"
    edition = parse_edition(_read_packaged("editions", files[edition_id]), where)
    if edition.id != edition_id:
        raise CatalogError(f"{where}: id {edition.id!r} does not match the file name")
    return edition
