"""The one storage gateway: every read and write of a .dxplan file goes through here.

SQLite is the application file format. The file is checked before anything else touches it:
the 16-byte header and the application id are read as plain bytes (a foreign file is never
opened by SQLite at all), then it is opened read-only for ``quick_check``. Only after that, and
only when writing was asked for, is the write lock taken and a writable connection made.

Writes go through :meth:`PlanFile.atomic` (``BEGIN IMMEDIATE``, savepoints when nested), in the
rollback-journal mode so the document stays one file (no -wal/-shm), with ``synchronous=FULL``.

After a crash a ``-journal`` may be left beside the file ("hot journal"): the last committed
state is the file *plus* that journal. A writer (who holds our lock) lets SQLite roll it back;
a reader never writes, so it rolls back a private copy in a temporary folder instead. Either
way the plan seen is the last committed one and a read-only open never changes a byte.

Every connection runs with ``trusted_schema=OFF``, ``cell_size_check=ON`` and ``mmap_size=0``
(sqlite.org/security.html: files made elsewhere are untrusted input).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import os
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from dxplanner.codec import column_reader, from_plain_value, plain_value, specs, to_column
from dxplanner.errors import DxError, FileError, ReadOnlyPlaceError, ValidationError
from dxplanner.i18n import N_
from dxplanner.model import COLLECTIONS, PLAN_FIELDS, Municipality, Plan
from dxplanner.store import fileops, fsops, lock
from dxplanner.store.schema import (
    APPLICATION_ID,
    META_TABLE,
    SCHEMA_VERSION,
    SQLITE_HEADER,
    columns,
    create_statements,
    expected_tables,
    quoted,
)

if TYPE_CHECKING:
    import sqlite_utils

PLAN_META_FIELDS = PLAN_FIELDS

# SQLITE_READONLY_ROLLBACK: a read-only connection met a hot journal it may not roll back
_READONLY_ROLLBACK = 776
# SQLITE_BUSY, SQLITE_LOCKED (primary codes): another program holds the file's SQLite lock
_BUSY_CODES = (5, 6)


class DamagedFileError(FileError):
    """A plan file (or what should be one) whose contents cannot be trusted: offer a backup."""


class ForeignFileError(FileError):
    """A file that is not a DX Planner plan at all (text, another program's database)."""


class NewerFileError(FileError):
    """A plan written by a newer DX Planner: refused, never changed."""


class BusyFileError(FileError):
    """Another program (not DX Planner) holds the file's SQLite lock right now: nothing is wrong
    with the file, so no backup is offered; try again when that program lets go."""


class ForeignSchemaError(FileError):
    """A plan holding schema objects DX Planner did not make (triggers, views, other indexes or
    tables): they would run on the user's edits, so the file is refused, never changed."""


def _busy(path: Path, exc: sqlite3.Error) -> BusyFileError:
    return BusyFileError(
        N_("{file} is in use by another program, which holds it locked ({detail}). Close that program "
           "(or wait until it has finished) and try again. The file is not damaged."),
        file=path.name, detail=str(exc))


def is_busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlite3.OperationalError) and code is not None and code & 0xFF in _BUSY_CODES


def _damaged(path: Path, detail: str) -> DamagedFileError:
    # SQLite's reports can span lines ("*** in database main ***\nPage 3: …"): one short line
    detail = " ".join(detail.replace("*** in database main ***", "").split())
    if len(detail) > 160:
        detail = detail[:157] + "..."
    return DamagedFileError(N_("{file} is damaged and cannot be read ({detail})"), file=path.name, detail=detail)


