"""Rotating, verified backups of a plan, made with SQLite's backup API.

Backups live in a folder beside the plan (``町.dxplan`` -> ``町.dxplan.backups/``), named by
time, so the newest is last in sort order. Each copy is written under a temporary name,
checked with ``quick_check`` and the plan checks, then renamed: a half-written backup never
carries a backup's name. Only the newest ``KEEP`` are kept.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from dxplanner.errors import FileError
from dxplanner.i18n import N_

if TYPE_CHECKING:
    from dxplanner.store.gateway import PlanFile

KEEP = 10


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def list_backups(path: Path) -> list[Path]:
    """Backups of ``path``, oldest first."""
    d = backup_dir(path)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix == ".dxplan" and not p.name.startswith("."))


def make_backup(pf: PlanFile, reason: str = "") -> Path:
    d = backup_dir(pf.path)
    d.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    tag = re.sub(r"[^0-9A-Za-z_-]", "", reason)[:40]
    name = f"{pf.path.stem}.{stamp}{'.' + tag if tag else ''}.dxplan"
    target = pf.save_as(d / name)
    for old in list_backups(pf.path)[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def restore(backup: Path, target: Path) -> None:
    """Put a verified copy of ``backup`` at ``target`` (the current file, if any, is kept aside)."""
    from dxplanner.store.gateway import PlanFile, verify

    verify(backup)
    if target.exists():
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
        os.replace(target, aside)
    with PlanFile.open(backup, readonly=True) as src:
        src.save_as(target)
    if not target.exists():
        raise FileError(N_("{file} could not be restored"), file=target.name)
