"""Forward migrations of the .dxplan schema.

``MIGRATIONS[n]`` turns a version-n file into version n+1. Before the first step a verified
backup of the file is made (``<name>.backups/<name>.<time>.before-migration-v<n>.dxplan``, see
:mod:`dxplanner.store.backup`; these are never thinned out). All steps and the new
``user_version`` are then committed in **one** transaction: a failed or interrupted migration
leaves the file exactly at its old version (the next opening tries again), never in between.

Version 1 is the first released format. To add version N+1 (see docs/data-safety.md):
raise ``SCHEMA_VERSION`` in schema.py, add ``MIGRATIONS[N]`` here, and commit a fixture
``tests/data/schema/v<N+1>.dxplan`` made by that version (the old fixtures stay forever);
tests/core/test_migrations.py migrates every fixture to the newest version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from dxplanner.errors import DxError, FileError
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
    missing = [v for v in range(from_version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise FileError(
            N_("{file} uses file format {found}, which this program cannot bring up to date"),
            file=pf.path.name, found=from_version,
        )
    saved = make_backup(pf, reason=f"before-migration-v{from_version}")
    try:
        with pf.atomic() as conn:
            version = from_version
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](conn)
                version += 1
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except DxError:
        raise
    except Exception as exc:
        raise FileError(
            N_("{file} could not be brought up to date ({detail}); it is unchanged, and a copy is in {backup}"),
            file=pf.path.name, detail=str(exc), backup=str(saved),
        ) from exc
