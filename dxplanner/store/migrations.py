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

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dxplanner.errors import DxError, FileError
from dxplanner.i18n import N_
from dxplanner.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from dxplanner.store.gateway import PlanFile

MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}


# --- version 1 -> 2, part 1: 標準化 after the deadline (issue 16) -------------------------------------------
# The 標準化 tracker's row gets a status instead of the flags ``applicable`` and ``tokutei``, the
# actual 稼働日, ガバメントクラウド, contract term and links to tasks; the 40 numbered steps (whose
# names nobody can source) become the town's own named steps next to the three sourced phases;
# the new table ``std_costs`` holds 運用経費 and 移行経費. Frozen here: later versions must not
# change these statements.

_SYSTEMS_V2 = (
    'CREATE TABLE "systems" ("id" TEXT PRIMARY KEY NOT NULL, "name" TEXT, "status" TEXT, "vendor" TEXT, '
    '"system" TEXT, "planned_date" TEXT, "actual_date" TEXT, "tokutei_reason" INTEGER, '
    '"tokutei_reason_text" TEXT, "tokutei_deadline" TEXT, "cloud" TEXT, "cloud_partner" TEXT, '
    '"contract_start" TEXT, "contract_end" TEXT, "task_ids" TEXT, "phases" TEXT, "note" TEXT, "order" INTEGER)'
)
_STD_COSTS_V2 = (
    'CREATE TABLE "std_costs" ("id" TEXT PRIMARY KEY NOT NULL, "name" TEXT, "system_ids" TEXT, "kind" TEXT, '
    '"baseline" INTEGER, "actual" TEXT, "planned" TEXT, "fund_covered" INTEGER, "note" TEXT, "order" INTEGER)'
)
_SYSTEM_V2_FIELDS = ("id", "name", "status", "vendor", "system", "planned_date", "actual_date", "tokutei_reason",
                     "tokutei_reason_text", "tokutei_deadline", "cloud", "cloud_partner", "contract_start",
                     "contract_end", "task_ids", "phases", "note", "order")


def upgrade_system_v1(old: dict[str, Any]) -> dict[str, Any]:
    """One 標準化 row of format 1 (plain JSON values) as format 2; nothing is dropped.

    applicable=false -> 対象外; tokutei -> 特定移行支援 (its reason and deadline stay); else 移行済
    when the phase 移行 is 完了済み, 移行中 when any phase or step has begun, 未移行 otherwise.
    Each recorded step N keeps its status as the town's step 「ステップN」 after the phases.
    """
    phases: dict[str, str] = dict(old.get("phases") or {})
    steps = {int(k): v for k, v in (old.get("steps") or {}).items()}
    begun = any(v in ("作業中", "完了済み") for v in phases.values()) or any(
        v in ("作業中", "完了済み") for v in steps.values())
    if old.get("applicable") is False:
        status = "対象外"
    elif old.get("tokutei"):
        status = "特定移行支援"
    elif phases.get("移行") == "完了済み":
        status = "移行済"
    elif begun:
        status = "移行中"
    else:
        status = "未移行"
    for no in sorted(steps):
        phases.setdefault(f"ステップ{no}", steps[no])
    new = {k: v for k, v in old.items() if k not in ("applicable", "tokutei", "steps")}
    new.update(status=status, phases=phases)
    new.setdefault("actual_date", None)
    new.setdefault("tokutei_reason_text", "")
    new.setdefault("cloud", "未定")
    new.setdefault("cloud_partner", "")
    new.setdefault("contract_start", None)
    new.setdefault("contract_end", None)
    new.setdefault("task_ids", [])
    return new


