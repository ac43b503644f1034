"""The progress round trip: export a 進捗入力 sheet, let "departments" edit it, read it back."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import openpyxl
import pytest

from dxplanner.errors import FileError
from dxplanner.exchange.json_format import plan_to_dict
from dxplanner.exchange.xlsx_import import read_progress
from dxplanner.model import Plan, clone
from dxplanner.ops import UpdateEntity
from tests.core.test_xlsx_export import export, row_of, sample_plan

SHEET = "進捗入力"
COL = {"id": 1, "status": 8, "progress": 9, "actual_start": 10, "actual_end": 11, "comment": 12}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Plan]:
    plan = sample_plan()
    path, _ = export(plan, tmp_path_factory.mktemp("imp"), "progress.xlsx", progress="all")
    return path, plan


class Text(str):
    """A value typed as text (Excel: a leading apostrophe), even when it starts with "="."""


def edited(src: Path, dst: Path, edits: dict[str, dict[str, object]], sheet: str = SHEET,
           raw: dict[tuple[int, int], object] | None = None) -> Path:
    """A copy of ``src`` with cells of the progress sheet changed as a department would.

    A plain str starting with "=" becomes a formula, as when someone types it into Excel.
    """
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    for tid, values in edits.items():
        r = row_of(ws, tid)
        for key, value in values.items():
            cell = ws.cell(r, COL[key])
            cell.value = str(value) if isinstance(value, Text) else value
            if isinstance(value, Text):
                cell.data_type = "s"
    for (r, c), value in (raw or {}).items():
        ws.cell(r, c).value = value
    wb.save(dst)
    return dst


def test_unchanged_export_changes_nothing_and_the_file_is_not_touched(exported):
    path, plan = exported
    before = digest(path)
    mtime = path.stat().st_mtime_ns
    snapshot = plan_to_dict(plan)
    result = read_progress(path, plan)
    assert result.op is None and result.errors == [] and result.changed_rows == 0
    assert result.unchanged_rows == len(plan.tasks)
    assert digest(path) == before and path.stat().st_mtime_ns == mtime
    assert plan_to_dict(plan) == snapshot


def test_department_edits_come_back_as_one_undoable_batch(exported, tmp_path):
    path, plan = exported
    plan = clone(plan)
    tid = "t024"
    src = edited(path, tmp_path / "in.xlsx", {tid: {
        "status": "完了", "progress": 100, "actual_end": datetime.datetime(2025, 10, 31),
        "comment": Text("=1+1 のように見えるが文字"),
    }})
    before = digest(src)
    snapshot = plan_to_dict(plan)
    result = read_progress(src, plan)
    assert result.errors == [] and result.changed_rows == 1 and result.unchanged_rows == len(plan.tasks) - 1
    assert plan_to_dict(plan) == snapshot  # reading never changes the plan
    assert digest(src) == before
    inverse, changes = result.op.apply(plan)
    t = plan.tasks[tid]
    assert (t.status, t.progress, t.actual_end, t.comment) == ("完了", 100, datetime.date(2025, 10, 31),
                                                              "=1+1 のように見えるが文字")
    assert changes == [("tasks", tid)]
    inverse.apply(plan)
    assert plan_to_dict(plan) == snapshot
    # reading the same sheet again after applying: nothing left to change
    result.op.apply(plan)
    again = read_progress(src, plan)
    assert again.op is None and again.errors == []


def test_every_cell_is_validated_and_rejected_rows_apply_nothing(exported, tmp_path):
    path, plan = exported
    plan = clone(plan)
    ids = [t for t in plan.tasks if t.startswith("t")][:9]
    src = edited(path, tmp_path / "bad.xlsx", {
        ids[0]: {"status": "終わった", "comment": "ok comment"},  # bad status, so the comment is not taken either
        ids[1]: {"progress": 150},
        ids[2]: {"progress": "abc"},
        ids[3]: {"actual_start": "not a date"},
        ids[4]: {"progress": "=50+1"},  # a formula where a value belongs
        ids[5]: {"actual_start": "令和7年度"},  # a period, not a day
        ids[6]: {"actual_start": datetime.datetime(2025, 9, 1), "actual_end": datetime.datetime(2025, 8, 1)},
        ids[7]: {"progress": 55, "status": "進行中"},  # fine
        ids[8]: {"actual_start": "R4.4.2", "progress": "60%"},  # text date and "60%" are understood
    })
    snapshot = {i: clone(plan.tasks[i]) for i in ids}
    result = read_progress(src, plan)
    rejected = {e.task_id for e in result.errors}
    assert rejected == set(ids[:7])
    assert result.changed_rows == 2
    for e in result.errors:
        assert e.sheet == SHEET and e.row > 5 and e.message_ja and e.message_en
        assert e.message_ja.startswith(f"{SHEET} {e.row} 行目")
    by_id = {e.task_id: e for e in result.errors}
    assert "状況" in by_id[ids[0]].message_ja and "終わった" in by_id[ids[0]].message_ja
    assert "0〜100" in by_id[ids[1]].message_ja
    assert "数式" in by_id[ids[4]].message_ja and "formula" in by_id[ids[4]].message_en
    assert "期間" in by_id[ids[5]].message_ja
    assert result.op is not None
    result.op.apply(plan)
    for i in ids[:7]:
        assert plan.tasks[i] == snapshot[i]
    assert plan.tasks[ids[7]].progress == 55
    assert plan.tasks[ids[8]].actual_start == datetime.date(2022, 4, 2) and plan.tasks[ids[8]].progress == 60


def test_percent_typed_into_the_cell(exported, tmp_path):
    path, plan = exported
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    cell = ws.cell(row_of(ws, "t024"), COL["progress"])
    cell.value = 0.9
    cell.number_format = "0%"
    wb.save(tmp_path / "pct.xlsx")
    result = read_progress(tmp_path / "pct.xlsx", plan)
    assert result.errors == [] and result.op.ops[0].values == {"progress": 90}


def test_changes_on_both_sides_are_a_conflict_but_plan_changes_survive_untouched_cells(exported, tmp_path):
    path, plan = exported
    plan = clone(plan)
    tid, other = "t024", "t025"
    # after the export, the DX 担当 changed both tasks in DX Planner
    UpdateEntity("tasks", tid, {"progress": 90}).apply(plan)
    UpdateEntity("tasks", other, {"comment": "担当で更新"}).apply(plan)
    src = edited(path, tmp_path / "conf.xlsx", {tid: {"progress": 85}})  # the department changed t024 too
    result = read_progress(src, plan)
    assert [e.task_id for e in result.errors] == [tid]
    assert "85" in result.errors[0].message_ja and "90" in result.errors[0].message_ja
    assert result.op is None  # t025 untouched in the sheet: the plan's newer comment stays


def test_rows_added_changed_duplicated_or_deleted(exported, tmp_path):
    path, plan = exported
    plan = clone(plan)
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    last = max(row_of(ws, t) for t in plan.tasks)
    ws.cell(last + 1, 4).value = "各課が追加した行"
    ws.cell(last + 1, COL["status"]).value = "進行中"
    ws.cell(last + 2, COL["id"]).value = "t024"  # a copied row
    ws.cell(last + 2, COL["status"]).value = "完了"
    ws.cell(last + 2, COL["progress"]).value = 100
    ws.cell(row_of(ws, "t025"), COL["id"]).value = "zzz-not-an-id"
    wb.save(tmp_path / "rows.xlsx")
    del plan.tasks["t026"]  # deleted in DX Planner after the export
    result = read_progress(tmp_path / "rows.xlsx", plan)
    msgs = " / ".join(e.message_en for e in result.errors)
    assert "no ID" in msgs and "appears twice" in msgs and "hidden ID" in msgs and "no longer in the plan" in msgs
    assert len(result.errors) == 4


def test_another_plans_workbook_or_no_progress_sheet_is_refused(exported, tmp_path, plan):
    path, _ = exported
    other = clone(plan)
    other.municipality.name, other.municipality.code = "あおば村", "019992"
    with pytest.raises(FileError) as err:
        read_progress(path, other)  # same code, but none of the rows is a task of this plan
    assert "別の計画" in err.value.message_ja
    other.municipality.code = "011002"
    with pytest.raises(FileError) as err:
        read_progress(path, other)
    assert "みどり町" in err.value.message_ja and "not for this plan" in err.value.message_en
    plain, _ = export(sample_plan(), tmp_path, "noprog.xlsx")
    with pytest.raises(FileError) as err:
        read_progress(plain, sample_plan())
    assert "進捗入力シート" in err.value.message_ja


def test_changed_columns_are_refused(exported, tmp_path):
    path, plan = exported
    wb = openpyxl.load_workbook(path)
    wb[SHEET].cell(5, COL["progress"]).value = "メモ"
    wb.save(tmp_path / "cols.xlsx")
    with pytest.raises(FileError) as err:
        read_progress(tmp_path / "cols.xlsx", plan)
    assert "列" in err.value.message_ja


def test_department_sheet_holds_that_department_and_its_subtasks(tmp_path):
    plan = sample_plan()
    path, _ = export(plan, tmp_path, "dept.xlsx", progress="総務課")
    wb = openpyxl.load_workbook(path)
    ws = wb["進捗入力_総務課"]
    ids = {c.value for c in ws["A"][5:] if c.value}
    from dxplanner.exchange.xlsx_schedule import effective_department

    assert ids == {t.id for t in plan.tasks.values() if effective_department(plan, t) == "総務課"}
    assert any(plan.tasks[i].parent_id and not plan.tasks[i].department for i in ids)
    # drop-downs and protection: status is a list, the sheet is protected with the inputs unlocked
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"list", "whole", "date"}
    assert ws.protection.sheet and ws.column_dimensions["A"].hidden
    r = row_of(ws, next(iter(ids)))
    assert ws.cell(r, COL["status"]).protection.locked is False and ws.cell(r, 4).protection.locked
    result = read_progress(path, plan)
    assert result.op is None and result.unchanged_rows == len(ids)


def test_cli_import(exported, tmp_path):
    from dxplanner import cli
    from dxplanner.store.gateway import PlanFile, write_new

    path, plan = exported
    target = tmp_path / "plan.dxplan"
    write_new(target, plan)
    assert cli.main(["import", str(path), str(target)]) == 0
    src = edited(path, tmp_path / "cli.xlsx", {"t024": {"progress": 95}, "t025": {"status": "だめ"}})
    assert cli.main(["import", str(src), str(target)]) == 1  # one row rejected
    with PlanFile.open(target, readonly=True) as pf:
        after = pf.load()
    assert after.tasks["t024"].progress == 95 and after.tasks["t025"].status == plan.tasks["t025"].status


def test_unchanged_export_with_line_breaks_and_formula_like_text(tmp_path):
    """CR LF comes back from XML as LF and "=…" as text: still nothing to change."""
    plan = sample_plan()
    plan.tasks["t024"].comment = "一行目\r\n二行目\r三行目"
    plan.tasks["t025"].comment = "=SUM(A1:A3)"
    plan.tasks["t026"].comment = "@cmd"
    path, _ = export(plan, tmp_path, "crlf.xlsx", progress="all")
    result = read_progress(path, plan)
    assert result.op is None and result.errors == [] and result.unchanged_rows == len(plan.tasks)
