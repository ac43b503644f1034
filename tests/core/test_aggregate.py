"""The prefecture roll-up over .dxplan files and exported workbooks."""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

import openpyxl
import pytest

from dxplanner.errors import FileError
from dxplanner.exchange.aggregate import aggregate, read_input
from dxplanner.exchange.survey import survey_of
from dxplanner.model import Plan
from dxplanner.store.gateway import write_new
from dxplanner.template import new_plan
from dxplanner.validate import code_check_digit
from tests.core.test_xlsx_export import OWN_FORMULA, export, formulas_in, sample_plan


def code(first5: str) -> str:
    return first5 + str(code_check_digit(first5))


def town(name: str, first5: str) -> Plan:
    return new_plan(name, code(first5), edition="1.0", now=datetime.datetime(2021, 4, 1, 9, 0))


def digests(paths: list[Path]) -> dict[Path, tuple[str, int]]:
    return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}


@pytest.fixture
def inputs(tmp_path) -> list[Path]:
    a = town("=1+1町", "01101")  # a hostile name must arrive as text
    a.roles[next(r.id for r in a.roles.values() if r.kind == "CIO")].status = "任命済"
    b = town("さくら村", "01102")
    paths = []
    for i, p in enumerate((a, b)):
        path = tmp_path / f"m{i}.dxplan"
        write_new(path, p)
        paths.append(path)
    xlsx, _ = export(sample_plan(), tmp_path, "midori.xlsx")  # みどり町 019992 as a submission workbook
    paths.append(xlsx)
    junk = tmp_path / "memo.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    paths.append(junk)
    other = openpyxl.Workbook()
    other.save(tmp_path / "other.xlsx")
    paths.append(tmp_path / "other.xlsx")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    paths.append(tmp_path / "notes.txt")
    return paths


def test_roll_up_rows_areas_kpis_and_refused_inputs(inputs, tmp_path):
    before = digests(inputs)
    listing = sorted(p.name for p in tmp_path.iterdir())
    out = tmp_path / "out" / "rollup.xlsx"
    out.parent.mkdir()
    result = aggregate(inputs, out)
    assert result.municipalities == 3
    assert sorted(Path(n).name for n, _r in result.rejected) == ["memo.xlsx", "notes.txt", "other.xlsx"]
    assert digests(inputs) == before  # inputs opened read-only: not a byte or a timestamp changed
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*listing, "out"])  # no lock files left
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:6] == ["集計", "取組別", "KPI", "標準化", "特定移行支援", "読込不可"]
    ws = wb["集計"]
    heads = [c.value for c in ws[4]]
    rows = {ws.cell(r, 2).value: [c.value for c in ws[r]] for r in range(5, 8)}
    assert set(rows) == {code("01101"), code("01102"), "019992"}
    midori = dict(zip(heads, rows["019992"], strict=False))
    s = survey_of(sample_plan(), datetime.date(2025, 11, 26))
    assert midori["団体名"] == "みどり町" and midori["基準日"] == datetime.datetime(2025, 11, 26)
    assert midori["CIO の任命"] == s.cio and midori["CIO補佐官等の任命"] == s.cio_assistant
    assert midori["標準化：移行完了業務数"] == s.std_migrated
    assert midori["標準化：移行済の割合"] == pytest.approx(s.std_rate)
    assert midori["特定移行支援"] == s.std_tokutei and midori["オンライン化済"] == s.online_done
    assert midori["遅延"] == s.overdue and midori["全体方針"] == "策定済"
    hostile = dict(zip(heads, rows[code("01101")], strict=False))
    assert hostile["団体名"] == "=1+1町" and hostile["CIO の任命"] == "任命済"
    assert ws.cell(8, 1).value == "合計・団体数"
    assert ws.cell(8, heads.index("CIO の任命") + 1).value.startswith("=COUNTIF(")
    for f in formulas_in(out):  # only our totals are formulas; the town named "=1+1町" is text
        assert OWN_FORMULA.match(f), f
    areas = wb["取組別"]
    names = [areas.cell(r, 1).value for r in range(5, areas.max_row)]
    assert "行政手続のオンライン化" in names
    kpi = wb["KPI"]
    assert {kpi.cell(r, 2).value for r in range(5, kpi.max_row + 1)} >= {"みどり町", "さくら村"}
    refused = wb["読込不可"]
    reasons = {Path(refused.cell(r, 1).value).name: refused.cell(r, 2).value for r in range(5, 8)}
    assert "他のソフト" in reasons["other.xlsx"] and ".dxplan" in reasons["notes.txt"]