def _v2_standardization(conn: sqlite3.Connection) -> None:
    cur = conn.execute('SELECT * FROM "systems" ORDER BY rowid')
    names = [d[0] for d in cur.description]
    rows = []
    for raw in cur.fetchall():
        old: dict[str, Any] = dict(zip(names, raw, strict=True))
        old["applicable"] = bool(old.get("applicable", 1))
        old["tokutei"] = bool(old.get("tokutei", 0))
        old["phases"] = json.loads(old["phases"]) if old.get("phases") else {}
        old["steps"] = json.loads(old["steps"]) if old.get("steps") else {}
        new = upgrade_system_v1(old)
        new["phases"] = json.dumps(new["phases"], ensure_ascii=False, separators=(",", ":"))
        new["task_ids"] = ""
        rows.append(tuple(new.get(f) for f in _SYSTEM_V2_FIELDS))
    conn.execute('DROP TABLE "systems"')
    conn.execute(_SYSTEMS_V2)
    marks = ", ".join("?" for _ in _SYSTEM_V2_FIELDS)
    cols = ", ".join(f'"{f}"' for f in _SYSTEM_V2_FIELDS)
    conn.executemany(f'INSERT INTO "systems" ({cols}) VALUES ({marks})', rows)
    conn.execute(_STD_COSTS_V2)


# --- version 1 -> 2, part 2: 財源 as a budget writes them (issue #15) -------------------------------------------
#: schema-1 funding sources and what they become (source, 交付税 措置); kept here, frozen, so this step
#: never changes when the model's vocabulary does
_V2_FUNDING = {"国庫補助金": ("国庫支出金", ""), "特別交付税": ("一般財源", "特別交付税"),
               "普通交付税": ("一般財源", "普通交付税"), "基金": ("その他", "")}


def _v2_budget_row(source: str, amount: int) -> tuple[str, str, int]:
    """(source, allocation, allocation_estimate) of a schema-1 budget line. A line funded by 交付税 is
    paid from 一般財源; the amount it counted on stays as its 措置見込額（参考）."""
    new, allocation = _V2_FUNDING.get(source, (source, ""))
    return new, allocation, amount if allocation else 0


def _v2_upgrade_plan_dict(data: dict[str, object]) -> bool:
    """The same change inside a snapshot's frozen plan (JSON); True when anything changed."""
    changed = False
    for line in data.get("budget") or []:  # type: ignore[attr-defined]
        if isinstance(line, dict) and "allocation" not in line:
            src, alloc, est = _v2_budget_row(str(line.get("source", "")), int(line.get("amount") or 0))
            line.update(source=src, allocation=alloc, allocation_estimate=est)
            changed = True
    for hire in data.get("hires") or []:  # type: ignore[attr-defined]
        if isinstance(hire, dict) and "allocation" not in hire:
            funding = str(hire.get("funding", "特別交付税"))  # schema 1's default
            src, alloc = _V2_FUNDING.get(funding, (funding, ""))
            hire.update(funding=src, allocation=alloc)
            changed = True
    return changed


def _v2_funding(conn: sqlite3.Connection) -> None:
    conn.execute('ALTER TABLE "hires" ADD COLUMN "allocation" TEXT')
    conn.execute('ALTER TABLE "budget" ADD COLUMN "allocation" TEXT')
    conn.execute('ALTER TABLE "budget" ADD COLUMN "allocation_estimate" INTEGER')
    for rowid, source, amount in conn.execute('SELECT rowid, "source", "amount" FROM "budget"').fetchall():
        src, alloc, est = _v2_budget_row(source or "", amount or 0)
        conn.execute('UPDATE "budget" SET "source" = ?, "allocation" = ?, "allocation_estimate" = ? WHERE rowid = ?',
                     (src, alloc, est, rowid))
    for rowid, funding in conn.execute('SELECT rowid, "funding" FROM "hires"').fetchall():
        src, alloc = _V2_FUNDING.get(funding or "", (funding, ""))
        conn.execute('UPDATE "hires" SET "funding" = ?, "allocation" = ? WHERE rowid = ?', (src, alloc, rowid))
    for rowid, text in conn.execute('SELECT rowid, "data" FROM "snapshots"').fetchall():
        try:
            data = json.loads(text) if text else None
        except ValueError:
            continue  # a damaged snapshot stays as it is (it is reported when opened)
        if isinstance(data, dict) and _v2_upgrade_plan_dict(data):
            conn.execute('UPDATE "snapshots" SET "data" = ? WHERE rowid = ?',
                         (json.dumps(data, ensure_ascii=False, separators=(",", ":")), rowid))


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 2 is one release: both parts run, in one transaction, in this order."""
    _v2_standardization(conn)
    _v2_funding(conn)


MIGRATIONS[1] = _v1_to_v2


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
