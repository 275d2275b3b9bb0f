"""The staff page in real Chromium (playwright, phone-sized) against a real paging service."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.paging.conftest import CHROMIUM

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "paging"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs apt chromium (setup/apt/docdrop.txt)"
)


def shot(page, name: str) -> None:
    if os.environ.get("PAGING_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_a_new_page_appears_and_accepting_on_the_phone_reaches_the_robot(make_paging, phone):
    stack = make_paging(refresh_s=0.3)
    phone.goto(f"{stack.url}/staff/kim_youngsoo")
    assert phone.locator("h1").inner_text() == "김영수 님 호출함"
    phone.locator("#connection[data-state=online]").wait_for(timeout=10_000)
    assert "지금은 호출이 없어요" in phone.locator("#no-pages").inner_text()

    robot = stack.client()
    page = stack.page("call-phone")  # arrives while the page is open: no reload
    card = phone.locator(f"#open-list li[data-page-id={page.page_id}]")
    card.wait_for(timeout=10_000)
    assert card.locator("h3").inner_text() == "새빛민원실에서 방문객이 기다려요"
    assert card.locator(".reason").inner_text() == "복합 민원"
    assert "1차 호출" in card.locator(".meta").inner_text()
    assert phone.title() == "(1) 직원 호출"
    shot(phone, "staff-inbox-ko.png")

    card.get_by_role("button", name="수락 — 가겠습니다").click()
    phone.locator(f"#recent-list li[data-page-id={page.page_id}][data-status=accepted]").wait_for(
        timeout=10_000
    )
    assert phone.locator("#flash").inner_text().startswith("수락했어요.")
    assert phone.locator("#open-list li").count() == 0
    seen = robot.get(page.page_id)
    assert seen.accepted and seen.answered_by == "kim_youngsoo"
    shot(phone, "staff-accepted-ko.png")


def test_decline_in_english_and_a_late_accept_is_explained(make_paging, phone):
    stack = make_paging(refresh_s=30)  # the cards stay as shown while the robot moves on
    robot = stack.client()
    first = stack.page("call-a", "lee_mija")
    second = stack.page("call-b", "lee_mija")
    phone.goto(f"{stack.url}/staff/lee_mija?lang=en")
    phone.locator("#open-list li").nth(1).wait_for(timeout=10_000)
    assert phone.locator("h1").inner_text() == "Pages for Lee Mi-ja"

    phone.locator(f"li[data-page-id={first.page_id}]").get_by_role("button").nth(1).click()
    phone.locator(f"#recent-list li[data-page-id={first.page_id}]").wait_for(timeout=10_000)
    assert phone.locator("#flash").inner_text() == "Declined. The robot pages the next official."
    assert robot.get(first.page_id).declined

    robot.escalate(second.page_id)  # the robot's clock ran out before she tapped
    phone.locator(f"li[data-page-id={second.page_id}]").get_by_role("button").first.click()
    late = phone.locator(f"#recent-list li[data-page-id={second.page_id}][data-status=escalated]")
    late.wait_for(timeout=10_000)
    assert phone.locator("#flash.error").inner_text() == (
        "Too late: this page has passed to another official."
    )
    assert late.locator(".state").inner_text() == (
        "Not answered in time — passed to another official"
    )
    shot(phone, "staff-late-en.png")
    assert robot.get(second.page_id).status == "escalated"


def test_the_picker_lists_veterans_first_and_opens_an_inbox(paging, phone):
    phone.goto(f"{paging.url}/staff")
    names = phone.locator("#staff-list a .who").all_inner_texts()
    assert names[:3] == ["김영수", "이미자", "박정호"]  # the veteran officials, then the rest
    assert phone.locator("#staff-list a .badge").count() == 3
    # The city's phone-page look comes from docdrop's stylesheet (base.css), then staff.css.
    header = phone.locator("header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(11, 79, 138)"
    shot(phone, "staff-picker-ko.png")
    phone.locator("#staff-list a[data-staff-id=park_jungho]").click()
    phone.wait_for_url("**/staff/park_jungho?lang=ko")
    assert phone.locator("h1").inner_text() == "박정호 님 호출함"

    response = phone.goto(f"{paging.url}/staff/ghost")
    assert response.status == 404
    assert "'ghost' 직원은 명단에 없어요" in phone.locator("#problem-text").inner_text()
    assert phone.locator("#staff-list a").count() > 3  # and a way on: pick yourself


def test_a_down_server_shows_a_banner_and_the_page_recovers_by_itself(make_paging, phone):
    stack = make_paging(refresh_s=0.2)
    phone.goto(f"{stack.url}/staff/park_jungho")
    phone.locator("#connection[data-state=online]").wait_for(timeout=10_000)
    stack.stop()
    phone.locator("#connection[data-state=offline]").wait_for(timeout=10_000)
    assert phone.locator("#connection").inner_text() == (
        "호출 서버에 연결할 수 없어요. 자동으로 다시 연결하는 중이에요."
    )
    shot(phone, "staff-offline-ko.png")
    stack.start()
    page = stack.page("call-back", "park_jungho")
    phone.locator(f"#open-list li[data-page-id={page.page_id}]").wait_for(timeout=15_000)
    assert phone.locator("#connection").get_attribute("data-state") == "online"
