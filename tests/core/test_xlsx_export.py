"""The submission workbook: sheets, print setup, fills, 和暦 headers, literal hostile text, metadata."""

from __future__ import annotations

import datetime
import functools
import itertools
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dxplanner.errors import DxError, FileError
from dxplanner.exchange.json_format import read_json_file
from dxplanner.exchange.survey import Survey, survey_of
from dxplanner.exchange.xlsx_common import EXCEL_CELL_LIMIT, FONT_NAME, META_SHEET
from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx
from dxplanner.funding import summarize
from dxplanner.model import Plan


def sample_plan_json() -> Path:
    """The output tests pin the layout of a plan made on 第1.0版 in 2021 (the bundled sample before
    令和8年度版): a frozen copy, so that the bundled sample can tell today's story."""
    return Path(__file__).resolve().parents[1] / "data" / "sample_first_edition.json"

TODAY = datetime.date(2025, 11, 26)
SHEETS_JA = ["団体概要", "団体概要（一行）", "推進体制", "デジタル人材", "工程表", "KPI", "予算・財源", "標準化", "オンライン化",
             "チェック結果"]
HOSTILE = ["=1+1", "+1", "-1+2", "@SUM(A1)", '=HYPERLINK("http://example.invalid/?x="&A1,"click")', "#N/A",
           "=cmd|' /C calc'!A0", "\t=1+1"]
# our own formulas: totals and counts over ranges of the sheet itself, and the one-row 団体概要's references
OWN_FORMULA = re.compile(r"^((SUM|COUNTIF|IFERROR\(AVERAGE)\(\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+|'(団体概要|Overview)'!\$B\$\d+$)")


def sample_plan() -> Plan:
    return read_json_file(sample_plan_json())


def export(plan: Plan, tmp_path: Path, name: str = "out.xlsx", **opts) -> tuple[Path, list[str]]:
    out = tmp_path / name
    opts.setdefault("today", TODAY)
    warnings = export_xlsx(plan, out, XlsxOptions(**opts))
    return out, warnings


def sheet_xml(path: Path) -> dict[str, str]:
    """Raw XML of every worksheet part, by part name."""
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/sheet")}


def formulas_in(path: Path) -> list[str]:
    found = []
    for xml in sheet_xml(path).values():
        found.extend(re.findall(r"<f>(.*?)</f>", xml, flags=re.S))
    return found


def row_of(ws, task_id: str, col: int = 1) -> int:
    for row in ws.iter_rows(min_col=col, max_col=col):
        if row[0].value == task_id:
            return row[0].row
    raise AssertionError(task_id)


@functools.cache
def loaded(path: Path) -> openpyxl.Workbook:
    """The module's shared export, loaded once (tests only read it)."""
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory) -> tuple[Path, Plan]:
    plan = sample_plan()
    out, warnings = export(plan, tmp_path_factory.mktemp("x"), progress="all", timescale="month")
    assert warnings == []
    return out, plan


@pytest.mark.parametrize(("paper", "scale"), [("A3", "quarter"), ("A4", "year")])
def test_default_scale_keeps_printed_text_at_7pt(tmp_path, paper, scale):
    """The sample's six 年度: months would print body text below 7 pt; the default takes the finest scale
    that does not (measured through LibreOffice by benchmarks/xlsx_print.py: A3 7.3 pt, A4 7.8 pt)."""
    from dxplanner.exchange.xlsx_schedule import printed_body_pt

    path, _ = export(sample_plan(), tmp_path, paper=paper)
    ws = openpyxl.load_workbook(path)["工程表"]
    units = sum(1 for c in ws[6] if c.column > 8 and c.value)
    assert units == 6 * {"month": 12, "quarter": 4, "half": 2, "year": 1}[scale]
    fixed = sum(ws.column_dimensions[L].width for L in "BCDEFGH")
    assert printed_body_pt(fixed, scale, units, paper) >= 7.0
    assert printed_body_pt(fixed, "month", 72, paper) < 7.0
    assert ws.cell(7, 3).alignment.wrap_text is True or ws.cell(8, 3).alignment.wrap_text is True


