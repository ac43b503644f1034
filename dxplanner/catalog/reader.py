"""Reading and validating catalog files: the one reader shared by the built-in editions and
``dxplanner catalog install``.

:func:`decode_edition_bytes` refuses hostile input before parsing (a file over
:data:`~dxplanner.catalog.schema.MAX_FILE_BYTES`, nesting deeper than
:data:`~dxplanner.catalog.schema.MAX_DEPTH`, text that is not UTF-8 JSON); :func:`parse_edition`
checks every entry (types, required keys, ids, references, ``conf`` and ``source``) and builds the
frozen :class:`~dxplanner.catalog.types.Edition`. Every error is one :class:`CatalogError` line
naming where in the file and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dxplanner.catalog.fields import (
    _bool,
    _conf,
    _date,
    _fail,
    _has,
    _int,
    _list,
    _num,
    _obj,
    _opt_date,
    _opt_int,
    _opt_num,
    _opt_str,
    _scan_forbidden,
    _Sources,
    _str,
    _unique,
)
from dxplanner.catalog.schema import (
    AREA_KEYS,
    AREA_KINDS,
    DATE_KINDS,
    EDITION_ID_RE,
    EDITION_KEYS,
    ESTIMATE_LABEL,
    FORMAT_VERSION,
    KPI_KEYS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MEASURE_KEYS,
    MEASURE_KINDS,
    MONTH_RE,
    PROCEDURE_KEYS,
    PROCEDURE_LEVELS,
    SITUATION_TAGS,
    STARTER_LABEL,
    STARTER_ORIGIN,
    TASK_KEYS,
)
from dxplanner.catalog.standardization import standardization
from dxplanner.catalog.types import (
    CatalogArea,
    CatalogError,
    CatalogKpi,
    Edition,
    Fact,
    KeyRole,
    OnlineProcedure,
    StandardBusiness,
    StarterTask,
    StructureItem,
    SupportMeasure,
)
from dxplanner.i18n import N_

# --------------------------------------------------------------------------- edition files


def _parse_measure(raw: object, sources: _Sources, where: str) -> SupportMeasure:
    d = _obj(raw, where)
    _has(d, MEASURE_KEYS, where)
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
    _has(d, TASK_KEYS, where)
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
    fits = tuple(_str(f, f"{where}.fits") for f in _list(d.get("fits", []), f"{where}.fits"))
    unknown = [f for f in fits if f not in SITUATION_TAGS]
    if unknown:
        raise _fail(where, f"unknown situation tag(s) in fits: {unknown}")
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
        fits=fits,
    )


def _parse_procedure(raw: object, sources: _Sources, where: str) -> OnlineProcedure:
    d = _obj(raw, where)
    _has(d, PROCEDURE_KEYS, where)
    level = _str(d["level"], f"{where}.level")
    if level not in PROCEDURE_LEVELS:
        raise _fail(where, f"level must be one of {sorted(PROCEDURE_LEVELS)}, not {level!r}")
    aliases = tuple(_str(a, f"{where}.aliases") for a in _list(d.get("aliases", []), f"{where}.aliases"))
    return OnlineProcedure(
        id=_str(d["id"], f"{where}.id"),
        group=_str(d["group"], f"{where}.group"),
        no=_int(d["no"], f"{where}.no"),
        name=_str(d["name"], f"{where}.name"),
        level=level,
        conf=_conf(d, where),
        source=sources.get(d, where),
        aliases=aliases,
        not_required_from=_opt_date(d.get("not_required_from"), f"{where}.not_required_from"),
        status_note=_opt_str(d.get("status_note"), f"{where}.status_note"),
    )


def _parse_structure(
    d: Mapping[str, Any], sources: _Sources, measures: _Measures, where: str
) -> tuple[StructureItem, ...]:
    out: list[StructureItem] = []
    for n, raw in enumerate(_list(d["structure"], f"{where}.structure")):
        w = f"{where}.structure[{n}]"
        s = _obj(raw, w)
        _has(s, ("id", "name", "guidance", "measure_ids"), w)
        out.append(
            StructureItem(
                id=_str(s["id"], f"{w}.id"),
                name=_str(s["name"], f"{w}.name"),
                guidance=_str(s["guidance"], f"{w}.guidance", empty=True),
                measures=measures.resolve(s["measure_ids"], f"{w}.measure_ids"),
                conf=_conf(s, w),
                source=sources.get(s, w),
            )
        )
    _unique((s.id for s in out), f"{where}.structure")
    return tuple(out)


def _parse_roles(d: Mapping[str, Any], where: str) -> tuple[KeyRole, ...]:
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
    return tuple(roles)


def _parse_kpi(raw: object, sources: _Sources, where: str) -> CatalogKpi:
    k = _obj(raw, where)
    _has(k, KPI_KEYS, where)
    return CatalogKpi(
        id=_str(k["id"], f"{where}.id"),
        name=_str(k["name"], f"{where}.name"),
        unit=_opt_str(k["unit"], f"{where}.unit"),
        note=_opt_str(k["note"], f"{where}.note"),
        conf=_conf(k, where),
        source=sources.get(k, where),
    )


def _parse_fact(raw: object, sources: _Sources, where: str) -> Fact:
    f = _obj(raw, where)
    _has(f, ("text", "conf", "source"), where)
    return Fact(text=_str(f["text"], f"{where}.text"), conf=_conf(f, where), source=sources.get(f, where))


def _parse_area(raw: object, sources: _Sources, measures: _Measures, where: str, task_ids: set[str]) -> CatalogArea:
    a = _obj(raw, where)
    _has(a, AREA_KEYS, where)
    kind = _str(a["kind"], f"{where}.kind")
    if kind not in AREA_KINDS:
        raise _fail(where, f"kind must be one of {sorted(AREA_KINDS)}, not {kind!r}")
    kpis = tuple(_parse_kpi(k, sources, f"{where}.kpis[{n}]") for n, k in enumerate(_list(a["kpis"], f"{where}.kpis")))
    tasks = tuple(
        _parse_task(t, f"{where}.starter_tasks[{n}]", task_ids)
        for n, t in enumerate(_list(a["starter_tasks"], f"{where}.starter_tasks"))
    )
    raw_facts = _list(a.get("facts", []), f"{where}.facts")
    facts = tuple(_parse_fact(f, sources, f"{where}.facts[{n}]") for n, f in enumerate(raw_facts))
    maps_from = tuple(_str(m, f"{where}.maps_from") for m in _list(a.get("maps_from", []), f"{where}.maps_from"))
    return CatalogArea(
        id=_str(a["id"], f"{where}.id"),
        kind=kind,
        no=_opt_int(a["no"], f"{where}.no"),
        name=_str(a["name"], f"{where}.name"),
        full_name=_str(a["full_name"], f"{where}.full_name"),
        guidance=_str(a["guidance"], f"{where}.guidance", empty=True),
        target_fy=_opt_int(a["target_fy"], f"{where}.target_fy"),
        deadline=_opt_date(a["deadline"], f"{where}.deadline"),
        target_text=_opt_str(a["target_text"], f"{where}.target_text"),
        measures=measures.resolve(a["measure_ids"], f"{where}.measure_ids"),
        kpis=kpis,
        starter_tasks=tasks,
        conf=_conf(a, where),
        source=sources.get(a, where),
        source_note=_opt_str(a["source_note"], f"{where}.source_note"),
        maps_from=maps_from,
        facts=facts,
    )


def _parse_areas(d: Mapping[str, Any], sources: _Sources, measures: _Measures, where: str) -> tuple[CatalogArea, ...]:
    task_ids: set[str] = set()
    areas = tuple(
        _parse_area(raw, sources, measures, f"{where}.areas[{n}]", task_ids)
        for n, raw in enumerate(_list(d["areas"], f"{where}.areas"))
    )
    _unique((a.id for a in areas), f"{where}.areas")
    _unique((k.id for a in areas for k in a.kpis), f"{where}.areas[*].kpis")
    for kind in ("focus", "related"):
        numbers = [str(a.no) for a in areas if a.kind == kind]
        _unique(numbers, f"{where}.areas ({kind} numbers)")
        if any(a.no is None for a in areas if a.kind == kind):
            raise _fail(f"{where}.areas", f"every {kind} area needs its number (no)")
    return areas


class _Measures:
    """The file's support measures, and resolution of ``measure_ids`` lists against them."""

    def __init__(self, d: Mapping[str, Any], sources: _Sources, where: str) -> None:
        self.all = tuple(
            _parse_measure(m, sources, f"{where}.measures[{n}]")
            for n, m in enumerate(_list(d["measures"], f"{where}.measures"))
        )
        _unique((m.id for m in self.all), f"{where}.measures")
        self._by_id = {m.id: m for m in self.all}

    def resolve(self, ids: object, where: str) -> tuple[SupportMeasure, ...]:
        out = []
        for mid in _list(ids, where):
            if mid not in self._by_id:
                raise _fail(where, f"unknown measure id {mid!r}")
            out.append(self._by_id[mid])
        return tuple(out)


