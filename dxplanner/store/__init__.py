"""The .dxplan file: schema, migrations, locks, backups. No SQL lives outside this package."""

from dxplanner.store.gateway import PlanFile, verify

__all__ = ["PlanFile", "verify"]
