"""How stored vocabulary values (kept in Japanese, as municipal documents use them) are shown.

The stored value never changes with the language; only its label does. In Japanese the label is
the value itself (the msgid's Japanese translation is that value); in English it is the msgid.
"""

from __future__ import annotations

from dxplanner.i18n import N_, current_language, translate

VALUE_LABELS: dict[str, str] = {
    # task status
    "未着手": N_("Not started"),
    "進行中": N_("In progress"),
    "完了": N_("Done"),
    "保留": N_("On hold"),
    "中止": N_("Cancelled"),
    # appointments
    "任命済": N_("Appointed"),
    "予定": N_("Planned"),
    "未定": N_("Not decided"),
    # overall policy
    "策定済": N_("Decided"),
    "策定中": N_("Being drafted"),
    # roles
    "首長": N_("Mayor (首長)"),
    "DX推進リーダー": N_("DX lead"),
    "その他": N_("Other"),
    # municipality kinds
    "都道府県": N_("Prefecture"),
    "市": N_("City"),
    "町": N_("Town"),
    "村": N_("Village"),
    "特別区": N_("Special ward"),
    # funding
    "一般財源": N_("General funds"),
    "国庫支出金": N_("National treasury disbursements"),
    "都道府県支出金": N_("Prefectural disbursements"),
    "特別交付税": N_("Special allocation tax"),
    "普通交付税": N_("Ordinary allocation tax"),
    "地方債": N_("Local bonds"),
    # employment forms
    "特別職非常勤": N_("Part-time special post"),
    "任期付職員": N_("Fixed-term staff"),
    "業務委託": N_("Contract"),
    "会計年度任用職員": N_("Fiscal-year appointee"),
    # standardization phases and steps
    "計画立案": N_("Planning"),
    "システム選定": N_("System selection"),
    "移行": N_("Migration"),
    "作業中": N_("Working"),
    "完了済み": N_("Completed"),
    "対象外": N_("Not applicable"),
    # 標準化 after the deadline: status, ガバメントクラウド, kind of cost
    "未移行": N_("Not migrated"),
    "移行中": N_("Migrating"),
    "移行済": N_("Migrated"),
    "特定移行支援": N_("特定移行支援"),
    "単独利用": N_("On its own"),
    "共同利用": N_("Shared"),
    "運用経費": N_("Running cost (運用経費)"),
    "移行経費": N_("One-off migration cost (移行経費)"),
    # online procedures
    "未対応": N_("Not yet"),
    "対応中": N_("Under way"),
    "オンライン化済": N_("Online"),
    "市区町村": N_("Municipality"),
    # precisions
    "day": N_("day"),
    "month": N_("month"),
    "quarter": N_("quarter"),
    "half": N_("half year"),
    "year": N_("fiscal year"),
}


def value_label(value: str, lang: str | None = None) -> str:
    """The label of a stored vocabulary value in the current (or given) language."""
    lang = lang or current_language()
    msgid = VALUE_LABELS.get(value)
    if msgid is None:
        return value
    if lang == "ja" and value not in ("day", "month", "quarter", "half", "year"):
        return value
    return translate(msgid, lang)
