"""Restore never loses the plan (issue 17, items 1, 8 and 9).

At every instant the plan's path holds a plan that opens: the backup is read whole before the
plan is touched, its copy is written beside the plan and renamed over it in one step, and the
old file is kept under a second name. Kills at each rename (strace fault injection), a backup
that passes integrity_check but holds a bad date, ``--from`` the plan itself and a full disk
all leave the plan in place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.errors import DxError, FileError
from dxplanner.exchange.json_format import plan_to_dict
from dxplanner.store import backup, lock
from dxplanner.store.gateway import PlanFile, verify
from tests.core.small_disk import fill, tmpfs

ROOT = Path(__file__).resolve().parents[2]


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def load(p: Path) -> dict:
    with PlanFile.open(p, readonly=True) as pf:
        return plan_to_dict(pf.load())


def cli(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "DXPLANNER_LANG": "en"}
    return subprocess.run([*prefix, sys.executable, "-m", "dxplanner.cli", *args], capture_output=True,
                          text=True, check=False, cwd=ROOT, env=env, timeout=120)


def edited_with_backup(plan_file: Path) -> tuple[Path, dict, dict]:
    """The plan with one backup, then changed: (backup, plan now, plan in the backup)."""
    with PlanFile.open(plan_file) as pf:
        made = backup.make_backup(pf, reason="manual")
    with Document.open(plan_file) as doc:
        doc.auto_backup = False
        tid = sorted(doc.plan.tasks)[0]
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "復元の後では消える変更"}))
    return made, load(plan_file), load(made)


def siblings(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_restore_swaps_in_one_step_and_keeps_the_old_file(plan_file):
    made, now, then = edited_with_backup(plan_file)
    lock.acquire(plan_file)
    try:
        aside = backup.restore(made, plan_file)
    finally:
        lock.release(plan_file)
    assert load(plan_file) == then
    assert aside is not None and load(aside) == now
    assert ".before-restore-" in aside.name
    assert not [n for n in siblings(plan_file.parent) if n.endswith(".tmp")]


def test_restore_from_the_plan_itself_is_refused_and_the_plan_stays(plan_file):
    before = digest(plan_file)
    done = cli("restore", str(plan_file), "--from", str(plan_file))
    assert done.returncode == 2, done.stderr
    assert "the plan itself" in done.stderr and "Traceback" not in done.stderr
    assert digest(plan_file) == before
    assert siblings(plan_file.parent) == {plan_file.name}


def test_a_backup_with_a_bad_date_is_refused_before_the_plan_is_touched(plan_file):
    made, now, _then = edited_with_backup(plan_file)
    conn = sqlite3.connect(made)  # still passes integrity_check: only a value is wrong
    with conn:
        conn.execute('UPDATE "tasks" SET "start" = \'2026-13-45\' WHERE rowid = (SELECT min(rowid) FROM "tasks")')
    conn.close()
    verify(made, full=True)  # SQLite finds nothing wrong
    before, names = digest(plan_file), siblings(plan_file.parent)
    done = cli("restore", str(plan_file), "--from", str(made))
    assert done.returncode == 2 and "damaged" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert digest(plan_file) == before and load(plan_file) == now
    assert siblings(plan_file.parent) == names  # nothing set aside, no temporary left


def test_dump_to_a_full_disk_leaves_no_partial_file(tmp_path, plan_file):
    with tmpfs(tmp_path / "disk", "64k") as disk:
        fill(disk, leave=4096)
        out = disk / "plan.json"
        done = cli("dump", str(plan_file), "-o", str(out))
        assert done.returncode == 2 and "cannot be written" in done.stderr, done.stderr
        assert "internal error" not in done.stderr
        assert not out.exists() and sorted(siblings(disk)) == ["filler.bin"]


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed (apt-get install strace)")
@pytest.mark.parametrize("when", [1, 2, 3, 4])
def test_a_kill_at_each_rename_of_restore_leaves_a_plan_that_opens(plan_file, when):
    _made, now, then = edited_with_backup(plan_file)
    inject = f"inject=rename,renameat,renameat2:signal=SIGKILL:when={when}"
    done = cli("restore", str(plan_file), prefix=("strace", "-f", "-qq", "-o", os.devnull, "-e", inject))
    killed = done.returncode != 0
    if when <= 3:  # restore renames three times (the copy, the kept copy, the swap): each kill lands
        assert killed, (done.returncode, done.stderr)
    verify(plan_file)
    assert load(plan_file) in (now, then)
    if not killed:
        assert load(plan_file) == then
    # the next writer clears what the killed one left; the plan opens for writing
    with Document.open(plan_file):
        pass
    assert not [n for n in siblings(plan_file.parent) if n.endswith(".tmp")]


def test_restore_on_a_full_disk_leaves_the_plan_and_says_so(tmp_path, plan):
    from dxplanner.store.gateway import write_new

    with tmpfs(tmp_path / "disk", "3m") as disk:
        p = disk / "町.dxplan"
        write_new(p, plan)
        made, now, _then = edited_with_backup(p)
        fill(disk, leave=12 * 1024)  # the lock file fits, the plan's copy does not
        before = digest(p)
        done = cli("restore", str(p), "--from", str(made))
        assert done.returncode == 2, done.stderr
        assert "could not be restored" in done.stderr and "unchanged" in done.stderr, done.stderr
        assert "internal error" not in done.stderr
        assert digest(p) == before and load(p) == now
        assert not [n for n in siblings(disk) if n.endswith(".tmp")]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_restore_keeps_the_plans_mode_and_new_files_follow_the_umask(plan_file):
    made, _now, _then = edited_with_backup(plan_file)
    plan_file.chmod(0o664)
    lock.acquire(plan_file)
    try:
        backup.restore(made, plan_file)
    finally:
        lock.release(plan_file)
    assert stat.S_IMODE(plan_file.stat().st_mode) == 0o664
    old = os.umask(0o002)
    try:
        with PlanFile.open(plan_file) as pf:
            b = backup.make_backup(pf, reason="manual")
        assert stat.S_IMODE(b.stat().st_mode) == 0o664
        out = plan_file.parent / "dump.json"
        assert cli("dump", str(plan_file), "-o", str(out)).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o664
        for option, name in (("--xlsx", "plan.xlsx"), ("--pdf", "plan.pdf")):
            assert cli("export", str(plan_file), option, str(plan_file.parent / name)).returncode == 0
            assert stat.S_IMODE((plan_file.parent / name).stat().st_mode) == 0o664, name
        rollup = plan_file.parent / "rollup.xlsx"
        assert cli("aggregate", str(rollup), str(plan_file)).returncode == 0
        assert stat.S_IMODE(rollup.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_long_japanese_names_get_shorter_backup_names(tmp_path, plan):
    name = "令和八年度" + "デジタル変革推進計画工程表" * 5 + "最終版"  # 73 characters, 219 bytes
    p = tmp_path / f"{name}.dxplan"
    Document.create(p, plan).close()
    with Document.open(p) as doc:
        tid = sorted(doc.plan.tasks)[0]
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "長い名前でも保存"}))
        assert doc.background_error is None, (doc.background_error.text("en"), repr(doc.background_error.__cause__))
    (b,) = backup.list_backups(p)
    assert len(b.name.encode()) <= 255 and backup.backup_reason(b) == "auto"
    assert b.name.startswith(name[:40]) and backup.backup_time(b) is not None
    done = cli("backup", str(p))
    assert done.returncode == 0, done.stderr
    assert len(backup.list_backups(p)) == 2


def test_a_plan_name_too_long_for_a_journal_is_refused_with_a_message(tmp_path, plan):
    p = tmp_path / ("あ" * 81 + ".dxplan")  # 250 bytes: the journal's name would not fit
    with pytest.raises(FileError) as ei:
        Document.create(p, plan)
    assert "too long" in ei.value.message_en
    assert not p.exists()


def test_window_independent_restore_error_is_a_dx_error(plan_file):
    with pytest.raises(DxError):
        backup.restore(plan_file.parent / "none.dxplan", plan_file)
    assert load(plan_file)
