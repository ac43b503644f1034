"""Small file-system steps every writer shares: the one rename, temporary names, permissions.

* :func:`replace` is the only place the store renames a file over another. (Windows'
  sharing violations — an antivirus or indexer holding the file for a moment — are retried in
  one place, :mod:`dxplanner.store.fsops`, which this function calls.)
* :func:`temp_beside` names a temporary file beside its target so that the name always fits
  the file system's limit of 255 bytes, however long the target's (Japanese) name is: a long
  name keeps its start and has the rest replaced by a short hash (:func:`fit_name`).
* New files follow the user's umask like any program's (:func:`follow_umask`): ``mkstemp``
  alone makes them 0600, and colleagues on a shared folder would lose access. A restored plan
  keeps the mode of the plan it replaces.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
import time
from pathlib import Path

MAX_NAME_BYTES = 255  # NTFS, ext4, APFS and SMB: 255 (UTF-16 units on NTFS, bytes elsewhere)
# SQLite names its journal "<file>-journal": a database file's name must leave room for it
JOURNAL_ROOM = len("-journal")
# the longest plan name: its journal and its backups folder ("<name>.backups") must fit too
MAX_PLAN_NAME_BYTES = MAX_NAME_BYTES - JOURNAL_ROOM
_HASH_CHARS = 10
SQLITE_MAX_PATH = 512  # SQLite's unix VFS refuses longer paths ("unable to open database file")


def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """Rename ``src`` over ``dst`` atomically (the one rename of the store), retried on Windows
    while a scanner or another program holds a file (:func:`dxplanner.store.fsops.replace`)."""
    from dxplanner.store import fsops

    fsops.replace(src, dst)


def name_bytes(name: str) -> int:
    return len(name.encode("utf-8", "surrogateescape"))


def name_budget(folder: Path | None) -> int:
    """The bytes a name in ``folder`` may take: 255, or less where SQLite's limit of 512 bytes
    for a whole path (its journal's path included) is nearer."""
    if folder is None:
        return MAX_NAME_BYTES
    full = name_bytes(os.path.abspath(folder))  # noqa: PTH100 (no I/O)
    return max(0, min(MAX_NAME_BYTES, SQLITE_MAX_PATH - full - 1))


def fit_name(name: str, room: int = 0, folder: Path | None = None) -> str:
    """``name`` itself if ``room`` more bytes still fit a file name (in ``folder``: see
    :func:`name_budget`); else its start plus a hash of the whole.

    The hash keeps two long names that share their start apart, and the result is the same
    every time for the same name (backups of one plan sort together).
    """
    limit = name_budget(folder) - room
    if name_bytes(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:_HASH_CHARS]
    keep = name
    while keep and name_bytes(keep) + 1 + _HASH_CHARS > limit:
        keep = keep[:-1]
    return f"{keep}~{digest}"


def temp_prefix(path: Path, suffix: str = ".tmp") -> str:
    """The start of every temporary name :func:`temp_beside` gives for ``path`` (for globbing)."""
    return fit_name(path.name, 1 + 8 + 1 + len(suffix) + JOURNAL_ROOM, path.parent) + "."


def temp_beside(path: Path, suffix: str = ".tmp", *, create: bool = True) -> Path:
    """A new temporary file (``<name>.<random><suffix>``) in ``path``'s folder, mode per umask.

    With ``create=False`` only a free name is returned (for writers that must create it).
    """
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path, suffix), suffix=suffix, dir=path.parent)
    os.close(fd)
    p = Path(tmp)
    if create:
        follow_umask(p)
    else:
        p.unlink()
    return p


def check_plan_name(path: Path) -> None:
    """Refuse a plan name the file system cannot hold beside its journal and backups folder."""
    from dxplanner.errors import FileError
    from dxplanner.i18n import N_

    if name_bytes(path.name) > MAX_PLAN_NAME_BYTES:
        raise FileError(
            N_("{file}: the file name is too long ({n} bytes; at most {limit}, about {chars} Japanese "
               "characters). Choose a shorter name."),
            file=path.name[:30] + "…", n=name_bytes(path.name), limit=MAX_PLAN_NAME_BYTES,
            chars=(MAX_PLAN_NAME_BYTES - len(".dxplan")) // 3)


def current_umask() -> int:
    """The process's umask (read without changing it where the system allows)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, ValueError):
            for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def follow_umask(path: Path) -> None:
    """Give a file we created the mode any new file gets (0666 minus the umask)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        path.chmod(0o666 & ~current_umask())


def copy_mode(src: Path, dst: Path) -> None:
    """Give ``dst`` the permission bits of ``src`` (a restored plan keeps the plan's mode)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        dst.chmod(stat.S_IMODE(src.stat().st_mode))


def unique_suffix() -> str:
    return f"{os.getpid()}-{time.monotonic_ns()}"


def write_atomic(path: Path, data: bytes) -> None:
    """``data`` written under a temporary name beside ``path`` (mode per umask), flushed to disk and
    renamed over ``path``: a reader sees the old file or the new one, and a full disk leaves the
    old file (or none) and no partial temporary. Raises ``OSError``."""
    from dxplanner.store import fsops

    tmp = temp_beside(path)
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        replace(tmp, path)
    except BaseException:
        fsops.discard(tmp)
        raise
