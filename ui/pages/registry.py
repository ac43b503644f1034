"""Which pages the window has, in navigation order, and which page holds a given thing.

A page is a :class:`PageSpec`: its name (as in ``dxplanner gui --page``), its navigation title
and a factory. Area pages come from the plan's own parts. Later pages (a snapshot comparison, the
yearly review) are added with :func:`register_page` without touching the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from dxplanner.i18n import N_, _
from dxplanner.model import Plan
from dxplanner.pages import AREA_PREFIX
from ui.controller import DocumentController

Factory = Callable[[DocumentController, QWidget | None], QWidget]


@dataclass(frozen=True)
class PageSpec:
    name: str
    title: Callable[[Plan], str]
    factory: Factory
    indent: bool = False  # shown under the entry above (the parts of the plan)


def _static(msgid: str) -> Callable[[Plan], str]:
    return lambda _plan: _(msgid)


def _overview(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.overview import OverviewPage

    return OverviewPage(c, p)


def _structure(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.structure import StructurePage

    return StructurePage(c, p)


def _talent(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.structure import TalentPage

    return TalentPage(c, p)


def _related(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.areas import RelatedPage

    return RelatedPage(c, p)


def _kpi(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.tracking import KpiPage

    return KpiPage(c, p)


def _budget(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.tracking import BudgetPage

    return BudgetPage(c, p)


def _std(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.tracking import StandardizationPage

    return StandardizationPage(c, p)


def _online(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.tracking import OnlinePage

    return OnlinePage(c, p)


def _schedule(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.schedule import SchedulePage

    return SchedulePage(c, p)


def _compare(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.history import ComparePage

    return ComparePage(c, p)


def _review(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.review import ReviewPage

    return ReviewPage(c, p)


def _check(c: DocumentController, p: QWidget | None) -> QWidget:
    from ui.pages.check import CheckPage

    return CheckPage(c, p)


def _area_factory(area_id: str) -> Factory:
    def make(c: DocumentController, p: QWidget | None) -> QWidget:
        from ui.pages.areas import AreaPage

        return AreaPage(c, area_id, p)

    return make


_EXTRA: list[tuple[str, PageSpec]] = []


def register_page(spec: PageSpec, after: str = "schedule") -> None:
    """Add a page (e.g. the snapshot comparison of issue #7) after the page named ``after``."""
    _EXTRA.append((after, spec))


def page_specs(plan: Plan) -> list[PageSpec]:
    areas = sorted(plan.areas.values(), key=lambda a: a.order)
    specs = [
        PageSpec("overview", _static(N_("Municipality and plan")), _overview),
        PageSpec("structure", _static(N_("Structure (推進体制)")), _structure),
        PageSpec("talent", _static(N_("Digital talent (デジタル人材)")), _talent),
    ]
    for a in areas:
        if a.kind in ("focus", "custom"):
            specs.append(PageSpec(f"{AREA_PREFIX}{a.id}", _area_title(a.id), _area_factory(a.id), indent=True))
    if any(a.kind == "related" for a in areas):
        specs.append(PageSpec("related", _static(N_("Related measures (あわせて取り組む事項)")), _related))
    specs += [
        PageSpec("kpi", _static(N_("KPIs and targets")), _kpi),
        PageSpec("budget", _static(N_("Budget and funding (予算・財源)")), _budget),
        PageSpec("standardization", _static(N_("Standardization tracker (標準化)")), _std),
        PageSpec("online", _static(N_("Online procedures tracker (オンライン化)")), _online),
        PageSpec("schedule", _static(N_("Schedule")), _schedule),
        PageSpec("compare", _static(N_("Snapshots and comparison")), _compare),
        PageSpec("review", _static(N_("Yearly review (年度末の振り返り)")), _review),
        PageSpec("check", _static(N_("Health check")), _check),
    ]
    for after, spec in _EXTRA:
        names = [s.name for s in specs]
        pos = names.index(after) + 1 if after in names else len(specs)
        specs.insert(pos, spec)
    return specs


def _area_title(area_id: str) -> Callable[[Plan], str]:
    def title(plan: Plan) -> str:
        a = plan.areas.get(area_id)
        return a.name if a else area_id

    return title


def page_for(plan: Plan, kind: str, eid: str) -> str:
    """The page that shows (kind, id): where a health-check finding jumps to."""
    if kind == "plan":
        return "overview"
    if kind in ("roles", "bodies"):
        return "structure"
    if kind in ("hires", "trainings", "staff"):
        return "talent"
    if kind == "kpis":
        return "kpi"
    if kind == "budget":
        return "budget"
    if kind in ("systems", "std_costs"):
        return "standardization"
    if kind == "procedures":
        return "online"
    if kind == "snapshots":
        return "compare"
    if kind == "reviews":
        return "review"
    if kind == "tasks":
        t = plan.tasks.get(eid)
        area = plan.areas.get(t.area_id) if t else None
        if area is None:
            return "schedule"
        if area.kind == "structure":
            return "structure"
        if area.kind == "related":
            return "related"
        return f"{AREA_PREFIX}{area.id}"
    return "check"