def test_sheets_in_order_metadata_very_hidden(sample_book):
    path, _plan = sample_book
    wb = loaded(path)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible[: len(SHEETS_JA)] == SHEETS_JA
    # the sample has the snapshot 「当初計画」 and the review of 令和6年度 (tests/core/test_pdca_outputs.py)
    assert visible[len(SHEETS_JA):] == ["用語の定義", "計画と実績", "評価 令和6年度", "進捗入力"]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(values_only=True)}
    assert meta["format"] == "dxplanner-xlsx" and meta["format_version"] == "1"
    assert meta["edition"] == "1.0" and meta["edition_title"] == "自治体DX推進計画 第1.0版"
    assert meta["as_of"] == "2025-11-26"
    assert wb.properties.keywords == "dxplanner-xlsx/1"
    # the edition and the as-of date are named on every sheet, visibly
    for title in SHEETS_JA:
        assert "第1.0版" in (wb[title]["A2"].value or wb[title]["B2"].value)
    assert "令和7年11月26日" in wb["団体概要"]["A2"].value


def test_print_setup_on_every_sheet(sample_book):
    path, _plan = sample_book
    wb = loaded(path)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        ps = ws.page_setup
        assert ps.paperSize == 8 and ps.orientation == "landscape", ws.title
        assert ps.fitToWidth == 1 and ps.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert "みどり町" in ws.oddHeader.left.text
        assert ws.oddHeader.right.text == "基準日 令和7年11月26日"
        assert ws.oddFooter.center.text == "&P / &N ページ"
        assert "第1.0版" in ws.oddFooter.left.text
        assert FONT_NAME in ws.oddHeader.left.font
    assert wb["工程表"].print_title_rows == "$5:$6"
    assert wb["KPI"].print_title_rows == "$4:$5"
    assert wb["進捗入力"].print_title_rows == "$5:$5"


def test_a4_on_request(tmp_path):
    path, _ = export(sample_plan(), tmp_path, paper="A4")
    wb = openpyxl.load_workbook(path)
    assert {ws.page_setup.paperSize for ws in wb.worksheets if ws.sheet_state == "visible"} == {9}


def test_font_and_date_columns(sample_book):
    path, _plan = sample_book
    wb = loaded(path)
    ws = wb["工程表"]
    r = row_of(ws, "t024")
    start = ws.cell(r, 5)
    assert start.value == datetime.datetime(2022, 4, 1) and start.number_format == "[$-411]ge.m.d"
    assert start.font.name == FONT_NAME
    assert ws.column_dimensions["E"].width >= 10 and ws.column_dimensions["F"].width >= 10
    assert wb["団体概要"]["A1"].font.name == FONT_NAME


def test_schedule_wareki_headers_centred_unmerged_filtered_and_frozen(sample_book):
    path, _plan = sample_book
    ws = loaded(path)["工程表"]
    assert ws.freeze_panes == "I7"
    assert ws.column_dimensions["A"].hidden
    heads = {c.value: c.column for c in ws[5] if isinstance(c.value, str) and c.value.endswith("年度")}
    assert list(heads) == [f"令和{n}年度" for n in range(4, 10)]  # plan 2022–2027
    first = heads["令和4年度"]

    assert not ws.merged_cells.ranges  # a prefecture sorts, filters and copies the table
    assert all(ws.cell(5, first + i).alignment.horizontal == "centerContinuous" for i in range(12))
    assert ws.auto_filter.ref.startswith("B6:") and ws.cell(6, 3).value == "取組"
    assert [ws.cell(6, first + i).value for i in range(12)] == [str(m) for m in (*range(4, 13), 1, 2, 3)]
    # the as-of month (令和7年11月) is highlighted in the month header
    today_col = first + 3 * 12 + 7
    assert ws.cell(6, today_col).fill.fgColor.rgb.endswith("F4B084")


