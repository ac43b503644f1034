"""Forward migrations of the .dxplan schema.

``MIGRATIONS[n]`` turns a version-n file into version n+1 inside one transaction. Before the
first step a verified backup of the file is made (see :mod:`dxplanner.store.backup`), so a
failed or interrupted migration loses nothing. Version 1 is the first released format; each
later version adds one entry here and one fixture file under ``tests/data/schema/``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from dxplanner.errors import FileError
from dxplanner.i18n import N_
from dxplanner.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from dxplanner.store.gateway import PlanFile

MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}


def migrate(pf: PlanFile, from_version: int) -> None:
    from dxplanner.store.backup import make_backup

    if from_version < 1:
        raise FileError(N_("{file} is damaged and cannot be read ({detail})"), file=pf.path.name,
                        detail=f"schema version {from_version}")
    make_backup(pf, reason=f"before-migration-v{from_version}")
    with pf.atomic() as conn:
        version = from_version
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
