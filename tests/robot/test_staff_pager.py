"""Paging veteran officials: escalation when unanswered or declined, one answer only."""

from __future__ import annotations

import json

import pytest
from concierge_robot.staff_pager import StaffPager


def test_unanswered_page_escalates_to_the_next_official():
    pager = StaffPager(escalate_after_s=60)
    page = pager.page("saebit_office", "passport help", ["kim", "lee", "park"], now_s=0)
    assert page.current == "kim"
    assert not pager.tick(page, 59.9)
    assert pager.tick(page, 60.0)
    assert page.current == "lee" and page.level == 1
    assert json.loads(page.to_json())["staff_id"] == "lee"


def test_decline_escalates_at_once_and_accept_ends_the_page():
    pager = StaffPager(escalate_after_s=60)
    page = pager.page("saebit_office", "", ["kim", "lee"], now_s=0)
    assert pager.ack(page.page_id, "kim", False, now_s=5) == "declined"
    assert page.current == "lee"
    assert pager.ack(page.page_id, "lee", True, now_s=6) == "accepted"
    assert page.acked_by == "lee"
    with pytest.raises(ValueError, match="already answered"):
        pager.ack(page.page_id, "kim", True, now_s=7)


def test_everyone_unanswered_leaves_nobody_to_page():
    pager = StaffPager(escalate_after_s=10)
    page = pager.page("saebit_office", "", ["kim"], now_s=0)
    pager.tick(page, 10)
    assert page.current is None


def test_acks_from_strangers_and_unknown_pages_are_refused():
    pager = StaffPager(escalate_after_s=10)
    page = pager.page("saebit_office", "", ["kim"], now_s=0)
    with pytest.raises(ValueError, match="was not paged"):
        pager.ack(page.page_id, "mallory", True, 1)
    with pytest.raises(KeyError):
        pager.ack("page-999999", "kim", True, 1)
    with pytest.raises(ValueError, match="no staff"):
        pager.page("saebit_office", "", [], 0)
