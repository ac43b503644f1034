"""Entities <-> plain values (JSON types), shared by the storage layer and the JSON format.

One description of every field's type, read from the dataclasses themselves, drives both
directions, so the .dxplan file and the interchange JSON cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import types
import typing
from collections.abc import Callable
from typing import Any

from dxplanner.errors import ValidationError
from dxplanner.i18n import N_
from dxplanner.model import ReviewItem


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    name: str
    # one of: str int float bool date datetime list_str dict_int_float dict_int_str dict_int_int dict_str_str
    # json items
    kind: str
    optional: bool
    default: Any
    has_default: bool


def _kind_of(tp: Any) -> tuple[str, bool]:
    optional = False
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        optional = True
        tp = members[0]
        origin = typing.get_origin(tp)
    simple = {
        str: "str",
        int: "int",
        float: "float",
        bool: "bool",
        datetime.date: "date",
        datetime.datetime: "datetime",
    }
    if tp in simple:
        return simple[tp], optional
    args = typing.get_args(tp)
    if origin is list and args == (str,):
        return "list_str", optional
    if origin is list and args == (ReviewItem,):
        return "items", optional
    if origin is dict and args == (int, float):
        return "dict_int_float", optional
    if origin is dict and args == (int, str):
        return "dict_int_str", optional
    if origin is dict and args == (int, int):
        return "dict_int_int", optional
    if origin is dict and args == (str, str):
        return "dict_str_str", optional
    if origin is dict:
        return "json", optional
    raise TypeError(f"unsupported field type {tp!r}")


_SPECS: dict[tuple[type, tuple[str, ...] | None], tuple[FieldSpec, ...]] = {}


def specs(cls: type, only: tuple[str, ...] | None = None) -> tuple[FieldSpec, ...]:
    """Field descriptions of an entity class (or of the named fields only, e.g. Plan's own)."""
    cached = _SPECS.get((cls, only))
    if cached is None:
        cached = _SPECS[(cls, only)] = _specs(cls, only)
    return cached


# The annotations as the model spells them (``from __future__ import annotations`` keeps them as
# strings). Reading these directly spares ``typing.get_type_hints``, which compiles and evaluates
# every annotation and cost a tenth of the window's start; anything else still goes through it,
# and a test checks both ways agree for every entity.
_KIND_BY_ANNOTATION = {
    "str": "str", "int": "int", "float": "float", "bool": "bool",
    "datetime.date": "date", "datetime.datetime": "datetime",
    "list[str]": "list_str", "list[ReviewItem]": "items",
    "dict[int, float]": "dict_int_float", "dict[int, str]": "dict_int_str", "dict[int, int]": "dict_int_int",
    "dict[str, str]": "dict_str_str", "dict[str, Any]": "json",
}


def _kind_of_annotation(annotation: object) -> tuple[str, bool] | None:
    if not isinstance(annotation, str):
        return None
    base, optional = annotation, False
    if base.endswith(" | None"):
        base, optional = base[: -len(" | None")], True
    kind = _KIND_BY_ANNOTATION.get(base)
    return None if kind is None else (kind, optional)


def _specs(cls: type, only: tuple[str, ...] | None) -> tuple[FieldSpec, ...]:
    hints: dict[str, Any] | None = None
    out = []
    for f in dataclasses.fields(cls):
        if only is not None and f.name not in only:
            continue
        found = _kind_of_annotation(f.type)
        if found is None:
            if hints is None:
                hints = typing.get_type_hints(cls)
            found = _kind_of(hints[f.name])
        kind, optional = found
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        default = f.default if f.default is not dataclasses.MISSING else None
        out.append(FieldSpec(f.name, kind, optional, default, has_default))
    return tuple(out)


# --- to plain -------------------------------------------------------------------------------


def plain_value(kind: str, v: Any) -> Any:
    if v is None:
        return None
    if kind in ("date", "datetime"):
        return v.isoformat()
    if kind in ("dict_int_float", "dict_int_str", "dict_int_int"):
        return {str(k): v[k] for k in sorted(v)}
    if kind == "dict_str_str":
        return dict(v)
    if kind == "list_str":
        return list(v)
    if kind == "items":
        return [to_plain(x) for x in v]
    if kind == "json":
        return json.loads(json.dumps(v, ensure_ascii=False))
    return v


def to_plain(obj: Any) -> dict[str, Any]:
    return {s.name: plain_value(s.kind, getattr(obj, s.name)) for s in specs(type(obj))}


# --- from plain (validating) ------------------------------------------------------------------


def _bad(where: str, field: str, expected: str, value: Any) -> ValidationError:
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ValidationError(
        N_("{where}: field “{field}” should be {expected}, not {value}"),
        field=field,
        where=where,
        expected=expected,
        value=shown,
    )


def _num(v: Any) -> bool:
    """A finite number (NaN and infinity are refused wherever numbers enter: the PDF and Excel
    cannot show them, and sums with them are meaningless)."""
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def from_plain_value(kind: str, v: Any, where: str, field: str) -> Any:
    from dxplanner.validate import check_text

    if kind == "str":
        if not isinstance(v, str):
            raise _bad(where, field, "text", v)
        return check_text(v, field)
    if kind == "int":
        if isinstance(v, bool) or not isinstance(v, int):
            raise _bad(where, field, "a whole number", v)
        from dxplanner.validate import check_whole

        check_whole(v, field)
        return v
    if kind == "float":
        if not _num(v):
            raise _bad(where, field, "a number", v)
        return float(v)
    if kind == "bool":
        if not isinstance(v, bool):
            raise _bad(where, field, "true or false", v)
        return v
    if kind == "date":
        try:
            return datetime.date.fromisoformat(v)
        except (TypeError, ValueError):
            raise _bad(where, field, "a date YYYY-MM-DD", v) from None
    if kind == "datetime":
        try:
            return datetime.datetime.fromisoformat(v)
        except (TypeError, ValueError):
            raise _bad(where, field, "a date and time", v) from None
    if kind == "list_str":
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise _bad(where, field, "a list of texts", v)
        return [check_text(x, field) for x in v]
    if kind in ("dict_int_float", "dict_int_str", "dict_int_int"):
        if not isinstance(v, dict):
            raise _bad(where, field, "an object", v)
        out: dict[int, Any] = {}
        for k, x in v.items():
            try:
                ik = int(k)
            except (TypeError, ValueError):
                raise _bad(where, field, "an object keyed by whole numbers", k) from None
            if kind == "dict_int_float":
                if not _num(x):
                    raise _bad(where, field, "numbers", x)
                out[ik] = float(x)
            elif kind == "dict_int_int":
                if isinstance(x, bool) or not isinstance(x, int):
                    raise _bad(where, field, "whole numbers", x)
                out[ik] = x
            else:
                if not isinstance(x, str):
                    raise _bad(where, field, "texts", x)
                out[ik] = check_text(x, field)
        return out
    if kind == "dict_str_str":
        if not isinstance(v, dict) or not all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()):
            raise _bad(where, field, "an object of texts", v)
        return {check_text(k, field): check_text(x, field) for k, x in v.items()}
    if kind == "items":
        if not isinstance(v, list):
            raise _bad(where, field, "a list", v)
        return [from_plain(ReviewItem, x, where) for x in v]
    if kind == "json":
        if not isinstance(v, dict):
            raise _bad(where, field, "an object", v)
        return v
    raise TypeError(kind)


