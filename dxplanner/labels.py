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
    "tokutei_reason": N_("Reason (事由)"),
    "tokutei_reason_text": N_("Reason in detail"),
    "tokutei_deadline": N_("特定移行支援 deadline"),
    "actual_date": N_("Went live on (稼働日)"),
    "cloud": N_("ガバメントクラウド"),
    "cloud_partner": N_("Shared with"),
    "contract_start": N_("Contract from"),
    "contract_end": N_("Contract until"),
    "task_ids": N_("Tasks in the 工程表"),
    "system_ids": N_("Businesses (業務)"),
    "baseline": N_("平成30年度 baseline"),
    "planned": N_("Planned"),
    "fund_covered": N_("Covered by the 基金"),
    "phases": N_("Phases and steps"),
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


# A 首長 is elected and takes office (就任), a body is set up (設置); only other posts are
# appointed (任命). The stored values stay the shared ones (任命済 / 予定 / 未定).
APPOINTMENT_WORDING: dict[str, dict[str, str]] = {
    "首長": {"任命済": N_("In office (就任済)"), "予定": N_("Taking office (就任予定)")},
    "body": {"任命済": N_("Set up (設置済)"), "予定": N_("To be set up (設置予定)")},
}


def appointment_wording(status: str, who: str, lang: str | None = None) -> str | None:
    """How ``status`` reads for ``who`` (a role kind such as 首長, or "body"); None when the
    shared wording (任命済 / 予定 / 未定) applies."""
    msgid = APPOINTMENT_WORDING.get(who, {}).get(status)
    return translate(msgid, lang) if msgid else None


# An edition of the national plan is 策定 (first adopted) or 改定 (revised), never "決定";
# DX Planner's own compilation is dated as 時点 (as of) and says who compiled it.
EDITION_CAPTIONS: dict[str, str] = {
    "策定": N_("{publisher} “{title}” (adopted {date})"),
    "改定": N_("{publisher} “{title}” (revised {date})"),
    "時点": N_("{title} (as of {date}; compiled by DX Planner from national sources)"),
}


def edition_caption(title: str, publisher: str, date_kind: str, date_text: str, lang: str | None = None) -> str:
    """The edition a plan follows, as the cover of a document names it."""
    msgid = EDITION_CAPTIONS.get(date_kind, EDITION_CAPTIONS["策定"])
    return translate(msgid, lang).format(title=title, publisher=publisher, date=date_text)
