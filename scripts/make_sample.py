"""Build the bundled sample plan (resources/samples/sample_town.json): a fictitious small town.

みどり町 (北海道, 人口 8,200) follows the current edition, 令和8年度版（第2.3版と以後の国の決定）, over
令和7〜令和11年度. The plan was adopted at the start of 令和7年度 (the snapshot 「当初計画」), the
yearly review of 令和7年度 was held in May 2026, and the story runs to AS_OF (December 2026): the
標準化 of 18 業務 is done and 介護保険・生活保護 are 特定移行支援システム with the town's own
deadline, eL-QR for 国民健康保険税 starts in December 2026, 書かない窓口 slipped half a year, and
the KPIs are the town's own measures with a 令和6年度 baseline.

Run again after the template or the catalog changes:  python scripts/make_sample.py
Every change goes through dxplanner.ops, so the sample is valid by construction.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from pathlib import Path

from dxplanner import ops
from dxplanner.exchange.json_format import dumps
from dxplanner.history import start_review, take_snapshot
from dxplanner.model import Body, BudgetLine, ExternalHire, Kpi, Plan, Role, StaffCount, Training
from dxplanner.template import Situation, new_plan

ROOT = Path(__file__).resolve().parent.parent
MADE = datetime.datetime(2025, 4, 1, 9, 0)  # the plan was drawn up at the start of 令和7年度
AS_OF = datetime.date(2026, 12, 1)  # the sample tells the story up to here
REVIEW_FY = 2025  # 令和7年度, reviewed in May 2026
DEPTS = {
    "structure": "企画課", "front": "住民課", "std": "総務課", "eltax": "税務課", "mynum": "住民課",
    "sec": "総務課", "airpa": "企画課", "tele": "総務課",
}
ONLINE_ALREADY = ("kosodate-01", "kosodate-02", "kosodate-03", "kosodate-05", "kosodate-06", "kosodate-08",
                  "kosodate-09", "kosodate-11", "kaigo-01", "kaigo-02", "kaigo-03", "kaigo-04", "kaigo-05")

# the town's own measures: unit, lower is better, baseline (令和6年度), targets 令和7..11, actual 令和7
KPI_STORY: dict[str, tuple[bool, float, tuple[float, ...], float | None]] = {
    "r8-kpi-training": (False, 85, (100, 110, 120, 130, 140), 104),
    "r8-kpi-digital-staff": (False, 2, (3, 4, 5, 6, 6), 3),
    "r8-kpi-online-rate": (False, 24, (30, 38, 45, 52, 60), 27),
    "r8-kpi-window-wait": (True, 18, (16, 14, 12, 10, 10), 15),
    "r8-kpi-kakanai": (False, 0, (0, 5, 10, 15, 20), 0),
    "r8-kpi-std-done": (False, 0, (18, 18, 19, 20, 20), 18),
    "r8-kpi-std-cost": (True, 100, (170, 160, 140, 130, 120), 166),
    "r8-kpi-eltax-kinds": (False, 0, (0, 2, 4, 5, 6), 0),
    "r8-kpi-eltax-share": (False, 0, (0, 5, 10, 18, 25), 0),
    "r8-kpi-card-rate": (False, 76.5, (80, 82, 84, 86, 88), 81),
    "r8-kpi-card-wait": (True, 14, (10, 7, 7, 7, 7), 12),
    "r8-kpi-conveni": (False, 12, (15, 20, 25, 30, 35), 16),
    "r8-kpi-sec-training": (False, 88, (95, 100, 100, 100, 100), 97),
    "r8-kpi-sec-drill": (True, 11, (8, 6, 5, 5, 5), 9),
    "r8-kpi-ai-hours": (False, 300, (600, 1000, 1500, 2000, 2500), 720),
    "r8-kpi-genai-users": (False, 0, (20, 40, 60, 70, 80), 26),
    "r8-kpi-tele-staff": (False, 5, (10, 15, 20, 20, 20), 8),
}
LOWER_IS_BETTER = {cid for cid, (lower, *_rest) in KPI_STORY.items() if lower}


def _stable_ids(plan: Plan) -> None:
    """Short, stable ids (t000…, r00…, b00…, k00…) so the sample's diff stays readable."""
    old_to_new = {t.id: f"t{n:03d}" for n, t in enumerate(plan.tasks.values())}
    plan.tasks = {old_to_new[t.id]: t for t in plan.tasks.values()}
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


