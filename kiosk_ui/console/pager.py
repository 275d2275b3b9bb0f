"""The staff pager inbox: pages from /staff/pages (JSON), escalations, answers in flight.
Plain Python, tested without Qt or ROS."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

PAGE_LEVELS = ("normal", "escalated", "urgent")


@dataclass
class Page:
    page_id: str
    office_id: str = ""
    staff_id: str = ""
    reason: str = ""
    level: int | str = 0
    created: float | str = ""
    pending_answer: bool | None = None  # accept/decline sent, no reply yet
    acked_by: str = ""  # answered (here, by phone or at another console): no longer waiting

    def created_text(self) -> str:
        if isinstance(self.created, (int, float)) and self.created >= 1e9:
            return time.strftime("%H:%M:%S", time.localtime(self.created))
        if isinstance(self.created, (int, float)):
            return f"{self.created:.0f} s"  # sim time: seconds since the stack started
        text = str(self.created)
        return text[11:19] if len(text) >= 19 and text[10] in "T " else text


class PagerInbox:
    """Pages from /staff/pages, newest escalation first; nothing is dropped silently."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.rejected: list[str] = []  # why a message was not a page (shown in the log)

    def add(self, text: str) -> Page:
        """One JSON message; ValueError (kept in `rejected`) when it is not a page."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            page_id = str(data.get("page_id") or "").strip()
            if not page_id:
                raise ValueError("no page_id")
        except (json.JSONDecodeError, ValueError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            self.rejected.append(f"{reason}: {text[:80]}")
            raise ValueError(f"bad staff page ({reason})") from None
        page = Page(
            page_id=page_id,
            office_id=str(data.get("office_id", "")),
            staff_id=str(data.get("staff_id", "")),
            reason=str(data.get("reason", "")),
            level=data.get("level", 0),
            created=data.get("created", ""),
            acked_by=str(data.get("acked_by") or ""),
        )
        if page.acked_by:
            self.pages.pop(page_id, None)
            return page
        old = self.pages.get(page_id)
        if old is not None:  # an escalation re-publishes the page: keep an answer in flight
            page.pending_answer = old.pending_answer
        self.pages[page_id] = page
        return page

    def pending(self) -> list[Page]:
        def level_rank(p: Page) -> int:
            if isinstance(p.level, int):
                return p.level
            return PAGE_LEVELS.index(p.level) if p.level in PAGE_LEVELS else 0

        return sorted(self.pages.values(), key=lambda p: (-level_rank(p), str(p.created)))

    def answering(self, page_id: str, accept: bool) -> Page:
        page = self.pages[page_id]
        page.pending_answer = accept
        return page

    def answered(self, page_id: str, success: bool) -> None:
        """The pager's reply: success removes the page; failure keeps it to try again."""
        if success:
            self.pages.pop(page_id, None)
        elif page_id in self.pages:
            self.pages[page_id].pending_answer = None
