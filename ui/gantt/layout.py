"""What the timeline needs beyond the model, cached: the visible rows, summary spans and links.

* ``rows``: the nodes shown, top to bottom, given which nodes are collapsed (the table's rows,
  one for one: row ``i`` of the timeline is at ``i * row_height``).
* summary spans of areas and parent tasks, computed on demand and forgotten narrowly when a task
  below them changes;
* the finish-to-start links as (first row, last row, predecessor, successor), sorted so that a
  paint finds the ones crossing the visible rows without looking at the others.

Rebuilt only when the tree's shape or the collapsed set changes; a date edit touches a handful
of cache entries.
"""

from __future__ import annotations

import bisect
import datetime

from dxplanner.model import Plan
from ui.gantt.model import GanttModel, Node

Span = tuple[datetime.date, datetime.date]


class RowLayout:
    def __init__(self, model: GanttModel) -> None:
        self.model = model
        self.collapsed: set[str] = set()
        self.rows: list[Node] = []
        self.row_of: dict[Node, int] = {}
        self._spans: dict[Node, Span | None] = {}
        self._links: list[tuple[int, int, str, str]] = []
        self._link_starts: list[int] = []
        self._max_link_rows = 0
        self._deps: dict[str, tuple[str, ...]] = {}
        self.rebuild()

    # --- rows ---------------------------------------------------------------------------------

    def rebuild(self) -> None:
        rows: list[Node] = []
        collapsed = self.collapsed
        stack = list(reversed(self.model.root.children))
        while stack:
            node = stack.pop()
            rows.append(node)
            if node.children and node.key not in collapsed:
                stack.extend(reversed(node.children))
        self.rows = rows
        self.row_of = {n: i for i, n in enumerate(rows)}
        self._spans.clear()
        self._rebuild_links()

    def depth(self, node: Node) -> int:
        d = 0
        p = node.parent
        while p is not None and p.kind != "root":
            d += 1
            p = p.parent
        return d

    def subtree_ids(self, task_id: str) -> list[str]:
        """The task and its descendants, parents first (from the tree, not a scan of the plan)."""
        node = self.model.task_nodes.get(task_id)
        if node is None:
            return []
        out: list[str] = []
        stack = [node]
        while stack:
            n = stack.pop()
            out.append(n.id)
            stack.extend(reversed(n.children))
        return out

    def row_of_task(self, task_id: str) -> int | None:
        node = self.model.task_nodes.get(task_id)
        return self.row_of.get(node) if node is not None else None

    # --- summary spans -----------------------------------------------------------------------

    def subtree_span(self, node: Node) -> Span | None:
        """Earliest start and latest end of the node and everything below it."""
        if node in self._spans:
            return self._spans[node]
        plan = self.model.plan
        lo: datetime.date | None = None
        hi: datetime.date | None = None
        if plan is not None and node.kind == "task":
            t = plan.tasks.get(node.id)
            if t is not None:
                lo, hi = t.start or t.end, t.end or t.start
        for child in node.children:
            s = self.subtree_span(child)
            if s is not None:
                lo = s[0] if lo is None or s[0] < lo else lo
                hi = s[1] if hi is None or s[1] > hi else hi
        span = (lo, hi) if lo is not None and hi is not None else None
        self._spans[node] = span
        return span

    def tasks_changed(self, ids: set[str]) -> None:
        """Forget what depended on these tasks' fields (their ancestors' spans, their links)."""
        plan = self.model.plan
        relink = False
        for tid in ids:
            node = self.model.task_nodes.get(tid)
            while node is not None:
                self._spans.pop(node, None)
                node = node.parent
            t = plan.tasks.get(tid) if plan is not None else None
            if t is not None and tuple(t.depends_on) != self._deps.get(tid, ()):
                relink = True
        if relink:
            self._rebuild_links()

    # --- links ----------------------------------------------------------------------------------

    def _rebuild_links(self) -> None:
        plan: Plan | None = self.model.plan
        links: list[tuple[int, int, str, str]] = []
        self._deps = {}
        if plan is not None:
            row_of = self.row_of
            nodes = self.model.task_nodes
            for t in plan.tasks.values():
                if not t.depends_on:
                    continue
                self._deps[t.id] = tuple(t.depends_on)
                node = nodes.get(t.id)
                r_succ = row_of.get(node) if node is not None else None
                if r_succ is None:
                    continue
                for dep in t.depends_on:
                    pnode = nodes.get(dep)
                    r_pred = row_of.get(pnode) if pnode is not None else None
                    if r_pred is None:
                        continue
                    links.append((min(r_pred, r_succ), max(r_pred, r_succ), dep, t.id))
        links.sort()
        self._links = links
        self._link_starts = [lk[0] for lk in links]
        self._max_link_rows = max((lk[1] - lk[0] for lk in links), default=0)

    def links_between(self, first: int, last: int) -> list[tuple[str, str]]:
        """(predecessor, successor) of the links crossing rows first..last."""
        lo = bisect.bisect_left(self._link_starts, first - self._max_link_rows)
        hi = bisect.bisect_right(self._link_starts, last)
        return [(p, s) for a, b, p, s in self._links[lo:hi] if b >= first]

    @property
    def link_count(self) -> int:
        return len(self._links)
