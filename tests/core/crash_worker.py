"""The process the crash tests kill: performs one kind of file work and reports each finished step.

    python -m tests.core.crash_worker KIND FILE SEED [EXTRA...]

It prints ``ready`` once set up, then ``done N`` after step N is complete (committed, renamed,
verified), flushing each line, so the parent knows the file is in state N or N+1 when it kills.
Kinds: ``edits`` (Document.execute of a seeded op sequence), ``load`` (JSON -> new file,
alternating two plans, as ``dxplanner load --force``), ``backup`` (make_backup in a loop),
``migrate`` (open a version-1 file with a synthetic v1 -> v2 migration registered only here),
``import`` (progress workbook -> Document, alternating two workbooks).
"""

from __future__ import annotations

import contextlib
import datetime
import random
import sys
import time
from pathlib import Path

from dxplanner import ops
from dxplanner.errors import ValidationError
from dxplanner.model import Kpi, Plan, Task

MIGRATED_SUFFIX = "（v2）"
MAX_STEPS = 400


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- the seeded edit sequence (replayed in memory by the parent) --------------------------------


def next_op(plan: Plan, rng: random.Random, step: int) -> ops.Op:
    """A deterministic op for ``plan``: same plan, same rng state -> same op."""
    tasks = sorted(plan.tasks)
    areas = sorted(plan.areas)
    what = rng.choice(("update", "update", "move", "add", "delete", "kpi", "plan"))
    if what == "update" or (what in ("move", "delete") and len(tasks) < 10):
        tid = rng.choice(tasks)
        return ops.UpdateEntity("tasks", tid, {"title": f"編集{step} 髙﨑𠮷", "progress": rng.randrange(0, 101)})
    if what == "move":
        ids = rng.sample(tasks, min(40, len(tasks)))
        return ops.move_tasks(plan, ids, months=rng.choice((-1, 1)))
    if what == "add":
        area = rng.choice(areas)
        start = datetime.date(2023, rng.randrange(1, 13), 1)
        parent = Task(id=f"c{step}p", area_id=area, order=1000 + step, title=f"追加{step}", start=start,
                      end=start + datetime.timedelta(days=90))
        child = Task(id=f"c{step}c", area_id=area, parent_id=parent.id, title=f"子{step}", start=start,
                     end=start + datetime.timedelta(days=30), depends_on=[])
        return ops.PutEntities("tasks", [parent, child])
    if what == "delete":
        roots = [t for t in tasks if plan.tasks[t].parent_id is None and plan.children_of(t, plan.tasks[t].area_id)]
        return ops.DeleteEntities("tasks", [rng.choice(roots or tasks)])
    if what == "kpi":
        return ops.PutEntities("kpis", [Kpi(id=f"k{step}", name=f"指標{step}", unit="件",
                                             targets={2025: float(step)}, actuals={2024: 1.5})])
    return ops.SetPlanFields({"title": f"計画（版{step}）"})


def replay(plan: Plan, seed: int, steps: int) -> Plan:
    """Apply the first ``steps`` ops of the sequence to ``plan`` in memory (the parent's view)."""
    rng = random.Random(seed)
    for step in range(1, steps + 1):
        op = next_op(plan, rng, step)
        with contextlib.suppress(ValidationError):
            op.apply(plan)
    return plan


# --- the synthetic migration (registered only in this process) ---------------------------------


def _real_version() -> int:
    from dxplanner.store import schema

    return schema.SCHEMA_VERSION


#: the newest real schema, and the synthetic one after it (a file the program writes today is at BASE)
BASE = _real_version()
NEXT = BASE + 1


def install_synthetic_migration(slow: bool = True) -> None:
    """Pretend the program reads schema NEXT, with a BASE -> NEXT migration that rewrites every task."""
    import sqlite3

    from dxplanner.store import gateway, migrations, schema

    def v1_to_v2(conn: sqlite3.Connection) -> None:
        ids = [r[0] for r in conn.execute('SELECT id FROM "tasks" ORDER BY rowid')]
        for i, tid in enumerate(ids):
            conn.execute('UPDATE "tasks" SET title = title || ? WHERE id = ?', (MIGRATED_SUFFIX, tid))
            if slow and i % 5 == 0:
                time.sleep(0.002)  # widen the window a kill can land in
        conn.execute("CREATE TABLE IF NOT EXISTS dx_v2_note (note TEXT)")
        conn.execute("INSERT INTO dx_v2_note VALUES ('migrated')")

    schema.SCHEMA_VERSION = gateway.SCHEMA_VERSION = migrations.SCHEMA_VERSION = NEXT
    migrations.MIGRATIONS[BASE] = v1_to_v2


def migrated(plan: Plan) -> Plan:
    for t in plan.tasks.values():
        t.title += MIGRATED_SUFFIX
    return plan


# --- kinds ---------------------------------------------------------------------------------------


def run_edits(path: Path, seed: int) -> None:
    from dxplanner.document import Document

    doc = Document.open(path)
    rng = random.Random(seed)
    say("ready")
    for step in range(1, MAX_STEPS + 1):
        op = next_op(doc.plan, rng, step)
        with contextlib.suppress(ValidationError):
            doc.execute(op)
        say(f"done {step}")
    doc.close()


def run_load(path: Path, seed: int, json_a: str, json_b: str) -> None:
    from dxplanner.cli import main

    say("ready")
    for step in range(1, MAX_STEPS + 1):
        source = json_a if step % 2 else json_b
        if main(["load", source, str(path), "--force"]) != 0:
            raise SystemExit(3)
        say(f"done {step}")


def run_backup(path: Path, seed: int) -> None:
    from dxplanner.store.backup import make_backup
    from dxplanner.store.gateway import PlanFile

    pf = PlanFile.open(path)
    say("ready")
    for step in range(1, MAX_STEPS + 1):
        make_backup(pf, reason="auto")
        say(f"done {step}")
    pf.close()


def run_migrate(path: Path, seed: int) -> None:
    from dxplanner.store.gateway import PlanFile

    install_synthetic_migration()
    say("ready")
    with PlanFile.open(path) as pf:
        assert pf.schema_version() == NEXT
    say("done 1")


def run_import(path: Path, seed: int, *workbooks: str) -> None:
    """Read progress workbooks W1..Wn in turn (each exported from the state before it) into the plan."""
    from dxplanner.document import Document
    from dxplanner.exchange.xlsx_import import read_progress

    doc = Document.open(path)
    say("ready")
    for step, wb in enumerate(workbooks, start=1):
        result = read_progress(Path(wb), doc.plan)
        if result.errors:
            raise SystemExit(f"unexpected row errors in {wb}")
        if result.op is not None:
            doc.execute(result.op)
        say(f"done {step}")
    doc.close()


def main(argv: list[str]) -> None:
    kind, file, seed, *extra = argv
    path, s = Path(file), int(seed)
    if kind == "edits":
        run_edits(path, s)
    elif kind == "load":
        run_load(path, s, *extra)
    elif kind == "backup":
        run_backup(path, s)
    elif kind == "migrate":
        run_migrate(path, s)
    elif kind == "import":
        run_import(path, s, *extra)
    else:
        raise SystemExit(f"unknown kind {kind}")
    say("finished")


if __name__ == "__main__":
    main(sys.argv[1:])
