"""Every item model passes Qt's model tester, and follows edits, undo and row changes exactly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dxplanner import ops
from tests.gui.conftest import QT_MARKS
from ui.models import entities
from ui.models.findings import FindingsModel
from ui.models.funding import FundingModel
from ui.models.standardization import CostsModel, PhasesModel, SystemsModel
from ui.models.tasks import TasksModel

pytestmark = QT_MARKS




MODEL_CLASSES = [entities.RolesModel, entities.BodiesModel, entities.StaffModel, entities.HiresModel,
                 entities.TrainingsModel, entities.BudgetModel, SystemsModel, entities.ProceduresModel,
                 entities.KpisModel, CostsModel]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_entity_models_pass_modeltester_through_edits(qtmodeltester, ctl, cls):
    m = cls(ctl)
    qtmodeltester.check(m, force_py=True)
    # add a row (where allowed), edit it, undo everything: the model stays consistent
    eid = m.add_row(0 if m.rowCount() else None)
    if eid is not None:
        assert m.row_of(eid) is not None
    text_cols = [i for i, c in enumerate(m.columns()) if c.editable and c.kind == "text"]
    if m.rowCount() and text_cols:
        idx = m.index(0, text_cols[0])
        assert m.setData(idx, "<b>x</b>", Qt.ItemDataRole.EditRole)
        assert m.data(idx) == "<b>x</b>"
    while ctl.undo_stack.canUndo():
        ctl.undo_stack.undo()
    if eid is not None:
        assert m.row_of(eid) is None


def test_task_model_rows_follow_adds_moves_and_deletes(qtmodeltester, ctl, qtbot):
    plan = ctl.plan
    m = TasksModel(ctl, ["std"])
    qtmodeltester.check(m, force_py=True)
    n = m.rowCount()
    with qtbot.waitSignal(m.rowsInserted):
        tid = m.add_task(0, child=True)
    assert m.rowCount() == n + 1 and m.depth(m.row_of(tid)) == 1
    row = m.row_of(tid)
    with qtbot.waitSignal(m.rowsRemoved):
        assert m.remove_rows([row])
    assert m.rowCount() == n
    ctl.undo_stack.undo()  # the task comes back at the same place
    assert m.row_of(tid) == row
    # a title edit changes one row only (dataChanged, no reset)
    first = m.entity_id(0)
    with qtbot.waitSignal(m.dataChanged) as sig:
        assert m.setData(m.index(0, m.column_index("title")), "新しい題名")
    assert sig.args[0].row() == 0 and plan.tasks[first].title == "新しい題名"


def test_task_model_all_areas_and_walkthrough_include(qtmodeltester, ctl):
    inc = set(ctl.plan.tasks)
    m = TasksModel(ctl, None, show_area=True, include=inc)
    qtmodeltester.check(m, force_py=True)
    c = m.column_index("include")
    parent_row = next(r for r in range(m.rowCount()) if ctl.plan.children_of(m.entity_id(r)))
    assert m.setData(m.index(parent_row, c), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    pid = m.entity_id(parent_row)
    assert all(i not in inc for i in ctl.plan.subtree_ids(pid))
    assert ctl.undo_stack.count() == 0  # choosing starter tasks is not a plan edit


def test_phases_findings_funding_models(qtmodeltester, ctl):
    steps = PhasesModel(ctl)
    qtmodeltester.check(steps, force_py=True)
    sid = next(iter(ctl.plan.systems))
    steps.set_system(sid)
    assert [steps.data(steps.index(r, 1)) for r in range(steps.rowCount())] == ["計画立案", "システム選定", "移行"]
    assert steps.set_values([0, 1, 2], 0, "完了済み")
    assert ctl.plan.systems[sid].phases == {"計画立案": "完了済み", "システム選定": "完了済み", "移行": "完了済み"}
    assert ctl.undo_stack.count() == 1
    f = FindingsModel()
    f.refresh(ctl.plan)
    assert f.rowCount() > 0
    qtmodeltester.check(f, force_py=True)
    fund = FundingModel(ctl)
    qtmodeltester.check(fund, force_py=True)
    ctl.run(ops.PutEntities("budget", [entities.BudgetLine(id="b1", fy=2022, item="RPA", amount=1_234_000)]))
    # 年度 run across (as in a municipality's budget tables), sources down, then 合計 and the estimate
    years = [fund.headerData(c, Qt.Orientation.Horizontal) for c in range(fund.columnCount())]
    col = years.index("令和4年度")
    assert years[-1] == "合計"
    sources = [fund.headerData(r, Qt.Orientation.Vertical) for r in range(fund.rowCount())]
    row = sources.index("一般財源")
    assert fund.data(fund.index(row, col)) == "1,234千円"
    total_row = sources.index("合計")
    assert fund.data(fund.index(total_row, col)) == "1,234千円"
    assert fund.data(fund.index(total_row, fund.columnCount() - 1)) == "1,234千円"


def test_multi_row_fill_paste_and_bad_input(ctl, qtbot):
    m = TasksModel(ctl, ["std"])
    col = m.column_index("department")
    assert m.set_values([0, 1, 2], col, "企画課")
    assert [m.entity(r).department for r in range(3)] == ["企画課"] * 3
    assert ctl.undo_stack.count() == 1  # one intent, one undo step
    assert m.paste(0, m.column_index("title"), [["甲", "総務課", "R4 Q2"], ["乙", "税務課", "令和4年度"]])
    assert m.entity(0).title == "甲" and m.entity(1).department == "税務課"
    assert m.entity(1).precision == "year"
    assert ctl.undo_stack.count() == 2
    ctl.undo_stack.undo()
    assert m.entity(0).department == "企画課"
    text = m.copy_text([m.index(0, col), m.index(1, col)])
    assert text == "企画課\n企画課"
    with qtbot.waitSignal(ctl.refused) as sig:
        assert not m.set_values([0], m.column_index("period"), "いつか")
    assert "期間" in sig.args[0]
    with qtbot.waitSignal(ctl.refused):
        assert not m.set_values([0], m.column_index("progress"), "150")
    assert ctl.undo_stack.index() == 1 and ctl.undo_stack.count() == 2  # nothing pushed by refusals
