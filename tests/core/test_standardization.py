"""標準化 after the deadline: the check rules, 運用経費 against the 平成30年度 baseline and the 3割
target, the 標準化 sheet, the PDF page and the prefecture's roll-up across towns."""

from __future__ import annotations

import datetime
import json
import zipfile

import openpyxl
import pytest

from dxplanner import checks, ops
from dxplanner import standardization as stdz
from dxplanner.exchange.aggregate import aggregate
from dxplanner.exchange.json_format import dumps, loads, plan_to_dict
from dxplanner.model import Plan, SystemCost, Task
from dxplanner.store.gateway import write_new
from dxplanner.template import new_plan
from dxplanner.validate import code_check_digit

TODAY = datetime.date(2026, 12, 4)
D = datetime.date


def all_migrated(plan: Plan) -> None:
    for s in plan.systems.values():
        ops.UpdateEntity("systems", s.id, {"status": "移行済", "planned_date": D(2026, 1, 5),
                                           "actual_date": D(2026, 1, 5)}).apply(plan)


def std_findings(plan: Plan) -> set[tuple[str, str]]:
    return {(f.code, f.id) for f in checks.check(plan, TODAY) if f.kind == "systems"}


def test_four_situations_give_exactly_four_findings(plan):
    all_migrated(plan)
    done = Task(id="t-done", area_id="std", title="介護保険システムの移行", status="完了", progress=100,
                start=D(2025, 4, 1), end=D(2026, 3, 31), department="総務課")
    ops.PutEntities("tasks", [done]).apply(plan)
    # a linked task that is 完了 for a system that is 移行済: nothing to say
    ops.UpdateEntity("systems", "juki", {"task_ids": ["t-done"]}).apply(plan)
    # 1. 特定移行支援 without its own deadline
    ops.UpdateEntity("systems", "kokuho", {"status": "特定移行支援", "tokutei_reason": 1, "actual_date": None,
                                           "planned_date": D(2028, 1, 4)}).apply(plan)
    # 2. past its planned 稼働日 and not 移行済 (遅延)
    ops.UpdateEntity("systems", "koseki", {"status": "移行中", "actual_date": None,
                                           "planned_date": D(2026, 1, 5)}).apply(plan)
    # 3. the task that carries it is 完了, the system is not 移行済
    ops.UpdateEntity("systems", "kaigo", {"status": "特定移行支援", "tokutei_reason_text": "事業者の撤退",
                                          "tokutei_deadline": D(2031, 3, 31), "planned_date": D(2029, 1, 4),
                                          "actual_date": None, "task_ids": ["t-done"]}).apply(plan)
    # 4. the contract ends before the next planned migration
    ops.UpdateEntity("systems", "seiho", {"status": "特定移行支援", "tokutei_reason": 3,
                                          "tokutei_deadline": D(2031, 3, 31), "planned_date": D(2028, 4, 1),
                                          "actual_date": None, "contract_start": D(2021, 4, 1),
                                          "contract_end": D(2027, 12, 31)}).apply(plan)
    assert std_findings(plan) == {("tokutei_no_deadline", "kokuho"), ("std_overdue", "koseki"),
                                  ("std_task_done", "kaigo"), ("std_contract_gap", "seiho")}
    by_code = {f.code: f for f in checks.check(plan, TODAY) if f.kind == "systems"}
    assert by_code["std_overdue"].message("ja") == (
        "戸籍は遅延しています：稼働予定日 令和8年1月5日 を過ぎても移行済になっていません")
    assert "“介護保険システムの移行” is 完了" in by_code["std_task_done"].message("en")
    assert by_code["std_contract_gap"].message("ja") == (
        "生活保護：契約が 令和9年12月31日 に終わり、移行予定 令和10年4月1日 より前です")
    # and the other way round: a deadline that has passed, a contract about to end
    ops.UpdateEntity("systems", "kokuho", {"tokutei_deadline": D(2026, 11, 30)}).apply(plan)
    ops.UpdateEntity("systems", "juki", {"contract_end": D(2027, 3, 31)}).apply(plan)
    found = std_findings(plan)
    assert ("tokutei_past_deadline", "kokuho") in found and ("std_contract_ending", "juki") in found
    assert ("tokutei_no_deadline", "kokuho") not in found


def test_all_migrated_and_out_of_scope_need_nothing(plan):
    all_migrated(plan)
    ops.UpdateEntity("systems", "seiho", {"status": "対象外", "planned_date": None, "actual_date": None}).apply(plan)
    assert std_findings(plan) == set()
    assert stdz.progress(plan) == (len(plan.systems) - 1, len(plan.systems) - 1)
    counts = stdz.status_counts(plan)
    assert counts["移行済"] == len(plan.systems) - 1 and counts["対象外"] == 1 and counts["未移行"] == 0


