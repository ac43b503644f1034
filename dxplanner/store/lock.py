"""Who holds a plan open for writing.

A lock file beside the plan (``町.dxplan`` -> ``町.dxplan.lock``) names the holder: user, host,
process id, when the process started and since when it holds the file. It works across
processes, users and machines on a shared folder, where SQLite's own locks cannot be trusted
(sqlite.org/useovernet.html).

The lock file appears with its content complete: the holder is written to a temporary file
which is then hard-linked to the lock name (the link fails if the name exists). Where hard
links are not supported (FAT, some SMB servers) it falls back to ``O_CREAT|O_EXCL``.

Stale locks: a lock naming *this* machine whose process is gone (or whose process id now
belongs to a process started later — the id was reused) is cleared on the next attempt.
A lock naming another machine is never cleared automatically; :func:`break_lock` exists for
the UI to call after the person confirmed, having been shown the holder. An empty or
unreadable lock file (a writer killed between creating and writing it, in the fallback mode)
counts as stale once it is older than :data:`GARBLED_STALE_SECONDS`.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import getpass
import json
import os
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dxplanner.errors import FileError, LockedError, ReadOnlyPlaceError
from dxplanner.i18n import N_
from dxplanner.store import fileops, fsops

GARBLED_STALE_SECONDS = 60.0
UNKNOWN: dict[str, Any] = {"user": "?", "host": "?", "pid": 0, "since": "?"}


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def process_start(pid: int) -> str | None:
    """An opaque token for when process ``pid`` started (None where it cannot be told).

    Stored in the lock so a process id reused after a crash is not taken for the holder.
    """
    if sys.platform.startswith("linux"):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            return None
        fields = stat[stat.rfind(")") + 2 :].split()
        return fields[19] if len(fields) > 19 else None  # field 22: starttime in clock ticks
    if sys.platform == "win32":
        return _win_process_start(pid)
    return None


def _win_process_start(pid: int) -> str | None:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return None
    try:
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            return None
        return str((times[0].dwHighDateTime << 32) | times[0].dwLowDateTime)
    finally:
        kernel32.CloseHandle(handle)


def _me() -> dict[str, Any]:
    try:
        user = getpass.getuser()
    except Exception:
        user = "?"
    pid = os.getpid()
    return {
        "app": "DX Planner",
        "user": user,
        "host": socket.gethostname(),
        "pid": pid,
        "started": process_start(pid),
        "since": datetime.datetime.now().isoformat(timespec="seconds"),
    }


def _alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine.

    Not ``os.kill(pid, 0)`` on Windows: there any signal but CTRL events *terminates* the process.
    """
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _win_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OSError, OverflowError, ValueError):  # a huge or odd id in a crafted lock: no such process
        return False
    return True


def _win_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(ctypes.get_last_error() == 5)  # type: ignore[attr-defined,unused-ignore]  # ERROR_ACCESS_DENIED
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def read_holder(path: Path) -> dict[str, Any] | None:
    """The holder recorded in the lock file, or None when there is none.

    An unreadable or garbled lock file gives a holder of ``"?"`` fields with ``garbled: True``.
    """
    lp = lock_path(path)
    try:
        raw = lp.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return {**UNKNOWN, "garbled": True}
    try:
        data = json.loads(raw)
        if isinstance(data, dict):
            return data
    except ValueError:
        pass
    return {**UNKNOWN, "garbled": True}


def is_stale(holder: dict[str, Any], path: Path | None = None) -> bool:
    """Whether the recorded holder can no longer be writing (see the module notes)."""
    if holder.get("garbled"):
        if path is None:
            return False
        try:
            age = time.time() - lock_path(path).stat().st_mtime
        except OSError:
            return False
        return age > GARBLED_STALE_SECONDS
    if holder.get("host") != socket.gethostname():
        return False
    pid = holder.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool):
        return False
    if not _alive(pid):
        return True
    started = holder.get("started")
    if isinstance(started, str):
        # also for our own id: a lock left by an earlier process that had the same id
        now_started = process_start(pid)
        if now_started is not None and now_started != started:
            return True  # the id now belongs to another process
    return False


