"""Audio -> utterances: endpointing, streaming recognition during speech, hypothesis choice.

The recogniser runs while the visitor speaks, so at the end of speech only the final decode is
left; a dialog engine scores each hypothesis (`understands`) to pick grammar or free pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from concierge_speech.endpointing import Endpointer, Segment
from concierge_speech.recognizer import Hypothesis, KoreanRecognizer, pick_hypothesis


@dataclass
class Heard:
    text: str
    lang: str
    confidence: float
    alternatives: list[dict] = field(default_factory=list)
    start_s: float = 0.0  # audio time of speech start
    end_s: float = 0.0  # audio time of the last speech frame
    detected_s: float = 0.0  # audio time when the end was decided
    decode_ms: float = 0.0  # wall time from end decision to the final text
    decode_cpu_ms: float = 0.0  # the same in process CPU time (unaffected by other load)


def dialog_scorer(site: str, knowledge=None) -> Callable[[str], float]:
    """understands(text): how well the dialog engine grasps a hypothesis (0 = not at all)."""
    from concierge_dialog.engine import DialogEngine

    engine = DialogEngine(site, knowledge)

    def understands(text: str) -> float:
        engine.reset()
        result = engine.handle(text)
        return 0.0 if result.intent == "unknown" else float(result.confidence)

    return understands


class Listener:
    """Feed 16 kHz int16 PCM; returns events ("start", t), ("partial", text), ("final", Heard)."""

    def __init__(self, recognizer: KoreanRecognizer,
                 understands: Callable[[str], float] | None = None,
                 **endpointer_args):  # fmt: skip
        self.recognizer = recognizer
        self.understands = understands or (lambda _text: 0.0)
        self.endpointer = Endpointer(**endpointer_args)
        self._session = None
        self._last_partial = ""

    def feed(self, pcm: bytes) -> list[tuple[str, object]]:
        out: list[tuple[str, object]] = []
        was_in_speech = self.endpointer.in_speech
        events = self.endpointer.feed(pcm)
        for kind, value in events:
            if kind == "start":
                out.append(("start", value))
            elif kind == "end":
                out.append(("final", self._finish(value)))
        if self.endpointer.in_speech:
            if self._session is None or not was_in_speech and any(k == "start" for k, _ in events):
                self._session = self.recognizer.session()
                seg = self.endpointer._seg
                partial = self._session.accept(bytes(seg.pcm)) if seg else ""
            else:
                partial = self._session.accept(pcm)
            if partial and partial != self._last_partial:
                self._last_partial = partial
                out.append(("partial", partial))
        return out

    def flush(self) -> list[tuple[str, object]]:
        return [("final", self._finish(seg)) for _, seg in self.endpointer.flush()]

    def _finish(self, seg: Segment) -> Heard:
        t0, c0 = time.perf_counter(), time.process_time()
        session = self._session or self.recognizer.session()
        if self._session is None:
            session.accept(bytes(seg.pcm))
        self._session = None
        self._last_partial = ""
        hyps: list[Hypothesis] = session.finish()
        best = pick_hypothesis(hyps, self.understands)
        return Heard(
            text=best.text,
            lang="ko",
            confidence=best.confidence,
            alternatives=[h.as_dict() for h in hyps],
            start_s=seg.start_s,
            end_s=seg.end_s,
            detected_s=seg.detected_s,
            decode_ms=(time.perf_counter() - t0) * 1000.0,
            decode_cpu_ms=(time.process_time() - c0) * 1000.0,
        )
