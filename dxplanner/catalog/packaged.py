"""The catalog files shipped inside the program (``editions/*.json``, ``standardization.json``),
read with :mod:`importlib.resources` so that it works from a PyInstaller bundle too."""

from __future__ import annotations

from importlib import resources

from dxplanner.catalog.reader import decode_edition_bytes
from dxplanner.catalog.schema import EDITION_ID_RE
from dxplanner.catalog.types import CatalogError

_PACKAGE = "dxplanner.catalog"


def packaged_bytes(*parts: str) -> bytes:
    where = "/".join(parts)
    try:
        return resources.files(_PACKAGE).joinpath(*parts).read_bytes()
    except OSError as exc:
        raise CatalogError(f"catalog file {where} cannot be read: {exc}") from None


def read_packaged(*parts: str) -> object:
    return decode_edition_bytes(packaged_bytes(*parts), "/".join(parts))


def packaged_edition_files() -> dict[str, str]:
    """edition id -> file name, from the files present in ``editions/``."""
    folder = resources.files(_PACKAGE).joinpath("editions")
    out: dict[str, str] = {}
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".json") and EDITION_ID_RE.match(name[: -len(".json")]):
            out[name[: -len(".json")]] = name
    return out
