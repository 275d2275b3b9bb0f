"""Voice-activity endpointing with webrtcvad: the end of an utterance within ~300 ms.

vosk's own endpointer waits a second or more of silence; here 30 ms frames are classified by
webrtcvad and gated by energy above a running noise floor (lobby babble fools VAD alone), and
an utterance ends after `end_silence_ms` of non-speech.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

FRAME_MS = 30


@dataclass
class Segment:
    """One detected utterance. Times are seconds of audio since the stream started."""

    start_s: float
    end_s: float  # end of the last speech frame
    detected_s: float  # when the end was decided (end_s + hangover)
    pcm: bytearray = field(default_factory=bytearray)


class Endpointer:
    """Feed int16 PCM at 16 kHz; yields events ("start", t) / ("end", Segment)."""

    def __init__(self, sample_rate: int = 16000, aggressiveness: int = 3,
                 end_silence_ms: int = 240, start_ms: int = 90, preroll_ms: int = 300,
                 energy_ratio: float = 3.0, max_utterance_s: float = 15.0,
                 noise_window_frames: int = 150, noise_percentile: float = 20.0):  # fmt: skip
        import webrtcvad

        if sample_rate not in (8000, 16000, 32000, 48000):
            raise ValueError(f"sample_rate {sample_rate}: webrtcvad needs 8/16/32/48 kHz")
        if not 0 <= aggressiveness <= 3:
            raise ValueError(f"aggressiveness {aggressiveness}: use 0..3")
        self.vad = webrtcvad.Vad(aggressiveness)
        self.rate = sample_rate
        self.frame = sample_rate * FRAME_MS // 1000
        self.end_frames = max(1, end_silence_ms // FRAME_MS)
        self.start_frames = max(1, start_ms // FRAME_MS)
        self.energy_ratio = energy_ratio
        self.noise_percentile = noise_percentile
        self.max_frames = int(max_utterance_s * 1000 / FRAME_MS)
        self._pre: deque[bytes] = deque(maxlen=max(1, preroll_ms // FRAME_MS))
        self._recent: deque[bool] = deque(maxlen=self.start_frames + 2)
        self._buf = b""
        self._n = 0  # frames seen
        self._levels: deque[float] = deque(maxlen=noise_window_frames)  # recent frame RMS
        self._seg: Segment | None = None
        self._silent = 0
        self._voiced_in_seg = 0

    @property
    def time_s(self) -> float:
        """Audio time consumed so far (whole frames), the clock of Segment times."""
        return self._n * FRAME_MS / 1000.0

    @property
    def in_speech(self) -> bool:
        return self._seg is not None

    def _is_speech(self, frame: bytes) -> bool:
        # The noise floor is a low percentile of the last few seconds of frame levels: babble
        # in a lobby passes webrtcvad, but stays well below a visitor talking to the robot.
        rms = float(np.sqrt(np.mean(np.frombuffer(frame, "<i2").astype(np.float32) ** 2)) + 1.0)
        self._levels.append(rms)
        floor = float(np.percentile(self._levels, self.noise_percentile))
        loud = len(self._levels) >= 5 and rms > floor * self.energy_ratio
        return loud and self.vad.is_speech(frame, self.rate)

    def feed(self, pcm: bytes) -> list[tuple[str, object]]:
        events: list[tuple[str, object]] = []
        self._buf += pcm
        size = self.frame * 2
        while len(self._buf) >= size:
            frame, self._buf = self._buf[:size], self._buf[size:]
            self._n += 1
            t_end = self._n * FRAME_MS / 1000.0
            voiced = self._is_speech(frame)
            if self._seg is None:
                self._pre.append(frame)
                self._recent.append(voiced)
                if sum(self._recent) >= self.start_frames:
                    start = t_end - len(self._pre) * FRAME_MS / 1000.0
                    self._seg = Segment(start, t_end, t_end, bytearray(b"".join(self._pre)))
                    self._silent, self._voiced_in_seg = 0, 0
                    self._recent.clear()
                    events.append(("start", start))
                continue
            self._seg.pcm += frame
            if voiced:
                self._silent = 0
                self._voiced_in_seg += 1
                self._seg.end_s = t_end
            else:
                self._silent += 1
            too_long = len(self._seg.pcm) // size >= self.max_frames
            if self._silent >= self.end_frames or too_long:
                self._seg.detected_s = t_end
                events.append(("end", self._seg))
                self._seg = None
                self._pre.clear()
        return events

    def flush(self) -> list[tuple[str, object]]:
        """End of stream: close an open utterance."""
        if self._seg is None:
            return []
        self._seg.detected_s = self._n * FRAME_MS / 1000.0
        seg, self._seg = self._seg, None
        return [("end", seg)]
