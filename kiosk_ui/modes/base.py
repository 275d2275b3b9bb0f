"""The small interface every kiosk mode implements (as mu-editor's modes do)."""

from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concierge_content.i18n import Strings
    from PyQt6.QtWidgets import QWidget


@dataclass
class Accessibility:
    """One setting shared by all modes (Korean kiosk accessibility guideline + WCAG)."""

    large_text: bool = False  # 200 % text, larger touch targets
    high_contrast: bool = False  # >= 4.5:1 contrast palette
    voice_guidance: bool = True
    voice_rate: float = 1.0  # 0.5 .. 2.0
    voice_volume: float = 1.0  # 0 .. 1

    @property
    def text_scale(self) -> float:
        return 2.0 if self.large_text else 1.0

    @property
    def min_touch_px(self) -> int:
        return 88 if self.large_text else 44


@dataclass
class KioskContext:
    """What the shell hands every mode: strings, language, accessibility, storage, voice."""

    strings: Strings
    var_dir: Path
    lang: str = "ko"
    accessibility: Accessibility = field(default_factory=Accessibility)
    # speak(text, lang) -> None; never blocks the UI thread
    speak: Callable[[str, str], None] = lambda text, lang: None
    # the shell's idle timer: modes call touch() on user activity
    touch: Callable[[], None] = lambda: None
    # seconds of no input before the shell warns ("more time?"), then before it gives up;
    # tests shorten them. A mode may also run its own shorter timers (e.g. hints).
    idle_warning_s: float = 90.0
    idle_timeout_s: float = 120.0
    # the shell's language switch: modes may call it (e.g. a trainee's saved preference)
    set_lang: Callable[[str], None] = lambda lang: None
    # after a mode changed `accessibility` (e.g. a trainee's saved preference): restyle all
    apply_accessibility: Callable[[], None] = lambda: None

    def t(self, key: str, /, **fmt: object) -> str:
        return self.strings.t(key, self.lang, **fmt)


class Mode(abc.ABC):
    """A kiosk mode: `name`, `build(parent) -> QWidget`, `start()`, `stop()`."""

    name: str = ""
    title_key: str = ""  # i18n key of the mode's title

    def __init__(self, ctx: KioskContext):
        self.ctx = ctx

    @abc.abstractmethod
    def build(self, parent: QWidget) -> QWidget:
        """The mode's widget, created once, shown inside the shell."""

    def start(self) -> None:
        """Called when the mode becomes visible."""

    def stop(self) -> None:
        """Called when the mode is left or the app closes: stop timers, threads, devices."""

    def apply_settings(self) -> None:
        """Called after ctx.lang or ctx.accessibility changed: re-label and re-size widgets.

        The shell restyles every widget itself (fonts, colours, touch sizes); a mode only needs
        this for texts it set from ctx.t(...) and for sizes it computed."""

    def idle_timeout(self) -> None:
        """Called when nobody touched the kiosk for ctx.idle_timeout_s after the warning:
        return to the mode's first screen and forget the visitor's unsaved input."""
