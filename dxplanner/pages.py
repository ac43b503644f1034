"""The names of the window's pages, for ``dxplanner gui --page NAME`` (Qt-free, so the CLI stays light).

The window's page registry (``ui/pages/registry.py``) uses the same names. An area of the plan
has the page ``area:<id>`` where ``<id>`` is the area's id (the catalog id for national areas,
e.g. ``area:std``). ``start`` is the start screen and ``wizard`` (or ``wizard:N``) the N-th page
of the new-plan walk-through, which is useful for screenshots.
"""

from __future__ import annotations

PAGE_NAMES: tuple[str, ...] = (
    "start",
    "wizard",
    "overview",
    "structure",
    "talent",
    "area:<id>",
    "related",
    "kpi",
    "budget",
    "standardization",
    "online",
    "schedule",
    "compare",
    "review",
    "check",
)

AREA_PREFIX = "area:"
WIZARD_PREFIX = "wizard"


def is_valid_page(name: str) -> bool:
    """Whether ``name`` can name a page (an area page is checked against the plan later)."""
    if name.startswith(AREA_PREFIX):
        return len(name) > len(AREA_PREFIX)
    if name.startswith(WIZARD_PREFIX + ":"):
        return name[len(WIZARD_PREFIX) + 1:].isdigit()
    return name in PAGE_NAMES and name != "area:<id>"


def page_help() -> str:
    return ", ".join(PAGE_NAMES) + " (area:std, area:mynum, … ; wizard:N)"
