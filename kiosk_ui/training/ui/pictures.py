"""Drawn pictures for the practice kiosks' menu items, answers and buttons (no photos ship with
the app, and no emoji font is installed); the moving machine parts are in devices.py.

Every drawing works in a 100 x 100 box that is scaled to the target; colours are fixed food
colours, so a burger looks like a burger in every theme.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PyQt6.QtCore import QPointF, QRectF, QSize, Qt
from PyQt6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

BUN, BUN_DARK, PATTY, LETTUCE, CHEESE = "#E0A040", "#B87320", "#6B3A1E", "#5DAA3A", "#F5C518"
CUP_RED, CUP_GREEN, CUP_ORANGE, COFFEE = "#D52B1E", "#2E9E4F", "#F28C1B", "#5A3A22"
PAPER, SLOT, CARD = "#FFFFFF", "#20242A", "#2F6FD6"

Draw = Callable[[QPainter], None]
_PICTURES: dict[str, Draw] = {}


def picture(*names: str):
    def deco(fn: Draw) -> Draw:
        for n in names:
            _PICTURES[n] = fn
        return fn

    return deco


def brush(p: QPainter, fill: str, line: str | None = None, width: float = 2.0) -> None:
    p.setBrush(QBrush(QColor(fill)))
    p.setPen(QPen(QColor(line), width) if line else Qt.PenStyle.NoPen)


def poly(p: QPainter, *pts: tuple[float, float]) -> None:
    p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in pts]))


def _burger(patty: str, p: QPainter) -> None:
    brush(p, BUN, BUN_DARK)
    p.drawChord(QRectF(12, 14, 76, 52), 0, 180 * 16)
    brush(p, "#FFF2C8")
    for x, y in ((30, 28), (45, 22), (60, 27), (52, 34), (38, 35), (68, 35)):
        p.drawEllipse(QPointF(x, y), 2.2, 1.4)
    brush(p, LETTUCE)
    path = QPainterPath(QPointF(10, 42))
    for i in range(9):
        path.quadTo(QPointF(14 + i * 9, 50), QPointF(19 + i * 9, 43))
    path.lineTo(90, 46)
    path.lineTo(10, 46)
    p.drawPath(path)
    brush(p, CHEESE)
    poly(p, (16, 46), (84, 46), (70, 54), (30, 54))
    brush(p, patty, "#3A2010", 1.5)
    p.drawRoundedRect(QRectF(13, 50, 74, 13), 6, 6)
    brush(p, BUN, BUN_DARK)
    p.drawRoundedRect(QRectF(14, 64, 72, 16), 8, 8)


@picture("burger")
def _beef(p: QPainter) -> None:
    _burger(PATTY, p)


@picture("chicken_burger")
def _chicken(p: QPainter) -> None:
    _burger("#D9962E", p)


@picture("shrimp_burger")
def _shrimp(p: QPainter) -> None:
    _burger("#F07F5A", p)


def _cup(p: QPainter, body: str, liquid: str | None = None, straw: bool = True) -> None:
    if straw:
        brush(p, "#FFFFFF", "#888888", 1.5)
        poly(p, (52, 4), (57, 4), (55, 24), (50, 24))
    brush(p, "#F2F2F2", "#999999", 1.5)
    p.drawRoundedRect(QRectF(24, 18, 52, 9), 4, 4)
    brush(p, body, "#555555", 1.5)
    poly(p, (27, 27), (73, 27), (66, 92), (34, 92))
    if liquid:
        brush(p, liquid)
        poly(p, (30, 40), (70, 40), (66, 88), (34, 88))


@picture("cola")
def _cola(p: QPainter) -> None:
    _cup(p, CUP_RED)
    brush(p, "#FFFFFF")
    path = QPainterPath(QPointF(31, 60))
    path.cubicTo(QPointF(45, 48), QPointF(55, 72), QPointF(69, 56))
    path.lineTo(68, 63)
    path.cubicTo(QPointF(55, 78), QPointF(45, 55), QPointF(32, 67))
    p.drawPath(path)


@picture("soda")
def _soda(p: QPainter) -> None:
    _cup(p, CUP_GREEN)


@picture("juice")
def _juice(p: QPainter) -> None:
    _cup(p, "#FFFFFF", CUP_ORANGE)


@picture("coffee_iced", "ade")
def _iced(p: QPainter) -> None:
    _cup(p, "#E6F3FA", COFFEE)
    brush(p, "#F4FBFF", "#A9C7D8", 1.2)
    for x, y in ((38, 44), (52, 50), (44, 60)):
        p.drawRoundedRect(QRectF(x, y, 11, 11), 2, 2)


@picture("coffee_hot", "latte", "tea")
def _hot(p: QPainter) -> None:
    brush(p, "#FFFFFF", "#777777", 1.5)
    p.drawEllipse(QRectF(14, 78, 72, 14))
    p.drawArc(QRectF(66, 44, 20, 22), -90 * 16, 180 * 16)
    p.drawRoundedRect(QRectF(22, 36, 50, 46), 10, 10)
    brush(p, COFFEE)
    p.drawEllipse(QRectF(25, 36, 44, 9))
    p.setPen(QPen(QColor("#9A9A9A"), 2.5))
    for x in (36, 47, 58):
        path = QPainterPath(QPointF(x, 30))
        path.cubicTo(QPointF(x - 5, 22), QPointF(x + 5, 18), QPointF(x, 8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)


@picture("fries")
def _fries(p: QPainter) -> None:
    brush(p, "#F4C430", "#C99A10", 1.2)
    for i, x in enumerate(range(28, 72, 7)):
        p.drawRect(QRectF(x, 12 + (i % 3) * 5, 6, 40))
    brush(p, CUP_RED, "#8E1B12", 1.5)
    poly(p, (22, 40), (78, 40), (70, 92), (30, 92))
    brush(p, CHEESE)
    p.drawEllipse(QPointF(50, 66), 9, 9)


@picture("cheese_sticks")
def _sticks(p: QPainter) -> None:
    for y in (30, 52):
        brush(p, "#D9962E", "#A86A12", 1.5)
        p.drawRoundedRect(QRectF(14, y, 66, 16), 8, 8)
        brush(p, "#FFE27A")
        p.drawEllipse(QRectF(74, y + 2, 12, 12))


@picture("nuggets")
def _nuggets(p: QPainter) -> None:
    brush(p, "#FFFFFF", "#C5282F", 2)
    p.drawRoundedRect(QRectF(14, 50, 72, 40), 6, 6)
    brush(p, "#DDA03A", "#A86A12", 1.5)
    for x, y in ((20, 34), (42, 28), (62, 34), (30, 46), (52, 44)):
        p.drawEllipse(QRectF(x, y, 22, 16))


@picture("salad")
def _salad(p: QPainter) -> None:
    brush(p, LETTUCE)
    for x, y in ((24, 38), (40, 30), (56, 36), (34, 46), (50, 44)):
        p.drawEllipse(QRectF(x, y, 22, 16))
    brush(p, "#FFFFFF", "#888888", 1.5)
    p.drawChord(QRectF(14, 22, 72, 66), 180 * 16, 180 * 16)


@picture("ice_cream")
def _cone(p: QPainter) -> None:
    brush(p, "#D9A45B", "#9C6B2A", 1.5)
    poly(p, (32, 44), (68, 44), (50, 94))
    brush(p, "#FFFDF5", "#D9D2C0", 1.5)
    p.drawEllipse(QRectF(28, 26, 44, 24))
    p.drawEllipse(QRectF(34, 12, 32, 22))
    p.drawEllipse(QRectF(43, 4, 14, 12))


@picture("pie")
def _pie(p: QPainter) -> None:
    brush(p, "#E2A548", "#A8711F", 2)
    p.drawRoundedRect(QRectF(12, 34, 76, 34), 10, 10)
    p.setPen(QPen(QColor("#A8711F"), 3))
    for x in (30, 46, 62):
        p.drawLine(QPointF(x, 44), QPointF(x + 8, 58))


@picture("cake")
def _cake(p: QPainter) -> None:
    brush(p, "#FFF4DA", "#C9B48A", 1.5)
    poly(p, (14, 46), (86, 46), (86, 84), (14, 84))
    brush(p, "#F2C7A5")
    p.drawRect(QRectF(14, 62, 72, 6))
    brush(p, "#FFFFFF", "#C9B48A", 1.5)
    poly(p, (14, 46), (86, 46), (62, 24), (30, 30))
    brush(p, "#D62E3A")
    p.drawEllipse(QPointF(50, 26), 7, 7)


@picture("bread")
def _bread(p: QPainter) -> None:
    brush(p, "#D08A3A", "#8F5A1E", 2)
    p.drawEllipse(QRectF(12, 34, 76, 40))
    p.setPen(QPen(QColor("#8F5A1E"), 2.5))
    for x in (32, 46, 60):
        p.drawArc(QRectF(x, 38, 14, 32), 90 * 16, 180 * 16)


@picture("tray")
def _tray(p: QPainter) -> None:
    brush(p, "#B5651D", "#7A4010", 2)
    p.drawRoundedRect(QRectF(6, 70, 88, 16), 4, 4)
    p.save()
    p.translate(4, 30)
    p.scale(0.5, 0.5)
    _burger(PATTY, p)
    p.restore()
    p.save()
    p.translate(52, 20)
    p.scale(0.5, 0.52)
    _cup(p, CUP_RED)
    p.restore()


@picture("bag")
def _bag(p: QPainter) -> None:
    brush(p, "#C9A26B", "#8A6A3B", 2)
    poly(p, (22, 32), (78, 32), (84, 92), (16, 92))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#8A6A3B"), 3))
    p.drawArc(QRectF(36, 14, 28, 34), 0, 180 * 16)
    brush(p, CUP_RED)
    p.drawEllipse(QPointF(50, 62), 10, 10)


@picture("card")
def _card(p: QPainter) -> None:
    brush(p, CARD, "#1B3F85", 2)
    p.drawRoundedRect(QRectF(8, 24, 84, 54), 7, 7)
    brush(p, "#E8C050", "#A88420", 1)
    p.drawRoundedRect(QRectF(18, 38, 16, 12), 2, 2)
    brush(p, "#FFFFFF")
    for i in range(4):
        p.drawRect(QRectF(18 + i * 17, 62, 12, 4))


def _qr_cells() -> list[list[bool]]:
    import segno  # the same library as the document QR codes

    return [[bool(v) for v in row] for row in segno.make("practice-pay-0127", error="m").matrix]


@lru_cache(maxsize=1)
def _qr() -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(r) for r in _qr_cells())


def draw_qr(p: QPainter, rect: QRectF) -> None:
    cells = _qr()
    n = len(cells)
    size = min(rect.width(), rect.height()) / n
    brush(p, "#FFFFFF")
    p.drawRect(rect)
    p.setBrush(QBrush(QColor("#000000")))
    for y, row in enumerate(cells):
        for x, on in enumerate(row):
            if on:
                p.drawRect(QRectF(rect.x() + x * size, rect.y() + y * size, size, size))


def draw_barcode(p: QPainter, rect: QRectF) -> None:
    brush(p, "#FFFFFF")
    p.drawRect(rect)
    p.setBrush(QBrush(QColor("#000000")))
    widths = [1, 2, 1, 3, 1, 1, 2, 2, 1, 3, 2, 1, 1, 2, 3, 1, 2, 1, 1, 3, 1, 2, 2, 1]
    x, unit = rect.x() + 2, (rect.width() - 4) / (sum(widths) * 2)
    for i, w in enumerate(widths):
        if i % 2 == 0:
            p.drawRect(QRectF(x, rect.y() + 2, w * unit * 2, rect.height() - 4))
        x += w * unit * 2


def phone(p: QPainter, rect: QRectF, screen: Callable[[QPainter, QRectF], None]) -> None:
    brush(p, "#30343A", "#111111", 2)
    p.drawRoundedRect(rect, 8, 8)
    inner = rect.adjusted(rect.width() * 0.1, rect.height() * 0.1, -rect.width() * 0.1, 0)
    inner.setHeight(rect.height() * 0.72)
    screen(p, inner)


@picture("phone_qr")
def _phone_qr(p: QPainter) -> None:
    phone(p, QRectF(26, 4, 48, 92), lambda p, r: draw_qr(p, r.adjusted(0, 10, 0, -10)))


@picture("barcode")
def _barcode(p: QPainter) -> None:
    draw_barcode(p, QRectF(8, 28, 84, 44))


@picture("coupon")
def _coupon(p: QPainter) -> None:
    brush(p, "#FFD166", "#B8860B", 2)
    p.drawRoundedRect(QRectF(8, 26, 84, 48), 6, 6)
    p.setPen(QPen(QColor("#B8860B"), 2, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(64, 28), QPointF(64, 72))


@picture("cash")
def _cash(p: QPainter) -> None:
    brush(p, "#B9D8A2", "#5E8A45", 2)
    p.drawRect(QRectF(6, 28, 88, 44))
    brush(p, "#E6F2DC", "#5E8A45", 1.5)
    p.drawEllipse(QPointF(50, 50), 13, 13)


@picture("train")
def _train(p: QPainter) -> None:
    brush(p, "#FFFFFF", "#1D3E8A", 2.5)
    path = QPainterPath(QPointF(8, 78))
    path.lineTo(8, 40)
    path.cubicTo(QPointF(40, 22), QPointF(80, 30), QPointF(94, 62))
    path.lineTo(94, 78)
    path.closeSubpath()
    p.drawPath(path)
    brush(p, "#1D3E8A")
    p.drawRect(QRectF(8, 62, 86, 8))
    brush(p, "#7FB2E5")
    poly(p, (60, 36), (80, 46), (84, 56), (60, 56))
    for x in (14, 30, 44):
        p.drawRect(QRectF(x, 42, 11, 12))


@picture("seat")
def _seat(p: QPainter) -> None:
    brush(p, "#3A6FB0", "#1E3F6B", 2)
    p.drawRoundedRect(QRectF(28, 10, 40, 52), 8, 8)
    p.drawRoundedRect(QRectF(22, 58, 56, 18), 6, 6)
    p.drawRect(QRectF(44, 76, 10, 16))


def _person(p: QPainter, scale: float = 1.0, cane: bool = False, fill: str = "#4A6FA5") -> None:
    p.save()
    p.translate(50, 96)
    p.scale(scale, scale)
    p.translate(-50, -96)
    brush(p, "#F1C9A5", "#9A7B5F", 1.5)
    p.drawEllipse(QPointF(50, 22), 13, 13)
    brush(p, fill, "#2E476B", 1.5)
    p.drawRoundedRect(QRectF(32, 38, 36, 58), 12, 12)
    if cane:
        p.setPen(QPen(QColor("#6B4A2B"), 4))
        p.drawLine(QPointF(76, 56), QPointF(80, 96))
        p.drawArc(QRectF(68, 50, 10, 10), 0, 180 * 16)
    p.restore()


@picture("person")
def _adult(p: QPainter) -> None:
    _person(p)


@picture("senior")
def _senior(p: QPainter) -> None:
    _person(p, 0.95, cane=True, fill="#8A6FA8")


@picture("child")
def _child(p: QPainter) -> None:
    _person(p, 0.68, fill="#E07A3F")


@picture("clinic")
def _clinic(p: QPainter) -> None:
    brush(p, "#FFFFFF", "#1F7A6F", 3)
    p.drawRoundedRect(QRectF(14, 14, 72, 72), 12, 12)
    brush(p, "#D62E3A")
    p.drawRect(QRectF(42, 26, 16, 48))
    p.drawRect(QRectF(26, 42, 48, 16))


@picture("doctor")
def _doctor(p: QPainter) -> None:
    _person(p, fill="#FFFFFF")
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#1F7A6F"), 3))
    p.drawArc(QRectF(38, 40, 24, 30), 180 * 16, 180 * 16)


@picture("document", "receipt")
def _document(p: QPainter) -> None:
    brush(p, "#FFFFFF", "#5A6270", 2)
    poly(p, (20, 6), (66, 6), (80, 20), (80, 94), (20, 94))
    p.setPen(QPen(QColor("#8A93A0"), 3))
    for y in (30, 42, 54, 66, 78):
        p.drawLine(QPointF(30, y), QPointF(70, y))
    brush(p, "#C62828")
    p.drawEllipse(QPointF(66, 80), 8, 8)


@picture("house")
def _house(p: QPainter) -> None:
    brush(p, "#D9534F", "#8E2B28", 2)
    poly(p, (10, 48), (50, 12), (90, 48))
    brush(p, "#F5E6C8", "#8A7A5A", 2)
    p.drawRect(QRectF(20, 48, 60, 44))
    brush(p, "#6B4A2B")
    p.drawRect(QRectF(44, 64, 14, 28))


@picture("fingerprint")
def _finger(p: QPainter) -> None:
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#2F4858"), 3))
    for i in range(6):
        r = 8 + i * 7
        p.drawArc(QRectF(50 - r * 0.8, 54 - r, r * 1.6, r * 2), 20 * 16, 300 * 16)


@picture("bank")
def _bank(p: QPainter) -> None:
    brush(p, "#FFBC00", "#7A5A00", 2)
    poly(p, (8, 34), (50, 8), (92, 34))
    brush(p, "#F5EFE0", "#7A6A4A", 1.5)
    for x in (16, 36, 56, 76):
        p.drawRect(QRectF(x, 38, 9, 42))
    brush(p, "#7A6A4A")
    p.drawRect(QRectF(8, 82, 84, 10))


@picture("none")
def _nothing(p: QPainter) -> None:
    return


def paint(p: QPainter, name: str, rect: QRectF) -> None:
    """Draw picture `name` scaled into rect."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = min(rect.width(), rect.height())
    p.translate(rect.center().x() - side / 2, rect.center().y() - side / 2)
    p.scale(side / 100, side / 100)
    _PICTURES[name](p)
    p.restore()


def names() -> list[str]:
    return sorted(_PICTURES)


@lru_cache(maxsize=256)
def pixmap(name: str, size: int, ratio: float = 1.0) -> QPixmap:
    """A picture as a transparent pixmap `size` px square (cached: tiles repeat)."""
    pm = QPixmap(QSize(round(size * ratio), round(size * ratio)))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    paint(p, name, QRectF(0, 0, size, size))
    p.end()
    return pm
