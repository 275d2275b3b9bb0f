"""The look of a replica (its style sheet from the kiosk's colours and the trainee's text size)
and its tile: a kiosk control with a picture, a wrapping name, plain words and a price."""

from __future__ import annotations

from PyQt6.QtCore import QSize, Qt
from PyQt6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from kiosk_ui import theme
from kiosk_ui.training.ui import pictures
from kiosk_ui.training.view import Colours, ControlView

PAPER, PAPER_TEXT, PAPER_EDGE = "#FFFFFF", "#1B1F24", "#8A939E"


def replica_sheet(c: Colours, large: bool) -> str:
    """The replica's own style sheet: the kiosk's brand colours at the trainee's text size."""
    f = theme.BASE_FONT_PX * (2 if large else 1)
    touch = 88 if large else 44

    def px(scale: float) -> str:
        return f"{round(f * scale)}px"

    # every selector starts at #replica, so these rules outrank the app's sheet (ids count first)
    return f"""
QFrame#replica {{ background: {c.screen}; border: 2px solid {c.border}; border-radius: 14px; }}
#replica QLabel {{ color: {c.text}; background: transparent; font-size: {px(1)}; }}
#replica QWidget#r_bar {{ background: {c.bar}; border-top-left-radius: 12px;
    border-top-right-radius: 12px; }}
#replica QWidget#r_bar QLabel {{ color: {c.bar_text}; }}
#replica QLabel#r_brand {{ font-size: {px(1.15)}; font-weight: bold; }}
#replica QLabel#r_countdown {{ font-size: {px(0.85)}; }}
#replica QLabel#r_title {{ font-size: {px(1.2)}; font-weight: bold; }}
#replica QLabel#r_text {{ font-size: {px(0.9)}; }}
#replica QLabel#r_banner {{ background: {c.accent}; color: {c.accent_text};
    border-radius: 12px; padding: 14px; font-size: {px(1.3)}; font-weight: bold; }}
#replica QLabel[role="muted"] {{ color: {c.muted}; font-size: {px(0.8)}; }}
#replica QLabel[role="group"] {{ font-weight: bold; }}
#replica QScrollArea#r_scroll, #replica QScrollArea#r_scroll > QWidget > QWidget,
#replica QScrollArea#r_info_scroll, #replica QScrollArea#r_info_scroll > QWidget > QWidget,
#replica QWidget#r_body, #replica QWidget#r_info, #replica QWidget#r_content {{
    background: {c.screen}; border: none; }}
#replica QPushButton[rc="true"] {{ background: {c.tile}; color: {c.tile_text};
    border: 2px solid {c.border}; border-radius: 12px; padding: 0px;
    min-height: {touch}px; min-width: {touch}px; }}
#replica QPushButton[rc="true"] QLabel {{ color: {c.tile_text}; }}
#replica QPushButton[rc="true"] QLabel[role="label"] {{ font-weight: bold; }}
#replica QPushButton[rc="true"] QLabel[role="plain"] {{ color: {c.muted}; font-size: {px(0.8)}; }}
#replica QPushButton[rc="true"] QLabel[role="price"] {{ color: {c.price}; font-weight: bold;
    font-size: {px(0.9)}; }}
#replica QPushButton[rc="true"][accent="true"] {{ background: {c.accent};
    border-color: {c.accent}; }}
#replica QPushButton[rc="true"][accent="true"] QLabel {{ color: {c.accent_text}; }}
#replica QPushButton[rc="true"][highlight="true"] {{ border: 6px solid {c.highlight}; }}
#replica QPushButton[rc="true"] QLabel[role="badge"] {{ background: {c.bar}; color: {c.bar_text};
    border-radius: 6px; padding: 1px 6px; font-size: {px(0.7)}; font-weight: bold; }}
#replica QFrame#r_cartbar {{ background: {c.bar}; border-radius: 10px; }}
#replica QFrame#r_cartbar QLabel {{ color: {c.bar_text}; font-weight: bold; }}
#replica QFrame#r_warning {{ background: {c.accent}; border: 4px solid {c.highlight};
    border-radius: 10px; }}
#replica QFrame#r_warning QLabel {{ color: {c.accent_text}; font-weight: bold; }}
#replica QFrame#r_line {{ border: none; border-bottom: 1px solid {c.border}; }}
#replica QLabel#r_display {{ background: {c.tile}; color: {c.tile_text};
    border: 2px solid {c.border}; border-radius: 8px; padding: 6px; font-size: {px(1.3)}; }}
#replica QFrame[role="slip"] {{ background: {PAPER}; border: 2px dashed {PAPER_EDGE}; }}
#replica QFrame[role="slip"] QLabel {{ color: {PAPER_TEXT}; }}
#replica QLabel#r_step, #replica QLabel#r_qty, #replica QLabel#r_count {{
    font-size: {px(1.3)}; font-weight: bold; }}
#replica QLabel#r_slip_number {{ font-size: {px(3)}; font-weight: bold; }}
"""


def label(text: str = "", role: str = "", name: str = "", wrap: bool = True) -> QLabel:
    w = QLabel(text)
    w.setWordWrap(wrap)
    w.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if role:
        w.setProperty("role", role)
    if name:
        w.setObjectName(name)
    return w


class Tile(QPushButton):
    """A kiosk control with a picture, a (wrapping) name, a plain-word line and a price."""

    def __init__(self, cv: ControlView, horizontal: bool = False, picture_px: int = 0):
        super().__init__()
        self.setObjectName(f"rc_{cv.id}")
        self.setProperty("rc", True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a touch kiosk: no focus frame to confuse
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.control_id = cv.id
        horizontal = horizontal and bool(cv.picture and picture_px)
        lay: QBoxLayout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(4)
        self.picture = None
        if cv.picture and picture_px:
            self.picture = label(wrap=False)
            self.picture.setPixmap(pictures.pixmap(cv.picture, picture_px))
            self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignCenter)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.badge = label(cv.badge, "badge", wrap=False)
        self.name = label(cv.label, "label")
        self.plain = label(cv.plain, "plain")
        self.price = label(cv.price, "price", wrap=False)
        align = Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignHCenter
        for w in (self.badge, self.name, self.plain, self.price):
            w.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        texts.addWidget(self.name, 0, align)
        texts.addWidget(self.plain, 0, align)
        bottom = QHBoxLayout()  # badge and price ("BEST 4,500") on one line: shorter tiles
        bottom.setSpacing(6)
        if not horizontal:
            bottom.addStretch(1)
        bottom.addWidget(self.badge)
        bottom.addWidget(self.price)
        bottom.addStretch(1)
        texts.addLayout(bottom)
        self.name.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        lay.addLayout(texts, 1)
        if self.picture is not None:
            self.picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.show_view(cv)

    def show_view(self, cv: ControlView) -> None:
        self.name.setText(cv.label)
        for w, text in ((self.badge, cv.badge), (self.plain, cv.plain), (self.price, cv.price)):
            w.setText(text)
            w.setVisible(bool(text))
        self._set("accent", cv.selected or cv.style == "primary")
        self._set("highlight", cv.highlight)

    def _set(self, prop: str, value: bool) -> None:
        if bool(self.property(prop)) != value:
            self.setProperty(prop, value)
            self.style().unpolish(self)
            self.style().polish(self)
            for child in self.findChildren(QLabel):
                child.style().unpolish(child)
                child.style().polish(child)

    def text(self) -> str:  # what a person reads on it (tests, screen readers)
        return " ".join(w.text() for w in (self.name, self.plain, self.price) if w.text())

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().totalHeightForWidth(width)
