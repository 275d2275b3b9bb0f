"""The machine parts of a practice kiosk that move, drawn: the card slot with a card going in,
the scanner with a phone over it, the fingerprint reader, the note slot, the printer with
paper coming out. They move with the practice kiosk's clock (`phase`), never a clock of
their own, so tests and screenshots are repeatable.
"""

from __future__ import annotations

import math

from PyQt6.QtCore import QPointF, QRectF, QSize, Qt
from PyQt6.QtGui import QColor, QPainter, QPen
from PyQt6.QtWidgets import QSizePolicy, QWidget

from kiosk_ui.training.ui.pictures import (
    CARD,
    PAPER,
    SLOT,
    brush,
    draw_barcode,
    draw_qr,
    phone,
    poly,
)


class DeviceView(QWidget):
    """The lower front of the kiosk as the trainee should picture it: the card slot with a card
    going in, the scanner with a phone over it, the printer with paper coming out.

    `phase` is seconds on the screen (the engine's clock); nothing here reads a clock itself.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("r_device")
        self.kind = ""
        self.phase = 0.0
        self.progress = 0.0  # 0..1 on screens that move on by themselves
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(60)

    def show_device(self, kind: str, phase: float, progress: float) -> None:
        changed = (kind, round(phase, 2), round(progress, 2)) != (
            self.kind, round(self.phase, 2), round(self.progress, 2)
        )  # fmt: skip
        self.kind, self.phase, self.progress = kind, phase, progress
        self.setVisible(bool(kind))
        if changed:
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, 190)

    def paintEvent(self, _event) -> None:
        if not self.kind:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = min(self.height(), 260)
        w = min(self.width(), h * 1.7)
        box = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        _DEVICES[self.kind](p, box, self.phase, self.progress)
        p.end()


def _panel(p: QPainter, box: QRectF) -> None:
    brush(p, "#CBD2DA", "#8A939E", 2)
    p.drawRoundedRect(box, 12, 12)


def _slot(p: QPainter, box: QRectF) -> QRectF:
    slot = QRectF(box.center().x() - box.width() * 0.3, box.bottom() - box.height() * 0.28,
                  box.width() * 0.6, box.height() * 0.09)  # fmt: skip
    brush(p, SLOT)
    p.drawRoundedRect(slot, 4, 4)
    brush(p, "#39C16C")
    p.drawEllipse(QPointF(slot.right() + 14, slot.center().y()), 5, 5)
    return slot


def _card_at(p: QPainter, slot: QRectF, inserted: float) -> None:
    """A card standing over the slot, `inserted` 0 (above) .. 1 (all the way in)."""
    w, h = slot.width() * 0.62, slot.width() * 0.4
    top = slot.top() - h * 1.25 + h * 1.2 * inserted
    card = QRectF(slot.center().x() - w / 2, top, w, h)
    p.save()
    p.setClipRect(QRectF(slot.left() - 40, 0, slot.width() + 80, slot.center().y()))
    brush(p, CARD, "#1B3F85", 2)
    p.drawRoundedRect(card, 6, 6)
    brush(p, "#E8C050", "#A88420", 1)
    chip = QRectF(card.left() + w * 0.12, card.top() + h * 0.18, w * 0.18, h * 0.2)
    p.drawRoundedRect(chip, 2, 2)
    p.restore()


def _arrow(p: QPainter, x: float, y: float, down: bool, size: float, colour: str) -> None:
    brush(p, colour)
    d = 1 if down else -1
    poly(
        p, (x - size / 3, y - d * size), (x + size / 3, y - d * size), (x + size / 3, y),
        (x + size * 0.7, y), (x, y + d * size * 0.8), (x - size * 0.7, y), (x - size / 3, y),
    )  # fmt: skip


def _card_slot(p: QPainter, box: QRectF, phase: float, _progress: float) -> None:
    _panel(p, box)
    slot = _slot(p, box)
    _card_at(p, slot, min(1.0, (phase % 2.0) / 1.6) * 0.55)
    if int(phase * 2) % 2 == 0:
        _arrow(p, slot.right() + box.width() * 0.12, slot.top() - 10, True, 18, "#E8590C")


def _card_reading(p: QPainter, box: QRectF, phase: float, progress: float) -> None:
    _panel(p, box)
    slot = _slot(p, box)
    _card_at(p, slot, 0.9)
    n = int(phase * 3) % 3
    for i in range(3):
        brush(p, "#0B57D0" if i == n else "#FFFFFF", "#0B57D0", 2)
        p.drawEllipse(QPointF(box.center().x() + (i - 1) * 26, box.top() + 24), 8, 8)
    brush(p, "#FFFFFF", "#5A6270", 1)
    bar = QRectF(box.left() + 20, box.top() + 44, box.width() - 40, 10)
    p.drawRoundedRect(bar, 5, 5)
    brush(p, "#0B57D0")
    p.drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * progress, 10), 5, 5)


def _card_out(p: QPainter, box: QRectF, phase: float, _progress: float) -> None:
    _panel(p, box)
    slot = _slot(p, box)
    _card_at(p, slot, 0.35)
    if int(phase * 2) % 2 == 0:
        _arrow(p, slot.right() + box.width() * 0.12, slot.top() - 40, False, 18, "#E8590C")


def _scanner(p: QPainter, box: QRectF, phase: float, screen) -> None:
    _panel(p, box)
    win = QRectF(box.center().x() - box.width() * 0.3, box.bottom() - box.height() * 0.3,
                 box.width() * 0.6, box.height() * 0.2)  # fmt: skip
    brush(p, "#15181C")
    p.drawRoundedRect(win, 6, 6)
    y = win.top() + 4 + (win.height() - 8) * (0.5 + 0.5 * math.sin(phase * 4))
    p.setPen(QPen(QColor("#FF3B30"), 3))
    p.drawLine(QPointF(win.left() + 8, y), QPointF(win.right() - 8, y))
    ph = box.height() * 0.62
    lift = 6 * math.sin(phase * 3)
    held = QRectF(box.center().x() - ph * 0.28, box.top() + 6 + lift, ph * 0.56, ph)
    phone(p, held, screen)


def _qr_scan(p: QPainter, box: QRectF, phase: float, _progress: float) -> None:
    _scanner(p, box, phase, lambda p, r: draw_qr(p, r.adjusted(2, r.height() * 0.2, -2, 0)))


def _barcode_scan(p: QPainter, box: QRectF, phase: float, _progress: float) -> None:
    _scanner(p, box, phase, lambda p, r: draw_barcode(p, r.adjusted(0, r.height() * 0.3, 0, 0)))


def _fingerprint(p: QPainter, box: QRectF, phase: float, _progress: float) -> None:
    _panel(p, box)
    pad = QRectF(box.center().x() - box.height() * 0.3, box.top() + box.height() * 0.15,
                 box.height() * 0.6, box.height() * 0.7)  # fmt: skip
    brush(p, "#1E2A33", "#0E151A", 2)
    p.drawRoundedRect(pad, 10, 10)
    p.save()
    p.translate(pad.left(), pad.top())
    p.scale(pad.width() / 100, pad.height() / 100)
    p.setPen(QPen(QColor("#5FD3F3"), 3))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for i in range(6):
        r = 8 + i * 7
        p.drawArc(QRectF(50 - r * 0.8, 54 - r, r * 1.6, r * 2), 20 * 16, 300 * 16)
    y = 10 + 80 * (phase % 1.5) / 1.5
    p.setPen(QPen(QColor("#39C16C"), 4))
    p.drawLine(QPointF(8, y), QPointF(92, y))
    p.restore()


def _cash_slot(p: QPainter, box: QRectF, phase: float, _progress: float) -> None:
    _panel(p, box)
    slot = _slot(p, box)
    t = min(1.0, (phase % 2.0) / 1.6)
    w, h = slot.width() * 0.8, slot.width() * 0.38
    note = QRectF(slot.center().x() - w / 2, slot.top() - h * 1.2 + h * 0.7 * t, w, h)
    p.save()
    p.setClipRect(QRectF(box.left(), box.top(), box.width(), slot.center().y() - box.top()))
    brush(p, "#B9D8A2", "#5E8A45", 2)
    p.drawRect(note)
    p.restore()


def _printing(p: QPainter, box: QRectF, phase: float, progress: float) -> None:
    _panel(p, box)
    slot = _slot(p, box)
    out = max(progress, min(1.0, phase / 2.0))
    h = box.height() * 0.55 * out
    paper = QRectF(slot.left() + slot.width() * 0.15, slot.top() - h, slot.width() * 0.7, h)
    brush(p, PAPER, "#8A939E", 1.5)
    p.drawRect(paper)
    p.setPen(QPen(QColor("#8A939E"), 2))
    y = paper.top() + 10
    while y < paper.bottom() - 6:
        p.drawLine(QPointF(paper.left() + 10, y), QPointF(paper.right() - 10, y))
        y += 12


_DEVICES = {
    "card_slot": _card_slot,
    "card_reading": _card_reading,
    "card_out": _card_out,
    "qr_scan": _qr_scan,
    "barcode_scan": _barcode_scan,
    "fingerprint": _fingerprint,
    "cash_slot": _cash_slot,
    "printing": _printing,
}


def device_names() -> list[str]:
    return sorted(_DEVICES)
