"""`concierge bench speech`: the voice path measured on a synthetic lobby test set.

Test set: labelled visitor utterances of tests/dialog/data (Korean and English, both sites,
"unknown" items left out), each spoken by a different espeak-ng voice/speed/pitch
(concierge_speech.testaudio), mixed with seeded lobby noise (babble, footsteps, chime and
announcement, air handling) at each SNR. Items with index % 4 == 3 in their file are held
out: the phrase templates (content/dialog/asr_phrases.yaml) were written looking at the other
items only, so accuracy is reported for both parts.

Figures: intent accuracy per language and SNR (the phrase taken means the labelled intent and
slots), how often the robot would act on a wrong reading without asking (acted_wrong), how
often it asks back (confirm) or says it did not catch it (not_heard); end of speech -> first
reply audio p50/p95 (endpointer hangover + final decode + dialog + synthesis of the reply's
first sentence, which tts_node plays while it synthesises the rest), in wall time and in
this process's CPU time. Audio is fed as fast as it is processed. Prints one JSON line.
Margins (sure/unsure per language) are stt_node's, from launch/params/speech.yaml; --rows
writes every utterance (margin included) for bench/speech_calibrate.py, which sets them from
the dev items only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "dialog" / "data"
SITES = ("city_hall", "arboretum")


def _log(*a: object) -> None:
    print(*a, file=sys.stderr, flush=True)


def _pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def text_figures() -> tuple[dict, dict]:
    from concierge_dialog.engine import DialogEngine
    from concierge_dialog.labelled import evaluate, load_items

    engines = {s: DialogEngine(s) for s in SITES}
    res = evaluate(engines, load_items(DATA))
    return {"intent_accuracy_text": res["accuracy"],
            "intent_accuracy_text_dev": res["accuracy_dev"],
            "intent_accuracy_text_heldout": res["accuracy_heldout"],
            "text_items": res["n"]}, engines  # fmt: skip


def test_set(n_ko: int, n_en: int) -> list:
    """(item, voice) pairs: n per language, split evenly over the sites, evenly spaced."""
    from concierge_dialog.labelled import load_items
    from concierge_speech.testaudio import voice_for

    out = []
    for lang, n in (("ko", n_ko), ("en", n_en)):
        for s, site in enumerate(SITES):
            items = [i for i in load_items(DATA, site) if i.lang == lang and i.intent != "unknown"]
            k = n // len(SITES) + (1 if s < n % len(SITES) else 0)
            picked = [items[int(j)] for j in np.linspace(0, len(items) - 1, k)] if k else []
            out += [(item, voice_for(lang, len(out) + j)) for j, item in enumerate(picked)]
    return out


def audio_figures(n_ko: int, n_en: int, snrs: list[float], lang_mode: str, seed: int,
                  tts: bool, rows_path: str = "") -> dict:  # fmt: skip
    from concierge_dialog.confirm import ConfirmingDialog
    from concierge_dialog.engine import DialogEngine
    from concierge_dialog.knowledge import load_site
    from concierge_dialog.labelled import is_correct
    from concierge_speech.audio import chunks
    from concierge_speech.pipeline import (
        Listener,
        dialog_meaning,
        load_recognizers,
        params_thresholds,
    )
    from concierge_speech.testaudio import lobby_noise, mix, padded, speak
    from concierge_speech.tts_engine import sentences, synthesize

    items = test_set(n_ko, n_en)
    thresholds = params_thresholds()
    noise = lobby_noise(40.0, seed)
    rows: list[dict] = []
    load_s, rss_mb = {}, {}
    for site in SITES:
        t0 = time.perf_counter()
        k = load_site(site)
        recognizers = load_recognizers(site, k)
        meaning = dialog_meaning(site, k)
        load_s[site] = round(time.perf_counter() - t0, 2)
        rss_mb[site] = _rss_mb()
        dialog = ConfirmingDialog(DialogEngine(site, k))
        for idx, (item, voice) in enumerate(items):
            if item.site != site:
                continue
            clean = padded(speak(item.text, voice))
            active = np.flatnonzero(np.abs(clean) > 300)
            true_end = (active[-1] if len(active) else len(clean)) / 16000
            for snr in snrs:
                audio = mix(clean, noise, snr, seed * 1000 + idx) if snr < 99 else clean
                listener = Listener(
                    recognizers,
                    meaning,
                    lang_mode=item.lang if lang_mode == "screen" else "auto",
                    thresholds=thresholds,
                )
                events = [e for c in chunks(audio) for e in listener.feed(c)] + listener.flush()
                finals = [h for kind, h in events if kind == "final"]
                row = {"lang": item.lang, "snr": snr, "heldout": item.heldout, "site": site,
                       "text": item.text, "voice": voice.label}  # fmt: skip
                if not finals:
                    rows.append({**row, "ok": False, "verdict": "none", "acted_wrong": False})
                    continue
                heard = max(finals, key=lambda h: (h.verdict != "garbled", h.end_s - h.start_s))
                dialog.reset()
                understood = dialog.engine.peek(heard.text, lang=heard.lang, today=item.today)
                ok = bool(heard.text) and is_correct(item, understood)
                t2, c2 = time.perf_counter(), time.process_time()
                result = dialog.handle(heard.text, lang=heard.lang, certainty=heard.verdict,
                                       rival=heard.rival, today=item.today)  # fmt: skip
                dialog_ms = (time.perf_counter() - t2) * 1000
                dialog_cpu = (time.process_time() - c2) * 1000
                t3, c3 = time.perf_counter(), time.process_time()
                if tts:  # tts_node plays the first sentence while it synthesises the rest
                    synthesize(sentences(result.reply)[0], result.lang)
                tts_ms = (time.perf_counter() - t3) * 1000
                tts_cpu = (time.process_time() - c3) * 1000
                hang = max(0.0, heard.detected_s - true_end) * 1000
                rows.append(
                    {
                        **row,
                        "ok": ok,
                        "verdict": heard.verdict,
                        "heard": heard.text,
                        "heard_lang": heard.lang,
                        "margin": heard.margin,
                        "no_rival": heard.no_rival,
                        "named": heard.named,
                        "subject_margin": heard.subject_margin,
                        "alternatives": heard.alternatives,
                        "speech_s": heard.end_s - heard.start_s,
                        "rival": heard.rival,
                        "decode_ms": heard.decode_ms,
                        "acted_wrong": heard.verdict == "sure" and not ok,
                        "endpoint_ms": hang,
                        "reply_ms": hang + heard.decode_ms + dialog_ms + tts_ms,
                        "reply_cpu_ms": hang + heard.decode_cpu_ms + dialog_cpu + tts_cpu,
                    }
                )
                _log(f"{'ok ' if ok else 'ERR'} {item.lang} {snr:>4} {heard.verdict:8} "
                     f"{item.text!r} -> {heard.text!r} [{voice.label}]")  # fmt: skip
    if rows_path:
        Path(rows_path).write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n")
    return summarise(rows, snrs) | {
        "margins": {lang: [th.sure_margin, th.unsure_margin] for lang, th in thresholds.items()},
        "stt_load_s": load_s,
        "rss_mb_after_load": rss_mb,
        "lang_mode": lang_mode,
        "tts_in_latency": tts,
    }


def summarise(rows: list[dict], snrs: list[float]) -> dict:
    def acc(sel: list[dict], key: str = "ok") -> float | None:
        return round(sum(r[key] for r in sel) / len(sel), 3) if sel else None

    def rate(sel: list[dict], verdicts: tuple[str, ...]) -> float | None:
        return round(sum(r["verdict"] in verdicts for r in sel) / len(sel), 3) if sel else None

    items = {lang: {r["text"] + r["voice"] for r in rows if r["lang"] == lang}
             for lang in ("ko", "en")}  # fmt: skip
    out: dict = {"audio_items": {lang: len(v) for lang, v in items.items()}}
    for lang in ("ko", "en"):
        for snr in snrs:
            sel = [r for r in rows if r["lang"] == lang and r["snr"] == snr]
            tag = f"{lang}_{'clean' if snr >= 99 else f'{snr:g}db'}"
            out[f"intent_accuracy_{tag}"] = acc(sel)
            out[f"intent_accuracy_{tag}_heldout"] = acc([r for r in sel if r["heldout"]])
            out[f"intent_accuracy_{tag}_dev"] = acc([r for r in sel if not r["heldout"]])
            for part, rows_part in (("", sel),
                                    ("_dev", [r for r in sel if not r["heldout"]]),
                                    ("_heldout", [r for r in sel if r["heldout"]])):  # fmt: skip
                out[f"acted_wrong_{tag}{part}"] = acc(rows_part, "acted_wrong")
                out[f"confirm_rate_{tag}{part}"] = rate(rows_part, ("unsure",))
                out[f"not_heard_rate_{tag}{part}"] = rate(rows_part, ("garbled", "none"))
    timed = [r for r in rows if "reply_ms" in r]
    out["endpoint_delay_ms_p95"] = _pct([r["endpoint_ms"] for r in timed], 95)
    out["reply_latency_ms_p50"] = _pct([r["reply_ms"] for r in timed], 50)
    out["reply_latency_ms_p95"] = _pct([r["reply_ms"] for r in timed], 95)
    out["reply_latency_cpu_ms_p50"] = _pct([r["reply_cpu_ms"] for r in timed], 50)
    out["reply_latency_cpu_ms_p95"] = _pct([r["reply_cpu_ms"] for r in timed], 95)
    out["load_average_1min"] = round(os.getloadavg()[0], 1)
    out["audio_errors_sample"] = [(r["text"], r.get("heard", ""), r["verdict"])
                                  for r in rows if not r["ok"]][:6]  # fmt: skip
    return out


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 0)
    return 0.0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="concierge bench speech")
    ap.add_argument("--n-ko", type=int, default=64, help="Korean audio items (both sites)")
    ap.add_argument("--n-en", type=int, default=32, help="English audio items (both sites)")
    ap.add_argument("--snr-db", default="20,10,5", help="SNRs (99 = clean)")
    ap.add_argument(
        "--lang-mode",
        choices=("screen", "auto"),
        default="screen",
        help="screen: the item's language is known; auto: both recognisers run",
    )
    ap.add_argument("--no-tts", action="store_true", help="leave reply synthesis out")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--rows", default="", help="write every utterance's row (JSON) here, "
                    "for bench/speech_calibrate.py")  # fmt: skip
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    figures, _ = text_figures()
    _log(f"text: {figures}")
    if args.n_ko + args.n_en > 0:
        snrs = [float(s) for s in args.snr_db.split(",")]
        figures.update(audio_figures(args.n_ko, args.n_en, snrs, args.lang_mode, args.seed,
                                     not args.no_tts, args.rows))  # fmt: skip
    figures["bench_s"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
