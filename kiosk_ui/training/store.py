"""Trainees, attempts, mistakes and survey answers in SQLite; export and merge as a JSON file.

Merge rules (an education bus exports, the centre imports; either may import the other's file):
- Attempts, their mistakes and survey answers are append-only and carry a UUID made where they
  happened: a merge adds the ones it does not have and never changes or drops one, so importing
  the same file twice, or files that overlap, adds nothing twice and loses nothing.
- A trainee is the same person on every kiosk: the id is derived from name + 4-digit code. The
  trainee's editable profile (preferences) follows last-writer-wins on (updated_at, updated_by):
  the later edit wins; on an exact tie the larger device id wins, so every site ends up equal.
- Progress (stars, completed kiosks) is never stored, only derived from attempts, so it cannot
  conflict.
A file that is not a valid export is refused as a whole before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from kiosk_ui.training.engine import AttemptResult

FORMAT = "concierge-training-progress"
VERSION = 1
NAME_MAX = 40

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trainees (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    guest INTEGER NOT NULL DEFAULT 0,
    prefs TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    kiosk TEXT NOT NULL,
    task TEXT NOT NULL,
    style TEXT NOT NULL CHECK (style IN ('guided', 'practice', 'quiz')),
    started_at REAL NOT NULL,
    ended_at REAL NOT NULL,
    completed INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    hints INTEGER NOT NULL,
    timeouts INTEGER NOT NULL,
    elapsed_s REAL NOT NULL,
    stars INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 3),
    device TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_trainee ON attempts (trainee_id);
CREATE TABLE IF NOT EXISTS mistakes (
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    step INTEGER NOT NULL,
    pressed TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (attempt_id, step, pressed)
);
CREATE TABLE IF NOT EXISTS surveys (
    id TEXT PRIMARY KEY,
    trainee_id TEXT NOT NULL REFERENCES trainees(id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    device TEXT NOT NULL
);
"""

_COLUMNS = {
    "trainees": ("id", "name", "guest", "prefs", "created_at", "updated_at", "updated_by"),
    "attempts": (
        "id",
        "trainee_id",
        "kiosk",
        "task",
        "style",
        "started_at",
        "ended_at",
        "completed",
        "errors",
        "hints",
        "timeouts",
        "elapsed_s",
        "stars",
        "device",
    ),
    "mistakes": ("attempt_id", "step", "pressed", "count"),
    "surveys": ("id", "trainee_id", "rating", "comment", "created_at", "device"),
}


