"""Runs an interview: the flow's rules plus devices, recording and storage, off the UI thread.

Plain Python (no Qt). Slow work (opening devices, finishing files, SQLite) runs on one worker
thread; results come back through `post(fn)`, which the UI supplies so that fn runs on its
thread. `on_change()` is then called so the view can redraw from the controller's state.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from concierge_content.interview import InterviewContent

from kiosk_ui.interview.capture import CaptureSettings, DeviceUnavailable, make_sources
from kiosk_ui.interview.flow import InterviewFlow, Phase
from kiosk_ui.interview.recorder import CaptureRig, RecordingResult
from kiosk_ui.interview.store import Answer, Interview, InterviewStore

log = logging.getLogger(__name__)


@dataclass
class InterviewSettings:
    capture: CaptureSettings
    time_scale: float = 1.0  # tests shorten think/answer times with this


class InterviewController:
    def __init__(
        self, content: InterviewContent, store: InterviewStore, settings: InterviewSettings,
        post: Callable[[Callable[[], None]], None], on_change: Callable[[], None],
        speak: Callable[[str, str], None] = lambda text, lang: None,
        clock: Callable[[], float] = time.monotonic,
    ):  # fmt: skip
        self.content = content
        self.store = store
        self.settings = settings
        self._post = post
        self._on_change = on_change
        self._speak = speak
        self.clock = clock
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="interview-io")
        self.flow: InterviewFlow | None = None
        self.interview: Interview | None = None
        self.lang = "ko"
        self.rig: CaptureRig | None = None
        self.device_error: DeviceUnavailable | None = None
        self.save_error: str | None = None
        self.busy = False  # waiting for the worker (devices opening, files being saved)
        self.last_answer: Answer | None = None
        self.resumable: Interview | None = None

    # -- background plumbing -----------------------------------------------------------------
    def run_bg(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        def run() -> None:
            try:
                result: object = work()
            except Exception as exc:  # delivered to `done`, which shows it
                log.warning("interview background task failed: %s", exc)
                result = exc
            self._post(lambda: (done(result), self._on_change()))

        self._worker.submit(run)

    def _changed(self) -> None:
        self._on_change()

    def refresh_resumable(self) -> None:
        """Clean up after any crash, purge expired interviews, find one to resume."""

        def work():
            self.store.reconcile()
            self.store.purge_expired()
            return self.store.unfinished()

        self.run_bg(
            work,
            lambda found: setattr(
                self, "resumable", None if isinstance(found, Exception) else found
            ),
        )

    # -- starting ------------------------------------------------------------------------------
    def choose(self, set_id: str, lang: str) -> None:
        """A person picked a question set: show the consent text."""
        self.lang = lang
        self.interview = None
        self.flow = InterviewFlow(self.content.question_set(set_id), self.settings.time_scale)
        consent = self.content.consent
        self._speak(" ".join([consent.title.get(lang), *consent.paragraphs(lang)]), lang)
        self._changed()

    def accept_consent(self) -> None:
        flow = self.flow
        if flow is None or flow.phase is not Phase.CONSENT or self.busy:
            return  # a second tap while the first one is being handled
        qset = flow.qset
        self.busy = True

        def work():
            return self.store.create_interview(
                qset.id, self.lang, qset.practice, self.settings.capture.source,
                self.content.consent.retention_days,
            )  # fmt: skip

        def done(result):
            self.busy = False
            if isinstance(result, Exception):
                self.save_error = str(result)
                return
            self.interview = result
            flow.consent_given(self.clock())
            self._open_devices()

        self.run_bg(work, done)

    def decline_consent(self) -> None:
        self.flow = None
        self._changed()

    def resume(self, interview: Interview) -> None:
        """Continue an interrupted interview at the question where it stopped."""
        if self.busy or self.flow is not None:
            return
        self.busy = True

        def done(answers) -> None:
            self.busy = False
            if isinstance(answers, Exception):
                self.save_error = str(answers)
                return
            self.lang = interview.lang
            self.interview = interview
            self.flow = InterviewFlow(
                self.content.question_set(interview.set_id), self.settings.time_scale
            )
            self.flow.resume_at({a.question_index: a.take for a in answers}, self.clock())
            self._open_devices()

        self.run_bg(lambda: self.store.answers(interview.id), done)

    def _open_devices(self) -> None:
        self.device_error = None
        if self.rig is not None and self.rig.running:
            return
        self.busy = True

        def work():
            rig = CaptureRig(*make_sources(self.settings.capture))
            rig.start()
            return rig

        def done(result):
            self.busy = False
            if isinstance(result, DeviceUnavailable):
                self.device_error = result
            elif isinstance(result, Exception):
                self.device_error = DeviceUnavailable("camera", str(result))
            else:
                self.rig = result

        self.run_bg(work, done)

    def retry_devices(self) -> None:
        if self.busy:
            return
        self._open_devices()
        self._changed()

    def devices_ok(self) -> bool:
        return self.rig is not None and self.rig.running and self.device_error is None

    # -- per question ------------------------------------------------------------------------
    def continue_after_check(self) -> None:
        if self.flow is None or self.flow.phase is not Phase.DEVICE_CHECK or not self.devices_ok():
            return
        self.flow.devices_ready(self.clock())
        self._after_question_change()

    def _after_question_change(self) -> None:
        flow = self.flow
        assert flow is not None
        if flow.phase is Phase.THINK:
            self._speak(flow.question_text(self.lang), self.lang)
        elif flow.phase is Phase.DONE:
            self._finish()
        self._changed()

    def tick(self) -> None:
        """Called by the UI's timer a few times a second."""
        if self.flow is None:
            return
        rig = self.rig
        if self.flow.phase in (Phase.THINK, Phase.ANSWERED) and (rig is None or not rig.running):
            self._devices_lost(rig)
            return
        action = self.flow.tick(self.clock())
        if action == "start_recording":
            self.start_answer()
        elif action == "stop_recording":
            self.stop_answer()

    def _devices_lost(self, rig: CaptureRig | None) -> None:
        assert self.flow is not None
        err = rig.error if rig is not None else None
        self.device_error = err or DeviceUnavailable("camera", "the capture stopped")
        self.flow.devices_lost(self.clock())
        self.release_devices()
        self._changed()

    def start_answer(self) -> None:
        flow, iv, rig = self.flow, self.interview, self.rig
        if flow is None or flow.phase is not Phase.THINK or iv is None or rig is None:
            return
        flow.start_answer(self.clock())
        take = flow.takes[flow.index]
        video, audio = self.store.new_answer_paths(iv.id, flow.index, take)
        index, qid = flow.index, flow.qset.questions[flow.index].id
        self.save_error = None

        def on_done(result: RecordingResult) -> None:  # writer thread
            # listed even if the person has left meanwhile: the recording is complete
            self.run_bg(
                lambda: self.store.commit_answer(iv.id, index, qid, take, result),
                lambda saved: self._answer_saved(flow, saved),
            )

        def on_error(exc: Exception) -> None:  # writer thread
            self._post(lambda: (self._answer_failed(flow, exc), self._on_change()))

        rig.start_recording(video, audio, on_done, on_error, max_s=flow.answer_limit_s())
        self._changed()

    def stop_answer(self) -> None:
        """Stop early (button) or at the time limit."""
        if self.flow is None or self.flow.phase is not Phase.RECORDING or self.rig is None:
            return
        self.flow.stop_answer(self.clock())
        self.rig.stop_recording()
        self._changed()

    def _answer_saved(self, flow: InterviewFlow, result: object) -> None:
        if isinstance(result, Exception):
            self._answer_failed(flow, result)
            return
        if flow is self.flow:
            self.last_answer = result  # type: ignore[assignment]
            if flow.phase is Phase.RECORDING:  # the recorder ended at the limit before a tick
                flow.stop_answer(self.clock())
            flow.saved(self.clock())

    def _answer_failed(self, flow: InterviewFlow, exc: Exception) -> None:
        if flow is not self.flow:
            return
        self.save_error = str(exc)
        if isinstance(exc, DeviceUnavailable):
            self.device_error = exc
        flow.save_failed(self.clock())

    def retake(self) -> None:
        if self.flow is None or self.flow.phase is not Phase.ANSWERED:
            return
        if self.flow.retakes_left() <= 0:
            return
        self.flow.retake(self.clock())
        self._after_question_change()

    def next_question(self) -> None:
        if self.flow is None or self.flow.phase is not Phase.ANSWERED:
            return
        self.flow.next_question(self.clock())
        self._after_question_change()

    def _finish(self) -> None:
        iv = self.interview
        assert iv is not None
        self.run_bg(lambda: self.store.mark_complete(iv.id), lambda _r: None)
        self.release_devices()

    # -- leaving -------------------------------------------------------------------------------
    def release_devices(self):
        """Stop any recording (it is still saved and listed) and close the devices."""
        rig, self.rig = self.rig, None
        if rig is not None:
            rig.stop_recording()
            return self._worker.submit(lambda: (rig.wait_idle(10), rig.close()))
        return None

    def quiesce(self, timeout_s: float = 15.0) -> None:
        """Release devices and wait until the last answer is on disk and listed (app closing)."""
        released = self.release_devices()
        if released is not None:
            released.result(timeout_s)
        # the answer's commit was queued before the writer finished, so it runs before this
        self._worker.submit(lambda: None).result(timeout_s)

    def reset(self) -> None:
        """Back to the start screen (the interview stays resumable if unfinished)."""
        self.release_devices()
        self.flow = None
        self.interview = None
        self.device_error = None
        self.save_error = None
        self.refresh_resumable()
        self._changed()

    def abandon(self) -> None:
        """Nobody is at the kiosk any more: keep what was recorded, never offer it to resume."""
        iv = self.interview
        if iv is not None and self.flow is not None and self.flow.phase is not Phase.DONE:
            self.run_bg(lambda: self.store.mark_abandoned(iv.id), lambda _r: None)
        self.reset()

    def someone_is_answering(self) -> bool:
        """Thinking or speaking to the camera without touching the screen is not idleness."""
        return self.flow is not None and self.flow.phase in (
            Phase.THINK, Phase.RECORDING, Phase.SAVING,
        )  # fmt: skip

    def shutdown(self) -> None:
        self.quiesce()
        self._worker.shutdown(wait=True)
