"""Plans on network shares: recognised (UNC, mapped drives, mount table, environment), edited
through a local working copy, written back safely with a .bak, conflicts refused, crashes
recovered. A "share" here is a folder named in DXPLANNER_NETWORK_PATHS."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dxplanner import ops
from dxplanner.document import Document, open_or_recover
from dxplanner.errors import LockedError
from dxplanner.exchange.json_format import plan_to_dict, read_json_file
from dxplanner.paths import sample_plan_json
from dxplanner.store import lock, workcopy
from dxplanner.store.gateway import DamagedFileError, PlanFile, verify, write_new
from dxplanner.store.workcopy import ShareChangedError, is_network_path, is_unc, mount_fs_type

ROOT = Path(__file__).resolve().parents[2]

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//fileserver/dx /mnt/dx cifs rw,vers=3.0 0 0
nas:/export/plans /mnt/nfs nfs4 rw 0 0
user@host:/home /mnt/ssh fuse.sshfs rw 0 0
/dev/sdb1 /mnt/dx/local ext4 rw 0 0
//srv/共有\\040フォルダ /mnt/with\\040space cifs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


# --- recognising a share -----------------------------------------------------------------------


@pytest.mark.parametrize(("path", "remote"), [
    ("\\\\fileserver\\dx\\計画.dxplan", True),
    ("//fileserver/dx/計画.dxplan", True),
    ("\\\\?\\UNC\\fileserver\\dx\\計画.dxplan", True),
    ("\\\\?\\C:\\Users\\計画.dxplan", False),
    ("\\\\.\\PhysicalDrive0", False),
    ("C:\\Users\\tanaka\\計画.dxplan", False),
])
def test_unc_paths(path, remote):
    assert is_unc(path) is remote
    assert is_network_path(path, platform="win32", mounts_text="") is remote


@pytest.mark.posix_only  # Unix paths against a Unix mount table
@pytest.mark.parametrize(("path", "fstype", "remote"), [
    ("/mnt/dx/計画.dxplan", "cifs", True),
    ("/mnt/nfs/a/b.dxplan", "nfs4", True),
    ("/mnt/ssh/x.dxplan", "fuse.sshfs", True),
    ("/mnt/dx/local/x.dxplan", "ext4", False),  # the longest mount point wins
    ("/mnt/with space/x.dxplan", "cifs", True),  # \040 in the mount table
    ("/home/tanaka/x.dxplan", "ext4", False),
    ("/mnt/dxother/x.dxplan", "ext4", False),  # /mnt/dx is not a prefix of /mnt/dxother
])
def test_linux_mount_table(path, fstype, remote):
    assert mount_fs_type(path, MOUNTS) == fstype
    assert is_network_path(path, platform="linux", mounts_text=MOUNTS) is remote


def test_environment_marks_folders_as_shares(tmp_path, monkeypatch):
    share = tmp_path / "share"
    monkeypatch.setenv(workcopy.ENV_SHARES, os.pathsep.join([str(share), str(tmp_path / "other")]))
    assert is_network_path(share / "計画.dxplan")
    assert is_network_path(share)
    assert not is_network_path(tmp_path / "sharex" / "計画.dxplan")
    assert not is_network_path(tmp_path / "local.dxplan")


def test_this_machines_temp_folder_is_local(tmp_path, monkeypatch):
    monkeypatch.delenv(workcopy.ENV_SHARES, raising=False)
    assert not is_network_path(tmp_path / "x.dxplan")


# --- the working copy --------------------------------------------------------------------------


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def load(p: Path) -> dict:
    with PlanFile.open(p, readonly=True) as pf:
        return plan_to_dict(pf.load())


def share_files(share: Path) -> list[str]:
    return sorted(p.name for p in share.parent.iterdir())


def first_task(doc) -> str:
    return sorted(doc.plan.tasks)[0]


def test_edits_go_through_a_local_copy_and_back_with_a_bak(share):
    original = load(share)
    with Document.open(share) as doc:
        assert doc.on_share and doc.path == share
        assert doc.file is not None and doc.file.path != share
        assert workcopy.cache_root() in doc.file.path.parents  # SQLite works on the local copy
        assert lock.read_holder(share)["pid"] == os.getpid()  # the lock is on the share
        doc.push_interval = 3600
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "共有フォルダで編集"}))
        # no journal, no SQLite file next to the plan on the share, ever
        assert "町.dxplan-journal" not in share_files(share)
        expected = plan_to_dict(doc.plan)
        tid = first_task(doc)
    assert load(share) == expected
    bak = share.with_name("町.dxplan.bak")
    assert load(bak) == original
    assert not lock.lock_path(share).exists()
    assert not list(workcopy.cache_root().iterdir())  # working copy cleaned up
    with Document.open(share, readonly=True) as doc:
        assert doc.plan.tasks[tid].title == "共有フォルダで編集"
    leftovers = [n for n in share_files(share) if n.endswith((".tmp", "-journal", ".lock"))]
    assert not leftovers, leftovers


def test_pushes_while_editing_at_most_every_interval(share):
    with Document.open(share) as doc:
        doc.push_interval = 0
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "すぐ書き戻す"}))
        assert load(share)["tasks"] == plan_to_dict(doc.plan)["tasks"]
        doc.push_interval = 3600
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "まだローカル"}))
        assert load(share)["tasks"] != plan_to_dict(doc.plan)["tasks"]
        doc.sync()
        assert load(share)["tasks"] == plan_to_dict(doc.plan)["tasks"]


def test_second_opener_sees_the_holder_and_may_read(share):
    with Document.open(share) as doc:
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "書き込み中"}))
        with pytest.raises(LockedError):
            Document.open(share)
        with Document.open(share, readonly=True) as ro:
            assert ro.readonly and ro.on_share
            assert ro.file is not None and ro.file.path.parent != share.parent


def test_someone_else_replacing_the_file_is_never_overwritten(share, plan):
    with Document.open(share) as doc:
        doc.push_interval = 3600
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "私の変更"}))
        mine = plan_to_dict(doc.plan)
        # another PC ignores the lock and replaces the file (e.g. copied over in Explorer)
        theirs = read_json_file(sample_plan_json())
        other = share.with_name("other.tmp.dxplan")
        write_new(other, theirs)
        os.replace(other, share)
        their_hash = digest(share)
        with pytest.raises(ShareChangedError) as ei:
            doc.sync()
        assert "not overwritten" in ei.value.message_en and "上書きはしていません" in ei.value.message_ja
        assert digest(share) == their_hash
        with pytest.raises(ShareChangedError):
            doc.close()
    assert digest(share) == their_hash
    assert not lock.lock_path(share).exists()
    # the next opening keeps my unsynced work aside and says where
    with Document.open(share) as doc:
        assert plan_to_dict(doc.plan)["plan"]["title"] == plan_to_dict(theirs)["plan"]["title"]
        (notice,) = doc.notices
        assert "unsynced-" in notice.message_en
    (kept,) = workcopy.cache_root().glob("*/unsynced-*.dxplan")
    assert load(kept) == mine


CRASHER = """
import os, sys
from dxplanner import ops
from dxplanner.document import Document, open_or_recover
doc = Document.open(sys.argv[1])
doc.push_interval = 3600
tid = sorted(doc.plan.tasks)[0]
doc.execute(ops.UpdateEntity("tasks", tid, {"title": "落ちる前の変更"}))
os._exit(0)  # the PC crashes before the plan is closed
"""


def test_work_of_a_crashed_session_is_written_back_next_time(share):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", CRASHER, str(share)], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    assert lock.lock_path(share).exists()  # left by the crashed process
    with Document.open(share) as doc:  # stale lock of this machine cleared, work recovered
        (notice,) = doc.notices
        assert "not yet written" in notice.message_en
        tid = first_task(doc)
        assert doc.plan.tasks[tid].title == "落ちる前の変更"
        # and already written back
        assert load(share)["tasks"] == plan_to_dict(doc.plan)["tasks"]


def test_create_on_a_share(tmp_path, monkeypatch, plan):
    folder = tmp_path / "share"
    folder.mkdir()
    monkeypatch.setenv(workcopy.ENV_SHARES, str(folder))
    monkeypatch.setenv(workcopy.ENV_CACHE, str(tmp_path / "cache"))
    path = folder / "新しい計画.dxplan"
    with Document.create(path, plan) as doc:
        assert doc.on_share
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "作ってすぐ編集"}))
    verify(path, full=True)
    assert load(path)["tasks"] == plan_to_dict(doc.plan)["tasks"]


def test_backups_of_a_share_plan_go_beside_it(share):
    with Document.open(share) as doc:
        doc.execute(ops.UpdateEntity("tasks", first_task(doc), {"title": "バックアップ付き"}))
    backups = list((share.parent / "町.dxplan.backups").glob("*.dxplan"))
    assert len(backups) == 1
    verify(backups[0], full=True)


# --- killed while writing back ----------------------------------------------------------------------

PUSHER = """
import sys
from dxplanner import ops
from dxplanner.document import Document, open_or_recover
doc = Document.open(sys.argv[1])
doc.push_interval = 0
doc.auto_backup = False
tid = sorted(doc.plan.tasks)[0]
print("ready", flush=True)
for i in range(1000):
    doc.execute(ops.UpdateEntity("tasks", tid, {"title": f"版{i}", "progress": i % 101}))
