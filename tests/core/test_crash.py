"""Crash safety, proven: SIGKILL at random moments during edits, load, backup and migration.

Also during ``import`` (progress workbooks read back). Each kill runs a worker (tests/core/crash_worker.py) that reports every finished step, kills it
after a seeded random delay, then checks that the file

- opens read-only without changing a byte (a hot journal is rolled back in a private copy),
- equals the state before or after the interrupted step (JSON dump compared),
- opens for writing (the stale lock of the dead process is recognised and cleared; SQLite rolls
  the journal back), passes ``PRAGMA integrity_check``, and still holds the same state,
- leaves no temporary file beside it after that, and every backup passes ``integrity_check``.

Default: 10 kills per kind (a few seconds each). ``-m slow``: 120 per kind. The seed is
``DXPLANNER_CRASH_SEED`` (default 20260401) so a failing kill can be replayed by its index.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dxplanner.document import Document
from dxplanner.exchange.json_format import dumps, plan_to_dict, read_json_file
from dxplanner.paths import sample_plan_json
from dxplanner.store import backup, lock
from dxplanner.store.gateway import PlanFile, _open_reader, journal_path, read_plan, verify, write_new
from tests.core import crash_worker

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("DXPLANNER_CRASH_SEED", "20260401"))
FAST_KILLS = 10
SLOW_KILLS = 120
PARALLEL = 4

pytestmark = pytest.mark.posix_only  # the SIGKILL harness


@dataclasses.dataclass
class Kill:
    index: int
    steps_done: int  # the last "done N" the worker printed
    finished: bool  # the worker finished everything before the kill
    hot_journal: bool  # a -journal was left: the kill landed inside a transaction
    stderr: str


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def run_and_kill(kind: str, path: Path, seed: int, delay: float, extra: list[str] | None = None) -> Kill:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.core.crash_worker", kind, str(path), str(seed), *(extra or [])],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    first = proc.stdout.readline()
    if first.strip() != "ready":
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"worker did not start: {first!r} {out} {err}")
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout))  # type: ignore[arg-type]
    reader.start()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join()
    err = proc.stderr.read() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    proc.stdout.close()
    done = [int(x.split()[1]) for x in lines if x.startswith("done ")]
    return Kill(0, max(done, default=0), any(x.strip() == "finished" for x in lines),
                journal_path(path).exists(), err)


def check_read_only_open(path: Path) -> dict:
    """Open read-only (no byte may change) and return the plan's JSON dump."""
    files_before = {p.name: digest(p) for p in path.parent.iterdir() if p.is_file()}
    assert verify(path) >= 1
    with PlanFile.open(path, readonly=True) as pf:
        state = plan_to_dict(pf.load())
    files_after = {p.name: digest(p) for p in path.parent.iterdir() if p.is_file()}
    assert files_after == files_before, "a read-only open changed a file"
    return state


def integrity_ok(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


def check_writable_open(path: Path, expected: dict) -> None:
    """Open for writing after the crash: stale lock cleared, journal rolled back, same state."""
    with Document.open(path) as doc:
        assert plan_to_dict(doc.plan) == expected
    assert not lock.lock_path(path).exists()
    assert not journal_path(path).exists()
    integrity_ok(path)
    leftovers = [p.name for p in path.parent.glob(path.name + ".*.tmp")]
    assert not leftovers, leftovers
    for b in backup.list_backups(path):
        verify(b, full=True)


def kills(n: int, kind: str, one) -> list[Kill]:
    """Run ``one(index, rng)`` n times, PARALLEL at a time; each returns a Kill."""
    with ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(lambda i: one(i, random.Random(f"{SEED}-{kind}-{i}")), range(n)))
    landed = sum(1 for k in results if k.hot_journal)
    finished = sum(1 for k in results if k.finished)
    print(f"\n{kind}: {n} kills, {landed} left a -journal (killed inside a transaction), {finished} after the worker finished")
    return results


# --- edits ------------------------------------------------------------------------------------


def _start_plan(folder: Path) -> Path:
    path = folder / "町.dxplan"
    write_new(path, read_json_file(sample_plan_json()))
    return path


def _fresh(path: Path):
    with PlanFile.open(path, readonly=True) as pf:
        return pf.load()


def edits_kill(tmp: Path, index: int, rng: random.Random) -> Kill:
    folder = tmp / f"edits{index}"
    folder.mkdir()
    path = _start_plan(folder)
    start = folder / "start.dxplan"
    shutil.copyfile(path, start)
    seed = rng.randrange(1 << 30)
    k = run_and_kill("edits", path, seed, rng.uniform(0.0, 0.25))
    k.index = index
    state = check_read_only_open(path)
    before = plan_to_dict(crash_worker.replay(_fresh(start), seed, k.steps_done))
    after = plan_to_dict(crash_worker.replay(_fresh(start), seed, k.steps_done + 1))
    assert state in (before, after), f"kill {index}: the file is neither state {k.steps_done} nor the next"
    check_writable_open(path, state)
    return k


