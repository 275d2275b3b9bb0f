"""dialog_node: utterances in (/speech/utterance, /dialog/text_in), intents out (/dialog/intent)
with the reply, which it also says through the `speak` action. A thin shell around
concierge_dialog (engine + confirmation step); the mission manager acts on the intents. An
unsure recognition becomes intent "confirm" (a question + touch choices) that nothing acts on;
the visitor's yes (voice or touch) then publishes the held intent."""

from __future__ import annotations

import time

import rclpy
from concierge_dialog.confirm import ConfirmingDialog
from concierge_dialog.engine import DialogEngine
from concierge_interfaces.action import Speak
from concierge_interfaces.msg import Intent, Utterance
from concierge_lockstep.action_client import ActionClient
from rclpy.node import Node


class DialogNode(Node):
    def __init__(self) -> None:
        super().__init__("dialog_node")
        self.site = self.declare_parameter("site", "city_hall").value  # city_hall | arboretum
        self.speak = self.declare_parameter("speak", True).value  # say replies via `speak`
        self.min_confidence = self.declare_parameter("min_confidence", 0.0).value  # drop below
        self.dialog = ConfirmingDialog(DialogEngine(self.site))
        self.pub = self.create_publisher(Intent, "/dialog/intent", 10)
        self.create_subscription(Utterance, "/speech/utterance", self._on_utterance, 10)
        self.create_subscription(Utterance, "/dialog/text_in", self._on_utterance, 10)
        self.speak_client = ActionClient(self, Speak, "speak")
        self._speaking = None  # goal handle future of the reply being said
        self.get_logger().info(f"dialog ready for {self.site}")

    def _on_utterance(self, msg: Utterance) -> None:
        if not msg.is_final:
            return
        typed = msg.source in ("text", "touch")
        if typed and not msg.text.strip():
            return
        if not typed and msg.verdict == "" and msg.confidence < self.min_confidence:
            return
        t0 = time.perf_counter()
        lang = msg.lang if msg.lang in ("ko", "en") else None
        # Typed and touched text is what the visitor meant; speech carries its verdict.
        certainty = "sure" if typed else (msg.verdict or "sure")
        result = self.dialog.handle(msg.text, lang=lang, certainty=certainty, rival=msg.rival)
        out = Intent()
        out.stamp = self.get_clock().now().to_msg()
        out.utterance = msg.text
        out.lang = result.lang
        out.intent = result.intent
        out.confidence = float(result.confidence * (msg.confidence if msg.confidence else 1.0))
        out.place_id = result.place_id or ""
        out.staff_id = result.staff_id or ""
        out.course_id = result.course_id or ""
        out.action = result.action or ""
        out.time_available_min = int(result.time_available_min or 0)
        out.interest = result.interest or ""
        out.reply = result.reply
        out.conversation_id = result.conversation_id
        out.confirm = bool(result.confirm)
        out.choice_labels = [label for label, _ in result.choices]
        out.choice_utterances = [utterance for _, utterance in result.choices]
        self.pub.publish(out)
        self.get_logger().info(
            f"{result.intent} place={out.place_id or '-'} staff={out.staff_id or '-'} "
            f"({(time.perf_counter() - t0) * 1000:.0f} ms): {msg.text}"
        )
        if self.speak:
            self._say(result.reply, result.lang)

    def _say(self, text: str, lang: str) -> None:
        if not self.speak_client.server_is_ready():
            self.get_logger().warning("speak action not available: reply shown only")
            return
        if self._speaking is not None and self._speaking.done():
            handle = self._speaking.result()
            if handle is not None and handle.accepted:
                handle.cancel_goal_async()  # a new question interrupts the old answer
        goal = Speak.Goal(text=text, lang=lang)
        self._speaking = self.speak_client.send_goal_async(goal)


def main(args: list[str] | None = None) -> int:
    rclpy.init(args=args)
    node = DialogNode()
    try:
        rclpy.spin(node)
    except KeyboardInterrupt:
        pass
    finally:
        node.destroy_node()
        rclpy.try_shutdown()
    return 0
