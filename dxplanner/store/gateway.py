"""The one storage gateway: every read and write of a .dxplan file goes through here.

SQLite is the application file format. The file is checked before anything else touches it:
the 16-byte header and the application id are read as plain bytes (a foreign file is never
opened by SQLite at all), then it is opened read-only for ``quick_check``. Only after that, and
only when writing was asked for, is the write lock taken and a writable connection made.

Writes go through :meth:`PlanFile.atomic` (``BEGIN IMMEDIATE``, savepoints when nested), in the
rollback-journal mode so the document stays one file (no -wal/-shm), with ``synchronous=FULL``.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import os
import sqlite3
import struct
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from dxplanner.codec import column_reader, from_plain_value, plain_value, specs, to_column
from dxplanner.errors import FileError
from dxplanner.i18n import N_
from dxplanner.model import COLLECTIONS, PLAN_FIELDS, Municipality, Plan
from dxplanner.store import lock
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


@contextlib.contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise FileError(
            N_("{file} is damaged and cannot be read ({detail})"), file=path.name, detail=str(exc)
        ) from exc


def inspect_header(path: Path) -> tuple[int, int]:
    """Read (application_id, user_version) from the file's header bytes, refusing non-plans."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise FileError(N_("{file} does not exist"), file=str(path)) from None
    except OSError as exc:
        raise FileError(N_("{file} cannot be read: {detail}"), file=str(path), detail=exc.strerror) from exc
    if not path.is_file():
        raise FileError(N_("{file} is not a file"), file=str(path))
    if st.st_size == 0:
        raise FileError(N_("{file} is empty (0 bytes): it is not a DX Planner plan"), file=path.name)
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise FileError(N_("{file} cannot be read: {detail}"), file=str(path), detail=exc.strerror) from exc
    if not head.startswith(SQLITE_HEADER):
        raise FileError(N_("{file} is not a DX Planner plan (.dxplan)"), file=path.name)
    if len(head) < 100:
        raise FileError(N_("{file} is damaged and cannot be read ({detail})"), file=path.name, detail="short")
    user_version = struct.unpack(">I", head[60:64])[0]
    app_id = struct.unpack(">I", head[68:72])[0]
    if app_id != APPLICATION_ID:
        raise FileError(
            N_("{file} is a database of another program, not a DX Planner plan"), file=path.name
        )
    if user_version > SCHEMA_VERSION:
        raise FileError(
            N_("{file} was made by a newer DX Planner (file format {found}, this program reads up to {known}). "
               "Please update DX Planner."),
            file=path.name,
            found=user_version,
            known=SCHEMA_VERSION,
        )
    return app_id, user_version


def _connect_ro(path: Path) -> sqlite3.Connection:
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA query_only=1")
    return conn


def _connect_rw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=2.0)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def verify(path: Path) -> int:
    """Check that ``path`` is a usable plan without changing a byte; return its schema version."""
    _, version = inspect_header(path)
    with _sqlite_errors(path):
        conn = _connect_ro(path)
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                raise FileError(
                    N_("{file} is damaged and cannot be read ({detail})"),
                    file=path.name,
                    detail="; ".join(str(r[0]) for r in result[:3]),
                )
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    if version >= 1 and not expected_tables() <= tables:
        raise FileError(
            N_("{file} is damaged and cannot be read ({detail})"),
            file=path.name,
            detail="missing tables: " + ", ".join(sorted(expected_tables() - tables)),
        )
    return version


class PlanFile:
    """An open .dxplan file. Use :meth:`open` or :meth:`create`; close with :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self._conn = conn
        self._db: sqlite_utils.Database | None = None
        self._depth = 0
        self._closed = False
        self._col_cache: dict[str, tuple[str, list[str]]] = {}

    # --- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> PlanFile:
        p = Path(path)
        version = verify(p)
        if readonly:
            with _sqlite_errors(p):
                return cls(p, _connect_ro(p), readonly=True)
        lock.acquire(p)
        try:
            with _sqlite_errors(p):
                pf = cls(p, _connect_rw(p), readonly=False)
            if version < SCHEMA_VERSION:
                from dxplanner.store.migrations import migrate

                migrate(pf, version)
            return pf
        except BaseException:
            lock.release(p)
            raise

    @classmethod
    def create(cls, path: str | os.PathLike[str], plan: Plan, *, overwrite: bool = False) -> PlanFile:
        """Write ``plan`` to a new file (built under a temporary name, then renamed) and open it."""
        p = Path(path)
        if p.exists() and not overwrite:
            raise FileError(N_("{file} already exists"), file=str(p))
        lock.acquire(p)  # refuses while another writer holds the file we would replace
        try:
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
        if not self.readonly:
            lock.release(self.path)

    def __enter__(self) -> PlanFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            if self._depth == 0:
                conn.execute("ROLLBACK")
            else:
                conn.execute(f"ROLLBACK TO {name}")
                conn.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        if self._depth == 0:
            conn.execute("COMMIT")
        else:
            conn.execute(f"RELEASE {name}")

    # --- reading -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def load(self) -> Plan:
        # building 10,000+ small objects triggers the cyclic GC many times for nothing:
        # entities hold no cycles, so it is paused while they are made
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            with _sqlite_errors(self.path):
                return read_plan(self._conn, self.path)
        finally:
            if was_enabled:
                gc.enable()

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

    def save_as(self, target: str | os.PathLike[str]) -> Path:
        """Copy the file with SQLite's backup API to a temporary name, check it, rename into place."""
        t = Path(target)
        fd, tmp = tempfile.mkstemp(prefix=t.name + ".", suffix=".tmp", dir=t.parent)
        os.close(fd)
        tmp_path = Path(tmp)
        try:
            dest = sqlite3.connect(str(tmp_path))
            try:
                self._conn.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
            verify(tmp_path)
            os.replace(tmp_path, t)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp_path.unlink()
            raise
        return t


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


def read_plan(conn: sqlite3.Connection, path: Path | None = None) -> Plan:
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
        read = column_reader(cls)
        coll = plan.collection(kind)
        for row in conn.execute(f"SELECT {cols} FROM {quoted(kind)} ORDER BY rowid"):
            ent = read(row)
            coll[ent.id] = ent
    return plan


def write_new(path: Path, plan: Plan, *, version: int = SCHEMA_VERSION) -> None:
    """Build a complete file under a temporary name beside ``path`` and rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        tmp_path.unlink()
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
        os.replace(tmp_path, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


def now() -> datetime.datetime:
    return datetime.datetime.now().replace(microsecond=0)
