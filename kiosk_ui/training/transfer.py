"""Moving progress between kiosks (the education bus is often offline): export this kiosk's
progress to a file, merge the files dropped in an inbox folder. Plain functions of a
TrainingStore, run on the disk worker."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk_ui.training.store import ProgressFileError, TrainingStore


@dataclass
class InboxReport:
    files: list[Path] = field(default_factory=list)  # every progress file found
    totals: dict[str, int] = field(
        default_factory=lambda: {"files": 0, "trainees": 0, "attempts": 0, "known": 0}
    )
    errors: list[str] = field(default_factory=list)  # files left in the inbox, and why


def export_progress(store: TrainingStore, folder: Path, stamp: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return store.export(folder / f"progress-{store.device_id}-{stamp}.json")


def merge_inbox(store: TrainingStore, inbox: Path) -> InboxReport:
    """Merge every *.json in inbox; merged files move to inbox/merged/, bad ones stay."""
    inbox.mkdir(parents=True, exist_ok=True)
    report = InboxReport(files=sorted(inbox.glob("*.json")))
    for f in report.files:
        try:
            r = store.merge(f)
        except ProgressFileError as exc:
            report.errors.append(str(exc))
            continue
        done_dir = inbox / "merged"
        done_dir.mkdir(exist_ok=True)
        f.replace(done_dir / f.name)
        report.totals["files"] += 1
        report.totals["trainees"] += r.trainees_added
        report.totals["attempts"] += r.attempts_added
        report.totals["known"] += r.attempts_known
    return report
