"""The .dxplan schema: one table per collection of the model, one row per entity.

The tables are generated from the dataclasses (column = field, in field order), so a reader
with any SQLite tool sees plain, named columns. Lists and maps are JSON text. Plan-level
fields and the municipality live in ``dx_meta`` as JSON values.

``SCHEMA_VERSION`` is kept in ``PRAGMA user_version``; ``APPLICATION_ID`` ("DXP1") in
``PRAGMA application_id``. A file with another application id, or a newer schema, is refused.
Migrations are functions from version N to N+1 (see ``migrations.py``).
"""

from __future__ import annotations

from dxplanner.codec import specs, sql_type
from dxplanner.model import COLLECTIONS

APPLICATION_ID = 0x44585031  # b"DXP1"
SCHEMA_VERSION = 2  # 2: 標準化 after the deadline (#16); 財源 as budgets write them (#15)
SQLITE_HEADER = b"SQLite format 3\x00"
META_TABLE = "dx_meta"


def columns(kind: str) -> list[str]:
    return [s.name for s in specs(COLLECTIONS[kind])]


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_statements() -> list[str]:
    stmts = [f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"]
    for kind, cls in COLLECTIONS.items():
        cols = []
        for s in specs(cls):
            col = f"{quoted(s.name)} {sql_type(s.kind)}"
            if s.name == "id":
                col += " PRIMARY KEY NOT NULL"
            cols.append(col)
        stmts.append(f"CREATE TABLE {quoted(kind)} ({', '.join(cols)})")
    stmts.append('CREATE INDEX "tasks_by_area" ON "tasks" ("area_id", "parent_id")')
    return stmts


# tables added after version 1, with the version that added them (an older file lacks them
# until it is migrated)
TABLES_SINCE = {"std_costs": 2}


def expected_tables(version: int = SCHEMA_VERSION) -> set[str]:
    return {META_TABLE, *(k for k in COLLECTIONS if TABLES_SINCE.get(k, 1) <= version)}
