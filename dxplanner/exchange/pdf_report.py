"""The PDF report for the council (議会) and the 推進本部会議.

    export_pdf(plan, Path("report.pdf"), PdfOptions(paper="A3"))  -> PdfResult(pages, warnings)
    count_pages(plan, options)                                     -> pages, without drawing

The report is A3 or A4 landscape, in the bundled BIZ UDPGothic (embedded, subset), legible when
photocopied in black and white (status by pattern and label, nothing below 7 pt). Pages:

1. cover: 団体名, 計画名, 計画期間, 作成日, the national edition followed, a summary and contents;
2. 推進体制 (an organisation chart, then the roles and bodies);
3. デジタル人材 (staff by 年度, external experts, training);
4. 工程表, tiled across as many pages as it needs (see :mod:`pdf_gantt`), with a legend;
5. KPIs with small charts of target against actual;
6. 予算・財源 in 千円; 7. 標準化; 8. オンライン化; 9. the health check;
10. 計画と実績 (the plan against a snapshot) and 11. 年度末の振り返り per reviewed 年度, only when the
    plan has a snapshot / a review (see :mod:`pdf_history`).

Every page carries 団体名, 作成日 and "n / N". The layout is done first (``_layout``), so the page
count is known before anything is drawn; the file is written to a temporary name beside the
target and renamed into place, so a failed export never leaves half a PDF under the real name.
See docs/pdf.md.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from dxplanner import figures
from dxplanner.errors import FileError
from dxplanner.exchange.pdf_council import glossary_pages, task_overview_pages
from dxplanner.exchange.pdf_draw import (
    BAND_FILL,
    BLACK,
    FONT,
    GREY_TEXT,
    RULE,
    WHITE,
    Ink,
    register_fonts,
    text_width,
    wrap,
)
from dxplanner.exchange.pdf_flow import (
    PAPERS,
    SMALL,
    Col,
    Context,
    CouncilInfo,
    CustomCell,
    Flow,
    Geometry,
    Page,
    Table,
)
from dxplanner.exchange.pdf_gantt import (
    DONE_FILL,
    STATUS_KEYS,
    STATUS_LABELS,
    define_patterns,
    gantt_pages,
    status_key,
)
from dxplanner.exchange.pdf_history import comparison_pages, review_pages
from dxplanner.exchange.pdf_sections import (
    _value,
    budget_pages,
    findings_pages,
    kpi_pages,
    online_pages,
    standardization_pages,
    structure_pages,
    talent_pages,
)
from dxplanner.fiscal import fy_label
from dxplanner.i18n import N_, current_language
from dxplanner.model import Plan
from dxplanner.store import fsops
from dxplanner.store.fileops import follow_umask

__all__ = ["SECTIONS", "CouncilInfo", "PdfOptions", "PdfResult", "count_pages", "export_pdf"]


@dataclass
class PdfOptions:
    paper: str = "A3"  # A3 | A4, always landscape
    era: str = "wareki"  # wareki | western
    fit_pages_wide: int | None = None  # scale the 工程表's time axis to N pages wide
    lang: str = "ja"
    today: datetime.date | None = None  # 基準日: the day 遅延 and days late are counted on; default: today
    timescale: str = "quarter"  # or "month": the 工程表's second header row
    compare_from: str | None = None  # snapshot (name or id) for 計画と実績; None: the newest; no snapshot: no pages
    council: CouncilInfo = field(default_factory=CouncilInfo)  # 資料番号, 所管課, 委員会名, title
    internal: bool = False  # 内部確認用: add the health check (data-quality findings); never in a council paper


@dataclass
class PdfResult:
    pages: int
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# cover


@dataclass
class _Toc:
    entries: list[tuple[str, int]] = field(default_factory=list)


def _edition_text(ctx: Context) -> str:
    try:
        from dxplanner.catalog import load_edition

        ed = load_edition(ctx.plan.edition)
    except Exception:  # an unknown edition still prints
        return ctx.t(N_("National plan, edition {edition}")).format(edition=ctx.plan.edition)
    from dxplanner.labels import edition_caption

    return edition_caption(ed.title, ed.publisher, ed.date_kind, ctx.date(ed.decided), ctx.lang)


def cover_pages(ctx: Context, toc: _Toc) -> list[Page]:
    plan = ctx.plan
    geo = ctx.geometry
    m = plan.municipality
    name = ctx.user(m.name, "municipality", m.name, "municipality.name") or ctx.t(N_("(no name)"))
    title = ctx.user(plan.title, "plan", plan.title, "title")
    pref = ctx.user(m.prefecture, "municipality", m.name, "prefecture")
    period_style = "both" if ctx.style == "wareki" and ctx.lang == "ja" else ctx.style
    sep = "〜" if ctx.lang == "ja" else " – "
    period = fy_label(plan.from_fy, period_style, ctx.lang) + sep + fy_label(plan.to_fy, period_style, ctx.lang)
    policy = _value(ctx, plan.policy_status) + (f"（{ctx.date(plan.policy_date)}）" if plan.policy_date else "")
    counts = Counter(status_key(plan, t, ctx.today) for t in plan.tasks.values())
    summary = "　".join(f"{ctx.t(STATUS_LABELS[k])} {counts.get(k, 0):,}" for k in STATUS_KEYS)
    std = figures.std_figures(plan)
    online = figures.online_figures(plan, ctx.today)
    council = ctx.council
    facts = [
        (ctx.t(N_("Municipality")), " ".join(p for p in (pref, name) if p)
         + (ctx.t(N_(" (団体コード {code})")).format(code=m.code) if m.code else "")),
        (ctx.t(N_("Plan")), title),
        (ctx.t(N_("Plan period")), period),
        (ctx.t(N_("As of (基準日)")), ctx.date(ctx.today)),
        (ctx.t(N_("National plan followed")), _edition_text(ctx)),
        (ctx.t(N_("Overall policy (全体方針)")), policy),
        (ctx.t(N_("Tasks")), ctx.t(N_("{n} in all: {summary}")).format(n=f"{len(plan.tasks):,}", summary=summary)),
    ]
    if std.applicable:  # from the 標準化 tracker (業務 migrated), never from the tasks of that part
        facts.append((ctx.t(N_("標準化")), ctx.t(N_("migrated {done} of {n} 業務")).format(
            done=f"{std.migrated:,}", n=f"{std.applicable:,}")))
    if online.applicable:
        facts.append((ctx.t(N_("オンライン化")), ctx.t(N_("online {done} of {n} procedures")).format(
            done=f"{online.done:,}", n=f"{online.applicable:,}")))
    if ctx.internal:
        facts.append((ctx.t(N_("Health check")), _finding_counts(ctx)))
    council_line = "　".join(p for p in (
        ctx.clean(council.committee),
        ctx.t(N_("所管課: {name}")).format(name=ctx.clean(council.department)) if council.department.strip() else "",
    ) if p)
    doc_number = ctx.clean(council.doc_number).strip()
    if ctx.internal:
        doc_number = " ".join(p for p in (doc_number, ctx.t(N_("For internal review (内部確認用)"))) if p)
    if council.title.strip():
        title = ctx.clean(council.title)
    flow = Flow(ctx, ctx.t(N_("Cover")))
    big = 28.0 if geo.paper == "A3" else 22.0
    fact_size = 11.0 if geo.paper == "A3" else 9.5
    toc_w = geo.frame_width * 0.3
    fact_x = 130.0 if geo.paper == "A3" else 110.0
    fact_w = geo.frame_width - toc_w - 30 - fact_x
    title_lines = wrap(title or name, big, geo.frame_width - toc_w - 30, bold=True)
    fact_lines = [(label, wrap(value, fact_size, fact_w)) for label, value in facts]
    lead = fact_size * 1.45
    facts_h = sum(len(v) * lead + 5 for _, v in fact_lines)
    extra = 22 if doc_number or council_line else 0
    head_h = 22 + len(title_lines) * big * 1.25 + 40 + extra

    def draw_head(ink: Ink, x: float, top: float) -> None:
        y = top - 16
        if extra:
            if doc_number:
                w = text_width(doc_number, 13.0, bold=True) + 14
                ink.rect(x, y - 5, w, 20, stroke=BLACK, width=1.0)
                ink.text(x + 7, y, doc_number, 13.0, bold=True)
            ink.text(x + (text_width(doc_number, 13.0, bold=True) + 28 if doc_number else 0), y, council_line,
                     12.0, bold=True)
            y -= extra
        ink.text(x, y, " ".join(p for p in (pref, name) if p), 14.0, bold=True, color=GREY_TEXT)
        y -= 6
        for line in title_lines:
            y -= big * 1.25
            ink.text(x, y, line, big, bold=True)
        y -= 22
        subtitle = ctx.clean(plan.title) if council.title.strip() else ""
        ink.text(x, y, subtitle or ctx.t(N_("Progress report on the DX roadmap (工程表)")), 14.0)
        ink.line(x, top - head_h + 4, x + geo.frame_width - toc_w - 30, top - head_h + 4, BLACK, 1.2)
        # contents, on the right (page numbers are known: the layout is done before drawing)
        cx = x + geo.frame_width - toc_w
        box_h = 26 + 17 * len(toc.entries)
        ink.rect(cx, top - box_h, toc_w, box_h, fill=BAND_FILL, stroke=RULE, width=0.5)
        ty = top - 17
        ink.text(cx + 10, ty, ctx.t(N_("Contents")), 11.0, bold=True)
        for entry, page in toc.entries:
            ty -= 17
            ink.text(cx + 10, ty, entry, 10.0)
            ink.text(cx + toc_w - 10, ty, str(page), 10.0, align="right")

    def draw_facts(ink: Ink, x: float, top: float) -> None:
        y = top
        for label, lines in fact_lines:
            ink.text(x, y - fact_size, label, fact_size - 1.5, bold=True, color=GREY_TEXT)
            for ln in lines:
                ink.text(x + fact_x, y - fact_size, ln, fact_size)
                y -= lead
            y -= 5

    flow.place(head_h, draw_head, gap=10)
    flow.place(facts_h, draw_facts, gap=14)
    _area_summary(ctx, flow)
    pages = flow.pages(bookmark=ctx.t(N_("Cover")))
    pages[0].heading = False
    return pages


def _area_summary(ctx: Context, flow: Flow) -> None:
    """Per part of the plan: tasks by status, share done, the national deadline."""
    plan = ctx.plan
    by_area: dict[str, Counter[str]] = {}
    for t in plan.tasks.values():
        by_area.setdefault(t.area_id, Counter())[status_key(plan, t, ctx.today)] += 1
    rows: list[list[str | CustomCell]] = []
    for area in sorted(plan.areas.values(), key=lambda a: a.order):
        c = by_area.get(area.id, Counter())
        total = sum(c.values())
        rows.append([
            ctx.user(area.name, "areas", area.name, "name"), f"{total:,}",
            *(f"{c.get(k, 0):,}" for k in ("done", "doing", "todo", "hold", "cancel")),
            f"{c.get('late', 0):,}" if c.get("late") else "",
            _share_cell(c.get("done", 0), total),
            ctx.short_date(area.deadline),
        ])
    if not rows:
        return
    cols = [Col(ctx.t(N_("Part of the plan")), 3.2), Col(ctx.t(N_("Tasks")), 0.7, "right")]
    cols += [Col(ctx.t(STATUS_LABELS[k]), 0.75, "right") for k in ("done", "doing", "todo", "hold", "cancel")]
    cols += [Col(ctx.t(STATUS_LABELS["late"]), 0.75, "right"), Col(ctx.t(N_("Completion rate (完了率)")), 1.8),
             Col(ctx.t(N_("National deadline")), 0.9)]
    flow.table(Table(cols, rows), title=ctx.t(N_("Tasks by part of the plan")))
    flow.note(ctx.t(N_("Late (遅延): the planned end, within the plan period or after it, has passed and the task "
                       "is neither done nor cancelled.")))


def _share_cell(done: int, total: int) -> CustomCell:
    def draw(ink: Ink, x: float, top: float, w: float, h: float) -> None:
        bw = max(w - 34, 10)
        ink.rect(x, top - 9, bw, 7.5, fill=WHITE, stroke=BLACK, width=0.5)
        if total and done:
            ink.rect(x, top - 9, bw * done / total, 7.5, fill=DONE_FILL)
        ink.text(x + w, top - 8, f"{done / total * 100:.0f}%" if total else "—", SMALL, align="right")

    return CustomCell(9.5, draw)


def _finding_counts(ctx: Context) -> str:
    from dxplanner.checks import counts

    c = counts(ctx.findings())
    return ctx.t(N_("{errors} errors, {warnings} warnings, {infos} notes")).format(
        errors=f"{c['error']:,}", warnings=f"{c['warning']:,}", infos=f"{c['info']:,}")


# ---------------------------------------------------------------------------------------------
# assembly


def internal_findings_pages(ctx: Context) -> list[Page]:
    """Data-quality findings belong to the 内部確認用 report, not to the council paper."""
    return findings_pages(ctx) if ctx.internal else []


Section = Callable[[Context], list[Page]]
#: The sections after the cover, in order. Add a section by adding a function here.
SECTIONS: list[Section] = [
    structure_pages,
    talent_pages,
    gantt_pages,
    task_overview_pages,
    kpi_pages,
    budget_pages,
    standardization_pages,
    online_pages,
    internal_findings_pages,
    comparison_pages,
    review_pages,
    glossary_pages,
]


def _context(plan: Plan, options: PdfOptions) -> Context:
    if options.paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}, not {options.paper!r}")
    if options.era not in ("wareki", "western"):
        raise ValueError(f"era must be wareki or western, not {options.era!r}")
    if options.timescale not in ("quarter", "month"):
        raise ValueError(f"timescale must be quarter or month, not {options.timescale!r}")
    if options.fit_pages_wide is not None and options.fit_pages_wide < 1:
        raise ValueError("fit_pages_wide must be 1 or more")
    lang = options.lang if options.lang in ("ja", "en") else current_language()
    register_fonts()
    return Context(
        plan=plan,
        geometry=Geometry.for_paper(options.paper),
        lang=lang,
        era=options.era,
        today=options.today or datetime.date.today(),
        timescale=options.timescale,
        fit_pages_wide=options.fit_pages_wide,
        compare_from=options.compare_from,
        internal=options.internal,
        council=options.council,
    )


def _layout(plan: Plan, options: PdfOptions) -> tuple[Context, list[Page]]:
    ctx = _context(plan, options)
    toc = _Toc()
    pages = cover_pages(ctx, toc)
    for section in SECTIONS:
        part = section(ctx)
        for i, page in enumerate(part):  # a function may give several sections (one per reviewed 年度)
            if i == 0 or page.bookmark:
                toc.entries.append((page.section, len(pages) + i + 1))
        pages.extend(part)
    return ctx, pages


def count_pages(plan: Plan, options: PdfOptions | None = None) -> int:
    """The number of pages :func:`export_pdf` writes with these options (layout only, no drawing)."""
    return len(_layout(plan, options or PdfOptions())[1])


def _frame(ink: Ink, ctx: Context, page: Page, n: int, total: int) -> None:
    """Header and footer: 団体名 and 計画名, the section, 作成日, page n / N."""
    geo = ctx.geometry
    plan = ctx.plan
    top = geo.height - geo.margin
    name = ctx.clean(plan.municipality.name)
    title = ctx.clean(plan.title)
    who = title if name and title.startswith(name) else "　".join(p for p in (name, title) if p)
    ink.text(geo.left, top - 9, who, 9.0, bold=True, color=GREY_TEXT)
    if page.heading:
        heading = page.section + (f"　{page.part}" if page.part else "")
        ink.text(geo.left, top - 26, heading, 13.0, bold=True)
    right = ctx.t(N_("As of {date} (基準日)")).format(date=ctx.date(ctx.today))
    if ctx.internal:
        right = ctx.t(N_("For internal review (内部確認用)")) + "　" + right
    ink.text(geo.right, top - 9, right, 9.0, align="right", color=GREY_TEXT)
    ink.text(geo.right, top - 26, f"{n} / {total}", 11.0, bold=True, align="right")
    ink.line(geo.left, top - 31, geo.right, top - 31, BLACK, 0.8)
    fy = geo.margin + 6
    ink.line(geo.left, geo.margin + 16, geo.right, geo.margin + 16, RULE, 0.5)
    # the town's plan and its 基準日 (not the national edition, which reads as the plan's version, nor the software)
    foot = ctx.t(N_("{plan} (as of {date})")).format(plan=who, date=ctx.date(ctx.today))
    width = geo.frame_width - 80
    if text_width(foot, 7.5) > width:
        foot = name
    ink.text(geo.left, fy, foot, 7.5, color=GREY_TEXT)
    ink.text(geo.right, fy, f"{n} / {total}", 9.0, align="right")


def _draw(canvas: Canvas, ctx: Context, pages: list[Page]) -> Ink:
    ink = Ink(canvas, ctx.glyphs)
    geo = ctx.geometry
    define_patterns(ink, geo.width)
    plan = ctx.plan
    canvas.setTitle(ctx.clean(plan.title or plan.municipality.name))
    canvas.setAuthor(ctx.clean(plan.municipality.name))
    canvas.setSubject(ctx.t(N_("Progress report on the DX roadmap (工程表)")))
    canvas.setCreator("DX Planner")
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        if page.bookmark:
            key = f"s{n}"
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(page.bookmark, key, level=0)
        _frame(ink, ctx, page, n, total)
        page.draw(ink)
        canvas.showPage()
        ink.forget()
    return ink


@contextlib.contextmanager
def _binary_streams() -> Iterator[None]:
    """Compressed streams without reportlab's ASCII85 layer: 20% smaller and much faster to write."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def export_pdf(plan: Plan, out: Path, options: PdfOptions | None = None) -> PdfResult:
    """Write the report to ``out`` (via a temporary file beside it); return pages and warnings.

    Warnings (in the report's language) name each field holding a character the bundled font
    lacks; such characters print as 〓. Raises :class:`FileError` when the file cannot be written.
    """
    options = options or PdfOptions()
    out = Path(out)
    ctx, pages = _layout(plan, options)
    folder = out.parent if str(out.parent) else Path()
    if not folder.is_dir():
        raise FileError(N_("Cannot write {file}: the folder does not exist"), file=str(out))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileError(N_("Cannot write {file}: {reason}"), file=str(out), reason=exc.strerror or str(exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with _binary_streams():
            canvas = Canvas(str(tmp), pagesize=(ctx.geometry.width, ctx.geometry.height), pageCompression=1,
                            initialFontName=FONT, initialFontSize=9)
            _draw(canvas, ctx, pages)
            canvas.save()
        follow_umask(tmp)  # mkstemp made it 0600: colleagues on a shared folder must read it
        try:
            fsops.replace(tmp, out)
        except PermissionError:
            raise FileError(N_("Cannot write {file}: it may be open in another program; close it and try again"),
                            file=str(out)) from None
    except OSError as exc:
        fsops.unlink(tmp, missing_ok=True)
        raise FileError(N_("Cannot write {file}: {reason}"), file=str(out), reason=exc.strerror or str(exc)) from None
    except BaseException:
        fsops.unlink(tmp, missing_ok=True)
        raise
    return PdfResult(len(pages), list(ctx.warnings))

