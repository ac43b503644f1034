"""The sections of the PDF report other than the cover and the 工程表: one function per section.

Each ``*_pages(ctx)`` returns the laid-out pages of its section (see :mod:`pdf_flow`); adding a
section is adding a function and listing it in ``pdf_report.SECTIONS`` (the snapshot and review
pages are in :mod:`pdf_history`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from dxplanner import figures
from dxplanner import standardization as stdz
from dxplanner.checks import ERROR, INFO, SEVERITY_ORDER, WARNING, Finding
from dxplanner.exchange.pdf_draw import (
    BLACK,
    GREY_TEXT,
    RULE,
    WHITE,
    Color,
    Ink,
    text_width,
    wrap,
)
from dxplanner.exchange.pdf_flow import (
    BODY,
    SMALL,
    Col,
    Context,
    CustomCell,
    Flow,
    Page,
    Table,
)
from dxplanner.exchange.pdf_gantt import DONE_FILL
from dxplanner.funding import summarize
from dxplanner.i18n import N_
from dxplanner.labels import SEVERITY_LABELS, appointment_wording
from dxplanner.model import FUNDING_SOURCES, STD_STATUSES, Body, Kpi, Role
from dxplanner.money import format_thousand_yen

# ---------------------------------------------------------------------------------------------
# helpers


def _money(yen: int) -> str:
    return format_thousand_yen(yen, "ja", unit=False)


def _num(v: float | None) -> str:
    if v is None:
        return ""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _value(ctx: Context, value: str) -> str:
    """A stored vocabulary value (kept in Japanese) as printed: itself in Japanese, its label in English."""
    return ctx.t(_VALUE_LABELS[value]) if ctx.lang == "en" and value in _VALUE_LABELS else value


def _status(ctx: Context, status: str, who: str) -> str:
    """An appointment status as it reads for ``who``: a 首長 is 就任済, a body 設置済."""
    return appointment_wording(status, who, ctx.lang) or _value(ctx, status)


_VALUE_LABELS = {
    "任命済": N_("Appointed"),
    "予定": N_("Planned"),
    "未定": N_("Not decided"),
    "未対応": N_("Not yet"),
    "対応中": N_("In progress"),
    "オンライン化済": N_("Online"),
    "対象外": N_("Not applicable"),
    "完了済み": N_("Done"),
    "作業中": N_("In progress"),
    "未着手": N_("Not started"),
    "未移行": N_("Not migrated"),
    "移行中": N_("Migrating"),
    "移行済": N_("Migrated"),
    "特定移行支援": N_("特定移行支援"),
    "単独利用": N_("On its own"),
    "共同利用": N_("Shared"),
}


# ---------------------------------------------------------------------------------------------
# 推進体制


@dataclass
class _Box:
    lines: list[tuple[str, float, bool]]  # text, size, bold
    width: float
    dashed: bool = False
    fill: Color = WHITE

    @property
    def height(self) -> float:
        return sum(s * 1.3 for _, s, _ in self.lines) + 8

    def draw(self, ink: Ink, cx: float, top: float) -> tuple[float, float, float, float]:
        x = cx - self.width / 2
        h = self.height
        ink.dashed([3, 2] if self.dashed else None)
        ink.rect(x, top - h, self.width, h, fill=self.fill, stroke=BLACK, width=1.0 if not self.dashed else 0.8)
        ink.dashed(None)
        y = top - 4
        for text, size, bold in self.lines:
            ink.text(cx, y - size * 0.95, text, size, bold=bold, align="center")
            y -= size * 1.3
        return x, top - h, x + self.width, top


CHART_ROLES = 3  # people shown per box of the 推進体制 chart (all of them are in the table)


def _role_box(ctx: Context, kind_label: str, roles: list[Role], width: float) -> _Box:
    lines: list[tuple[str, float, bool]] = [(kind_label, 8.0, True)]
    if not roles:
        lines.append((ctx.t(N_("(not set)")), SMALL, False))
        return _Box(lines, width, dashed=True)
    # the chart is a summary (the tables below it hold every word): a box stays small
    for r in roles[:CHART_ROLES]:
        # a post named like its role (「首長」 in the 首長 box) is said once, never 「首長 首長」
        name = "" if r.title.strip() in (r.kind, kind_label) else ctx.user(r.title, "roles", r.title or r.kind, "title")
        person = ctx.user(r.person, "roles", r.title or r.kind, "person")
        for text in wrap(" ".join(p for p in (name, person) if p) or "—", BODY, width - 10, max_lines=3):
            lines.append((text, BODY, False))
        extra = []
        if r.external:
            extra.append(ctx.t(N_("external")))
        if r.status != "任命済":
            when = ctx.short_date(r.date) if r.status == "予定" and r.date else ""
            extra.append(_status(ctx, r.status, r.kind) + (f" {when}" if when else ""))
        if extra:
            lines.append(("（" + "・".join(extra) + "）", SMALL, False))
    if len(roles) > CHART_ROLES:
        lines.append((ctx.t(N_("and {n} more")).format(n=f"{len(roles) - CHART_ROLES:,}"), SMALL, False))
    dashed = all(r.status != "任命済" for r in roles)
    return _Box(lines, width, dashed=dashed)


def _body_box(ctx: Context, body: Body, width: float, main: bool) -> _Box:
    name = ctx.user(body.name, "bodies", body.name, "name") or ctx.t(N_("(no name)"))
    size = 9.0 if main else 8.0
    lines: list[tuple[str, float, bool]] = [(t, size, True) for t in wrap(name, size, width - 10, True, max_lines=2)]
    if body.chair:
        chair = ctx.t(N_("Chair: {chair}")).format(chair=ctx.user(body.chair, "bodies", body.name, "chair"))
        lines += [(t, SMALL, False) for t in wrap(chair, SMALL, width - 10, max_lines=2)]
    if body.members:
        members = "、".join(ctx.user(m, "bodies", body.name, "members") for m in body.members)
        text = ctx.t(N_("Members: {members}")).format(members=members)
        lines += [(t, SMALL, False) for t in wrap(text, SMALL, width - 10, max_lines=4)]
    if body.cadence:
        cad = ctx.t(N_("Meets: {cadence}")).format(cadence=ctx.user(body.cadence, "bodies", body.name, "cadence"))
        lines += [(t, SMALL, False) for t in wrap(cad, SMALL, width - 10, max_lines=2)]
    return _Box(lines, width, dashed=body.status != "任命済", fill=(0.95, 0.95, 0.95) if main else WHITE)


def _arrow(ink: Ink, x: float, y_from: float, y_to: float) -> None:
    ink.line(x, y_from, x, y_to + 4, BLACK, 1.0)
    ink.polygon([(x, y_to), (x - 3.2, y_to + 6), (x + 3.2, y_to + 6)], fill=BLACK, stroke=None)


def _departments(ctx: Context) -> list[tuple[str, int, list[str]]]:
    """担当課 named in the plan: (department, number of tasks, DX leads placed there)."""
    counts: Counter[str] = Counter()
    order: list[str] = []
    for _, t in ctx.plan.ordered_tasks():
        d = t.department.strip()
        if d:
            if d not in counts:
                order.append(d)
            counts[d] += 1
    leads: dict[str, list[str]] = {}
    for r in sorted(ctx.plan.roles.values(), key=lambda r: r.order):
        if r.kind == "DX推進リーダー" and r.department.strip():
            d = r.department.strip()
            if d not in counts and d not in order:
                order.append(d)
            leads.setdefault(d, []).append(ctx.user(r.person or r.title, "roles", r.title or r.kind, "person"))
    return [(ctx.user(d, "tasks", d, "department"), counts[d], leads.get(d, [])) for d in order]


def structure_pages(ctx: Context) -> list[Page]:
    plan = ctx.plan
    section = ctx.t(N_("Organisation (推進体制)"))
    flow = Flow(ctx, section)
    roles = sorted(plan.roles.values(), key=lambda r: r.order)
    by_kind: dict[str, list[Role]] = {}
    for r in roles:
        by_kind.setdefault(r.kind, []).append(r)
    bodies = sorted(plan.bodies.values(), key=lambda b: b.order)
    bw = 190.0
    head = _role_box(ctx, ctx.t(N_("Head of the municipality (首長)")), by_kind.get("首長", []), bw)
    cio = _role_box(ctx, "CIO", by_kind.get("CIO", []), bw)
    aide = _role_box(ctx, ctx.t(N_("CIO補佐官")), by_kind.get("CIO補佐官", []), bw)
    ciso = _role_box(ctx, "CISO", by_kind.get("CISO", []), bw) if "CISO" in by_kind else None
    main_body = _body_box(ctx, bodies[0], bw + 60, True) if bodies else None
    sub_bodies = [_body_box(ctx, b, 150, False) for b in bodies[1:4]]
    depts = _departments(ctx)
    dept_boxes = []
    for name, n, leads in depts:
        lines: list[tuple[str, float, bool]] = [(t, 8.0, True) for t in wrap(name, 8.0, 84, True, max_lines=3)]
        lines.append((ctx.t(N_("{n} tasks")).format(n=f"{n:,}"), SMALL, False))
        for lead in leads[:2]:
            text = ctx.t(N_("DX lead: {name}")).format(name=lead)
            lines += [(t, 7.0, False) for t in wrap(text, 7.0, 84, max_lines=2)]
        dept_boxes.append(_Box(lines, 92))
    # the chart is drawn at A4 size and scaled up on A3 (text only grows)
    scale = 1.3 if ctx.geometry.paper == "A3" else 1.0
    width = flow.width / scale
    per_row = max(1, int((width + 8) // 100))
    dept_rows = [dept_boxes[i:i + per_row] for i in range(0, len(dept_boxes), per_row)]
    dept_h = max((b.height for b in dept_boxes), default=0.0)
    gap = 22.0
    height = head.height + gap
    height += (max([main_body.height, *(b.height for b in sub_bodies)]) if main_body else 0.0) + gap
    height += max(cio.height, aide.height, ciso.height if ciso else 0.0) + gap
    # as many rows of 担当課 as the page holds; the others are counted in a line under them
    room = flow.ctx.geometry.frame_height / scale - height - 14 - 24
    fit_rows = max(1, int(room // (dept_h + 10))) if dept_rows else 0
    left_out = sum(len(r) for r in dept_rows[fit_rows:])
    dept_rows = dept_rows[:fit_rows]
    height += 14 + len(dept_rows) * (dept_h + 10) + (14 if left_out else 0)
    if not dept_boxes:
        height += 20

    def draw(ink: Ink, x0: float, top0: float) -> None:
        ink.save()
        ink.transform(x0, top0, scale)
        _draw_chart(ink, 0.0, 0.0)
        ink.restore()

    def _draw_chart(ink: Ink, x: float, top: float) -> None:
        cx = x + width / 2
        y = top
        _, hb, _, _ = head.draw(ink, cx, y)
        y = hb - gap
        if main_body is not None:
            _arrow(ink, cx, hb, y)
            _, bb, bx1, _ = main_body.draw(ink, cx, y)
            prev_right = bx1
            for sub in sub_bodies:
                ink.dashed([2, 2])
                ink.line(prev_right, y - 14, prev_right + 40, y - 14, RULE, 0.8)
                ink.dashed(None)
                _, _, prev_right, _ = sub.draw(ink, prev_right + 40 + sub.width / 2, y)
            rows_h = max([main_body.height, *(b.height for b in sub_bodies)])
            prev_bottom = bb
            y = y - rows_h - gap
        else:
            prev_bottom = hb
            y = hb - gap
        _arrow(ink, cx, prev_bottom, y)
        cx0, cb, cx1, _ = cio.draw(ink, cx, y)
        mid_y = y - 14
        ax = cx1 + 70 + aide.width / 2
        ink.dashed([4, 2])
        ink.line(cx1, mid_y, ax - aide.width / 2, mid_y, BLACK, 0.9)
        ink.dashed(None)
        ink.text((cx1 + ax - aide.width / 2) / 2, mid_y + 3, ctx.t(N_("assists")), SMALL, align="center",
                 color=GREY_TEXT)
        aide.draw(ink, ax, y)
        if ciso is not None:
            sx = cx0 - 70 - ciso.width / 2
            ink.line(sx + ciso.width / 2, mid_y, cx0, mid_y, BLACK, 0.9)
            ciso.draw(ink, sx, y)
        row_h = max(cio.height, aide.height, ciso.height if ciso else 0.0)
        y = y - row_h - gap
        _arrow(ink, cx, cb, y + 14)
        label = ctx.t(N_("Departments in charge (担当課)"))
        lw = text_width(label, 8.0, True)
        ink.rect(cx - lw / 2 - 4, y + 2, lw + 8, 12, fill=WHITE)
        ink.text(cx, y + 5, label, 8.0, bold=True, align="center")
        y -= 4
        if not dept_boxes:
            ink.text(cx, y - 12, ctx.t(N_("(no 担当課 entered for any task)")), BODY, align="center")
        for row in dept_rows:
            total = len(row) * 92 + (len(row) - 1) * 8
            bx = cx - total / 2 + 46
            ink.line(bx, y, bx + (len(row) - 1) * 100, y, BLACK, 0.8)
            for box in row:
                ink.line(bx, y, bx, y - 6, BLACK, 0.8)
                box.draw(ink, bx, y - 6)
                bx += 100
            y -= dept_h + 10
        if left_out:
            more = ctx.t(N_("and {n} more departments (see the schedule)")).format(n=f"{left_out:,}")
            ink.text(cx, y - 8, more, SMALL, align="center", color=GREY_TEXT)

    flow.place(height * scale, draw, gap=10)
    flow.note(ctx.t(N_("Dashed boxes: not yet appointed or only planned.")))
    flow.space(6)
    rows: list[list[str | CustomCell]] = []
    for r in roles:
        name = r.title or r.kind
        rows.append([
            _value(ctx, r.kind) if r.kind != "その他" else ctx.t(N_("Other")),
            "" if r.title.strip() == r.kind else ctx.user(r.title, "roles", name, "title"),
            ctx.user(r.person, "roles", name, "person"),
            ctx.user(r.department, "roles", name, "department"),
            ctx.t(N_("yes")) if r.external else "",
            _status(ctx, r.status, r.kind),
            ctx.short_date(r.date),
            ctx.user(r.note, "roles", name, "note"),
        ])
    if rows:
        flow.table(Table([
            Col(ctx.t(N_("Role")), 1.1), Col(ctx.t(N_("Post")), 1.6), Col(ctx.t(N_("Person")), 1.1),
            Col(ctx.t(N_("Department")), 1.0), Col(ctx.t(N_("External")), 0.55, "center"),
            Col(ctx.t(N_("Status")), 0.7, "center"), Col(ctx.t(N_("Date")), 0.8), Col(ctx.t(N_("Note")), 3.2),
        ], rows), title=ctx.t(N_("Roles")))
    brows: list[list[str | CustomCell]] = []
    for b in bodies:
        brows.append([
            ctx.user(b.name, "bodies", b.name, "name"),
            ctx.user(b.chair, "bodies", b.name, "chair"),
            "、".join(ctx.user(m, "bodies", b.name, "members") for m in b.members),
            ctx.user(b.cadence, "bodies", b.name, "cadence"),
            _status(ctx, b.status, "body"),
            ctx.short_date(b.date),
            ctx.user(b.note, "bodies", b.name, "note"),
        ])
    if brows:
        flow.table(Table([
            Col(ctx.t(N_("Body")), 1.3), Col(ctx.t(N_("Chair")), 1.0), Col(ctx.t(N_("Members")), 2.6),
            Col(ctx.t(N_("Meetings")), 0.8), Col(ctx.t(N_("Status")), 0.7, "center"),
            Col(ctx.t(N_("Date")), 0.8), Col(ctx.t(N_("Note")), 2.0),
        ], brows), title=ctx.t(N_("Bodies")))
    return flow.pages(bookmark=section)


# ---------------------------------------------------------------------------------------------
# デジタル人材


def talent_pages(ctx: Context) -> list[Page]:
    plan = ctx.plan
    section = ctx.t(N_("Digital talent (デジタル人材)"))
    flow = Flow(ctx, section)
    staff = sorted(plan.staff.values(), key=lambda s: s.fy)
    if staff:
        flow.table(Table(
            [Col(ctx.t(N_("Fiscal year")), 1.0), Col(ctx.t(N_("DX staff")), 1.0, "right"),
             Col(ctx.t(N_("Digital leads in departments")), 1.4, "right"), Col(ctx.t(N_("Note")), 4.0)],
            [[ctx.fy(s.fy), f"{s.dx_staff:,}", f"{s.digital_leads:,}",
              ctx.user(s.note, "staff", ctx.fy(s.fy), "note")] for s in staff],
        ), title=ctx.t(N_("Staff of the DX office by fiscal year")))
    else:
        flow.heading(ctx.t(N_("Staff of the DX office by fiscal year")))
        flow.note(ctx.t(N_("Not entered.")))
    hires = list(plan.hires.values())
    hrows: list[list[str | CustomCell]] = []
    for h in hires:
        name = h.title or h.person
        period = ""
        if h.from_fy is not None:
            sep = "〜" if ctx.lang == "ja" else " – "
            period = ctx.fy(h.from_fy) + sep + (ctx.fy(h.to_fy) if h.to_fy is not None else "")
        hrows.append([
            ctx.user(h.title, "hires", name, "title"), ctx.user(h.person, "hires", name, "person"),
            ctx.user(h.form, "hires", name, "form"), period, _money(h.annual_cost),
            ctx.user(h.funding, "hires", name, "funding"), ctx.user(h.shared_with, "hires", name, "shared_with"),
            ctx.user(h.note, "hires", name, "note"),
        ])
    if hrows:
        flow.table(Table([
            Col(ctx.t(N_("Post")), 1.4), Col(ctx.t(N_("Person")), 1.0), Col(ctx.t(N_("Employment")), 1.1),
            Col(ctx.t(N_("Term")), 1.7), Col(ctx.t(N_("Annual cost (千円)")), 1.0, "right"),
            Col(ctx.t(N_("Funding")), 0.9), Col(ctx.t(N_("Shared with")), 1.2), Col(ctx.t(N_("Note")), 2.0),
        ], hrows), title=ctx.t(N_("External digital experts (外部デジタル人材)")))
    else:
        flow.heading(ctx.t(N_("External digital experts (外部デジタル人材)")))
        flow.note(ctx.t(N_("Not entered.")))
    trainings = sorted(plan.trainings.values(), key=lambda t: (t.fy or 0, t.title))
    trows: list[list[str | CustomCell]] = [[
        ctx.user(t.title, "trainings", t.title, "title"), ctx.fy(t.fy) if t.fy else "",
        f"{t.participants:,}", ctx.user(t.provider, "trainings", t.title, "provider"), _money(t.cost),
        ctx.user(t.note, "trainings", t.title, "note"),
    ] for t in trainings]
    if trows:
        flow.table(Table([
            Col(ctx.t(N_("Training")), 2.4), Col(ctx.t(N_("Fiscal year")), 1.0),
            Col(ctx.t(N_("Participants")), 0.8, "right"), Col(ctx.t(N_("Provider")), 1.2),
            Col(ctx.t(N_("Cost (千円)")), 0.9, "right"), Col(ctx.t(N_("Note")), 2.6),
        ], trows), title=ctx.t(N_("Training (職員の育成)")))
    else:
        flow.heading(ctx.t(N_("Training (職員の育成)")))
        flow.note(ctx.t(N_("Not entered.")))
    flow.note(ctx.t(N_("Amounts in thousands of yen (千円), rounded half up.")))
    return flow.pages(bookmark=section)


# ---------------------------------------------------------------------------------------------
# KPI


def _kpi_chart(k: Kpi, fys: list[int], tick: Callable[[int], str]) -> Callable[[Ink, float, float, float, float], None]:
    """Target (outline bar) against actual (solid bar) per 年度."""
    values = [v for v in (*k.targets.values(), *k.actuals.values()) if v is not None]
    top_value = max([*values, 0.0]) or 1.0

    def draw(ink: Ink, x: float, top: float, w: float, h: float) -> None:
        base = top - h + 9
        plot_h = h - 11
        n = max(len(fys), 1)
        slot = w / n
        bw = min(slot * 0.32, 9.0)
        ink.line(x, base, x + w, base, RULE, 0.5)
        for i, fy in enumerate(fys):
            sx = x + i * slot + slot / 2
            tv, av = k.targets.get(fy), k.actuals.get(fy)
            if tv is not None:
                th = max(plot_h * tv / top_value, 0.6)
                ink.rect(sx - bw - 0.5, base, bw, th, fill=WHITE, stroke=BLACK, width=0.7)
            if av is not None:
                ah = max(plot_h * av / top_value, 0.6)
                ink.rect(sx + 0.5, base, bw, ah, fill=DONE_FILL, stroke=BLACK, width=0.5)
            ink.text(sx, base - 7.6, tick(fy), 7.0, align="center", color=GREY_TEXT)

    return draw


def kpi_pages(ctx: Context) -> list[Page]:
    plan = ctx.plan
    section = ctx.t(N_("KPIs"))
    flow = Flow(ctx, section)
    kpis = sorted(plan.kpis.values(), key=lambda k: (k.order, k.id))
    fys = list(range(plan.from_fy, plan.to_fy + 1))
    for k in kpis:
        fys.extend(fy for fy in (*k.targets, *k.actuals) if fy not in fys)
    fys = sorted(set(fys))[:10]
    wide = ctx.geometry.paper == "A3"
    cols = [Col(ctx.t(N_("Part")), 1.3), Col(ctx.t(N_("Indicator")), 3.2), Col(ctx.t(N_("Unit")), 0.5),
            Col(ctx.t(N_("Baseline")), 0.8, "right")]
    cols += [Col(ctx.fy(fy), 0.75 if wide else 0.62, "right") for fy in fys]
    cols += [Col(ctx.t(N_("Target □ and actual ■")), 2.2),
             Col(ctx.t(N_("達成率 (year's target)")), 0.8, "right"),
             Col(ctx.t(N_("達成率 (final target)")), 0.8, "right")]
    rows: list[list[str | CustomCell]] = []
    for k in kpis:
        area = plan.areas.get(k.area_id or "")
        base = _num(k.baseline_value)
        if base and k.baseline_fy:
            base += f"（{ctx.fy_short(k.baseline_fy)}）"
        row: list[str | CustomCell] = [
            ctx.user(area.name, "areas", area.name, "name") if area else "",
            ctx.user(k.name, "kpis", k.name, "name"), ctx.user(k.unit, "kpis", k.name, "unit"), base]
        for fy in fys:
            tv, av = k.targets.get(fy), k.actuals.get(fy)
            target = ctx.t(N_("Target {v}")).format(v=_num(tv)) if tv is not None else ""
            actual = ctx.t(N_("Actual {v}")).format(v=_num(av)) if av is not None else ""
            row.append(f"{target}\n{actual}" if target or actual else "")
        row.append(CustomCell(38.0, _kpi_chart(k, fys, ctx.fy_short)))
        a = figures.achievement(k, ctx.today)
        row.append(f"{a.year_rate * 100:.0f}%（{ctx.fy_short(a.actual_fy)}）"
                   if a.year_rate is not None and a.actual_fy is not None else "—")
        row.append(f"{a.final_rate * 100:.0f}%" if a.final_rate is not None else "—")
        rows.append(row)
    if rows:
        flow.table(Table(cols, rows, size=SMALL), title=ctx.t(N_("KPIs: targets and actuals by fiscal year")))
        flow.note(ctx.t(N_("達成率: the latest actual up to the 基準日 against the target of the same 年度 (year's "
                           "target) and against the target of the last 年度 (final target); see 用語の定義.")))
    else:
        flow.heading(ctx.t(N_("KPIs: targets and actuals by fiscal year")))
        flow.note(ctx.t(N_("No KPI is set.")))
    return flow.pages(bookmark=section)


# ---------------------------------------------------------------------------------------------
# 予算・財源


def budget_pages(ctx: Context) -> list[Page]:
    plan = ctx.plan
    section = ctx.t(N_("Budget and funding (予算・財源)"))
    flow = Flow(ctx, section)
    summary = summarize(plan)
    cols = [Col(ctx.t(N_("Fiscal year")), 1.2)]
    cols += [Col(_value(ctx, s), 1.0, "right") for s in FUNDING_SOURCES]
    cols += [Col(ctx.t(N_("Total")), 1.1, "right"), Col(ctx.t(N_("交付税 措置見込額（参考）")), 1.3, "right")]
    rows: list[list[str | CustomCell]] = []
    for r in summary.rows:
        rows.append([ctx.fy(r.fy), *(_money(r.by_source[s]) for s in FUNDING_SOURCES), _money(r.total),
                     _money(r.kofuzei_estimate)])
    rows.append([ctx.t(N_("Total")), *(_money(summary.by_source_total[s]) for s in FUNDING_SOURCES),
                 _money(summary.total), _money(summary.kofuzei_estimate_total)])
    flow.table(Table(cols, rows, bold_rows={len(rows) - 1}), title=ctx.t(N_("Costs by fiscal year and source (千円)")))
    flow.note(ctx.t(N_("Unit: thousands of yen (千円), rounded half up. A cost that counts on a 交付税 措置 is paid "
                       "from 一般財源; the 措置見込額 is an estimate for reference and is not part of the total.")))
    flow.space(6)
    lines = sorted(plan.budget.values(), key=lambda b: (b.fy, b.item))
    brows: list[list[str | CustomCell]] = []
    for b in lines:
        area = plan.areas.get(b.area_id or "")
        task = plan.tasks.get(b.task_id or "")
        related = task.title if task else (area.name if area else "")
        brows.append([ctx.fy(b.fy), ctx.user(b.item, "budget", b.item, "item"), _value(ctx, b.source),
                      _money(b.amount), _value(ctx, b.allocation),
                      _money(b.allocation_estimate) if b.allocation else "",
                      ctx.clean(related), ctx.user(b.note, "budget", b.item, "note")])
    if brows:
        flow.table(Table([
            Col(ctx.t(N_("Fiscal year")), 1.0), Col(ctx.t(N_("Item")), 3.0), Col(ctx.t(N_("Funding source")), 1.1),
            Col(ctx.t(N_("Amount (千円)")), 1.0, "right"), Col(ctx.t(N_("交付税 措置")), 1.0),
            Col(ctx.t(N_("措置見込額（参考）(千円)")), 1.2, "right"), Col(ctx.t(N_("For")), 2.0),
            Col(ctx.t(N_("Note")), 1.8),
        ], brows), title=ctx.t(N_("Budget lines")))
    return flow.pages(bookmark=section)


# ---------------------------------------------------------------------------------------------
# 標準化 / オンライン化


TARGET_RED: Color = (0.75, 0.0, 0.0)


def std_cost_chart(summary: stdz.CostSummary, years: list[stdz.CostYear], tick: Callable[[int], str],
                   labels: dict[str, str]) -> Callable[[Ink, float, float, float, float], None]:
    """Total 運用経費 per 年度 (solid: actual, outlined: plan) against the 平成30年度 baseline (grey
    line) and the 3割削減 target (dashed line), in 千円."""
    values = [y.total for y in years if y.total is not None]
    if summary.baseline is not None:
        values.append(summary.baseline)
    top_value = max([*values, 1])

    def draw(ink: Ink, x: float, top: float, w: float, h: float) -> None:
        axis_w = 46.0
        legend_h = 12.0
        px, pw = x + axis_w, w - axis_w
        base = top - h + 13 + legend_h
        plot_h = h - 18 - legend_h
        ink.line(px, base, px + pw, base, RULE, 0.5)
        for frac in (0.0, 0.5, 1.0):
            v = top_value * frac
            yv = base + plot_h * frac
            ink.line(px - 2, yv, px, yv, RULE, 0.5)
            ink.text(px - 3, yv - 2.5, _money(round(v)), 7.0, align="right", color=GREY_TEXT)
        n = max(len(years), 1)
        slot = pw / n
        bw = min(slot * 0.55, 22.0)
        for i, y in enumerate(years):
            sx = px + i * slot + slot / 2
            if y.total is not None:
                bh = max(plot_h * y.total / top_value, 0.6)
                if y.all_actual:
                    ink.rect(sx - bw / 2, base, bw, bh, fill=DONE_FILL, stroke=BLACK, width=0.5)
                else:
                    ink.rect(sx - bw / 2, base, bw, bh, fill=WHITE, stroke=BLACK, width=0.8)
            ink.text(sx, base - 9.0, tick(y.fy), 7.0, align="center", color=GREY_TEXT)
        for value, color, dash in ((summary.baseline, RULE, None), (summary.target, TARGET_RED, [4.0, 2.0])):
            if value is None:
                continue
            yv = base + plot_h * value / top_value
            ink.dashed(dash)
            ink.line(px, yv, px + pw, yv, color, 1.2)
            ink.dashed(None)
        # legend
        ly = top - h + 3
        lx = px
        ink.rect(lx, ly, 8, 6, fill=DONE_FILL, stroke=BLACK, width=0.5)
        ink.text(lx + 11, ly + 0.5, labels["actual"], 7.0)
        lx += 14 + text_width(labels["actual"], 7.0) + 8
        ink.rect(lx, ly, 8, 6, fill=WHITE, stroke=BLACK, width=0.8)
        ink.text(lx + 11, ly + 0.5, labels["plan"], 7.0)
        lx += 14 + text_width(labels["plan"], 7.0) + 8
        ink.line(lx, ly + 3, lx + 12, ly + 3, RULE, 1.2)
        ink.text(lx + 15, ly + 0.5, labels["baseline"], 7.0)
        lx += 18 + text_width(labels["baseline"], 7.0) + 8
        ink.dashed([4.0, 2.0])
        ink.line(lx, ly + 3, lx + 12, ly + 3, TARGET_RED, 1.2)
        ink.dashed(None)
        ink.text(lx + 15, ly + 0.5, labels["target"], 7.0)

    return draw


def standardization_pages(ctx: Context) -> list[Page]:
    """Status counts, the 運用経費 chart and table, the 特定移行支援 list, then every 業務."""
    from dxplanner.exchange.survey import system_stats

    plan = ctx.plan
    section = ctx.t(N_("Standardisation (標準化)"))
    flow = Flow(ctx, section)
    systems = stdz.ordered_systems(plan)
    migrated, in_scope = stdz.progress(plan)
    counts = stdz.status_counts(plan)
    flow.paragraph(ctx.t(N_("{done} of {n} 業務 in scope run on 標準準拠システム.")).format(done=migrated, n=in_scope)
                   + "　" + "　".join(f"{_value(ctx, st)} {counts[st]}" for st in STD_STATUSES))
    flow.space(4)
    summary = stdz.summarize_costs(plan)
    years = [y for y in summary.years if y.total is not None]
    if years:
        labels = {"actual": ctx.t(N_("actual")), "plan": ctx.t(N_("plan")),
                  "baseline": ctx.t(N_("平成30年度 baseline")), "target": ctx.t(N_("3割削減 target"))}
        chart = std_cost_chart(summary, years, ctx.fy_short, labels)
        width = min(flow.width, 640.0)
        height = 180.0

        def place(ink: Ink, x: float, top: float) -> None:
            chart(ink, x, top, width, height)

        flow.heading(ctx.t(N_("運用経費 by 年度 (千円)")), keep=height)
        flow.place(height, place, gap=6.0)
        crow: list[list[str | CustomCell]] = []
        for y in years:
            red = y.reduction
            crow.append([ctx.fy(y.fy), _money(y.total or 0),
                         ctx.t(N_("actual")) if y.all_actual else ctx.t(N_("plan")),
                         f"{red * 100:.1f}%" if red is not None else "—",
                         _money(summary.one_off[y.fy]) if y.fy in summary.one_off else "",
                         _money(summary.one_off_fund[y.fy]) if y.fy in summary.one_off_fund else ""])
        flow.table(Table([
            Col(ctx.t(N_("Fiscal year")), 1.0), Col(ctx.t(N_("運用経費")), 1.0, "right"),
            Col(ctx.t(N_("Actual or plan")), 0.8, "center"), Col(ctx.t(N_("Reduction")), 0.8, "right"),
            Col(ctx.t(N_("移行経費 (one-off)")), 1.0, "right"),
            Col(ctx.t(N_("of which the 基金 covers")), 1.0, "right"),
        ], crow, size=SMALL))
        if summary.baseline is not None and summary.target is not None:
            flow.note(ctx.t(N_("平成30年度 baseline {base} 千円; the national target (3割削減) is {target} 千円 "
                               "or less. Reduction = 1 − 運用経費 ÷ baseline.")).format(
                base=_money(summary.baseline), target=_money(summary.target)))
        flow.note(ctx.t(N_("The デジタル基盤改革支援基金 does not cover 運用経費 or クラウド利用料 "
                           "(二次: 総務省 資料 001053408 as cited by gcportal).")))
        flow.space(4)
    stats = {x.id: x for x in system_stats(plan, ctx.today)}
    tokutei = [s for s in systems if s.tokutei]
    if tokutei:
        flow.table(Table([
            Col(ctx.t(N_("業務")), 1.5), Col(ctx.t(N_("Reason (事由)")), 4.0),
            Col(ctx.t(N_("特定移行支援 deadline")), 1.1), Col(ctx.t(N_("Planned go-live (移行予定)")), 1.1),
        ], [[ctx.user(s.name, "systems", s.name, "name"),
             ctx.user(stats[s.id].reason, "systems", s.name, "tokutei_reason_text") or "—",
             ctx.short_date(s.tokutei_deadline) or "—", ctx.short_date(s.planned_date)] for s in tokutei],
            size=SMALL), title=ctx.t(N_("特定移行支援システム")))
    rows: list[list[str | CustomCell]] = []
    for s in systems:
        name = ctx.user(s.name, "systems", s.name, "name")
        rows.append([
            name, _value(ctx, s.status), ctx.short_date(s.planned_date), ctx.short_date(s.actual_date),
            ctx.user(stats[s.id].cloud, "systems", s.name, "cloud_partner") if s.cloud != "未定" else "",
            ctx.user(s.vendor, "systems", s.name, "vendor"), ctx.user(s.system, "systems", s.name, "system"),
            ctx.short_date(s.contract_end), ctx.user(s.note, "systems", s.name, "note"),
        ])
    if rows:
        flow.table(Table([
            Col(ctx.t(N_("業務")), 1.5), Col(ctx.t(N_("Status")), 0.9, "center"),
            Col(ctx.t(N_("Planned go-live (移行予定)")), 0.9), Col(ctx.t(N_("Went live (稼働日)")), 0.9),
            Col(ctx.t(N_("ガバメントクラウド")), 1.4), Col(ctx.t(N_("Vendor")), 1.2), Col(ctx.t(N_("Package")), 1.2),
            Col(ctx.t(N_("Contract until")), 0.9), Col(ctx.t(N_("Note")), 1.6),
        ], rows, size=SMALL), title=ctx.t(N_("Standardisation of the 20 業務 (標準準拠システムへの移行)")))
    else:
        flow.note(ctx.t(N_("No 業務 is recorded.")))
    return flow.pages(bookmark=section)


def online_pages(ctx: Context) -> list[Page]:
    plan = ctx.plan
    section = ctx.t(N_("Online procedures (オンライン化)"))
    flow = Flow(ctx, section)
    procs = sorted(plan.procedures.values(), key=lambda p: (p.order, p.id))
    counts = Counter(p.status for p in procs)
    statuses = ("オンライン化済", "対応中", "未対応", "対象外")
    summary = "　".join(f"{_value(ctx, s)} {counts.get(s, 0):,}" for s in statuses)
    fig = figures.online_figures(plan, ctx.today)  # in scope = not 対象外, as the cover and 団体概要 count
    flow.paragraph(ctx.t(N_("{applicable} procedures in scope ({total} listed): {counts}")).format(
        applicable=f"{fig.applicable:,}", total=f"{len(procs):,}", counts=summary))
    flow.space(4)
    rows: list[list[str | CustomCell]] = []
    group_rows: set[int] = set()
    last_group = None
    for p in procs:
        if p.group != last_group:
            group_rows.add(len(rows))
            rows.append([ctx.user(p.group, "procedures", p.group, "group"), "", "", "", ""])
            last_group = p.group
        mark = {"オンライン化済": "● ", "対応中": "◐ ", "未対応": "○ ", "対象外": "－ "}.get(p.status, "")
        rows.append([
            "　" + ctx.user(p.name, "procedures", p.name, "name"), mark + _value(ctx, p.status),
            ctx.short_date(p.planned_date), ctx.t(N_("yes")) if p.via_myna_portal else "",
            ctx.user(p.note, "procedures", p.name, "note"),
        ])
    if procs:
        table = Table([
            Col(ctx.t(N_("Procedure")), 4.2), Col(ctx.t(N_("Status")), 1.2), Col(ctx.t(N_("Planned date")), 0.9),
            Col(ctx.t(N_("Via マイナポータル")), 0.9, "center"), Col(ctx.t(N_("Note")), 2.2),
        ], rows, size=SMALL, bold_rows=group_rows, shade_rows=group_rows)
        flow.table(table, title=ctx.t(N_("Procedures to put online (オンライン化)")))
        flow.note(ctx.t(N_("● online　◐ in progress　○ not yet　－ not applicable")))
    else:
        flow.note(ctx.t(N_("No procedure is recorded.")))
    return flow.pages(bookmark=section)


# ---------------------------------------------------------------------------------------------
# チェック結果

_SEVERITY_MARK = {ERROR: "■", WARNING: "▲", INFO: "・"}
_KIND_NAMES = {
    "plan": N_("Plan"), "roles": N_("Organisation"), "bodies": N_("Organisation"), "tasks": N_("Schedule"),
    "kpis": N_("KPIs"), "hires": N_("Digital talent"), "systems": N_("Standardisation"),
    "procedures": N_("Online procedures"), "budget": N_("Budget"),
}


def findings_pages(ctx: Context) -> list[Page]:
    section = ctx.t(N_("Health check (チェック結果)"))
    flow = Flow(ctx, section)
    findings: list[Finding] = list(ctx.findings())
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    c = Counter(f.severity for f in findings)
    flow.paragraph(ctx.t(N_("As of {date}: {errors} errors, {warnings} warnings, {infos} notes.")).format(
        date=ctx.date(ctx.today), errors=f"{c.get(ERROR, 0):,}", warnings=f"{c.get(WARNING, 0):,}",
        infos=f"{c.get(INFO, 0):,}"))
    flow.space(4)
    rows: list[list[str | CustomCell]] = [[
        _SEVERITY_MARK[f.severity] + " " + ctx.t(SEVERITY_LABELS[f.severity]),
        ctx.t(_KIND_NAMES.get(f.kind, f.kind)),
        ctx.clean(f.message(ctx.lang, ctx.style)),
    ] for f in findings]
    if rows:
        flow.table(Table([Col(ctx.t(N_("Severity")), 0.9), Col(ctx.t(N_("Where")), 1.0),
                          Col(ctx.t(N_("Finding")), 8.0)], rows), title=ctx.t(N_("List of findings")))
    else:
        flow.paragraph(ctx.t(N_("No findings.")))
    return flow.pages(bookmark=section)
