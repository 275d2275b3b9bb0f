"""Camera and microphone behind one interface, plus a test-pattern/tone pair chosen explicitly.

The real sources are OpenCV (camera) and sounddevice (microphone). The test-pattern source paces
itself like a camera (one frame per 1/fps of wall time, skipping slots when the reader is late),
so recording, dropping and drift behave as with real hardware.
"""

from __future__ import annotations

import abc
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# callback(block of int16 samples shaped (n, channels), monotonic time of the block's first sample)
AudioCallback = Callable[[np.ndarray, float], None]

SOURCE_DEVICES = "devices"
SOURCE_TEST_PATTERN = "test-pattern"
SOURCE_KINDS = (SOURCE_DEVICES, SOURCE_TEST_PATTERN)


class DeviceUnavailable(RuntimeError):
    """A camera or microphone is missing or cannot be opened; `device` is 'camera'/'microphone'."""

    def __init__(self, device: str, detail: str):
        self.device = device
        self.detail = detail
        super().__init__(f"{device} unavailable: {detail}")


@dataclass(frozen=True)
class CaptureSettings:
    source: str = SOURCE_DEVICES  # SOURCE_DEVICES or SOURCE_TEST_PATTERN, never switched silently
    width: int = 640
    height: int = 480
    fps: float = 30.0
    samplerate: int = 16000
    camera_index: int = 0

    def __post_init__(self) -> None:
        if self.source not in SOURCE_KINDS:
            raise ValueError(f"capture source must be one of {SOURCE_KINDS}, not {self.source!r}")


class VideoSource(abc.ABC):
    """Frames at about `fps`; read() blocks until the next frame and returns (bgr, t_monotonic)."""

    width: int
    height: int
    fps: float

    @abc.abstractmethod
    def open(self) -> None: ...

    @abc.abstractmethod
    def read(self) -> tuple[np.ndarray, float]: ...

    @abc.abstractmethod
    def close(self) -> None: ...


class AudioSource(abc.ABC):
    """Mono int16 blocks pushed to a callback from the source's own thread."""

    samplerate: int
    channels: int = 1

    @abc.abstractmethod
    def start(self, callback: AudioCallback) -> None: ...

    @abc.abstractmethod
    def stop(self) -> None: ...


class CameraSource(VideoSource):
    def __init__(self, index: int, width: int, height: int, fps: float):
        self.index, self.width, self.height, self.fps = index, width, height, fps
        self._cap = None

    def open(self) -> None:
        import cv2

        cap = cv2.VideoCapture(self.index)
        if not cap.isOpened():
            cap.release()
            raise DeviceUnavailable("camera", f"no camera at index {self.index}")
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        self._cap = cap

    def read(self) -> tuple[np.ndarray, float]:
        import cv2

        ok, frame = self._cap.read()
        t = time.monotonic()
        if not ok:
            raise DeviceUnavailable("camera", "the camera stopped delivering frames")
        if frame.shape[1] != self.width or frame.shape[0] != self.height:
            frame = cv2.resize(frame, (self.width, self.height))
        return frame, t

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class MicrophoneSource(AudioSource):
    def __init__(self, samplerate: int):
        self.samplerate = samplerate
        self._stream = None

    def start(self, callback: AudioCallback) -> None:
        try:
            import sounddevice as sd
        except OSError as exc:  # PortAudio missing
            raise DeviceUnavailable("microphone", str(exc)) from None
        try:
            sd.query_devices(kind="input")
        except (ValueError, sd.PortAudioError) as exc:
            raise DeviceUnavailable("microphone", str(exc) or "no input device") from None

        def on_block(indata, frames, time_info, status):  # PortAudio's thread
            callback(indata.copy(), time.monotonic() - frames / self.samplerate)

        try:
            self._stream = sd.InputStream(
                samplerate=self.samplerate, channels=1, dtype="int16", callback=on_block
            )
            self._stream.start()
        except sd.PortAudioError as exc:
            raise DeviceUnavailable("microphone", str(exc)) from None

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None


class TestPatternSource(VideoSource):
    """Colour bars, a moving bar and the frame number; paced by the wall clock like a camera.

    Like a V4L2 camera it holds a few frames (`buffers`) for a late reader, each stamped with
    its capture time; a reader later than that loses the oldest frames.
    """

    __test__ = False  # not a pytest class

    def __init__(self, width: int, height: int, fps: float, buffers: int = 4):
        self.width, self.height, self.fps, self.buffers = width, height, fps, buffers
        self._t0 = 0.0
        self._slot = -1
        self._base = self._bars(width, height)

    @staticmethod
    def _bars(width: int, height: int) -> np.ndarray:
        colours = [(192, 192, 192), (0, 192, 192), (192, 192, 0), (0, 192, 0)]
        colours += [(192, 0, 192), (0, 0, 192), (192, 0, 0), (16, 16, 16)]
        img = np.zeros((height, width, 3), np.uint8)
        step = math.ceil(width / len(colours))
        for i, colour in enumerate(colours):
            img[:, i * step : (i + 1) * step] = colour
        return img

    def open(self) -> None:
        self._t0 = time.monotonic()
        self._slot = -1

    def read(self) -> tuple[np.ndarray, float]:
        import cv2

        now = time.monotonic()
        slot = self._slot + 1
        newest = int((now - self._t0) * self.fps)
        if newest - slot >= self.buffers:  # the reader fell behind the driver's buffers
            slot = newest - self.buffers + 1
        due = self._t0 + slot / self.fps
        if due > now:
            time.sleep(due - now)
        self._slot = slot
        frame = self._base.copy()
        x = int((slot * 8) % self.width)
        frame[:, x : x + 16] = 255
        cv2.putText(
            frame, f"{slot:06d}", (24, self.height - 32), cv2.FONT_HERSHEY_SIMPLEX,
            self.height / 320, (255, 255, 255), 2, cv2.LINE_AA,
        )  # fmt: skip
        return frame, due

    def close(self) -> None:
        pass


class ToneSource(AudioSource):
    """A 440 Hz tone in half-second beeps, pushed in 20 ms blocks from its own thread."""

    def __init__(self, samplerate: int, block_s: float = 0.02):
        self.samplerate = samplerate
        self.block = max(1, int(samplerate * block_s))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, callback: AudioCallback) -> None:
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(callback,), name="tone-source", daemon=True
        )
        self._thread.start()

    def _run(self, callback: AudioCallback) -> None:
        t0 = time.monotonic()
        n = 0  # samples delivered
        while not self._stop.is_set():
            due = t0 + (n + self.block) / self.samplerate  # a block exists once it has been heard
            wait = due - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                break
            idx = np.arange(n, n + self.block)
            beep = ((idx // (self.samplerate // 2)) % 2 == 0).astype(np.float32)
            wave = 0.3 * np.sin(2 * np.pi * 440.0 * idx / self.samplerate) * beep
            callback((wave * 32767).astype(np.int16).reshape(-1, 1), t0 + n / self.samplerate)
            n += self.block

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None


def make_sources(settings: CaptureSettings) -> tuple[VideoSource, AudioSource]:
    """The pair named by settings.source; the test pattern is never a silent fallback."""
    if settings.source == SOURCE_TEST_PATTERN:
        return (
            TestPatternSource(settings.width, settings.height, settings.fps),
            ToneSource(settings.samplerate),
        )
    return (
        CameraSource(settings.camera_index, settings.width, settings.height, settings.fps),
        MicrophoneSource(settings.samplerate),
    )
