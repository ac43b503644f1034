"""Unusual text survives file -> JSON -> xlsx -> import -> PDF with the same code points.

No normalisation of stored text (NFC would turn U+F9DC into U+9686; NFKC ｶﾀｶﾅ into カタカナ, ㈱
into (株), ① into 1). Lone surrogates, NUL and control characters are refused where text comes
in, with a message. A field longer than an Excel cell is warned about before export, never cut
silently, and the plan keeps the whole text.

PDF: every string comes back exactly from the PDF's text (pdftotext). Characters the bundled font
(BIZ UDPGothic) lacks (𠮷, emoji, Private Use Area 外字) print as 〓 and a variation sequence (IVS)
as its base character, with a warning naming the field, but the text layer carries the original
(marked content with /ActualText) — and the plan itself is never changed.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.errors import DxError, ValidationError
from dxplanner.exchange.json_format import dumps, loads, plan_to_dict, read_json_file
from dxplanner.exchange.pdf_report import PdfOptions, export_pdf
from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx
from dxplanner.exchange.xlsx_import import read_progress
from dxplanner.model import Task
from dxplanner.paths import sample_plan_json
from dxplanner.store.gateway import PlanFile

TODAY = datetime.date(2025, 10, 1)
SAMPLES = {
    "taka": "髙橋課長",
    "saki": "川﨑地区",
    "compat": "\uf9dc山町",  # CJK compatibility ideograph (NFC changes it)
    "yoshi": "𠮷野地区",  # outside the BMP
    "ivs": "葛\U000e0100城市",  # ideographic variation sequence
    "pua": "外字\ue000\uf8ff",  # Private Use Area
    "hankaku": "ｶﾀｶﾅ半角",
    "kabu": "㈱デジタル",
    "maru": "①②③",
    "emoji": "説明会😀👨‍👩‍👧",
    "combining": "e\u0301 か\u3099",
}
GETA_IN_PDF = ("yoshi", "pua", "emoji")  # printed as 〓 with a warning (the PDF's text is exact)
PROGRESS_SHEET = "進捗入力"
P_ID, P_TITLE, P_COMMENT = 1, 4, 12


def changed_by_normalisation(s: str) -> bool:
    return any(unicodedata.normalize(f, s) != s for f in ("NFC", "NFKC"))


def test_the_samples_are_the_awkward_ones():
    assert sum(changed_by_normalisation(s) for s in SAMPLES.values()) >= 5


@pytest.fixture(scope="module")
def odd_plan_file(tmp_path_factory):
    plan = read_json_file(sample_plan_json())
    area = sorted(plan.areas.values(), key=lambda a: a.order)[0].id
    tasks = [Task(id=f"odd-{key}", area_id=area, order=500 + i, title=text, description=text + "\n2行目\tタブ",
                  comment=text, department="企画課", start=datetime.date(2025, 4, 1),
                  end=datetime.date(2026, 3, 31), precision="year", status="進行中", progress=10)
             for i, (key, text) in enumerate(SAMPLES.items())]
    ops.PutEntities("tasks", tasks).apply(plan)
    ops.SetPlanFields({"title": "計画 " + SAMPLES["ivs"] + SAMPLES["compat"]}).apply(plan)
    path = tmp_path_factory.mktemp("text") / "町.dxplan"
    Document.create(path, plan).close()
    return path


def load(path: Path):
    with PlanFile.open(path, readonly=True) as pf:
        return pf.load()


def test_round_trip_file_json_xlsx_import_pdf(odd_plan_file, tmp_path):
    # 1. the file holds exactly what was typed
    plan = load(odd_plan_file)
    for key, text in SAMPLES.items():
        t = plan.tasks[f"odd-{key}"]
        assert (t.title, t.comment, t.description) == (text, text, text + "\n2行目\tタブ")
    assert plan.title == "計画 " + SAMPLES["ivs"] + SAMPLES["compat"]

    # 2. JSON: written as the characters themselves, read back identical
    text = dumps(plan)
    for s in SAMPLES.values():
        assert json.dumps(s, ensure_ascii=False) in text
    again = loads(text)
    assert plan_to_dict(again) == plan_to_dict(plan)

    # 3. xlsx: every cell with our text holds the same code points
    xlsx = tmp_path / "提出.xlsx"
    warnings = export_xlsx(again, xlsx, XlsxOptions(progress="all", today=TODAY))
    assert warnings == []
    wb = openpyxl.load_workbook(xlsx)
    ws = wb[PROGRESS_SHEET]
    rows = {ws.cell(r, P_ID).value: r for r in range(1, ws.max_row + 1)}
    for key, s in SAMPLES.items():
        r = rows[f"odd-{key}"]
        assert ws.cell(r, P_TITLE).value == s
        assert ws.cell(r, P_COMMENT).value == s
    everything = [c.value for sheet in wb.worksheets for row in sheet.iter_rows() for c in row
                  if isinstance(c.value, str)]
    for s in SAMPLES.values():
        assert any(s in v for v in everything if v), s

    # 4. a department types awkward text into the comments; importing brings it back exactly
    for key, s in SAMPLES.items():
        ws.cell(rows[f"odd-{key}"], P_COMMENT).value = "回答：" + s + "（確認）"
    edited = tmp_path / "回答.xlsx"
    wb.save(edited)
    with Document.open(odd_plan_file) as doc:
        result = read_progress(edited, doc.plan)
        assert result.errors == [], [e.message_en for e in result.errors]
        assert result.changed_rows == len(SAMPLES)
        doc.execute(result.op)
    plan = load(odd_plan_file)
    for key, s in SAMPLES.items():
        assert plan.tasks[f"odd-{key}"].comment == "回答：" + s + "（確認）"
        assert plan.tasks[f"odd-{key}"].title == s

    # 5. PDF: the text comes back exactly, every string (printed as 〓 or as the base character
    # where the font lacks a glyph, with a warning naming the field)
    pdf = tmp_path / "議会.pdf"
    result = export_pdf(plan, pdf, PdfOptions(today=TODAY))
    assert load(odd_plan_file).tasks["odd-yoshi"].title == SAMPLES["yoshi"]  # the plan is untouched
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    extracted = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout
    lines = extracted.splitlines()
    for key, s in SAMPLES.items():
        # the 工程表 row: the title exactly, then the 担当課
        assert any(line.startswith(s + " 企画課") for line in lines), (key, s)
    assert "計画 " + SAMPLES["ivs"] + SAMPLES["compat"] in extracted  # the plan's title, on every page
    assert "〓" not in extracted
    joined = "\n".join(result.warnings)
    for key in GETA_IN_PDF:
        assert f"「{SAMPLES[key]}」" in joined, (key, result.warnings)
    assert "U+E0100" in joined  # the IVS is named too


BAD_TEXT = {"nul": "a\x00b", "surrogate": "x\ud800y", "bell": "ベル\x07", "escape": "\x1b[31m", "c1": "\x85"}


@pytest.mark.parametrize("key", sorted(BAD_TEXT))
def test_broken_text_is_refused_at_every_door(plan, key, tmp_path):
    bad = BAD_TEXT[key]
    tid = sorted(plan.tasks)[0]
    before = plan_to_dict(plan)
    # typed into the program (every edit is an op)
    for field in ("title", "comment", "description"):
        with pytest.raises(ValidationError) as ei:
            ops.UpdateEntity("tasks", tid, {field: bad}).apply(plan)
        assert ei.value.message_ja != ei.value.message_en and "U+" in ei.value.message_en
    assert plan_to_dict(plan) == before
    # a JSON file
    data = plan_to_dict(plan)
    data["tasks"][0]["title"] = bad
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    with pytest.raises(DxError) as ei:
        read_json_file(p)
    assert ei.value.message_ja and ei.value.message_en


def test_broken_text_typed_into_the_workbook_is_a_row_error(odd_plan_file, tmp_path):
    plan = load(odd_plan_file)
    xlsx = tmp_path / "提出.xlsx"
    export_xlsx(plan, xlsx, XlsxOptions(progress="all", today=TODAY))
    wb = openpyxl.load_workbook(xlsx)
    ws = wb[PROGRESS_SHEET]
    rows = {ws.cell(r, P_ID).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["odd-taka"], P_COMMENT).value = "タブ\tは可、改行\nも可"
    ws.cell(rows["odd-saki"], P_COMMENT).value = "DEL\x7fは不可"  # C0 controls openpyxl refuses itself
    ws.cell(rows["odd-kabu"], P_COMMENT).value = "NEL\x85は不可"
    edited = tmp_path / "回答.xlsx"
    wb.save(edited)
    result = read_progress(edited, plan)
    assert sorted(e.task_id for e in result.errors) == ["odd-kabu", "odd-saki"]
    assert all(e.message_ja and e.message_en and "U+" in e.message_en for e in result.errors)
    assert result.changed_rows == 1


def test_lone_surrogate_in_a_workbook_is_a_clear_error(odd_plan_file, tmp_path):
    """openpyxl writes a lone surrogate as &#55296;, which no XML reader accepts back."""
    plan = load(odd_plan_file)
    xlsx = tmp_path / "提出.xlsx"
    export_xlsx(plan, xlsx, XlsxOptions(progress="all", today=TODAY))
    wb = openpyxl.load_workbook(xlsx)
    ws = wb[PROGRESS_SHEET]
    rows = {ws.cell(r, P_ID).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["odd-saki"], P_COMMENT).value = "x\ud800y"
    edited = tmp_path / "回答.xlsx"
    wb.save(edited)
    try:
        result = read_progress(edited, plan)
    except DxError as exc:
        assert exc.message_ja and exc.message_en
    else:
        assert [e.task_id for e in result.errors] == ["odd-saki"]


def test_text_longer_than_an_excel_cell_is_warned_about_not_cut(odd_plan_file, tmp_path):
    long = "長" * 32_000 + "𠮷" * 800  # 32,800 characters (more UTF-16 units still)
    with Document.open(odd_plan_file) as doc:
        doc.execute(ops.UpdateEntity("tasks", "odd-taka", {"description": long}))
        plan = doc.plan
    warnings = export_xlsx(plan, tmp_path / "長文.xlsx", XlsxOptions(today=TODAY))
    assert len(warnings) == 1 and "32,800" in warnings[0] and "32,767" in warnings[0]
    assert load(odd_plan_file).tasks["odd-taka"].description == long  # the plan keeps every character
