"""SQLite listing + files on disk: crash leftovers, retention, ratings, safe paths."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from interview_helpers import audio_duration_s, decoded_frames, mp4_stream_durations

from kiosk_ui.interview.capture import TestPatternSource, ToneSource
from kiosk_ui.interview.recorder import CaptureRig, RecordingResult
from kiosk_ui.interview.store import DAY_S, MANIFEST, InterviewStore


def record(
    store: InterviewStore, iid: str, index: int, take: int, frames: int, size=(320, 240),
    audio: ToneSource | None = None,
):  # fmt: skip
    rig = CaptureRig(TestPatternSource(*size, 30.0), audio or ToneSource(16000))
    rig.start()
    done = threading.Event()
    out: dict = {}
    video, audio = store.new_answer_paths(iid, index, take)
    rig.start_recording(
        video, audio, lambda r: (out.update(r=r), done.set()),
        lambda e: (out.update(e=e), done.set()),
    )  # fmt: skip
    waited = threading.Event()
    while rig.frames_captured() < frames and not done.is_set():
        waited.wait(0.01)  # condition poll: the capture thread counts frames
    rig.stop_recording()
    assert done.wait(10)
    rig.close()
    assert "e" not in out, out.get("e")
    return out["r"]


@pytest.fixture
def store(tmp_path) -> InterviewStore:
    s = InterviewStore(tmp_path / "interviews")
    yield s
    s.close()


def test_recorded_answer_plays_back_with_its_length_and_sound(store):
    iv = store.create_interview("practice", "ko", True, "test-pattern", 90)
    result: RecordingResult = record(store, iv.id, 0, 1, 18)
    frames, fps, size = decoded_frames(result.video_path)
    assert (frames, fps, size) == (result.frames_written, 30.0, (320, 240))
    assert result.frames_written == result.frames_expected
    assert 18 <= frames <= 21  # stopped once 18 frames were captured
    assert audio_duration_s(result.audio_path) == pytest.approx(frames / fps, abs=0.03)
    streams = mp4_stream_durations(result.video_path)
    assert streams["video"] == pytest.approx(frames / fps, abs=0.01)
    assert streams["audio"] == pytest.approx(frames / fps, abs=0.1)  # AAC frames of 64 ms
    assert not any(p.name.startswith(".part-") for p in result.video_path.parent.iterdir())
    answer = store.commit_answer(iv.id, 0, "intro", 1, result)
    assert store.verify(iv.id) == []
    assert answer.video_sha256 in (store.interview_dir(iv.id) / MANIFEST).read_text()


def test_reconcile_removes_unlisted_files_and_rows_whose_files_are_gone(store):
    iv = store.create_interview("practice", "ko", True, "test-pattern", 90)
    folder = store.interview_dir(iv.id)
    kept = store.commit_answer(iv.id, 0, "intro", 1, record(store, iv.id, 0, 1, 6))
    lost = store.commit_answer(iv.id, 1, "strength", 1, record(store, iv.id, 1, 1, 6))
    finished_unlisted = record(store, iv.id, 2, 1, 6)  # crash before its row was committed
    (folder / ".part-q02-t2-deadbeef.mp4").write_bytes(b"half")
    lost.video_path.unlink()  # e.g. a disk error
    stray_dir = store.root / ("f" * 32)
    stray_dir.mkdir()

    report = store.reconcile()

    assert [a.question_index for a in store.answers(iv.id)] == [0]
    assert report.removed_answers == 1 and report.removed_dirs == 1
    names = {p.name for p in folder.iterdir()}
    assert names == {kept.video_path.name, kept.audio_path.name, MANIFEST}
    assert not finished_unlisted.video_path.exists() and not stray_dir.exists()


def test_a_retake_replaces_the_earlier_take_on_disk(store):
    iv = store.create_interview("practice", "ko", True, "test-pattern", 90)
    first = store.commit_answer(iv.id, 0, "intro", 1, record(store, iv.id, 0, 1, 6))
    second = store.commit_answer(iv.id, 0, "intro", 2, record(store, iv.id, 0, 2, 6))
    assert store.answer(iv.id, 0).take == 2
    assert not first.video_path.exists() and second.video_path.exists()


def test_interviews_past_their_retention_period_are_deleted(store):
    old = store.create_interview("practice", "ko", True, "test-pattern", 30, now=0.0)
    new = store.create_interview("practice", "ko", True, "test-pattern", 30, now=20 * DAY_S)
    store.set_rating(old.id, "clarity", 3)
    assert store.purge_expired(now=31 * DAY_S) == [old.id]
    assert [iv.id for iv in store.interviews()] == [new.id]
    assert not store.root.joinpath(old.id).exists()
    assert store.ratings(old.id) == {}


def test_ratings_are_whole_numbers_from_one_to_five(store):
    iv = store.create_interview("practice", "ko", True, "test-pattern", 90)
    for bad in (0, 6, 2.5):
        with pytest.raises(ValueError, match="1 to 5"):
            store.set_rating(iv.id, "clarity", bad)
    store.set_rating(iv.id, "clarity", 5)
    store.set_rating(iv.id, "clarity", 2)
    assert store.ratings(iv.id) == {"clarity": 2}
    with pytest.raises(ValueError, match="empty"):
        store.add_comment(iv.id, "   ")


def test_paths_come_only_from_generated_ids(store):
    with pytest.raises(ValueError, match="not an interview id"):
        store.interview_dir("../../etc")
    iv = store.create_interview("practice", "ko", True, "test-pattern", 90)
    assert Path(store.interview_dir(iv.id)).parent == store.root


class GappyTone(ToneSource):
    """A microphone that loses every fourth block (a USB hiccup)."""

    def start(self, callback):
        count = {"n": 0}

        def lossy(block, t):
            count["n"] += 1
            if count["n"] % 4:
                callback(block, t)

        super().start(lossy)


def test_lost_audio_becomes_silence_so_sound_stays_in_step_with_the_picture(store):
    iv = store.create_interview("practice", "ko", True, "test-pattern", 90)
    result = record(store, iv.id, 0, 1, 30, audio=GappyTone(16000))
    video_ms = result.video_duration_s * 1000
    assert 0.15 * video_ms < result.audio_lost_ms < 0.35 * video_ms  # about a quarter lost
    assert audio_duration_s(result.audio_path) == pytest.approx(result.video_duration_s, abs=0.01)
