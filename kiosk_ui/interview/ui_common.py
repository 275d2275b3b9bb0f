"""Small Qt helpers shared by the interview screens: roles for the shell's theme, posting, frames.

Colours, fonts and touch sizes come from the shell's style sheet (kiosk_ui.theme); widgets here
only carry roles (`role="title"`, `role="primary"`, `role="error"` ...).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtGui import QImage, QPixmap
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


class Texts:
    """The static texts of one page, so a language switch can re-label them."""

    def __init__(self, ctx: KioskContext):
        self.ctx = ctx
        self._items: list[tuple[Callable[[str], None], str]] = []

    def bind(self, setter: Callable[[str], None], key: str) -> None:
        self._items.append((setter, key))
        setter(self.ctx.t(key))

    def retranslate(self) -> None:
        for setter, key in self._items:
            setter(self.ctx.t(key))


def set_role(widget: QWidget, role: str | None) -> None:
    """Change a widget's theme role and make Qt restyle it."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def label(texts: Texts | None = None, key: str = "", role: str | None = None) -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        lab.setProperty("role", role)
    if texts is not None and key:
        texts.bind(lab.setText, key)
    return lab


def button(
    ctx: KioskContext, texts: Texts | None, key: str, on_click: Callable[[], None],
    primary: bool = False, name: str = "",
) -> QPushButton:  # fmt: skip
    btn = QPushButton()
    if name:
        btn.setObjectName(name)
    if primary:
        btn.setProperty("role", "primary")
    btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    btn.setMinimumHeight(ctx.accessibility.min_touch_px)
    btn.clicked.connect(lambda _checked=False: (ctx.touch(), on_click()))
    if texts is not None and key:
        texts.bind(btn.setText, key)
    return btn


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
            item.widget().hide()  # gone now, not only when the event loop deletes it
            item.widget().deleteLater()