class SignInError(ValueError):
    """Bad name or code; `key` is the i18n key of the message for the trainee."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


class ProgressFileError(ValueError):
    """An import file that is not a valid progress export; nothing was changed."""


@dataclass(frozen=True)
class Trainee:
    id: str
    name: str
    guest: bool
    prefs: dict


@dataclass
class MergeReport:
    trainees_added: int = 0
    trainees_updated: int = 0
    trainees_kept: int = 0
    attempts_added: int = 0
    attempts_known: int = 0
    surveys_added: int = 0
    surveys_known: int = 0


def normalize_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def trainee_id(name: str, code: str) -> str:
    """The same person gets the same id on every kiosk (name + code), so merges match them.

    The 4-digit code tells namesakes apart; it is not a password and is not stored."""
    key = f"{normalize_name(name).casefold()}|{code}".encode()
    return "t-" + hashlib.sha256(b"concierge-training|" + key).hexdigest()[:24]


class TrainingStore:
    """One SQLite file (var/training/progress.sqlite by default)."""

    def __init__(self, path: Path, device_id: str | None = None, clock=time.time):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        with self.db:
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
            if row is None:
                self.device_id = device_id or f"kiosk-{uuid.uuid4().hex[:12]}"
                self.db.execute(
                    "INSERT INTO meta (key, value) VALUES ('device_id', ?)", (self.device_id,)
                )
            else:
                self.device_id = row["value"]

    def close(self) -> None:
        self.db.close()

    # ---- trainees ----------------------------------------------------------------------
    def sign_in(self, name: str, code: str) -> Trainee:
        name = normalize_name(name)
        if not name:
            raise SignInError("training.signin_need_name", "please enter a name")
        if len(name) > NAME_MAX:
            raise SignInError("training.signin_name_long", f"name longer than {NAME_MAX}")
        if not (len(code) == 4 and code.isascii() and code.isdigit()):
            raise SignInError("training.signin_need_code", "the code must be 4 digits")
        tid = trainee_id(name, code)
        now = self._clock()
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO trainees (id, name, guest, prefs, created_at, updated_at,"
                " updated_by) VALUES (?, ?, 0, '{}', ?, ?, ?)",
                (tid, name, now, now, self.device_id),
            )
        return self.trainee(tid)

    def guest(self) -> Trainee:
        tid = f"guest-{uuid.uuid4().hex[:16]}"
        now = self._clock()
        with self.db:
            self.db.execute(
                "INSERT INTO trainees (id, name, guest, prefs, created_at, updated_at, updated_by)"
                " VALUES (?, '', 1, '{}', ?, ?, ?)",
                (tid, now, now, self.device_id),
            )
        return self.trainee(tid)

    def trainee(self, tid: str) -> Trainee:
        row = self.db.execute("SELECT * FROM trainees WHERE id = ?", (tid,)).fetchone()
        if row is None:
            raise KeyError(f"no trainee {tid!r}")
        return Trainee(row["id"], row["name"], bool(row["guest"]), json.loads(row["prefs"]))

    def trainees(self) -> list[Trainee]:
        rows = self.db.execute("SELECT * FROM trainees ORDER BY guest, name").fetchall()
        return [
            Trainee(r["id"], r["name"], bool(r["guest"]), json.loads(r["prefs"])) for r in rows
        ]

    def set_prefs(self, tid: str, prefs: dict) -> None:
        """Save a trainee's preferences (large text, contrast, voice rate, language)."""
        with self.db:
            cur = self.db.execute(
                "UPDATE trainees SET prefs = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                (json.dumps(prefs, sort_keys=True), self._clock(), self.device_id, tid),
            )
        if cur.rowcount == 0:
            raise KeyError(f"no trainee {tid!r}")

    # ---- attempts and surveys ---------------------------------------------------------
    def record_attempt(self, tid: str, result: AttemptResult) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    result.id,
                    tid,
                    result.kiosk,
                    result.task,
                    result.style,
                    result.started_at,
                    result.ended_at,
                    int(result.completed),
                    result.errors,
                    result.hints,
                    result.timeouts,
                    result.elapsed_s,
                    result.stars,
                    self.device_id,
                ),
            )
            self.db.executemany(
                "INSERT INTO mistakes VALUES (?, ?, ?, ?)",
                [(result.id, step, pressed, n) for (step, pressed), n in result.mistakes.items()],
            )

    def add_survey(self, tid: str, rating: int, comment: str = "") -> str:
        if not (isinstance(rating, int) and 1 <= rating <= 5):
            raise ValueError("rating must be 1 to 5")
        sid = str(uuid.uuid4())
        with self.db:
            self.db.execute(
                "INSERT INTO surveys VALUES (?, ?, ?, ?, ?, ?)",
                (sid, tid, rating, comment.strip()[:1000], self._clock(), self.device_id),
            )
        return sid

    def best_stars(self, tid: str) -> dict[tuple[str, str], int]:
        """(kiosk, task) -> best stars of this trainee's finished attempts."""
        rows = self.db.execute(
            "SELECT kiosk, task, MAX(stars) AS s FROM attempts WHERE trainee_id = ? AND completed"
            " GROUP BY kiosk, task",
            (tid,),
        ).fetchall()
        return {(r["kiosk"], r["task"]): r["s"] for r in rows}

    def rows(self, table: str) -> list[dict]:
        cols = _COLUMNS[table]
        return [dict(r) for r in self.db.execute(f"SELECT {', '.join(cols)} FROM {table}")]

    # ---- export / import ---------------------------------------------------------------
    def export(self, path: Path) -> Path:
        """Write every row to a JSON file (atomically: a half-written file never appears)."""
        path = Path(path)
        data = {
            "format": FORMAT,
            "version": VERSION,
            "device": self.device_id,
            "exported_at": self._clock(),
            **{table: self.rows(table) for table in _COLUMNS},
        }
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
        return path

    def merge(self, path: Path) -> MergeReport:
        """Merge another kiosk's export into this store (see the module doc for the rules)."""
        data = _read_export(Path(path))
        report = MergeReport()
        try:
            with self.db:
                for t in data["trainees"]:
                    self._merge_trainee(t, report)
                for a in data["attempts"]:
                    cur = self.db.execute(
                        f"INSERT OR IGNORE INTO attempts ({', '.join(_COLUMNS['attempts'])})"
                        f" VALUES ({', '.join('?' * len(_COLUMNS['attempts']))})",
                        [a[c] for c in _COLUMNS["attempts"]],
                    )
                    if cur.rowcount:
                        report.attempts_added += 1
                    else:
                        report.attempts_known += 1
                self.db.executemany(
                    "INSERT OR IGNORE INTO mistakes (attempt_id, step, pressed, count)"
                    " VALUES (?, ?, ?, ?)",
                    [[m[c] for c in _COLUMNS["mistakes"]] for m in data["mistakes"]],
                )
                for s in data["surveys"]:
                    cur = self.db.execute(
                        f"INSERT OR IGNORE INTO surveys ({', '.join(_COLUMNS['surveys'])})"
                        f" VALUES ({', '.join('?' * len(_COLUMNS['surveys']))})",
                        [s[c] for c in _COLUMNS["surveys"]],
                    )
                    if cur.rowcount:
                        report.surveys_added += 1
                    else:
                        report.surveys_known += 1
        except sqlite3.IntegrityError as exc:
            raise ProgressFileError(
                f"{path}: inconsistent rows ({exc}); nothing imported"
            ) from None
        return report

    def _merge_trainee(self, t: dict, report: MergeReport) -> None:
        row = self.db.execute("SELECT * FROM trainees WHERE id = ?", (t["id"],)).fetchone()
        cols = _COLUMNS["trainees"]
        if row is None:
            self.db.execute(
                f"INSERT INTO trainees ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [t[c] for c in cols],
            )
            report.trainees_added += 1
        elif (t["updated_at"], t["updated_by"]) > (row["updated_at"], row["updated_by"]):
            self.db.execute(
                "UPDATE trainees SET name = ?, prefs = ?, updated_at = ?, updated_by = ?,"
                " created_at = MIN(created_at, ?) WHERE id = ?",
                (
                    t["name"],
                    t["prefs"],
                    t["updated_at"],
                    t["updated_by"],
                    t["created_at"],
                    t["id"],
                ),
            )
            report.trainees_updated += 1
        else:
            report.trainees_kept += 1


