"""DX Planner core: the plan document, the national catalog, checks and exports (no Qt here)."""

__version__ = "0.1.0"
