from __future__ import annotations

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.store.gateway import PlanFile
from ui.controller import DocumentController


def test_run_undo_redo_saves_each_step(qtbot, plan_file):
    ctl = DocumentController()
    ctl.attach(Document.open(plan_file))
    tid = next(iter(ctl.plan.tasks))
    old = ctl.plan.tasks[tid].title
    with qtbot.waitSignal(ctl.changed) as sig:
        assert ctl.run(ops.UpdateEntity("tasks", tid, {"title": "新"}))
    assert sig.args[0] == [("tasks", tid)]

    def on_disk():
        with PlanFile.open(plan_file, readonly=True) as pf:
            return pf.load().tasks[tid].title

    assert on_disk() == "新"
    ctl.undo_stack.undo()
    assert ctl.plan.tasks[tid].title == old and on_disk() == old
    ctl.undo_stack.redo()
    assert on_disk() == "新"
    ctl.set_document(None)


def test_refused_edit_is_not_pushed(qtbot, plan_file):
    ctl = DocumentController()
    ctl.attach(Document.open(plan_file))
    tid = next(iter(ctl.plan.tasks))
    with qtbot.waitSignal(ctl.refused) as sig:
        assert not ctl.run(ops.UpdateEntity("tasks", tid, {"progress": 200}))
    assert "進捗" in sig.args[0]
    assert ctl.undo_stack.count() == 0
    ctl.set_document(None)
