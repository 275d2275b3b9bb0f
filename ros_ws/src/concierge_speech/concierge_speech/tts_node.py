"""tts_node: the `speak` action (concierge_interfaces/Speak) over espeak-ng.

Speech goes to the sound card when there is one, else to a WAV file under var/speech/tts/
(`output: auto|soundcard|wav`); the goal lasts as long as the audio plays, reports progress,
and can be cancelled. A reply is synthesised sentence by sentence and the first sentence
plays while the next ones are synthesised (the visitor hears the answer start sooner).
Failures are logged and published on /diagnostics_text as "tts: ...".
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import rclpy
from concierge_content.paths import var_root
from concierge_interfaces.action import Speak
from concierge_lockstep.spin import spin_with_goal_pool
from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node
from std_msgs.msg import Bool, String

from concierge_speech.tts_engine import Audio, TtsError, check_voice, sentences, synthesize

OUTPUTS = ("auto", "soundcard", "wav")


def _sound_card_available() -> bool:
    try:
        import sounddevice as sd

        sd.query_devices(kind="output")
        return True
    except Exception:  # PortAudio missing or no output device: both mean "no sound card"
        return False


class TextToSpeech(Node):
    def __init__(self) -> None:
        super().__init__("tts_node")
        p = self.declare_parameter
        self.voice_ko = p("voice_ko", "ko").value  # espeak-ng voice id, exact ('ko', not 'kok')
        self.voice_en = p("voice_en", "gmw/en-us").value
        self.rate_wpm = p("rate_wpm", 165).value  # speaking rate; goals scale it by `rate`
        self.volume = p("volume", 1.0).value  # 0..1
        self.output = p("output", "auto").value  # auto | soundcard | wav
        self.realtime = p("realtime", True).value  # wav output: the goal lasts the audio length
        if self.output not in OUTPUTS:
            raise ValueError(f"output {self.output!r}: use one of {', '.join(OUTPUTS)}")
        if not 0.0 < float(self.volume) <= 1.0:
            raise ValueError(f"volume {self.volume}: use 0 < volume <= 1")
        self.pub_diag = self.create_publisher(String, "/diagnostics_text", 10)
        self.pub_speaking = self.create_publisher(Bool, "/speech/speaking", 10)
        self.errors: list[str] = []
        for voice in (self.voice_ko, self.voice_en):
            try:
                check_voice(voice)
            except TtsError as exc:
                self._problem(str(exc))
        self.use_card = self.output == "soundcard" or (
            self.output == "auto" and _sound_card_available()
        )
        self.wav_dir = var_root() / "speech" / "tts"
        self._speak_lock = threading.Lock()
        # synthesis of a reply's later sentences runs while its first ones play
        self._synth = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts-synth")
        # Goals block while they speak (and wait their turn): their server lives on a companion
        # node served by a thread pool, so /clock (sim time, which a playing goal waits on) is
        # never starved by goals waiting for the voice (concierge_lockstep.spin).
        self.actions = Node(
            f"{self.get_name()}_actions",
            namespace=self.get_namespace(),
            use_global_arguments=False,
            start_parameter_services=False,
        )
        self.server = ActionServer(
            self.actions,
            Speak,
            "speak",
            execute_callback=self._execute,
            goal_callback=lambda _g: GoalResponse.ACCEPT,
            cancel_callback=lambda _g: CancelResponse.ACCEPT,
            callback_group=ReentrantCallbackGroup(),
        )
        where = "sound card" if self.use_card else f"WAV files in {self.wav_dir}"
        self.get_logger().info(f"tts ready: speaking to {where}")
        self.create_timer(5.0, self._republish_errors)

    def _problem(self, message: str) -> None:
        self.get_logger().error(message)
        if message not in self.errors:
            self.errors.append(message)
        self.pub_diag.publish(String(data=f"tts: {message}"))

    def _republish_errors(self) -> None:
        for message in self.errors:
            self.pub_diag.publish(String(data=f"tts: {message}"))

    def _execute(self, goal_handle) -> Speak.Result:
        req = goal_handle.request
        result = Speak.Result()
        lang = req.lang if req.lang in ("ko", "en") else "ko"
        voice = self.voice_ko if lang == "ko" else self.voice_en

        def synth(part: str) -> Audio:
            return synthesize(part, lang, rate=req.rate or 1.0, volume=req.volume or self.volume,
                              voice=voice, rate_wpm=int(self.rate_wpm))  # fmt: skip

        parts = sentences(req.text) if req.text.strip() else [req.text]
        pending = [self._synth.submit(synth, part) for part in parts]
        # the single worker runs this after the parts: the WAV exists once synthesis is done
        saved = None if self.use_card else self._synth.submit(self._save, pending, goal_handle)
        played: list[Audio] = []
        canceled = False
        try:
            with self._speak_lock:  # one voice at a time
                self.pub_speaking.publish(Bool(data=True))
                try:
                    for i, future in enumerate(pending):
                        audio = future.result()
                        done_s = sum(a.duration_s for a in played)
                        played.append(audio)
                        if self._play(goal_handle, audio, done_s, (i, len(pending))):
                            canceled = True
                            break
                finally:
                    self.pub_speaking.publish(Bool(data=False))
        except TtsError as exc:
            for future in pending:
                future.cancel()
            self._problem(f"cannot say {req.text[:40]!r}: {exc}")
            result.error_code, result.error_msg = Speak.Result.TTS_FAILED, str(exc)
            goal_handle.abort()
            return result
        for future in pending:
            future.cancel()
        result.duration_s = sum(a.duration_s for a in played)
        if saved is not None and not canceled:
            result.wav_path = saved.result() or ""
        if canceled:
            result.error_code, result.error_msg = Speak.Result.CANCELED, "canceled"
            goal_handle.canceled()
            return result
        goal_handle.succeed()
        return result

    def destroy_node(self) -> None:
        self._synth.shutdown(wait=True, cancel_futures=True)  # no synthesis left behind
        super().destroy_node()

    def _save(self, parts: list, goal_handle) -> str | None:
        """The whole reply as one WAV under var/speech/tts/ (output: wav)."""
        try:
            audios = [f.result() for f in parts]
        except Exception:  # the error is the speaking goal's to report
            return None
        audio = Audio(np.concatenate([a.samples for a in audios]), audios[0].rate)
        stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{id(goal_handle) % 10000}"
        return str(audio.save(self.wav_dir / f"{stamp}.wav"))

    def _play(
        self, goal_handle, audio, done_s: float = 0.0, part: tuple[int, int] = (0, 1)
    ) -> bool:
        """Play (or, for WAV output, last as long as) one part of the reply; True when
        cancelled. done_s: seconds of the reply already played; part: (index, count)."""
        stream = None
        if self.use_card:
            import sounddevice as sd

            try:
                sd.play(audio.samples, audio.rate)
                stream = sd
            except Exception as exc:  # device vanished: keep the WAV-style timing
                self._problem(f"sound card failed: {exc}")
        # The node's clock: sim time in simulation (the goal lasts as long as the audio would,
        # in the robot's time, whatever the machine's load), wall time on a real robot.
        clock = self.get_clock()
        start = clock.now()
        duration = audio.duration_s if (stream or self.realtime) else 0.0
        feedback = Speak.Feedback()
        while True:
            elapsed = (clock.now() - start).nanoseconds * 1e-9
            feedback.elapsed_s = float(done_s + elapsed)
            share = float(min(1.0, elapsed / duration)) if duration else 1.0
            feedback.progress = (part[0] + share) / part[1]
            goal_handle.publish_feedback(feedback)
            if goal_handle.is_cancel_requested:
                if stream:
                    stream.stop()
                return True
            if elapsed >= duration or not rclpy.ok():
                return False
            time.sleep(0.01)


def main(args: list[str] | None = None) -> int:
    rclpy.init(args=args)
    node = TextToSpeech()
    spin_with_goal_pool(node, node.actions)
    return 0
