"""Paging a veteran official: who is paged, when it escalates, what the visitor is told."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field


@dataclass
class Page:
    page_id: str
    office_id: str
    reason: str
    candidates: list[str]  # staff ids in paging order (duty officer first)
    created_s: float
    level: int = 0
    acked_by: str | None = None
    declined: set[str] = field(default_factory=set)
    level_since_s: float = 0.0

    @property
    def current(self) -> str | None:
        return self.candidates[self.level] if self.level < len(self.candidates) else None

    def to_json(self) -> str:
        return json.dumps(
            {
                "page_id": self.page_id,
                "office_id": self.office_id,
                "staff_id": self.current or "",
                "reason": self.reason,
                "level": self.level,
                "created": self.created_s,
                "acked_by": self.acked_by,
            },
            ensure_ascii=False,
        )


class StaffPager:
    """Pages in order; an unanswered or declined page escalates to the next official."""

    _ids = itertools.count(1)

    def __init__(self, escalate_after_s: float):
        self.escalate_after_s = escalate_after_s
        self.pages: dict[str, Page] = {}

    def page(self, office_id: str, reason: str, candidates: list[str], now_s: float) -> Page:
        if not candidates:
            raise ValueError(f"no staff to page for {office_id}")
        pid = f"page-{next(self._ids)}"
        page = Page(pid, office_id, reason, candidates, now_s, level_since_s=now_s)
        self.pages[pid] = page
        return page

    def ack(self, page_id: str, staff_id: str, accept: bool, now_s: float) -> str:
        page = self.pages.get(page_id)
        if page is None:
            raise KeyError(f"no page {page_id!r}")
        if page.acked_by:
            raise ValueError(f"page {page_id} was already answered by {page.acked_by}")
        if staff_id not in page.candidates:
            raise ValueError(f"{staff_id!r} was not paged for {page_id}")
        if accept:
            page.acked_by = staff_id
            return "accepted"
        page.declined.add(staff_id)
        if staff_id == page.current:
            self._escalate(page, now_s)
        return "declined"

    def tick(self, page: Page, now_s: float) -> bool:
        """Escalate when the current official has not answered in time. True if escalated."""
        if page.acked_by or page.current is None:
            return False
        if now_s - page.level_since_s >= self.escalate_after_s:
            self._escalate(page, now_s)
            return True
        return False

    def _escalate(self, page: Page, now_s: float) -> None:
        page.level += 1
        page.level_since_s = now_s
        while page.current is not None and page.current in page.declined:
            page.level += 1
