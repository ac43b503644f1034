"""Trust, round two (issue 17): a busy file is not "damaged", foreign schema objects are
refused, a failing auto-backup never blocks an edit, read-only commands create nothing beside a
WAL-mode plan, reads are one snapshot, stale or odd lock files, and a share that changes or
vanishes is reported once and correctly."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dxplanner import ops
from dxplanner.document import Document, open_or_recover
from dxplanner.errors import FileError
from dxplanner.exchange.json_format import plan_to_dict, read_json_file
from dxplanner.paths import sample_plan_json
from dxplanner.store import backup, lock
from dxplanner.store.gateway import BusyFileError, ForeignSchemaError, PlanFile, write_new
from dxplanner.store.workcopy import ShareChangedError, ShareMissingError
from tests.core.small_disk import fill, tmpfs

ROOT = Path(__file__).resolve().parents[2]


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "DXPLANNER_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "dxplanner.cli", *args], capture_output=True, text=True,
                          check=False, cwd=ROOT, env=env, timeout=120)


def siblings(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --- 2: busy is not damaged ------------------------------------------------------------------------

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("holding", flush=True)
sys.stdin.read()  # until the test closes our stdin
conn.execute("ROLLBACK")
"""


def test_a_plan_held_by_another_sqlite_program_is_busy_not_damaged(plan_file):
    before = digest(plan_file)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(plan_file)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        done = cli("info", str(plan_file))
        assert done.returncode == 2
        assert "in use by another program" in done.stderr and "damaged" not in done.stderr.replace(
            "not damaged", ""), done.stderr
        res = open_or_recover(plan_file)
        assert res.status == "busy" and isinstance(res.error, BusyFileError)
        assert res.backup is None and res.document is None  # no restore is offered
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert digest(plan_file) == before
    assert siblings(plan_file.parent) == {plan_file.name}
    res = open_or_recover(plan_file)  # once the other program let go: opens normally
    assert res.status == "opened" and res.document is not None
    res.document.close()


# --- 4: foreign schema objects ----------------------------------------------------------------------


@pytest.mark.parametrize("sql", [
    "CREATE TRIGGER wipe AFTER INSERT ON snapshots BEGIN DELETE FROM tasks; END",
    "CREATE TRIGGER retitle AFTER UPDATE ON dx_meta BEGIN UPDATE dx_meta SET value = '\"乗っ取り\"' "
    "WHERE key = 'title'; END",
    "CREATE VIEW everything AS SELECT * FROM tasks",
    "CREATE INDEX slow ON tasks (length(title) * length(description))",
])
def test_a_plan_with_foreign_schema_objects_is_refused_unchanged(plan_file, sql):
    conn = sqlite3.connect(plan_file)
    conn.execute(sql)
    conn.close()
    before = digest(plan_file)
    done = cli("snapshot", str(plan_file), "当初計画")
    assert done.returncode == 2 and "did not put there" in done.stderr, done.stderr
    assert digest(plan_file) == before
    with pytest.raises(ForeignSchemaError):
        PlanFile.open(plan_file, readonly=True)
    res = open_or_recover(plan_file)
    assert res.status == "refused" and isinstance(res.error, ForeignSchemaError)
    assert digest(plan_file) == before


# --- 5 and 8: a failing automatic backup never blocks an edit -----------------------------------------


def test_a_failing_auto_backup_on_a_full_disk_does_not_block_the_edit(tmp_path, plan):
    with tmpfs(tmp_path / "disk", "2m") as disk:
        p = disk / "町.dxplan"
        write_new(p, plan)
        fill(disk, leave=40 * 1024)  # an edit fits, a whole copy of the plan does not
        with Document.open(p) as doc:
            tid = sorted(doc.plan.tasks)[0]
            doc.execute(ops.UpdateEntity("tasks", tid, {"title": "満杯でも保存される"}))
            err = doc.background_error
            assert err is not None and "backup" in err.message_en
            doc.execute(ops.UpdateEntity("tasks", tid, {"title": "二度目"}))
            assert doc.background_error is err  # told once
        with PlanFile.open(p, readonly=True) as pf:
            assert pf.load().tasks[tid].title == "二度目"
        assert backup.list_backups(p) == []
        assert not [n for n in siblings(disk) if n.endswith(".tmp")]


def test_the_command_line_says_when_no_backup_could_be_made(plan_file):
    backup.backup_dir(plan_file).write_text("a file where the backups folder belongs", encoding="utf-8")
    done = cli("snapshot", str(plan_file), "当初計画")
    assert done.returncode == 0, done.stderr
    assert "warning" in done.stderr and "backup" in done.stderr and "internal" not in done.stderr
    with PlanFile.open(plan_file, readonly=True) as pf:
        assert [s.name for s in pf.load().snapshots.values()] == ["当初計画"]


# --- 10: read-only commands on a WAL-mode plan, one snapshot per read ----------------------------------


def test_read_only_commands_create_nothing_beside_a_wal_mode_plan(plan_file):
    conn = sqlite3.connect(plan_file)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.close()
    before, names = digest(plan_file), siblings(plan_file.parent)
    for args in (("info",), ("dump",), ("check",), ("snapshots",)):
        done = cli(*args, str(plan_file))
        assert done.returncode in (0, 1), done.stderr
        assert siblings(plan_file.parent) == names, args
    assert digest(plan_file) == before
    with Document.open(plan_file):  # writing converts it back to the one-file journal
        pass


