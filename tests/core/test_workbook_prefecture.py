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
