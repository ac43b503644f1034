"""Plans on network shares: edited through a local working copy, written back safely.

SQLite's locking over SMB/NFS cannot be trusted (sqlite.org/useovernet.html), so a plan on a
share is never opened by SQLite in place. Instead:

1. **Recognise the share** (:func:`is_network_path`): on Windows a UNC path (``\\\\server\\share``,
   ``\\\\?\\UNC\\…``) or a drive letter whose ``GetDriveTypeW`` is ``DRIVE_REMOTE`` (a mapped drive);
   on Linux the longest mount point in ``/proc/self/mounts`` holding the path has a network file
   system type (:data:`NETWORK_FS_TYPES`: cifs, smb3, nfs, nfs4, fuse.sshfs, 9p, …). The
   environment variable ``DXPLANNER_NETWORK_PATHS`` (folders separated by ``os.pathsep``) marks
   more folders as shares — for tests, and for file systems the rules above miss.
2. **Check out**: the lock file is taken *on the share* (``町.dxplan.lock``, naming user, host and
   time, so colleagues see who edits), the file's bytes (and a journal, if a crash left one)
   are copied to the working copy under the user's cache folder, checked there, and the share
   file's fingerprint (size, mtime, SHA-256) is remembered.
3. **Edit** the working copy (continuous save to the local disk, as for any plan).
4. **Write back** (:meth:`WorkCopy.push`): refuse if the share file's fingerprint changed
   (someone replaced it meanwhile — nothing is overwritten; the working copy keeps the work);
   make a checked snapshot of the working copy, copy its bytes to a temporary name on the share,
   read them back and compare the hash, copy the current share file to ``町.dxplan.bak``, then
   rename the temporary file over the plan. The share file is never missing or half-written.
5. **After a crash** the working copy and a small state file remain. On the next check-out,
   if the share file is as it was at the last write-back, the working copy (the newest work)
   is used and written back; otherwise it is kept as ``unsynced-<time>.dxplan`` in the cache
   folder and the user is told where.

The working copy folder is ``DXPLANNER_CACHE_DIR`` if set, else ``%LOCALAPPDATA%\\DXPlanner\\
workcopies`` on Windows and ``$XDG_CACHE_HOME/dxplanner/workcopies`` (``~/.cache``) elsewhere.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dxplanner.errors import FileError
from dxplanner.i18n import N_
from dxplanner.store import fileops, fsops, lock

ENV_SHARES = "DXPLANNER_NETWORK_PATHS"
ENV_CACHE = "DXPLANNER_CACHE_DIR"
MOUNTS_FILE = "/proc/self/mounts"
NETWORK_FS_TYPES = frozenset({
    "cifs", "smb3", "smbfs", "smb", "nfs", "nfs4", "afs", "ncpfs", "9p", "ceph", "glusterfs", "lustre",
    "gpfs", "afpfs", "webdav", "davfs", "fuse.sshfs", "sshfs", "fuse.davfs2", "fuse.rclone",
    "fuse.glusterfs", "fuse.cephfs", "fuse.s3fs", "fuse.smbnetfs", "fuse.gvfsd-fuse",
})  # fmt: skip
DRIVE_REMOTE = 4
CHUNK = 1 << 20


class ShareChangedError(FileError):
    """The file on the share was replaced by someone else since it was checked out."""


class ShareMissingError(FileError):
    """The file (or the whole shared folder) is gone: moved, deleted, or the share disconnected."""


# --- recognising a share ----------------------------------------------------------------------


def _env_shares() -> list[str]:
    raw = os.environ.get(ENV_SHARES, "")
    return [os.path.abspath(p) for p in raw.split(os.pathsep) if p.strip()]  # noqa: PTH100 (no I/O)


def _within(path: str, folder: str) -> bool:
    path_n, folder_n = os.path.normcase(path), os.path.normcase(folder.rstrip("\\/") or folder)
    return path_n == folder_n or path_n.startswith(folder_n.rstrip("\\/") + os.sep)


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes (\\040 …)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 4 <= len(field) and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mount_fs_type(path: str, mounts_text: str) -> str | None:
    """The file system type of the longest mount point holding ``path`` (Linux mount table)."""
    best, best_type = "", None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        if _within(path, point) and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type


def _windows_is_remote(path: str) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive, _ = os.path.splitdrive(path)
    if not drive or drive.startswith(("\\\\", "//")):
        return False
    root = drive + "\\"
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    return int(kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))) == DRIVE_REMOTE


def is_unc(path: str) -> bool:
    r"""``\\server\share\…``, ``//server/share/…`` or ``\\?\UNC\…`` (not ``\\?\C:\`` or ``\\.\``)."""
    p = path.replace("/", "\\")
    if p.upper().startswith("\\\\?\\UNC\\"):
        return True
    if p.startswith(("\\\\?\\", "\\\\.\\")):
        return False
    return p.startswith("\\\\") and len(p) > 2 and p[2] != "\\"


