"""The PDCA pages of the PDF report: 「計画と実績」 and one 「年度末の振り返り（令和N年度）」 per review.

Same content as the Excel sheets (both read :mod:`dxplanner.exchange.pdca_view`), drawn with the
flow and table helpers of :mod:`pdf_flow`. Photocopies are black and white, so nothing is told
by colour: a change is named in words (追加・削除・変更), a shift is a signed number of months, a
grade prints as its letter in a box *and* the town's wording, and 遅延 as “45日”.
"""

from __future__ import annotations

from dxplanner.exchange.pdca_view import (
    UNGRADED,
    ChangeRow,
    KpiRow,
    ReviewView,
    compare_view,
    grade_wording,
    number_text,
    review_views,
    shift_text,
)
from dxplanner.exchange.pdf_draw import BLACK, WHITE, Ink, text_width, wrap
from dxplanner.exchange.pdf_flow import SMALL, Col, Context, CustomCell, Flow, Page, Table
from dxplanner.exchange.pdf_gantt import _STATUS_OF, STATUS_LABELS
from dxplanner.exchange.pdf_sections import _value
from dxplanner.i18n import N_
from dxplanner.model import REVIEW_GRADES

KIND_LABELS = {"added": N_("Added"), "removed": N_("Removed"), "changed": N_("Changed")}
ARROW = " → "
GRADE_FILL = {"A": BLACK}  # A stands out as a solid box; B–D are outlined (the letter and wording say which)


def _status(ctx: Context, value: str | None) -> str:
    """A task status as the 工程表 prints it (the stored word in Japanese, its label in English)."""
    key = _STATUS_OF.get(value or "")
    return ctx.t(STATUS_LABELS[key]) if key and ctx.lang == "en" else _value(ctx, value or "")


def _count(ctx: Context, n: int) -> str:
    """3件 (en: the number alone; the column says what is counted)."""
    return ctx.t(N_("{n} items")).format(n=f"{n:,}") if ctx.lang == "ja" else f"{n:,}"


def _period(ctx: Context, r: ChangeRow, old: bool) -> str:
    a, b = (r.old_start, r.old_end) if old else (r.new_start, r.new_end)
    if a is None and b is None:
        return ""
    sep = "〜" if ctx.lang == "ja" else " – "
    return f"{ctx.short_date(a)}{sep}{ctx.short_date(b)}"


def _shift(ctx: Context, r: ChangeRow) -> str:
    s, e = shift_text(r.shift_start), shift_text(r.shift_end)
    if not s and not e:
        return ""
    if s == e:
        return s
    parts = []
    if s:
        parts.append(ctx.t(N_("start {n}")).format(n=s))
    if e:
        parts.append(ctx.t(N_("end {n}")).format(n=e))
    return "\n".join(parts)


def _days(ctx: Context, days: int | None) -> str:
    return ctx.t(N_("{days} days")).format(days=f"{days:,}") if days is not None else ""


