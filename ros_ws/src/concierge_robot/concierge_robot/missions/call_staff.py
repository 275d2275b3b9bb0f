"""call_staff: page a veteran official of the staff office (새빛민원실) for the visitor, tell them
the expected wait, and escort them to the counter when one accepts.

The escalation policy (who is next, when) runs here on the robot's clock (StaffPager). With a
paging service (config.paging_url) every page also goes over HTTP (PagingLink): staff answer
from its web page or API and the tree polls for the answer every paging_poll_s; a service that
is down or too slow ends the call with a spoken explanation, never a hang. Pages are published
on `staff/pages` too (the console's inbox, which answers through the staff_pager/ack service).
"""

from __future__ import annotations

import datetime
import uuid

import py_trees
from py_trees.common import Status

from concierge_robot.behaviours import Do, EscortLeg, RobotContext, Say, sequence
from concierge_robot.missions.base import (
    NO_STAFF_AVAILABLE,
    NOT_ACKNOWLEDGED,
    PAGING_UNAVAILABLE,
    UNKNOWN_OFFICE,
    UNKNOWN_STAFF,
    Env,
    Fail,
    Plan,
    Refusal,
    lang_of,
)
from concierge_robot.staff_pager import Page, StaffPager

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class PageAndWait(py_trees.behaviour.Behaviour):
    """Page officials in order, escalating when unanswered; succeed when one accepts."""

    def __init__(self, ctx: RobotContext, pager: StaffPager, page: Page, call: dict, texts: dict):
        super().__init__("PageAndWait")
        self.ctx, self.pager, self.page, self.call, self.texts = ctx, pager, page, call, texts
        self.link = call.get("link")  # PagingLink, or None: topic and ROS service only

    def _send(self) -> None:
        self.published_level = self.page.level
        self.call["notify"](self.page)
        if self.link is not None:
            c = self.call
            self.link.page(c["id"], self.page.level, self.page.current, self.page.office_id,
                           self.page.reason, c["robot"], self.ctx.lang)  # fmt: skip

    def initialise(self) -> None:
        self.ctx.phase = "paging"
        now = self.ctx.now_s()
        # the official's time to answer starts when the page goes out, not when it was planned
        # (the robot first tells the visitor it is paging)
        self.page.created_s = self.page.level_since_s = now
        self.next_poll_s = now + self.call["poll_s"]
        self._send()

    def update(self) -> Status:
        ctx, page, now = self.ctx, self.page, self.ctx.now_s()
        if self.link is not None:
            failed = self._take_answers(now)
            if failed is not None:
                return failed
        if page.acked_by:
            ctx.phase = "acknowledged"
            return Status.SUCCESS
        self.pager.tick(page, now)
        # a timeout or a decline moved the page on: tell the next official
        if page.level != self.published_level and page.current is not None:
            if self.link is not None:
                self.link.escalate(self.call["id"])
            self._send()
            ctx.phase = "escalated"
            Say(ctx, self.texts["escalated"], wait=False).initialise()
            self.call["on_escalate"](page)
        if page.current is None:
            return ctx.fail(NOT_ACKNOWLEDGED, "no official answered the page")
        if now - page.created_s >= self.call["max_wait_s"]:
            return ctx.fail(
                NOT_ACKNOWLEDGED, f"no official answered in {self.call['max_wait_s']:.0f} s"
            )
        return Status.RUNNING

    def _take_answers(self, now: float) -> Status | None:
        from concierge_paging.client import PagingUnavailable

        st = self.link.state(self.call["id"])
        if isinstance(st.error, PagingUnavailable):
            return self.ctx.fail(PAGING_UNAVAILABLE, f"paging service unavailable: {st.error}")
        seen = st.page
        answered_over_ros = self.page.acked_by and seen is not None and seen.status == "open"
        if answered_over_ros and not self.call.get("answered"):  # tell the service, once
            self.call["answered"] = True
            self.link.answer(self.call["id"], self.page.acked_by, True)
        if seen is not None and not self.page.acked_by:
            # an accept wins even when it comes from an official the robot has moved on from
            if st.answer == "accepted" and seen.answered_by in self.page.candidates:
                self.pager.ack(self.page.page_id, seen.answered_by, True, now)
            elif st.answer == "declined" and seen.level == self.page.level:
                self.pager.ack(self.page.page_id, seen.staff_id, False, now)
        if now >= self.next_poll_s and st.pending == 0:
            self.next_poll_s = now + self.call["poll_s"]
            self.link.poll(self.call["id"])
        return None

    def terminate(self, new_status: Status) -> None:
        if self.link is not None and new_status != Status.SUCCESS and not self.page.acked_by:
            self.link.cancel(self.call["id"])  # nobody should walk to a visitor who has gone