def is_network_path(path: str | os.PathLike[str], *, platform: str | None = None,
                    mounts_text: str | None = None) -> bool:
    """Whether ``path`` lies on a network share (see the module notes for the rules).

    ``platform`` and ``mounts_text`` exist for tests (they default to this machine's).
    """
    raw = os.fspath(path)
    platform = platform or sys.platform
    if platform == "win32" and is_unc(raw):
        return True
    full = os.path.abspath(raw)  # noqa: PTH100 (resolve() would touch the network)
    if any(_within(full, s) for s in _env_shares()):
        return True
    if platform == "win32":
        if mounts_text is not None:
            return False
        try:
            return _windows_is_remote(full)
        except (OSError, AttributeError, ValueError):
            return False
    if platform.startswith("linux"):
        if mounts_text is None:
            try:
                mounts_text = Path(MOUNTS_FILE).read_text(encoding="utf-8", errors="replace")
            except OSError:
                return False
        with contextlib.suppress(OSError):
            full = os.path.realpath(full)
        fstype = mount_fs_type(full, mounts_text)
        return fstype is not None and (fstype in NETWORK_FS_TYPES or fstype.startswith("fuse.sshfs"))
    return False


# --- the working copy ---------------------------------------------------------------------------


def cache_root() -> Path:
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env) / "workcopies"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "DXPlanner" / "workcopies"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dxplanner" / "workcopies"


@dataclasses.dataclass(frozen=True)
class Fingerprint:
    size: int
    mtime_ns: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Fingerprint | None:
        try:
            return cls(int(data["size"]), int(data["mtime_ns"]), str(data["sha256"]))
        except (TypeError, KeyError, ValueError):
            return None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def fingerprint(path: Path) -> Fingerprint:
    st = path.stat()
    return Fingerprint(st.st_size, st.st_mtime_ns, sha256_of(path))


def _copy_synced(src: Path, dst: Path) -> str:
    """Copy bytes, flush them to disk, return the SHA-256 of what was copied."""
    h = hashlib.sha256()
    with src.open("rb") as fi, dst.open("wb") as fo:
        while chunk := fi.read(CHUNK):
            h.update(chunk)
            fo.write(chunk)
        fo.flush()
        os.fsync(fo.fileno())
    return h.hexdigest()


def _io_error(share: Path, exc: OSError) -> FileError:
    return FileError(
        N_("{file} on the shared folder could not be read or written: {detail}"), file=share.name,
        detail=exc.strerror or str(exc),
    )