def comparison_pages(ctx: Context) -> list[Page]:
    """計画と実績: the snapshot (default the newest) against the plan now; nothing without a snapshot."""
    view = compare_view(ctx.plan, ctx.compare_from, ctx.today)
    if view is None:
        return []
    section = ctx.t(N_("Plan and actual (計画と実績)"))
    flow = Flow(ctx, section)
    snap = view.snapshot
    name = ctx.user(snap.name, "snapshots", snap.name, "name")
    taken = ctx.date(snap.taken_at.date()) + f" {snap.taken_at:%H:%M}"
    head = ctx.t(N_("Compared with the snapshot “{name}” (saved {when}) → the plan now (as of {date})."))
    flow.paragraph(head.format(name=name, when=taken, date=ctx.date(view.today)), size=10.0, bold=True)
    if snap.note:
        flow.note(ctx.t(N_("Note on the snapshot: {note}")).format(note=ctx.user(snap.note, "snapshots", snap.name,
                                                                                    "note")))
    flow.space(6)
    counts = view.counts()
    late_now = sum(1 for x in view.rows if x.days_late is not None) + len(view.late_unchanged)
    count_cols = [(N_("Tasks added"), counts["added"]), (N_("Tasks removed"), counts["removed"]),
                  (N_("Tasks moved (dates changed)"), counts["moved"]),
                  (N_("Status changed"), counts["status_changed"]),
                  (N_("Progress updated"), counts["progress_changed"]), (N_("KPIs changed"), counts["kpis_changed"]),
                  (N_("Late now (遅延)"), late_now)]
    flow.table(Table([Col(ctx.t(m), 1.0, "center") for m, _ in count_cols],
                     [[_count(ctx, n) for _, n in count_cols]], size=10.0),
               title=ctx.t(N_("Changes since the snapshot")),
               widths=[flow.width * 0.6 / len(count_cols)] * len(count_cols))

    krows: list[list[str | CustomCell]] = []
    by_kpi: dict[str, list[KpiRow]] = {}
    for k in view.kpis:
        by_kpi.setdefault(k.kpi_id, []).append(k)
    for rows_k in by_kpi.values():
        k = rows_k[0]
        kname = ctx.user(k.name, "kpis", k.name, "name") + (f"（{ctx.clean(k.unit)}）" if k.unit else "")
        targets = [f"{ctx.fy(x.fy)}　{number_text(x.old_target) or '—'}{ARROW}{number_text(x.new_target) or '—'}"
                   for x in rows_k if x.fy and x.target_changed]
        actuals = [f"{ctx.fy(x.fy)}　{number_text(x.old_actual) or '—'}{ARROW}{number_text(x.new_actual) or '—'}"
                   for x in rows_k if x.fy and x.actual_changed]
        krows.append([ctx.t(KIND_LABELS[k.kind]), kname, "\n".join(targets), "\n".join(actuals)])
    if krows:
        flow.table(Table([Col(ctx.t(N_("Change")), 0.6 if ctx.lang == "ja" else 0.85, "center"), Col("KPI", 5.0),
                          Col(ctx.t(N_("Target (snapshot → now)")), 2.0),
                          Col(ctx.t(N_("Actual (snapshot → now)")), 2.0)],
                         krows), title=ctx.t(N_("KPI targets and actuals changed")))
    else:
        flow.heading(ctx.t(N_("KPI targets and actuals changed")))
        flow.note(ctx.t(N_("No KPI target or actual changed.")))

    lrows: list[list[str | CustomCell]] = []
    sep = "〜" if ctx.lang == "ja" else " – "
    for t, days in view.late_unchanged:
        lrows.append([ctx.user(t.title, "tasks", t.title, "title"),
                      ctx.user(t.department, "tasks", t.title, "department"),
                      f"{ctx.short_date(t.start)}{sep}{ctx.short_date(t.end)}", _status(ctx, t.status),
                      f"{t.progress}%", _days(ctx, days)])
    if lrows:
        flow.table(Table([Col(ctx.t(N_("Task")), 3.8), Col(ctx.t(N_("Department")), 1.0),
                          Col(ctx.t(N_("Planned period")), 1.5), Col(ctx.t(N_("Status")), 0.9),
                          Col(ctx.t(N_("Progress")), 0.7, "right"), Col(ctx.t(N_("Days late")), 0.8, "right")],
                         lrows), title=ctx.t(N_("Late now, unchanged since the snapshot")))
    kind_w = 0.6 if ctx.lang == "ja" else 0.85
    cols = [Col(ctx.t(N_("Change")), kind_w, "center"), Col(ctx.t(N_("Task")), 3.2), Col(ctx.t(N_("Department")), 1.0),
            Col(ctx.t(N_("Period in “{name}”")).format(name=name), 1.5), Col(ctx.t(N_("Period now")), 1.5),
            Col(ctx.t(N_("Shift (months)")), 0.85, "center"), Col(ctx.t(N_("Status (snapshot → now)")), 1.5),
            Col(ctx.t(N_("Progress (snapshot → now)")), 1.1), Col(ctx.t(N_("Days late")), 0.7, "right")]
    rows: list[list[str | CustomCell]] = []
    groups: set[int] = set()
    for g in view.groups:
        groups.add(len(rows))
        rows.append(["", ctx.user(g.area_name, "areas", g.area_name, "name"), "", "", "", "", "", "", ""])
        for x in g.rows:
            rows.append(_change_cells(ctx, x))
    if rows:
        flow.table(Table(cols, rows, bold_rows=groups, shade_rows=groups),
                   title=ctx.t(N_("Tasks added, removed or changed, by part of the plan")))
    else:
        flow.heading(ctx.t(N_("Tasks added, removed or changed, by part of the plan")))
        flow.note(ctx.t(N_("No task changed since the snapshot.")))

    flow.note(ctx.t(N_("Shift (months): + later, − earlier than in the snapshot.")))
    flow.note(ctx.t(N_("Late (遅延): the planned end, within the plan period or after it, has passed on the as-of "
                       "date and the task is neither 完了 nor 中止; days late are counted from the planned end.")))
    return flow.pages(bookmark=section)


