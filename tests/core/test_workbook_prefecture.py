"""A workbook a prefecture can use: values behind every formula, one row per town, no 「50.」, charts whole."""

from __future__ import annotations

import re
import zipfile

import openpyxl

from dxplanner.exchange.aggregate import aggregate
from dxplanner.exchange.xlsx_sheets import CHART_ROW_PT, CHART_ROWS
from tests.core.test_xlsx_export import export, sample_plan


def _formula_cells(path):
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = zf.read(name).decode("utf-8")
                yield from re.findall(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f>(<v>[^<]*</v>|<v\s*/>|<v></v>)', xml)


def test_every_formula_has_its_value_cached(tmp_path):
    xlsx, _ = export(sample_plan(), tmp_path, "m.xlsx", progress="all")
    roll = tmp_path / "r.xlsx"
    aggregate([xlsx], roll)
    for path in (xlsx, roll):
        cells = list(_formula_cells(path))
        assert cells, path
        for ref, attrs, formula, value in cells:
            # a value; an empty one only as a text result (a reference to a blank answer cell)
            assert value.startswith("<v>") and (value != "<v></v>" or 't="str"' in attrs), (path.name, ref, formula)
    # what a script or a preview sees without recalculating: the totals, equal to the sums of the cells
    wb = openpyxl.load_workbook(xlsx, data_only=True)
    ws = wb["予算・財源"]
    row = [c.value for c in ws[5]]
    assert row[6] == sum(v for v in row[1:6] if isinstance(v, int | float))


def test_overview_as_one_row_follows_the_overview(tmp_path):
    xlsx, _ = export(sample_plan(), tmp_path, "m.xlsx")
    wb = openpyxl.load_workbook(xlsx, data_only=True)
    one, ov = wb["団体概要（一行）"], wb["団体概要"]
    heads = [c.value for c in one[4]]
    values = [c.value for c in one[5]]
    assert one.auto_filter.ref and not one.merged_cells.ranges
    labels = {ov.cell(r, 1).value: ov.cell(r, 2).value for r in range(1, ov.max_row + 1)}
    for h, v in zip(heads, values, strict=True):
        if h in labels and h not in ("団体名", "団体コード", "都道府県"):
            assert v == labels[h] or (v in ("", None) and labels[h] is None), h
    for item in ("回答者 所属", "回答者 氏名", "回答者 電話", "回答者 メール", "DX推進専任部署（有／無）"):
        assert item in heads
    # one item per cell: no 「22 / 27」 combined values
    assert not any(isinstance(v, str) and re.fullmatch(r"\d+ / \d+", v) for v in values)


def test_kpi_numbers_never_show_a_trailing_point_and_charts_stay_whole(tmp_path):
    plan = sample_plan()
    for paper in ("A3", "A4"):
        xlsx, _ = export(plan, tmp_path, f"k{paper}.xlsx", paper=paper)
        ws = openpyxl.load_workbook(xlsx)["KPI"]
        for row in ws.iter_rows(min_row=6, max_row=5 + len(plan.kpis)):
            for c in row:
                if isinstance(c.value, int | float) and float(c.value).is_integer():
                    assert "." not in c.number_format, (c.coordinate, c.number_format)  # 「50.」
                elif isinstance(c.value, float):
                    assert c.number_format == "#,##0.0##"
        anchors = sorted({ch.anchor._from.row + 1 for ch in ws._charts})
        breaks = [b.id for b in ws.row_breaks.brk]
        assert breaks and breaks[0] < anchors[0]
        for b in breaks:  # a break never falls inside a band of charts
            assert not any(a <= b < a + CHART_ROWS - 1 for a in anchors), (paper, b)
        first = anchors[0]
        per_page = len([a for a in anchors if a < (breaks[1] if len(breaks) > 1 else 10**6)])
        assert per_page * CHART_ROWS * CHART_ROW_PT <= (841.89 if paper == "A3" else 595.28) - 97.2 - 40
        assert all(ws.row_dimensions[r].height == CHART_ROW_PT for r in range(first, first + CHART_ROWS))


def test_data_tables_have_a_filter_and_no_merged_heading(tmp_path):
    xlsx, _ = export(sample_plan(), tmp_path, "m.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    for name in ("工程表", "KPI", "オンライン化", "チェック結果", "団体概要（一行）"):
        ws = wb[name]
        assert ws.auto_filter.ref, name
        assert not ws.merged_cells.ranges, name


def test_every_sheet_with_a_comparison_and_a_review_unmerged_filtered_and_cached(tmp_path):
    """The sample exported as a user does (`export --compare-from`, the plan holding a yearly review, the
    進捗入力 sheet), then rolled up: no table of any sheet has a merged cell, each main table has one
    header row under an autofilter, every formula carries its value, no number format can show 「50.」."""
    from dxplanner.cli import main
    from dxplanner.store.gateway import write_new

    plan = sample_plan()
    snap = next(iter(plan.snapshots.values()))
    review = next(iter(plan.reviews.values()))
    path = tmp_path / "町.dxplan"
    write_new(path, plan)
    xlsx = tmp_path / "m.xlsx"
    assert main(["export", str(path), "--xlsx", str(xlsx), "--compare-from", snap.name, "--progress-sheet", "all",
                 "--as-of", "2025-11-26"]) == 0
    roll = tmp_path / "r.xlsx"
    aggregate([xlsx], roll)
    filtered = {xlsx: {"団体概要（一行）", "工程表", "KPI", "オンライン化", "チェック結果", "計画と実績", "評価 令和6年度",
                       "進捗入力"},
                roll: {"集計", "取組別", "KPI", "標準化", "特定移行支援"}}
    # the only merged cells: the two free-text paragraphs above the tables (snapshot note, review summary)
    paragraphs = {snap.note, review.summary}
    for book, must_filter in filtered.items():
        for ref, attrs, formula, value in _formula_cells(book):
            assert value.startswith("<v>") and (value != "<v></v>" or 't="str"' in attrs), (book.name, ref, formula)
        wb = openpyxl.load_workbook(book)
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        assert must_filter <= {ws.title for ws in visible}
        for ws in visible:
            where = f"{book.name}/{ws.title}"
            titles = ws.print_title_rows
            first_title = int(titles.split(":")[0].lstrip("$")) if titles else None
            for m in ws.merged_cells.ranges:
                assert m.min_row == m.max_row and ws.cell(m.min_row, m.min_col).value in paragraphs, (where, m)
                assert first_title is not None and m.max_row < first_title, (where, m)  # above every table
            if ws.title in must_filter:
                assert ws.auto_filter.ref, where
                c1, r1, c2, r2 = openpyxl.utils.cell.range_boundaries(ws.auto_filter.ref)
                assert r2 > r1, where
                heads = [ws.cell(r1, c).value for c in range(c1, c2 + 1)]
                assert all(isinstance(h, str) and h for h in heads), (where, heads)  # one row names every column
                assert titles and r1 == int(titles.split(":")[1].lstrip("$")), where  # and repeats on each page
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1, where
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, int | float) and not isinstance(c.value, bool):
                        assert ".#" not in c.number_format, (where, c.coordinate, c.number_format)  # 「50.」
    wb = openpyxl.load_workbook(xlsx, data_only=True)
    ws = wb["評価 令和6年度"]
    counts = {row[1]: row[4] for row in ws.iter_rows(values_only=True) if row[1] in ("A", "B", "C", "D", "—")}
    grades = [i.grade for i in review.items]
    assert counts == {g or "—": grades.count(g) for g in ("A", "B", "C", "D", "")}
