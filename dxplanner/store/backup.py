"""Rotating, verified backups of a plan, made with SQLite's backup API.

Backups live in a folder beside the plan (``町.dxplan`` -> ``町.dxplan.backups/``), named by
time (``町.20260401-093000-000000.auto.dxplan``), so the newest is last in sort order. Each copy
is written under a temporary name with the backup API (never a plain copy of an open file),
flushed, checked with ``integrity_check`` and the plan checks, then renamed: a half-written
backup never carries a backup's name.

When they are made (see :class:`dxplanner.document.Document`): before the first change of an
editing session, then again every :data:`AUTO_INTERVAL` seconds of editing, each time only if
the file changed since the newest backup; before every migration; and on request.

Which are kept (:func:`rotate`): the newest :data:`KEEP`; the newest of each of the last
:data:`DAILY` days and of each of the last :data:`WEEKLY` weeks; every pre-migration backup.

A damaged file is never overwritten or deleted: :func:`keep_aside` renames it (with its journal)
and :func:`newest_good_backup` finds the newest backup that passes every check.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from dxplanner.errors import DxError, FileError
from dxplanner.i18n import N_
from dxplanner.store import fileops, fsops

if TYPE_CHECKING:
    from dxplanner.store.gateway import PlanFile

KEEP = 10
DAILY = 14
WEEKLY = 8
AUTO_INTERVAL = 10 * 60.0
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"\.(\d{8}-\d{6}-\d{6})(?:\.([0-9A-Za-z_-]+))?\.dxplan$")


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def list_backups(path: Path) -> list[Path]:
    """Backups of ``path``, oldest first."""
    d = backup_dir(path)
    if not d.is_dir():
        return []
    return sorted(
        (p for p in d.iterdir() if p.suffix == ".dxplan" and not p.name.startswith(".") and p.is_file()),
        key=lambda p: (backup_time(p) or datetime.datetime.min, p.name),
    )


def backup_time(backup: Path) -> datetime.datetime | None:
    """When a backup was made, read from its name."""
    m = _NAME.search(backup.name)
    if not m:
        return None
    try:
        return datetime.datetime.strptime(m.group(1), STAMP_FORMAT)
    except ValueError:
        return None


def backup_reason(backup: Path) -> str:
    m = _NAME.search(backup.name)
    return (m.group(2) or "") if m else ""


def make_backup(pf: PlanFile, reason: str = "", *, now: datetime.datetime | None = None) -> Path:
    """A verified copy of the open file in its backups folder; older ones are thinned out."""
    base = pf.logical_path
    d = backup_dir(base)
    try:
        d.mkdir(exist_ok=True)
    except OSError as exc:
        raise FileError(
            N_("the backup of {file} could not be written: {detail}"), file=base.name,
            detail=exc.strerror or str(exc),
        ) from exc
    stamp = (now or datetime.datetime.now()).strftime(STAMP_FORMAT)
    tag = re.sub(r"[^0-9A-Za-z_-]", "", reason)[:40]
    name = backup_name(base, stamp, tag)
    try:
        if base == pf.path:
            target = pf.save_as(d / name, full_check=True)
        else:  # a working copy of a plan on a share: made locally, then published beside the plan
            from dxplanner.store.workcopy import publish

            with tempfile.TemporaryDirectory(prefix="dxplanner-backup-") as tmp:
                local = pf.save_as(Path(tmp) / name, full_check=True)
                target = d / name
                publish(local, target)
    except (OSError, sqlite3.Error) as exc:  # a full disk fails inside SQLite's backup API
        detail = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
        raise FileError(
            N_("the backup of {file} could not be written: {detail}"), file=base.name, detail=detail,
        ) from exc
    rotate(base, now=now)
    return target


def backup_name(plan: Path, stamp: str, tag: str = "") -> str:
    """``<stem>.<stamp>[.<tag>].dxplan``; a stem too long for the file system keeps its start and
    a short hash of the rest (a 75-character Japanese name plus 37 bytes of time would not fit)."""
    tail = f".{stamp}{'.' + tag if tag else ''}.dxplan"
    # room for the tail and for the temporary name the copy is first written under
    room = fileops.name_bytes(tail) + len(".12345678.tmp") + 1 + fileops.JOURNAL_ROOM
    return fileops.fit_name(plan.stem, room, backup_dir(plan)) + tail


def rotate(path: Path, *, now: datetime.datetime | None = None) -> list[Path]:
    """Delete the backups the keeping rules no longer need; return what was deleted."""
    items = list_backups(path)
    now = now or datetime.datetime.now()
    keep: set[Path] = set(items[-KEEP:])
    days: set[datetime.date] = set()
    weeks: set[tuple[int, int]] = set()
    for b in reversed(items):  # newest first: the first seen of a day/week is its newest
        t = backup_time(b)
        if t is None:
            keep.add(b)  # not named by us: leave it alone
            continue
        if backup_reason(b).startswith("before-migration"):
            keep.add(b)
        age = (now.date() - t.date()).days
        if age < DAILY and t.date() not in days:
            days.add(t.date())
            keep.add(b)
        week = t.isocalendar()[:2]
        if age < WEEKLY * 7 and week not in weeks:
            weeks.add(week)
            keep.add(b)
    removed = []
    for b in items:
        if b not in keep:
            with contextlib.suppress(OSError, fsops.FileInUseError):
                fsops.unlink(b)
                removed.append(b)
    return removed


def changed_since_last_backup(path: Path, *, written: Path | None = None) -> bool:
    """Whether the plan was written after its newest backup was taken (or has none).

    ``written`` is the file actually written, when it is a working copy of ``path``.
    """
    items = list_backups(path)
    if not items:
        return True
    newest = backup_time(items[-1])
    if newest is None:
        return True
    try:
        mtime = datetime.datetime.fromtimestamp((written or path).stat().st_mtime)
    except OSError:
        return True
    return mtime >= newest


def maybe_backup(pf: PlanFile, reason: str = "auto") -> Path | None:
    """A backup if the file changed since the newest one; None when nothing was needed."""
    if not changed_since_last_backup(pf.logical_path, written=pf.path):
        return None
    return make_backup(pf, reason=reason)


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup of ``path`` that passes ``integrity_check`` and the plan checks."""
    from dxplanner.store.gateway import PlanFile, verify

    for b in reversed(list_backups(path)):
        try:
            verify(b, full=True)
            with PlanFile.open(b, readonly=True) as pf:
                pf.load()
        except (DxError, OSError):
            continue
        return b
    return None


