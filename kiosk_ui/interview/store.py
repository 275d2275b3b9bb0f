"""Interviews in SQLite; recordings under <var>/interviews/<generated id>/ with a manifest each.

The database is the listing. An answer's files are finished (fsync + rename) before its row is
committed, and the manifest is rewritten from the database afterwards, so after a crash
`reconcile()` only has to delete what no row refers to and drop rows whose files are gone.
Paths are built only from generated ids, never from anything a person typed.
"""

from __future__ import annotations

import re
import secrets
import shutil
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from kiosk_ui.interview.files import atomic_write_json, sha256_file

DB_NAME = "interviews.sqlite3"
MANIFEST = "manifest.json"
_ID_RE = re.compile(r"^[0-9a-f]{32}$")
_FILE_RE = re.compile(r"^q\d{2}-t\d+-[0-9a-f]{8}\.(mp4|wav)$")
DAY_S = 86400.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS interviews (
    id TEXT PRIMARY KEY, set_id TEXT NOT NULL, lang TEXT NOT NULL, practice INTEGER NOT NULL,
    source TEXT NOT NULL, created_at REAL NOT NULL, consent_at REAL NOT NULL,
    retention_days INTEGER NOT NULL, completed_at REAL,
    abandoned_at REAL  -- left at the kiosk (idle timeout): kept for review, never resumed
);
CREATE TABLE IF NOT EXISTS answers (
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    question_index INTEGER NOT NULL, question_id TEXT NOT NULL, take INTEGER NOT NULL,
    video_file TEXT NOT NULL, video_sha256 TEXT NOT NULL, video_bytes INTEGER NOT NULL,
    audio_file TEXT NOT NULL, audio_sha256 TEXT NOT NULL, audio_bytes INTEGER NOT NULL,
    frames INTEGER NOT NULL, fps REAL NOT NULL, frames_dropped INTEGER NOT NULL,
    audio_samples INTEGER NOT NULL, samplerate INTEGER NOT NULL, recorded_at REAL NOT NULL,
    PRIMARY KEY (interview_id, question_index)
);
CREATE TABLE IF NOT EXISTS ratings (
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    criterion TEXT NOT NULL, score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (interview_id, criterion)
);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    text TEXT NOT NULL, created_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class Answer:
    interview_id: str
    question_index: int
    question_id: str
    take: int
    video_path: Path
    video_sha256: str
    audio_path: Path
    audio_sha256: str
    frames: int
    fps: float
    frames_dropped: int
    audio_samples: int
    samplerate: int
    recorded_at: float

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps


@dataclass(frozen=True)
class Interview:
    id: str
    set_id: str
    lang: str
    practice: bool
    source: str
    created_at: float
    retention_days: int
    completed_at: float | None

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    def expires_at(self) -> float:
        return self.created_at + self.retention_days * DAY_S


@dataclass
class ReconcileReport:
    removed_files: list[str]
    removed_answers: int
    removed_dirs: int


