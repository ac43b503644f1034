"""Names people read for the fields of the model (gettext msgids; Japanese in i18n/ja)."""

from __future__ import annotations

from dxplanner.i18n import N_, translate

FIELD_LABELS: dict[str, str] = {
    "title": N_("Title"),
    "description": N_("Description"),
    "department": N_("Department (担当課)"),
    "start": N_("Start"),
    "end": N_("End"),
    "precision": N_("Planned to"),
    "milestone": N_("Milestone"),
    "status": N_("Status"),
    "progress": N_("Progress"),
    "depends_on": N_("Predecessors"),
    "parent_id": N_("Parent task"),
    "area_id": N_("Part of the plan"),
    "actual_start": N_("Actual start"),
    "actual_end": N_("Actual end"),
    "comment": N_("Comment"),
    "name": N_("Name"),
    "code": N_("Municipality code"),
    "prefecture": N_("Prefecture"),
    "kind": N_("Kind"),
    "population": N_("Population"),
    "person": N_("Person"),
    "external": N_("External"),
    "date": N_("Date"),
    "note": N_("Note"),
    "chair": N_("Chair"),
    "members": N_("Members"),
    "cadence": N_("Meetings"),
    "fy": N_("Fiscal year"),
    "from_fy": N_("From (年度)"),
    "to_fy": N_("To (年度)"),
    "dx_staff": N_("DX staff"),
    "digital_leads": N_("Digital leads in departments"),
    "form": N_("Employment"),
    "annual_cost": N_("Annual cost"),
    "funding": N_("Funding"),
    "participants": N_("Participants"),
    "cost": N_("Cost"),
    "unit": N_("Unit"),
    "baseline_value": N_("Baseline"),
    "baseline_fy": N_("Baseline year"),
    "targets": N_("Targets"),
    "actuals": N_("Actuals"),
    "item": N_("Item"),
    "amount": N_("Amount"),
    "source": N_("Funding source"),
    "vendor": N_("Vendor"),
    "system": N_("System"),
    "planned_date": N_("Planned date"),
    "tokutei": N_("特定移行支援"),
    "tokutei_reason": N_("Reason (1–4)"),
    "phases": N_("Phases"),
    "steps": N_("Steps"),
    "grade": N_("Grade"),
    "grade_labels": N_("Grade wording"),
    "policy_status": N_("Overall policy (全体方針)"),
    "edition": N_("National edition"),
    "id": N_("ID"),
    "applicable": N_("Applicable"),
    "via_myna_portal": N_("Via マイナポータル"),
    "next_step": N_("Next step"),
    "actual": N_("Actual"),
    "summary": N_("Summary"),
    "municipality.name": N_("Name"),
    "municipality.code": N_("団体コード"),
}

SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def field_label(name: str, lang: str | None = None) -> str:
    msgid = FIELD_LABELS.get(name)
    return translate(msgid, lang) if msgid else name