def _task(plan: Plan, template_id: str) -> str:
    return next(t.id for t in plan.tasks.values() if t.template_id == template_id)


def build() -> str:
    situation = Situation(std="特定移行支援", online_done=frozenset(ONLINE_ALREADY), cio=True, ciso=True, hq=True)
    plan = new_plan("みどり町", "019992", kind="町", population=8_200, edition="r8", from_fy=2025, to_fy=2029,
                    now=MADE, situation=situation)
    _stable_ids(plan)
    do = lambda op: op.apply(plan)  # noqa: E731

    do(ops.SetPlanFields({"title": "みどり町 DX推進計画（第2期）", "policy_status": "策定済",
                          "policy_date": datetime.date(2025, 3, 24)}))
    people = {
        "首長": ("町長", "緑川 一郎", "", False, "任命済", datetime.date(2023, 5, 1)),
        "CIO": ("副町長", "山田 花子", "", False, "任命済", datetime.date(2023, 6, 1)),
        "CIO補佐官": ("CIO補佐官（外部人材）", "高橋 健", "", True, "任命済", datetime.date(2024, 4, 1)),
        "CISO": ("総務課長", "佐藤 次郎", "総務課", False, "任命済", datetime.date(2025, 4, 1)),
    }
    for r in list(plan.roles.values()):
        title, person, dept, ext, status, day = people[r.kind]
        do(ops.UpdateEntity("roles", r.id, {"title": title, "person": person, "department": dept,
                                             "external": ext, "status": status, "date": day}))
    do(ops.PutEntities("roles", [Role(id="r10", kind="DX推進リーダー", title="子育て支援課 DX推進リーダー",
                                      person="伊藤 さくら", department="子育て支援課", status="任命済",
                                      date=datetime.date(2025, 4, 1), order=10)]))
    body = next(iter(plan.bodies.values()))
    do(ops.UpdateEntity("bodies", body.id, {"chair": "町長", "members": ["副町長", "教育長", "各課長"],
                                             "cadence": "年4回", "status": "任命済",
                                             "date": datetime.date(2021, 7, 1)}))
    do(ops.PutEntities("bodies", [Body(id="b10", name="窓口改革部会", chair="住民課長",
                                       members=["住民課", "税務課", "子育て支援課", "健康福祉課", "企画課"],
                                       cadence="毎月", status="予定", date=datetime.date(2027, 4, 1), order=1)]))
    do(ops.PutEntities("staff", [StaffCount(id=f"s{fy}", fy=fy, dx_staff=3, digital_leads=min(8, fy - 2019))
                                 for fy in range(2025, 2030)]))
    do(ops.PutEntities("hires", [ExternalHire(
        id="h1", title="CIO補佐官", person="高橋 健", form="特別職非常勤", from_fy=2024, to_fy=2026,
        annual_cost=2_400_000, funding="一般財源", shared_with="あおば村と兼務",
        note="特別交付税措置が令和8年度以降も続くかは県を通じて確認中")]))
    do(ops.PutEntities("trainings", [
        Training(id="tr1", title="生成AI活用研修（全課）", fy=2025, participants=62, provider="県", cost=0),
        Training(id="tr2", title="情報セキュリティ研修・標的型メール訓練", fy=2025, participants=104,
                 provider="委託", cost=440_000),
        Training(id="tr3", title="書かない窓口 先進地視察", fy=2026, participants=6, provider="自主", cost=180_000),
    ]))
    budget = [
        ("標準準拠システム 運用経費（ガバメントクラウド利用料を含む）", 2025, 41_800_000, "一般財源", "std", None),
        ("標準準拠システム 運用経費（ガバメントクラウド利用料を含む）", 2026, 44_300_000, "一般財源", "std", None),
        ("特定移行支援（介護保険・生活保護）移行経費", 2027, 18_400_000, "国庫支出金", "std", "r8-std-fund"),
        ("書かない窓口システム 導入", 2026, 7_200_000, "地方債", "front", "r8-digital-katsuyou"),
        ("eL-QR 対応 納付書様式・収納データ取込み改修", 2026, 1_650_000, "一般財源", "eltax", None),
        ("マイナンバーカード 休日窓口（時間外勤務）", 2025, 380_000, "一般財源", "mynum", None),
        ("生成AI サービス利用料（県の共同調達）", 2025, 990_000, "一般財源", "airpa", None),
        ("生成AI サービス利用料（県の共同調達）", 2026, 1_188_000, "一般財源", "airpa", None),
        ("RPA ライセンス", 2025, 1_980_000, "一般財源", "airpa", None),
        ("標的型メール訓練 委託", 2025, 440_000, "一般財源", "sec", None),
        ("テレワーク端末 更新 10台", 2027, 2_750_000, "一般財源", "tele", None),
    ]
    do(ops.PutEntities("budget", [BudgetLine(id=f"bl{n:02d}", fy=fy, item=item, amount=amt, source=src,
                                             area_id=area, measure_id=m)
                                  for n, (item, fy, amt, src, area, m) in enumerate(budget)]))
    for tid, t in sorted(plan.tasks.items()):
        do(ops.UpdateEntity("tasks", tid, {"department": DEPTS.get(t.area_id, "企画課") if t.parent_id is None
                                           else ""}))
    for k in list(plan.kpis.values()):
        lower, base, targets, _actual = KPI_STORY[str(k.catalog_id)]
        do(ops.UpdateEntity("kpis", k.id, {
            "baseline_value": float(base), "baseline_fy": 2018 if k.catalog_id == "r8-kpi-std-cost" else 2024,
            "targets": {2025 + n: float(v) for n, v in enumerate(targets)},
            "note": "平成30年度＝100" if k.catalog_id == "r8-kpi-std-cost" else ("小さいほどよい" if lower else "")}))
    # a measure of the town's own, not in the catalog
    front = "front"
    do(ops.PutEntities("kpis", [Kpi(id="k90", area_id=front, name="公共施設予約のオンライン利用割合", unit="%",
                                    baseline_value=0.0, baseline_fy=2024,
                                    targets={2026: 20.0, 2027: 40.0, 2028: 60.0, 2029: 70.0},
                                    note="町独自の指標", order=90)]))
    snap = take_snapshot(plan, "当初計画", now=MADE, note="令和7年4月の推進本部会議で決定した工程表と目標")
    snap.entities[0].id = "snap01"  # stable ids keep the sample's diff readable
    do(snap)

    # since the 当初計画: 書かない窓口 slipped half a year (the vendor's product came later); the online
    # rate target of 令和8年度 was lowered after the review
    kakanai = _task(plan, "r8-front-kakanai")
    do(ops.move_tasks(plan, [kakanai], months=6))
    online = next(k for k in plan.kpis.values() if k.catalog_id == "r8-kpi-online-rate")
    do(ops.UpdateEntity("kpis", online.id, {"targets": {**online.targets, 2026: 34.0}}))
    do(ops.add_task(plan, "front", "公共施設予約のオンライン化", id="t090", department="生涯学習課",
                    start=datetime.date(2026, 7, 1), end=datetime.date(2027, 3, 31), status="進行中", progress=50,
                    actual_start=datetime.date(2026, 7, 1),
                    description="令和8年度に追加：体育館・公民館の予約を県の共同システムで受け付ける。"))

    # progress as of AS_OF; two tasks are late on purpose (they tell the review's story)
    late = {_task(plan, "r8-airpa-select"), _task(plan, "r8-sec-review")}
    for tid, t in sorted(plan.tasks.items()):
        if tid == "t090":
            continue
        vals: dict = {}
        if t.end and t.end < AS_OF and tid not in late:
            vals.update(status="完了", progress=100, actual_start=t.start, actual_end=t.end)
        elif t.start and t.start <= AS_OF:
            elapsed = (AS_OF - t.start).days / max(1, ((t.end or AS_OF) - t.start).days)
            progress = 80 if tid in late else min(90, max(10, 10 * round(10 * elapsed)))
            vals.update(status="進行中", progress=progress, actual_start=t.start)
        if vals:
            do(ops.UpdateEntity("tasks", tid, vals))
    # the 特定移行支援 steps wait for each other
    tokutei = [t for _, t in plan.ordered_tasks() if t.area_id == "std" and t.parent_id is not None]
    for a, b in itertools.pairwise(tokutei):
        if a.end and b.start and b.start > a.end:
            do(ops.UpdateEntity("tasks", b.id, {"depends_on": [a.id]}))
    for k in list(plan.kpis.values()):
        if k.catalog_id in KPI_STORY and KPI_STORY[k.catalog_id][3] is not None:
            do(ops.UpdateEntity("kpis", k.id, {"actuals": {2025: float(KPI_STORY[k.catalog_id][3] or 0)}}))

    # 標準化 tracker: 18 業務 on 標準準拠システム since January 2026 (before the national deadline,
    # 令和7年度末); 介護保険 and 生活保護 are 特定移行支援
    std_tasks = [t.id for _, t in plan.ordered_tasks() if t.area_id == "std" and t.parent_id is None]
    for n, s in enumerate(sorted(plan.systems.values(), key=lambda s: s.order)):
        vals: dict[str, object] = {
            "vendor": "北日本システム" if n % 2 else "みらい情報サービス", "system": "基幹系パッケージ",
            "cloud": "共同利用", "cloud_partner": "あおば村・そら町",
            "contract_start": datetime.date(2026, 1, 1), "contract_end": datetime.date(2031, 3, 31),
            "task_ids": []}
        if s.id in ("kaigo", "seiho"):
            vals.update(status="特定移行支援", planned_date=datetime.date(2028, 1, 4), tokutei_reason=4,
                        tokutei_reason_text="事業者の開発遅れ（令和7年10月通知）",
                        tokutei_deadline=datetime.date(2031, 3, 31),
                        contract_start=datetime.date(2021, 4, 1), contract_end=datetime.date(2028, 3, 31),
                        phases={"計画立案": "完了済み", "システム選定": "完了済み", "移行": "作業中"})
        else:
            vals.update(status="移行済", planned_date=datetime.date(2026, 1, 5), actual_date=datetime.date(2026, 1, 5),
                        task_ids=std_tasks[-1:],
                        phases={"計画立案": "完了済み", "システム選定": "完了済み", "移行": "完了済み"})
        do(ops.UpdateEntity("systems", s.id, vals))
    # 運用経費 (円): the 平成30年度 baseline, actuals and the plan; 移行経費 kept apart
    grouped = [sid for sid in ("juki", "inkan", "koseki", "koseki_fuhyo", "senkyo") if sid in plan.systems]
    taxes = [sid for sid in ("kotei", "kojin_jumin", "hojin_jumin", "keijidosha") if sid in plan.systems]
    welfare = [sid for sid in plan.systems if sid not in grouped and sid not in taxes]
    costs = [
        ("sc1", "住民記録系 一括契約", grouped, 21_600_000, {2024: 21_900_000, 2025: 24_800_000},
         {2026: 31_200_000, 2027: 27_500_000, 2028: 19_800_000, 2029: 15_400_000}),
        ("sc2", "税務系", taxes, 18_300_000, {2024: 18_500_000, 2025: 20_100_000},
         {2026: 26_400_000, 2027: 22_000_000, 2028: 15_900_000, 2029: 12_800_000}),
        ("sc3", "福祉系", welfare, 25_400_000, {2024: 25_100_000, 2025: 26_900_000},
         {2026: 33_600_000, 2027: 30_100_000, 2028: 22_300_000, 2029: 17_600_000}),
    ]
    from dxplanner.model import SystemCost

    do(ops.PutEntities("std_costs", [
        SystemCost(id=cid, name=name, system_ids=ids, kind="運用経費", baseline=base, actual=act, planned=pl,
                   order=n, note="ガバメントクラウド利用料を含む")
        for n, (cid, name, ids, base, act, pl) in enumerate(costs)
    ] + [
        SystemCost(id="sc9", name="標準準拠システムへの移行", system_ids=[], kind="移行経費",
                   actual={2024: 48_500_000, 2025: 61_200_000}, fund_covered=True, order=9,
                   note="デジタル基盤改革支援補助金"),
    ]))
    for p in sorted(plan.procedures.values(), key=lambda p: p.order):
        if p.status == "オンライン化済":
            do(ops.UpdateEntity("procedures", p.id, {"planned_date": datetime.date(2023, 3, 1)}))
        elif p.status == "未対応":
            do(ops.UpdateEntity("procedures", p.id, {"status": "対応中", "planned_date": datetime.date(2027, 3, 31)}))
    _review(plan)
    return dumps(plan)