def from_plain(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise _bad(where, "", "an object", data)
    kwargs: dict[str, Any] = {}
    for s in specs(cls):
        if s.name not in data:
            if s.has_default:
                continue
            raise ValidationError(N_("{where}: field “{field}” is missing"), field=s.name, where=where)
        v = data[s.name]
        if v is None:
            if not s.optional:
                raise _bad(where, s.name, "a value", v)
            kwargs[s.name] = None
            continue
        kwargs[s.name] = from_plain_value(s.kind, v, where, s.name)
    unknown = set(data) - {s.name for s in specs(cls)}
    if unknown:
        raise ValidationError(
            N_("{where}: unknown field “{field}”"), field=sorted(unknown)[0], where=where
        )
    return cls(**kwargs)


# --- SQL column values ------------------------------------------------------------------------

SQL_TYPES = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "REAL",
    "bool": "INTEGER",
    "date": "TEXT",
    "datetime": "TEXT",
}


def sql_type(kind: str) -> str:
    return SQL_TYPES.get(kind, "TEXT")


def to_column(kind: str, v: Any) -> Any:
    """A Python field value as stored in its SQLite column."""
    if v is None:
        return None
    if kind in ("str", "int", "float"):
        return v
    if kind == "bool":
        return 1 if v else 0
    if kind in ("date", "datetime"):
        return v.isoformat()
    if kind == "list_str" and not v:
        return ""
    return json.dumps(plain_value(kind, v), ensure_ascii=False, separators=(",", ":"))


