"""Reviewer side: one interview's summary as HTML and its recordings as one zip archive."""

from __future__ import annotations

import html
import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from concierge_content.i18n import Strings
from concierge_content.interview import InterviewContent

from kiosk_ui.interview.files import atomic_write_bytes, fsync_dir
from kiosk_ui.interview.store import MANIFEST, InterviewStore


class IntegrityError(RuntimeError):
    """A listed recording is missing or does not match its checksum: nothing is exported."""


@dataclass(frozen=True)
class ExportResult:
    summary_html: Path
    archive_zip: Path


def _fmt_time(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def summary_html(
    store: InterviewStore, content: InterviewContent, strings: Strings, interview_id: str,
    lang: str,
) -> str:  # fmt: skip
    """A self-contained HTML page: questions, answer lengths, ratings, comments."""
    iv = store.interview(interview_id)
    qset = content.question_set(iv.set_id)
    ratings = store.ratings(interview_id)

    def t(key: str, **fmt: object) -> str:
        return html.escape(strings.t(f"interview.{key}", lang, **fmt))

    rows = []
    for a in store.answers(interview_id):
        q = qset.questions[a.question_index]
        rows.append(
            f"<tr><td>{a.question_index + 1}</td><td>{html.escape(q.text(lang))}</td>"
            f"<td>{a.duration_s:.1f}</td><td>{a.take}</td>"
            f"<td><code>{html.escape(a.video_path.name)}</code></td></tr>"
        )
    crit = "".join(
        f"<tr><td>{html.escape(c.label(lang))}</td><td>{ratings.get(c.id, '-')}</td></tr>"
        for c in content.criteria
    )
    comments = "".join(
        f"<li>{_fmt_time(ts)} — {html.escape(text)}</li>"
        for ts, text in store.comments(interview_id)
    )
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{t("summary_title")}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #888;padding:4px 8px;text-align:left}}</style></head><body>
<h1>{t("summary_title")}</h1>
<p>{html.escape(qset.employer.get(lang))} — {html.escape(qset.job.get(lang))}</p>
<p>{t("summary_recorded", when=_fmt_time(iv.created_at))}</p>
<h2>{t("summary_answers")}</h2>
<table><tr><th>#</th><th>{t("summary_question")}</th><th>{t("summary_seconds")}</th>
<th>{t("summary_take")}</th><th>{t("summary_file")}</th></tr>{"".join(rows)}</table>
<h2>{t("summary_ratings")}</h2><table>{crit}</table>
<h2>{t("summary_comments")}</h2><ul>{comments}</ul>
</body></html>
"""


def export_interview(
    store: InterviewStore, content: InterviewContent, strings: Strings, interview_id: str,
    lang: str, out_dir: Path,
) -> ExportResult:  # fmt: skip
    """Write <out>/interview-<id>.html and <out>/interview-<id>.zip (recordings + manifest)."""
    problems = store.verify(interview_id)
    if problems:
        raise IntegrityError("; ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    page = summary_html(store, content, strings, interview_id, lang)
    summary = out_dir / f"interview-{interview_id}.html"
    atomic_write_bytes(summary, page.encode("utf-8"))
    archive = out_dir / f"interview-{interview_id}.zip"
    tmp = archive.with_name(".part-" + archive.name)
    folder = store.interview_dir(interview_id)
    with zipfile.ZipFile(tmp, "w") as zf:
        zf.writestr("summary.html", page)
        zf.write(folder / MANIFEST, MANIFEST)
        for a in store.answers(interview_id):
            # already compressed video: stored; WAV: deflated
            zf.write(a.video_path, a.video_path.name, compress_type=zipfile.ZIP_STORED)
            zf.write(a.audio_path, a.audio_path.name, compress_type=zipfile.ZIP_DEFLATED)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, archive)
    fsync_dir(out_dir)
    return ExportResult(summary, archive)
