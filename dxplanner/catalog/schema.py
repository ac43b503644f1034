"""The edition file format (format 1) as constants: the keys each entry must have, the allowed
values, and the limits a file must respect before it is even parsed.

The same facts are published for people (and other tools) as a JSON Schema in
``docs/edition.schema.json``; ``tests/core/test_catalog_files.py`` checks that the two agree.
"""

from __future__ import annotations

import re

FORMAT_VERSION = 1
CONF_VALUES = frozenset({"確認", "二次"})
FORBIDDEN_MARK = "未確認"
AREA_KINDS = frozenset({"structure", "focus", "related"})
MEASURE_KINDS = frozenset({"国費", "特別交付税", "地方財政措置", "補助金", "その他"})
PROCEDURE_LEVELS = frozenset({"市区町村", "都道府県"})
# How the edition's date is described: a national plan is 策定 (first made) or 改定 (revised);
# DX Planner's own compilation of later national decisions is dated as 時点 (as of).
DATE_KINDS = ("策定", "改定", "時点")
STARTER_ORIGIN = "dxplanner"
STARTER_LABEL = "参考（DX Planner の例示）"
ESTIMATE_LABEL = "措置見込額（参考）"

# Situation tags a starter task may require (``fits``): the town's answers in the walk-through.
SITUATION_TAGS = frozenset({
    "std:移行済", "std:移行中", "std:特定移行支援",
    "cio:未", "cio:済", "ciso:未", "ciso:済", "hq:未", "hq:済",
})

# An id is short, lower-case and safe as a file name: "1.0", "2.3", "r8", "r8-pref-hokkaido".
EDITION_ID_RE = re.compile(r"^[0-9a-z][0-9a-z.\-]{0,39}$")
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

# Limits checked on the raw bytes before parsing: the packaged editions are under 100 KB and
# nest 7 levels deep, so these leave room for growth while refusing hostile files quickly.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

EDITION_KEYS = (
    "format",
    "id",
    "title",
    "decided",
    "period_from",
    "period_to",
    "publisher",
    "conf",
    "source",
    "sources",
    "starter_label",
    "structure",
    "key_roles",
    "measures",
    "areas",
    "standard_businesses",
    "online_procedures",
)
# optional top-level keys: "date_kind" (one of DATE_KINDS), "notes" (free text for maintainers),
# "period_source", "unconfirmed_note"
EDITION_OPTIONAL_KEYS = ("date_kind", "notes", "period_source", "short_title")

AREA_KEYS = (
    "id",
    "kind",
    "no",
    "name",
    "full_name",
    "guidance",
    "target_fy",
    "deadline",
    "target_text",
    "measure_ids",
    "kpis",
    "starter_tasks",
    "source_note",
)

MEASURE_KEYS = (
    "id",
    "text",
    "kind",
    "rate_text",
    "rate",
    "amount_text",
    "until_fy",
    "ministry",
    "estimate_label",
    "joint_rate",
)

TASK_KEYS = ("id", "title", "description", "span", "milestone", "origin")
KPI_KEYS = ("id", "name", "unit", "note")
PROCEDURE_KEYS = ("id", "group", "no", "name", "level")
