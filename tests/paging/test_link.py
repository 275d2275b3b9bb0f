"""The robot's paging loop over HTTP: the robot's own policy (StaffPager, on a sim clock) drives a
PagingLink; the tree's tick never waits on the network. `RobotSide` below is the reference for
wiring PageAndWait (mission manager) to the paging service."""

from __future__ import annotations

import time

import pytest
from concierge_paging.client import PagingClient, PagingRejected, PagingUnavailable
from concierge_paging.link import PagingLink
from concierge_robot.staff_pager import StaffPager

from tests.docdrop.conftest import wait_for
from tests.paging.test_client import FakeServer, silent

ROSTER = ["kim_youngsoo", "lee_mija", "park_jungho"]  # today's duty officer first


class RobotSide:
    """What PageAndWait does each tick, with the service in place of the /staff/pages topic."""

    def __init__(self, link: PagingLink, call_id: str, escalate_after_s: float = 60.0):
        self.link, self.call_id = link, call_id
        self.pager = StaffPager(escalate_after_s)
        self.page = None

    def start(self, now_s: float) -> None:
        self.page = self.pager.page("saebit_office", "복합 민원", ROSTER, now_s)
        self._send()

    def _send(self) -> None:
        p = self.page
        self.link.page(self.call_id, p.level, p.current, p.office_id, p.reason, "concierge_1")

    def tick(self, now_s: float) -> str:
        """running | accepted | no_answer | unavailable (the mission's next step)."""
        state = self.link.state(self.call_id)
        if isinstance(state.error, PagingUnavailable):
            return "unavailable"  # say paging.robot_unavailable, end the mission (943)
        if state.answer == "accepted":  # also a late accept that beat our escalation
            self.pager.ack(self.page.page_id, state.page.answered_by, True, now_s)
            return "accepted"
        if state.answer == "declined" and state.page.level == self.page.level:
            self.pager.ack(self.page.page_id, state.page.staff_id, False, now_s)
            if self.page.current is not None:
                self._send()
        elif self.pager.tick(self.page, now_s) and self.page.current is not None:
            self.link.escalate(self.call_id)
            self._send()
        if self.page.current is None:
            self.link.cancel(self.call_id)
            return "no_answer"  # say paging.robot_no_answer
        return "running"


@pytest.fixture
def link_to(request):
    links: list[PagingLink] = []

    def make(url: str, timeout_s: float = 5.0, poll_s: float = 0.05) -> PagingLink:
        link = PagingLink(PagingClient(url, timeout_s=timeout_s), poll_s=poll_s)
        links.append(link)
        return link

    yield make
    for link in links:
        link.close()
        link.client.close()


def settle(link: PagingLink, call_id: str) -> None:
    wait_for(lambda: link.state(call_id).pending == 0, 10, "paging requests to finish")


def test_unanswered_then_declined_then_accepted_on_the_sim_clock(paging, link_to):
    link, staff = link_to(paging.url), paging.client()
    robot = RobotSide(link, "call_staff-3f2a")
    robot.start(now_s=0.0)
    settle(link, robot.call_id)
    (kim_page,) = staff.inbox("kim_youngsoo")

    assert robot.tick(30.0) == "running"
    assert robot.tick(60.0) == "running"  # nobody answered in 60 sim-s: the robot moves on
    settle(link, robot.call_id)
    assert staff.get(kim_page.page_id).status == "escalated"
    (lee_page,) = staff.inbox("lee_mija")
    assert lee_page.level == 1

    staff.ack(lee_page.page_id, "lee_mija", accept=False)
    wait_for(lambda: link.state(robot.call_id).answer == "declined", 10, "the decline")
    assert robot.tick(61.0) == "running"  # a decline moves on at once
    settle(link, robot.call_id)
    (park_page,) = staff.inbox("park_jungho")
    with pytest.raises(PagingRejected, match="moved_on"):
        staff.ack(kim_page.page_id, "kim_youngsoo", accept=True)  # too late

    staff.ack(park_page.page_id, "park_jungho", accept=True)
    wait_for(lambda: link.state(robot.call_id).answer == "accepted", 10, "the accept")
    assert robot.tick(75.0) == "accepted"
    assert robot.page.acked_by == "park_jungho"
    pages = staff.inbox("kim_youngsoo", None) + staff.inbox("lee_mija", None)
    assert sorted(p.status for p in pages) == ["declined", "escalated"]


def test_an_accept_the_robot_had_not_seen_yet_beats_its_escalation(paging, link_to):
    link, staff = link_to(paging.url, poll_s=30), paging.client()  # no poll before the timeout
    robot = RobotSide(link, "call_staff-77aa")
    robot.start(now_s=0.0)
    settle(link, robot.call_id)
    (kim_page,) = staff.inbox("kim_youngsoo")
    staff.ack(kim_page.page_id, "kim_youngsoo", accept=True)
    assert robot.tick(60.0) == "running"  # escalate + page lee: both refused, the page says why
    settle(link, robot.call_id)
    assert robot.tick(60.1) == "accepted" and robot.page.acked_by == "kim_youngsoo"
    assert staff.inbox("lee_mija", None) == []  # lee was never paged


def test_everyone_escalated_means_no_answer_and_nothing_left_open(paging, link_to):
    link, staff = link_to(paging.url), paging.client()
    robot = RobotSide(link, "call_staff-0b0b", escalate_after_s=10)
    robot.start(0.0)
    outcomes = []
    for now in (10.0, 20.0, 30.0):
        settle(link, robot.call_id)
        outcomes.append(robot.tick(now))
    settle(link, robot.call_id)
    assert outcomes == ["running", "running", "no_answer"]
    statuses = [p.status for s in ROSTER for p in staff.inbox(s, None)]
    assert statuses == ["escalated", "escalated", "canceled"]


def test_a_silent_service_never_stalls_the_tick_and_is_reported(link_to):
    server = FakeServer(silent)
    try:
        link = link_to(server.url, timeout_s=0.3)
        robot = RobotSide(link, "call_staff-dead")
        started = time.perf_counter()
        robot.start(0.0)
        ticks = [robot.tick(0.1 * i) for i in range(50)]
        tick_s = time.perf_counter() - started
        assert tick_s < 0.2, "start + 50 ticks must not wait on the network"
        assert set(ticks) == {"running"}
        wait_for(lambda: robot.tick(5.0) == "unavailable", 5, "the unavailable report")
        error = link.state(robot.call_id).error
        assert error.say_key == "paging.robot_unavailable"
        assert "did not answer within 0.3 s" in str(error)
    finally:
        server.close()
