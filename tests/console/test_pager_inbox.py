"""The staff pager inbox, without Qt or ROS."""

from __future__ import annotations

import json

import pytest

from kiosk_ui.console.pager import PagerInbox


def test_pager_inbox_keeps_bad_messages_visible_and_drops_nothing():
    inbox = PagerInbox()
    with pytest.raises(ValueError, match="bad staff page"):
        inbox.add("{not json")
    with pytest.raises(ValueError, match="no page_id"):
        inbox.add(json.dumps({"office_id": "saebit_office"}))
    assert len(inbox.rejected) == 2
    inbox.add(json.dumps({"page_id": "a", "level": 0, "created": 1.0, "reason": "x"}))
    inbox.add(json.dumps({"page_id": "b", "level": 0, "created": 2.0}))
    inbox.add(json.dumps({"page_id": "a", "level": 2, "created": 1.0, "reason": "x"}))
    assert [p.page_id for p in inbox.pending()] == ["a", "b"]  # escalated first
    inbox.answering("a", True)
    inbox.answered("a", success=False)  # the pager said no: keep it to try again
    assert inbox.pages["a"].pending_answer is None
    inbox.answered("a", success=True)
    assert list(inbox.pages) == ["b"]
    # answered elsewhere (the HTTP endpoint, another console): gone from the waiting list
    inbox.add(json.dumps({"page_id": "b", "level": 0, "created": 2.0, "acked_by": "lee_mija"}))
    assert inbox.pages == {}
