from __future__ import annotations

import datetime
import hashlib
import os
import sqlite3
import struct

import pytest

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.errors import FileError, LockedError
from dxplanner.exchange.json_format import plan_to_dict
from dxplanner.model import Task
from dxplanner.store import lock
from dxplanner.store.gateway import PlanFile, verify, write_new
from dxplanner.store.schema import APPLICATION_ID, SCHEMA_VERSION


def digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_file_header_has_application_id_and_version(plan_file):
    head = plan_file.read_bytes()[:100]
    assert struct.unpack(">I", head[68:72])[0] == APPLICATION_ID
    assert struct.unpack(">I", head[60:64])[0] == SCHEMA_VERSION
    assert verify(plan_file) == SCHEMA_VERSION


def test_load_equals_written(plan, plan_file):
    with PlanFile.open(plan_file, readonly=True) as pf:
        loaded = pf.load()
    assert plan_to_dict(loaded) == plan_to_dict(plan)


def test_readonly_open_never_changes_bytes(plan_file):
    before = digest(plan_file)
    mtime = plan_file.stat().st_mtime_ns
    for _ in range(3):
        with PlanFile.open(plan_file, readonly=True) as pf:
            pf.load()
    assert digest(plan_file) == before
    assert plan_file.stat().st_mtime_ns == mtime
    assert not list(plan_file.parent.glob("*.lock"))


def test_edit_is_committed_immediately_and_file_stays_single(plan_file):
    doc = Document.open(plan_file)
    tid = next(iter(doc.plan.tasks))
    doc.execute(ops.UpdateEntity("tasks", tid, {"title": "新しい名前", "progress": 40}))
    # another reader sees the change while the document is still open
    with PlanFile.open(plan_file, readonly=True) as pf:
        assert pf.load().tasks[tid].title == "新しい名前"
    doc.close()
    # one file (no -journal, -wal, -shm or lock left); the automatic backups have their own folder
    names = sorted(p.name for p in plan_file.parent.iterdir())
    assert names == ["町.dxplan", "町.dxplan.backups"], names


def test_second_writer_refused_with_holder(plan_file):
    doc = Document.open(plan_file)
    try:
        with pytest.raises(LockedError) as ei:
            Document.open(plan_file)
        assert ei.value.holder["pid"] > 0
        assert "since" in ei.value.holder
        assert "読み取り専用" in ei.value.message_ja or "read-only" in ei.value.message_en
        # read-only opening still works while held
        with PlanFile.open(plan_file, readonly=True) as pf:
            assert pf.load().tasks
    finally:
        doc.close()
    Document.open(plan_file).close()


def test_stale_lock_is_cleared(plan_file):
    import json
    import socket

    lock.lock_path(plan_file).write_text(
        json.dumps({"user": "x", "host": socket.gethostname(), "pid": 999_999_99, "since": "2020-01-01"}),
        encoding="utf-8",
    )
    Document.open(plan_file).close()
    assert not lock.lock_path(plan_file).exists()


def test_foreign_lock_is_respected(plan_file):
    import json

    lock.lock_path(plan_file).write_text(
        json.dumps({"user": "tanaka", "host": "other-pc", "pid": 1, "since": "2026-01-01T09:00"}), encoding="utf-8"
    )
    with pytest.raises(LockedError) as ei:
        Document.open(plan_file)
    assert "tanaka" in ei.value.message_en and "other-pc" in ei.value.message_en


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"", "0"),
        (b"hello, this is a text file\n", "DX Planner"),
        (b"SQLite format 3\x00" + b"\x00" * 10, "damaged"),
    ],
)
def test_unusable_files_refused_untouched(tmp_path, content, needle):
    p = tmp_path / "bad.dxplan"
    p.write_bytes(content)
    before = digest(p)
    with pytest.raises(FileError) as ei:
        PlanFile.open(p)
    assert needle in ei.value.message_en or needle in ei.value.message_ja
    assert digest(p) == before
    assert not lock.lock_path(p).exists()


def test_other_programs_sqlite_refused(tmp_path):
    p = tmp_path / "other.dxplan"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = digest(p)
    with pytest.raises(FileError) as ei:
        PlanFile.open(p)
    assert "another program" in ei.value.message_en
    assert digest(p) == before


def test_newer_version_refused(tmp_path, plan):
    p = tmp_path / "new.dxplan"
    write_new(p, plan, version=SCHEMA_VERSION + 1)
    before = digest(p)
    with pytest.raises(FileError) as ei:
        PlanFile.open(p)
    assert "newer" in ei.value.message_en
    assert "新しい" in ei.value.message_ja
    assert digest(p) == before


def test_truncated_file_refused(tmp_path, plan_file):
    data = plan_file.read_bytes()
    p = tmp_path / "trunc.dxplan"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileError):
        Document.open(p)


def test_failed_write_rolls_back_memory(plan_file, monkeypatch):
    doc = Document.open(plan_file)
    tid = next(iter(doc.plan.tasks))
    old = doc.plan.tasks[tid].title

    def boom(*a, **k):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(doc.file, "persist", boom)
    with pytest.raises(sqlite3.OperationalError):
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "X"}))
    assert doc.plan.tasks[tid].title == old
    doc.close()


def test_atomic_nests_and_rolls_back(plan_file):
    pf = PlanFile.open(plan_file)
    try:
        plan = pf.load()
        t = next(iter(plan.tasks.values()))
        with pytest.raises(RuntimeError), pf.atomic():
            with pf.atomic() as conn:
                conn.execute("UPDATE tasks SET title='A' WHERE id=?", (t.id,))
            raise RuntimeError
        assert pf.load().tasks[t.id].title == t.title
    finally:
        pf.close()


