"""Helpers for interview tests: the mode on the test pattern, read-back of recordings, grabs."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import soundfile
from concierge_content.i18n import load_strings

from kiosk_ui.interview.capture import SOURCE_TEST_PATTERN, CaptureSettings
from kiosk_ui.interview.controller import InterviewSettings
from kiosk_ui.modes.base import Accessibility

# think 30 s -> 0.6 s, answer 60 s -> 1.2 s
TEST_TIME_SCALE = 0.02
SCREENSHOTS = os.environ.get("INTERVIEW_SCREENSHOTS")  # folder to save screen grabs into


def decoded_frames(path: Path) -> tuple[int, float, tuple[int, int]]:
    """(frames decoded, fps in the container, (width, height))."""
    cap = cv2.VideoCapture(str(path))
    assert cap.isOpened(), f"{path} does not open"
    fps = cap.get(cv2.CAP_PROP_FPS)
    n, size = 0, (0, 0)
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        n += 1
        size = (frame.shape[1], frame.shape[0])
    cap.release()
    return n, fps, size


def mp4_stream_durations(path: Path) -> dict[str, float]:
    """{'video': s, 'audio': s} as a player sees the answer file."""
    from kiosk_ui.interview.mux import probe

    return probe(path)


def audio_duration_s(path: Path) -> float:
    info = soundfile.info(str(path))
    return info.frames / info.samplerate


def pattern_settings(time_scale: float = TEST_TIME_SCALE) -> InterviewSettings:
    return InterviewSettings(
        capture=CaptureSettings(source=SOURCE_TEST_PATTERN), time_scale=time_scale
    )


def make_mode(
    var_dir: Path, settings: InterviewSettings, lang: str = "ko", acc: Accessibility | None = None
):
    from PyQt6.QtWidgets import QApplication, QWidget

    from kiosk_ui import theme
    from kiosk_ui.modes.base import KioskContext
    from kiosk_ui.modes.interview import InterviewMode

    acc = acc or Accessibility()
    QApplication.instance().setStyleSheet(theme.style_sheet(acc))  # as the shell does
    spoken: list[tuple[str, str]] = []
    ctx = KioskContext(
        strings=load_strings(), var_dir=var_dir, lang=lang, accessibility=acc,
        speak=lambda text, lang: spoken.append((text, lang)),
    )  # fmt: skip
    mode = InterviewMode(ctx, settings=settings)
    parent = QWidget()
    parent.resize(1280, 720)
    widget = mode.build(parent)
    widget.resize(1280, 720)
    mode.spoken = spoken
    return mode, parent, widget


def screenshot(widget, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SCREENSHOTS) / f"{name}.png"))
