"""Locks: a second opener learns who holds the file and since when, and may read; stale locks
of crashed processes on this machine are cleared; locks of other machines are not; CLI write
commands on a held file fail with exit 2 and one clear line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dxplanner.document import Document, open_or_recover
from dxplanner.errors import FileError, LockedError
from dxplanner.store import lock
from dxplanner.store.gateway import PlanFile

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from dxplanner.document import Document
doc = Document.open(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
doc.close()
"""


def hold_in_other_process(path: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def release_other(proc: subprocess.Popen) -> None:
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=30)
    proc.stdin.close()
    if proc.stdout:
        proc.stdout.close()


def test_another_process_is_named_and_read_only_offered(plan_file):
    proc = hold_in_other_process(plan_file)
    try:
        with pytest.raises(LockedError) as ei:
            Document.open(plan_file)
        holder = ei.value.holder
        assert holder["pid"] == proc.pid
        assert holder["host"] == socket.gethostname()
        assert holder["since"][:4].isdigit()
        assert holder["host"] in ei.value.message_en and holder["since"] in ei.value.message_en
        assert "読み取り専用" in ei.value.message_ja and "read-only" in ei.value.message_en
        result = open_or_recover(plan_file)
        assert result.status == "readonly"
        assert result.holder["pid"] == proc.pid
        assert result.document is not None and result.document.readonly
        assert result.document.plan.tasks
        result.document.close()
    finally:
        release_other(proc)
    with Document.open(plan_file):
        pass


def test_another_window_of_this_program(plan_file):
    with Document.open(plan_file):
        with pytest.raises(LockedError) as ei:
            Document.open(plan_file)
        assert "another window" in ei.value.message_en
        assert "別のウィンドウ" in ei.value.message_ja
        with Document.open(plan_file, readonly=True) as ro:
            assert ro.readonly
    assert not lock.lock_path(plan_file).exists()


def write_lock(path: Path, **fields) -> None:
    data = {"user": "tanaka", "host": "other-pc", "pid": 4242, "since": "2026-04-01T09:00:00", **fields}
    lock.lock_path(path).write_text(json.dumps(data), encoding="utf-8")


def test_lock_of_another_machine_is_never_cleared(plan_file):
    write_lock(plan_file)
    for _ in range(2):
        with pytest.raises(LockedError) as ei:
            Document.open(plan_file)
        assert "tanaka" in ei.value.message_en and "other-pc" in ei.value.message_en
        assert "2026-04-01T09:00:00" in ei.value.message_ja
    assert lock.lock_path(plan_file).exists()
    # the UI may break it after the person confirmed, having seen the holder
    assert lock.break_lock(plan_file)["user"] == "tanaka"
    with Document.open(plan_file):
        pass


def test_stale_lock_of_a_crashed_process_here_is_cleared(plan_file):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead = int(proc.stdout)
    write_lock(plan_file, host=socket.gethostname(), pid=dead)
    with Document.open(plan_file):
        assert lock.held_by_me(lock.read_holder(plan_file))
    assert not lock.lock_path(plan_file).exists()


def test_crashed_holder_killed_for_real(plan_file):
    proc = hold_in_other_process(plan_file)
    proc.kill()
    proc.wait()
    for f in (proc.stdin, proc.stdout):
        if f:
            f.close()
    assert lock.read_holder(plan_file)["pid"] == proc.pid
    with Document.open(plan_file) as doc:
        assert doc.plan.tasks


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process start times from /proc")
def test_reused_process_id_is_recognised(plan_file):
    # a live process (our parent) whose start time differs from the one recorded
    write_lock(plan_file, host=socket.gethostname(), pid=os.getppid(), started="1")
    with Document.open(plan_file):
        pass


def test_garbled_lock_is_stale_only_when_old(plan_file):
    lp = lock.lock_path(plan_file)
    lp.write_bytes(b"")  # a writer killed between creating and writing it (fallback mode)
    with pytest.raises(LockedError):
        Document.open(plan_file)
    old = time.time() - lock.GARBLED_STALE_SECONDS - 5
    os.utime(lp, (old, old))
    with Document.open(plan_file):
        pass