def _change_cells(ctx: Context, x: ChangeRow) -> list[str | CustomCell]:
    title = ctx.user(x.title, "tasks", x.title, "title")
    if x.renamed_from:
        title += "\n" + ctx.t(N_("(was “{old}”)")).format(old=ctx.user(x.renamed_from, "tasks", x.title, "title"))
    dept = ctx.user(x.department, "tasks", x.title, "department")
    if x.department_from is not None:
        dept += "\n" + ctx.t(N_("(was {old})")).format(old=ctx.clean(x.department_from) or "—")
    if x.status_changed:
        status = _status(ctx, x.old_status) + ARROW + _status(ctx, x.new_status)
    else:
        status = _status(ctx, x.old_status if x.kind == "removed" else x.new_status)
    if x.progress_changed:
        progress = f"{x.old_progress}%{ARROW}{x.new_progress}%"
    else:
        p = x.old_progress if x.kind == "removed" else x.new_progress
        progress = f"{p}%" if p is not None else ""
    return [ctx.t(KIND_LABELS[x.kind]), title, dept, _period(ctx, x, True), _period(ctx, x, False), _shift(ctx, x),
            status, progress, _days(ctx, x.days_late)]


# ---------------------------------------------------------------------------------------------
# 年度末の振り返り


def _grade_cell(letter: str, wording: str, width: float) -> CustomCell:
    """The grade as a boxed letter and the town's wording beside it (no colour needed)."""
    text_w = max(width - 16.0, 20.0)
    lines = wrap(wording, SMALL, text_w) or [""]
    height = max(11.0, len(lines) * SMALL * 1.25)

    def draw(ink: Ink, x: float, top: float, w: float, h: float) -> None:
        fill = GRADE_FILL.get(letter, WHITE)
        if not wording:  # the letter alone: centred in its column
            x += (w - 11.0) / 2
        ink.rect(x, top - 11.0, 11.0, 11.0, fill=fill, stroke=BLACK, width=0.8)
        ink.text(x + 5.5, top - 8.6, letter or "—", 8.5, bold=True, align="center",
                 color=WHITE if fill != WHITE else BLACK)
        ink.lines(x + 15.0, top - 1.0, lines, SMALL, SMALL * 1.25)

    return CustomCell(height, draw)


def review_pages(ctx: Context) -> list[Page]:
    """One 年度末の振り返り section per reviewed 年度 (none without a review)."""
    pages: list[Page] = []
    for view in review_views(ctx.plan):
        pages.extend(_review_section(ctx, view))
    return pages


