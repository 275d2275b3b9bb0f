"""KS X 9211 on every screen of every practice kiosk, as rendered (normal and 200 % text):
text at least doubles, every text reaches 4.5:1 against what is really behind it (measured on
the pixels), every control is at least 44 px (88 px with large text), no control sits in the
top third of the screen, and no text is cut off."""

from __future__ import annotations

import numpy as np
import pytest
from concierge_content.training import contrast_ratio, load_curriculum
from PyQt6.QtCore import QPoint, QRect
from PyQt6.QtGui import QColor, QImage, QPainter
from PyQt6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QPushButton, QWidget

pytestmark = [pytest.mark.gui, pytest.mark.slow]

CUR = load_curriculum()
TOP_PART = 1 / 3


def _hex(rgb: int) -> str:
    return QColor(rgb).name()


def pixels(img: QImage) -> np.ndarray:
    """The image as rows of 0xRRGGBB."""
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    ptr = img.constBits()
    ptr.setsize(img.sizeInBytes())
    rows = np.frombuffer(ptr, np.uint32).reshape(img.height(), img.bytesPerLine() // 4)
    return rows[:, : img.width()] & 0xFFFFFF


def text_contrast(img: np.ndarray, rect: QRect) -> float | None:
    """The contrast of the text in rect: the ground is the commonest colour, the text the colour
    furthest from it that is drawn solidly (glyph cores, not the anti-aliased edges)."""
    part = img[max(0, rect.top()) : rect.bottom() + 1, max(0, rect.left()) : rect.right() + 1]
    colours, counts = np.unique(part, return_counts=True)
    if len(colours) < 2:
        return None
    ground = _hex(int(colours[counts.argmax()]))
    solid = [_hex(int(c)) for c, n in zip(colours, counts, strict=True) if n >= 4]
    solid = [c for c in solid if c != ground]
    if not solid:
        return None
    return max((contrast_ratio(c, ground), c, ground) for c in solid)  # (ratio, text, ground)


def test_the_contrast_measure_catches_pale_text(qapp):
    """(The check below would be worthless if it could not fail.)"""
    from PyQt6.QtGui import QFont

    img = QImage(200, 40, QImage.Format.Format_RGB32)
    for fg, expect_ok in (("#AAAAAA", False), ("#1B1F24", True)):
        img.fill(QColor("#FFFFFF"))
        p = QPainter(img)
        p.setFont(QFont("Noto Sans CJK KR", 14))
        p.setPen(QColor(fg))
        p.drawText(4, 28, "주문하기 Order")
        p.end()
        assert (text_contrast(pixels(img), img.rect())[0] >= 4.5) is expect_ok


def _visible_rect(w: QWidget, page: QWidget) -> QRect | None:
    """Where w shows on the page (a scroll area shows only part of its content)."""
    region = w.visibleRegion()
    if region.isEmpty():
        return None
    r = region.boundingRect()
    return QRect(w.mapTo(page, r.topLeft()), r.size())


def _in(w: QWidget, ancestor: QWidget) -> bool:
    return ancestor is w or ancestor.isAncestorOf(w)


def check_screen(page, large: bool, where: str, sizes: dict) -> None:
    """Every check on what the practice page shows now; records font sizes by label."""
    for _ in range(3):  # nested layouts settle over a few turns, as before a person sees them
        QApplication.processEvents()
    min_touch = 88 if large else 44
    grab = page.grab().toImage()
    assert grab.devicePixelRatio() == 1, "measured in device pixels"
    img = pixels(grab)
    top_limit = page.height() * TOP_PART
    for b in page.findChildren(QPushButton):
        if not b.isVisible() or b.visibleRegion().isEmpty():
            continue
        name = f"{where}: {b.objectName()}"
        assert b.height() >= min_touch and b.width() >= min_touch, (name, b.size())
        r = _visible_rect(b, page)
        assert r is not None and r.top() >= top_limit - 1, (name, "in the top third", r)
    for lab in page.findChildren(QLabel):
        if not lab.isVisible() or not lab.text():
            continue
        # (also what is scrolled out of sight; not the advert banner, which large text drops
        # to make room, as "large print" modes of real kiosks do)
        if _in(lab, page.replica) and lab is not page.replica.banner:
            key = (where, lab.objectName() or str(lab.property("role")))
            px = lab.font().pixelSize()
            sizes[key] = min(px, sizes.get(key, px))
        if lab.visibleRegion().isEmpty():
            continue
        name = f"{where}: {lab.objectName() or lab.property('role') or lab.text()[:20]}"
        inner = lab.contentsRect()
        scrolled = any(isinstance(a, QAbstractScrollArea) for a in _ancestors(lab, page))
        if lab.wordWrap():
            need = lab.heightForWidth(inner.width())
            assert need <= inner.height() + 2 or scrolled, (name, "cut off", need, inner)
        else:
            need = lab.fontMetrics().horizontalAdvance(lab.text())
            assert need <= inner.width() + 1, (name, "cut off", need, inner.width())
        r = _visible_rect(lab, page)
        if r.height() < lab.height() * 0.8:  # half scrolled out of sight: edges of letters only
            continue
        c = text_contrast(img, r)
        assert c is None or c[0] >= 4.5, (name, c)


def _ancestors(w: QWidget, stop: QWidget):
    p = w.parentWidget()
    while p is not None and p is not stop:
        yield p
        p = p.parentWidget()


def walk(kiosk, kiosk_id: str):
    """Every screen of every task of the kiosk, once each: yields a name for each."""
    seen: set[str] = set()
    model = CUR.kiosks[kiosk_id]
    for task in model.tasks:
        kiosk.mode.begin(kiosk_id, task.id, "guided")
        for step in task.steps:
            kiosk.until_ready()
            s = kiosk.mode.session
            if s.screen_id not in seen:
                seen.add(s.screen_id)
                yield f"{kiosk_id}/{s.screen_id}"
            kiosk.do_step(step)
        kiosk.until_ready()
        if kiosk.mode.session.screen_id not in seen:
            seen.add(kiosk.mode.session.screen_id)
            yield f"{kiosk_id}/{kiosk.mode.session.screen_id}"


@pytest.mark.parametrize("kiosk_id", list(CUR.kiosks))
def test_every_screen_meets_ks_x_9211_in_normal_and_large_text(kiosk, kiosk_id):
    kiosk.sign_in()
    page = kiosk.mode.practice
    normal: dict = {}
    for where in walk(kiosk, kiosk_id):
        check_screen(page, False, where, normal)
    kiosk.click(page.toggles["large_text"])  # the switch under the kiosk
    try:
        assert kiosk.win.acc.large_text
        large: dict = {}
        for where in walk(kiosk, kiosk_id):
            check_screen(page, True, where, large)
        # plain words under every English name and jargon make the tiles tallest of all
        kiosk.click(page.toggles["hint_mode"])
        for where in walk(kiosk, kiosk_id):
            check_screen(page, True, f"{where} (plain words)", {})
    finally:
        kiosk.mode.hint_mode = False
        kiosk.win.acc.large_text = False
        kiosk.win.apply_settings()
    assert normal.keys() == large.keys()
    for key, px in normal.items():
        assert large[key] >= 2 * px, (key, px, large[key])  # 200 % text


def test_portrait_screen_keeps_the_trainer_and_controls_low(kiosk):
    """On a portrait kiosk the trainer's words go above the replica and its controls below."""
    win = kiosk.win
    win.resize(900, 1600)
    try:
        kiosk.sign_in()
        page = kiosk.mode.practice
        for where in walk(kiosk, "fastfood"):
            check_screen(page, False, where, {})
        assert page.portrait
        top = page.side_top.mapTo(page, QPoint(0, 0)).y()
        assert top < page.replica.mapTo(page, QPoint(0, 0)).y()
    finally:
        win.resize(1280, 800)