def _businesses(sel: object, where: str) -> tuple[tuple[StandardBusiness, ...], tuple[StandardBusiness, ...]]:
    """The edition's 標準化 業務 and the later additions it does not list itself."""
    std = standardization()
    if sel == "orig17":
        return tuple(b for b in std.businesses if b.orig17), tuple(b for b in std.businesses if not b.orig17)
    if sel == "all":
        return std.businesses, ()
    try:
        businesses = tuple(std.by_id(_str(i, where)) for i in _list(sel, where))
    except KeyError as exc:
        raise _fail(where, f"unknown business id {exc.args[0]!r}") from None
    _unique((b.id for b in businesses), where)
    return businesses, tuple(b for b in std.businesses if b.id in std.addition_ids and b not in businesses)


def _procedures(
    raw: object, sources: _Sources, edition_id: str, where: str, resolve_edition: Callable[[str], Edition]
) -> tuple[OnlineProcedure, ...]:
    if isinstance(raw, list):
        procedures = tuple(_parse_procedure(p, sources, f"{where}[{n}]") for n, p in enumerate(raw))
    else:
        ref = _obj(raw, where)
        _has(ref, ("from_edition", "ids"), where)
        _conf(ref, where)
        sources.get(ref, where)
        other_id = _str(ref["from_edition"], f"{where}.from_edition")
        if other_id == edition_id:
            raise _fail(where, "an edition cannot take its procedures from itself")
        other = resolve_edition(other_id)
        by_id = {p.id: p for p in other.online_procedures}
        wanted = [_str(i, f"{where}.ids") for i in _list(ref["ids"], f"{where}.ids")]
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise _fail(where, f"ids not in edition {other_id}: {missing}")
        procedures = tuple(by_id[i] for i in wanted)
    _unique((p.id for p in procedures), where)
    return procedures


