"""The 工程表 (schedule) page: a Gantt chart laid out by 年度 and 四半期. See docs/gantt.md."""

from ui.gantt.view import GanttView

__all__ = ["GanttView"]