def _review_section(ctx: Context, view: ReviewView) -> list[Page]:
    review = view.review
    section = ctx.t(N_("Yearly review ({fy})")).format(fy=ctx.fy(review.fy))
    flow = Flow(ctx, section)
    where = ctx.fy(review.fy)
    if review.reviewed_on:
        flow.paragraph(ctx.t(N_("Reviewed on {date}.")).format(date=ctx.date(review.reviewed_on)))
    if review.summary:
        flow.heading(ctx.t(N_("Summary")))
        for para in review.summary.splitlines() or [""]:
            flow.paragraph(ctx.user(para, "reviews", where, "summary"), size=9.5)
        flow.space(6)
    counts = view.counts()
    legend_w = min(flow.width, 420.0)
    weights = (0.7, 4.0, 0.9)
    grade_w = legend_w * weights[0] / sum(weights)
    legend_rows: list[list[str | CustomCell]] = []
    for g in (*REVIEW_GRADES, UNGRADED):
        wording = grade_wording(review, g, ctx.lang) if g else ctx.t(N_("Not graded yet"))
        legend_rows.append([_grade_cell(g, "", grade_w - 6), ctx.user(wording, "reviews", where, "grade_labels"),
                            _count(ctx, counts[g])])
    flow.table(Table([Col(ctx.t(N_("Grade")), weights[0], "center"), Col(ctx.t(N_("Meaning")), weights[1]),
                      Col(ctx.t(N_("Items")), weights[2], "right")], legend_rows, size=9.0),
               title=ctx.t(N_("Grades (as this 団体 words them) and how many")),
               widths=[legend_w * w / sum(weights) for w in weights])

    cols = [Col(ctx.t(N_("Kind")), 0.55, "center"), Col(ctx.t(N_("Part of the plan (分野)")), 1.3),
            Col(ctx.t(N_("Task or KPI")), 2.6), Col(ctx.t(N_("Department")), 0.9),
            Col(ctx.t(N_("Plan / target")), 1.3), Col(ctx.t(N_("Result")), 1.3), Col(ctx.t(N_("Grade")), 1.5),
            Col(ctx.t(N_("Comment")), 2.4), Col(ctx.t(N_("Next step")), 2.2)]
    total = sum(c.weight for c in cols)
    grade_col_w = flow.width * cols[6].weight / total - 6.0
    sep = "〜" if ctx.lang == "ja" else " – "
    rows: list[list[str | CustomCell]] = []
    long_texts: list[tuple[str, str, str]] = []
    limit = ctx.geometry.frame_height * 0.4  # a cell taller than this moves below the table
    widths = [flow.width * c.weight / total - 6.0 for c in cols]

    def fit(text: str, col: int, name: str, what: str) -> str:
        lines = text_width(text, SMALL) / max(widths[col], 1.0) + text.count("\n") + 1
        if lines * SMALL * 1.25 <= limit:
            return text
        long_texts.append((ctx.clean(name), what, text))
        return ctx.t(N_("(in full below: *{n})")).format(n=f"{len(long_texts):,}")

    for r in view.rows:
        label = r.name + (ctx.t(N_("（deleted since）")) if r.missing else "")
        if r.kind == "task":
            plan_text = sep.join(ctx.short_date(d) for d in (r.start, r.end) if d)
            actual = r.actual
        else:
            plan_text = ctx.t(N_("Target {value}")).format(value=number_text(r.target, r.unit)) \
                if r.target is not None else ""
            actual = r.actual or (ctx.t(N_("Actual {value}")).format(value=number_text(r.kpi_actual, r.unit))
                                  if r.kpi_actual is not None else "")
        g = r.grade if r.grade in REVIEW_GRADES else UNGRADED
        wording = grade_wording(review, g, ctx.lang) if g else ctx.t(N_("Not graded yet"))
        kind = "tasks" if r.kind == "task" else "kpis"
        rows.append([
            ctx.t(N_("Task")) if r.kind == "task" else "KPI",
            ctx.user(r.area_name, "areas", r.area_name, "name"),
            ctx.user(label, kind, r.name, "title" if r.kind == "task" else "name"),
            ctx.user(r.department, kind, r.name, "department"),
            ctx.clean(plan_text),
            fit(ctx.user(actual, "reviews", r.name, "actual"), 5, r.name, ctx.t(N_("Result"))),
            _grade_cell(g, ctx.clean(wording), grade_col_w),
            fit(ctx.user(r.comment, "reviews", r.name, "comment"), 7, r.name, ctx.t(N_("Comment"))),
            fit(ctx.user(r.next_step, "reviews", r.name, "next_step"), 8, r.name, ctx.t(N_("Next step"))),
        ])
    if rows:
        flow.table(Table(cols, rows, size=SMALL), title=ctx.t(N_("Tasks and KPIs reviewed")))
    else:
        flow.heading(ctx.t(N_("Tasks and KPIs reviewed")))
        flow.note(ctx.t(N_("The review has no items.")))
    if long_texts:
        # text too long for a table cell (a row may not outgrow a page) follows in full, full width
        flow.heading(ctx.t(N_("Long entries in full")))
        for n, (name, what, text) in enumerate(long_texts, start=1):
            flow.paragraph(f"*{n}　{name}（{what}）", size=SMALL, bold=True)
            for para in text.splitlines() or [""]:
                flow.paragraph(para, size=SMALL)
            flow.space(4)
    flow.note(ctx.t(N_("Grades: the letter in the box and its meaning as this 団体 words it; "
                       "“—” is an item not graded yet.")))
    return flow.pages(bookmark=section)
