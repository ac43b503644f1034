"""Renaming, replacing and deleting files the way Windows allows it: the one place that retries.

On Windows a file that any process holds open cannot be renamed, replaced or deleted
(``[WinError 32]`` "being used by another process", sometimes ``[WinError 5]`` access denied).
Our own handles are closed before these calls (callers: close first). What is left are other
programs: Defender and the search indexer open a freshly written file for a moment, and Excel
holds a workbook for as long as it is open. So every rename/replace/delete goes through here:
on Windows it retries for about two seconds (the scanners let go), then raises
:class:`FileInUseError`, a one-line message for people (Excel's workbook is named as such).
On other systems these are plain ``os`` calls: nothing there holds files this way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dxplanner.errors import FileError
from dxplanner.i18n import N_

#: Waits between attempts on Windows (seconds; about 2 s in all).
RETRY_DELAYS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.5)
#: Windows error numbers of a file held by another process (sharing and lock violations,
#: access denied while a handle is open or a delete is pending).
SHARING_WINERRORS = frozenset({5, 32, 33})

StrPath = str | os.PathLike[str]
T = TypeVar("T")


def retrying() -> bool:
    """Whether to retry (Windows only; tests switch it on to prove the retry on Linux)."""
    return sys.platform == "win32"


class FileInUseError(FileError):
    """A file another program holds open (Excel, a scanner that did not let go)."""

    def __init__(self, path: Path) -> None:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv"):
            msgid = N_("{file} is open in Excel. Close it and try again, or save under another name.")
        else:
            msgid = N_("{file} is open in another program. Close it and try again, or save under another name.")
        super().__init__(msgid, file=path.name)
        self.path = path


def is_sharing_violation(exc: OSError) -> bool:
    """True for Windows' "used by another process" family of errors."""
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in SHARING_WINERRORS


def _attempt(op: Callable[[], T], held: Path) -> T:
    delays = RETRY_DELAYS if retrying() else ()
    for delay in (*delays, None):
        try:
            return op()
        except PermissionError as exc:
            if not is_sharing_violation(exc):
                raise
            if delay is None:
                raise FileInUseError(held) from exc
            time.sleep(delay)
    raise AssertionError("unreachable")


def replace(src: StrPath, dst: StrPath) -> None:
    """``os.replace`` (atomic rename over ``dst``), retried while another program holds a file."""
    _attempt(lambda: os.replace(src, dst), Path(dst))


def rename(src: StrPath, dst: StrPath) -> None:
    """``os.rename`` (fails if ``dst`` exists), retried while another program holds ``src``."""
    _attempt(lambda: Path(src).rename(dst), Path(src))


def unlink(path: StrPath, *, missing_ok: bool = False) -> None:
    """Delete ``path``, retried while another program holds it."""
    _attempt(lambda: Path(path).unlink(missing_ok=missing_ok), Path(path))


def discard(path: StrPath) -> None:
    """Delete a temporary file if it is there; never raises (leftovers are cleaned up later)."""
    with contextlib.suppress(OSError):
        unlink(path, missing_ok=True)


def rmtree(path: StrPath) -> None:
    """Remove a folder of our own temporaries, retrying held files; never raises."""
    for delay in (*(RETRY_DELAYS if retrying() else ()), None):
        shutil.rmtree(path, ignore_errors=True)
        if delay is None or not os.path.lexists(path):
            return
        time.sleep(delay)