def column_reader(cls: type) -> Callable[[tuple[Any, ...]], Any]:
    """A fast function turning one SELECTed row (columns in field order) into an entity.

    Loading 10,000 tasks is on the critical path of opening a plan, so the converter is built
    once per class and avoids per-field dispatch for fields stored as they are.
    """
    date_cache: dict[str, datetime.date] = {}

    def new_date(v: str) -> datetime.date:  # a date not seen yet (the generated code looks first)
        d = date_cache[v] = datetime.date.fromisoformat(v)
        return d

    def parse_list(v: str) -> list[str]:  # a non-empty list (the generated code takes "" and "[]")
        out = json.loads(v)
        if type(out) is not list or not all(type(x) is str for x in out):
            raise ValueError("a list of texts was expected")  # the caller reports a damaged file
        return out

    def as_datetime(v: Any) -> datetime.datetime | None:
        return None if v is None else datetime.datetime.fromisoformat(v)

    def as_dict_int(v: Any) -> dict[int, Any]:
        return {int(k): x for k, x in json.loads(v).items()} if v else {}

    def as_dict(v: Any) -> dict[str, Any]:
        return json.loads(v) if v else {}

    def as_items(v: Any) -> list[ReviewItem]:
        return [ReviewItem(**x) for x in json.loads(v)] if v else []

    conv: dict[str, Callable[[Any], Any]] = {
        "datetime": as_datetime,
        "dict_int_float": as_dict_int,
        "dict_int_str": as_dict_int,
        "dict_int_int": as_dict_int,
        "dict_str_str": as_dict,
        "json": as_dict,
        "items": as_items,
    }
    # the common kinds inline: no call for a None, a cached date, a flag or an empty list
    inline = {
        "date": "(None if {v} is None else (dc.get({v}) or new_date({v})))",
        "bool": "bool({v})",
        "list_str": "([] if not {v} or {v} == '[]' else parse_list({v}))",
    }
    # One straight-line function per class, ``read(r) -> cls(r[0], new_date(r[1]), ...)``: no list
    # copy and no loop per row (a third of the load time of a 10,000-task plan). Only field
    # positions and converter names go into the generated source, never data.
    env: dict[str, Any] = {"cls": cls, "dc": date_cache, "new_date": new_date, "parse_list": parse_list}
    args = []
    for i, s in enumerate(specs(cls)):
        v = f"r[{i}]"
        if s.kind in inline:
            args.append(inline[s.kind].format(v=v))
        elif s.kind in conv:
            env[f"c_{s.kind}"] = conv[s.kind]
            args.append(f"c_{s.kind}({v})")
        else:
            args.append(v)
    exec(f"def read(r):\n    return cls({', '.join(args)})\n", env)  # noqa: S102 - code built from field specs
    read: Callable[[tuple[Any, ...]], Any] = env["read"]
    return read
