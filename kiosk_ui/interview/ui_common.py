"""Small Qt helpers shared by the interview screens: sizing by accessibility, posting, frames."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtGui import QFont, QImage, QPixmap
from PyQt6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from kiosk_ui.modes.base import KioskContext


class Poster(QObject):
    """Runs callables on the thread that owns this object (the UI thread)."""

    posted = pyqtSignal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.posted.connect(lambda fn: fn())

    def post(self, fn: Callable[[], None]) -> None:
        self.posted.emit(fn)


def font(ctx: KioskContext, pt: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPointSizeF(pt * ctx.accessibility.text_scale)
    f.setBold(bold)
    return f


def label(ctx: KioskContext, text: str = "", pt: float = 16, bold: bool = False) -> QLabel:
    lab = QLabel(text)
    lab.setFont(font(ctx, pt, bold))
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


def button(
    ctx: KioskContext, text: str, on_click: Callable[[], None], pt: float = 16
) -> QPushButton:
    btn = QPushButton(text)
    btn.setFont(font(ctx, pt, bold=True))
    btn.setMinimumHeight(ctx.accessibility.min_touch_px + 12)
    btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    btn.clicked.connect(lambda _checked=False: (ctx.touch(), on_click()))
    return btn


def stylesheet(ctx: KioskContext) -> str:
    if ctx.accessibility.high_contrast:
        return (
            "QWidget{background:#000;color:#fff}"
            "QPushButton{background:#ffd400;color:#000;border:2px solid #fff;padding:8px}"
            "QPushButton:disabled{background:#555;color:#ddd}"
            "QPushButton:checked{background:#fff;color:#000;border:4px solid #ffd400}"
        )
    return (
        "QPushButton{background:#1f5fa8;color:#fff;border-radius:8px;padding:8px}"
        "QPushButton:disabled{background:#9aa7b5;color:#eef}"
        "QPushButton:checked{background:#f0a000;color:#000;border:3px solid #7a4f00}"
    )


def set_frame(target: QLabel, frame: np.ndarray | None) -> None:
    """Show a BGR frame scaled into the label (keeps the aspect ratio)."""
    if frame is None:
        return
    h, w = frame.shape[:2]
    img = QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888)
    pix = QPixmap.fromImage(img.copy())  # copy: the numpy buffer is not ours to keep
    target.setPixmap(
        pix.scaled(
            target.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
    )  # fmt: skip


def clear_layout(widget: QWidget) -> None:
    layout = widget.layout()
    while layout is not None and layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