def test_schedule_bars_are_fills(sample_book):
    path, plan = sample_book
    ws = loaded(path)["工程表"]
    first = next(c.column for c in ws[5] if c.value == "令和4年度")
    t = plan.tasks["t024"]  # 2022-04 .. 2023-06, 進行中 80 %, late as of 2025-11
    r = row_of(ws, "t024")
    colors = [ws.cell(r, first + i).fill.fgColor.rgb[-6:] if ws.cell(r, first + i).fill.fill_type else None
              for i in range(72)]
    assert t.end < TODAY and t.status == "進行中"
    assert colors[:15] == ["C00000"] * 15  # 15 months, drawn as late (遅延)
    assert ws.cell(r, first).value == "遅"  # and marked, for grey printing
    assert set(colors[15:]) == {None}
    assert ws.cell(r, 7).value == f"進行中（遅延 {(TODAY - t.end).days:,}日）"
    done = next(x for x in plan.tasks.values() if x.status == "完了" and not x.milestone and x.start)
    r = row_of(ws, done.id)
    filled = [ws.cell(r, first + i).fill.fgColor.rgb[-6:] for i in range(72) if ws.cell(r, first + i).fill.fill_type]
    assert filled and set(filled) == {"375623"}
    ms = next(x for x in plan.tasks.values() if x.milestone)
    r = row_of(ws, ms.id)
    assert "◆" in [ws.cell(r, first + i).value for i in range(72)]


def test_schedule_in_progress_shows_done_part(tmp_path):
    plan = sample_plan()
    t = plan.tasks["t024"]
    t.start, t.end, t.progress = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31), 50
    path, _ = export(plan, tmp_path, timescale="month")
    ws = openpyxl.load_workbook(path)["工程表"]
    first = next(c.column for c in ws[5] if c.value == "令和7年度")
    r = row_of(ws, "t024")
    colors = [ws.cell(r, first + i).fill.fgColor.rgb[-6:] for i in range(12)]
    assert colors == ["1F4E79"] * 6 + ["5B9BD5"] * 6


def test_quarter_timescale_and_western_years(tmp_path):
    path, _ = export(sample_plan(), tmp_path, timescale="quarter", era="western")
    ws = openpyxl.load_workbook(path)["工程表"]
    heads = [c.value for c in ws[5] if isinstance(c.value, str) and c.value.endswith("年度")]
    assert heads == [f"{y}年度" for y in range(2022, 2028)]
    first = next(c.column for c in ws[5] if c.value == "2022年度")
    assert [ws.cell(6, first + i).value for i in range(4)] == ["1Q", "2Q", "3Q", "4Q"]
    r = row_of(ws, "t024")
    assert ws.cell(r, 5).number_format == "yyyy/m/d"
    assert sum(1 for i in range(24) if ws.cell(r, first + i).fill.fill_type) == 5  # R4 Q1 .. R5 Q1


def test_hostile_text_written_literally(tmp_path):
    plan = sample_plan()
    ids = list(plan.tasks)
    for tid, text in zip(ids, HOSTILE, strict=False):
        plan.tasks[tid].title = text
        plan.tasks[tid].comment = text
    plan.municipality.name = "=1+1町"
    plan.title = "@SUM(A1)"
    next(iter(plan.kpis.values())).name = '=HYPERLINK("http://example.invalid","x")'
    next(iter(plan.budget.values())).item = "=SUM(1,2)"
    path, _ = export(plan, tmp_path, progress="all")
    # no sheet XML holds user text as a formula: every <f> is one of our totals
    for f in formulas_in(path):
        assert OWN_FORMULA.match(f), f
    assert formulas_in(path)  # the totals are there
    wb = openpyxl.load_workbook(path)
    for name in ("工程表", "進捗入力"):
        ws = wb[name]
        col = 3 if name == "工程表" else 4
        for tid, text in zip(ids, HOSTILE, strict=False):
            cell = ws.cell(row_of(ws, tid), col)
            assert cell.value == text and cell.data_type == "s"
            assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t"))
    assert wb["団体概要"]["B4"].value == "=1+1町" and wb["団体概要"]["B4"].data_type == "s"
    # header/footer text: a user "&" would start a code there, so it is doubled
    plan.municipality.name = "A&B町"
    path2, _ = export(plan, tmp_path, "amp.xlsx")
    assert "A&&B町" in openpyxl.load_workbook(path2)["工程表"].oddHeader.left.text