@contextlib.contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise _busy(path, exc) from exc
        raise _damaged(path, str(exc)) from exc
    except UnicodeDecodeError as exc:  # text that is not UTF-8 (in a report, a name or a value)
        raise _damaged(path, f"text is not UTF-8 at byte {exc.start}") from exc


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def inspect_header(path: Path) -> tuple[int, int]:
    """Read (application_id, user_version) from the file's header bytes, refusing non-plans.

    Nothing here involves SQLite, so a foreign or hostile file is turned away before any
    parser sees it. (``user_version`` read here can be mid-transaction after a crash; the
    version that counts is read again from SQLite once a hot journal has been rolled back.)
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise FileError(N_("{file} does not exist"), file=str(path)) from None
    except OSError as exc:
        raise FileError(N_("{file} cannot be read: {detail}"), file=str(path), detail=exc.strerror) from exc
    if not path.is_file():
        raise FileError(N_("{file} is not a file"), file=str(path))
    if st.st_size == 0:
        raise DamagedFileError(N_("{file} is empty (0 bytes): it is not a DX Planner plan"), file=path.name)
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise FileError(N_("{file} cannot be read: {detail}"), file=str(path), detail=exc.strerror) from exc
    if not head.startswith(SQLITE_HEADER):
        raise ForeignFileError(N_("{file} is not a DX Planner plan (.dxplan)"), file=path.name)
    if len(head) < 100:
        raise _damaged(path, "short")
    user_version = struct.unpack(">I", head[60:64])[0]
    app_id = struct.unpack(">I", head[68:72])[0]
    if app_id != APPLICATION_ID:
        raise ForeignFileError(
            N_("{file} is a database of another program, not a DX Planner plan"), file=path.name
        )
    if not _has_journal(path):  # else the header may be mid-transaction: checked after rollback
        _check_not_newer(path, user_version)
    return app_id, user_version


def _has_journal(path: Path) -> bool:
    try:
        return journal_path(path).stat().st_size > 0
    except OSError:
        return False


def _check_not_newer(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise NewerFileError(
            N_("{file} was made by a newer DX Planner (file format {found}, this program reads up to {known}). "
               "Please update DX Planner."),
            file=path.name,
            found=version,
            known=SCHEMA_VERSION,
        )


def _harden(conn: sqlite3.Connection) -> None:
    """Settings for files that may come from anywhere (sqlite.org/security.html)."""
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    conn.execute("PRAGMA mmap_size=0")


def _connect_ro(path: Path) -> sqlite3.Connection:
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        _harden(conn)
        conn.execute("PRAGMA query_only=1")
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_rw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=2.0)
    try:
        _harden(conn)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _is_wal(path: Path) -> bool:
    """Whether the file is in SQLite's WAL mode (header bytes 18-19 are 2), as another tool may
    have left it: reading it in place would create ``-wal``/``-shm`` files beside it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return len(head) == 20 and (head[18] == 2 or head[19] == 2)


