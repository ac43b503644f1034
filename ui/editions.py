"""The national plan editions, loaded once per process (the catalog is read-only data)."""

from __future__ import annotations

from functools import cache

from dxplanner.catalog import CatalogArea, Edition, load_edition


@cache
def edition(edition_id: str) -> Edition | None:
    try:
        return load_edition(edition_id)
    except Exception:
        return None


def catalog_area(ed: Edition | None, area_id: str | None) -> CatalogArea | None:
    if ed is None or area_id is None:
        return None
    try:
        return ed.area(area_id)
    except KeyError:
        return None