def test_text_too_long_for_a_cell_is_warned_not_silently_cut(tmp_path):
    plan = sample_plan()
    t = plan.tasks["t024"]
    t.description = "あ" * 40_000
    t.comment = "い" * 33_000
    path, warnings = export(plan, tmp_path, progress="all")
    assert len(warnings) == 2 and all("32,767" in w for w in warnings)
    ws = openpyxl.load_workbook(path)["進捗入力"]
    cell = ws.cell(row_of(ws, "t024"), 12)
    assert len(cell.value) <= EXCEL_CELL_LIMIT and cell.value.endswith("（以下省略：全33,000文字）")


def test_kpi_sheet_has_a_native_chart_of_target_against_actual(sample_book):
    path, plan = sample_book
    with zipfile.ZipFile(path) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        # one per KPI, plus the 標準化 sheet's 運用経費 chart when the plan has costs
        assert len(charts) == (sum(1 for k in plan.kpis.values() if k.targets or k.actuals)
                               + (1 if plan.std_costs else 0))
        xml = zf.read(charts[0]).decode()
    assert "barChart" in xml and "<strRef><f>'KPI'!$F$5:$K$5</f>" in xml
    assert "目標" in xml and "実績" in xml
    ws = loaded(path)["KPI"]
    k = next(iter(sorted(plan.kpis.values(), key=lambda k: (k.order, k.id))))
    heads: dict[str, int] = {}
    for c in ws[5]:
        if c.value:
            heads.setdefault(c.value, c.column)
    assert ws.cell(6, 2).value == k.name
    assert ws.cell(6, heads["R5"]).value == k.targets[2023]  # first R5 column = targets
    assert ws["F4"].value == "目標"


def test_budget_totals_per_year_and_source(sample_book):
    path, plan = sample_book
    wb = loaded(path)
    ws = wb["予算・財源"]
    fund = summarize(plan)
    heads = [c.value for c in ws[4]]
    while heads and heads[-1] is None:  # the budget lines below are wider than the totals
        heads.pop()
    assert heads[1:-2] == ["国庫支出金", "都道府県支出金", "地方債", "その他", "一般財源"]
    assert heads[0] == "年度" and heads[-2] == "合計" and heads[-1] == "措置見込額（参考）"
    for i, row in enumerate(fund.rows):
        r = 5 + i
        for j, src in enumerate(heads[1:-2]):
            assert ws.cell(r, 2 + j).value == pytest.approx(row.by_source[src] / 1000)
        assert ws.cell(r, len(heads) - 1).value.startswith("=SUM(")
    total_row = 5 + len(fund.rows)
    assert ws.cell(total_row, 1).value == "合計"
    assert ws.cell(total_row, 2).value == f"=SUM(B5:B{total_row - 1})"


def test_standardization_and_online_sheets(sample_book):
    path, plan = sample_book
    wb = loaded(path)
    ws = wb["標準化"]
    assert [c.value for c in ws[4]][:8] == ["団体コード", "団体名", "業務", "状況", "事由", "移行予定", "稼働日",
                                           "ガバメントクラウド"]
    assert ws.cell(4, 9).value.startswith("運用経費 平成30年度") and ws.cell(4, 10).value.startswith("運用経費 R")
    names = [ws.cell(r, 3).value for r in range(5, 5 + len(plan.systems))]
    assert names == [s.name for s in sorted(plan.systems.values(), key=lambda s: (s.order, s.id))]
    assert {ws.cell(r, 1).value for r in range(5, 5 + len(plan.systems))} == {plan.municipality.code}
    kaigo = next(r for r in range(5, 5 + len(plan.systems)) if ws.cell(r, 3).value == "介護保険")
    assert ws.cell(kaigo, 4).value == "特定移行支援" and ws.cell(kaigo, 5).value.startswith("事業者のリソース")
    assert len(ws._charts) == (1 if plan.std_costs else 0)
    ws = wb["オンライン化"]
    procs = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert all(p.name in procs for p in plan.procedures.values())
    assert ws["B4"].value.startswith("=COUNTIF(")


def test_standardization_sheet_charts_the_bundled_samples_costs(tmp_path):
    """The bundled みどり町 has 運用経費 rows: its 標準化 sheet carries the native cost chart."""
    from dxplanner.paths import sample_plan_json as bundled_sample

    plan = read_json_file(bundled_sample())
    assert plan.std_costs
    out, _warnings = export(plan, tmp_path)
    assert len(openpyxl.load_workbook(out)["標準化"]._charts) == 1