def plan(goal, env: Env) -> Plan:
    data, ctx, cfg = env.data, env.ctx, env.config
    office_id = goal.office_id or data.roles.get("staff_office", "")
    if not office_id or office_id not in data.places:
        raise Refusal(
            UNKNOWN_OFFICE, f"unknown office {goal.office_id or '(none)'!r} at {data.site}"
        )
    if goal.staff_id and not data.has_staff(goal.staff_id):
        raise Refusal(UNKNOWN_STAFF, f"unknown staff member {goal.staff_id!r} at {data.site}")
    weekday = WEEKDAYS[datetime.date.today().weekday()]
    roster = [goal.staff_id] if goal.staff_id else data.veteran_roster(office_id, weekday)
    if not roster:
        raise Refusal(NO_STAFF_AVAILABLE, f"no veteran official to page at {office_id}")
    lang = lang_of(goal.lang)
    ctx.lang = lang
    pager: StaffPager = env.services["pager"]
    page = pager.page(office_id, goal.reason, roster, ctx.now_s())
    office = data.place(office_id)
    call = {
        "id": f"{cfg.robot_name}-{page.page_id}-{uuid.uuid4().hex[:6]}",
        "robot": cfg.robot_name,
        "link": env.services.get("paging"),
        "notify": env.services.get("notify_page", lambda _page: None),
        "on_escalate": env.services.get("on_escalate", lambda _page: None),
        "poll_s": cfg.paging_poll_s,
        "max_wait_s": cfg.staff_max_wait_s,
    }
    texts = {"escalated": env.say("staff_escalated", lang)}

    def coming_text() -> str:  # names whoever accepted, known only after the ack
        staff = data.staff_name(page.acked_by or "", lang)
        return env.say("staff_coming", lang, staff=staff, minutes=cfg.staff_expected_wait_min)

    steps = [Say(ctx, env.say("paging", lang)), PageAndWait(ctx, pager, page, call, texts)]
    steps.append(Say(ctx, coming_text))
    if goal.escort_to_counter:
        steps += [
            EscortLeg(
                ctx,
                lambda: office.pose,
                "",
                cfg.follower_lost_timeout_s,
                lambda: env.say("wait_for_me", lang),
            ),  # fmt: skip
            Say(ctx, env.say("escort_arrived", lang, place=office.name(lang))),
        ]
    saved: list = [None]

    def why_text() -> str:
        err = saved[0]
        key = "paging.robot_unavailable" if err and err.code == PAGING_UNAVAILABLE else None
        return data.strings.t(key, lang) if key else data.strings.t("paging.robot_no_answer", lang)

    explain = sequence(
        "ExplainNoStaff",
        [
            Do(lambda: saved.__setitem__(0, ctx.error), "RememberError"),
            Say(ctx, why_text),
            Fail(ctx, saved),
        ],
    )
    paged = sequence("PageStaff", steps)
    guard = py_trees.decorators.EternalGuard(
        name="OnlyIfNotAnswered", child=explain, condition=lambda: not page.acked_by
    )
    tree = py_trees.composites.Selector("CallStaff", memory=True, children=[paged, guard])

    def feedback(fb) -> None:
        fb.phase = ctx.phase
        fb.escalation_level = page.level
        fb.expected_wait_s = cfg.staff_expected_wait_min * 60.0
        fb.staff_name = data.staff_name(page.current or "", lang)

    def result(res) -> None:
        res.staff_id = page.acked_by or ""
        res.staff_name = data.staff_name(res.staff_id, lang) if page.acked_by else ""
        res.wait_s = float(ctx.now_s() - page.created_s)

    return Plan("call_staff", tree, office_id, f"page {office_id}", feedback, result, lang=lang)
