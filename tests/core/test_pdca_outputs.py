"""Issue #7 in the outputs: snapshots and yearly reviews in JSON, Excel (計画と実績, 評価) and PDF.

One plan is built once: a snapshot 「当初計画」, then one change of every kind (a task moved by
three months, a status, a progress, a task added, a task deleted, a KPI target), then the review
of 令和4年度 graded A–D in the town's own wording with comments (some of them hostile text).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from dxplanner import ops
from dxplanner.errors import ValidationError
from dxplanner.exchange.json_format import dumps, loads, plan_to_dict, read_json_file
from dxplanner.exchange.pdf_report import PdfOptions, count_pages, export_pdf
from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx
from dxplanner.history import compare_states, review_for, start_review, take_snapshot
from dxplanner.model import Plan
from dxplanner.paths import sample_plan_json
from tests.core.test_xlsx_export import OWN_FORMULA

TODAY = datetime.date(2025, 11, 26)
WORDING = {"A": "計画を上回った", "B": "計画どおり", "C": "計画より遅れた", "D": "判断できない"}
HOSTILE = "=HYPERLINK(\"http://example.invalid\",\"x\")"


@dataclasses.dataclass
class Story:
    plan: Plan
    moved: str
    status: str
    progress: str
    added: str
    removed: str
    removed_title: str
    kpi: str
    graded: dict[str, str]  # target id -> grade
    comments: dict[str, str]


def build_story(plan: Plan) -> Story:
    take_snapshot(plan, "当初計画", now=datetime.datetime(2021, 4, 1, 9, 0)).apply(plan)
    ts = [t for _, t in plan.ordered_tasks() if not t.milestone and t.parent_id is None]
    moved, status, progress, removed = ts[0], ts[1], ts[2], ts[6]
    ops.move_tasks(plan, [moved.id], months=3).apply(plan)
    ops.UpdateEntity("tasks", status.id, {"status": "完了", "progress": 100}).apply(plan)
    ops.UpdateEntity("tasks", progress.id, {"status": "進行中", "progress": 40}).apply(plan)
    ops.DeleteEntities("tasks", [removed.id]).apply(plan)
    add = ops.add_task(plan, moved.area_id, "新規：窓口予約のオンライン化", department="住民課",
                       start=datetime.date(2022, 10, 1), end=datetime.date(2023, 3, 31))
    add.apply(plan)
    kpi = next(k for k in plan.kpis.values())
    ops.UpdateEntity("kpis", kpi.id, {"targets": {**kpi.targets, 2024: 75.0}}).apply(plan)
    start_review(plan, 2022).apply(plan)
    review = review_for(plan, 2022)
    assert review is not None and len(review.items) >= 5
    graded: dict[str, str] = {}
    comments: dict[str, str] = {}
    items = []
    for i, item in enumerate(review.items):
        if i < 4:
            g = "ABCD"[i]
            graded[item.target_id] = g
            comments[item.target_id] = f"所見{i}：担当課と確認した"
            items.append(dataclasses.replace(item, grade=g, comment=comments[item.target_id],
                                             next_step=HOSTILE if i == 0 else f"次年度の取組{i}",
                                             actual="+1件" if i == 1 else ""))
        else:
            items.append(item)
    ops.PutEntities("reviews", [dataclasses.replace(
        review, items=items, grade_labels=dict(WORDING), summary="=SUM(A1:A2) 総括の文章",
        reviewed_on=datetime.date(2023, 5, 30))]).apply(plan)
    return Story(plan, moved.id, status.id, progress.id, add.entities[0].id, removed.id, removed.title, kpi.id,
                 graded, comments)


@pytest.fixture
def story(plan: Plan) -> Story:
    return build_story(plan)


def sheet_formulas(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        xml = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    return [f for x in xml for f in re.findall(r"<f>(.*?)</f>", x, flags=re.S)]


def pdftotext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")  # e.g. Windows; Linux gets it from install.sh
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def outline_titles(pdf: Path) -> list[str]:
    return [o.title for o in PdfReader(str(pdf)).outline if not isinstance(o, list)]


# --- the comparison itself (the core this builds on) ---------------------------------------------


def test_every_kind_of_change_detected_exactly(story):
    comp = compare_states(story.plan, "当初計画", None)
    assert {c.id: c.kind for c in comp.tasks} == {
        story.moved: "changed", story.status: "changed", story.progress: "changed",
        story.added: "added", story.removed: "removed"}
    moved = next(c for c in comp.tasks if c.id == story.moved)
    assert moved.moved_start_months == 3 and moved.moved_end_months == 3
    assert [k.id for k in comp.kpis] == [story.kpi] and 2024 in comp.kpis[0].targets_changed


# --- JSON ------------------------------------------------------------------------------------------


def test_json_dump_holds_snapshots_and_reviews_and_loads_back_equal(story):
    text = dumps(story.plan)
    assert "当初計画" in text and WORDING["A"] in text and all(c in text for c in story.comments.values())
    back = loads(text)
    assert plan_to_dict(back) == plan_to_dict(story.plan)
    assert [s.name for s in back.snapshots.values()] == ["当初計画"]
    review = review_for(back, 2022)
    assert review is not None and review.grade_labels == WORDING
    assert {i.target_id: i.grade for i in review.items if i.grade} == story.graded


# --- Excel -----------------------------------------------------------------------------------------


@pytest.fixture
def book(story, tmp_path) -> tuple[Path, openpyxl.Workbook]:
    out = tmp_path / "pdca.xlsx"
    assert export_xlsx(story.plan, out, XlsxOptions(today=TODAY)) == []
    return out, openpyxl.load_workbook(out)


def change_rows(ws) -> dict[str, list]:
    """Rows of the task table by hidden id (column A), kind in column B."""
    out = {}
    for row in ws.iter_rows(values_only=True):
        if row[0] and row[1] in ("追加", "削除", "変更") and len(row) >= 13:
            out.setdefault(row[0], list(row))
    return out


def test_xlsx_compare_sheet_lists_exactly_the_changes(story, book):
    _path, wb = book
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible[-2:] == ["計画と実績", "評価 令和4年度"]
    ws = wb["計画と実績"]
    assert ws.column_dimensions["A"].hidden
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    assert "「当初計画」（令和3年4月1日 09:00 保存）" in text and "現在の計画（基準日 令和7年11月26日）" in text
    rows = change_rows(ws)
    kpi_rows = {k: v for k, v in rows.items() if k in story.plan.kpis}
    task_rows = {k: v for k, v in rows.items() if k not in story.plan.kpis}
    assert set(task_rows) == {story.moved, story.status, story.progress, story.added, story.removed}
    snap = next(iter(story.plan.snapshots.values())).data
    old = {t["id"]: t for t in snap["tasks"]}
    m = task_rows[story.moved]
    # B kind, C title, D 担当課, E/F snapshot dates, G/H dates now, I/J shift, K status, L progress, M days late
    assert m[1] == "変更" and m[8] == 3 and m[9] == 3
    assert m[4].date().isoformat() == old[story.moved]["start"]
    assert m[6].date() == story.plan.tasks[story.moved].start
    assert task_rows[story.status][10] == "未着手 → 完了"
    assert task_rows[story.progress][11] == "0% → 40%" and task_rows[story.progress][10] == "未着手 → 進行中"
    assert task_rows[story.added][1] == "追加" and task_rows[story.added][2] == "新規：窓口予約のオンライン化"
    assert task_rows[story.added][4] is None and task_rows[story.added][3] == "住民課"
    assert task_rows[story.removed][1] == "削除" and task_rows[story.removed][2] == story.removed_title
    assert task_rows[story.removed][6] is None
    # late now: the moved task's end is long past and it is not done
    t = story.plan.tasks[story.moved]
    assert m[12] == (TODAY - t.end).days
    assert task_rows[story.status][12] is None  # done: never late
    assert set(kpi_rows) == {story.kpi}
    kpi = kpi_rows[story.kpi]
    assert kpi[3] == "令和6年度" and kpi[5] == 75.0
    # the counts
    counts = {row[1]: row[3] for row in ws.iter_rows(values_only=True) if row[1] and isinstance(row[3], int)}
    assert counts["追加された取組"] == counts["削除された取組"] == counts["日程が変わった取組"] == 1
    assert counts["状況が変わった取組"] == 2 and counts["進捗が更新された取組"] == 2
    assert counts["目標・実績が変わったKPI"] == 1


def test_xlsx_review_sheet_grades_in_the_towns_wording(story, book):
    path, wb = book
    ws = wb["評価 令和4年度"]
    rows = list(ws.iter_rows(values_only=True))
    flat = [v for row in rows for v in row if v is not None]
    assert "年度末の振り返り　令和4年度" in flat and "=SUM(A1:A2) 総括の文章" in flat
    legend = {row[1]: row[3] for row in rows if row[1] in ("A", "B", "C", "D") and row[0] is None}
    assert legend == WORDING
    items = {row[0]: row for row in rows if row[0] and row[0] in {i.target_id for i in review_for(story.plan,
                                                                                                     2022).items}}
    review = review_for(story.plan, 2022)
    assert review is not None and len(items) == len(review.items)
    for tid, g in story.graded.items():
        row = items[tid]
        assert row[7] == g and row[8] == WORDING[g] and row[9] == story.comments[tid]
    assert HOSTILE in flat
    # every formula is one of ours: the grade counts are COUNTIF over the grade column
    formulas = sheet_formulas(path)
    assert formulas and all(OWN_FORMULA.match(f) for f in formulas), formulas
    assert sum(1 for f in formulas if f.startswith("COUNTIF(H")) == 5
    # the hostile texts are string cells that Excel would not re-read as formulas
    cell = next(c for row in ws.iter_rows() for c in row if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix


def test_xlsx_same_print_setup_and_metadata(book):
    _path, wb = book
    for name in ("計画と実績", "評価 令和4年度"):
        ws = wb[name]
        assert ws.page_setup.paperSize == 8 and ws.page_setup.orientation == "landscape"
        assert ws.oddHeader.right.text == "基準日 令和7年11月26日" and ws.oddFooter.center.text == "&P / &N ページ"
        assert ws.print_title_rows
    meta = {r[0]: r[1] for r in wb["_dxplanner"].iter_rows(values_only=True)}
    assert '"name": "当初計画"' in meta["compared_snapshot"] and meta["reviews"] == "2022"
    assert "計画と実績" in [c.value for c in wb["団体概要"]["A"]]  # listed among the sheets


def test_xlsx_schedule_shows_days_late(story, book):
    _, wb = book
    ws = wb["工程表"]
    t = story.plan.tasks[story.moved]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == story.moved)
    assert row[6] == f"{t.status}（遅延 {(TODAY - t.end).days:,}日）"


def test_compare_from_names_a_snapshot_and_an_unknown_name_is_refused(story, tmp_path):
    plan = story.plan
    take_snapshot(plan, "令和5年度末", now=datetime.datetime(2024, 3, 31, 17, 0)).apply(plan)
    out = tmp_path / "a.xlsx"
    export_xlsx(plan, out, XlsxOptions(today=TODAY))  # the newest: nothing changed since
    ws = openpyxl.load_workbook(out)["計画と実績"]
    assert change_rows(ws) == {} and any(
        v == "比較元から変わった取組はありません。" for row in ws.iter_rows(values_only=True) for v in row)
    export_xlsx(plan, out, XlsxOptions(today=TODAY, compare_from="当初計画"))
    assert story.moved in change_rows(openpyxl.load_workbook(out)["計画と実績"])
    with pytest.raises(ValidationError) as err:
        export_xlsx(plan, tmp_path / "b.xlsx", XlsxOptions(compare_from="ない名前"))
    assert "ない名前" in err.value.message_ja and not (tmp_path / "b.xlsx").exists()
    with pytest.raises(ValidationError):
        export_pdf(plan, tmp_path / "b.pdf", PdfOptions(compare_from="ない名前"))
    assert not (tmp_path / "b.pdf").exists()


def test_cli_compare_from(story, tmp_path, capsys):
    from dxplanner.cli import main
    from dxplanner.store.gateway import write_new

    path = tmp_path / "町.dxplan"
    write_new(path, story.plan)
    out = tmp_path / "x.xlsx"
    assert main(["export", str(path), "--xlsx", str(out), "--compare-from", "当初計画"]) == 0
    assert "計画と実績" in openpyxl.load_workbook(out).sheetnames
    assert main(["export", str(path), "--pdf", str(tmp_path / "x.pdf"), "--compare-from", "ない"]) != 0
    assert "ない" in capsys.readouterr().err


# --- PDF -------------------------------------------------------------------------------------------


def test_pdf_sections_titles_grades_and_comments(story, tmp_path):
    out = tmp_path / "pdca.pdf"
    opts = PdfOptions(today=TODAY)
    result = export_pdf(story.plan, out, opts)
    assert result.pages == count_pages(story.plan, opts) == len(PdfReader(str(out)).pages)
    text = pdftotext(out)
    flat = re.sub(r"\s+", "", text)
    for title in ("計画と実績", "年度末の振り返り（令和4年度）", "比較元：「当初計画」"):
        assert title in text, title
    for tid in (story.moved, story.status, story.progress):
        assert re.sub(r"\s+", "", story.plan.tasks[tid].title) in flat
    assert "新規：窓口予約のオンライン化" in flat and re.sub(r"\s+", "", story.removed_title) in flat
    for word in ("追加", "削除", "変更", "未着手→完了", "0%→40%", "+3"):
        assert word in flat, word
    for g, wording in WORDING.items():
        assert re.search(rf"{g}\s*{wording}", text), g
    for comment in story.comments.values():
        assert re.sub(r"\s+", "", comment) in flat
    assert "総括の文章" in text
    # the contents on the cover and the bookmarks name both sections
    cover = pdftotext_page(out, 1)
    assert "計画と実績" in cover and "年度末の振り返り（令和4年度）" in cover
    assert {"計画と実績", "年度末の振り返り（令和4年度）"} <= set(outline_titles(out))
    # 遅延 with the days late in the 工程表 too
    t = story.plan.tasks[story.moved]
    assert f"遅延{(TODAY - t.end).days:,}日" in flat


def pdftotext_page(pdf: Path, page: int) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_pdf_two_reviews_two_sections_in_the_contents(story, tmp_path):
    plan = story.plan
    start_review(plan, 2023).apply(plan)
    out = tmp_path / "two.pdf"
    opts = PdfOptions(paper="A4", today=TODAY, lang="en")
    assert export_pdf(plan, out, opts).pages == count_pages(plan, opts)
    titles = outline_titles(out)
    assert "Yearly review (FY2022 (Reiwa 4))" in titles and "Yearly review (FY2023 (Reiwa 5))" in titles
    text = pdftotext(out)
    assert "Plan and actual" in text and "Not graded yet" in text


def test_english_default_wording(plan, tmp_path):
    start_review(plan, 2022).apply(plan)
    review = review_for(plan, 2022)
    assert review is not None
    items = [dataclasses.replace(review.items[0], grade="B")]
    ops.PutEntities("reviews", [dataclasses.replace(review, items=items)]).apply(plan)
    out = tmp_path / "en.xlsx"
    export_xlsx(plan, out, XlsxOptions(lang="en", today=TODAY))
    wb = openpyxl.load_workbook(out)
    flat = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert "On target" in flat and "目標どおり" not in flat


# --- without history: neither sheet nor section ----------------------------------------------------


def test_plan_without_snapshots_or_reviews_has_neither(plan, tmp_path):
    out = tmp_path / "plain.xlsx"
    export_xlsx(plan, out, XlsxOptions(today=TODAY))
    names = openpyxl.load_workbook(out).sheetnames
    assert "計画と実績" not in names and not any(n.startswith("評価") for n in names)
    pdf = tmp_path / "plain.pdf"
    export_pdf(plan, pdf, PdfOptions(today=TODAY))
    text = pdftotext(pdf)
    assert "計画と実績" not in text and "年度末の振り返り" not in text
    assert not {"計画と実績"} & set(outline_titles(pdf))


# --- the sample tells the story ----------------------------------------------------------------------


def test_sample_plan_tells_a_pdca_story(tmp_path):
    sample = read_json_file(sample_plan_json())
    assert sample.edition == "r8" and (sample.from_fy, sample.to_fy) == (2025, 2029)
    assert [s.name for s in sample.snapshots.values()] == ["当初計画"]
    review = review_for(sample, 2025)  # 令和7年度
    assert review is not None and {i.grade for i in review.items} == {"A", "B", "C", "D"}
    out = tmp_path / "s.xlsx"
    export_xlsx(sample, out, XlsxOptions(today=datetime.date(2026, 12, 1)))
    rows = change_rows(openpyxl.load_workbook(out)["計画と実績"])
    kakanai = next(t.id for t in sample.tasks.values() if t.template_id == "r8-front-kakanai")
    assert rows[kakanai][8] == 6 and rows[kakanai][9] == 6  # 書かない窓口: half a year later
    assert rows["t090"][1] == "追加"
    # the town's own KPIs, each with a 令和6年度 baseline (平成30年度 for the running cost) and targets
    for k in sample.kpis.values():
        assert k.baseline_fy in (2018, 2024) and k.targets, k.name
    # as of the story's day, one task is late on purpose (it is the review's C) and nothing else is wrong
    from dxplanner import checks

    findings = checks.check(sample, datetime.date(2026, 12, 1))
    assert [f.code for f in findings if f.severity != "info"] == ["overdue"]


def test_review_of_a_task_deleted_since_names_it_and_long_comments_warn(story, tmp_path):
    plan = story.plan
    graded_task = next(tid for tid in story.graded if tid in plan.tasks)
    title = plan.tasks[graded_task].title
    ops.DeleteEntities("tasks", [graded_task]).apply(plan)
    review = review_for(plan, 2022)
    assert review is not None
    long = "長" * 33_000
    items = [dataclasses.replace(review.items[-1], comment=long), *review.items[:-1]]
    ops.PutEntities("reviews", [dataclasses.replace(review, items=items)]).apply(plan)
    out = tmp_path / "gone.xlsx"
    warnings = export_xlsx(plan, out, XlsxOptions(today=TODAY))
    assert len(warnings) == 1 and "comment" in warnings[0]
    flat = [v for row in openpyxl.load_workbook(out)["評価 令和4年度"].iter_rows(values_only=True) for v in row if v]
    assert f"{title}（その後削除）" in flat
    assert any(isinstance(v, str) and v.startswith("長長") and v.endswith("文字）") for v in flat)
    pdf = tmp_path / "gone.pdf"
    export_pdf(plan, pdf, PdfOptions(today=TODAY))
    text = pdftotext(pdf)
    assert re.sub(r"\s+", "", f"{title}（その後削除）") in re.sub(r"\s+", "", text)
    # a comment too long for a table row is printed in full after the table, never cut at the page edge
    assert "（全文は表の後：*1）" in text and "長い記述（全文）" in text
    assert re.sub(r"\s+", "", text).count("長") >= 33_000