def test_lock_file_appears_whole(plan_file, monkeypatch):
    """The lock content is written before the lock name exists (hard link of a finished file)."""
    seen = []
    real_link = os.link

    def spy(src, dst, *a, **k):
        seen.append(Path(src).read_text(encoding="utf-8"))
        return real_link(src, dst, *a, **k)

    monkeypatch.setattr(os, "link", spy)
    with Document.open(plan_file):
        assert json.loads(seen[0])["pid"] == os.getpid()


def test_without_hard_links_o_excl_is_used(plan_file, monkeypatch):
    def no_links(*a, **k):
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(os, "link", no_links)
    with Document.open(plan_file):
        with pytest.raises(LockedError):
            Document.open(plan_file)
        assert lock.read_holder(plan_file)["pid"] == os.getpid()
    assert not list(plan_file.parent.glob("*.new"))


def test_only_one_of_many_racing_openers_wins(plan_file):
    wins = []
    for _ in range(20):
        barrier = threading.Barrier(6)
        got = []

        def attempt(got=got, barrier=barrier):
            barrier.wait()
            try:
                lock.acquire(plan_file)
                got.append(1)
            except LockedError:
                pass

        threads = [threading.Thread(target=attempt) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wins.append(len(got))
        lock.release(plan_file)
    assert wins == [1] * 20


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_a_message_not_a_crash(plan_file):
    folder = plan_file.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(FileError) as ei:
            Document.open(plan_file)
        assert "read-only" in ei.value.message_en
        with Document.open(plan_file, readonly=True) as doc:
            assert doc.plan.tasks
    finally:
        folder.chmod(0o755)


# --- the command line --------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dxplanner.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)


def test_cli_write_commands_on_a_held_file_exit_2(plan_file, tmp_path):
    other = tmp_path / "other.json"
    assert cli("dump", str(plan_file), "-o", str(other)).returncode == 0
    assert cli("backup", str(plan_file)).returncode == 0
    before = plan_file.read_bytes()
    proc = hold_in_other_process(plan_file)
    try:
        for args, langs in ((["backup", str(plan_file)], ("ja", "en")), (["restore", str(plan_file)], ("ja",)),
                            (["load", str(other), str(plan_file), "--force"], ("en",))):
            for lang in langs:
                r = cli(*args, "--lang", lang)
                assert r.returncode == 2, (args, r.stdout, r.stderr)
                lines = r.stderr.strip().splitlines()
                assert len(lines) == 1 and lines[0].startswith("dxplanner: "), r.stderr
                assert str(proc.pid) not in lines[0]  # people read user, host and time, not process ids
                assert socket.gethostname() in lines[0]
                assert ("読み取り専用" if lang == "ja" else "read-only") in lines[0]
        r = cli("info", str(plan_file))  # reading is fine
        assert r.returncode == 0, r.stderr
    finally:
        release_other(proc)
    assert plan_file.read_bytes() == before


# --- many alternating writers --------------------------------------------------------------------

WRITER = """
import sys, time
from dxplanner.document import Document
from dxplanner.errors import LockedError
from dxplanner.model import Kpi
from dxplanner import ops
path, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
done = 0
for i in range(rounds):
    try:
        doc = Document.open(path)
    except LockedError:
        time.sleep(0.001)
        continue
    with doc:
        doc.auto_backup = False
        doc.execute(ops.PutEntities("kpis", [Kpi(id=f"{name}-{i}", name=f"{name} {i}")]))
        done += 1
print(done)
"""


def alternating_writers(path: Path, rounds: int) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(rounds)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True) for name in ("a", "b")]
    done = {}
    for name, p in zip(("a", "b"), procs, strict=True):
        out, _ = p.communicate(timeout=600)
        assert p.returncode == 0
        done[name] = int(out)
    with PlanFile.open(path, readonly=True) as pf:
        kpis = pf.load().kpis
    for name in ("a", "b"):
        assert sum(1 for k in kpis if k.startswith(name + "-")) == done[name], "a write was lost"
    assert sum(done.values()) > 0
    from dxplanner.store.gateway import verify

    verify(path, full=True)
    assert not lock.lock_path(path).exists()


def test_alternating_writers_lose_nothing(plan_file):
    alternating_writers(plan_file, 60)


@pytest.mark.slow
def test_alternating_writers_lose_nothing_many(plan_file):
    alternating_writers(plan_file, 500)

