"""Capture threads and the answer recorder: picture via OpenCV (mp4v), sound as 16-bit WAV, both
then in one MP4 (mux.py) with the WAV kept beside it as the lossless original.

One capture thread reads frames (for the live preview and, while recording, into a bounded
queue); one writer thread encodes them. Each frame is placed on a 1/fps timeline: a missing slot
is filled with the previous frame and counted as dropped, so the video keeps real time and stays
in step with the audio. Files are written under temporary names, fsynced and then renamed.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk_ui.interview.capture import AudioSource, DeviceUnavailable, VideoSource
from kiosk_ui.interview.files import fsync_dir, fsync_file
from kiosk_ui.interview.mux import mux_answer

log = logging.getLogger(__name__)

VIDEO_FOURCC = "mp4v"  # MPEG-4 Part 2 in MP4: OpenCV writes it here, QtMultimedia/VLC play it
VIDEO_SUFFIX = ".mp4"
AUDIO_SUFFIX = ".wav"
RESYNC_S = 0.04  # audio timestamps further than this from the stream position mean lost audio
_END = object()


@dataclass(frozen=True)
class RecordingResult:
    video_path: Path
    audio_path: Path
    frames_written: int
    frames_expected: int
    frames_dropped: int  # timeline slots with no camera frame (filled by repeating the last one)
    audio_samples: int  # in the WAV file, silence for lost audio included
    audio_lost_samples: int  # silence put in where the microphone delivered nothing
    samplerate: int
    fps: float
    cpu_s: float  # process CPU time over the recording (all threads)
    wall_s: float

    @property
    def video_duration_s(self) -> float:
        return self.frames_written / self.fps

    @property
    def audio_duration_s(self) -> float:
        return self.audio_samples / self.samplerate

    @property
    def av_drift_ms(self) -> float:
        """How far the sound ends from the picture's end in the files (+ = sound longer)."""
        return (self.audio_duration_s - self.video_duration_s) * 1000.0

    @property
    def audio_lost_ms(self) -> float:
        return self.audio_lost_samples / self.samplerate * 1000.0


class _Take:
    """The state of one recording in progress (owned by the writer thread)."""

    def __init__(
        self, video_final: Path, audio_final: Path, t_start: float, max_s: float | None = None
    ):
        self.video_final = video_final
        self.audio_final = audio_final
        self.video_tmp = video_final.with_name(".part-" + video_final.name)
        self.picture_tmp = video_final.with_name(".part-picture-" + video_final.name)
        self.audio_tmp = audio_final.with_name(".part-" + audio_final.name)
        self.t_start = t_start
        self.max_s = max_s  # the answer time limit
        self.t_stop: float | None = None
        self.frames: queue.Queue = queue.Queue(maxsize=90)  # 3 s of slack at 30 fps
        self.audio: queue.Queue = queue.Queue()
        self.t_first: float | None = None  # time of the first video frame (timeline zero)
        self.overflow = 0
        self.captured = 0  # frames taken from the source for this answer
        self.audio_until = 0.0  # end time of the latest audio block received
        self.pending: list[tuple[float, np.ndarray]] = []  # audio not yet written
        self.audio_pos = 0  # samples written (timeline position of the audio stream)
        self.audio_lost = 0  # samples of silence put in for audio that never came
        self.cpu0 = time.process_time()


