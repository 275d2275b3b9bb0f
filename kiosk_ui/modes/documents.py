"""Kiosk documents mode: a big QR for the phone upload page (docdrop), its expiry countdown,
live progress as files arrive, and the receipt number at the end.

DocumentsFlow holds the state and rules (plain Python, tested without Qt); DocdropPoller talks
HTTP in its own thread and hands results to the UI through a Qt signal, so the UI thread never
waits on the network. DocumentsMode only displays and forwards.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from kiosk_ui.docdrop.kiosk_client import DocdropClient, qr_png
from kiosk_ui.modes.base import Mode

log = logging.getLogger(__name__)
POLL_S = 1.0


@dataclass
class DocumentsFlow:
    """What the documents screen shows, derived from the session's status (no Qt, no HTTP)."""

    phase: str = (
        "connecting"  # connecting|waiting|receiving|sent|delivered|failed|expired|unavailable
    )
    token: str = ""
    upload_url: str = ""
    expires_at: float = 0.0
    file_count: int = 0
    files: list[dict] = field(default_factory=list)
    receipt_no: str = ""

    def new_session(self, info: dict) -> None:
        self.phase = "waiting"
        self.token = info["token"]
        self.upload_url = info["upload_url"]
        self.expires_at = float(info["expires_at"])
        self.file_count = 0
        self.files = []
        self.receipt_no = ""

    def apply_status(self, status: dict) -> None:
        self.file_count = int(status.get("file_count", 0))
        self.files = list(status.get("files", []))
        self.receipt_no = status.get("receipt_no") or ""
        state = status.get("state", "open")
        if state == "open":
            self.phase = "receiving" if self.file_count else "waiting"
        elif state == "submitted":
            self.phase = "sent"
        else:
            self.phase = state  # delivered | failed | expired

    def unavailable(self) -> None:
        if self.phase in ("connecting", "unavailable"):
            self.phase = "unavailable"

    def seconds_left(self, now: float | None = None) -> int:
        now = time.time() if now is None else now
        return max(0, int(self.expires_at - now + 0.999))

    @property
    def shows_qr(self) -> bool:
        return self.phase in ("waiting", "receiving")

    @property
    def finished(self) -> bool:
        """Nothing more will change: polling may stop."""
        return self.phase in ("delivered", "failed", "expired")


def _make_poller_class():
    from PyQt6.QtCore import QObject, pyqtSignal

    class DocdropPoller(QObject):
        """Creates sessions and polls their status in a thread; results arrive as signals."""

        session_created = pyqtSignal(dict, bytes)  # info, QR PNG
        status = pyqtSignal(dict)
        unreachable = pyqtSignal(str)

        def __init__(self, client: DocdropClient, lang: str):
            super().__init__()
            self.client = client
            self.lang = lang
            self._wake = threading.Event()
            self._stop = threading.Event()
            self._want_new = True
            self._token = ""
            self._done = False
            self._thread: threading.Thread | None = None

        def start(self) -> None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="docdrop-poller", daemon=True)
            self._thread.start()

        def request_new(self, lang: str) -> None:
            self.lang = lang
            self._want_new = True
            self._wake.set()

        def stop(self) -> None:
            self._stop.set()
            self._wake.set()
            if self._thread is not None:
                self._thread.join(timeout=self.client.timeout_s + 2)
                self._thread = None

        def _run(self) -> None:
            while not self._stop.is_set():
                try:
                    if self._want_new:
                        self._want_new = False
                        info = self.client.create_session(self.lang)
                        self._token, self._done = info["token"], False
                        self.session_created.emit(info, qr_png(info["upload_url"]))
                    elif self._token and not self._done:
                        status = self.client.status(self._token)
                        self._done = status["state"] in ("delivered", "failed", "expired")
                        self.status.emit(status)
                except Exception as exc:  # network down, service restarting: say so, retry
                    log.warning("docdrop unreachable: %s", exc)
                    if not self._token:
                        self._want_new = True
                    self.unreachable.emit(str(exc))
                    self._wake.wait(3.0)
                self._wake.wait(POLL_S)
                self._wake.clear()
            self.client.close()

    return DocdropPoller


