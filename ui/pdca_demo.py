"""The pictures of docs/gui.md for the snapshot comparison and the yearly review.

    QT_QPA_PLATFORM=offscreen python -m ui.pdca_demo OUT_DIR [--lang en]

builds ``OUT_DIR/pdca.dxplan`` from the sample plan (みどり町) with two snapshots (「当初計画」 and
「令和7年6月議会報告」), the kind of edits a year brings (a task moved, one finished, one dropped,
one added, a KPI target lowered and an actual entered) and a started review of 令和8年度 with a few
grades, then writes ``gui-<lang>_compare.png`` and ``gui-<lang>_review.png`` the way
``dxplanner gui FILE --screenshot OUT --page compare|review`` does.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import sys
from pathlib import Path

from dxplanner import history, ops
from dxplanner.exchange.json_format import read_json_file
from dxplanner.model import Plan
from dxplanner.paths import sample_plan_json
from dxplanner.store import fsops
from dxplanner.store.gateway import write_new


def demo_plan() -> Plan:
    plan = read_json_file(sample_plan_json())

    def do(op: ops.Op) -> None:
        op.apply(plan)

    survey = ops.add_task(plan, "online", "窓口アンケートの実施", start=datetime.date(2025, 4, 1),
                          end=datetime.date(2025, 9, 30))
    do(survey)
    do(ops.UpdateEntity("tasks", "t032", {"status": "進行中", "progress": 80}))
    if not any(s.name == "当初計画" for s in plan.snapshots.values()):  # the sample may have it already
        do(history.take_snapshot(plan, "当初計画", now=datetime.datetime(2025, 4, 1, 9, 0), note="議会に報告した計画"))
    do(ops.move_tasks(plan, ["t028"], months=1))
    do(history.take_snapshot(plan, "令和7年6月議会報告", now=datetime.datetime(2025, 6, 10, 14, 0)))
    do(ops.move_tasks(plan, ["t045"], months=3))
    do(ops.UpdateEntity("tasks", "t032", {"status": "完了", "progress": 100}))
    do(ops.UpdateEntity("tasks", "t033", {"progress": 45}))
    do(ops.UpdateEntity("tasks", "t041", {"department": "情報政策課"}))
    do(ops.DeleteEntities("tasks", [survey.entities[0].id]))
    do(ops.add_task(plan, "online", "書かない窓口の導入", start=datetime.date(2026, 4, 1),
                    end=datetime.date(2027, 3, 31)))
    kpi = sorted(plan.kpis.values(), key=lambda k: (k.order, k.id))[2]
    do(ops.UpdateEntity("kpis", kpi.id, {"targets": {**kpi.targets, 2025: 90.0},
                                         "actuals": {**kpi.actuals, 2025: 88.0}}))
    do(history.start_review(plan, 2026))
    review = history.review_for(plan, 2026)
    assert review is not None
    notes = {
        "t027": ("B", "全課でRPAの利用を開始", "対象業務を年度内に10業務へ"),
        "t045": ("C", "庁内ルールの整備に時間を要した", "利用ガイドラインを12月までに策定"),
        "t024": ("C", "対象業務の洗い出しが終わっていない", "各課ヒアリングを再実施"),
        "t037": ("A", "全職員研修を前倒しで実施", "管理職向け研修を追加"),
    }
    items = [dataclasses.replace(i, grade=notes[i.target_id][0], comment=notes[i.target_id][1],
                                 next_step=notes[i.target_id][2]) if i.target_id in notes else i
             for i in review.items]
    do(ops.UpdateEntity("reviews", review.id, {"items": items,
                                               "summary": "標準化への移行は完了。AI・RPA は横展開が進む一方、"
                                                          "生成AIの試行は3か月遅れている。"}))
    return plan


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--lang", default="ja", choices=("ja", "en"))
    args = ap.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    path = args.out_dir / "pdca.dxplan"
    if path.exists():
        fsops.unlink(path)
    write_new(path, demo_plan())
    from ui.app import run

    for page in ("compare", "review"):
        rc = run(file=str(path), screenshot=str(args.out_dir / f"gui-{args.lang}_{page}.png"), page=page,
                 lang=args.lang)
        if rc:
            return rc
    return 0


if __name__ == "__main__":
    sys.exit(main())