def test_a_plan_is_read_as_one_snapshot(plan_file):
    """A writer committing between the reads of two tables is seen wholly or not at all."""
    with PlanFile.open(plan_file, readonly=True) as pf:
        writer = sqlite3.connect(plan_file, timeout=0, isolation_level=None)
        state = {"done": False, "refused": False}

        def interleave(sql: str) -> None:
            if state["done"] or 'FROM "tasks"' not in sql:
                return
            state["done"] = True
            try:  # a batch: the title and a task, in one transaction
                writer.execute("BEGIN IMMEDIATE")
                writer.execute("UPDATE dx_meta SET value = '\"途中の計画\"' WHERE key = 'title'")
                writer.execute("UPDATE tasks SET title = '途中の工程' WHERE rowid = (SELECT min(rowid) FROM tasks)")
                writer.execute("COMMIT")
            except sqlite3.OperationalError:
                state["refused"] = True
                writer.execute("ROLLBACK")

        pf.connection.set_trace_callback(interleave)
        plan = pf.load()
        pf.connection.set_trace_callback(None)
        writer.close()
    assert state["done"]
    changed_title = plan.title == "途中の計画"
    changed_task = any(t.title == "途中の工程" for t in plan.tasks.values())
    assert changed_title == changed_task  # never half a batch
    assert state["refused"]  # the reader's snapshot held the writer off until it had read all


# --- 10: lock files --------------------------------------------------------------------------------------


def _write_lock(path: Path, holder: dict) -> None:
    lock.lock_path(path).write_text(json.dumps(holder), encoding="utf-8")


def test_a_stale_lock_naming_our_own_reused_pid_is_cleared(plan_file):
    _write_lock(plan_file, {"app": "DX Planner", "user": "前回", "host": socket.gethostname(),
                            "pid": os.getpid(), "started": "1", "since": "2026-12-01T09:00:00"})
    with Document.open(plan_file) as doc:
        assert not doc.readonly
    assert not lock.lock_path(plan_file).exists()


def test_a_huge_pid_in_the_lock_is_a_stale_lock_not_an_internal_error(plan_file):
    _write_lock(plan_file, {"user": "x", "host": socket.gethostname(), "pid": 2**80, "since": "?"})
    with Document.open(plan_file):
        pass
    done = cli("backup", str(plan_file))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("kind", ["directory", "dangling link"])
def test_a_folder_or_link_at_the_lock_path_is_a_clear_message(plan_file, kind):
    lp = lock.lock_path(plan_file)
    if kind == "directory":
        lp.mkdir()
    else:
        lp.symlink_to(plan_file.parent / "nowhere")
    done = cli("backup", str(plan_file))
    assert done.returncode == 2 and "not a lock file" in done.stderr, done.stderr
    with pytest.raises(FileError):
        Document.open(plan_file)
    res = open_or_recover(plan_file)
    assert res.status == "readonly" and res.document is not None  # can still be read
    res.document.close()


# --- 10: the share --------------------------------------------------------------------------------------


def test_a_changed_share_is_reported_once_not_at_every_edit(share):
    with Document.open(share) as doc:
        doc.push_interval = 0
        tid = sorted(doc.plan.tasks)[0]
        other = share.with_name("other.tmp.dxplan")
        write_new(other, read_json_file(sample_plan_json()))
        os.replace(other, share)
        errors = []
        for n in range(20):
            doc.execute(ops.UpdateEntity("tasks", tid, {"title": f"変更{n}"}))
            errors.append(doc.background_error)
        assert isinstance(errors[0], ShareChangedError)
        assert all(e is errors[0] for e in errors)  # one error object: shown once
        with pytest.raises(ShareChangedError):
            doc.close()


def test_a_vanished_share_file_is_not_changed_by_someone_else(share):
    doc = Document.open(share)
    doc.push_interval = 3600
    tid = sorted(doc.plan.tasks)[0]
    doc.execute(ops.UpdateEntity("tasks", tid, {"title": "消える前"}))
    share.unlink()
    with pytest.raises(ShareMissingError) as ei:
        doc.sync()
    assert "no longer on the shared folder" in ei.value.message_en
    assert "someone else" not in ei.value.message_en
    with pytest.raises(ShareMissingError):
        doc.close()
    assert not lock.lock_path(share).exists()
    assert plan_to_dict  # the work is kept in the working copy (named in the message)


# --- 6: read-only file or folder, with dropped privileges (root ignores permission bits) ------------

AS_USER = """
import sys
from dxplanner.document import open_or_recover
res = open_or_recover(sys.argv[1])
print(res.status)
print(res.error.text("en") if res.error else "")
if res.document is not None:
    print(res.document.readonly)
    res.document.close()
"""


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize(("folder_mode", "file_mode", "reason"), [
    (0o555, 0o644, "its folder is read-only for you"),
    (0o777, 0o444, "the file is marked read-only"),
])
def test_read_only_file_or_folder_opens_read_only_saying_why(plan, folder_mode, file_mode, reason):
    import shlex
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dx-ro-"))
    try:
        p = folder / "町.dxplan"
        write_new(p, plan)
        p.chmod(file_mode)
        folder.chmod(folder_mode)
        before = digest(p)

        command = [sys.executable, "-c", AS_USER, str(p)]
        if os.geteuid() == 0:  # root ignores permission bits: drop the capabilities that do so
            if shutil.which("capsh") is None:
                pytest.skip("running as root without capsh to drop privileges")
            command = ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--",
                       "-c", " ".join(shlex.quote(c) for c in command)]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT, env=env,
                              timeout=120)
        status, message, readonly = done.stdout.splitlines()[:3]
        assert status == "readonly" and readonly == "True", done.stdout + done.stderr
        assert reason in message
        assert digest(p) == before and siblings(folder) == {p.name}
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)