class WorkCopy:
    """The local working copy of one plan on a share; the caller holds the share's lock."""

    def __init__(self, share: Path, folder: Path) -> None:
        self.share = share
        self.folder = folder
        self.local = folder / share.name  # same name, so messages about it name the user's file
        self.state_path = folder / "state.json"
        self.base: Fingerprint | None = None  # the share file as we last saw it
        self.dirty = False
        self.last_push = 0.0
        self.notices: list[FileError] = []

    # --- state ------------------------------------------------------------------------------

    @staticmethod
    def folder_for(share: Path) -> Path:
        key = hashlib.sha256(os.path.normcase(os.path.abspath(share)).encode("utf-8")).hexdigest()[:20]  # noqa: PTH100
        return cache_root() / key

    def _write_state(self) -> None:
        data = {"share": str(self.share), "base": self.base.to_json() if self.base else None,
                "dirty": self.dirty, "written": datetime.datetime.now().isoformat(timespec="seconds")}
        tmp = self.state_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        fileops.replace(tmp, self.state_path)

    def _read_state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def mark_dirty(self) -> None:
        if not self.dirty:
            self.dirty = True
            self._write_state()

    # --- check-out ---------------------------------------------------------------------------

    @classmethod
    def checkout(cls, share: Path) -> WorkCopy:
        """Copy ``share`` to its working copy (or adopt unsynced work left by a crash)."""
        from dxplanner.store.gateway import remove_stale_temporaries, verify

        wc = cls(share, cls.folder_for(share))
        wc.folder.mkdir(parents=True, exist_ok=True)
        state = wc._read_state()
        try:
            remove_stale_temporaries(share)
            current = fingerprint(share)
        except FileNotFoundError:
            raise FileError(N_("{file} does not exist"), file=str(share)) from None
        except OSError as exc:
            raise _io_error(share, exc) from exc
        if state.get("dirty") and wc.local.exists():
            base = Fingerprint.from_json(state.get("base"))
            if base is not None and wc._same(base, current):
                try:
                    verify(wc.local)
                    wc.base, wc.dirty = current, True
                    wc.notices.append(FileError(
                        N_("Changes to {file} not yet written to the shared folder were found and kept."),
                        file=share.name))
                    wc._write_state()
                    return wc
                except FileError:
                    pass
            kept = wc.folder / f"unsynced-{datetime.datetime.now():%Y%m%d-%H%M%S}.dxplan"
            fileops.replace(wc.local, kept)
            wc.notices.append(FileError(
                N_("{file} was changed on the shared folder after your last session, whose unsaved "
                   "changes are kept in {kept}"), file=share.name, kept=str(kept)))
        wc._fetch(current)
        return wc

    def _fetch(self, expected: Fingerprint) -> None:
        from dxplanner.store.gateway import journal_path, verify

        tmp = self.folder / "incoming" / self.share.name
        tmp.parent.mkdir(exist_ok=True)
        for leftover in (tmp, journal_path(tmp), journal_path(self.local)):
            with contextlib.suppress(FileNotFoundError):
                fsops.unlink(leftover, missing_ok=True)
        try:
            digest = _copy_synced(self.share, tmp)
            with contextlib.suppress(FileNotFoundError):
                _copy_synced(journal_path(self.share), journal_path(tmp))
            after = self.share.stat()
        except OSError as exc:
            raise _io_error(self.share, exc) from exc
        if digest != expected.sha256 or after.st_size != expected.size:
            raise ShareChangedError(
                N_("{file} changed on the shared folder while it was being read; please try again"),
                file=self.share.name)
        try:
            verify(tmp)
        except FileError:
            with contextlib.suppress(OSError):
                fsops.discard(tmp)
                fsops.discard(journal_path(tmp))
            raise
        if journal_path(tmp).exists():
            # let SQLite roll the journal back locally, where locks work
            import sqlite3

            conn = sqlite3.connect(str(tmp))
            try:
                conn.execute("PRAGMA schema_version").fetchone()
            finally:
                conn.close()
        fileops.replace(tmp, self.local)
        self.base, self.dirty = expected, False
        self.last_push = time.monotonic()
        self._write_state()

    def _same(self, base: Fingerprint, now: Fingerprint) -> bool:
        return base.sha256 == now.sha256 and base.size == now.size

    def share_changed(self) -> bool:
        """Whether the share file differs from the one checked out (stat first, hash if needed)."""
        if self.base is None:
            return self.share.exists()
        try:
            st = self.share.stat()
        except FileNotFoundError:
            return True
        if st.st_size == self.base.size and st.st_mtime_ns == self.base.mtime_ns:
            return False
        return sha256_of(self.share) != self.base.sha256

    # --- write-back -------------------------------------------------------------------------

    def push(self, pf: Any) -> None:
        """Write the working copy (open as PlanFile ``pf``) back to the share (see module notes)."""
        try:
            if not self.share.exists():
                raise ShareMissingError(
                    N_("{file} is no longer on the shared folder (moved, deleted, or the connection to the "
                       "share was lost). Nothing was written there; your version is kept in {local}."),
                    file=self.share.name, local=str(self.local))
            if self.share_changed():
                raise ShareChangedError(
                    N_("{file} was changed on the shared folder by someone else since you opened it. "
                       "It was not overwritten; your version is kept in {local}."),
                    file=self.share.name, local=str(self.local))
            snap_dir = Path(tempfile.mkdtemp(prefix="dxplanner-push-", dir=self.folder))
            try:
                snapshot = pf.save_as(snap_dir / "plan.dxplan", full_check=True)
                digest = publish(snapshot, self.share, keep_bak=True)
            finally:
                fsops.rmtree(snap_dir)
            st = self.share.stat()
        except OSError as exc:
            raise _io_error(self.share, exc) from exc
        self.base = Fingerprint(st.st_size, st.st_mtime_ns, digest)
        self.dirty = False
        self.last_push = time.monotonic()
        self._write_state()

    def discard(self) -> None:
        """Forget the working copy (after a clean close)."""
        from dxplanner.store.gateway import journal_path

        for p in (self.local, journal_path(self.local), self.state_path):
            with contextlib.suppress(FileNotFoundError):
                fsops.unlink(p, missing_ok=True)
        fsops.rmtree(self.folder / "incoming")
        with contextlib.suppress(OSError):
            self.folder.rmdir()


