from __future__ import annotations

import datetime

import pytest

from dxplanner import checks, ops
from dxplanner.errors import ValidationError
from dxplanner.funding import summarize
from dxplanner.model import BudgetLine, ExternalHire
from dxplanner.validate import check_municipality_code, check_text, code_check_digit, prefecture_of_code


@pytest.mark.parametrize("code", ["011002", "130001", "010006", "131016", "271004", "472018"])
def test_real_codes_validate(code):
    assert check_municipality_code(code) == code
    assert code_check_digit(code[:5]) == int(code[5])


@pytest.mark.parametrize("code", ["011003", "481001", "000001", "12345", "abcdef", "0110021"])
def test_bad_codes_refused(code):
    with pytest.raises(ValidationError):
        check_municipality_code(code)


def test_prefecture_of_code():
    assert prefecture_of_code("011002") == "北海道" and prefecture_of_code("472018") == "沖縄県"


@pytest.mark.parametrize("s", ["髙﨑", "\uf9dc", "𠮷", "葛\U000e0100", "\ue000", "ｶﾀｶﾅ", "㈱①", "😀", "e\u0301"])
def test_text_kept_exactly(s):
    assert check_text(s, "title") == s


def codes(plan, today=datetime.date(2021, 6, 1)):
    return {(f.code, f.id) for f in checks.check(plan, today)}


def test_findings_point_to_the_place(plan):
    found = checks.check(plan, datetime.date(2021, 6, 1))
    kinds = {f.code for f in found}
    assert {"role_unfilled", "kpi_no_target", "task_no_department", "no_policy"} <= kinds
    for f in found:
        assert f.message("ja") and f.message("en")
        assert f.severity in ("error", "warning", "info")
        if f.kind == "tasks":
            assert f.id in plan.tasks


def test_deadline_overdue_and_link_rules(plan):
    std_task = next(t for t in plan.tasks.values() if t.area_id == "std" and not t.milestone and t.parent_id is None)
    ops.UpdateEntity("tasks", std_task.id, {"end": datetime.date(2026, 6, 30)}).apply(plan)
    assert ("after_deadline", std_task.id) in codes(plan)
    assert ("overdue", std_task.id) in codes(plan, datetime.date(2026, 7, 1))
    ops.UpdateEntity("tasks", std_task.id, {"status": "完了", "progress": 100}).apply(plan)
    assert ("overdue", std_task.id) not in codes(plan, datetime.date(2026, 7, 1))
    a, b = [t for _, t in plan.ordered_tasks() if t.area_id == "mynum"][:2]
    ops.UpdateEntity("tasks", b.id, {"depends_on": [a.id], "start": a.start, "end": a.end}).apply(plan)
    assert ("link_order", b.id) in codes(plan)


def test_key_role_filled_clears_finding(plan):
    cio = next(r for r in plan.roles.values() if r.kind == "CIO")
    assert ("role_unfilled", cio.id) in codes(plan)
    ops.UpdateEntity("roles", cio.id, {"status": "任命済", "person": "山田 花子"}).apply(plan)
    assert ("role_unfilled", cio.id) not in codes(plan)


def test_standardization_and_online_rules(plan):
    sid = next(iter(plan.systems))
    ops.UpdateEntity("systems", sid, {"planned_date": datetime.date(2026, 10, 1)}).apply(plan)
    assert ("system_late", sid) in codes(plan)
    ops.UpdateEntity("systems", sid, {"status": "特定移行支援"}).apply(plan)
    assert ("tokutei_no_reason", sid) in codes(plan)
    assert ("system_late", sid) not in codes(plan)
    pid = next(p.id for p in plan.procedures.values() if p.status == "未対応")
    ops.UpdateEntity("procedures", pid, {"planned_date": datetime.date(2024, 1, 1)}).apply(plan)
    assert ("procedure_late", pid) in codes(plan)


def test_funding_sums_and_kofuzei_estimate(plan):
    ops.PutEntities("budget", [
        BudgetLine(id="a", fy=2022, item="標準化", amount=10_000_000, source="国庫支出金"),
        BudgetLine(id="b", fy=2022, item="RPA", amount=1_500_000, source="一般財源"),
        BudgetLine(id="c", fy=2023, item="RPA", amount=1_500_000, source="一般財源"),
    ]).apply(plan)
    ops.PutEntities("hires", [ExternalHire(id="h", title="CIO補佐官", from_fy=2022, to_fy=2023,
                                           annual_cost=2_400_000, funding="一般財源", allocation="特別交付税")]).apply(plan)
    s = summarize(plan)
    rows = {r.fy: r for r in s.rows}
    assert rows[2022].by_source["国庫支出金"] == 10_000_000
    assert rows[2022].by_source["一般財源"] == 1_500_000 + 2_400_000
    assert rows[2022].kofuzei_estimate == 1_200_000  # 措置率0.5 (seed), shown as 措置見込額（参考）
    assert rows[2023].total == 1_500_000 + 2_400_000
    assert s.total == 10_000_000 + 3_000_000 + 4_800_000
    assert s.kofuzei_estimate_total == 2_400_000
    assert s.estimate_label == "措置見込額（参考）"
    assert set(range(plan.from_fy, plan.to_fy + 1)) <= set(rows)


def test_finding_dates_follow_the_language_and_era(plan):
    std_task = next(t for t in plan.tasks.values() if t.area_id == "std" and not t.milestone and t.parent_id is None)
    ops.UpdateEntity("tasks", std_task.id, {"end": datetime.date(2026, 6, 30)}).apply(plan)
    f = next(f for f in checks.check(plan, datetime.date(2021, 6, 1)) if f.code == "after_deadline")
    assert "令和8年6月30日" in f.message("ja") and "令和8年3月31日" in f.message("ja")
    assert "2026年6月30日" in f.message("ja", "western")
    en = f.message("en")
    assert "30 Jun 2026" in en and "31 Mar 2026" in en and "令和" not in en
    assert f.to_dict()["message_en"] == en
