"""Random edit sequences (a hypothesis state machine over the core operations).

Every rule builds an op — tasks with subtrees and links, parts (areas), KPIs, budget lines,
standardisation systems, plan fields, moves, batches — with valid and invalid values. An
invalid op must raise ValidationError and change nothing; a valid one is applied and its inverse
kept. After every step the plan's structure holds. At the end, undoing every step in reverse
order gives back exactly the starting plan (JSON dump). The same runs through a Document (so
through the file): after each step the file holds what memory holds, and after undoing all,
the file holds the starting plan.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from dxplanner import checks, model, ops
from dxplanner.document import Document
from dxplanner.errors import ValidationError
from dxplanner.exchange.json_format import plan_from_dict, plan_to_dict
from dxplanner.model import Area, BudgetLine, Kpi, Task
from dxplanner.store.gateway import PlanFile, check_structure
from dxplanner.template import new_plan

SPECIAL = ["髙﨑", "\uf9dc", "𠮷", "葛\U000e0100", "\ue000", "ｶﾀｶﾅ", "㈱", "①", "👨‍👩‍👧", "e\u0301", "<b>&", "=1+1", " "]
BAD = ["a\x00b", "x\ud800y", "bell\x07", "del\x7f"]
texts = st.one_of(st.sampled_from(SPECIAL + BAD), st.text(max_size=12))
dates = st.one_of(st.none(), st.dates(min_value=datetime.date(1985, 1, 1), max_value=datetime.date(2105, 12, 31)))
fys = st.integers(min_value=1980, max_value=2110)


_START = plan_to_dict(new_plan("みどり町", "019992", edition="1.0", now=datetime.datetime(2021, 4, 1, 9, 0)))


def fresh_plan() -> model.Plan:
    """The same plan (same ids) every time: hypothesis replays runs and needs the same state."""
    return plan_from_dict(_START)


class EditMachine(RuleBasedStateMachine):
    use_document = False

    def __init__(self) -> None:
        super().__init__()
        self.folder: Path | None = None
        self.doc: Document | None = None
        plan = fresh_plan()
        if self.use_document:
            self.folder = Path(tempfile.mkdtemp(prefix="dxsm-"))
            self.doc = Document.create(self.folder / "町.dxplan", plan)
            self.doc.auto_backup = False
            # this test is about what is written, not about surviving power loss (test_crash.py):
            # skip the fsync of every commit so many more sequences fit in the time
            assert self.doc.file is not None
            self.doc.file.connection.execute("PRAGMA synchronous=OFF")
            self.plan = self.doc.plan
        else:
            self.plan = plan
        self.start = plan_to_dict(self.plan)
        self.undo: list[ops.Op] = []
        self.counter = 0
        self.applied = 0
        self.refused = 0

    # --- running ops ---------------------------------------------------------------------------

    def run(self, op: ops.Op) -> None:
        before = plan_to_dict(self.plan)
        try:
            inverse = self.doc.execute(op) if self.doc is not None else op.apply(self.plan)[0]
        except ValidationError as exc:
            assert exc.message_ja and exc.message_en
            assert plan_to_dict(self.plan) == before, "a refused op changed the plan"
            self.refused += 1
            return
        self.undo.append(inverse)
        self.applied += 1

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def pick(self, data, coll: dict) -> str | None:
        if not coll:
            return None
        return data.draw(st.sampled_from(sorted(coll)))

    # --- tasks -----------------------------------------------------------------------------------

    @rule(data=st.data(), title=texts, start=dates, end=dates, subtree=st.booleans(),
          precision=st.sampled_from([*model.PRECISIONS, "week"]))
    def add_task(self, data, title, start, end, subtree, precision):
        area = self.pick(data, self.plan.areas)
        if area is None:
            return
        parent = data.draw(st.sampled_from([None, *sorted(t.id for t in self.plan.tasks.values()
                                                          if t.area_id == area)]))
        t = Task(id=self.new_id("t"), area_id=area, parent_id=parent, title=title, start=start, end=end,
                 precision=precision)
        ents = [t]
        if subtree:
            ents.append(Task(id=self.new_id("t"), area_id=area, parent_id=t.id, title="子タスク"))
        self.run(ops.PutEntities("tasks", ents))

    @rule(data=st.data(), title=texts, progress=st.integers(-5, 105),
          status=st.sampled_from([*model.TASK_STATUSES, "終わった"]), start=dates, end=dates)
    def update_task(self, data, title, progress, status, start, end):
        tid = self.pick(data, self.plan.tasks)
        if tid is None:
            return
        fields = data.draw(st.sets(st.sampled_from(["title", "progress", "status", "start", "end"]), min_size=1))
        values = {"title": title, "progress": progress, "status": status, "start": start, "end": end}
        self.run(ops.UpdateEntity("tasks", tid, {k: values[k] for k in fields}))

    @rule(data=st.data())
    def reparent_task(self, data):
        tid = self.pick(data, self.plan.tasks)
        other = self.pick(data, self.plan.tasks)
        if tid is None:
            return
        self.run(ops.UpdateEntity("tasks", tid, {"parent_id": other}))

    @rule(data=st.data())
    def move_task_to_another_part(self, data):
        tid = self.pick(data, self.plan.tasks)
        area = self.pick(data, self.plan.areas)
        if tid is not None and area is not None:
            self.run(ops.UpdateEntity("tasks", tid, {"area_id": area}))

    @rule(data=st.data())
    def link_tasks(self, data):
        tid = self.pick(data, self.plan.tasks)
        dep = self.pick(data, self.plan.tasks)
        if tid is None or dep is None:
            return
        links = [*self.plan.tasks[tid].depends_on, dep]
        self.run(ops.UpdateEntity("tasks", tid, {"depends_on": links}))

    @rule(data=st.data())
    def delete_tasks(self, data):
        ids = data.draw(st.lists(st.sampled_from(sorted(self.plan.tasks) or ["none"]), min_size=1, max_size=3))
        self.run(ops.DeleteEntities("tasks", ids))

    @rule(data=st.data(), months=st.integers(-13, 13), days=st.integers(-40, 40))
    def move_tasks(self, data, months, days):
        if not self.plan.tasks:
            return
        ids = data.draw(st.lists(st.sampled_from(sorted(self.plan.tasks)), min_size=1, max_size=8, unique=True))
        self.run(ops.move_tasks(self.plan, ids, months=months, days=days))

    # --- parts, KPIs, budget, systems, plan fields ---------------------------------------------------

    @rule(name=texts, kind=st.sampled_from(["custom", "focus", "other"]))
    def add_area(self, name, kind):
        self.run(ops.PutEntities("areas", [Area(id=self.new_id("a"), name=name, kind=kind)]))

    @rule(data=st.data())
    def delete_area(self, data):
        aid = self.pick(data, self.plan.areas)
        if aid is not None:
            self.run(ops.DeleteEntities("areas", [aid]))

    @rule(data=st.data(), name=texts, value=st.floats(-1e6, 1e6, allow_nan=False), fy=fys)
    def add_or_update_kpi(self, data, name, value, fy):
        kid = self.pick(data, self.plan.kpis)
        if kid is not None and data.draw(st.booleans()):
            self.run(ops.UpdateEntity("kpis", kid, {"name": name, "targets": {fy: value}}))
        else:
            area = data.draw(st.sampled_from([None, "no-such-area", *sorted(self.plan.areas)]))
            self.run(ops.PutEntities("kpis", [Kpi(id=self.new_id("k"), name=name, area_id=area,
                                                  targets={fy: value})]))

    @rule(data=st.data())
    def delete_kpi(self, data):
        kid = self.pick(data, self.plan.kpis)
        if kid is not None:
            self.run(ops.DeleteEntities("kpis", [kid]))

    @rule(item=texts, amount=st.integers(-10**9, 10**12), fy=fys,
          source=st.sampled_from([*model.FUNDING_SOURCES, "宝くじ"]))
    def add_budget(self, item, amount, fy, source):
        self.run(ops.PutEntities("budget", [BudgetLine(id=self.new_id("b"), fy=fy, item=item, amount=amount,
                                                       source=source)]))

    @rule(data=st.data(), step=st.sampled_from(["計画立案", "移行", "データ移行", ""]),
          status=st.sampled_from([*model.PHASE_STATUSES, "たぶん"]), vendor=texts,
          std=st.sampled_from([*model.STD_STATUSES, "移行完了"]))
    def update_system(self, data, step, status, vendor, std):
        sid = self.pick(data, self.plan.systems)
        if sid is None:
            return
        phases = {**self.plan.systems[sid].phases, step: status}
        self.run(ops.UpdateEntity("systems", sid, {"phases": phases, "vendor": vendor, "status": std}))

    @rule(title=texts, from_fy=fys, to_fy=fys, name=texts)
    def set_plan_fields(self, title, from_fy, to_fy, name):
        self.run(ops.SetPlanFields({"title": title, "from_fy": from_fy, "to_fy": to_fy, "municipality.name": name}))

    @rule(data=st.data(), title=texts)
    def batch(self, data, title):
        """Several edits as one step (one undo), all or nothing."""
        if len(self.plan.tasks) < 2:
            return
        a, b = data.draw(st.lists(st.sampled_from(sorted(self.plan.tasks)), min_size=2, max_size=2, unique=True))
        self.run(ops.Batch([
            ops.UpdateEntity("tasks", a, {"title": "一括の一つ目"}),
            ops.UpdateEntity("tasks", b, {"title": title}),
            ops.DeleteEntities("tasks", [a]),
        ]))

    # --- checks ----------------------------------------------------------------------------------------

    @invariant()
    def structure_holds(self):
        """Whatever valid edits produce, the file can hold and the program can show."""
        check_structure(self.plan, Path("plan"))
        self.plan.ordered_tasks()
        checks.check(self.plan, datetime.date(2025, 10, 1))

    @precondition(lambda self: self.doc is not None and self.applied % 5 == 1)
    @invariant()
    def file_holds_what_memory_holds(self):
        assert self.doc is not None and self.doc.file is not None
        with PlanFile.open(self.doc.file.path, readonly=True) as pf:
            assert plan_to_dict(pf.load()) == plan_to_dict(self.plan)

    def teardown(self):
        try:
            for inverse in reversed(self.undo):
                if self.doc is not None:
                    self.doc.execute(inverse)
                else:
                    inverse.apply(self.plan)
            assert plan_to_dict(self.plan) == self.start, "undoing every step did not give back the start"
            if self.doc is not None and self.doc.file is not None:
                with PlanFile.open(self.doc.file.path, readonly=True) as pf:
                    assert plan_to_dict(pf.load()) == self.start, "the file after undoing all differs"
        finally:
            if self.doc is not None:
                self.doc.close()
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)


class DocumentEditMachine(EditMachine):
    use_document = True


FAST = settings(max_examples=20, stateful_step_count=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SLOW = settings(max_examples=300, stateful_step_count=50, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

TestEditsInMemory = EditMachine.TestCase
TestEditsInMemory.settings = FAST
TestEditsThroughTheFile = DocumentEditMachine.TestCase
TestEditsThroughTheFile.settings = settings(FAST, max_examples=10, stateful_step_count=25)


class _ManyInMemory(EditMachine):
    pass


class _ManyThroughTheFile(DocumentEditMachine):
    pass


TestEditsInMemoryMany = pytest.mark.slow(_ManyInMemory.TestCase)
TestEditsInMemoryMany.settings = SLOW
TestEditsThroughTheFileMany = pytest.mark.slow(_ManyThroughTheFile.TestCase)
TestEditsThroughTheFileMany.settings = SLOW