_TYPES = {
    "trainees": {"id": str, "name": str, "guest": int, "prefs": str, "created_at": (int, float),
                 "updated_at": (int, float), "updated_by": str},
    "attempts": {"id": str, "trainee_id": str, "kiosk": str, "task": str, "style": str,
                 "started_at": (int, float), "ended_at": (int, float), "completed": int,
                 "errors": int, "hints": int, "timeouts": int, "elapsed_s": (int, float),
                 "stars": int, "device": str},
    "mistakes": {"attempt_id": str, "step": int, "pressed": str, "count": int},
    "surveys": {"id": str, "trainee_id": str, "rating": int, "comment": str,
                "created_at": (int, float), "device": str},
}  # fmt: skip


def _read_export(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProgressFileError(f"{path}: cannot read ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProgressFileError(f"{path}: not a progress file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressFileError(f"{path}: not a progress file (format should be {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ProgressFileError(f"{path}: version {data.get('version')!r} is not {VERSION}")
    for table, types in _TYPES.items():
        rows = data.get(table)
        if not isinstance(rows, list):
            raise ProgressFileError(f"{path}: {table!r} missing or not a list")
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ProgressFileError(f"{path}: {table}[{i}] is not an object")
            for col, typ in types.items():
                value = row.get(col)
                if not isinstance(value, typ) or isinstance(value, bool):
                    raise ProgressFileError(f"{path}: {table}[{i}].{col} missing or wrong type")
    return data