def _period(d: Mapping[str, Any], where: str) -> tuple[str | None, str | None]:
    period_from = _opt_str(d["period_from"], f"{where}.period_from")
    period_to = _opt_str(d["period_to"], f"{where}.period_to")
    if (period_from is None) != (period_to is None):
        raise _fail(where, "period_from and period_to are both given or both null")
    for p, name in ((period_from, "period_from"), (period_to, "period_to")):
        if p is not None and not MONTH_RE.match(p):
            raise _fail(where, f"{name} must be YYYY-MM, not {p!r}")
    if period_from is not None and period_to is not None and period_from > period_to:
        raise _fail(where, "period_from is after period_to")
    return period_from, period_to


def parse_edition(
    data: object, where: str = "edition", resolve_edition: Callable[[str], Edition] | None = None
) -> Edition:
    """Validate parsed JSON of an edition file and build the :class:`Edition`.

    ``resolve_edition`` loads an edition another one refers to (``online_procedures.from_edition``);
    it defaults to :func:`dxplanner.catalog.store.load_edition`.
    """
    _scan_forbidden(data, where)
    d = _obj(data, where)
    _has(d, EDITION_KEYS, where)
    if d["format"] != FORMAT_VERSION:
        raise _fail(where, f"unsupported format {d['format']!r} (expected {FORMAT_VERSION})")
    if _conf(d, where) != "確認":  # the edition entry itself carries conf like every fact
        raise _fail(where, "an edition's own metadata must be 確認")
    edition_id = _str(d["id"], f"{where}.id")
    if not EDITION_ID_RE.match(edition_id):
        raise _fail(
            where,
            f"edition id must be 1–40 lower-case letters, digits, '.' or '-' (like '1.0' or 'r8'), not {edition_id!r}",
        )
    sources = _Sources(d["sources"], where)
    if d["starter_label"] != STARTER_LABEL:
        raise _fail(where, f"starter_label must be {STARTER_LABEL!r}")
    period_from, period_to = _period(d, where)
    _str(d["publisher"], f"{where}.publisher")
    date_kind = _str(d.get("date_kind", DATE_KINDS[0]), f"{where}.date_kind")
    if date_kind not in DATE_KINDS:
        raise _fail(where, f"date_kind must be one of {list(DATE_KINDS)}, not {date_kind!r}")
    measures = _Measures(d, sources, where)
    if resolve_edition is None:
        from dxplanner.catalog.store import load_edition

        resolve_edition = load_edition
    businesses, additions = _businesses(d["standard_businesses"], f"{where}.standard_businesses")
    return Edition(
        id=edition_id,
        title=_str(d["title"], f"{where}.title"),
        decided=_date(d["decided"], f"{where}.decided"),
        period_from=period_from,
        period_to=period_to,
        source=sources.get(d, where),
        structure=_parse_structure(d, sources, measures, where),
        key_roles=_parse_roles(d, where),
        areas=_parse_areas(d, sources, measures, where),
        standard_businesses=businesses,
        online_procedures=_procedures(
            d["online_procedures"], sources, edition_id, f"{where}.online_procedures", resolve_edition
        ),
        measures=measures.all,
        step_model=standardization().step_model,
        business_additions=additions,
        date_kind=date_kind,
        publisher=_str(d["publisher"], f"{where}.publisher"),
        short_title=_opt_str(d.get("short_title"), f"{where}.short_title"),
    )


