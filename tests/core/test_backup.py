"""Backups: automatic and manual, verified, rotated; corrupt files kept aside and the newest good
backup offered and restored (Document API for the GUI, and the command line)."""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dxplanner import ops
from dxplanner.document import Document, open_or_recover, recover_from_backup
from dxplanner.errors import FileError
from dxplanner.exchange.json_format import plan_to_dict
from dxplanner.store import backup
from dxplanner.store.gateway import PlanFile, verify

ROOT = Path(__file__).resolve().parents[2]


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def load(p: Path):
    with PlanFile.open(p, readonly=True) as pf:
        return plan_to_dict(pf.load())


def corrupt(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xff" * 4096
    p.write_bytes(bytes(data))


def first_task(doc: Document) -> str:
    return sorted(doc.plan.tasks)[0]


def test_first_change_of_a_session_backs_up_the_state_before_it(plan_file):
    before = load(plan_file)
    with Document.open(plan_file) as doc:
        assert backup.list_backups(plan_file) == []  # opening alone writes nothing
        tid = first_task(doc)
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "変更1"}))
        (b,) = backup.list_backups(plan_file)
        assert backup.backup_reason(b) == "auto"
        assert load(b) == before
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "変更2"}))
        assert len(backup.list_backups(plan_file)) == 1  # not again within the interval
        doc.backup_interval = 0
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "変更3"}))
        assert len(backup.list_backups(plan_file)) == 2
        assert load(backup.list_backups(plan_file)[-1])["tasks"] != before["tasks"]


def test_no_backup_when_nothing_changed(plan_file):
    with PlanFile.open(plan_file) as pf:
        assert backup.maybe_backup(pf) is not None
        assert backup.maybe_backup(pf) is None


def test_every_backup_is_checked_and_made_with_the_backup_api(plan_file, monkeypatch):
    calls = []
    real = sqlite3.Connection.backup

    with PlanFile.open(plan_file) as pf:
        monkeypatch.setattr(pf, "_conn", _Spy(pf.connection, calls, real))
        b = backup.make_backup(pf, reason="manual")
    assert calls == ["backup"]
    assert b.parent == backup.backup_dir(plan_file)
    conn = sqlite3.connect(f"file:{b}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert load(b) == load(plan_file)
    assert not list(b.parent.glob("*.tmp"))


class _Spy:
    """A connection wrapper recording that the online backup API was used."""

    def __init__(self, conn, calls, real):
        self._conn, self._calls, self._real = conn, calls, real

    def backup(self, target, *a, **k):
        self._calls.append("backup")
        return self._real(self._conn, target, *a, **k)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_rotation_over_simulated_weeks(plan_file):
    start = datetime.datetime(2026, 1, 1, 9, 0)
    made = []
    with PlanFile.open(plan_file) as pf:
        for day in range(63):  # one a day for nine weeks, several a day at the end
            for hour in ((9, 11, 13, 15, 17) if day >= 60 else (9,)):
                when = start + datetime.timedelta(days=day, hours=hour - 9)
                backup.make_backup(pf, reason="auto", now=when)
                made.append(when)
        backup.make_backup(pf, reason="before-migration-v1", now=start + datetime.timedelta(days=1, hours=1))
        now = made[-1]
        backup.rotate(plan_file, now=now)
    items = backup.list_backups(plan_file)
    times = [backup.backup_time(b) for b in items]
    assert set(made[-10:]) <= set(times)  # the newest 10 are all there
    days = {t.date() for t in times}
    for d in range(14):  # one per day for the last 14 days
        assert (now - datetime.timedelta(days=d)).date() in days
    weeks = {t.isocalendar()[:2] for t in times}
    assert len(weeks) >= 8  # one per week for 8 weeks
    assert any(backup.backup_reason(b) == "before-migration-v1" for b in items)  # kept forever
    assert len(items) <= 10 + 14 + 8 + 1
    assert len(items) < len(made)
    for b in items[-3:]:
        verify(b, full=True)


def test_newest_good_backup_skips_damaged_ones(plan_file):
    with PlanFile.open(plan_file) as pf:
        good = backup.make_backup(pf, now=datetime.datetime(2026, 1, 1))
        bad = backup.make_backup(pf, now=datetime.datetime(2026, 1, 2))
    corrupt(bad)
    assert backup.newest_good_backup(plan_file) == good


def test_damaged_file_is_kept_and_the_newest_good_backup_offered(plan_file):
    with Document.open(plan_file) as doc:
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "バックアップ後の変更"}))
        expected = load(backup.list_backups(plan_file)[-1])
    corrupt(plan_file)
    damaged_hash = digest(plan_file)
    result = open_or_recover(plan_file)
    assert result.status == "damaged" and result.document is None
    assert result.backup == backup.list_backups(plan_file)[-1]
    assert "damaged" in result.error.message_en and "破損" in result.error.message_ja
    assert digest(plan_file) == damaged_hash  # offering changes nothing
    doc, kept = recover_from_backup(plan_file, result.backup)
    with doc:
        assert plan_to_dict(doc.plan) == expected
    assert kept is not None and kept.name.startswith("町.damaged-") and kept.suffix == ".dxplan"
    assert digest(kept) == damaged_hash
    verify(plan_file, full=True)


