"""How tests/data/schema/v2.dxplan was made (kept for the record; do not re-run after schema 2).

The fixture is a realistic plan (the みどり町 sample) plus awkward text, written by the program
when schema version 2 was current (財源 as budgets write them, issue #15). It is committed and never regenerated: it stands for every
file users made with that version. ``v2.json`` is the plan as it was written (the JSON dump).

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
from dxplanner.model import Task  # noqa: E402
from dxplanner.paths import sample_plan_json  # noqa: E402
from dxplanner.store.gateway import write_new  # noqa: E402
from dxplanner.store.schema import SCHEMA_VERSION  # noqa: E402

AWKWARD = [
    "髙﨑市との連携", "\uf9dc（互換漢字）", "𠮷野家の𠮷", "葛\U000e0100城市（IVS）", "\ue000外字\ue8ff", "ｶﾀｶﾅ半角",
    "㈱①②③", "👨‍👩‍👧 家族 🏯", "e\u0301 が\u3099", "<b>太字</b> & AT&T", "=1+1", "'先頭の引用符",
]


def main() -> None:
    assert SCHEMA_VERSION == 2, "this script makes the version-2 fixture only"
    plan = read_json_file(sample_plan_json())
    area = sorted(plan.areas)[0]
    parent = Task(id="fx-parent", area_id=area, order=900, title="特殊文字の確認", start=datetime.date(2024, 4, 1),
                  end=datetime.date(2025, 3, 31), precision="year", description="\n".join(AWKWARD))
    tasks = [parent] + [
        Task(id=f"fx-{i:02d}", area_id=area, parent_id="fx-parent", order=i, title=text,
             start=datetime.date(2024, 4 + i % 9, 1), end=datetime.date(2025, 1 + i % 3, 28), precision="day",
             progress=i * 7 % 101, comment=text + "\t備考", department="企画課")
        for i, text in enumerate(AWKWARD)
    ]
    tasks[2].depends_on = ["fx-00"]
    ops.PutEntities("tasks", tasks).apply(plan)
    # schema 2's own fields: a line with a 交付税 措置 and its 措置見込額（参考）, a 都道府県支出金 line
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
