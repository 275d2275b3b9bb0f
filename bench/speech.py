"""`concierge bench speech`: dialog accuracy on the labelled sets, and the voice path measured
on Korean items synthesised with espeak-ng (several rates) with lobby babble at 10 dB SNR.

Prints one JSON line. Audio is fed as fast as it is processed (not paced in real time): the
end-of-speech figures add the endpointer's hangover, the final decode after the end, the
dialog and the synthesis of the whole reply (pyttsx3 writes the first sample only when the
whole reply is synthesised), i.e. end of speech -> first reply audio sample.
"""

from __future__ import annotations

import argparse
import json
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


def lobby_noise(seconds: float, rng: np.random.Generator) -> np.ndarray:
    """Babble of several overlapping voices plus low rumble, 16 kHz float."""
    from concierge_speech.audio import to_16k_mono
    from concierge_speech.tts_engine import synthesize

    lines = [("민원 서류는 저쪽 창구에서 발급합니다", "ko"), ("번호표를 뽑고 기다려 주세요", "ko"),
             ("where is the exit", "en"), ("오늘 점심 뭐 먹을까", "ko"),
             ("the bus leaves at noon", "en"), ("엄마 여기 앉아 계세요", "ko")]  # fmt: skip
    n = int(seconds * 16000)
    babble = np.zeros(n)
    for i, (text, lang) in enumerate(lines * 3):
        a = synthesize(text, lang, rate=0.8 + 0.1 * (i % 5))
        x = to_16k_mono(a.samples, a.rate).astype(float)
        start = int(rng.integers(0, max(1, n - len(x))))
        babble[start : start + len(x)] += x[: n - start] * rng.uniform(0.3, 1.0)
    rumble = np.cumsum(rng.normal(0, 1, n))
    rumble -= np.convolve(rumble, np.ones(400) / 400, mode="same")
    babble += rumble / (np.std(rumble) + 1e-9) * np.std(babble) * 0.3
    return babble


def mix(speech: np.ndarray, noise: np.ndarray, snr_db: float, rng) -> np.ndarray:
    active = speech[np.abs(speech) > 300].astype(float)
    p_speech = float(np.mean(active**2)) if len(active) else 1.0
    start = int(rng.integers(0, len(noise) - len(speech)))
    seg = noise[start : start + len(speech)]
    gain = np.sqrt(p_speech / (np.mean(seg**2) * 10 ** (snr_db / 10)))
    return np.clip(speech + seg * gain, -32768, 32767).astype(np.int16)


def text_figures() -> dict:
    from concierge_dialog.engine import DialogEngine
    from concierge_dialog.labelled import evaluate, load_items

    engines = {s: DialogEngine(s) for s in SITES}
    res = evaluate(engines, load_items(DATA))
    return {"intent_accuracy_text": res["accuracy"],
            "intent_accuracy_text_dev": res["accuracy_dev"],
            "intent_accuracy_text_heldout": res["accuracy_heldout"],
            "text_items": res["n"]}, engines  # fmt: skip