def test_damaged_file_without_backup_is_left_alone(plan_file):
    corrupt(plan_file)
    before = digest(plan_file)
    result = open_or_recover(plan_file)
    assert result.status == "damaged" and result.backup is None
    with pytest.raises(FileError):
        recover_from_backup(plan_file)
    assert digest(plan_file) == before
    assert sorted(p.name for p in plan_file.parent.iterdir()) == ["町.dxplan"]


def test_foreign_file_is_refused_unless_it_replaced_a_plan_with_backups(plan_file, tmp_path):
    text = tmp_path / "memo.dxplan"
    text.write_text("メモ", encoding="utf-8")
    assert open_or_recover(text).status == "refused"
    with PlanFile.open(plan_file) as pf:
        backup.make_backup(pf)
    plan_file.write_text("上書きされた", encoding="utf-8")
    result = open_or_recover(plan_file)
    assert result.status == "damaged" and result.backup is not None


def test_backup_failure_does_not_stop_editing(plan_file):
    backup.backup_dir(plan_file).write_text("a file where the folder should be", encoding="utf-8")
    with Document.open(plan_file) as doc:
        tid = first_task(doc)
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "それでも保存"}))
        assert doc.background_error is not None
        assert "backup" in doc.background_error.message_en
    assert load(plan_file)["tasks"]
    with PlanFile.open(plan_file, readonly=True) as pf:
        assert pf.load().tasks[tid].title == "それでも保存"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dxplanner.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)


def test_command_line_backup_list_and_restore(plan_file):
    original = load(plan_file)
    r = cli("backup", str(plan_file))
    assert r.returncode == 0, r.stderr
    first = backup.list_backups(plan_file)[-1]
    with Document.open(plan_file) as doc:
        doc.auto_backup = False
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "復元で戻る変更"}))
    changed = load(plan_file)
    r = cli("backups", str(plan_file))
    assert r.returncode == 0 and str(first) in r.stdout
    r = cli("restore", str(plan_file), "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert load(plan_file) == original
    aside = [p for p in plan_file.parent.iterdir() if p.name.startswith("町.before-restore-")]
    assert len(aside) == 1 and load(aside[0]) == changed
    # --from a named backup, into a damaged file
    corrupt(plan_file)
    r = cli("restore", str(plan_file), "--from", str(first))
    assert r.returncode == 0, r.stderr
    assert load(plan_file) == original


def test_command_line_restore_refuses_a_damaged_backup(plan_file, tmp_path):
    bad = tmp_path / "bad.dxplan"
    bad.write_bytes(plan_file.read_bytes())
    corrupt(bad)
    before = digest(plan_file)
    r = cli("restore", str(plan_file), "--from", str(bad))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1
    assert digest(plan_file) == before