def test_kill_during_edits(tmp_path):
    results = kills(FAST_KILLS, "edits", lambda i, rng: edits_kill(tmp_path, i, rng))
    assert any(k.steps_done > 0 for k in results)


@pytest.mark.slow
def test_kill_during_edits_many(tmp_path):
    results = kills(SLOW_KILLS, "edits", lambda i, rng: edits_kill(tmp_path, i, rng))
    assert any(k.hot_journal for k in results), "no kill landed inside a transaction"


# --- load (JSON -> new file, as ``dxplanner load --force``) --------------------------------------


@pytest.fixture
def two_jsons(tmp_path):
    plan_a = read_json_file(sample_plan_json())
    plan_b = read_json_file(sample_plan_json())
    plan_b.title = "別の計画（B）"
    for tid in sorted(plan_b.tasks)[:5]:
        plan_b.tasks[tid].progress = 77
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(dumps(plan_a), encoding="utf-8")
    b.write_text(dumps(plan_b), encoding="utf-8")
    return a, b, plan_to_dict(plan_a), plan_to_dict(plan_b)


def load_kill(tmp: Path, jsons, index: int, rng: random.Random) -> Kill:
    a, b, state_a, state_b = jsons
    folder = tmp / f"load{index}"
    folder.mkdir()
    path = folder / "町.dxplan"
    initial = read_json_file(sample_plan_json())
    initial.title = "最初の状態"
    write_new(path, initial)
    state0 = plan_to_dict(initial)
    k = run_and_kill("load", path, 0, rng.uniform(0.0, 0.25), [str(a), str(b)])
    k.index = index

    def state(n: int) -> dict:
        return state0 if n == 0 else (state_a if n % 2 else state_b)

    got = check_read_only_open(path)
    assert got in (state(k.steps_done), state(k.steps_done + 1)), f"kill {index}"
    check_writable_open(path, got)
    return k


def test_kill_during_load(tmp_path, two_jsons):
    kills(FAST_KILLS, "load", lambda i, rng: load_kill(tmp_path, two_jsons, i, rng))


@pytest.mark.slow
def test_kill_during_load_many(tmp_path, two_jsons):
    kills(SLOW_KILLS, "load", lambda i, rng: load_kill(tmp_path, two_jsons, i, rng))


# --- backup --------------------------------------------------------------------------------------


def backup_kill(tmp: Path, index: int, rng: random.Random) -> Kill:
    folder = tmp / f"backup{index}"
    folder.mkdir()
    path = _start_plan(folder)
    before_hash = digest(path)
    expected = plan_to_dict(_fresh(path))
    k = run_and_kill("backup", path, 0, rng.uniform(0.0, 0.25))
    k.index = index
    assert digest(path) == before_hash, "making a backup changed the plan file"
    for b in backup.list_backups(path):  # every file carrying a backup's name is a whole, good backup
        verify(b, full=True)
        assert plan_to_dict(_fresh(b)) == expected
    assert len(backup.list_backups(path)) <= backup.KEEP + 1
    assert check_read_only_open(path) == expected
    check_writable_open(path, expected)
    return k


def test_kill_during_backup(tmp_path):
    results = kills(FAST_KILLS, "backup", lambda i, rng: backup_kill(tmp_path, i, rng))
    assert any(k.steps_done > 0 for k in results)


@pytest.mark.slow
def test_kill_during_backup_many(tmp_path):
    kills(SLOW_KILLS, "backup", lambda i, rng: backup_kill(tmp_path, i, rng))


# --- migration -------------------------------------------------------------------------------------


