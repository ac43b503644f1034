"""The council paper's own pages: what each task is about (and why a late one is late), and the glossary.

A council (議会) asks two questions the 工程表 cannot answer: what is this task, and why is it
late. :func:`task_overview_pages` prints each task's 概要 (its description) and, for a task late on
the 基準日, the reason the 担当課 entered (its comment). :func:`glossary_pages` closes the report
with the definitions of the measures (:mod:`dxplanner.glossary`).
"""

from __future__ import annotations

import datetime

from dxplanner import figures
from dxplanner.exchange.pdf_flow import SMALL, Col, Context, CustomCell, Flow, Page, Table
from dxplanner.exchange.pdf_gantt import STATUS_LABELS, status_key
from dxplanner.glossary import GLOSSARY
from dxplanner.i18n import N_


def task_overview_pages(ctx: Context) -> list[Page]:
    plan = ctx.plan
    section = ctx.t(N_("Tasks: overview and reasons for delay"))
    flow = Flow(ctx, section)
    rows: list[list[str | CustomCell]] = []
    for depth, t in plan.ordered_tasks():
        if depth > 1:
            continue  # the council reads the tasks and their first steps; finer work stays in the 工程表
        key = status_key(plan, t, ctx.today)
        days = figures.late_days(plan, t, ctx.today)
        status = ctx.t(STATUS_LABELS[key])
        if days is not None:
            status = ctx.t(N_("Late {days} days")).format(days=f"{days:,}")
        elif t.status == "進行中":
            status += f" {t.progress}%"
        area = plan.areas.get(t.area_id)
        reason = ctx.user(t.comment, "tasks", t.title, "comment") if days is not None else ""
        rows.append([
            ctx.user(area.name, "areas", area.name, "name") if area and depth == 0 else "",
            ("　" * depth) + ctx.user(t.title, "tasks", t.title, "title"),
            ctx.user(t.department, "tasks", t.title, "department"),
            _period(ctx, t.start, t.end),
            status,
            ctx.user(t.description, "tasks", t.title, "description"),
            reason,
        ])
    cols = [Col(ctx.t(N_("Part")), 1.3), Col(ctx.t(N_("Task")), 2.4), Col(ctx.t(N_("Department (担当課)")), 1.1),
            Col(ctx.t(N_("Period")), 1.4), Col(ctx.t(N_("Status")), 1.0), Col(ctx.t(N_("Overview (概要)")), 3.6),
            Col(ctx.t(N_("Reason for the delay (from the 担当課)")), 2.6)]
    if rows:
        flow.table(Table(cols, rows, size=SMALL), title=section)
        flow.note(ctx.t(N_("Status and days late as of {date} (基準日). The reason is the comment the 担当課 "
                           "entered for the task.")).format(date=ctx.date(ctx.today)))
    else:
        flow.paragraph(ctx.t(N_("The plan has no tasks yet.")))
    return flow.pages(bookmark=section)


def _period(ctx: Context, start: datetime.date | None, end: datetime.date | None) -> str:
    a, b = ctx.short_date(start), ctx.short_date(end)
    return f"{a}〜{b}" if a or b else ""


def glossary_pages(ctx: Context) -> list[Page]:
    section = ctx.t(N_("Definitions (用語の定義)"))
    flow = Flow(ctx, section)
    rows: list[list[str | CustomCell]] = [[ctx.t(term), ctx.t(text)] for term, text in GLOSSARY]
    flow.table(Table([Col(ctx.t(N_("Glossary term")), 2.2), Col(ctx.t(N_("Definition")), 7.0)], rows),
               title=section)
    return flow.pages(bookmark=section)
