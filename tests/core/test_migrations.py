"""Every schema version ever released has a fixture, and each migrates to the newest keeping all data.

tests/data/schema/v<N>.dxplan is a file made by the program when N was current (never
regenerated); v<N>.json is its plan as written. When SCHEMA_VERSION grows, a new fixture is
added and every old one must still migrate (after a backup) to a file whose schema equals a
freshly created one, with every value of the old plan kept.

The migration machinery is also exercised now, while only version 1 exists, with a synthetic
v1 -> v2 migration registered for the test (the same one the crash test kills).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from dxplanner.document import Document
from dxplanner.errors import FileError
from dxplanner.exchange.json_format import plan_to_dict, upgrade_funding_v1
from dxplanner.store import backup, gateway, migrations, schema
from dxplanner.store.gateway import PlanFile, verify, write_new
from dxplanner.store.schema import SCHEMA_VERSION
from tests.core import crash_worker

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "schema"


def fixture_versions() -> dict[int, Path]:
    out = {}
    for p in FIXTURES.glob("v*.dxplan"):
        m = re.fullmatch(r"v(\d+)\.dxplan", p.name)
        if m:
            out[int(m.group(1))] = p
    return out


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def schema_sql(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    finally:
        conn.close()


def kept(old, new, where="plan"):
    """Every value of the old dump is in the new one (new fields may have been added)."""
    if isinstance(old, dict):
        assert isinstance(new, dict), where
        for k, v in old.items():
            assert k in new, f"{where}.{k} lost"
            kept(v, new[k], f"{where}.{k}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), f"{where}: {len(old)} items became {len(new)}"
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            kept(a, b, f"{where}[{i}]")
    else:
        assert old == new, f"{where}: {old!r} became {new!r}"


def test_a_fixture_for_every_released_version():
    assert sorted(fixture_versions()) == list(range(1, SCHEMA_VERSION + 1)), (
        "add tests/data/schema/v<N>.dxplan (and .json) made by the new version; never delete old ones")


def upgraded(data: dict, version: int) -> dict:
    """The old plan's JSON with the documented moves of later versions applied (nothing dropped:
    v2 moved the 標準化 flags and steps into status and named steps and renamed the 財源, keeping
    a 交付税 措置 as its allocation: see migrations.py)."""
    if version < 2:
        data = upgrade_funding_v1(data)
        data = {**data, "systems": [migrations.upgrade_system_v1(s) for s in data.get("systems", [])]}
    return data


@pytest.mark.parametrize("version", sorted(fixture_versions()))
def test_fixture_migrates_to_newest_keeping_everything(tmp_path, plan, version):
    src = fixture_versions()[version]
    expected = upgraded(json.loads(src.with_suffix(".json").read_text(encoding="utf-8")), version)
    expected.pop("format_version", None)
    path = tmp_path / "町.dxplan"
    shutil.copyfile(src, path)
    original = digest(path)
    assert verify(path) == version
    with Document.open(path) as doc:
        kept(expected, plan_to_dict(doc.plan))
    verify(path, full=True)
    with PlanFile.open(path, readonly=True) as pf:
        assert pf.schema_version() == SCHEMA_VERSION
        kept(expected, plan_to_dict(pf.load()))
    fresh = tmp_path / "fresh.dxplan"
    write_new(fresh, plan)
    assert schema_sql(path) == schema_sql(fresh)
    made = [b for b in backup.list_backups(path) if backup.backup_reason(b).startswith("before-migration")]
    if version < SCHEMA_VERSION:
        assert len(made) == 1, "no backup was made before migrating"
        assert verify(made[0]) == version
    else:
        assert made == [] and digest(path) == original  # nothing to migrate: not a byte changed


# --- the machinery, with a synthetic next version ---------------------------------------------------

NEWEST = max(fixture_versions())


@pytest.fixture
def schema_v2(monkeypatch):
    """Make this process read one schema version more than it knows, with the crash test's synthetic
    migration from the newest real version."""
    nxt = SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "SCHEMA_VERSION", nxt)
    monkeypatch.setattr(gateway, "SCHEMA_VERSION", nxt)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", nxt)
    monkeypatch.setattr(migrations, "MIGRATIONS", dict(migrations.MIGRATIONS))
    crash_worker.install_synthetic_migration(slow=False)
    yield


def test_migration_runs_after_a_verified_backup_and_keeps_data(tmp_path, schema_v2):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(fixture_versions()[NEWEST], path)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        old = plan_to_dict(gateway.read_plan(conn, path))  # as stored, before any migration
    before = digest(path)
    with PlanFile.open(path, readonly=True) as pf:  # a reader brings it up to date in memory only
        assert plan_to_dict(pf.load()) == crash_worker.expected_migrated(old)
    assert digest(path) == before and backup.list_backups(path) == []
    with Document.open(path) as doc:
        assert doc.file is not None and doc.file.schema_version() == NEWEST + 1
        assert plan_to_dict(doc.plan) == crash_worker.expected_migrated(old)
    (made,) = backup.list_backups(path)
    assert backup.backup_reason(made) == f"before-migration-v{NEWEST}"
    assert verify(made, full=True) == NEWEST
    with sqlite3.connect(f"file:{made}?mode=ro", uri=True) as conn:
        assert plan_to_dict(gateway.read_plan(conn, made)) == old
    assert digest(path) != before
    # opening again: nothing more to do, no second backup
    with Document.open(path):
        pass
    assert len(backup.list_backups(path)) == 1


def test_failing_migration_leaves_the_file_unchanged(tmp_path, schema_v2, monkeypatch):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(fixture_versions()[NEWEST], path)
    before = digest(path)

    def broken(conn):
        conn.execute('UPDATE "tasks" SET title = \'半分だけ\'')
        raise RuntimeError("step failed half way")

    monkeypatch.setitem(migrations.MIGRATIONS, NEWEST, broken)
    with pytest.raises(FileError) as ei:
        Document.open(path)
    assert "unchanged" in ei.value.message_en and "backups" in ei.value.message_en
    assert digest(path) == before
    assert not (tmp_path / "町.dxplan.lock").exists()
    assert len(backup.list_backups(path)) == 1


def test_missing_migration_step_is_a_clear_error(tmp_path, schema_v2, monkeypatch):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(fixture_versions()[NEWEST], path)
    before = digest(path)
    monkeypatch.delitem(migrations.MIGRATIONS, NEWEST)
    with pytest.raises(FileError) as ei:
        Document.open(path)
    assert "cannot bring up to date" in ei.value.message_en
    assert digest(path) == before
    assert backup.list_backups(path) == []


def test_an_older_file_opened_read_only_is_read_as_new_and_not_changed(tmp_path):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(fixture_versions()[1], path)
    before = digest(path)
    expected = upgraded(json.loads(fixture_versions()[1].with_suffix(".json").read_text(encoding="utf-8")), 1)
    expected.pop("format_version", None)
    with PlanFile.open(path, readonly=True) as pf:
        kept(expected, plan_to_dict(pf.load()))
    assert digest(path) == before
    assert backup.list_backups(path) == []


def test_v1_standardization_rows_land_in_the_new_fields():
    """The v1 flags and numbered steps of the 標準化 tracker, as the v2 migration places them."""
    up = migrations.upgrade_system_v1
    base = {"id": "juki", "name": "住民基本台帳", "applicable": True, "vendor": "A社", "system": "P",
            "planned_date": "2026-01-05", "tokutei": False, "tokutei_reason": None, "tokutei_deadline": None,
            "phases": {}, "steps": {}, "note": "メモ", "order": 0}
    assert up(base)["status"] == "未移行"
    assert up({**base, "applicable": False, "tokutei": True})["status"] == "対象外"
    t = up({**base, "tokutei": True, "tokutei_reason": 4, "tokutei_deadline": "2031-03-31"})
    assert (t["status"], t["tokutei_reason"], t["tokutei_deadline"]) == ("特定移行支援", 4, "2031-03-31")
    assert up({**base, "phases": {"移行": "完了済み"}})["status"] == "移行済"
    started = up({**base, "steps": {"3": "完了済み", "24": "作業中", "1": "未着手"}})
    assert started["status"] == "移行中"
    assert list(started["phases"].items()) == [("ステップ1", "未着手"), ("ステップ3", "完了済み"),
                                               ("ステップ24", "作業中")]
    assert {k: started[k] for k in ("vendor", "system", "planned_date", "note")} == {
        "vendor": "A社", "system": "P", "planned_date": "2026-01-05", "note": "メモ"}
    assert "steps" not in started and "applicable" not in started and "tokutei" not in started


def test_a_newer_file_is_refused_untouched(tmp_path):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(fixture_versions()[1], path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(path)
    for readonly in (False, True):
        with pytest.raises(FileError) as ei:
            Document.open(path, readonly=readonly)
        assert "newer" in ei.value.message_en
    assert digest(path) == before