def publish(local: Path, target: Path, *, keep_bak: bool = False) -> str:
    """Put the bytes of ``local`` at ``target`` (on a share) safely; return their SHA-256.

    Copied to a temporary name beside ``target``, flushed, read back and compared; with
    ``keep_bak`` the current ``target`` is first copied to ``<target>.bak``; then renamed over
    ``target``. At every moment ``target`` is the old file or the new one, whole.
    """
    from dxplanner.store.gateway import fsync_dir

    digest = sha256_of(local)
    # room for ".<pid>-<ns>.tmp" (and a journal): a long Japanese name still fits 255 bytes
    tmp = target.with_name(f"{fileops.fit_name(target.name, 48, target.parent)}.{fileops.unique_suffix()}.tmp")
    try:
        _copy_synced(local, tmp)
        if sha256_of(tmp) != digest:
            raise FileError(N_("{file}: the copy written to the shared folder reads back "
                               "differently; nothing was replaced"), file=target.name)
        if keep_bak and target.exists():
            bak = target.with_name(target.name + ".bak")
            bak_tmp = bak.with_name(f"{fileops.fit_name(bak.name, 24, bak.parent)}.{os.getpid()}.tmp")
            _copy_synced(target, bak_tmp)
            fileops.replace(bak_tmp, bak)
        fileops.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            fsops.unlink(tmp, missing_ok=True)
    return digest


def snapshot(share: Path) -> tuple[Path, Path]:
    """A private local copy of ``share`` for reading: (file, folder to delete afterwards)."""
    from dxplanner.store.gateway import journal_path

    folder = Path(tempfile.mkdtemp(prefix="dxplanner-share-"))
    local = folder / share.name
    try:
        _copy_synced(share, local)
        with contextlib.suppress(FileNotFoundError):
            _copy_synced(journal_path(share), journal_path(local))
    except FileNotFoundError:
        fsops.rmtree(folder)
        raise FileError(N_("{file} does not exist"), file=str(share)) from None
    except OSError as exc:
        fsops.rmtree(folder)
        raise _io_error(share, exc) from exc
    return local, folder


def acquire_share(share: Path) -> None:
    lock.acquire(share)


def release_share(share: Path) -> None:
    lock.release(share)
