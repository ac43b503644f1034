"""How tests/data/schema/v2.dxplan was made (kept for the record; do not re-run after schema 2).

Version 2 brought the 標準化 tracker after the deadline (status, 稼働日, ガバメントクラウド,
contracts, links to tasks, the town's named steps) and 運用経費 (``std_costs``), issue #16, and
財源 as budgets write them (都道府県支出金, 交付税 措置 as allocation), issue #15. The fixture is the
みどり町 sample plus awkward text in those new fields. ``v2.json`` is the plan as it was written.

    .venv/bin/python tests/data/schema/make_v2.py
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from dxplanner import ops  # noqa: E402
from dxplanner.exchange.json_format import dumps, read_json_file  # noqa: E402
from dxplanner.model import SystemCost  # noqa: E402
from dxplanner.paths import sample_plan_json  # noqa: E402
from dxplanner.store.gateway import write_new  # noqa: E402
from dxplanner.store.schema import SCHEMA_VERSION  # noqa: E402

AWKWARD = ["髙﨑市との連携", "𠮷野家の𠮷", "葛\U000e0100城市（IVS）", "ｶﾀｶﾅ半角", "㈱①②③", "=1+1", "'先頭の引用符"]


def main() -> None:
    assert SCHEMA_VERSION == 2, "this script makes the version-2 fixture only"
    plan = read_json_file(sample_plan_json())
    ops.UpdateEntity("systems", "juki", {
        "vendor": AWKWARD[0], "system": AWKWARD[1], "cloud_partner": AWKWARD[2], "note": "\n".join(AWKWARD),
        "phases": {"計画立案": "完了済み", AWKWARD[3]: "作業中"}}).apply(plan)
    ops.UpdateEntity("systems", "kaigo", {"tokutei_reason_text": AWKWARD[4] + "（理由）",
                                          "tokutei_deadline": datetime.date(2031, 3, 31)}).apply(plan)
    ops.PutEntities("std_costs", [SystemCost(id="fx-cost", name=AWKWARD[5], system_ids=["kaigo", "seiho"],
                                             baseline=0, actual={2018: 1}, planned={2040: 999_999_999_999},
                                             note=AWKWARD[6], order=99)]).apply(plan)
    # 財源: a line with a 交付税 措置 and its 措置見込額（参考）, a 都道府県支出金 line
    line = next(iter(plan.budget.values()))
    ops.UpdateEntity("budget", line.id, {"source": "都道府県支出金", "allocation": "特別交付税",
                                        "allocation_estimate": 123_456}).apply(plan)
    out = HERE / "v2.dxplan"
    out.unlink(missing_ok=True)
    write_new(out, plan)
    (HERE / "v2.json").write_text(dumps(plan), encoding="utf-8")
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