def validate_edition_data(data: object, where: str = "edition") -> None:
    """Raise :class:`CatalogError` if ``data`` (parsed JSON) is not a valid edition."""
    parse_edition(data, where)


# --------------------------------------------------------------------------- raw bytes


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _max_depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` in JSON text, strings skipped, without recursion.

    Strings and everything but brackets are removed with two regular expressions first, so the
    Python loop only walks the brackets (a few thousand in an edition file)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        else:
            depth -= 1
    return deepest


def decode_edition_bytes(data: bytes, where: str) -> object:
    """Parsed JSON from a catalog file's bytes, refusing a huge, deep or non-UTF-8 file first."""
    if len(data) > MAX_FILE_BYTES:
        raise CatalogError(
            f"{where}: too large ({len(data):,} bytes; a catalog file is at most {MAX_FILE_BYTES:,})",
            N_("{file}: too large for an edition file (at most {limit} MB)"), file=where,
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogError(f"{where}: not UTF-8 text", N_("{file}: not an edition file (not UTF-8 text)"),
                           file=where) from None
    if _max_depth(text) > MAX_DEPTH:
        raise CatalogError(f"{where}: nested more than {MAX_DEPTH} levels deep; not a catalog file",
                           N_("{file}: not an edition file (nested too deep)"), file=where)
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise CatalogError(str(exc), N_("{file}: not an edition file (broken JSON: {detail})"), file=where) from None


def read_file_bytes(path: str | Path) -> bytes:
    """A catalog file's bytes, reading no more than one byte past the size limit."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CatalogError(str(exc.strerror or exc), N_("{file}: cannot be read ({detail})"), file=str(p)) from None


def edition_from_file(path: str | Path) -> Edition:
    """Read, validate and build an edition from any JSON file (not cached)."""
    p = Path(path)
    return parse_edition(decode_edition_bytes(read_file_bytes(p), str(p)), str(p))
