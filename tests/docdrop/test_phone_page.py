"""The phone page in real Chromium (playwright driving /usr/bin/chromium) against real uvicorn."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest

from kiosk_ui.docdrop.app import create_app
from kiosk_ui.docdrop.config import load_config
from kiosk_ui.docdrop.inbox import create_inbox_app
from tests.docdrop.conftest import (
    ServerThread,
    free_port,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    wait_for,
)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "docdrop"
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs apt chromium (setup/apt/docdrop.txt)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("docdrop-phone")
    cfg = load_config(
        env={},
        port=free_port(),
        inbox_port=free_port(),
        data_dir=str(root / "docdrop"),
        inbox_dir=str(root / "inbox"),
        worker_poll_s=0.05,
    )
    inbox = ServerThread(create_inbox_app(cfg.inbox_path), cfg.inbox_port).start()
    main = ServerThread(create_app(cfg), cfg.port).start()
    yield cfg, f"http://127.0.0.1:{cfg.port}"
    main.stop()
    inbox.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="ko-KR", device_scale_factor=2
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    out = {}
    for name, data in {
        "신분증.jpg": jpeg_bytes(800, 500, color="teal"),
        "bankbook.png": png_bytes(500, 300),
        "claim-form.pdf": pdf_bytes(),
        "virus.pdf": b"MZ\x90\x00" + b"\0" * 2000,
    }.items():
        (tmp_path / name).write_bytes(data)
        out[name] = tmp_path / name
    return out


def shot(page, name: str) -> None:
    if os.environ.get("DOCDROP_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def new_upload_url(base: str) -> tuple[str, str]:
    info = httpx.post(f"{base}/api/sessions").json()
    return info["token"], info["upload_url"]


def test_phone_uploads_removes_submits_and_sees_receipt(server, phone, files):
    cfg, base = server
    token, url = new_upload_url(base)
    page = phone
    page.goto(url)
    assert page.locator("h1").inner_text() == "서류 보내기"
    camera = page.locator("#camera")
    assert camera.get_attribute("accept") == "image/*" and camera.get_attribute("capture")
    shot(page, "phone-start-ko.png")

    page.check("input[name=agency][value=nps]")
    assert "신분증 사본" in page.locator("#kinds").inner_text()
    page.set_input_files(
        "#files", [files["신분증.jpg"], files["bankbook.png"], files["claim-form.pdf"]]
    )
    done = page.locator("#file-list li[data-state=done]")
    done.nth(2).wait_for(timeout=15_000)
    assert done.count() == 3
    assert page.locator("#file-list li .thumb img").count() == 2  # thumbnails for the photos
    assert page.locator("#file-list progress").evaluate_all("bars => bars.map(b => b.value)") == [
        100,
        100,
        100,
    ]
    assert page.locator("#files-heading").inner_text() == "보낼 서류 (3/10)"
    shot(page, "phone-uploaded-ko.png")

    page.locator("#file-list li", has_text="bankbook.png").get_by_role("button").click()
    page.locator("#file-list li", has_text="bankbook.png").wait_for(state="detached")
    assert httpx.get(f"{base}/api/sessions/{token}").json()["file_count"] == 2

    page.fill("#name", "홍길동")
    page.fill("#phone", "010-1234-5678")
    page.check("#consent")
    page.click("#submit")
    page.locator("#receipt").wait_for(state="visible", timeout=10_000)
    receipt = page.locator("#receipt-no").inner_text()
    status = httpx.get(f"{base}/api/sessions/{token}").json()
    assert receipt == status["receipt_no"] and receipt.startswith("NPS-")
    page.locator("#receipt-state[data-state=delivered]").wait_for(timeout=15_000)
    assert page.locator("#receipt-state").inner_text() == "기관에 전달됨"
    shot(page, "phone-receipt-ko.png")

    inbox = httpx.get(f"{cfg.inbox_base_url}/agencies/nps/submissions").json()
    mine = [i for i in inbox if i["metadata"]["receipt_no"] == receipt]
    assert len(mine) == 1
    assert sorted(name.split(".")[1] for name in mine[0]["files"]) == ["jpg", "pdf"]

    page.reload()  # the link now only shows the receipt: nothing more can be sent with it
    page.locator("#receipt").wait_for(state="visible")
    assert page.locator("#send-form").is_hidden()


def test_phone_page_in_english_explains_refusals(server, phone, files):
    _cfg, base = server
    token, url = new_upload_url(base)
    page = phone
    page.goto(url)
    page.click("#lang-switch")
    assert page.locator("h1").inner_text() == "Send documents"
    page.click("#submit")
    assert page.locator("#form-error").inner_text() == "Please choose an agency."
    page.check("input[name=agency][value=kcomwel]")
    page.set_input_files("#files", [files["virus.pdf"]])
    failed = page.locator("#file-list li[data-state=failed]")
    failed.wait_for(timeout=10_000)
    assert "Only photos (JPEG, PNG, HEIC) and PDF files" in failed.inner_text()
    page.click("#submit")
    assert page.locator("#form-error").inner_text() == "Please add at least one document."
    shot(page, "phone-refused-en.png")
    assert httpx.get(f"{base}/api/sessions/{token}").json()["file_count"] == 0


def test_guessed_link_shows_a_clear_page(server, phone):
    _cfg, base = server
    response = phone.goto(f"{base}/u/{'x' * 43}")
    assert response.status == 404
    wait_for(lambda: phone.locator("#problem").is_visible(), 5, "problem page")
    assert "키오스크에서 새 QR" in phone.locator("#problem-text").inner_text()
    assert phone.locator("#send-form").is_hidden()
