"""Every schema version ever released has a fixture, and each migrates to the newest keeping all data.

tests/data/schema/v<N>.dxplan is a file made by the program when N was current (never
regenerated); v<N>.json is its plan as written. When SCHEMA_VERSION grows, a new fixture is
added and every old one must still migrate (after a backup) to a file whose schema equals a
freshly created one, with every value of the old plan kept.

The migration machinery is also exercised with a synthetic migration from the newest real version to
the one after it (crash_worker.BASE -> NEXT), registered for the test (the same one the crash test kills).
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
from dxplanner.exchange.json_format import plan_to_dict, read_json_file, upgrade_funding_v1
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


@pytest.mark.parametrize("version", sorted(fixture_versions()))
def test_fixture_migrates_to_newest_keeping_everything(tmp_path, plan, version):
    src = fixture_versions()[version]
    expected = json.loads(src.with_suffix(".json").read_text(encoding="utf-8"))
    if expected["format_version"] < 2:  # schema 2 renamed the 財源 (the same change as the JSON reader's)
        expected = upgrade_funding_v1(expected)
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
        with PlanFile.open(made[0], readonly=True) as pf:
            assert pf.schema_version() == version
    else:
        assert made == [] and digest(path) == original  # nothing to migrate: not a byte changed


# --- the machinery, with a synthetic version after the newest ---------------------------------------


@pytest.fixture
def schema_v2(monkeypatch):
    """Make this process read schema NEXT with the crash test's synthetic BASE -> NEXT migration."""
    monkeypatch.setattr(schema, "SCHEMA_VERSION", crash_worker.NEXT)
    monkeypatch.setattr(gateway, "SCHEMA_VERSION", crash_worker.NEXT)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", crash_worker.NEXT)
    monkeypatch.setattr(migrations, "MIGRATIONS", dict(migrations.MIGRATIONS))
    crash_worker.install_synthetic_migration(slow=False)
    yield


def test_migration_runs_after_a_verified_backup_and_keeps_data(tmp_path, schema_v2):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(fixture_versions()[1], path)
    with PlanFile.open(path, readonly=True) as pf:
        v1_plan = pf.load()
    before = digest(path)
    with Document.open(path) as doc:
        assert doc.file is not None and doc.file.schema_version() == crash_worker.NEXT
        migrated = plan_to_dict(doc.plan)
    # the v1 plan as this version reads it (v1.json), then the synthetic step
    assert migrated == plan_to_dict(crash_worker.migrated(read_json_file(fixture_versions()[1].with_suffix(".json"))))
    with PlanFile.open(fixture_versions()[1], readonly=True) as pf:  # a reader migrates in memory
        assert plan_to_dict(pf.load()) == migrated
    (made,) = backup.list_backups(path)
    assert backup.backup_reason(made) == "before-migration-v1"
    verify(made, full=True)
    with PlanFile.open(made, readonly=True) as pf:
        assert pf.schema_version() == 1
        assert plan_to_dict(pf.load()) == plan_to_dict(v1_plan)
    assert digest(path) != before
    # opening again: nothing more to do, no second backup
    with Document.open(path):
        pass
    assert len(backup.list_backups(path)) == 1


def test_failing_migration_leaves_the_file_unchanged(tmp_path, schema_v2, monkeypatch):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(fixture_versions()[1], path)
    before = digest(path)

    def broken(conn):
        conn.execute('UPDATE "tasks" SET title = \'半分だけ\'')
        raise RuntimeError("step failed half way")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, broken)
    with pytest.raises(FileError) as ei:
        Document.open(path)
    assert "unchanged" in ei.value.message_en and "backups" in ei.value.message_en
    assert digest(path) == before
    assert not (tmp_path / "町.dxplan.lock").exists()
    assert len(backup.list_backups(path)) == 1


def test_missing_migration_step_is_a_clear_error(tmp_path, schema_v2, monkeypatch):
    path = tmp_path / "町.dxplan"
    shutil.copyfile(fixture_versions()[1], path)
    before = digest(path)
    monkeypatch.delitem(migrations.MIGRATIONS, 1)
    with pytest.raises(FileError) as ei:
        Document.open(path)
    assert "cannot bring up to date" in ei.value.message_en
    assert digest(path) == before
    assert backup.list_backups(path) == []


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