def test_workbook_and_plan_give_the_same_figures(tmp_path):
    plan = sample_plan()
    day = datetime.date(2025, 11, 26)
    xlsx, _ = export(plan, tmp_path, "m.xlsx", today=day)
    path = tmp_path / "m.dxplan"
    write_new(path, plan)
    entry = read_input(xlsx, day)
    assert entry.survey == survey_of(plan, day) and entry.taken == []  # an unchanged workbook: nothing taken
    assert read_input(path, day).survey == survey_of(plan, day)


def _overview_row(ws, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


def test_visible_corrections_win_and_are_listed(tmp_path, capsys):
    """A town corrects its 団体概要 in Excel before sending: the roll-up uses the corrections and says so."""
    from dxplanner import cli

    xlsx, _ = export(sample_plan(), tmp_path, "m.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["団体概要"]
    staff, cio = _overview_row(ws, "DX担当職員数"), _overview_row(ws, "CIO の任命")
    assert ws.cell(staff, 2).value == 3 and ws.cell(cio, 2).value == "任命済"
    ws.cell(staff, 2).value = 9
    ws.cell(cio, 2).value = "未定"
    ws.cell(_overview_row(ws, "回答者 所属"), 2).value = "企画課"
    ws.cell(_overview_row(ws, "DX推進専任部署（有／無）"), 2).value = "無"
    wb.save(xlsx)
    out = tmp_path / "r.xlsx"
    result = aggregate([xlsx], out)
    assert result.rejected == [] and len(result.taken) == 1
    taken = result.taken[0][1]
    assert any(f"B{staff}" in t and "3 → 9" in t for t in taken)
    assert any(f"B{cio}" in t and "任命済 → 未定" in t for t in taken)
    roll = openpyxl.load_workbook(out)["集計"]
    heads = {c.value: c.column for c in roll[4] if c.value}
    assert roll.cell(5, heads["DX担当職員数"]).value == 9
    assert roll.cell(5, heads["CIO の任命"]).value == "未定"
    assert roll.cell(5, heads["回答者 所属"]).value == "企画課"
    assert f"B{staff}" in roll.cell(5, heads["目視修正を反映したセル（団体概要）"]).value
    assert cli.main(["aggregate", str(tmp_path / "r2.xlsx"), str(xlsx)]) == 0
    assert "DX担当職員数" in capsys.readouterr().out


def test_an_unreadable_correction_refuses_the_file_with_the_reason(tmp_path):
    xlsx, _ = export(sample_plan(), tmp_path, "m.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["団体概要"]
    staff = _overview_row(ws, "DX担当職員数")
    ws.cell(staff, 2).value = "三人"
    wb.save(xlsx)
    result = aggregate([xlsx], tmp_path / "r.xlsx")
    assert result.municipalities == 0
    reason = result.rejected[0][1]
    assert f"B{staff}" in reason and "三人" in reason and "DX担当職員数" in reason


def test_same_municipality_twice_keeps_the_newer(tmp_path):
    plan = sample_plan()
    old, _ = export(plan, tmp_path, "old.xlsx", today=datetime.date(2025, 4, 1))
    new, _ = export(plan, tmp_path, "new.xlsx", today=datetime.date(2025, 10, 1))
    result = aggregate([old, new, new], tmp_path / "r.xlsx")
    assert result.municipalities == 1
    reasons = dict(result.rejected)
    assert "2回" in reasons[str(new)] and "new.xlsx" in reasons[str(old)]


def test_roll_up_itself_and_output_as_input_are_refused(tmp_path):
    xlsx, _ = export(sample_plan(), tmp_path, "m.xlsx")
    first = tmp_path / "r1.xlsx"
    aggregate([xlsx], first)
    result = aggregate([first], tmp_path / "r2.xlsx")
    assert result.municipalities == 0 and "集計ブック" in result.rejected[0][1]
    with pytest.raises(FileError):
        aggregate([xlsx], xlsx)


def test_tampered_figures_are_refused(tmp_path):
    import zipfile

    xlsx, _ = export(sample_plan(), tmp_path, "m.xlsx")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(xlsx) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, re.sub(rb'"overdue": \d+', b'"overdue": -5', data))
    result = aggregate([bad], tmp_path / "r.xlsx")
    assert result.municipalities == 0 and "書き出し直した" in result.rejected[0][1]


def test_cli_aggregate_exit_codes(inputs, tmp_path):
    from dxplanner import cli

    out = tmp_path / "cli.xlsx"
    assert cli.main(["aggregate", str(out), *map(str, inputs[:3])]) == 0
    assert cli.main(["aggregate", str(out), *map(str, inputs)]) == 1  # some inputs refused
    assert openpyxl.load_workbook(out)["読込不可"].cell(5, 2).value
