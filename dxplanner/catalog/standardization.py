"""``standardization.json``: the 標準化 業務 and the 40-step progress model shared by all editions."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from dxplanner.catalog.fields import (
    _bool,
    _conf,
    _date,
    _fail,
    _has,
    _int,
    _list,
    _obj,
    _opt_int,
    _scan_forbidden,
    _Sources,
    _str,
    _unique,
)
from dxplanner.catalog.schema import FORMAT_VERSION
from dxplanner.catalog.types import StandardBusiness, StepModel


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


@functools.lru_cache(maxsize=1)
def standardization() -> _StandardizationData:
    """The packaged ``standardization.json``, validated; cached."""
    from dxplanner.catalog.packaged import read_packaged

    return _parse_standardization(read_packaged("standardization.json"))
