"""Korean sure/unsure margins from `concierge bench speech --rows FILE`, on the dev items only.

    concierge bench speech --n-en 0 --no-tts --rows var/speech/rows.json
    python bench/speech_calibrate.py var/speech/rows.json      # -> margins, dev figures

sure_margin: the smallest margin at which the robot acts on a wrong reading without asking
(acted_wrong) in at most --max-acted-wrong of the dev utterances. unsure_margin: below
sure_margin, ask back only where that band of margins holds more right readings than wrong
ones (a wrong question costs the visitor as much as a "didn't catch that"); lower: "didn't catch
that". Held-out items are never looked at here; the bench reports them with the margins set.
English readings carry no score (concierge_speech.recognizer.EnglishRecognizer): nothing to
calibrate, every English reading that would make the robot act is confirmed.
Prints one JSON line; copy the margins into launch/params/speech.yaml.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from concierge_speech.recognizer import margin_verdict


def _margin(r: dict) -> tuple[float | None, bool]:
    """(margin, no_rival) of a row, as recognizer.assess computes them."""
    if "no_rival" in r:
        return r.get("margin"), r["no_rival"]
    if r.get("margin") is not None:  # rows written before no_rival was recorded
        return r["margin"], False
    alts = [a for a in r.get("alternatives", []) if a.get("lang", "ko") == r["lang"]]
    return (alts[0]["score"] - alts[-1]["score"] if len(alts) > 1 else None), True


def verdict(r: dict, sure: float, unsure: float) -> str:
    """recognizer.assess's verdict for a row at these margins."""
    if not r.get("heard"):
        return "garbled"
    margin, no_rival = _margin(r)
    return margin_verdict(margin, no_rival, r.get("named", False), r.get("subject_margin"),
                          sure, unsure)  # fmt: skip


def calibrate(rows: list[dict], lang: str, max_acted_wrong: float) -> dict:
    dev = [r for r in rows if r["lang"] == lang and not r["heldout"]]
    if not dev:
        raise SystemExit(f"no dev rows for {lang!r}")
    phrased = [r for r in dev if r.get("heard")]
    margins = sorted({m for r in phrased if (m := _margin(r)[0]) is not None})

    def rate(pred) -> float:
        return round(sum(map(pred, dev)) / len(dev), 3)

    def acted_wrong(sure: float) -> float:
        return sum(verdict(r, sure, 0.0) == "sure" and not r["ok"] for r in dev) / len(dev)

    sure = next((t for t in margins if acted_wrong(t) <= max_acted_wrong), None)
    if sure is None:  # nothing clears it: the robot asks about everything
        sure = (margins[-1] if margins else 0.0) + 1.0
    # ask back from the lowest margin t where the rival-scored readings in [t, sure) are
    # right more often than wrong, by the largest lead
    band = sorted((r for r in phrased if not _margin(r)[1] and _margin(r)[0] < sure),
                  key=lambda r: r["margin"])  # fmt: skip
    unsure, best_lead, lead = sure, 0, 0
    for r in reversed(band):
        lead += 1 if r["ok"] else -1
        if lead > best_lead:
            unsure, best_lead = r["margin"], lead

    def v(r: dict) -> str:
        return verdict(r, sure, unsure)

    return {
        "sure_margin": round(sure, 2),
        "unsure_margin": round(unsure, 2),
        "dev_utterances": len(dev),
        "dev_acted_wrong": rate(lambda r: v(r) == "sure" and not r["ok"]),
        "dev_sure_right": rate(lambda r: v(r) == "sure" and r["ok"]),
        "dev_confirm_rate": rate(lambda r: v(r) == "unsure"),
        "dev_confirm_right": rate(lambda r: v(r) == "unsure" and r["ok"]),
        "dev_not_heard_rate": rate(lambda r: v(r) == "garbled"),
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="speech_calibrate")
    ap.add_argument("rows", help="JSON rows from `concierge bench speech --rows`")
    ap.add_argument("--max-acted-wrong", type=float, default=0.05)
    args = ap.parse_args(argv)
    rows = json.loads(Path(args.rows).read_text(encoding="utf-8"))
    out = {"ko": calibrate(rows, "ko", args.max_acted_wrong)}
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