def test_save_as_copies_with_backup_api(plan_file, tmp_path):
    with Document.open(plan_file) as doc:
        target = tmp_path / "copy.dxplan"
        doc.file.save_as(target)
    with PlanFile.open(target, readonly=True) as pf:
        assert len(pf.load().tasks) > 10


def test_text_survives_storage_exactly(plan_file):
    samples = ["髙﨑", "\uf9dc", "𠮷野家", "葛\U000e0100城", "\ue000外字", "ｶﾀｶﾅ", "㈱①", "👨‍👩‍👧", "e\u0301", "<b>x</b>", "=1+1"]
    with Document.open(plan_file) as doc:
        tid = next(iter(doc.plan.tasks))
        for s in samples:
            doc.execute(ops.UpdateEntity("tasks", tid, {"title": s, "description": s + "\n2行目"}))
            with PlanFile.open(plan_file, readonly=True) as pf:
                t = pf.load().tasks[tid]
            assert t.title == s
            assert t.description == s + "\n2行目"


def test_create_refuses_existing(plan_file, plan):
    with pytest.raises(FileError):
        PlanFile.create(plan_file, plan)


def test_dates_and_lists_round_trip(plan_file):
    with Document.open(plan_file) as doc:
        ids = list(doc.plan.tasks)
        a, b = ids[0], ids[1]
        doc.execute(ops.UpdateEntity("tasks", b, {"depends_on": [a], "start": datetime.date(2024, 1, 1),
                                                   "end": datetime.date(2024, 3, 31)}))
    with PlanFile.open(plan_file, readonly=True) as pf:
        t: Task = pf.load().tasks[b]
    assert t.depends_on == [a]
    assert t.end == datetime.date(2024, 3, 31)


def test_disk_full_during_an_edit_is_a_message_and_loses_nothing(plan_file):
    """SQLITE_FULL (simulated with max_page_count): the edit is refused whole, memory and file agree."""
    before = digest(plan_file)
    with Document.open(plan_file) as doc:
        doc.auto_backup = False
        conn = doc.file.connection
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        tid = next(iter(doc.plan.tasks))
        old = ops_snapshot = doc.plan.tasks[tid].description
        with pytest.raises(FileError) as ei:
            doc.execute(ops.UpdateEntity("tasks", tid, {"description": "長い説明" * 20000}))
        assert "could not be saved" in ei.value.message_en and "undone" in ei.value.message_en
        assert ei.value.message_ja != ei.value.message_en
        assert doc.plan.tasks[tid].description == old == ops_snapshot
        conn.execute(f"PRAGMA max_page_count={pages * 100}")
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "空きができたので保存"}))
    with PlanFile.open(plan_file, readonly=True) as pf:
        t = pf.load().tasks[tid]
    assert t.title == "空きができたので保存" and t.description == old
    verify(plan_file, full=True)
    assert digest(plan_file) != before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_opens_read_only_only(plan_file):
    plan_file.chmod(0o444)
    try:
        with pytest.raises(FileError) as ei:
            Document.open(plan_file)
        assert "read-only" in ei.value.message_en
        with Document.open(plan_file, readonly=True) as doc:
            assert doc.plan.tasks
        assert not lock.lock_path(plan_file).exists()
    finally:
        plan_file.chmod(0o644)


@pytest.mark.parametrize(("table", "column", "value"), [
    ("tasks", "progress", "abc"),  # text where a number belongs
    ("tasks", "start", "2025-13-45"),  # not a date
    ("tasks", "depends_on", 1.5),  # JSON, but not a list
    ("tasks", "depends_on", '{"a": 1}'),
    ("tasks", "depends_on", "[1, 2]"),  # a list, but not of task ids
    ("tasks", "depends_on", "[not json"),
    ("kpis", "baseline_value", "many"),
    ("budget", "amount", 1.5e300),  # a real: amounts are integers (yen)
])
def test_values_of_the_wrong_type_are_refused_at_the_door(plan_file, table, column, value):
    """A hand-edited or damaged file is refused with a clear message when opened, not later in a
    sum or a chart; the file is not changed."""
    from dxplanner.store.gateway import DamagedFileError

    conn = sqlite3.connect(plan_file)
    rowid = conn.execute(f"SELECT rowid FROM {table} LIMIT 1").fetchone()
    if rowid is None:  # the fixture plan may have no row of this kind: add one first
        with Document.open(plan_file) as doc:
            if table == "budget":
                from dxplanner.model import BudgetLine

                doc.execute(ops.PutEntities("budget", [BudgetLine(id="b1", fy=2022, item="RPA", amount=1000)]))
            else:
                from dxplanner.model import Kpi

                doc.execute(ops.PutEntities("kpis", [Kpi(id="k1", name="KPI")]))
        rowid = conn.execute(f"SELECT rowid FROM {table} LIMIT 1").fetchone()
    conn.execute(f"UPDATE {table} SET {column}=? WHERE rowid=?", (value, rowid[0]))
    conn.commit()
    conn.close()
    before = digest(plan_file)
    with pytest.raises(DamagedFileError) as ei, PlanFile.open(plan_file, readonly=True) as pf:
        pf.load()
    assert ei.value.message_en and ei.value.message_ja  # a message in both languages, no traceback
    assert digest(plan_file) == before
