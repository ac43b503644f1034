"""Plain-text renderings shared by the command line (and usable in logs): the comparison."""

from __future__ import annotations

import datetime

from dxplanner.fiscal import date_label
from dxplanner.history import NOW, Comparison, TaskChange
from dxplanner.i18n import N_, translate
from dxplanner.model import Plan


def _d(iso: str | None, lang: str) -> str:
    return date_label(datetime.date.fromisoformat(iso), lang=lang) if iso else "—"


NOW_LABEL = N_("now")  # marked for extraction: the plan as it is, in a comparison's heading


def _label(key: str, lang: str) -> str:
    return translate(NOW_LABEL, lang) if key == NOW else key


def task_line(c: TaskChange, lang: str) -> str:
    tr = lambda s: translate(s, lang)  # noqa: E731
    parts: list[str] = []
    if c.kind == "added":
        parts.append(tr("added") + f" ({_d(c.new_start, lang)}–{_d(c.new_end, lang)})")
    elif c.kind == "removed":
        parts.append(tr("removed"))
    else:
        if c.old_start != c.new_start or c.old_end != c.new_end:
            m = c.moved_end_months if c.moved_end_months is not None else c.moved_start_months
            if m:
                span = f" ({_d(c.old_end, lang)} → {_d(c.new_end, lang)})"
                parts.append(tr("moved {n:+d} months").format(n=m) + span)
            else:
                parts.append(tr("dates changed") + f" ({_d(c.old_start, lang)}–{_d(c.old_end, lang)} → "
                             f"{_d(c.new_start, lang)}–{_d(c.new_end, lang)})")
        if c.old_status != c.new_status:
            parts.append(tr("status {old} → {new}").format(old=c.old_status, new=c.new_status))
        if c.old_progress != c.new_progress:
            parts.append(tr("progress {old}% → {new}%").format(old=c.old_progress, new=c.new_progress))
        if c.renamed_from is not None:
            parts.append(tr("renamed from “{old}”").format(old=c.renamed_from))
        if c.department_from is not None:
            parts.append(tr("担当課 {old} → {new}").format(old=c.department_from or "—", new=c.department_to or "—"))
    return f"「{c.title}」 " + "; ".join(parts) if lang == "ja" else f"“{c.title}” " + "; ".join(parts)


def comparison_lines(comp: Comparison, plan: Plan, lang: str = "ja") -> list[str]:
    tr = lambda s: translate(s, lang)  # noqa: E731
    counts = comp.counts()
    lines = [tr("From {a} to {b}").format(a=_label(comp.from_label, lang), b=_label(comp.to_label, lang)),
             tr("added {added}, removed {removed}, moved {moved}, status changed {status_changed}, "
               "progress changed {progress_changed}, KPIs changed {kpis_changed}").format(**counts)]
    areas = {a.id: a.name for a in plan.areas.values()}
    current = None
    for c in sorted(comp.tasks, key=lambda c: (c.area_id, c.kind, c.title)):
        if c.area_id != current:
            current = c.area_id
            lines.append(f"[{areas.get(c.area_id, c.area_id)}]")
        lines.append("  " + task_line(c, lang))
    for k in comp.kpis:
        if k.kind != "changed":
            lines.append("  KPI " + f"「{k.name}」 " + tr(k.kind))
            continue
        for fy, (o, n) in sorted(k.targets_changed.items()):
            lines.append("  KPI " + tr("“{name}” target {fy}: {old} → {new}").format(
                name=k.name, fy=fy, old="—" if o is None else o, new="—" if n is None else n))
        for fy, (o, n) in sorted(k.actuals_changed.items()):
            lines.append("  KPI " + tr("“{name}” actual {fy}: {old} → {new}").format(
                name=k.name, fy=fy, old="—" if o is None else o, new="—" if n is None else n))
    return lines