def worked_costs(plan: Plan) -> None:
    """The worked example written out in the test below (円)."""
    ops.PutEntities("std_costs", [
        SystemCost(id="c1", name="住民記録系", system_ids=["juki", "inkan"], baseline=10_000_000,
                   actual={2025: 12_000_000}, planned={2026: 9_000_000, 2027: 6_500_000}),
        SystemCost(id="c2", system_ids=["kotei"], baseline=5_000_000,
                   actual={2025: 5_500_000, 2026: 4_000_000}, planned={2027: 4_000_000}, order=1),
        SystemCost(id="m1", name="移行", kind="移行経費", actual={2025: 30_000_000}, fund_covered=True, order=2),
        SystemCost(id="m2", name="移行（町単独）", kind="移行経費", planned={2026: 2_000_000}, order=3),
    ]).apply(plan)


def test_cost_reduction_and_the_3wari_target_worked_example(plan):
    # baseline 平成30年度 = 10,000,000 + 5,000,000 = 15,000,000 円; the 3割削減 line = 15,000,000 × 0.7
    # 令和7年度: 12,000,000 + 5,500,000 = 17,500,000 (both actual)  -> 1 − 17.5/15 = −16.7 % (an increase)
    # 令和8年度:  9,000,000 (plan) + 4,000,000 (actual) = 13,000,000 -> 1 − 13/15 = 13.3 %
    # 令和9年度:  6,500,000 + 4,000,000 = 10,500,000 (plan)         -> 30.0 %, exactly the target
    # 移行経費 (one-off, not 運用経費): 令和7年度 30,000,000 (基金), 令和8年度 2,000,000 (not covered)
    worked_costs(plan)
    s = stdz.summarize_costs(plan, [2025, 2026, 2027])
    assert s.baseline == 15_000_000 and s.target == 10_500_000
    y25, y26, y27 = s.years
    assert (y25.total, y25.actual, y25.planned, y25.all_actual) == (17_500_000, 17_500_000, None, True)
    assert y25.reduction == pytest.approx(1 - 17.5 / 15)
    assert (y26.total, y26.actual, y26.planned, y26.all_actual) == (13_000_000, 4_000_000, 9_000_000, False)
    assert y26.reduction == pytest.approx(2 / 15)
    assert y27.total == 10_500_000 and y27.reduction == pytest.approx(0.3) and y27.total <= s.target
    assert s.one_off == {2025: 30_000_000, 2026: 2_000_000} and s.one_off_fund == {2025: 30_000_000}
    # one row per system: the group's cost sits with its first 業務, the others point to it
    per = stdz.system_costs(plan, 2026)
    assert per["juki"] == (10_000_000, 9_000_000, "＋印鑑登録")
    assert per["inkan"] == (None, None, "→住民基本台帳")
    assert per["kotei"] == (5_000_000, 4_000_000, "")
    assert "kokuho" not in per
    # the 基金 never pays 運用経費
    with pytest.raises(Exception, match="運用経費"):
        ops.UpdateEntity("std_costs", "c1", {"fund_covered": True}).apply(plan)


def test_format_1_json_loads_into_the_new_fields(plan):
    data = json.loads(dumps(plan))
    data["format_version"] = 1
    data.pop("std_costs")
    for s in data["systems"]:
        for k in ("status", "actual_date", "tokutei_reason_text", "cloud", "cloud_partner", "contract_start",
                  "contract_end", "task_ids"):
            s.pop(k)
        s.update(applicable=True, tokutei=False, steps={})
    juki = data["systems"][0]
    juki.update(tokutei=True, tokutei_reason=2, tokutei_deadline="2030-03-31", steps={"24": "完了済み"})
    data["systems"][1].update(applicable=False)
    got = loads(json.dumps(data))
    s0 = got.systems[juki["id"]]
    assert (s0.status, s0.tokutei_reason, s0.tokutei_deadline) == ("特定移行支援", 2, D(2030, 3, 31))
    assert s0.phases == {"ステップ24": "完了済み"}
    assert got.systems[data["systems"][1]["id"]].status == "対象外"
    assert plan_to_dict(got)["format_version"] == 2


def code(first5: str) -> str:
    return first5 + str(code_check_digit(first5))