def read_any_version(path: Path) -> tuple[int, dict]:
    """(user_version, plan dump) of the last committed state, without the version check."""
    conn, private = _open_reader(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return version, plan_to_dict(read_plan(conn, path))
    finally:
        conn.close()
        if private:
            shutil.rmtree(private)


def migrate_kill(tmp: Path, index: int, rng: random.Random) -> Kill:
    folder = tmp / f"migrate{index}"
    folder.mkdir()
    path = _start_plan(folder)
    _, v1 = read_any_version(path)  # as stored (a read-only open would bring it up to date in memory)
    v2 = crash_worker.expected_migrated(v1)
    files_before = digest(path)
    k = run_and_kill("migrate", path, 0, rng.uniform(0.0, 0.15))
    k.index = index
    version, state = read_any_version(path)
    real = crash_worker.REAL_SCHEMA_VERSION
    assert (version, state) in ((real, v1), (real + 1, v2)), f"kill {index}: version {version} with the other state"
    if version == real:
        # the file is whole and at the old version: every byte of the last commit is there (a
        # read-only open shows it brought up to date, in memory only)
        assert check_read_only_open(path) == v2
        if not k.hot_journal:
            assert digest(path) == files_before
    # the next start completes the migration (this process reads the next schema too: see the fixture)
    with PlanFile.open(path) as pf:
        assert pf.schema_version() == real + 1
    assert read_any_version(path) == (real + 1, v2)
    integrity_ok(path)
    assert not lock.lock_path(path).exists()
    made = backup.list_backups(path)
    assert made, "no backup before the migration"
    assert all(backup.backup_reason(b) == f"before-migration-v{real}" for b in made)
    for b in made:
        verify(b, full=True)
        assert read_any_version(b) == (real, v1)
    return k


@pytest.fixture
def reads_schema_2(monkeypatch):
    """This process, like the worker, reads the next schema and knows the synthetic migration to it."""
    from dxplanner.store import gateway, migrations, schema

    for module in (schema, gateway, migrations):
        monkeypatch.setattr(module, "SCHEMA_VERSION", crash_worker.REAL_SCHEMA_VERSION + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", dict(migrations.MIGRATIONS))
    crash_worker.install_synthetic_migration(slow=False)


def test_kill_during_migration(tmp_path, reads_schema_2):
    kills(FAST_KILLS, "migrate", lambda i, rng: migrate_kill(tmp_path, i, rng))


@pytest.mark.slow
def test_kill_during_migration_many(tmp_path, reads_schema_2):
    results = kills(SLOW_KILLS, "migrate", lambda i, rng: migrate_kill(tmp_path, i, rng))
    assert any(k.hot_journal for k in results), "no kill landed inside the migration transaction"


# --- import (progress workbooks read back into the plan) ----------------------------------------------

IMPORT_STEPS = 3


@pytest.fixture(scope="module")
def progress_workbooks(tmp_path_factory):
    """W1..Wn and the states s0..sn. One workbook is exported from s0; Wk is it with a different
    set of 12 tasks filled in (progress, status, comment) as a department would, so reading Wk
    into s(k-1) changes exactly that set (earlier sets are untouched cells: plan changes survive)."""
    import openpyxl

    from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx
    from dxplanner.exchange.xlsx_import import read_progress

    folder = tmp_path_factory.mktemp("import-books")
    start = folder / "start.dxplan"
    write_new(start, read_json_file(sample_plan_json()))
    plan = _fresh(start)
    exported = folder / "W0.xlsx"
    export_xlsx(plan, exported, XlsxOptions(progress="all", today=datetime.date(2025, 10, 1)))
    wb = openpyxl.load_workbook(exported)
    ws = wb["進捗入力"]
    rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in plan.tasks]
    rng = random.Random(SEED)
    rng.shuffle(rows)
    states = [plan_to_dict(plan)]
    books = []
    for k in range(1, IMPORT_STEPS + 1):
        chosen = rows[(k - 1) * 12 : k * 12]
        saved = {r: (ws.cell(r, 8).value, ws.cell(r, 9).value, ws.cell(r, 12).value) for r in chosen}
        for r in chosen:
            ws.cell(r, 8).value = rng.choice(("進行中", "保留"))
            ws.cell(r, 9).value = rng.randrange(1, 100)
            ws.cell(r, 12).value = f"第{k}回の報告 髙﨑"
        xlsx = folder / f"W{k}.xlsx"
        wb.save(xlsx)
        for r, (status, progress, comment) in saved.items():
            ws.cell(r, 8).value, ws.cell(r, 9).value, ws.cell(r, 12).value = status, progress, comment
        result = read_progress(xlsx, plan)
        assert result.errors == [] and result.op is not None and result.changed_rows == len(chosen)
        result.op.apply(plan)
        states.append(plan_to_dict(plan))
        books.append(xlsx)
    return start, books, states


def import_kill(tmp: Path, books_and_states, index: int, rng: random.Random) -> Kill:
    start, books, states = books_and_states
    folder = tmp / f"import{index}"
    folder.mkdir()
    path = folder / "町.dxplan"
    shutil.copyfile(start, path)
    k = run_and_kill("import", path, 0, rng.uniform(0.0, 0.8), [str(b) for b in books])
    k.index = index
    got = check_read_only_open(path)
    n = k.steps_done
    allowed = [states[n]] + ([states[n + 1]] if n + 1 < len(states) else [])
    assert got in allowed, f"kill {index}: the file is neither state {n} nor the next"
    check_writable_open(path, got)
    return k


def test_kill_during_import(tmp_path, progress_workbooks):
    kills(FAST_KILLS, "import", lambda i, rng: import_kill(tmp_path, progress_workbooks, i, rng))


@pytest.mark.slow
def test_kill_during_import_many(tmp_path, progress_workbooks):
    kills(SLOW_KILLS, "import", lambda i, rng: import_kill(tmp_path, progress_workbooks, i, rng))
