"""The paging API against a real uvicorn: paging, answers, escalation, idempotency, bad input."""

from __future__ import annotations

import threading

import pytest
from concierge_paging.client import PagingRejected, PagingUnavailable

PAGE = {
    "call_id": "call-7",
    "office_id": "saebit_office",
    "staff_id": "kim_youngsoo",
    "reason": "복합 민원",
    "level": 0,
    "robot": "concierge_1",
    "lang": "ko",
}


def test_page_then_accept_by_api_reaches_the_robot(paging):
    robot, staff = paging.client(), paging.client()
    page = robot.page("call-1", "saebit_office", "kim_youngsoo", 0, "복합 민원", "concierge_1")
    assert page.status == "open" and page.level == 0 and page.page_id.startswith("pg_")
    assert [p.page_id for p in staff.inbox("kim_youngsoo")] == [page.page_id]

    answered = staff.ack(page.page_id, "kim_youngsoo", accept=True)
    assert answered.accepted and answered.answered_by == "kim_youngsoo"

    seen = robot.get(page.page_id)
    assert seen.status == "accepted" and seen.answered_by == "kim_youngsoo"
    assert seen.answered_at >= seen.created
    assert staff.inbox("kim_youngsoo") == []  # nothing left to answer
    events = paging.http().get(f"/api/pages/{page.page_id}/events").json()
    assert [(e["event"], e["actor"]) for e in events] == [
        ("created", "concierge_1"),
        ("accepted", "kim_youngsoo"),
    ]


def test_decline_then_the_robot_pages_the_next_official(paging):
    robot, staff = paging.client(), paging.client()
    first = robot.page("call-2", "saebit_office", "kim_youngsoo", 0)
    assert staff.ack(first.page_id, "kim_youngsoo", accept=False).declined
    assert robot.get(first.page_id).status == "declined"

    second = robot.page("call-2", "saebit_office", "lee_mija", 1)
    assert second.status == "open" and second.page_id != first.page_id
    assert staff.ack(second.page_id, "lee_mija", accept=True).accepted
    with pytest.raises(PagingRejected) as refused:  # a declined page cannot be taken back
        staff.ack(first.page_id, "kim_youngsoo", accept=True)
    assert refused.value.status == 409 and refused.value.code == "err_already_answered"


def test_escalated_page_refuses_a_late_accept(paging):
    robot, staff = paging.client(), paging.client()
    page = robot.page("call-3", "saebit_office", "kim_youngsoo", 0)
    assert robot.escalate(page.page_id).status == "escalated"
    assert robot.escalate(page.page_id).status == "escalated"  # a retried request is harmless
    with pytest.raises(PagingRejected) as late:
        staff.ack(page.page_id, "kim_youngsoo", accept=True)
    assert late.value.status == 409 and late.value.code == "err_moved_on"
    assert late.value.page.status == "escalated"
    assert "다른 직원에게 넘어간" in late.value.detail


def test_an_accept_that_beats_the_escalation_wins(paging):
    """The official accepts just as the robot's clock says escalate: the robot is told (409 with
    the accepted page) instead of paging a second person."""
    robot, staff = paging.client(), paging.client()
    page = robot.page("call-4", "saebit_office", "kim_youngsoo", 0)
    staff.ack(page.page_id, "kim_youngsoo", accept=True)
    with pytest.raises(PagingRejected) as refused:
        robot.escalate(page.page_id)
    assert refused.value.status == 409 and refused.value.page.accepted
    with pytest.raises(PagingRejected) as again:
        robot.page("call-4", "saebit_office", "lee_mija", 1)
    assert again.value.code == "err_call_answered"
    assert again.value.page.answered_by == "kim_youngsoo"
    assert len(robot.inbox("lee_mija")) == 0


def test_paging_the_next_level_closes_the_open_page_before_it(paging):
    """If the robot's escalate request was lost, paging level 1 still leaves one open page."""
    robot = paging.client()
    first = robot.page("call-5", "saebit_office", "kim_youngsoo", 0)
    second = robot.page("call-5", "saebit_office", "lee_mija", 1)
    assert robot.get(first.page_id).status == "escalated"
    assert robot.get(second.page_id).status == "open"
    assert robot.inbox("kim_youngsoo") == []


def test_a_retried_post_never_pages_twice(paging):
    http = paging.http()
    first = http.post("/api/pages", json=PAGE)
    again = http.post("/api/pages", json=PAGE)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["page_id"] == again.json()["page_id"]
    assert len(http.get("/api/pages", params={"call_id": "call-7"}).json()) == 1
    events = http.get(f"/api/pages/{first.json()['page_id']}/events").json()
    assert [e["event"] for e in events] == ["created"]
    other = http.post("/api/pages", json={**PAGE, "staff_id": "lee_mija"})
    assert other.status_code == 409 and other.json()["code"] == "err_call_level_taken"


def test_identical_posts_racing_create_one_page(paging):
    results: list[str] = []
    errors: list[Exception] = []

    def post() -> None:
        try:
            results.append(paging.page("call-race").page_id)
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors and len(results) == 8 and len(set(results)) == 1
    assert paging.http().get("/api/health").json()["pages"] == {"open": 1}


