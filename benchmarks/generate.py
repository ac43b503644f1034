"""Large plans for benchmarks: the 第1.0版 template grown to N tasks with realistic shapes."""

from __future__ import annotations

import datetime
import random

from dxplanner.model import Plan, Task
from dxplanner.template import new_plan

DEPTS = ("企画課", "総務課", "住民課", "税務課", "健康福祉課", "子育て支援課", "建設課", "教育委員会")
WORDS = ("検討", "調達", "構築", "運用", "研修", "周知", "移行", "検証", "改修", "調査")


def big_plan(n_tasks: int, seed: int = 1) -> Plan:
    """A plan with ``n_tasks`` tasks: parents with 3–8 children, links between siblings."""
    rnd = random.Random(seed)
    plan = new_plan("ベンチ町", "019992", from_fy=2021, to_fy=2030, edition="1.0", now=datetime.datetime(2021, 4, 1))
    plan.tasks.clear()
    areas = sorted(plan.areas)
    n = 0
    order = 0
    while n < n_tasks:
        area = areas[n % len(areas)]
        start = datetime.date(2021 + rnd.randrange(9), rnd.randrange(1, 13), 1)
        parent = Task(id=f"p{n:06d}", area_id=area, order=order, title=f"取組{n} {rnd.choice(WORDS)}",
                      department=rnd.choice(DEPTS), start=start,
                      end=start + datetime.timedelta(days=rnd.randrange(90, 720)), precision="month",
                      status=rnd.choice(("未着手", "進行中", "完了")), progress=rnd.randrange(0, 101, 10))
        plan.tasks[parent.id] = parent
        order += 1
        n += 1
        prev: Task | None = None
        for c in range(rnd.randrange(3, 9)):
            if n >= n_tasks:
                break
            s = parent.start + datetime.timedelta(days=30 * c)
            child = Task(id=f"c{n:06d}", area_id=area, parent_id=parent.id, order=c,
                         title=f"{parent.title} の作業{c + 1}", description="説明" * rnd.randrange(0, 5),
                         department=parent.department, start=s, end=s + datetime.timedelta(days=rnd.randrange(20, 120)),
                         precision="day", milestone=rnd.random() < 0.05, progress=rnd.randrange(0, 101, 10),
                         depends_on=[prev.id] if prev is not None and rnd.random() < 0.4 else [])
            if child.milestone:
                child.end = child.start
            plan.tasks[child.id] = child
            prev = child
            n += 1
    return plan
