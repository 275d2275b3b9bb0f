"""Kiosk documents mode (pytest-qt, offscreen) against a real docdrop on 127.0.0.1."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import zxingcpp
from concierge_content.i18n import load_strings
from PIL import Image
from PyQt6.QtWidgets import QApplication

from kiosk_ui import theme
from kiosk_ui.modes.base import KioskContext
from kiosk_ui.modes.documents import DocumentsFlow, DocumentsMode
from tests.docdrop.conftest import free_port, jpeg_bytes, pdf_bytes

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "docdrop"


def decode_qr(widget, tmp_path: Path) -> str:
    path = tmp_path / "kiosk.png"
    widget.grab().save(str(path))
    codes = zxingcpp.read_barcodes(Image.open(path))
    assert codes, "no QR code visible on the kiosk screen"
    return codes[0].text


def shot(widget, name: str) -> None:
    if os.environ.get("DOCDROP_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


@pytest.fixture
def kiosk(qtbot, tmp_path):
    modes = []

    def make(api_url: str, lang: str = "en") -> tuple[DocumentsMode, object]:
        ctx = KioskContext(strings=load_strings(), var_dir=tmp_path, lang=lang)
        QApplication.instance().setStyleSheet(theme.style_sheet(ctx.accessibility))
        mode = DocumentsMode(ctx, api_url=api_url)
        widget = mode.build(None)
        qtbot.addWidget(widget)
        widget.resize(1280, 720)
        widget.show()
        mode.start()
        modes.append(mode)
        return mode, widget

    yield make
    for mode in modes:
        mode.stop()


@pytest.mark.gui
def test_kiosk_shows_qr_then_files_as_they_arrive_then_receipt(stack, kiosk, qtbot, tmp_path):
    mode, widget = kiosk(stack.url)
    qtbot.waitUntil(lambda: mode.flow.phase == "waiting", timeout=10_000)
    qtbot.waitUntil(lambda: mode.qr.pixmap() is not None and not mode.qr.pixmap().isNull())
    url = decode_qr(widget, tmp_path)
    assert url == mode.flow.upload_url
    assert url.startswith(f"{stack.url}/u/")
    assert re.fullmatch(r"Expires in 1[45]:\d\d", mode.countdown.text())
    assert "0 document(s) received" in mode.progress.text()
    shot(widget, "kiosk-qr.png")

    token = url.rsplit("/", 1)[1]
    touches: list[int] = []
    mode.ctx.touch = lambda: touches.append(1)  # the shell's idle timer
    with stack.client() as http:
        assert http.get(f"/u/{token}").status_code == 200  # the phone page opens
        http.post(f"/api/sessions/{token}/files", files={"file": ("a.jpg", jpeg_bytes())})
        qtbot.waitUntil(lambda: "1 document(s) received" in mode.progress.text(), timeout=10_000)
        assert touches, "uploads on the phone must keep the kiosk from timing out"
        http.post(f"/api/sessions/{token}/files", files={"file": ("b.pdf", pdf_bytes())})
        qtbot.waitUntil(lambda: "2 document(s) received" in mode.progress.text(), timeout=10_000)
        shot(widget, "kiosk-receiving.png")
        r = http.post(
            f"/api/sessions/{token}/submit",
            json={"agency_id": "nps", "name": "Kim", "phone": "010-1111-2222"},
        )
        receipt = r.json()["receipt_no"]
    qtbot.waitUntil(lambda: mode.receipt.text() == receipt, timeout=10_000)
    assert mode.receipt.isVisible() and not mode.qr.isVisible()
    qtbot.waitUntil(lambda: mode.message.text() == "Delivered to the agency.", timeout=15_000)
    shot(widget, "kiosk-receipt.png")

    mode.new_qr.click()
    qtbot.waitUntil(lambda: mode.flow.phase == "waiting" and mode.flow.upload_url != url)
    qtbot.waitUntil(lambda: mode.qr.pixmap() is not None and not mode.qr.pixmap().isNull())
    assert decode_qr(widget, tmp_path) == mode.flow.upload_url != url
    assert mode.receipt.text() == "" and not mode.receipt.isVisible()


@pytest.mark.gui
def test_kiosk_says_when_the_service_is_unreachable_and_recovers(make_stack, kiosk, qtbot):
    port = free_port()
    mode, widget = kiosk(f"http://127.0.0.1:{port}", lang="ko")
    qtbot.waitUntil(lambda: mode.flow.phase == "unavailable", timeout=10_000)
    assert "연결할 수 없습니다" in mode.message.text()
    shot(widget, "kiosk-unavailable.png")
    make_stack(port=port)  # the service comes up: the kiosk gets its QR without a touch
    qtbot.waitUntil(lambda: mode.flow.phase == "waiting", timeout=15_000)
    assert re.fullmatch(r"1[45]:\d\d 뒤 만료", mode.countdown.text())


@pytest.mark.gui
def test_kiosk_countdown_ends_in_expired_qr(make_stack, kiosk, qtbot):
    stack = make_stack(session_ttl_s=2)
    mode, _widget = kiosk(stack.url)
    qtbot.waitUntil(lambda: mode.flow.phase == "waiting", timeout=10_000)
    qtbot.waitUntil(lambda: mode.flow.phase == "expired", timeout=10_000)
    assert mode.countdown.text() == "The QR code has expired."
    assert not mode.qr.isVisible() and mode.new_qr.isVisible()


def test_flow_follows_the_session_states():
    flow = DocumentsFlow()
    flow.new_session({"token": "t", "upload_url": "u", "expires_at": 1000.0})
    assert flow.shows_qr and flow.seconds_left(now=940.2) == 60
    flow.apply_status({"state": "open", "file_count": 2, "files": []})
    assert flow.phase == "receiving"
    flow.apply_status({"state": "submitted", "file_count": 2, "receipt_no": "NPS-1"})
    assert (flow.phase, flow.receipt_no, flow.shows_qr) == ("sent", "NPS-1", False)
    flow.apply_status({"state": "delivered", "file_count": 2, "receipt_no": "NPS-1"})
    assert flow.finished


@pytest.mark.gui
def test_documents_mode_opens_in_the_kiosk_shell(stack, qtbot, monkeypatch, tmp_path):
    from kiosk_ui.app import KioskWindow, ShellConfig

    monkeypatch.setenv("DOCDROP_API_URL", stack.url)
    win = KioskWindow(ShellConfig(mode="documents", lang="ko", fullscreen=False))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    try:
        mode = win.current_mode()
        assert isinstance(mode, DocumentsMode)
        qtbot.waitUntil(lambda: mode.flow.phase == "waiting", timeout=10_000)
        qtbot.waitUntil(lambda: mode.qr.pixmap() is not None and not mode.qr.pixmap().isNull())
        assert decode_qr(win, tmp_path) == mode.flow.upload_url
        assert mode.heading.text() == "휴대폰 카메라로 QR을 찍으세요"
        shot(win, "kiosk-shell-ko.png")
        win.set_lang("en")
        assert mode.heading.text() == "Scan the QR code with your phone camera"
        win.acc.large_text = win.acc.high_contrast = True
        win.apply_settings()
        qtbot.wait(300)  # one layout pass with the new fonts
        assert decode_qr(win, tmp_path) == mode.flow.upload_url  # still scannable
        assert mode.countdown.font().pixelSize() >= 60 or "68px" in mode.countdown.styleSheet()
        shot(win, "kiosk-shell-large-contrast-en.png")
    finally:
        win.shutdown()
    assert mode.poller is None  # the shell stopped the mode's poller thread