def test_checks_sheet_lists_findings(sample_book):
    path, _plan = sample_book
    ws = loaded(path)["チェック結果"]
    texts = [ws.cell(r, 4).value for r in range(5, ws.max_row + 1)]
    assert any("遅延" in (t or "") for t in texts)


def test_metadata_survey_matches_the_plan(sample_book):
    path, plan = sample_book
    wb = loaded(path)
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(values_only=True)}
    text = "".join(meta[f"survey.{i + 1}"] for i in range(int(meta["survey_chunks"])))
    assert Survey.from_json(json.loads(text)) == survey_of(plan, TODAY)


def test_english_workbook(tmp_path):
    path, _ = export(sample_plan(), tmp_path, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:5] == ["Overview", "Overview (one row)", "Organisation", "Digital talent", "Schedule"]
    assert wb["Schedule"].oddFooter.center.text == "Page &P of &N"


def test_bad_options_and_unknown_department(tmp_path):
    with pytest.raises(DxError):
        export(sample_plan(), tmp_path, paper="B4")
    with pytest.raises(DxError) as err:
        export(sample_plan(), tmp_path, progress="存在しない課")
    assert "企画課" in err.value.message_ja
    assert not (tmp_path / "out.xlsx").exists()


def test_failed_export_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path, _ = export(sample_plan(), tmp_path)
    before = path.read_bytes()
    from dxplanner.exchange import xlsx_sheets

    def boom(ctx):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx_sheets, "findings", boom)
    with pytest.raises(OSError):
        export(sample_plan(), tmp_path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    with pytest.raises(FileError):
        export_xlsx(sample_plan(), tmp_path / "missing" / "x.xlsx")


def test_fresh_template_plan_exports(tmp_path, plan):
    """A new plan from the template (no budget, no actuals) still gives a complete workbook."""
    path, warnings = export(plan, tmp_path, progress="all")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[: len(SHEETS_JA)] == SHEETS_JA
    assert warnings == []


def test_cli_export(tmp_path, plan_file):
    from dxplanner import cli

    out = tmp_path / "cli.xlsx"
    before = plan_file.read_bytes()
    assert cli.main(["export", str(plan_file), "--xlsx", str(out), "--paper", "A4", "--progress-sheet", "all"]) == 0
    assert plan_file.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    assert "進捗入力" in wb.sheetnames and wb["工程表"].page_setup.paperSize == 9


def test_progress_sheet_part_names_wrap_and_are_never_cut(sample_book):
    path, plan = sample_book
    ws = loaded(path)["進捗入力"]
    from dxplanner.exchange.xlsx_common import approx_width

    width = ws.column_dimensions["C"].width
    longest = max(plan.areas.values(), key=lambda a: approx_width(a.name))
    assert approx_width(longest.name) * 1.1 + 2 > width  # a long part name does not fit one line
    for task in plan.tasks.values():
        if task.area_id == longest.id:
            r = row_of(ws, task.id)
            cell = ws.cell(row=r, column=3)
            assert cell.value == longest.name and cell.alignment.wrap_text
            assert ws.row_dimensions[r].height >= 2 * 13.5  # room for the second line
            break
    else:
        raise AssertionError("no task in the longest part")


def test_every_bar_status_survives_grey_printing():
    """Each status has a mark of its own (printed text) and a pattern of its own; its colour differs in grey
    from the other statuses' too, except where the mark alone tells (完了 and the done part of 進行中)."""
    from dxplanner.exchange.xlsx_schedule import BAR_COLORS, BAR_MARKS, BAR_PATTERNS

    statuses = ["未着手", "進行中", "完了", "保留", "中止", "遅延"]
    assert len({BAR_MARKS[s] for s in statuses}) == len(statuses)
    assert len({BAR_PATTERNS[s] for s in statuses}) == len(statuses)

    def grey(rgb: str) -> float:
        r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
        return 0.299 * r + 0.587 * g + 0.114 * b

    greys = sorted(grey(BAR_COLORS[s]) for s in statuses)
    assert all(b - a >= 8 for a, b in itertools.pairwise(greys)), greys