def _open_reader(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """A read-only connection showing the last committed state; (conn, private folder or None).

    When a crash left a hot journal, a read-only connection may not roll it back; a file in WAL
    mode would get ``-wal``/``-shm`` files made beside it. In both cases the file (with its
    journal or WAL) is copied to a private temporary folder and read there: a command that only
    reads never creates or changes a file beside the plan.
    """
    if not _is_wal(path):
        conn = _connect_ro(path)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # the first read: meets any hot journal
            return conn, None
        except sqlite3.OperationalError as exc:
            conn.close()
            if getattr(exc, "sqlite_errorcode", None) != _READONLY_ROLLBACK:
                raise
        except BaseException:
            conn.close()
            raise
    private = Path(tempfile.mkdtemp(prefix="dxplanner-ro-"))
    try:
        copy = private / "plan.dxplan"
        shutil.copyfile(path, copy)
        for side in (journal_path, wal_path):
            with contextlib.suppress(FileNotFoundError):
                shutil.copyfile(side(path), side(copy))
        conn = sqlite3.connect(str(copy), isolation_level=None, check_same_thread=False)
        try:
            _harden(conn)
            conn.execute("PRAGMA schema_version").fetchone()  # rolls the journal back in the copy
            conn.execute("PRAGMA query_only=1")
        except BaseException:
            conn.close()
            raise
        return conn, private
    except BaseException:
        fsops.rmtree(private)
        raise


def _check_connection(conn: sqlite3.Connection, path: Path, *, full: bool = False) -> int:
    """quick_check (or integrity_check), the expected tables and the version; returns the version."""
    with _sqlite_errors(path):
        result = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
        if result != [("ok",)]:
            raise _damaged(path, "; ".join(str(r[0]) for r in result[:3]))
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise ForeignFileError(
                N_("{file} is a database of another program, not a DX Planner plan"), file=path.name
            )
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        objects = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    tables = {name for kind, name in objects if kind == "table"}
    _check_not_newer(path, version)
    if version < 1:
        raise _damaged(path, f"schema version {version}")
    if not expected_tables(version) <= tables:
        raise _damaged(path, "missing tables: " + ", ".join(sorted(expected_tables(version) - tables)))
    _check_own_objects(path, objects)
    return version


def _current_reader(conn: sqlite3.Connection, version: int, path: Path) -> sqlite3.Connection:
    """A reader of an older file sees it as the current schema: the file is copied into memory and the
    migrations run on the copy (the file itself is never changed by a read-only open). ``conn`` is
    closed when a copy replaces it."""
    if version >= SCHEMA_VERSION:
        return conn
    from dxplanner.store.migrations import MIGRATIONS

    if any(v not in MIGRATIONS for v in range(version, SCHEMA_VERSION)):
        raise FileError(N_("{file} uses file format {found}, which this program cannot bring up to date"),
                        file=path.name, found=version)
    mem = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        with _sqlite_errors(path):
            conn.backup(mem)
            mem.execute("BEGIN")
            for v in range(version, SCHEMA_VERSION):
                MIGRATIONS[v](mem)
            # user_version stays the file's: schema_version() tells what the file on disk is
            mem.execute("COMMIT")
            _harden(mem)
            mem.execute("PRAGMA query_only=1")
    except DxError:
        mem.close()
        raise
    except Exception as exc:  # an old file holding values its migration cannot read
        mem.close()
        raise _damaged(path, f"{type(exc).__name__}: {str(exc)[:80]}") from exc
    except BaseException:
        mem.close()
        raise
    conn.close()
    return mem




def _own_objects() -> set[tuple[str, str]]:
    """(type, name) of every schema object a plan file may hold: what ``create_statements`` makes."""
    import re

    own = {("table", t) for t in expected_tables()}
    for stmt in create_statements():
        m = re.match(r'CREATE\s+(TABLE|INDEX)\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([^"\s(]+)"?', stmt, re.IGNORECASE)
        if m:
            own.add((m.group(1).lower(), m.group(2)))
    return own


def _check_own_objects(path: Path, objects: list[tuple[str, str]]) -> None:
    """Refuse a plan holding schema objects this program did not make.

    A trigger would run on the user's edits (deleting tasks, rewriting the title, hanging the
    first write); a view or an index (possibly on expressions) we did not make has no business in
    a plan either. The file is refused before anything writes to it (see docs/data-safety.md).
    An extra *table* is only data, never read and never run: it is left alone (a migration may
    add one, and it does no harm).
    """
    own = _own_objects()
    foreign = sorted(
        f"{kind} {name}" for kind, name in objects
        if kind != "table" and (kind, name) not in own
        and not (kind == "index" and str(name).startswith("sqlite_autoindex_"))
    )
    if foreign:
        shown = ", ".join(n[:40] for n in foreign[:3]) + (" …" if len(foreign) > 3 else "")
        raise ForeignSchemaError(
            N_("{file} holds things DX Planner did not put there ({objects}). They could change the plan "
               "behind your back, so it is not opened. Ask whoever sent it for a plan saved by DX Planner, "
               "or restore a backup."),
            file=path.name, objects=shown)


def verify(path: Path, *, full: bool = False) -> int:
    """Check that ``path`` is a usable plan without changing a byte; return its schema version.

    ``full`` runs ``integrity_check`` (every index and constraint) instead of ``quick_check``:
    used for backups, which are checked once when made and again before they are offered.
    """
    inspect_header(path)
    with _sqlite_errors(path):
        conn, private = _open_reader(path)
    try:
        return _check_connection(conn, path, full=full)
    finally:
        conn.close()
        if private is not None:
            fsops.rmtree(private)


def _remove_cold_journal(conn: sqlite3.Connection, path: Path) -> None:
    """Delete a ``-journal`` a killed writer left that SQLite judged not hot (zeroed header).

    SQLite ignores such a journal, but it would travel with a copied file and look alarming.
    Done under ``BEGIN IMMEDIATE`` after our first read: a hot journal has been rolled back by
    then, and the RESERVED lock shows no other connection is writing (its journal is not live).
    """
    jp = journal_path(path)
    if not jp.exists():
        return
    with _sqlite_errors(path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            with contextlib.suppress(FileNotFoundError):
                fsops.unlink(jp, missing_ok=True)
        finally:
            conn.execute("COMMIT")


def remove_stale_temporaries(path: Path) -> None:
    """Delete ``<name>.*.tmp`` left beside ``path`` by a writer that was killed.

    Called only while holding the write lock, so no live writer of this file can own them.
    """
    for tmp in path.parent.glob(glob_escape(fileops.temp_prefix(path)) + "*.tmp"):
        with contextlib.suppress(OSError):
            fsops.discard(tmp)


def glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def read_only_reason(path: Path) -> str | None:
    """Why ``path`` cannot be written where it is (a message id), or None when it can.

    SQLite writes a journal beside the plan, so the folder must be writable as well as the file.
    """
    folder = path.parent if str(path.parent) else Path()
    with contextlib.suppress(OSError, AttributeError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return N_("the drive or shared folder it is on is read-only")
    if not os.access(path, os.W_OK):
        return N_("the file is marked read-only")
    if not os.access(folder, os.W_OK | os.X_OK):
        return N_("its folder is read-only for you")
    return None


def check_writable_place(path: Path) -> None:
    """Raise :class:`ReadOnlyPlaceError` (open it read-only instead) when ``path`` cannot be written."""
    reason = read_only_reason(path)
    if reason is not None:
        raise ReadOnlyPlaceError(
            N_("{file} cannot be opened for writing here: {reason}. Open it read-only instead."),
            file=path.name, reason=FileError(reason))


class PlanFile:
    """An open .dxplan file. Use :meth:`open` or :meth:`create`; close with :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool, private: Path | None = None) -> None:
        self.path = path
        # the plan as the user knows it: ``path`` itself, or the file on a share that ``path``
        # is the local working copy of (backups go beside this one)
        self.logical_path = path
        self.readonly = readonly
        self._conn = conn
        self._private = private
        self._db: sqlite_utils.Database | None = None
        self._depth = 0
        self._closed = False
        self._col_cache: dict[str, tuple[str, list[str]]] = {}

    # --- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> PlanFile:
        """Open a plan: checked first (without changing a byte), then locked if writing.

        Raises :class:`ForeignFileError`, :class:`DamagedFileError`, :class:`NewerFileError`,
        ``LockedError`` or another ``FileError`` — never anything else for a bad file.
        """
        p = Path(path)
        if readonly:
            inspect_header(p)
            from dxplanner.store import workcopy

            if workcopy.is_network_path(p):
                # never SQLite over SMB/NFS: read a private local copy (see workcopy.py)
                local, folder = workcopy.snapshot(p)
                reader: sqlite3.Connection | None = None
                try:
                    inspect_header(local)
                    with _sqlite_errors(p):
                        reader, private = _open_reader(local)
                    if private is not None:
                        fsops.rmtree(folder)
                        folder = private
                    reader = _current_reader(reader, _check_connection(reader, p), p)
                except BaseException:
                    if reader is not None:
                        reader.close()
                    fsops.rmtree(folder)
                    raise
                return cls(p, reader, readonly=True, private=folder)
            with _sqlite_errors(p):
                conn, private = _open_reader(p)
            try:
                conn = _current_reader(conn, _check_connection(conn, p), p)
            except BaseException:
                conn.close()
                if private is not None:
                    fsops.rmtree(private)
                raise
            return cls(p, conn, readonly=True, private=private)
        verify(p)
        check_writable_place(p)
        lock.acquire(p)
        try:
            remove_stale_temporaries(p)
            with _sqlite_errors(p):
                conn = _connect_rw(p)  # the first read rolls back a hot journal (we hold the lock)
            pf = cls(p, conn, readonly=False)
            try:
                version = _check_connection(conn, p)
                _remove_cold_journal(conn, p)
                if version < SCHEMA_VERSION:
                    from dxplanner.store.migrations import migrate

                    migrate(pf, version)
            except BaseException:
                conn.close()
                raise
            return pf
        except BaseException:
            lock.release(p)
            raise

    @classmethod
    def create(cls, path: str | os.PathLike[str], plan: Plan, *, overwrite: bool = False) -> PlanFile:
        """Write ``plan`` to a new file (built under a temporary name, then renamed) and open it."""
        p = Path(path)
        fileops.check_plan_name(p)
        if p.exists() and not overwrite:
            raise FileError(N_("{file} already exists"), file=str(p))
        lock.acquire(p)  # refuses while another writer holds the file we would replace
        try:
            remove_stale_temporaries(p)
            write_new(p, plan)
            with _sqlite_errors(p):
                return cls(p, _connect_rw(p), readonly=False)
        except BaseException:
            lock.release(p)
            raise

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._conn.close()
        if self._private is not None:
            fsops.rmtree(self._private)
        if not self.readonly:
            lock.release(self.path)

    def __enter__(self) -> PlanFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' view of the file, for migrations and introspection (imported lazily:
        it costs ~0.1 s of start-up that opening a plan does not need)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn)
        return self._db

    # --- transactions -----------------------------------------------------------------------

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing unit of writing; nests through savepoints."""
        if self.readonly:
            raise FileError(N_("{file} is open read-only"), file=self.path.name)
        conn = self._conn
        name = f"sp{self._depth}"
        if self._depth == 0:
            conn.execute("BEGIN IMMEDIATE")
        else:
            conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield conn
        except BaseException:
            self._depth -= 1
            # SQLite may already have rolled the whole transaction back (disk full, I/O error):
            # then there is nothing to undo, and the original error is the one to report
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    if self._depth == 0:
                        conn.execute("ROLLBACK")
                    else:
                        conn.execute(f"ROLLBACK TO {name}")
                        conn.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                conn.execute("COMMIT")
            except BaseException:
                # a failed COMMIT (disk full, I/O error) may leave the transaction open
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        else:
            conn.execute(f"RELEASE {name}")

    # --- reading -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def load(self) -> Plan:
        """The plan in the file. Values a plan cannot hold (a damaged or tampered file) raise
        :class:`DamagedFileError`, never a bare ValueError."""
        # building 10,000+ small objects triggers the cyclic GC many times for nothing:
        # entities hold no cycles, so it is paused while they are made
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            with _sqlite_errors(self.path):
                plan = self._read_in_one_transaction()
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError,
                ValidationError) as exc:
            raise _damaged(self.path, f"{type(exc).__name__}: {str(exc)[:80]}") from exc
        finally:
            if was_enabled:
                gc.enable()
        check_structure(plan, self.path)
        return plan

    def _read_in_one_transaction(self) -> Plan:
        """All tables read as one snapshot: a writer committing meanwhile (another program, a
        half-applied batch) is either wholly seen or not at all."""
        conn = self._conn
        if conn.in_transaction:
            return read_plan(conn, self.path)
        conn.execute("BEGIN")
        try:
            return read_plan(conn, self.path)
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")

    # --- writing -------------------------------------------------------------------------------

    def _upsert_sql(self, kind: str) -> tuple[str, list[str]]:
        cached = self._col_cache.get(kind)
        if cached:
            return cached
        cols = columns(kind)
        collist = ", ".join(quoted(c) for c in cols)
        marks = ", ".join("?" for _ in cols)
        updates = ", ".join(f"{quoted(c)}=excluded.{quoted(c)}" for c in cols if c != "id")
        sql = (
            f"INSERT INTO {quoted(kind)} ({collist}) VALUES ({marks}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}"
        )
        self._col_cache[kind] = (sql, cols)
        return sql, cols

    def persist(self, plan: Plan, changes: Iterable[tuple[str, str]]) -> None:
        """Write the current state of the changed entities (kind, id) in one transaction.

        An entity present in ``plan`` is upserted; one that is gone is deleted. The kind
        ``"plan"`` stands for the plan-level fields and the municipality.
        """
        try:
            self._persist(plan, changes)
        except sqlite3.Error as exc:  # disk full, file made read-only meanwhile, share gone…
            raise FileError(
                N_("{file}: the change could not be saved ({detail}); it was undone"),
                file=self.path.name, detail=str(exc),
            ) from exc

    def _persist(self, plan: Plan, changes: Iterable[tuple[str, str]]) -> None:
        with self.atomic() as conn:
            for kind, eid in changes:
                if kind == "plan":
                    write_meta(conn, plan)
                    continue
                coll = plan.collection(kind)
                ent = coll.get(eid)
                if ent is None:
                    conn.execute(f"DELETE FROM {quoted(kind)} WHERE id = ?", (eid,))
                else:
                    sql, _ = self._upsert_sql(kind)
                    conn.execute(sql, entity_row(ent))

    def replace_all(self, plan: Plan) -> None:
        """Rewrite every row (used by migrations and restore)."""
        with self.atomic() as conn:
            for kind in COLLECTIONS:
                conn.execute(f"DELETE FROM {quoted(kind)}")
            write_all(conn, plan)

    def save_as(self, target: str | os.PathLike[str], *, full_check: bool = False) -> Path:
        """Copy the file with SQLite's backup API to a temporary name, check it, rename into place.

        The copy is flushed to disk before the rename, so a crash leaves either no file under
        ``target``'s name or a complete, checked one. ``full_check`` runs ``integrity_check``.
        """
        t = Path(target)
        tmp_path = fileops.temp_beside(t)
        try:
            dest = sqlite3.connect(str(tmp_path))
            try:
                self._conn.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
            fsync_file(tmp_path)
            verify(tmp_path, full=full_check)
            fileops.replace(tmp_path, t)
            fsync_dir(t.parent)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                fsops.unlink(tmp_path, missing_ok=True)
            raise
        return t


def fsync_file(path: Path) -> None:
    """Flush a closed file's data to the disk (VACUUM INTO / backup targets are not synced)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (POSIX; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- row helpers ---------------------------------------------------------------------------------


def entity_row(ent: Any) -> list[Any]:
    return [to_column(s.kind, getattr(ent, s.name)) for s in specs(type(ent))]


def write_meta(conn: sqlite3.Connection, plan: Plan) -> None:
    rows = []
    for name in PLAN_META_FIELDS:
        spec = next(s for s in specs(Plan, PLAN_META_FIELDS) if s.name == name)
        rows.append((name, json.dumps(plain_value(spec.kind, getattr(plan, name)), ensure_ascii=False)))
    for s in specs(Municipality):
        rows.append(
            ("municipality." + s.name, json.dumps(getattr(plan.municipality, s.name), ensure_ascii=False))
        )
    conn.executemany(
        f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
        rows,
    )


def write_all(conn: sqlite3.Connection, plan: Plan) -> None:
    write_meta(conn, plan)
    for kind in COLLECTIONS:
        ents = plan.collection(kind).values()
        if not ents:
            continue
        cols = columns(kind)
        sql = (
            f"INSERT INTO {quoted(kind)} ({', '.join(quoted(c) for c in cols)}) "
            f"VALUES ({', '.join('?' for _ in cols)})"
        )
        conn.executemany(sql, (entity_row(e) for e in ents))


_SQL_TYPES_OK = {
    "int": ("integer",),
    "bool": ("integer",),
    "float": ("integer", "real"),
}


def wrong_type_condition(cls: type) -> str:
    """An SQL expression true for a row holding a value of the wrong storage class.

    A damaged or hand-edited file can hold, say, text where a number belongs; the plan would
    load and then fail far away (in a sum, a chart). :func:`read_plan` selects this expression
    with every row, so the check costs no second pass over the table.
    """
    conds = []
    for s in specs(cls):
        allowed = list(_SQL_TYPES_OK.get(s.kind, ("text",)))
        if s.optional or s.kind == "list_str":
            allowed.append("null")
        if s.kind == "list_str":
            allowed.append("text")
        conds.append(f"typeof({quoted(s.name)}) NOT IN ({', '.join(repr(a) for a in allowed)})")
        if s.kind == "float":  # infinity (NaN cannot be stored: SQLite turns it into NULL)
            conds.append(f"abs({quoted(s.name)}) > 1.7976931348623157e308")
    return " OR ".join(conds)


def too_long_condition(cls: type) -> str:
    """An SQL expression true for a row holding text far beyond the input limits (validate.py).

    Measured in bytes (the length of a blob is read from the record header, a character count
    would scan every text): 4 bytes per character, so no text within the limit is ever refused.
    """
    from dxplanner.validate import MAX_LINE_CHARS, MAX_TEXT_CHARS, MULTILINE_FIELDS

    conds = []
    for s in specs(cls):
        if s.kind in ("str", "list_str"):
            limit = MAX_TEXT_CHARS if s.name in MULTILINE_FIELDS or s.kind == "list_str" else MAX_LINE_CHARS
            conds.append(f"length(CAST({quoted(s.name)} AS BLOB)) > {4 * limit}")
    return " OR ".join(conds) or "0"


def check_meta_types(conn: sqlite3.Connection, path: Path) -> None:
    from dxplanner.validate import MAX_LINE_CHARS

    bad = conn.execute(f"SELECT key FROM {META_TABLE} WHERE typeof(value) != 'text' LIMIT 1").fetchone()
    if bad is not None:
        raise _damaged(path, f"{META_TABLE} {str(bad[0])[:40]}: a value of the wrong type")
    long = conn.execute(f"SELECT key FROM {META_TABLE} WHERE length(value) > ? LIMIT 1",
                        (MAX_LINE_CHARS + 2,)).fetchone()
    if long is not None:
        raise _over_limit(path, f"{str(long[0])[:40]}: a text longer than {MAX_LINE_CHARS:,} characters")


def _over_limit(path: Path, detail: str) -> FileError:
    return FileError(N_("{file} holds more than DX Planner can work with ({detail}); see the input limits "
                        "in the manual"), file=path.name, detail=detail)


def _choices() -> dict[str, dict[str, tuple[str, ...]]]:
    from dxplanner import model

    return {
        "tasks": {"status": model.TASK_STATUSES, "precision": model.PRECISIONS},
        "budget": {"source": model.FUNDING_SOURCES},
        "hires": {"funding": model.FUNDING_SOURCES, "form": model.EMPLOYMENT_FORMS},
        "roles": {"kind": model.ROLE_KINDS, "status": model.APPOINTMENT_STATUSES},
        "bodies": {"status": model.APPOINTMENT_STATUSES},
        "procedures": {"status": model.ONLINE_STATUSES},
    }


def _check_choices(plan: Plan, path: Path) -> None:
    """Fields that must be one of a fixed list (the reports look them up by value: a byte-flipped
    ``囵庫補助金`` would fail far away), and the shape of each snapshot's frozen plan."""
    from dxplanner.validate import check_snapshot_shape

    for kind, fields in _choices().items():
        ents = plan.collection(kind).values()
        for name, allowed in fields.items():
            bad = {getattr(e, name) for e in ents}.difference(allowed)  # a set pass: cheap at 10,000 tasks
            if bad:
                raise _damaged(path, f"{kind}: {name} {str(sorted(map(str, bad))[0])[:20]}")
    for snap in plan.snapshots.values():
        try:
            check_snapshot_shape(snap.data)
        except ValidationError as exc:
            raise _damaged(path, f"snapshot {snap.id[:40]}: {exc.text('en')}") from exc


def check_structure(plan: Plan, path: Path) -> None:
    """References between entities hold (no task in a missing part, no missing parent, no parent
    cycle, no link to a missing task): what the UI relies on when it draws the tree.

    Only what no sequence of valid edits can produce is refused (the state-machine test checks
    this after every random edit): a file the program wrote must always open. O(number of tasks).
    """
    m = plan.municipality
    if not all(isinstance(getattr(m, f), str) for f in ("name", "code", "prefecture", "kind")) or not (
        m.population is None or (isinstance(m.population, int) and not isinstance(m.population, bool))
    ):
        raise _damaged(path, "municipality")
    _check_choices(plan, path)
    tasks = plan.tasks
    for t in tasks.values():
        if t.area_id not in plan.areas:
            raise _damaged(path, f"task {t.id[:40]}: no such part {str(t.area_id)[:40]}")
        if t.parent_id is not None and t.parent_id not in tasks:
            raise _damaged(path, f"task {t.id[:40]}: no such parent task")
        for d in t.depends_on:
            if not isinstance(d, str) or d not in tasks or d == t.id:
                raise _damaged(path, f"task {t.id[:40]}: a link to a missing task")
    # 標準化: links to tasks and systems (deleting a task or system removes them)
    for s in plan.systems.values():
        if not all(isinstance(x, str) and x in tasks for x in s.task_ids):
            raise _damaged(path, f"system {s.id[:40]}: a link to a missing task")
    for c in plan.std_costs.values():
        if not all(isinstance(x, str) and x in plan.systems for x in c.system_ids):
            raise _damaged(path, f"cost {c.id[:40]}: a link to a missing business")
    # parent cycles: walk up from each task, remembering tasks already known to reach a root
    rooted: set[str] = set()
    for t in tasks.values():
        chain: list[str] = []
        on_chain: set[str] = set()
        cur: str | None = t.id
        while cur is not None and cur not in rooted:
            if cur in on_chain:
                raise _damaged(path, f"task {cur[:40]}: a task inside itself")
            chain.append(cur)
            on_chain.add(cur)
            cur = tasks[cur].parent_id
        rooted.update(chain)


def _check_columns(conn: sqlite3.Connection, path: Path) -> None:
    """Every table has exactly the columns this version writes. (SQLite reads a double-quoted name
    that is not a column as a string literal: a damaged schema would otherwise hand back the
    column's name as its value.)"""
    for kind in COLLECTIONS:
        found = [r[1] for r in conn.execute(f"PRAGMA table_info({quoted(kind)})")]
        if found != columns(kind):
            raise _damaged(path, f"the columns of {kind} are not as written")


def read_plan(conn: sqlite3.Connection, path: Path | None = None) -> Plan:
    _check_columns(conn, path or Path("plan"))
    from dxplanner.validate import MAX_ENTITIES

    check_meta_types(conn, path or Path("plan"))
    meta = dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    plan = Plan()
    where = path.name if path else "plan"
    for s in specs(Plan, PLAN_META_FIELDS):
        if s.name in meta:
            v = json.loads(meta[s.name])
            setattr(plan, s.name, None if v is None else from_plain_value(s.kind, v, where, s.name))
    m = Municipality()
    for s in specs(Municipality):
        key = "municipality." + s.name
        if key in meta:
            setattr(m, s.name, json.loads(meta[key]))
    plan.municipality = m
    for kind, cls in COLLECTIONS.items():
        cols = ", ".join(quoted(c) for c in columns(kind))
        read = column_reader(cls)  # reads the row's first columns, in field order
        coll = plan.collection(kind)
        # one row more than the limit is enough to know: a crafted 500,000 rows are never built
        sql = (f"SELECT {cols}, ({too_long_condition(cls)}), ({wrong_type_condition(cls)}) "
               f"FROM {quoted(kind)} ORDER BY rowid LIMIT {MAX_ENTITIES + 1}")
        for row in conn.execute(sql):
            if row[-1]:
                raise _damaged(path or Path("plan"), f"{kind} {str(row[0])[:40]}: a value of the wrong type")
            if row[-2]:
                raise _over_limit(path or Path("plan"), f"{kind} {str(row[0])[:40]}: a text that is too long")
            ent = read(row)
            coll[ent.id] = ent
        if len(coll) > MAX_ENTITIES:
            raise _over_limit(path or Path("plan"), f"{kind}: more than {MAX_ENTITIES:,} rows")
    return plan


def write_new(path: Path, plan: Plan, *, version: int = SCHEMA_VERSION) -> None:
    """Build a complete file under a temporary name beside ``path`` and rename it into place."""
    tmp_path = fileops.temp_beside(path, create=False)
    try:
        conn = sqlite3.connect(str(tmp_path), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute("BEGIN")
            for stmt in create_statements():
                conn.execute(stmt)
            write_all(conn, plan)
            conn.execute(f"PRAGMA user_version={version}")
            conn.execute("COMMIT")
        finally:
            conn.close()
        fileops.replace(tmp_path, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            fsops.unlink(tmp_path, missing_ok=True)
        raise


def now() -> datetime.datetime:
    return datetime.datetime.now().replace(microsecond=0)