def test_ack_refusals_are_403_404_409_and_audited(paging):
    robot, staff = paging.client(), paging.client()
    page = robot.page("call-8", "saebit_office", "kim_youngsoo", 0, robot="concierge_1")
    with pytest.raises(PagingRejected) as stranger:
        staff.ack(page.page_id, "lee_mija", accept=True)
    assert stranger.value.status == 403 and stranger.value.code == "err_not_paged"
    with pytest.raises(PagingRejected) as unknown:
        staff.ack("pg_0000000000000000", "kim_youngsoo", accept=True)
    assert unknown.value.status == 404 and unknown.value.code == "err_no_page"

    staff.ack(page.page_id, "kim_youngsoo", accept=True)
    assert staff.ack(page.page_id, "kim_youngsoo", accept=True).accepted  # a double tap
    with pytest.raises(PagingRejected) as changed_mind:
        staff.ack(page.page_id, "kim_youngsoo", accept=False)
    assert changed_mind.value.status == 409 and changed_mind.value.page.accepted
    events = paging.http().get(f"/api/pages/{page.page_id}/events").json()
    assert [(e["event"], e["actor"]) for e in events] == [
        ("created", "concierge_1"),
        ("ack_refused", "lee_mija"),
        ("accepted", "kim_youngsoo"),
        ("ack_refused", "kim_youngsoo"),
    ]


def test_cancel_withdraws_even_an_accepted_page_and_ends_the_call(paging):
    robot, staff = paging.client(), paging.client()
    page = robot.page("call-9", "saebit_office", "kim_youngsoo", 0)
    staff.ack(page.page_id, "kim_youngsoo", accept=True)
    assert robot.cancel(page.page_id).status == "canceled"
    assert robot.cancel(page.page_id).status == "canceled"
    with pytest.raises(PagingRejected) as over:
        robot.page("call-9", "saebit_office", "lee_mija", 1)
    assert over.value.code == "err_call_over"
    inbox = paging.http().get("/api/staff/kim_youngsoo/inbox").json()
    assert [(p["page_id"], p["status"]) for p in inbox] == [(page.page_id, "canceled")]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({**PAGE, "staff_id": "nobody"}, 400, "err_unknown_staff"),
        ({**PAGE, "office_id": "moon_base"}, 400, "err_unknown_office"),
        ({**PAGE, "reason": "가" * 501}, 400, "err_bad_field"),
        ({**PAGE, "call_id": "x" * 65}, 400, "err_bad_field"),
        ({**PAGE, "call_id": "../../etc"}, 400, "err_bad_field"),
        ({**PAGE, "level": -1}, 400, "err_bad_field"),
        ({**PAGE, "level": "first"}, 400, "err_bad_field"),
        ({**PAGE, "lang": "fr"}, 400, "err_bad_field"),
        ({**PAGE, "priority": "high"}, 400, "err_bad_field"),
        ({k: v for k, v in PAGE.items() if k != "staff_id"}, 400, "err_bad_field"),
        ([PAGE], 400, "err_bad_field"),
    ],
)
def test_bad_pages_get_a_clear_4xx_and_write_nothing(paging, body, status, code):
    http = paging.http()
    r = http.post("/api/pages", json=body)
    assert (r.status_code, r.json()["code"]) == (status, code)
    assert r.json()["detail"]
    assert http.get("/api/health").json()["pages"] == {}


def test_malformed_and_oversized_bodies_are_refused_before_anything_is_written(paging):
    http = paging.http()
    page = paging.page()
    for url in ("/api/pages", f"/api/pages/{page.page_id}/ack"):
        bad = http.post(url, content=b'{"call_id": ', headers={"content-type": "application/json"})
        assert (bad.status_code, bad.json()["code"]) == (400, "err_bad_json")
    huge = {**PAGE, "call_id": "call-huge", "reason": "x" * 40_000}
    declared = http.post("/api/pages", json=huge)
    assert (declared.status_code, declared.json()["code"]) == (413, "err_too_large")

    def chunks():  # no Content-Length: the limit must hold for a streamed body too
        yield b'{"call_id": "call-huge", "reason": "'
        for _ in range(40):
            yield b"x" * 1000
        yield b'"}'

    streamed = http.post(
        "/api/pages", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    not_json = http.post("/api/pages", content=b"\xff\xfe", headers={"content-type": "text/plain"})
    assert not_json.status_code == 400
    assert http.get("/api/health").json()["pages"] == {"open": 1}
    assert http.get("/api/pages", params={"staff_id": "ghost"}).status_code == 400
    assert http.get("/api/pages", params={"status": "lost"}).status_code == 400
    assert http.delete(f"/api/pages/{page.page_id}").status_code == 405
    assert http.get("/api/nothing").json()["code"] == "err_not_found"


def test_errors_speak_english_when_asked(paging):
    r = paging.http().post("/api/pages?lang=en", json={**PAGE, "staff_id": "nobody"})
    assert r.json()["detail"] == (
        "There is no staff member 'nobody' in the directory. Check the staff id."
    )
    r = paging.http().get("/api/pages/pg_x", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert r.json()["detail"] == "There is no such page. Check the page id."


def test_restart_keeps_pages_and_the_robot_client_carries_on(make_paging):
    stack = make_paging()
    robot = stack.client(timeout_s=1.0)
    page = robot.page("call-r", "saebit_office", "kim_youngsoo", 0, "재시작 전")
    stack.stop()
    with pytest.raises(PagingUnavailable):
        robot.get(page.page_id)
    stack.start()  # same port, same SQLite file
    assert robot.get(page.page_id).status == "open"
    assert robot.page("call-r", "saebit_office", "kim_youngsoo", 0).page_id == page.page_id
    assert stack.client().ack(page.page_id, "kim_youngsoo", accept=True).accepted
    assert robot.get(page.page_id).answered_by == "kim_youngsoo"


def test_health_reports_the_store_and_page_counts(paging):
    paging.page("call-h1")
    paging.client().escalate(paging.page("call-h2").page_id)
    health = paging.client().health()
    assert health["ok"] and health["db"] == "ok" and health["site"] == "city_hall"
    assert health["pages"] == {"open": 1, "escalated": 1}
