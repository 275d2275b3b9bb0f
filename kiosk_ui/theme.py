"""Colours, fonts and touch sizes for every mode: one Qt style sheet built from Accessibility.

Modes never pick colours: they mark widgets with object names / dynamic properties
(`role="primary"`, `highlight="true"`, `role="title"` ...) and the sheet styles them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk_ui.modes.base import Accessibility

# Hangul must render: Noto Sans CJK KR is installed by setup/apt/kiosk.txt (fonts-noto-cjk).
FONT_FAMILY = "Noto Sans CJK KR"
BASE_FONT_PX = 20  # normal text; large-text mode doubles it (200 %)


@dataclass(frozen=True)
class Palette:
    name: str
    window: str
    text: str
    muted_text: str
    panel: str
    button: str
    button_text: str
    primary: str
    primary_text: str
    highlight: str  # the border that shows the next button in guided practice
    error: str
    error_text: str
    success: str
    success_text: str
    focus: str

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """Every foreground/background pair the sheet uses, to check contrast."""
        return {
            "text on window": (self.text, self.window),
            "muted text on window": (self.muted_text, self.window),
            "text on panel": (self.text, self.panel),
            "button text": (self.button_text, self.button),
            "primary button text": (self.primary_text, self.primary),
            "error text": (self.error_text, self.error),
            "success text": (self.success_text, self.success),
        }


NORMAL = Palette(
    name="normal",
    window="#F4F6F9",
    text="#1B1F24",
    muted_text="#4A5360",
    panel="#FFFFFF",
    button="#E3E8EF",
    button_text="#1B1F24",
    primary="#0B57D0",
    primary_text="#FFFFFF",
    highlight="#E8590C",
    error="#FDECEA",
    error_text="#8A1C12",
    success="#E6F4EA",
    success_text="#135E2B",
    focus="#E8590C",
)

HIGH_CONTRAST = Palette(
    name="high_contrast",
    window="#000000",
    text="#FFFFFF",
    muted_text="#E6E6E6",
    panel="#000000",
    button="#000000",
    button_text="#FFFF00",
    primary="#FFFF00",
    primary_text="#000000",
    highlight="#00FFFF",
    error="#000000",
    error_text="#FF9E9E",
    success="#000000",
    success_text="#7CFF7C",
    focus="#00FFFF",
)


def palette_for(acc: Accessibility) -> Palette:
    return HIGH_CONTRAST if acc.high_contrast else NORMAL


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio between two #RRGGBB colours (1.0 .. 21.0)."""
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def font_px(acc: Accessibility, scale: float = 1.0) -> int:
    return round(BASE_FONT_PX * acc.text_scale * scale)


def style_sheet(acc: Accessibility) -> str:
    """The application-wide Qt style sheet for these accessibility settings."""
    p = palette_for(acc)
    f = font_px(acc)
    touch = acc.min_touch_px
    border = 3 if acc.high_contrast else 1
    # headings stay 1.5x body text, but at 200 % body text that would eat the screen
    title_px = font_px(acc, 1.2 if acc.large_text else 1.5)
    return f"""
* {{ font-family: "{FONT_FAMILY}"; font-size: {f}px; color: {p.text}; }}
QMainWindow, QWidget#page, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {p.window};
}}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {title_px}px; font-weight: bold; }}
QLabel[role="muted"] {{ color: {p.muted_text}; }}
QLabel[role="badge"] {{ color: {p.muted_text}; font-size: {font_px(acc, 0.7)}px; }}
QLabel[role="error"] {{ background: {p.error}; color: {p.error_text};
    border: {border}px solid {p.error_text}; border-radius: 8px; padding: 8px; }}
QLabel[role="success"] {{ background: {p.success}; color: {p.success_text};
    border: {border}px solid {p.success_text}; border-radius: 8px; padding: 8px; }}
QLabel[role="stars"] {{ font-size: {font_px(acc, 2.0)}px; color: {p.highlight}; }}
QFrame[role="panel"] {{ background: {p.panel}; border: {border}px solid {p.muted_text};
    border-radius: 12px; }}
QFrame[role="panel"] QLabel, QFrame[role="panel"] > QWidget {{ background: {p.panel}; }}
QPushButton, QToolButton {{
    background: {p.button}; color: {p.button_text};
    border: {max(border, 2)}px solid {p.muted_text}; border-radius: 10px;
    min-height: {touch}px; min-width: {touch}px; padding: 6px 14px;
}}
QPushButton:focus {{ border: 4px solid {p.focus}; }}
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.primary_text};
    border-color: {p.primary}; font-weight: bold; }}
QPushButton:checked {{ background: {p.primary};
    color: {p.primary_text}; }}
QPushButton[highlight="true"] {{ border: 6px solid {p.highlight}; font-weight: bold; }}
QPushButton:disabled {{ color: {p.muted_text}; }}
QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QSpinBox {{
    background: {p.panel}; color: {p.text}; border: 2px solid {p.muted_text};
    border-radius: 8px; min-height: {touch}px; padding: 4px 8px;
}}
QTableWidget, QHeaderView::section, QTabWidget::pane, QTabBar::tab {{
    background: {p.panel}; color: {p.text};
}}
QTabBar::tab {{ min-height: {touch}px; padding: 4px 16px; border: 1px solid {p.muted_text}; }}
QTabBar::tab:selected {{ background: {p.primary}; color: {p.primary_text}; }}
QWidget#topbar {{ background: {p.panel}; border-bottom: 2px solid {p.muted_text}; }}
QWidget#topbar QLabel, QWidget#topbar QSlider {{ background: {p.panel}; }}
QWidget#topbar QPushButton, QWidget#topbar QLabel {{ font-size: {min(f, 28)}px; }}
QWidget#topbar QLabel[role="title"] {{ font-size: {min(font_px(acc, 1.3), 34)}px; }}
QFrame#idle_warning {{ background: {p.panel}; border: 6px solid {p.highlight};
    border-radius: 16px; }}
QFrame#idle_warning QLabel {{ background: {p.panel}; }}
"""
