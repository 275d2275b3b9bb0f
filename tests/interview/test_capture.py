"""Capture sources: the test pattern only on request, a clear error without devices."""

from __future__ import annotations

import pytest

from kiosk_ui.interview.capture import (
    SOURCE_DEVICES,
    SOURCE_TEST_PATTERN,
    CameraSource,
    CaptureSettings,
    DeviceUnavailable,
    TestPatternSource,
    make_sources,
)
from kiosk_ui.modes.interview import settings_from_env


def test_devices_are_the_default_and_the_test_pattern_needs_the_flag(monkeypatch):
    monkeypatch.delenv("CONCIERGE_INTERVIEW_SOURCE", raising=False)
    assert settings_from_env().capture.source == SOURCE_DEVICES
    assert isinstance(make_sources(CaptureSettings())[0], CameraSource)
    monkeypatch.setenv("CONCIERGE_INTERVIEW_SOURCE", SOURCE_TEST_PATTERN)
    assert isinstance(make_sources(settings_from_env().capture)[0], TestPatternSource)


def test_an_unknown_source_name_is_refused():
    with pytest.raises(ValueError, match="capture source must be one of"):
        CaptureSettings(source="webcam")


def test_a_missing_camera_raises_device_unavailable_naming_it():
    camera = CameraSource(index=7, width=640, height=480, fps=30)  # no camera on this machine
    with pytest.raises(DeviceUnavailable) as info:
        camera.open()
    assert info.value.device == "camera"


def test_a_missing_microphone_raises_device_unavailable_naming_it():
    from kiosk_ui.interview.capture import MicrophoneSource

    with pytest.raises(DeviceUnavailable) as info:  # no sound input on this machine
        MicrophoneSource(16000).start(lambda block, t: None)
    assert info.value.device == "microphone"