def held_by_me(holder: dict[str, Any] | None) -> bool:
    """Whether the lock names this very process (not an earlier one that had the same id)."""
    if not holder or holder.get("pid") != os.getpid() or holder.get("host") != socket.gethostname():
        return False
    started = holder.get("started")
    mine = process_start(os.getpid())
    return not (isinstance(started, str) and mine is not None and started != mine)


def _create(lp: Path, me: dict[str, Any]) -> bool:
    """Create the lock file with its content in one step; False if it exists already."""
    data = json.dumps(me, ensure_ascii=False).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=fileops.temp_prefix(lp, ".new"), suffix=".new", dir=lp.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, lp)
            return True
        except FileExistsError:
            return False
        except OSError:
            pass  # no hard links here: fall back to O_EXCL
    finally:
        with contextlib.suppress(OSError):
            fsops.discard(Path(tmp))
    try:
        fd = os.open(lp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return True


def acquire(path: Path) -> dict[str, Any]:
    """Take the write lock on ``path`` or raise LockedError naming the holder."""
    lp = lock_path(path)
    me = _me()
    _check_lock_place(path, lp)
    for _ in range(3):
        try:
            _remove_old_temporaries(lp)
            created = _create(lp, me)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise ReadOnlyPlaceError(
                    N_("{file} cannot be opened for writing here ({detail}). Open it read-only instead."),
                    file=path.name, detail=exc.strerror or str(exc),
                ) from exc
            raise FileError(
                N_("{file}: the lock file {lock} could not be written ({detail})"),
                file=path.name, lock=lp.name, detail=exc.strerror or str(exc),
            ) from exc
        if created:
            return me
        holder = read_holder(path)
        if holder is None:
            continue  # released meanwhile
        if is_stale(holder, path):
            with contextlib.suppress(OSError):
                fsops.unlink(lp, missing_ok=True)
            continue
        raise locked_error(path, holder)
    raise LockedError(N_("{file}: the lock could not be taken"), file=path.name)


def _check_lock_place(path: Path, lp: Path) -> None:
    """A folder or a (dangling) link where the lock file belongs is not a lock: say so, once."""
    if lp.is_symlink() or (lp.exists() and not lp.is_file()):
        raise ReadOnlyPlaceError(
            N_("{file} cannot be opened for writing: {lock} beside it is not a lock file of DX Planner "
               "(a folder or a link). Remove or rename it, then try again."),
            file=path.name, lock=lp.name)


def _remove_old_temporaries(lp: Path) -> None:
    """Temporary ``<lock>.*.new`` files of writers killed while taking the lock."""
    import glob

    now = time.time()
    for tmp in lp.parent.glob(glob.escape(fileops.temp_prefix(lp, ".new")) + "*.new"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > GARBLED_STALE_SECONDS:
                fsops.discard(tmp)


def locked_error(path: Path, holder: dict[str, Any]) -> LockedError:
    """The error telling who holds ``path`` and since when (and that read-only is possible)."""
    if held_by_me(holder):
        return LockedError(
            N_("{file} is already open for writing in another window of this program (since {since}). "
               "Open it read-only instead."),
            holder=holder,
            file=path.name,
            since=holder.get("since", "?"),
        )
    return LockedError(
        N_("{file} is open for writing by {user} on {host} since {since}. Open it read-only instead."),
        holder=holder,
        file=path.name,
        user=holder.get("user", "?"),
        host=holder.get("host", "?"),
        since=holder.get("since", "?"),
    )


def release(path: Path) -> None:
    """Remove our lock file (only if it is still ours)."""
    if held_by_me(read_holder(path)):
        with contextlib.suppress(FileNotFoundError):
            fsops.unlink(lock_path(path), missing_ok=True)


def break_lock(path: Path) -> dict[str, Any] | None:
    """Remove whatever lock is on ``path`` and return the holder it named.

    Only for the UI, after the person has been shown the holder and confirmed that nobody is
    still editing (the holder's PC crashed, or the person left for the day).
    """
    holder = read_holder(path)
    with contextlib.suppress(FileNotFoundError):
        fsops.unlink(lock_path(path), missing_ok=True)
    return holder