def audio_figures(engines: dict, n_per_site: int, rates: list[float], snr_db: float,
                  free_pass: bool, seed: int) -> dict:  # fmt: skip
    from concierge_dialog.knowledge import load_site
    from concierge_dialog.labelled import is_correct, load_items
    from concierge_speech.audio import chunks, to_16k_mono
    from concierge_speech.pipeline import Listener, dialog_scorer
    from concierge_speech.recognizer import KoreanRecognizer, site_phrases
    from concierge_speech.tts_engine import synthesize

    rng = np.random.default_rng(seed)
    noise = lobby_noise(30.0, rng)
    correct, total, audio_s, stt_s, stt_cpu_s = 0, 0, 0.0, 0.0, 0.0
    endpoint_ms, reply_ms, reply_cpu_ms, load_s, errors = [], [], [], {}, []
    for site in SITES:
        t0 = time.perf_counter()
        k = load_site(site)
        rec = KoreanRecognizer(site_phrases(site, k), free_pass=free_pass)
        listener = Listener(rec, dialog_scorer(site, k))
        load_s[site] = round(time.perf_counter() - t0, 2)
        items = [i for i in load_items(DATA, site) if i.lang == "ko" and i.intent != "unknown"]
        picked = [items[int(j)] for j in np.linspace(0, len(items) - 1, n_per_site)]
        for idx, item in enumerate(picked):
            rate = rates[idx % len(rates)]
            a = synthesize(item.text, "ko", rate=rate)
            speech = to_16k_mono(a.samples, a.rate)
            active = np.flatnonzero(np.abs(speech) > 500)
            lead, tail = 8000, 16000
            clean = np.concatenate([np.zeros(lead, np.int16), speech, np.zeros(tail, np.int16)])
            noisy = mix(clean, noise, snr_db, rng)
            offset_s = listener.endpointer.time_s  # the listener's clock runs across items
            true_end_s = offset_s + (lead + (active[-1] if len(active) else len(speech))) / 16000
            t1, c1 = time.perf_counter(), time.process_time()
            events = [e for c in chunks(noisy) for e in listener.feed(c)] + listener.flush()
            stt_s += time.perf_counter() - t1
            stt_cpu_s += time.process_time() - c1
            audio_s += len(noisy) / 16000
            finals = [h for kind, h in events if kind == "final" and h.text]
            total += 1
            if not finals:
                errors.append((item.text, "", "no speech detected"))
                continue
            heard = max(finals, key=lambda h: h.end_s - h.start_s)
            engine = engines[site]
            engine.reset()
            t2, c2 = time.perf_counter(), time.process_time()
            result = engine.handle(heard.text, today=item.today)
            dialog_ms = (time.perf_counter() - t2) * 1000
            dialog_cpu_ms = (time.process_time() - c2) * 1000
            t3, c3 = time.perf_counter(), time.process_time()
            synthesize(result.reply, result.lang)
            tts_ms = (time.perf_counter() - t3) * 1000
            tts_cpu_ms = (time.process_time() - c3) * 1000
            hangover_ms = max(0.0, heard.detected_s - true_end_s) * 1000
            endpoint_ms.append(hangover_ms)
            reply_ms.append(hangover_ms + heard.decode_ms + dialog_ms + tts_ms)
            reply_cpu_ms.append(hangover_ms + heard.decode_cpu_ms + dialog_cpu_ms + tts_cpu_ms)
            ok = is_correct(item, result)
            correct += ok
            if not ok:
                errors.append((item.text, heard.text, result.intent))
            _log(f"{'ok ' if ok else 'ERR'} {site} r={rate} {item.text!r} -> {heard.text!r} "
                 f"-> {result.intent} {result.place_id or ''}")  # fmt: skip
    return {
        "intent_accuracy_audio": round(correct / total, 4) if total else None,
        "audio_items": total,
        "endpoint_delay_ms_p95": _pct(endpoint_ms, 95),
        "reply_latency_ms_p50": _pct(reply_ms, 50),
        "reply_latency_ms_p95": _pct(reply_ms, 95),
        "stt_rtf": round(stt_s / audio_s, 3) if audio_s else None,
        # The same, counting only this process's CPU time: what an unshared machine would see.
        "reply_latency_cpu_ms_p50": _pct(reply_cpu_ms, 50),
        "reply_latency_cpu_ms_p95": _pct(reply_cpu_ms, 95),
        "stt_rtf_cpu": round(stt_cpu_s / audio_s, 3) if audio_s else None,
        "load_average_1min": round(__import__("os").getloadavg()[0], 1),
        "stt_load_s": load_s,
        "snr_db": snr_db,
        "tts_rates": rates,
        "free_pass": free_pass,
        "audio_errors_sample": errors[:5],
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="concierge bench speech")
    ap.add_argument("--n", type=int, default=40, help="Korean audio items per site")
    ap.add_argument("--rates", default="0.85,1.0,1.2", help="espeak-ng rate factors")
    ap.add_argument("--snr-db", type=float, default=10.0)
    ap.add_argument("--no-free-pass", action="store_true", help="grammar pass only")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    figures, engines = text_figures()
    _log(f"text: {figures}")
    if args.n > 0:
        rates = [float(r) for r in args.rates.split(",")]
        figures.update(audio_figures(engines, args.n, rates, args.snr_db,
                                     not args.no_free_pass, args.seed))  # fmt: skip
    figures["bench_s"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