class InterviewStore:
    """Thread-safe (one connection behind a lock); call from a worker thread, not the UI thread."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(root / DB_NAME, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.executescript(_SCHEMA)
        columns = {r["name"] for r in self._db.execute("PRAGMA table_info(interviews)")}
        if "abandoned_at" not in columns:  # a database from before idle handling
            self._db.execute("ALTER TABLE interviews ADD COLUMN abandoned_at REAL")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- interviews -----------------------------------------------------------------------
    def create_interview(
        self, set_id: str, lang: str, practice: bool, source: str, retention_days: int,
        now: float | None = None,
    ) -> Interview:  # fmt: skip
        now = time.time() if now is None else now
        iid = uuid.uuid4().hex
        with self._lock:
            self._db.execute(
                "INSERT INTO interviews VALUES (?,?,?,?,?,?,?,?,NULL,NULL)",
                (iid, set_id, lang, int(practice), source, now, now, retention_days),
            )
            self.interview_dir(iid).mkdir(parents=True, exist_ok=True)
            self._write_manifest(iid)
        return self.interview(iid)

    def interview_dir(self, interview_id: str) -> Path:
        if not _ID_RE.match(interview_id):
            raise ValueError(f"not an interview id: {interview_id!r}")
        return self.root / interview_id

    def interview(self, interview_id: str) -> Interview:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM interviews WHERE id=?", (interview_id,)
            ).fetchone()
        if row is None:
            raise KeyError(f"no interview {interview_id}")
        return _interview(row)

    def interviews(self, complete: bool | None = None) -> list[Interview]:
        sql = "SELECT * FROM interviews"
        if complete is True:
            sql += " WHERE completed_at IS NOT NULL"
        elif complete is False:
            sql += " WHERE completed_at IS NULL"
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY created_at DESC").fetchall()
        return [_interview(r) for r in rows]

    def unfinished(self) -> Interview | None:
        """The most recent interview cut off by a crash or power loss (to resume), if any.

        Interviews a person walked away from (idle timeout) are not offered to the next person.
        """
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM interviews WHERE completed_at IS NULL AND abandoned_at IS NULL"
                " ORDER BY created_at DESC LIMIT 1"
            ).fetchone()
        return None if row is None else _interview(row)

    def mark_abandoned(self, interview_id: str, now: float | None = None) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE interviews SET abandoned_at=? WHERE id=? AND completed_at IS NULL",
                (time.time() if now is None else now, interview_id),
            )

    def mark_complete(self, interview_id: str, now: float | None = None) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE interviews SET completed_at=? WHERE id=?",
                (time.time() if now is None else now, interview_id),
            )
            self._write_manifest(interview_id)

    def delete_interview(self, interview_id: str) -> None:
        folder = self.interview_dir(interview_id)
        with self._lock:
            self._db.execute("DELETE FROM interviews WHERE id=?", (interview_id,))
        shutil.rmtree(folder, ignore_errors=True)

    # -- answers ----------------------------------------------------------------------------
    def new_answer_paths(
        self, interview_id: str, question_index: int, take: int
    ) -> tuple[Path, Path]:
        stem = f"q{question_index:02d}-t{take}-{secrets.token_hex(4)}"
        folder = self.interview_dir(interview_id)
        return folder / f"{stem}.mp4", folder / f"{stem}.wav"

    def commit_answer(
        self, interview_id: str, question_index: int, question_id: str, take: int, result,
        now: float | None = None,
    ) -> Answer:  # fmt: skip
        """List a finished RecordingResult as the answer; replaces an earlier take."""
        folder = self.interview_dir(interview_id)
        video, audio = Path(result.video_path), Path(result.audio_path)
        for path in (video, audio):
            if path.parent != folder or not _FILE_RE.match(path.name):
                raise ValueError(f"recording {path} is not in interview {interview_id}")
        row = (
            interview_id, question_index, question_id, take,
            video.name, sha256_file(video), video.stat().st_size,
            audio.name, sha256_file(audio), audio.stat().st_size,
            result.frames_written, result.fps, result.frames_dropped,
            result.audio_samples, result.samplerate, time.time() if now is None else now,
        )  # fmt: skip
        with self._lock:
            old = self._db.execute(
                "SELECT video_file, audio_file FROM answers"
                " WHERE interview_id=? AND question_index=?",
                (interview_id, question_index),
            ).fetchone()
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row
            )
            if old is not None:  # the earlier take is no longer listed: remove its files
                for name in (old["video_file"], old["audio_file"]):
                    (folder / name).unlink(missing_ok=True)
            self._write_manifest(interview_id)
        return self.answer(interview_id, question_index)

    def answer(self, interview_id: str, question_index: int) -> Answer:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM answers WHERE interview_id=? AND question_index=?",
                (interview_id, question_index),
            ).fetchone()
        if row is None:
            raise KeyError(f"no answer {question_index} in interview {interview_id}")
        return self._answer(row)

    def answers(self, interview_id: str) -> list[Answer]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM answers WHERE interview_id=? ORDER BY question_index",
                (interview_id,),
            ).fetchall()
        return [self._answer(r) for r in rows]

    def _answer(self, r: sqlite3.Row) -> Answer:
        folder = self.interview_dir(r["interview_id"])
        return Answer(
            interview_id=r["interview_id"], question_index=r["question_index"],
            question_id=r["question_id"], take=r["take"],
            video_path=folder / r["video_file"], video_sha256=r["video_sha256"],
            audio_path=folder / r["audio_file"], audio_sha256=r["audio_sha256"],
            frames=r["frames"], fps=r["fps"], frames_dropped=r["frames_dropped"],
            audio_samples=r["audio_samples"], samplerate=r["samplerate"],
            recorded_at=r["recorded_at"],
        )  # fmt: skip

    # -- reviews ----------------------------------------------------------------------------
    def set_rating(self, interview_id: str, criterion: str, score: int) -> None:
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"a rating is a whole number from 1 to 5, not {score!r}")
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO ratings VALUES (?,?,?)", (interview_id, criterion, score)
            )

    def ratings(self, interview_id: str) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute(
                "SELECT criterion, score FROM ratings WHERE interview_id=?", (interview_id,)
            ).fetchall()
        return {r["criterion"]: r["score"] for r in rows}

    def add_comment(self, interview_id: str, text: str, now: float | None = None) -> None:
        text = text.strip()
        if not text:
            raise ValueError("an empty comment is not saved")
        with self._lock:
            self._db.execute(
                "INSERT INTO comments (interview_id, text, created_at) VALUES (?,?,?)",
                (interview_id, text, time.time() if now is None else now),
            )

    def comments(self, interview_id: str) -> list[tuple[float, str]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT created_at, text FROM comments WHERE interview_id=? ORDER BY id",
                (interview_id,),
            ).fetchall()
        return [(r["created_at"], r["text"]) for r in rows]

    # -- integrity --------------------------------------------------------------------------
    def _write_manifest(self, interview_id: str) -> None:
        iv = self.interview(interview_id)
        answers = []
        for a in self.answers(interview_id):
            answers.append({
                "question_index": a.question_index, "question_id": a.question_id,
                "take": a.take, "frames": a.frames, "fps": a.fps,
                "frames_dropped": a.frames_dropped, "duration_s": round(a.duration_s, 3),
                "audio_samples": a.audio_samples, "samplerate": a.samplerate,
                "files": {
                    "video": {"name": a.video_path.name, "sha256": a.video_sha256},
                    "audio": {"name": a.audio_path.name, "sha256": a.audio_sha256},
                },
            })  # fmt: skip
        atomic_write_json(
            self.interview_dir(interview_id) / MANIFEST,
            {
                "interview_id": iv.id, "set_id": iv.set_id, "lang": iv.lang,
                "created_at": iv.created_at, "completed_at": iv.completed_at,
                "retention_days": iv.retention_days, "answers": answers,
            },
        )  # fmt: skip

    def verify(self, interview_id: str) -> list[str]:
        """Problems with the listed files of one interview (missing or checksum mismatch)."""
        problems = []
        for a in self.answers(interview_id):
            for path, digest in ((a.video_path, a.video_sha256), (a.audio_path, a.audio_sha256)):
                if not path.is_file():
                    problems.append(f"{path.name}: missing")
                elif sha256_file(path) != digest:
                    problems.append(f"{path.name}: checksum mismatch")
        return problems

    def reconcile(self) -> ReconcileReport:
        """After a crash: drop rows whose files are gone, delete files and folders no row lists."""
        report = ReconcileReport([], 0, 0)
        with self._lock:
            ids = {r["id"] for r in self._db.execute("SELECT id FROM interviews").fetchall()}
            for child in self.root.iterdir():
                if child.is_dir() and child.name not in ids:
                    shutil.rmtree(child, ignore_errors=True)
                    report.removed_dirs += 1
                elif child.is_file() and not child.name.startswith(DB_NAME):
                    child.unlink()
                    report.removed_files.append(child.name)
            for iid in ids:
                folder = self.interview_dir(iid)
                folder.mkdir(exist_ok=True)
                listed = {MANIFEST}
                for a in self.answers(iid):
                    sizes_ok = all(
                        p.is_file() for p in (a.video_path, a.audio_path)
                    )  # fmt: skip
                    if not sizes_ok:
                        self._db.execute(
                            "DELETE FROM answers WHERE interview_id=? AND question_index=?",
                            (iid, a.question_index),
                        )
                        report.removed_answers += 1
                        continue
                    listed |= {a.video_path.name, a.audio_path.name}
                for path in folder.iterdir():
                    if path.name not in listed:
                        if path.is_dir():
                            shutil.rmtree(path, ignore_errors=True)
                        else:
                            path.unlink()
                        report.removed_files.append(f"{iid}/{path.name}")
                self._write_manifest(iid)
        return report

    def purge_expired(self, now: float | None = None) -> list[str]:
        """Delete every interview older than its retention period; returns the deleted ids."""
        now = time.time() if now is None else now
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM interviews WHERE created_at + retention_days * ? <= ?",
                (DAY_S, now),
            ).fetchall()
        expired = [r["id"] for r in rows]
        for iid in expired:
            self.delete_interview(iid)
        return expired


def _interview(r: sqlite3.Row) -> Interview:
    return Interview(
        id=r["id"], set_id=r["set_id"], lang=r["lang"], practice=bool(r["practice"]),
        source=r["source"], created_at=r["created_at"], retention_days=r["retention_days"],
        completed_at=r["completed_at"],
    )  # fmt: skip
