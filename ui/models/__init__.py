"""Qt item models over the plan (tables of entities, tasks, KPIs, findings)."""