class CaptureRig:
    """Runs one video and one audio source; gives a live preview and level; records answers."""

    def __init__(self, video: VideoSource, audio: AudioSource):
        self.video = video
        self.audio = audio
        self._lock = threading.Lock()
        self._latest: np.ndarray | None = None
        self._level = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._take: _Take | None = None  # receives video frames
        self._audio_take: _Take | None = None  # receives audio (until the writer has finished)
        self._writer: threading.Thread | None = None
        self.error: DeviceUnavailable | None = None

    # -- live sources ---------------------------------------------------------------------
    def start(self) -> None:
        """Open both devices; raises DeviceUnavailable naming the missing one."""
        self.video.open()
        try:
            self.audio.start(self._on_audio)
        except DeviceUnavailable:
            self.video.close()
            raise
        self._stop.clear()
        self._thread = threading.Thread(target=self._capture, name="capture", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None
        self.audio.stop()
        self.video.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def latest_frame(self) -> np.ndarray | None:
        with self._lock:
            return self._latest

    def level(self) -> float:
        """Microphone level 0..1 (RMS of the last block, scaled)."""
        return self._level

    def _capture(self) -> None:
        while not self._stop.is_set():
            try:
                frame, t = self.video.read()
            except DeviceUnavailable as exc:
                self.error = exc
                log.error("capture stopped: %s", exc)
                take = self._take
                if take is not None:
                    take.frames.put(_END)
                return
            with self._lock:
                self._latest = frame
            take = self._take
            if take is None or t < take.t_start:
                continue
            if take.t_stop is not None and t >= take.t_stop:
                self._take = None
                take.frames.put(_END)
                continue
            if take.t_first is None:  # the timeline starts at the first frame of the answer
                take.t_first = t
            if take.max_s is not None and t >= take.t_first + take.max_s:
                # the answer time limit, exact to the frame whatever the UI thread is doing
                if take.t_stop is None or take.t_stop > take.t_first + take.max_s:
                    take.t_stop = take.t_first + take.max_s
                self._take = None
                take.frames.put(_END)
                continue
            slot = round((t - take.t_first) * self.video.fps)
            take.captured += 1
            try:
                take.frames.put_nowait((slot, frame))
            except queue.Full:  # the writer fell 3 s behind: the gap is filled and counted
                take.overflow += 1
        take = self._take
        if take is not None:  # closed while recording: end the take with what it has
            self._take = None
            take.frames.put(_END)

    def _on_audio(self, block: np.ndarray, t: float) -> None:
        rms = float(np.sqrt(np.mean(np.square(block.astype(np.float32))))) / 32768.0
        self._level = min(1.0, rms * 4)
        take = self._audio_take
        if take is None:
            return
        end = t + len(block) / self.audio.samplerate
        # a little past t_stop too: the writer trims to the exact end of the video
        if end > take.t_start and (take.t_stop is None or t < take.t_stop + 0.2):
            take.audio.put((t, block))  # trimmed to the video timeline by the writer
            take.audio_until = max(take.audio_until, end)

    # -- recording --------------------------------------------------------------------------
    def frames_captured(self) -> int:
        """Frames captured so far for the answer being recorded (0 when not recording)."""
        take = self._audio_take
        return take.captured if take is not None else 0

    @property
    def recording(self) -> bool:
        return self._writer is not None and self._writer.is_alive()

    def start_recording(
        self, video_path: Path, audio_path: Path, on_done: Callable[[RecordingResult], None],
        on_error: Callable[[Exception], None], max_s: float | None = None,
    ) -> None:  # fmt: skip
        """Start writing an answer of at most max_s; on_done/on_error run on the writer thread."""
        if not self.running:
            raise RuntimeError("start the capture rig before recording")
        if self.recording:
            raise RuntimeError("already recording")
        take = _Take(video_path, audio_path, time.monotonic(), max_s)
        self._writer = threading.Thread(
            target=self._write, args=(take, on_done, on_error), name="writer", daemon=True
        )
        self._writer.start()
        self._audio_take = take
        self._take = take

    def stop_recording(self) -> None:
        """Ask the current take to end now; returns at once (on_done reports the files)."""
        take = self._take
        if take is not None and take.t_stop is None:
            take.t_stop = time.monotonic()

    def wait_idle(self, timeout: float) -> bool:
        writer = self._writer
        if writer is not None:
            writer.join(timeout)
            return not writer.is_alive()
        return True

    def _write(self, take: _Take, on_done, on_error) -> None:
        try:
            try:
                result = self._write_take(take)
            finally:
                self._audio_take = None
        except Exception as exc:  # reported to the UI; the temp files are removed
            log.exception("recording failed")
            for tmp in (take.video_tmp, take.picture_tmp, take.audio_tmp):
                tmp.unlink(missing_ok=True)
            on_error(exc)
            return
        on_done(result)

    def _write_take(self, take: _Take) -> RecordingResult:
        import cv2
        import soundfile

        fps = self.video.fps
        size = (self.video.width, self.video.height)
        writer = cv2.VideoWriter(
            str(take.picture_tmp), cv2.VideoWriter_fourcc(*VIDEO_FOURCC), fps, size
        )
        if not writer.isOpened():
            raise RuntimeError(
                f"OpenCV cannot write {VIDEO_FOURCC} video to {take.picture_tmp.name}"
            )
        wav = soundfile.SoundFile(
            str(take.audio_tmp), "w", samplerate=self.audio.samplerate, channels=1,
            subtype="PCM_16", format="WAV",
        )  # fmt: skip
        written = dropped = samples = 0
        last: np.ndarray | None = None
        wall0 = time.monotonic()
        try:
            while True:
                item = take.frames.get()
                if item is _END:
                    break
                slot, frame = item
                if slot < written:  # camera faster than fps: one frame per slot
                    continue
                while written < slot and last is not None:
                    writer.write(last)
                    written += 1
                    dropped += 1
                writer.write(frame)
                written += 1
                last = frame
                samples += self._write_audio(take, wav, written / fps)
            if self.error is not None:
                raise self.error
            t_stop = take.t_stop if take.t_stop is not None else time.monotonic()
            t_first = take.t_first if take.t_first is not None else take.t_start
            # timeline slots that start before t_stop (a tiny epsilon absorbs float noise)
            expected = max(written, math.ceil((t_stop - t_first) * fps - 1e-6))
            while last is not None and written < expected:
                writer.write(last)
                written += 1
                dropped += 1
            # the audio of the last frames arrives up to one block later
            deadline = time.monotonic() + 0.5
            t_end = (take.t_first or 0.0) + written / fps
            while take.audio_until < t_end and time.monotonic() < deadline:
                time.sleep(0.005)
            samples += self._write_audio(take, wav, written / fps, final=True)
        finally:
            writer.release()
            wav.close()
        if written == 0:
            raise RuntimeError("no video frame was recorded")
        mux_answer(take.picture_tmp, take.audio_tmp, take.video_tmp)  # picture + sound, one MP4
        take.picture_tmp.unlink()
        for tmp, final in ((take.video_tmp, take.video_final), (take.audio_tmp, take.audio_final)):
            fsync_file(tmp)
            os.replace(tmp, final)
        fsync_dir(take.video_final.parent)
        return RecordingResult(
            video_path=take.video_final, audio_path=take.audio_final, frames_written=written,
            frames_expected=expected, frames_dropped=dropped,
            audio_samples=samples, audio_lost_samples=take.audio_lost,
            samplerate=self.audio.samplerate, fps=fps,
            cpu_s=time.process_time() - take.cpu0, wall_s=time.monotonic() - wall0,
        )  # fmt: skip

    def _write_audio(self, take: _Take, wav, until_s: float, final: bool = False) -> int:
        """Write the audio of the video timeline [0, until_s); returns samples written.

        Audio is a continuous stream: blocks are written back to back unless their timestamps
        say they are more than RESYNC_S away from where the stream is, when silence fills a
        gap (lost blocks) or the overlap is dropped. So sound stays in step with the picture
        even when a microphone hiccups; the silence is counted in `take.audio_lost`.
        """
        while True:
            try:
                take.pending.append(take.audio.get_nowait())
            except queue.Empty:
                break
        if take.t_first is None:
            return 0
        rate = self.audio.samplerate
        limit = round(until_s * rate)  # timeline sample index to write up to
        resync = round(RESYNC_S * rate)
        written = 0
        keep: list[tuple[float, np.ndarray]] = []
        for t0, block in take.pending:
            start = round((t0 - take.t_first) * rate)  # where the timestamp puts it
            if abs(start - take.audio_pos) <= resync:
                start = take.audio_pos  # jitter: continue the stream
            elif start > take.audio_pos:  # a gap: fill it with silence
                gap = min(start, limit) - take.audio_pos
                if gap > 0:
                    wav.write(np.zeros((gap, block.shape[1]), dtype=block.dtype))
                    take.audio_pos += gap
                    take.audio_lost += gap
                    written += gap
            skip = max(0, take.audio_pos - start)  # before the timeline or already covered
            take_n = max(0, min(len(block), limit - start) - skip)
            if take_n > 0:
                wav.write(block[skip : skip + take_n])
                take.audio_pos += take_n
                written += take_n
            rest = skip + take_n
            if rest < len(block) and start + rest >= take.audio_pos:
                keep.append((take.t_first + (start + rest) / rate, block[rest:]))
        take.pending = keep
        if final and take.audio_pos < limit:  # the microphone stopped early
            gap = limit - take.audio_pos
            wav.write(np.zeros((gap, 1), dtype=np.int16))
            take.audio_pos += gap
            take.audio_lost += gap
            written += gap
        return written
