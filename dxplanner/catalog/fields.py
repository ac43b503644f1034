"""Small typed checks for catalog JSON, shared by every catalog reader.

Each takes the value and ``where`` (a path into the file such as ``2.3.json.areas[3].kpis[0]``)
and raises :class:`~dxplanner.catalog.types.CatalogError` with that path and the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from dxplanner.catalog.schema import CONF_VALUES, FORBIDDEN_MARK
from dxplanner.catalog.types import CatalogError, Source


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
