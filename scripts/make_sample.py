"""Build the bundled sample plan (resources/samples/sample_town.json): a fictitious small town.

Run again after the template or the catalog changes:  python scripts/make_sample.py
Every change goes through dxplanner.ops, so the sample is valid by construction.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import random
from pathlib import Path

from dxplanner import ops
from dxplanner.exchange.json_format import dumps
from dxplanner.history import start_review, take_snapshot
from dxplanner.model import Body, BudgetLine, ExternalHire, Plan, Role, StaffCount, Training
from dxplanner.template import new_plan

ROOT = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 10, 1)  # the sample tells the story up to here
DEPTS = {
    "structure": "企画課", "std": "総務課", "mynum": "住民課", "online": "企画課", "airpa": "企画課",
    "tele": "総務課", "sec": "総務課", "region": "企画課", "divide": "生涯学習課",
}


def build() -> str:
    rnd = random.Random(7)
    plan = new_plan("みどり町", "019992", kind="町", population=8_200, from_fy=2022, to_fy=2027,
                    now=datetime.datetime(2021, 4, 1, 9, 0))
    # stable ids so the sample diff stays readable
    plan.tasks = {f"t{n:03d}": t for n, t in enumerate(plan.tasks.values())}
    old_to_new = {}
    for new, t in plan.tasks.items():
        old_to_new[t.id] = new
    for new, t in plan.tasks.items():
        t.id = new
        t.parent_id = old_to_new.get(t.parent_id) if t.parent_id else None
    for kind in ("roles", "bodies", "kpis"):
        coll = plan.collection(kind)
        items = list(coll.values())
        coll.clear()
        for n, e in enumerate(items):
            e.id = f"{kind[0]}{n:02d}"
            coll[e.id] = e
    do = lambda op: op.apply(plan)  # noqa: E731

    do(ops.SetPlanFields({"policy_status": "策定済", "policy_date": datetime.date(2021, 9, 1)}))
    people = {
        "首長": ("町長", "緑川 一郎", "", False, "任命済", datetime.date(2021, 4, 1)),
        "CIO": ("副町長", "山田 花子", "", False, "任命済", datetime.date(2021, 6, 1)),
        "CIO補佐官": ("CIO補佐官（外部人材）", "高橋 健", "", True, "任命済", datetime.date(2022, 4, 1)),
        "CISO": ("総務課長", "佐藤 次郎", "総務課", False, "任命済", datetime.date(2021, 6, 1)),
    }
    for r in list(plan.roles.values()):
        title, person, dept, ext, status, day = people[r.kind]
        do(ops.UpdateEntity("roles", r.id, {"title": title, "person": person, "department": dept,
                                             "external": ext, "status": status, "date": day}))
    do(ops.PutEntities("roles", [Role(id="r10", kind="DX推進リーダー", title="子育て支援課 DX推進リーダー",
                                      person="伊藤 さくら", department="子育て支援課", status="任命済",
                                      date=datetime.date(2022, 4, 1), order=10)]))
    body = next(iter(plan.bodies.values()))
    do(ops.UpdateEntity("bodies", body.id, {"chair": "町長", "members": ["副町長", "教育長", "各課長"],
                                             "cadence": "年4回", "status": "任命済",
                                             "date": datetime.date(2021, 7, 1)}))
    do(ops.PutEntities("bodies", [Body(id="b10", name="標準化部会", chair="総務課長",
                                       members=["総務課", "住民課", "税務課", "健康福祉課"], cadence="毎月",
                                       status="任命済", date=datetime.date(2022, 5, 1), order=1)]))
    do(ops.PutEntities("staff", [StaffCount(id=f"s{fy}", fy=fy, dx_staff=2 + (fy >= 2023), digital_leads=fy - 2019)
                                 for fy in range(2022, 2028)]))
    do(ops.PutEntities("hires", [ExternalHire(id="h1", title="CIO補佐官", person="高橋 健", form="特別職非常勤",
                                              from_fy=2022, to_fy=2025, annual_cost=2_400_000,
                                              funding="一般財源", allocation="特別交付税",
                                              shared_with="あおば村と兼務")]))
    do(ops.PutEntities("trainings", [
        Training(id="tr1", title="全職員向けDX研修", fy=2023, participants=120, provider="県", cost=0),
        Training(id="tr2", title="RPA実践研修", fy=2024, participants=15, provider="民間研修", cost=330_000),
        Training(id="tr3", title="生成AI活用研修", fy=2025, participants=40, provider="県", cost=0),
    ]))
    budget = [
        ("標準化 移行経費（デジタル基盤改革支援補助金）", 2024, 48_500_000, "国庫支出金", "std", "std_fund"),
        ("標準化 移行経費（デジタル基盤改革支援補助金）", 2025, 61_200_000, "国庫支出金", "std", "std_fund"),
        ("マイナポータル接続 改修", 2021, 6_800_000, "国庫支出金", "online", "myna_portal"),
        ("マイナポータル接続 改修（町負担分）", 2021, 6_800_000, "一般財源", "online", None),
        ("RPA ライセンス", 2023, 1_980_000, "一般財源", "airpa", "airpa"),
        ("RPA ライセンス", 2024, 1_980_000, "一般財源", "airpa", "airpa"),
        ("AI-OCR 共同利用（県の共同利用補助）", 2024, 1_320_000, "都道府県支出金", "airpa", None),
        ("テレワーク端末 10台", 2022, 2_750_000, "一般財源", "tele", None),
        ("次期セキュリティクラウド 負担金", 2022, 3_100_000, "一般財源", "sec", "sec_cloud"),
        ("スマホ教室（デジタル活用支援）", 2022, 450_000, "一般財源", "divide", None),
        ("スマホ教室（デジタル活用支援）", 2023, 450_000, "一般財源", "divide", None),
    ]
    # スマホ教室 counts on a 普通交付税 措置 (paid from 一般財源; the 措置見込額 is for reference only)
    do(ops.PutEntities("budget", [BudgetLine(id=f"bl{n:02d}", fy=fy + 1, item=item, amount=amt, source=src,
                                             area_id=area, measure_id=m,
                                             allocation="普通交付税" if item.startswith("スマホ教室") else "",
                                             allocation_estimate=amt if item.startswith("スマホ教室") else 0)
                                  for n, (item, fy, amt, src, area, m) in enumerate(budget)]))
    # the plan as decided at the start of 令和4年度 (owners and KPI targets, no progress yet) is kept as
    # the snapshot 「当初計画」; what happens after it is the PDCA story of the 計画と実績 pages
    for tid, t in sorted(plan.tasks.items()):
        do(ops.UpdateEntity("tasks", tid, {"department": DEPTS.get(t.area_id, "企画課") if t.parent_id is None
                                           else ""}))
    kpi_actuals: dict[str, dict[int, float]] = {}
    for k in list(plan.kpis.values()):
        if k.catalog_id == "std_cost":
            kpi_vals = {"unit": "%", "baseline_value": 0.0, "baseline_fy": 2018, "targets": {2026: 30.0}}
        elif k.catalog_id and k.catalog_id.startswith("online"):
            kpi_vals = {"unit": "%", "targets": {2022: 50.0, 2023: 70.0, 2024: 85.0, 2025: 100.0}}
            kpi_actuals[k.id] = {2022: 38.0, 2023: 61.0, 2024: 80.0}
        else:
            kpi_vals = {"unit": "%", "targets": {2023: 50.0, 2025: 100.0}}
            kpi_actuals[k.id] = {2023: 45.0}
        do(ops.UpdateEntity("kpis", k.id, kpi_vals))
    snap = take_snapshot(plan, "当初計画", now=datetime.datetime(2022, 4, 1, 9, 0),
                         note="令和4年度当初に推進本部会議で決定した工程表")
    snap.entities[0].id = "snap01"  # stable ids keep the sample's diff readable
    do(snap)
    # changes since: the trial of telework rules slipped by a quarter, the online-use target was revised
    do(ops.move_tasks(plan, ["t032"], months=3))
    usage = next(k for k in plan.kpis.values() if k.catalog_id == "online_usage_rate")
    do(ops.UpdateEntity("kpis", usage.id, {"targets": {**usage.targets, 2025: 90.0}}))
    # tasks: progress as of AS_OF; two are deliberately late, one tells a markup story
    late: set[str] = set()
    for n, (tid, t) in enumerate(sorted(plan.tasks.items())):
        vals: dict = {}
        if t.end and t.end < AS_OF:
            vals.update(status="完了", progress=100, actual_start=t.start, actual_end=t.end)
        elif t.start and t.start <= AS_OF:
            vals.update(status="進行中", progress=rnd.choice([30, 40, 50, 60, 70]), actual_start=t.start)
        if t.area_id == "airpa" and t.end and t.end < AS_OF and n % 3 == 0 and len(late) < 2:
            vals.update(status="進行中", progress=80, actual_end=None)
            late.add(tid)
        do(ops.UpdateEntity("tasks", tid, vals))
    # a finish-to-start chain in 標準化
    std = [t for _, t in plan.ordered_tasks() if t.area_id == "std" and t.parent_id is None]
    for a, b in itertools.pairwise(std):
        if a.end and b.start and b.start > a.end:
            do(ops.UpdateEntity("tasks", b.id, {"depends_on": [a.id]}))
    # KPI actuals (the targets are in the 当初計画)
    for kid, actuals in kpi_actuals.items():
        do(ops.UpdateEntity("kpis", kid, {"actuals": actuals}))
    # 標準化 tracker
    for n, s in enumerate(sorted(plan.systems.values(), key=lambda s: s.order)):
        tokutei = s.id in ("kaigo", "seiho")
        done = rnd.randint(20, 32) if not tokutei else rnd.randint(10, 18)
        steps = {i: ("完了済み" if i <= done else "作業中" if i <= done + 2 else "未着手") for i in range(1, 41)}
        steps[7] = "対象外"
        vals = {"vendor": "北日本システム" if n % 2 else "みらい情報サービス", "system": "基幹系パッケージ",
                "planned_date": datetime.date(2027, 1, 1) if tokutei else datetime.date(2026, 1, 5),
                "tokutei": tokutei, "tokutei_reason": 4 if tokutei else None,
                "tokutei_deadline": datetime.date(2030, 3, 31) if tokutei else None,
                "phases": {"計画立案": "完了済み", "システム選定": "完了済み", "移行": "作業中"}, "steps": steps}
        do(ops.UpdateEntity("systems", s.id, vals))
    for n, p in enumerate(sorted(plan.procedures.values(), key=lambda p: p.order)):
        if p.status == "対象外":
            continue
        status = "オンライン化済" if n % 6 else "対応中"
        planned = datetime.date(2023, 3, 1) if n % 6 else datetime.date(2026, 3, 1)
        do(ops.UpdateEntity("procedures", p.id, {"status": status, "planned_date": planned}))
    _pdca_story(plan)
    return dumps(plan)


def _pdca_story(plan: Plan) -> None:
    """After the 当初計画: a task added in 令和7年度, and the yearly review of 令和6年度 (graded, commented)."""
    do = lambda op: op.apply(plan)  # noqa: E731
    do(ops.add_task(plan, "airpa", "生成AIの試行導入", id="t045", department="企画課",
                    start=datetime.date(2025, 7, 1), end=datetime.date(2026, 12, 31), status="進行中", progress=40,
                    actual_start=datetime.date(2025, 7, 1),
                    description="令和7年度に追加：文書作成支援への生成AIの試行（県の共同調達を利用）"))
    # the 担当課's reason for the one task late on the sample's dates (printed in the council paper)
    do(ops.UpdateEntity("tasks", "t024", {"comment": "繁忙期と重なり、残る3課のヒアリングが終わっていない。"
                                                     "対象業務の一覧の確定を優先して進めている。"}))
    start = start_review(plan, 2024)
    start.entities[0].id = "rev2024"
    do(start)
    review = next(r for r in plan.reviews.values() if r.fy == 2024)
    notes = {  # target id: (grade, actual, comment, next step)
        "t012": ("B", "移行作業を予定どおり実施", "ベンダとの定例会で課題を早期に解消できた。",
                 "令和7年度末の移行完了に向け、並行稼働の準備を進める。"),
        "t024": ("C", "12課中9課まで洗い出し", "繁忙期と重なり、残る3課のヒアリングが年度内に終わらなかった。",
                 "令和7年度上期に残り3課を実施し、対象業務の一覧を確定する。"),
        "t026": ("A", "AI-OCR を2業務で試行", "計画の1業務を上回り、2業務で試行できた。処理時間は約4割短縮。",
                 "本格導入の対象業務を選び、費用対効果を整理する。"),
        "t031": ("B", "端末10台を整備", "計画どおり整備した。", "運用ルールの試行に進む。"),
        "t040": ("D", "", "事業ごとの効果を測る指標を決めておらず、評価できない。",
                 "令和7年度中に事業ごとの指標を設定する。"),
    }
    items = []
    for item in review.items:
        if item.target_kind == "kpi":
            k = plan.kpis[item.target_id]
            target, value = k.targets.get(2024), k.actuals.get(2024)
            if target is not None and value is not None:
                grade = "A" if value > target else "B" if value == target else "C"
                items.append(dataclasses.replace(
                    item, grade=grade, actual=f"{value:g}%",
                    comment=f"目標 {target:g}% に対し {value:g}%。"
                            + ("窓口での案内が十分でなかった。" if grade == "C" else ""),
                    next_step="窓口・広報でオンライン申請を案内する。" if grade == "C" else ""))
            else:
                items.append(dataclasses.replace(item, grade="D", comment="令和6年度の実績値が未集計。",
                                                 next_step="集計方法を決める。"))
            continue
        t = plan.tasks[item.target_id]
        if item.target_id in notes:
            grade, actual, comment, next_step = notes[item.target_id]
            items.append(dataclasses.replace(item, grade=grade, actual=actual, comment=comment, next_step=next_step))
        else:
            items.append(dataclasses.replace(item, grade="B", actual=t.status if t.status != "進行中" else
                                             f"進行中（{t.progress}%）"))
    do(ops.PutEntities("reviews", [dataclasses.replace(
        review, items=items, reviewed_on=datetime.date(2025, 5, 28),
        summary="令和6年度は、標準化の移行作業とテレワーク環境の整備が計画どおり進み、AI-OCR の試行は計画を上回った。"
                "一方、RPA の対象業務の洗い出しが遅れ、手続のオンライン利用率も目標（85%）に届かなかった。"
                "令和7年度は洗い出しを上期に終え、オンライン申請の案内を強化する。")]))


def main() -> None:
    out = ROOT / "resources" / "samples" / "sample_town.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build(), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