"""


def kill_during_pushes(share: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(n):
        proc = subprocess.Popen([sys.executable, "-c", PUSHER, str(share)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        verify(share, full=True)  # the share file is always a whole plan: old or new
        title = load(share)["plan"]["title"]
        assert title
        bak = share.with_name("町.dxplan.bak")
        if bak.exists():
            verify(bak, full=True)
        # the next opening recovers what the killed session had not written back
        with Document.open(share) as doc:
            assert doc.plan.tasks
        verify(share, full=True)
        assert not [n for n in share_files(share) if n.endswith(".tmp")]


@pytest.mark.posix_only  # the SIGKILL harness
def test_killed_while_writing_back(share):
    kill_during_pushes(share, 10, 11)


@pytest.mark.slow
@pytest.mark.posix_only  # the SIGKILL harness
def test_killed_while_writing_back_many(share):
    kill_during_pushes(share, 100, 12)


def test_a_damaged_share_file_is_reported_by_its_own_name(share):
    data = bytearray(share.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xff" * 4096
    share.write_bytes(bytes(data))
    before = digest(share)
    with pytest.raises(DamagedFileError) as ei:
        Document.open(share)
    assert "町.dxplan" in ei.value.message_en and "incoming" not in ei.value.message_en
    assert digest(share) == before
    assert not lock.lock_path(share).exists()
    result = open_or_recover(share)
    assert result.status == "damaged"


def test_reading_a_share_plan_reads_a_private_copy(share):
    """Read-only opening (CLI info/dump/export, the roll-up) never runs SQLite on the share."""
    before = digest(share)
    with PlanFile.open(share, readonly=True) as pf:
        assert pf.path == share
        assert pf.load().tasks
        assert workcopy.is_network_path(share)
        assert pf.connection.execute("PRAGMA database_list").fetchone()[2] != str(share)
    assert digest(share) == before
    assert share_files(share) == ["町.dxplan"]