def aside_name(path: Path, tag: str) -> Path:
    """A free name ``<stem>.<tag>-<time><suffix>`` beside ``path`` (shortened to fit)."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    n = 1
    while True:
        tail = f".{tag}-{stamp}{'' if n == 1 else f'-{n}'}{path.suffix}"
        stem = fileops.fit_name(path.stem, fileops.name_bytes(tail) + len("-journal"))
        aside = path.with_name(stem + tail)
        if not aside.exists():
            return aside
        n += 1


def keep_aside(path: Path, tag: str) -> Path:
    """Rename ``path`` (and a journal beside it) to ``<stem>.<tag>-<time><suffix>``; bytes unchanged."""
    aside = aside_name(path, tag)
    try:
        fileops.replace(path, aside)
        journal = path.with_name(path.name + "-journal")
        if journal.exists():
            fileops.replace(journal, aside.with_name(aside.name + "-journal"))
    except OSError as exc:
        raise FileError(
            N_("{file} could not be renamed to {target}: {detail}"), file=path.name, target=aside.name,
            detail=exc.strerror or str(exc),
        ) from exc
    return aside


def restore(backup: Path, target: Path, *, aside_tag: str = "before-restore") -> Path | None:
    """Put a verified copy of ``backup`` at ``target``; at every instant ``target`` holds a plan.

    1. The backup is read whole with the reader that opens plans (header, ``integrity_check``,
       schema, every value, the references): a backup that would not open is refused before
       the plan is touched.
    2. Its copy is written beside ``target`` under a temporary name, flushed, checked again,
       and given the plan's permissions.
    3. The current file is copied (flushed, renamed into place) to
       ``<stem>.<aside_tag>-<time>.dxplan``, so the plan never leaves its path; its journal, if
       any, goes with the copy.
    4. The copy is renamed over ``target`` in one atomic step.

    Returns the kept-aside name (None when there was no file). The caller holds the write lock
    of ``target``. A failure at any step (disk full, a kill) leaves the plan as it was.
    """
    from dxplanner.store.gateway import PlanFile, fsync_dir, journal_path, verify

    with contextlib.suppress(OSError):
        if target.exists() and backup.samefile(target):
            raise FileError(N_("{backup} is the plan itself, not a backup of it"), backup=backup.name)
    verify(backup, full=True)
    staged = fileops.temp_beside(target, create=False)
    try:
        try:
            with PlanFile.open(backup, readonly=True) as src:
                src.load()
                src.save_as(staged, full_check=True)
            with PlanFile.open(staged, readonly=True) as copy:
                copy.load()
        except (OSError, sqlite3.Error) as exc:  # a full disk while copying
            raise FileError(
                N_("{file} could not be restored: {detail}; the plan is unchanged"), file=target.name,
                detail=(exc.strerror if isinstance(exc, OSError) else None) or str(exc),
            ) from exc
        aside = None
        if target.exists():
            fileops.copy_mode(target, staged)
            if aside_tag != "damaged":
                _settle_journal(target)
            aside = _keep_copy(target, aside_tag)
            journal = journal_path(target)
            if journal.exists():  # never left beside the restored plan: SQLite would apply it there
                fileops.replace(journal, journal_path(aside))
        fileops.replace(staged, target)
        fsync_dir(target.parent)
    except BaseException:
        fsops.discard(staged)
        raise
    return aside


def _settle_journal(target: Path) -> None:
    """Let SQLite roll back a journal a crash left beside the plan (as opening it would), so the
    plan file kept aside is whole on its own. We hold the lock: no writer of ours is active."""
    from dxplanner.store.gateway import journal_path

    if not journal_path(target).exists():
        return
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(str(target), timeout=2.0)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()


def _keep_copy(target: Path, tag: str) -> Path:
    """Keep a complete copy of the current plan beside it (``aside_name``); the plan stays in place.

    A copy, not a second hard link: a link left by a kill before the swap would be a second name
    of the live plan, changing with every later edit and escaping the lock. The copy is written
    under a temporary name, flushed and renamed, so the kept name only ever holds a whole file.
    """
    import shutil

    from dxplanner.store.gateway import fsync_dir, fsync_file

    aside = aside_name(target, tag)
    tmp = fileops.temp_beside(target, create=False)  # named like the plan's: a killed one is cleared
    try:
        shutil.copyfile(target, tmp)
        fileops.copy_mode(target, tmp)
        fsync_file(tmp)
        fileops.replace(tmp, aside)
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise FileError(
            N_("{file} could not be kept as {target}: {detail}; the plan is unchanged"), file=target.name,
            target=aside.name, detail=exc.strerror or str(exc),
        ) from exc
    return aside
