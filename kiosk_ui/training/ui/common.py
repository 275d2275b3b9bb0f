"""Small widget helpers shared by the training pages."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget


def label(role: str = "", name: str = "", wrap: bool = True) -> QLabel:
    w = QLabel()
    w.setWordWrap(wrap)
    if role:
        w.setProperty("role", role)
    if name:
        w.setObjectName(name)
    w.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return w


def button(name: str, role: str = "", slot=None) -> QPushButton:
    b = QPushButton(objectName=name)
    if role:
        b.setProperty("role", role)
    b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    if slot is not None:
        b.clicked.connect(slot)
    return b


def set_role(w: QWidget, role: str) -> None:
    """Change a styled property and make Qt re-apply the style sheet to this widget."""
    if w.property("role") != role:
        w.setProperty("role", role)
        w.style().unpolish(w)
        w.style().polish(w)


def page() -> QWidget:
    w = QWidget()
    w.setObjectName("page")
    return w


def stars_text(n: int, of: int = 3) -> str:
    return "★" * n + "☆" * (of - n)
