"""Where editions come from: the ones built into the program and the ones the user installed.

Installed editions are plain JSON files in ``<user data folder>/editions/<id>.json`` (the folder
is ``$DXPLANNER_CONFIG_DIR`` when set, else the platform's application data folder, the same one
the window uses). ``install_edition`` validates a file with the same reader the built-in editions
use and copies its bytes unchanged, so its hash stays the one the sender computed; a file that
fails leaves the folder as it was. A built-in id cannot be replaced by an installed file.

A plan records the id and the SHA-256 of the file it was made from (:func:`edition_hash`).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from dxplanner.catalog.fields import _obj, _str
from dxplanner.catalog.packaged import packaged_bytes, packaged_edition_files
from dxplanner.catalog.reader import decode_edition_bytes, parse_edition, read_file_bytes
from dxplanner.catalog.schema import EDITION_ID_RE
from dxplanner.catalog.types import CatalogError, Edition
from dxplanner.store import fileops

_ORGANIZATION = "DXPlanner"
_APPLICATION = "DX Planner"


def user_data_dir() -> Path:
    """The user's DX Planner data folder (``$DXPLANNER_CONFIG_DIR`` overrides it)."""
    override = os.environ.get("DXPLANNER_CONFIG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / _ORGANIZATION / _APPLICATION


def installed_dir() -> Path:
    return user_data_dir() / "editions"


@dataclass(frozen=True)
class EditionInfo:
    """What ``catalog list`` shows of an edition, read without validating the whole file."""

    id: str
    title: str
    decided: datetime.date
    date_kind: str
    publisher: str
    source_title: str
    source_url: str | None
    builtin: bool
    sha256: str


def _installed_files() -> dict[str, Path]:
    folder = installed_dir()
    if not folder.is_dir():
        return {}
    out: dict[str, Path] = {}
    for p in sorted(folder.glob("*.json")):
        if EDITION_ID_RE.match(p.stem) and p.stem not in packaged_edition_files():
            out[p.stem] = p
    return out


def edition_bytes(edition_id: str) -> bytes:
    """The bytes of edition ``edition_id``'s file, built-in or installed."""
    files = packaged_edition_files()
    if edition_id in files:
        return packaged_bytes("editions", files[edition_id])
    installed = _installed_files()
    if edition_id in installed:
        return read_file_bytes(installed[edition_id])
    known = ", ".join(sorted({*files, *installed})) or "none"
    raise CatalogError(f"unknown catalog edition {edition_id!r} (available: {known})")


def edition_hash(edition_id: str) -> str:
    """SHA-256 (hex) of the edition's file: what a plan records with the edition id."""
    return hashlib.sha256(edition_bytes(edition_id)).hexdigest()


def _info(edition_id: str, data: bytes, builtin: bool) -> EditionInfo:
    where = f"editions/{edition_id}.json"
    d = _obj(decode_edition_bytes(data, where), where)
    src = d.get("source")
    table = d.get("sources") if isinstance(d.get("sources"), dict) else {}
    if isinstance(src, str):
        src = table.get(src) if isinstance(table, dict) else None
    src_d = src if isinstance(src, dict) else {}
    try:
        decided = datetime.date.fromisoformat(_str(d.get("decided"), f"{where}.decided"))
    except ValueError:
        raise CatalogError(f"{where}: decided is not an ISO date") from None
    return EditionInfo(
        id=edition_id,
        title=_str(d.get("title"), f"{where}.title"),
        decided=decided,
        date_kind=str(d.get("date_kind") or "策定"),
        publisher=str(d.get("publisher") or ""),
        source_title=str(src_d.get("title") or ""),
        source_url=src_d.get("url") if isinstance(src_d.get("url"), str) else None,
        builtin=builtin,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def edition_infos() -> list[EditionInfo]:
    """Every usable edition, built-in and installed, oldest first (by its date, then id).

    An installed file that can no longer be read is left out rather than stopping the listing."""
    infos = [_info(eid, packaged_bytes("editions", name), True) for eid, name in packaged_edition_files().items()]
    for eid, path in _installed_files().items():
        try:
            infos.append(_info(eid, read_file_bytes(path), False))
        except CatalogError:
            continue
    return sorted(infos, key=lambda i: (i.decided, i.id))


def available_editions() -> list[str]:
    """Ids of the usable editions (built-in and installed), oldest first."""
    return [i.id for i in edition_infos()]


def newest_edition() -> str:
    """The id of the newest edition: the default for a new plan."""
    return available_editions()[-1]


@functools.lru_cache(maxsize=32)
def _load(edition_id: str, digest: str) -> Edition:
    del digest  # part of the cache key only: a re-installed file is read again
    data = edition_bytes(edition_id)
    files = packaged_edition_files()
    where = f"editions/{files[edition_id]}" if edition_id in files else str(installed_dir() / f"{edition_id}.json")
    edition = parse_edition(decode_edition_bytes(data, where), where)
    if edition.id != edition_id:
        raise CatalogError(f"{where}: id {edition.id!r} does not match the file name")
    return edition


def load_edition(edition_id: str) -> Edition:
    """Edition ``edition_id`` (e.g. "1.0", "r8" or an installed id), validated; cached."""
    if not isinstance(edition_id, str) or not EDITION_ID_RE.match(edition_id):
        known = ", ".join(available_editions())
        raise CatalogError(f"unknown catalog edition {edition_id!r} (available: {known})")
    if edition_id in packaged_edition_files():
        return _load(edition_id, "")
    return _load(edition_id, edition_hash(edition_id))


def install_edition(path: str | Path) -> tuple[Edition, bool]:
    """Validate the edition file at ``path`` and copy it into the installed editions.

    Returns the edition and whether it replaced an installed file with the same id. Raises
    :class:`CatalogError` (and changes nothing) for a file that is not a valid edition.
    """
    src = Path(path)
    data = read_file_bytes(src)
    edition = parse_edition(decode_edition_bytes(data, str(src)), str(src))
    if edition.id in packaged_edition_files():
        raise CatalogError(
            f"{src}: edition {edition.id!r} is built into DX Planner; an installed edition needs another id"
        )
    folder = installed_dir()
    target = folder / f"{edition.id}.json"
    replaced = target.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fileops.write_atomic(target, data)
    except OSError as exc:
        raise CatalogError(f"{target}: cannot write: {exc.strerror or exc}") from None
    _load.cache_clear()
    return edition, replaced


def export_edition(edition_id: str, out: str | Path) -> Path:
    """Write edition ``edition_id``'s file, byte for byte, to ``out`` (for installing elsewhere)."""
    data = edition_bytes(edition_id)
    target = Path(out)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise CatalogError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return target