class DocumentsMode(Mode):
    """Send documents by QR: the screen a visitor sees at the kiosk."""

    name = "documents"
    title_key = "docdrop.kiosk_title"

    def __init__(self, ctx, api_url: str | None = None):
        super().__init__(ctx)
        self.api_url = api_url
        self.flow = DocumentsFlow()
        self.poller = None
        self.widget = None
        self._qr_pixmap = None

    # ---- widgets ------------------------------------------------------------------------
    def build(self, parent):
        from PyQt6.QtCore import Qt, QTimer
        from PyQt6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

        w = QWidget(parent)
        w.setObjectName("documents")
        outer = QHBoxLayout(w)
        self._layout = outer
        outer.setContentsMargins(32, 24, 32, 24)
        outer.setSpacing(40)

        self.qr = QLabel()
        self.qr.setObjectName("documents-qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(420, 420)
        self.qr.setStyleSheet("background: #FFFFFF;")  # QR needs a white quiet zone in any theme
        outer.addWidget(self.qr, 5)

        side = QVBoxLayout()
        side.setSpacing(18)
        outer.addLayout(side, 4)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("documents-countdown")
        self.countdown.setProperty("role", "title")
        self.progress = QLabel()
        self.progress.setObjectName("documents-progress")
        self.progress.setWordWrap(True)
        self.receipt_label = QLabel()
        self.receipt_label.setProperty("role", "muted")
        self.receipt = QLabel()
        self.receipt.setObjectName("documents-receipt")
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setObjectName("documents-message")
        self.message.setWordWrap(True)
        self.new_qr = QPushButton()
        self.new_qr.setObjectName("documents-new-qr")
        self.new_qr.setProperty("role", "primary")
        self.new_qr.clicked.connect(self.request_new_qr)
        for widget in (
            self.heading,
            self.steps,
            self.countdown,
            self.progress,
            self.receipt_label,
            self.receipt,
            self.message,
        ):
            side.addWidget(widget)
        side.addStretch(1)
        side.addWidget(self.new_qr)

        self.timer = QTimer(w)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.render)
        self.widget = w
        self._apply_sizes()
        self.render()
        return w

    # ---- life cycle ---------------------------------------------------------------------
    def start(self) -> None:
        if self.poller is None:
            poller_cls = _make_poller_class()
            self.poller = poller_cls(DocdropClient(self.api_url), self.ctx.lang)
            self.poller.session_created.connect(self._on_session)
            self.poller.status.connect(self._on_status)
            self.poller.unreachable.connect(self._on_unreachable)
            self.flow = DocumentsFlow()
            self.poller.start()
        self.timer.start()
        self.render()

    def stop(self) -> None:
        if self.widget is not None:
            self.timer.stop()
        if self.poller is not None:
            self.poller.stop()
            self.poller = None

    def idle_timeout(self) -> None:
        self.request_new_qr()  # forget the last visitor's session

    def apply_settings(self) -> None:
        if self.widget is not None:
            self._apply_sizes()
            self.render()

    def _apply_sizes(self) -> None:
        """The few big numbers a visitor reads from a distance; the shell styles the rest."""
        scale = self.ctx.accessibility.text_scale
        # Large text needs the room: the QR gives some up (it scans fine at 300 px).
        self.qr.setMinimumSize(*((300, 300) if scale > 1 else (420, 420)))
        self._layout.setStretch(0, 4 if scale > 1 else 5)
        self._layout.setStretch(1, 5 if scale > 1 else 4)
        self.countdown.setStyleSheet(f"font-size: {round(34 * scale)}px; font-weight: bold;")
        self.progress.setStyleSheet(f"font-size: {round(28 * scale)}px;")
        self.receipt.setStyleSheet(
            f"font-size: {round(52 * scale)}px; font-weight: bold; letter-spacing: 2px;"
        )

    def request_new_qr(self) -> None:
        self.ctx.touch()
        self.flow = DocumentsFlow()
        self._qr_pixmap = None
        self.qr.clear()
        if self.poller is not None:
            self.poller.request_new(self.ctx.lang)
        self.render()

    # ---- slots (UI thread) --------------------------------------------------------------
    def _on_session(self, info: dict, png: bytes) -> None:
        from PyQt6.QtGui import QPixmap

        self.flow.new_session(info)
        self._qr_pixmap = QPixmap()
        self._qr_pixmap.loadFromData(png, "PNG")
        self.qr.clear()
        self.render()

    def _fit_qr(self) -> None:
        from PyQt6.QtCore import Qt

        pixmap = getattr(self, "_qr_pixmap", None)
        if pixmap is None or pixmap.isNull():
            return
        side = max(240, min(self.qr.width(), self.qr.height()) - 16)
        current = self.qr.pixmap()
        if current is None or current.isNull() or current.width() != side:
            self.qr.setPixmap(
                pixmap.scaled(
                    side,
                    side,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.FastTransformation,
                )
            )

    def _on_status(self, status: dict) -> None:
        before = (self.flow.phase, self.flow.file_count)
        self.flow.apply_status(status)
        if (self.flow.phase, self.flow.file_count) != before:
            self.ctx.touch()  # a visitor busy on the phone is activity: keep the kiosk awake
        if self.flow.phase != before[0] and self.flow.phase == "sent":
            self.ctx.speak(self.ctx.t("docdrop.kiosk_sent"), self.ctx.lang)
        self.render()

    def _on_unreachable(self, _error: str) -> None:
        self.flow.unavailable()
        self.render()

    def render(self) -> None:
        t, flow = self.ctx.t, self.flow
        if flow.shows_qr and flow.seconds_left() == 0:
            flow.phase = "expired"  # the server says so too at the next poll
        self.heading.setText(
            t("docdrop.kiosk_scan") if flow.shows_qr else t("docdrop.kiosk_title")
        )
        self.steps.setText(t("docdrop.kiosk_steps"))
        large = self.ctx.accessibility.large_text  # 200 % text: only what matters most
        self.steps.setVisible(flow.shows_qr and not large)
        self.qr.setVisible(flow.shows_qr)
        if flow.shows_qr:
            self._fit_qr()
        if flow.shows_qr and flow.seconds_left() > 0:
            secs = flow.seconds_left()
            self.countdown.setText(
                t("docdrop.kiosk_expires", minutes=secs // 60, seconds=secs % 60)
            )
        elif flow.shows_qr or flow.phase == "expired":
            self.countdown.setText(t("docdrop.kiosk_expired"))
        else:
            self.countdown.setText("")
        self.countdown.setVisible(bool(self.countdown.text()))
        if flow.phase in ("waiting", "receiving", "sent", "delivered"):
            self.progress.setText(
                t("docdrop.kiosk_files", count=flow.file_count)
                + ("" if flow.file_count or large else "\n" + t("docdrop.kiosk_waiting"))
            )
        else:
            self.progress.setText("")
        self.progress.setVisible(bool(self.progress.text()))
        has_receipt = bool(flow.receipt_no)
        self.receipt_label.setText(t("docdrop.kiosk_receipt"))
        self.receipt_label.setVisible(has_receipt)
        self.receipt.setText(flow.receipt_no)
        self.receipt.setVisible(has_receipt)
        messages = {
            "connecting": "docdrop.kiosk_connecting",
            "unavailable": "docdrop.kiosk_unavailable",
            "sent": "docdrop.kiosk_sent",
            "delivered": "docdrop.kiosk_delivered",
            "failed": "docdrop.state_failed",
        }
        key = messages.get(flow.phase)
        self.message.setText(t(key) if key else "")
        self.message.setProperty(
            "role", "error" if flow.phase in ("unavailable", "failed") else "success"
        )
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(key))
        self.new_qr.setText(t("docdrop.kiosk_new_qr"))
