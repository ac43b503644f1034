"""The time axis: dates ↔ x pixels, and the 年度 / 四半期 / 月 header cells (no Qt here).

The axis always starts on 1 April (a fiscal-year boundary). Zoom is pixels per day; the named
levels are chosen so that a month, a quarter or a 年度 gets a readable width.
"""

from __future__ import annotations

import bisect
import datetime
import math
from dataclasses import dataclass

from dxplanner import fiscal

ZOOM_LEVELS = ("month", "quarter", "year", "fit")

# pixels per day for a 17 px line height (scaled with the font): a month ≈ 72 px, a quarter
# ≈ 110 px, a 年度 ≈ 130 px
_BASE_PPD = {"month": 2.4, "quarter": 1.2, "year": 0.36}


def base_ppd(level: str, line_height: float) -> float:
    return _BASE_PPD[level] * max(line_height, 8.0) / 17.0


@dataclass(frozen=True)
class Cell:
    """One header cell: [start, end] inclusive dates and the unit it stands for."""

    start: datetime.date
    end: datetime.date
    unit: str  # "year" | "half" | "quarter" | "month"
    fy: int
    index: int  # quarter 1..4, half 1..2, month 1..12 (calendar), 0 for a year


class TimeScale:
    """Maps dates to x (pixels from the axis start) for the fiscal years ``first_fy``..``last_fy``."""

    def __init__(self, first_fy: int, last_fy: int, ppd: float) -> None:
        self.first_fy = first_fy
        self.last_fy = max(first_fy, last_fy)
        self.ppd = ppd
        self.origin = fiscal.fy_start(self.first_fy)
        self._origin_ord = self.origin.toordinal()
        self.last_day = fiscal.fy_end(self.last_fy)
        self._cells: dict[str, list[Cell]] = {}
        self._starts: dict[str, list[float]] = {}

    @property
    def days(self) -> int:
        return self.last_day.toordinal() - self._origin_ord + 1

    @property
    def width(self) -> float:
        return self.days * self.ppd

    def x(self, d: datetime.date) -> float:
        """Left edge of day ``d``."""
        return (d.toordinal() - self._origin_ord) * self.ppd

    def x_end(self, d: datetime.date) -> float:
        """Right edge of day ``d`` (an inclusive end date)."""
        return (d.toordinal() - self._origin_ord + 1) * self.ppd

    def date_at(self, x: float) -> datetime.date:
        n = math.floor(x / self.ppd) if self.ppd > 0 else 0
        n = max(-self._origin_ord + 1, n)
        return datetime.date.fromordinal(self._origin_ord + n)

    def minor_unit(self) -> str:
        """The lower header tier: months when they are wide enough, else quarters, else halves."""
        if self.ppd * 30 >= 26:
            return "month"
        if self.ppd * 91 >= 22:
            return "quarter"
        return "half"

    def cells(self, unit: str, x0: float, x1: float) -> list[Cell]:
        """Header cells of ``unit`` overlapping [x0, x1] (all cells of a unit are made once)."""
        all_cells = self._cells.get(unit)
        if all_cells is None:
            all_cells = self._cells[unit] = self._make_cells(unit)
        starts = self._starts[unit]
        lo = max(0, bisect.bisect_right(starts, x0) - 1)
        hi = bisect.bisect_right(starts, x1)
        return all_cells[lo:hi]

    def _make_cells(self, unit: str) -> list[Cell]:
        out: list[Cell] = []
        for fy in range(self.first_fy, self.last_fy + 1):
            if unit == "year":
                out.append(Cell(fiscal.fy_start(fy), fiscal.fy_end(fy), "year", fy, 0))
            elif unit == "half":
                out.extend(Cell(fiscal.half_start(fy, h), fiscal.half_end(fy, h), "half", fy, h) for h in (1, 2))
            elif unit == "quarter":
                out.extend(
                    Cell(fiscal.quarter_start(fy, q), fiscal.quarter_end(fy, q), "quarter", fy, q) for q in (1, 2, 3, 4)
                )
            else:
                for y, m in fiscal.fiscal_months(fy):
                    out.append(Cell(fiscal.month_start(y, m), fiscal.month_end(y, m), "month", fy, m))
        self._starts[unit] = [self.x(c.start) for c in out]
        return out


def snap_date(d: datetime.date, unit: str, end: bool) -> datetime.date:
    """First (or last) day of d's month or fiscal quarter; ``unit`` "day" leaves it."""
    if unit == "month":
        return fiscal.snap_to_month(d, end=end)
    if unit == "quarter":
        return fiscal.snap_to_quarter(d, end=end)
    return d


def unit_bounds(d: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The month / quarter / half / 年度 (or the day) containing ``d``."""
    if precision == "month":
        return fiscal.month_start(d.year, d.month), fiscal.month_end(d.year, d.month)
    if precision == "quarter":
        fy, q = fiscal.fiscal_quarter(d)
        return fiscal.quarter_start(fy, q), fiscal.quarter_end(fy, q)
    if precision == "half":
        fy, h = fiscal.fiscal_half(d)
        return fiscal.half_start(fy, h), fiscal.half_end(fy, h)
    if precision == "year":
        fy = fiscal.fiscal_year(d)
        return fiscal.fy_start(fy), fiscal.fy_end(fy)
    return d, d


def aligned_precision(start: datetime.date, end: datetime.date, coarsest: str) -> str:
    """The coarsest precision, not coarser than ``coarsest``, that both ends fall on."""
    order = fiscal.PRECISIONS  # day … year
    for p in reversed(order[: order.index(coarsest) + 1]):
        if unit_bounds(start, p)[0] == start and unit_bounds(end, p)[1] == end:
            return p
    return "day"


def point_label(d: datetime.date, precision: str, is_end: bool, style: str, lang: str) -> str:
    """A start or end date shown at its precision: "R7 Q2", "令和7年7月", or a full date."""
    lo, hi = unit_bounds(d, precision)
    if precision != "day" and (hi == d if is_end else lo == d):
        return fiscal.period_label(lo, hi, precision, style, lang)
    if style == "western" and lang == "ja":
        return f"{d.year}/{d.month}/{d.day}"  # compact, and parse_period reads it back
    if lang == "en":
        return d.isoformat()  # 2026-12-31: no wider than "FY2025 Q1", so the table fits (issue 13)
    return fiscal.date_label(d, style, lang)


def months_for_dx(dx: float, ppd: float, unit: str) -> int:
    """Whole months (multiples of 3 for quarters) nearest to a drag of ``dx`` pixels."""
    if ppd <= 0:
        return 0
    months = dx / ppd / 30.4375
    if unit == "quarter":
        return 3 * round(months / 3)
    return round(months)
