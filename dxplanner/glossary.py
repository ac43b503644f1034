"""One definition per measure: the terms every output uses, defined once for the reader.

The PDF prints them on its last page and the workbook on a sheet of its own (用語の定義), so a
council member or a prefectural official reads the same definition wherever a figure appears.
The figures themselves are computed in :mod:`dxplanner.figures`.
"""

from __future__ import annotations

from dxplanner.i18n import N_

#: (term, definition) msgids, in the order printed.
GLOSSARY: tuple[tuple[str, str], ...] = (
    (N_("As-of date (基準日)"),
     N_("The day the figures are counted on: 遅延, days late, the latest KPI actual and the 年度 of the "
        "figures. A document made later with the same 基準日 prints the same figures.")),
    (N_("Completion rate (完了率)"),
     N_("Tasks 完了 divided by all tasks of the plan (or of the part), 中止 included in the denominator.")),
    (N_("Late (遅延)"),
     N_("A task whose planned end is before the 基準日 and that is neither 完了 nor 中止; a task planned to "
        "end before the plan period is not counted (the health check lists it). Days late = 基準日 − "
        "planned end. An オンライン化 procedure is late when the town's own planned date has passed and it "
        "is not online.")),
    (N_("Achievement against the year's target (達成率（当該年度目標比）)"),
     N_("The latest KPI actual up to the 基準日's 年度, divided by the target of the same 年度.")),
    (N_("Achievement against the final target (達成率（最終目標比）)"),
     N_("The latest KPI actual up to the 基準日's 年度, divided by the target of the last 年度 that has one.")),
    (N_("標準化: migrated (移行済)"),
     N_("A 業務 whose status on the 標準化 tracker is 移行済 (its 標準準拠システム is in operation). The tasks "
        "of the 標準化 part of the 工程表 are counted separately.")),
    (N_("標準化: share of 業務 migrated (移行済)"),
     N_("業務 移行済 ÷ 業務 in scope (every status but 対象外) on the 標準化 tracker.")),
    (N_("Estimated 交付税 measures (措置見込額（参考）)"),
     N_("Cost × the national 措置率 of a 地方交付税 measure. The money is paid from the town's own funds "
        "(一般財源) first; the estimate is for reference and never part of the funding total.")),
)
