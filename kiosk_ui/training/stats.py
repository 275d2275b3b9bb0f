"""Instructor figures from the trainee store: progress per trainee and per class, where trainees
struggle, survey results; and CSV files of them (UTF-8 with BOM: spreadsheets then show Hangul).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load with the curriculum, off the start-up path
    from concierge_content.training import Curriculum

import csv
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from concierge_content.training_machine import control_label

from kiosk_ui.training.store import TrainingStore


@dataclass
class TraineeProgress:
    trainee_id: str
    name: str
    tasks_done: int
    tasks_total: int
    stars: int  # best stars per task, summed
    attempts: int
    errors: int
    minutes: float
    last_active: float  # epoch s, 0 if never


@dataclass
class KioskSummary:
    kiosk: str
    title_ko: str
    title_en: str
    trainees: int
    completion_rate: float  # finished attempts / attempts
    mean_errors: float
    mean_time_s: float


@dataclass
class StruggleStep:
    kiosk: str
    task: str
    step: int  # 1-based for people
    say_ko: str
    say_en: str
    errors: int
    trainees: int
    top_wrong: str  # the wrong button pressed most often ("input" = wrong digits)
    kiosk_title_ko: str = ""
    kiosk_title_en: str = ""
    top_wrong_ko: str = ""  # that button's label
    top_wrong_en: str = ""


@dataclass
class SurveySummary:
    count: int
    mean: float
    by_rating: dict[int, int]
    comments: list[tuple[str, int, str]]  # (name, rating, comment), newest first


def trainee_progress(store: TrainingStore, cur: Curriculum) -> list[TraineeProgress]:
    tasks_total = sum(len(k.tasks) for k in cur.kiosks.values())
    out = []
    for tr in store.trainees():
        rows = store.db.execute(
            "SELECT COUNT(*) AS n, COALESCE(SUM(errors), 0) AS e,"
            " COALESCE(SUM(elapsed_s), 0) AS t, COALESCE(MAX(ended_at), 0) AS last"
            " FROM attempts WHERE trainee_id = ?",
            (tr.id,),
        ).fetchone()
        best = store.best_stars(tr.id)
        out.append(
            TraineeProgress(
                trainee_id=tr.id,
                name=tr.name,
                tasks_done=len(best),
                tasks_total=tasks_total,
                stars=sum(best.values()),
                attempts=rows["n"],
                errors=rows["e"],
                minutes=round(rows["t"] / 60, 1),
                last_active=rows["last"],
            )
        )
    return out


def kiosk_summaries(store: TrainingStore, cur: Curriculum) -> list[KioskSummary]:
    out = []
    for lv in cur.levels:
        for k in cur.kiosks_of(lv.id):
            r = store.db.execute(
                "SELECT COUNT(DISTINCT trainee_id) AS people, COUNT(*) AS n,"
                " COALESCE(SUM(completed), 0) AS done, COALESCE(AVG(errors), 0) AS err,"
                " COALESCE(AVG(CASE WHEN completed THEN elapsed_s END), 0) AS t"
                " FROM attempts WHERE kiosk = ?",
                (k.id,),
            ).fetchone()
            out.append(
                KioskSummary(
                    kiosk=k.id,
                    title_ko=k.title.ko,
                    title_en=k.title.en,
                    trainees=r["people"],
                    completion_rate=round(r["done"] / r["n"], 3) if r["n"] else 0.0,
                    mean_errors=round(r["err"], 2),
                    mean_time_s=round(r["t"], 1),
                )
            )
    return out


def struggles(store: TrainingStore, cur: Curriculum, limit: int = 10) -> list[StruggleStep]:
    """The steps with the most mistakes across all trainees."""
    rows = store.db.execute(
        "SELECT a.kiosk, a.task, m.step, m.pressed, SUM(m.count) AS n,"
        " COUNT(DISTINCT a.trainee_id) AS people"
        " FROM mistakes m JOIN attempts a ON a.id = m.attempt_id"
        " GROUP BY a.kiosk, a.task, m.step, m.pressed"
    ).fetchall()
    per_step: dict[tuple[str, str, int], Counter] = {}
    people: dict[tuple[str, str, int], int] = {}
    for r in rows:
        key = (r["kiosk"], r["task"], r["step"])
        per_step.setdefault(key, Counter())[r["pressed"]] += r["n"]
        people[key] = max(people.get(key, 0), r["people"])
    out = []
    for (kid, tid, step), wrongs in per_step.items():
        kiosk = cur.kiosks.get(kid)
        top = wrongs.most_common(1)[0][0]
        item = StruggleStep(
            kid, tid, step + 1, "", "", sum(wrongs.values()), people[(kid, tid, step)], top
        )
        if kiosk is not None:
            item.kiosk_title_ko, item.kiosk_title_en = kiosk.title.ko, kiosk.title.en
            try:
                s = kiosk.task(tid).steps[step]
            except (KeyError, IndexError):  # content changed since the attempt
                s = None
            if s is not None:
                item.say_ko, item.say_en = s.say.ko, s.say.en
                label = control_label(kiosk, s.screen, top)
                if label is not None:
                    item.top_wrong_ko, item.top_wrong_en = label.ko, label.en
        out.append(item)
    out.sort(key=lambda s: (-s.errors, s.kiosk, s.step))
    return out[:limit]


def survey_summary(store: TrainingStore) -> SurveySummary:
    rows = store.db.execute(
        "SELECT s.rating, s.comment, t.name FROM surveys s JOIN trainees t ON t.id = s.trainee_id"
        " ORDER BY s.created_at DESC"
    ).fetchall()
    by = {i: 0 for i in range(1, 6)}
    for r in rows:
        by[r["rating"]] += 1
    n = len(rows)
    mean = round(sum(r["rating"] for r in rows) / n, 2) if n else 0.0
    comments = [(r["name"], r["rating"], r["comment"]) for r in rows if r["comment"]]
    return SurveySummary(n, mean, by, comments)


def write_csv(path: Path, records: list) -> Path:
    """Dataclass records to CSV (header from the fields)."""
    path = Path(path)
    rows = [asdict(r) for r in records]
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        if rows:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    return path


def export_csvs(store: TrainingStore, cur: Curriculum, folder: Path) -> list[Path]:
    """progress.csv, kiosks.csv, struggles.csv and survey.csv into folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    s = survey_summary(store)
    survey_rows = [
        dict(name=name, rating=rating, comment=comment) for name, rating, comment in s.comments
    ]
    survey_path = folder / "survey.csv"
    with survey_path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["rating", "answers"])
        for rating, n in s.by_rating.items():
            w.writerow([rating, n])
        w.writerow([])
        w.writerow(["name", "rating", "comment"])
        for r in survey_rows:
            w.writerow([r["name"], r["rating"], r["comment"]])
    return [
        write_csv(folder / "progress.csv", trainee_progress(store, cur)),
        write_csv(folder / "kiosks.csv", kiosk_summaries(store, cur)),
        write_csv(folder / "struggles.csv", struggles(store, cur, limit=1000)),
        survey_path,
    ]