def _grade(catalog_id: str | None, target: float, value: float) -> str:
    better = value < target if catalog_id in LOWER_IS_BETTER else value > target
    return "A" if better else "B" if value == target else "C"


def _review(plan: Plan) -> None:
    """The yearly review of 令和7年度 (held 2026-05-28): graded, commented, with next steps."""
    do = lambda op: op.apply(plan)  # noqa: E731
    start = start_review(plan, REVIEW_FY)
    start.entities[0].id = "rev2025"
    do(start)
    review = next(r for r in plan.reviews.values() if r.fy == REVIEW_FY)
    notes = {  # template id: (grade, actual, comment, next step)
        "r8-airpa-select": ("C", "14課中10課まで洗い出し",
                            "窓口繁忙期と重なり、残る4課のヒアリングが年度内に終わらなかった。",
                            "令和8年度上期に残り4課を実施し、対象業務の一覧を確定する。"),
        "r8-airpa-guideline": ("A", "生成AI利用ガイドラインを策定（令和7年9月）",
                               "国のガイドブック第4版のひな形を待たずに県の例を参考に策定できた。",
                               "第4版（令和7年12月）との差を確認し、令和8年度に改定する。"),
        "r8-sec-review": ("D", "", "改定する項目（委託先管理）の担当課が決まっておらず、評価できない。",
                          "令和8年度第1回の推進本部で担当を決める。"),
        "r8-sec-policy": ("B", "サイバーセキュリティ方針を策定・公表（令和8年3月）", "期限（令和8年4月）に間に合った。",
                          "毎年度の点検で見直す。"),
        "r8-eltax-choose": ("B", "国民健康保険税・介護保険料・後期高齢者医療保険料を対象に決定", "",
                            "令和8年12月の開始に向けて納付書を改修する。"),
    }
    by_template = {t.id: t.template_id for t in plan.tasks.values()}
    items = []
    for item in review.items:
        if item.target_kind == "kpi":
            k = plan.kpis[item.target_id]
            target, value = k.targets.get(REVIEW_FY), k.actuals.get(REVIEW_FY)
            if target is not None and value is not None:
                grade = _grade(k.catalog_id, target, value)
                items.append(dataclasses.replace(
                    item, grade=grade, actual=f"{value:g}{k.unit}",
                    comment=f"目標 {target:g}{k.unit} に対し {value:g}{k.unit}。"
                            + ("子育て世帯への案内が不足していた。" if k.catalog_id == "r8-kpi-online-rate" else ""),
                    next_step="乳幼児健診の案内にオンライン申請の二次元コードを載せる。"
                              if k.catalog_id == "r8-kpi-online-rate" else ""))
            else:
                items.append(dataclasses.replace(item, grade="D", comment="令和7年度の実績値が未集計。",
                                                 next_step="集計方法を決める。"))
            continue
        t = plan.tasks[item.target_id]
        note = notes.get(by_template.get(item.target_id) or "")
        if note:
            grade, actual, comment, next_step = note
            items.append(dataclasses.replace(item, grade=grade, actual=actual, comment=comment, next_step=next_step))
        else:
            items.append(dataclasses.replace(item, grade="B", actual=t.status if t.status != "進行中" else
                                             f"進行中（{t.progress}%）"))
    do(ops.PutEntities("reviews", [dataclasses.replace(
        review, items=items, reviewed_on=datetime.date(2026, 5, 28),
        summary="令和7年度は、標準化の18業務が令和8年1月に標準準拠システムへ移行し、生成AIの利用ルールも定めた。"
                "一方、運用経費は平成30年度の1.66倍となり、AI・RPAの対象業務の洗い出しとオンライン申請の利用は目標に届かなかった。"
                "令和8年度は、運用経費の内訳を事業者と確認し、書かない窓口の導入と eL-QR による収納開始を進める。")]))


def main() -> None:
    out = ROOT / "resources" / "samples" / "sample_town.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build(), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
