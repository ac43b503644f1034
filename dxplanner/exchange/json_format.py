"""The JSON interchange format: the whole plan, documented in docs/json-format.md.

``plan_to_dict`` and ``plan_from_dict`` are exact inverses for any valid plan: collections are
written in a canonical order (see ``SORT_KEYS``) and every value in its plain JSON form, so
dump -> load -> dump gives the same bytes. Loading validates every field and every reference
and reports the first problem with where it is.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dxplanner.codec import from_plain, from_plain_value, plain_value, specs, to_plain
from dxplanner.errors import FileError, ValidationError
from dxplanner.i18n import N_
from dxplanner.model import COLLECTIONS, LEGACY_FUNDING, PLAN_FIELDS, Municipality, Plan

FORMAT_NAME = "dxplanner-plan"
# 2: the 標準化 tracker after the deadline; 財源 as budgets write them (format 1 is upgraded on reading)
FORMAT_VERSION = 2


def _o(e: Any) -> tuple[Any, ...]:
    return (e.order, e.id)


SORT_KEYS: dict[str, Callable[[Any], tuple[Any, ...]]] = {
    "roles": _o,
    "bodies": _o,
    "areas": _o,
    "kpis": _o,
    "systems": _o,
    "std_costs": _o,
    "procedures": _o,
    "tasks": lambda t: (t.area_id, t.parent_id or "", t.order, t.id),
    "staff": lambda e: (e.fy, e.id),
    "hires": lambda e: (e.from_fy or 0, e.id),
    "trainings": lambda e: (e.fy or 0, e.id),
    "budget": lambda e: (e.fy, e.id),
    "snapshots": lambda e: (e.taken_at.isoformat(), e.id),
    "reviews": lambda e: (e.fy, e.id),
}


def plan_to_dict(plan: Plan, *, include_history: bool = True) -> dict[str, Any]:
    spec_by_name = {s.name: s for s in specs(Plan, PLAN_FIELDS)}
    out: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "plan": {k: plain_value(spec_by_name[k].kind, getattr(plan, k)) for k in PLAN_FIELDS},
        "municipality": to_plain(plan.municipality),
    }
    for kind in COLLECTIONS:
        if not include_history and kind in ("snapshots", "reviews"):
            continue
        ents = sorted(plan.collection(kind).values(), key=SORT_KEYS[kind])
        out[kind] = [to_plain(e) for e in ents]
    return out


def dumps(plan: Plan, *, include_history: bool = True) -> str:
    return json.dumps(plan_to_dict(plan, include_history=include_history), ensure_ascii=False, indent=2) + "\n"


def plan_from_dict(data: Any) -> Plan:
    from dxplanner.ops import _Overlay, validate_entity, validate_municipality, validate_plan_fields
    from dxplanner.validate import check_count

    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ValidationError(N_("this JSON is not a DX Planner plan (no \"format\": \"{name}\")"), name=FORMAT_NAME)
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValidationError(N_("this JSON has no valid format_version"))
    if version > FORMAT_VERSION:
        raise ValidationError(
            N_("this JSON was written by a newer DX Planner (format {found}; this program reads up to {known})"),
            found=version,
            known=FORMAT_VERSION,
        )
    if version < 2:
        data = upgrade_funding_v1(data)
    known = {"format", "format_version", "plan", "municipality", *COLLECTIONS}
    extra = set(data) - known
    if extra:
        raise ValidationError(N_("{where}: unknown field “{field}”"), where="JSON", field=sorted(extra)[0])
    plan = Plan()
    head = data.get("plan", {})
    if not isinstance(head, dict):
        raise ValidationError(N_("{where}: field “{field}” should be {expected}, not {value}"),
                              where="JSON", field="plan", expected="an object", value=type(head).__name__)
    spec_by_name = {s.name: s for s in specs(Plan, PLAN_FIELDS)}
    for k, v in head.items():
        if k not in PLAN_FIELDS:
            raise ValidationError(N_("{where}: unknown field “{field}”"), where="plan", field=k)
        s = spec_by_name[k]
        if v is None and not s.optional:
            raise ValidationError(N_("{field}: a value is required"), field=k)
        setattr(plan, k, None if v is None else from_plain_value(s.kind, v, "plan", k))
    plan.municipality = from_plain(Municipality, data.get("municipality", {}), "municipality")
    validate_municipality(plan.municipality)
    validate_plan_fields({k: getattr(plan, k) for k in PLAN_FIELDS})
    for kind, cls in COLLECTIONS.items():
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise ValidationError(N_("{where}: field “{field}” should be {expected}, not {value}"),
                                  where="JSON", field=kind, expected="a list", value=type(items).__name__)
        check_count(kind, len(items))
        if kind == "systems" and version < 2:
            items = [_upgrade_system(x, n) for n, x in enumerate(items, 1)]
        coll = plan.collection(kind)
        for n, item in enumerate(items, 1):
            ent = from_plain(cls, item, f"{kind}[{n}]")
            if ent.id in coll:
                raise ValidationError(N_("{where}: the id “{id}” is used twice"), where=f"{kind}[{n}]", id=ent.id)
            coll[ent.id] = ent
    for kind in COLLECTIONS:
        view = _Overlay(plan, kind, {}, set())
        for ent in plan.collection(kind).values():
            try:
                validate_entity(view, kind, ent)
            except ValidationError as exc:
                exc.params.setdefault("where", f"{kind} {ent.id}")
                raise
    return plan


def _upgrade_system(item: Any, n: int) -> Any:
    """A 標準化 row of format 1 in format 2 (see :func:`dxplanner.store.migrations.upgrade_system_v1`)."""
    from dxplanner.store.migrations import upgrade_system_v1

    if not isinstance(item, dict):
        return item  # reported by from_plain with its place
    steps = item.get("steps")
    phases = item.get("phases")
    if (steps is not None and not isinstance(steps, dict)) or (phases is not None and not isinstance(phases, dict)):
        raise ValidationError(N_("{where}: field “{field}” should be {expected}, not {value}"),
                              where=f"systems[{n}]", field="steps", expected="an object", value="…")
    try:
        return upgrade_system_v1(item)
    except (TypeError, ValueError):
        raise ValidationError(N_("{where}: field “{field}” should be {expected}, not {value}"),
                              where=f"systems[{n}]", field="steps",
                              expected="an object keyed by whole numbers", value="…") from None


def upgrade_funding_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 → 2: legacy 財源 (国庫補助金, 特別交付税, 普通交付税, 基金) become the budget's sources; a
    line funded by 交付税 becomes 一般財源 with its 措置 and the amount kept as 措置見込額（参考）. The
    same in every snapshot's frozen plan. A copy is changed, never the caller's data."""
    data = copy.deepcopy(data)

    def upgrade(plan: Any) -> None:
        if not isinstance(plan, dict):
            return
        for line in plan.get("budget") or []:
            if isinstance(line, dict) and "allocation" not in line and line.get("source") in LEGACY_FUNDING:
                source, allocation = LEGACY_FUNDING[line["source"]]
                amount = line.get("amount")
                line.update(source=source, allocation=allocation,
                            allocation_estimate=amount if allocation and isinstance(amount, int) else 0)
        for hire in plan.get("hires") or []:
            old = hire.get("funding", "特別交付税") if isinstance(hire, dict) else None  # the old default
            if isinstance(hire, dict) and "allocation" not in hire and old in LEGACY_FUNDING:
                hire["funding"], hire["allocation"] = LEGACY_FUNDING[old]

    upgrade(data)
    if data.get("format_version") == 1:
        data["format_version"] = 2
    for snap in data.get("snapshots") or []:
        if isinstance(snap, dict):
            upgrade(snap.get("data"))
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number that can be stored")


def loads(text: str) -> Plan:
    """A plan from JSON text. NaN and Infinity are refused; nesting deeper than Python's
    parser allows is a message, not an internal error."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValidationError(N_("the JSON cannot be read: {detail}"),
                              detail="nested too deeply") from None
    except ValueError as exc:
        raise ValidationError(N_("the JSON cannot be read: {detail}"), detail=str(exc)) from exc
    return plan_from_dict(data)


def read_json_file(path: Path) -> Plan:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileError(N_("{file} does not exist"), file=str(path)) from None
    except OSError as exc:
        raise FileError(N_("{file} cannot be read: {detail}"), file=str(path), detail=exc.strerror) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(N_("{file} is not UTF-8 text"), file=path.name) from None
    try:
        return loads(text)
    except ValidationError as exc:
        raise FileError(N_("{file}: {problem}"), file=path.name, problem=exc) from exc