def test_roll_up_of_three_towns_sums_per_business(tmp_path):
    paths = []
    for i, (name, first5, juki_status) in enumerate((("あおば村", "01201", "移行済"), ("そら町", "01202", "特定移行支援"),
                                                     ("うみ町", "01203", "移行済"))):
        p = new_plan(name, code(first5), now=datetime.datetime(2021, 4, 1, 9, 0))
        ops.UpdateEntity("systems", "juki", {"status": juki_status, "tokutei_reason": 4 if i == 1 else None,
                                             "tokutei_deadline": D(2031, 3, 31) if i == 1 else None}).apply(p)
        ops.PutEntities("std_costs", [SystemCost(id="c", system_ids=["juki"], baseline=1_000_000 * (i + 1),
                                                 actual={2026: 900_000 * (i + 1)})]).apply(p)
        path = tmp_path / f"t{i}.dxplan"
        write_new(path, p)
        paths.append(path)
    out = tmp_path / "rollup.xlsx"
    aggregate(paths, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["標準化"]
    heads = [c.value for c in ws[4]]
    assert heads[:6] == ["業務", "未移行", "移行中", "移行済", "特定移行支援", "対象外"]
    rows = {ws.cell(r, 1).value: [c.value for c in ws[r]] for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value}
    juki = dict(zip(heads, rows["住民基本台帳"], strict=False))
    assert (juki["移行済"], juki["特定移行支援"], juki["未移行"]) == (2, 1, 0)
    assert juki["運用経費 平成30年度（千円）"] == pytest.approx(6_000)  # 1,000 + 2,000 + 3,000 千円
    assert juki["運用経費 基準日の年度（千円）"] == pytest.approx(5_400)  # 900 + 1,800 + 2,700 千円
    assert juki["削減率"] == pytest.approx(0.1)
    kokuho = dict(zip(heads, rows["国民健康保険"], strict=False))
    assert kokuho["未移行"] == 3 and kokuho["運用経費 平成30年度（千円）"] is None
    total = dict(zip(heads, rows["合計"], strict=False))
    assert total["未移行"].startswith("=SUM(")
    tk = wb["特定移行支援"]
    listed = [(tk.cell(r, 2).value, tk.cell(r, 3).value, tk.cell(r, 4).value) for r in range(5, tk.max_row + 1)
              if tk.cell(r, 1).value]
    assert listed == [("そら町", "住民基本台帳", "事業者のリソースひっ迫による影響")]


@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_page_has_counts_cost_table_and_the_tokutei_list(plan, tmp_path):
    from dxplanner.exchange.pdf_report import PdfOptions, export_pdf
    from tests.core.test_pdf_report import pdftotext, squash

    all_migrated(plan)
    ops.UpdateEntity("systems", "kaigo", {"status": "特定移行支援", "tokutei_reason": 4,
                                          "tokutei_reason_text": "事業者の撤退", "tokutei_deadline": D(2031, 3, 31),
                                          "actual_date": None}).apply(plan)
    worked_costs(plan)
    out = tmp_path / "r.pdf"
    export_pdf(plan, out, PdfOptions(paper="A3", today=TODAY))
    flat = squash(pdftotext(out, raw=False))
    assert squash("対象の 20 業務のうち 19 業務が標準準拠システムで稼働しています。") in flat
    assert squash("移行済 19") in flat and squash("特定移行支援 1") in flat
    assert squash("年度別の運用経費（千円）") in flat
    # the worked example: 令和7年度 17,500 千円 (−16.7 %), 令和9年度 10,500 千円 (30.0 %)
    assert "17,500" in flat and "-16.7%" in flat and "10,500" in flat and "30.0%" in flat
    assert squash("平成30年度（基準）15,000 千円。国の目標（3割削減）は 10,500 千円以下。") in flat
    assert squash("事業者のリソースひっ迫による影響（事業者の撤退）") in flat and "R13.3.31" in flat


def test_workbook_sheet_rows_and_native_chart(plan, tmp_path):
    from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx

    all_migrated(plan)
    ops.UpdateEntity("systems", "seiho", {"status": "特定移行支援", "tokutei_reason": 1, "actual_date": None,
                                          "tokutei_deadline": D(2030, 3, 31)}).apply(plan)
    worked_costs(plan)
    out = tmp_path / "w.xlsx"
    export_xlsx(plan, out, XlsxOptions(today=TODAY))
    ws = openpyxl.load_workbook(out)["標準化"]
    heads = [c.value for c in ws[4]]
    assert heads[:10] == ["団体コード", "団体名", "業務", "状況", "事由", "移行予定", "稼働日", "ガバメントクラウド",
                          "運用経費 平成30年度（千円）", "運用経費 R8（千円）"]
    rows = {ws.cell(r, 3).value: dict(zip(heads, [c.value for c in ws[r]], strict=False))
            for r in range(5, 5 + len(plan.systems))}
    assert rows["住民基本台帳"]["運用経費 平成30年度（千円）"] == 10_000
    assert rows["住民基本台帳"]["運用経費 R8（千円）"] == 9_000 and rows["住民基本台帳"]["削減率"] == pytest.approx(0.1)
    assert rows["印鑑登録"]["経費の計上"] == "→住民基本台帳"
    assert rows["生活保護"]["状況"] == "特定移行支援" and rows["生活保護"]["事由"] == "現行がメインフレームで運用"
    assert rows["生活保護"]["特定移行支援の期限"].date() == D(2030, 3, 31)
    with zipfile.ZipFile(out) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    std = [c for c in charts if "lineChart" in c]
    assert len(std) == 1 and "barChart" in std[0] and "3割削減の目標" in std[0]


def test_a_version_1_survey_still_reads_without_the_per_system_rows(plan):
    from dxplanner.exchange.survey import Survey, survey_of

    d = survey_of(plan, TODAY).to_json()
    assert len(d["systems"]) == len(plan.systems) and d["survey_version"] == 2
    old = {k: v for k, v in d.items() if k not in ("systems", "std_migrated", "prefecture_funds")}
    old["survey_version"] = 1
    s = Survey.from_json(json.loads(json.dumps(old)))
    assert s.systems == [] and s.std_migrated is None
    with pytest.raises(ValueError):
        Survey.from_json({**d, "systems": [{**d["systems"][0], "status": "移行完了"}]})
