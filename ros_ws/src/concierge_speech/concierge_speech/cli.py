"""`concierge listen FILE.wav --site S`: audio -> text -> intent -> reply, one JSON line per
utterance found in the file."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("listen", help="WAV file -> text -> intent -> reply JSON")
    p.add_argument("wav", help="16-bit PCM WAV file (any rate, mono or stereo)")
    p.add_argument("--site", default="city_hall", help="city_hall | arboretum")
    p.add_argument(
        "--lang",
        choices=("auto", "ko", "en"),
        default="auto",
        help="the screen's language, or auto: both recognisers run",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np
    from concierge_dialog.confirm import ConfirmingDialog
    from concierge_dialog.engine import DialogEngine
    from concierge_dialog.knowledge import load_site

    from concierge_speech.audio import chunks, read_wav
    from concierge_speech.pipeline import (
        Listener,
        dialog_meaning,
        load_recognizers,
        params_thresholds,
    )

    samples = read_wav(args.wav)  # AudioSourceError is a RuntimeError: one clear line
    # Quiet before and after, as around a visitor's question: the endpointer learns the noise
    # floor before the first word and sees the end even when the file stops right after it.
    quiet = np.zeros(8000, np.int16)
    samples = np.concatenate([quiet, samples, quiet, quiet])
    knowledge = load_site(args.site)
    langs = ("ko", "en") if args.lang == "auto" else (args.lang,)
    listener = Listener(load_recognizers(args.site, knowledge, langs),
                        dialog_meaning(args.site, knowledge), lang_mode=args.lang,
                        thresholds=params_thresholds())  # stt_node's margins  # fmt: skip
    dialog = ConfirmingDialog(DialogEngine(args.site, knowledge))
    events = []
    for chunk in chunks(samples):
        events += listener.feed(chunk)
    events += listener.flush()
    heard = [h for kind, h in events if kind == "final"]
    if not heard:
        print(json.dumps({"text": "", "intent": None, "reply": None, "error": "no speech found"},
                         ensure_ascii=False))  # fmt: skip
        return 1
    for h in heard:
        result = dialog.handle(h.text, lang=h.lang, certainty=h.verdict, rival=h.rival)
        out = {
            "text": h.text,
            "confidence": round(h.confidence, 3),
            "verdict": h.verdict,
            "alternatives": h.alternatives,
            "speech_start_s": round(h.start_s, 3),
            "speech_end_s": round(h.end_s, 3),
            "intent": result.intent,
            "place_id": result.place_id,
            "staff_id": result.staff_id,
            "course_id": result.course_id,
            "action": result.action,
            "lang": result.lang,
            "reply": result.reply,
            "choices": [label for label, _ in result.choices],
        }
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0
