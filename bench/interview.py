"""`concierge bench interview`: answer recording at 30 fps — frames written vs expected, drops,
A/V drift and CPU, for 640x480 and 1280x720, with the test-pattern camera and tone microphone
(the same threads and writer as a real camera). Prints one JSON line; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="concierge bench interview")
    p.add_argument("--seconds", type=float, default=10.0, help="length of each recording")
    p.add_argument("--sizes", default="640x480,1280x720", help="comma-separated WxH list")
    p.add_argument("--fps", type=float, default=30.0)
    args = p.parse_args(argv)
    if args.seconds <= 0:
        p.error("--seconds must be positive")
    return args


def _record(width: int, height: int, fps: float, seconds: float, folder: Path) -> dict:
    import cv2
    import soundfile

    from kiosk_ui.interview.capture import TestPatternSource, ToneSource
    from kiosk_ui.interview.recorder import CaptureRig

    rig = CaptureRig(TestPatternSource(width, height, fps), ToneSource(16000))
    rig.start()
    done = threading.Event()
    out: dict = {}
    video, audio = folder / f"b-{width}x{height}.mp4", folder / f"b-{width}x{height}.wav"
    cpu0, wall0 = time.process_time(), time.monotonic()
    rig.start_recording(
        video, audio, lambda r: (out.update(r=r), done.set()),
        lambda e: (out.update(e=e), done.set()),
    )  # fmt: skip
    started = time.monotonic()
    while rig.frames_captured() == 0 and time.monotonic() - started < 5:
        done.wait(0.005)  # the answer's timeline starts at its first frame
    done.wait(seconds)  # the recording length is what is measured
    rig.stop_recording()
    if not done.wait(30):
        raise RuntimeError("the writer did not finish")
    cpu_s, wall_s = time.process_time() - cpu0, time.monotonic() - wall0
    rig.close()
    if "e" in out:
        raise out["e"]
    r = out["r"]
    cap = cv2.VideoCapture(str(r.video_path))
    decoded = 0
    while cap.read()[0]:
        decoded += 1
    cap.release()
    wav = soundfile.info(str(r.audio_path))
    from kiosk_ui.interview.mux import probe

    streams = probe(r.video_path)
    return {
        "frames_expected": r.frames_expected,
        "frames_written": r.frames_written,
        "frames_decoded": decoded,
        "dropped_frames": r.frames_dropped,
        "video_s": round(r.video_duration_s, 3),
        "audio_s": round(wav.frames / wav.samplerate, 3),
        "mp4_audio_s": round(streams.get("audio", 0.0), 3),
        # AAC works in 1024-sample frames: the last one is padded, so this is up to +64 ms
        "mp4_av_drift_ms": round((streams.get("audio", 0.0) - streams["video"]) * 1000, 1),
        "av_drift_ms": round(r.av_drift_ms, 1),
        "audio_lost_ms": round(r.audio_lost_ms, 1),
        "cpu_percent_of_one_core": round(100 * cpu_s / wall_s, 1),
        "mbytes_per_min": round(r.video_path.stat().st_size / r.video_duration_s * 60 / 1e6, 2),
    }


def main(argv: list[str]) -> int:
    args = _parse(argv)
    figures: dict = {
        "what": "answer recording, test-pattern camera + tone microphone, real writer threads",
        "codec": "mp4v + AAC in .mp4 (PyAV mux), 16 kHz PCM WAV kept beside",
        "fps_target": args.fps,
        "seconds": args.seconds,
        "cores": os.cpu_count(),
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-interview-") as tmp:
        for size in args.sizes.split(","):
            w, h = (int(v) for v in size.lower().split("x"))
            print(f"recording {w}x{h} for {args.seconds} s ...", file=sys.stderr)
            figures["sizes"][f"{w}x{h}"] = _record(w, h, args.fps, args.seconds, Path(tmp))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
