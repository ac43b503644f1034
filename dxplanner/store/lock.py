"""Who holds a plan open for writing.

A lock file beside the plan (``町.dxplan`` -> ``町.dxplan.lock``) names the holder: user, host,
process id and since when. It is created with O_EXCL, so two writers cannot both win, and it
works across users on a shared folder where SQLite's own locks cannot be trusted. A lock left
by a process on this machine that no longer runs is stale and is cleared.
"""

from __future__ import annotations

import contextlib
import datetime
import getpass
import json
import os
import socket
from pathlib import Path
from typing import Any

from dxplanner.errors import LockedError
from dxplanner.i18n import N_


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _me() -> dict[str, Any]:
    try:
        user = getpass.getuser()
    except Exception:
        user = "?"
    return {
        "app": "DX Planner",
        "user": user,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": datetime.datetime.now().isoformat(timespec="seconds"),
    }


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def read_holder(path: Path) -> dict[str, Any] | None:
    """The holder recorded in the lock file, or None when there is none."""
    lp = lock_path(path)
    try:
        raw = lp.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return {"user": "?", "host": "?", "pid": 0, "since": "?"}
    try:
        data = json.loads(raw)
        if isinstance(data, dict):
            return data
    except ValueError:
        pass
    return {"user": "?", "host": "?", "pid": 0, "since": "?"}


def is_stale(holder: dict[str, Any]) -> bool:
    """A lock from this machine whose process is gone (a crash) is stale."""
    if holder.get("host") != socket.gethostname():
        return False
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return False
    return not _alive(pid)


def acquire(path: Path) -> dict[str, Any]:
    """Take the write lock on ``path`` or raise LockedError naming the holder."""
    lp = lock_path(path)
    me = _me()
    for _ in range(3):
        try:
            fd = os.open(lp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = read_holder(path) or {}
            if holder and is_stale(holder):
                with contextlib.suppress(FileNotFoundError):
                    lp.unlink()
                continue
            raise LockedError(
                N_("{file} is open for writing by {user} on {host} since {since}. Open it read-only instead."),
                holder=holder,
                file=path.name,
                user=holder.get("user", "?"),
                host=holder.get("host", "?"),
                since=holder.get("since", "?"),
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(me, fh, ensure_ascii=False)
        return me
    raise LockedError(N_("{file}: the lock could not be taken"), file=path.name)


def release(path: Path) -> None:
    """Remove our lock file (only if it is still ours)."""
    holder = read_holder(path)
    if holder and holder.get("pid") == os.getpid() and holder.get("host") == socket.gethostname():
        with contextlib.suppress(FileNotFoundError):
            lock_path(path).unlink()
