"""Video-interview content: question sets, consent text and review criteria (content/interview)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator

from concierge_content.check import register_check
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.textmodels import Strict as _Strict
from concierge_content.textmodels import Text
from concierge_content.yamlio import load_yaml

SPECIAL_FILES = ("consent.yaml", "criteria.yaml")
_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class Question(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)
    think_time_s: float | None = Field(default=None, ge=0, le=600)
    answer_time_s: float | None = Field(default=None, gt=0, le=900)

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.ko


class QuestionSet(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    practice: bool = False
    employer: Text
    job: Text
    think_time_s: float = Field(ge=0, le=600)
    answer_time_s: float = Field(gt=0, le=900)
    retakes: int = Field(ge=0, le=10)
    questions: list[Question] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _unique_ids(cls, questions: list[Question]) -> list[Question]:
        seen: set[str] = set()
        for q in questions:
            if q.id in seen:
                raise ValueError(f"question id {q.id!r} is used twice")
            seen.add(q.id)
        return questions

    def think_time(self, index: int) -> float:
        q = self.questions[index]
        return self.think_time_s if q.think_time_s is None else q.think_time_s

    def answer_time(self, index: int) -> float:
        q = self.questions[index]
        return self.answer_time_s if q.answer_time_s is None else q.answer_time_s


class Consent(_Strict):
    retention_days: int = Field(ge=1, le=3650)
    title: Text
    what_is_recorded: Text
    who_sees_it: Text
    how_long_kept: Text

    def paragraphs(self, lang: str) -> list[str]:
        return [
            self.what_is_recorded.get(lang),
            self.who_sees_it.get(lang),
            self.how_long_kept.get(lang).format(days=self.retention_days),
        ]


class Criterion(_Strict):
    id: str = Field(pattern=_ID_PATTERN)
    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.ko


class Criteria(_Strict):
    criteria: list[Criterion] = Field(min_length=1)


@dataclass(frozen=True)
class InterviewContent:
    consent: Consent
    criteria: list[Criterion]
    sets: dict[str, QuestionSet]  # by id, practice sets included

    def question_set(self, set_id: str) -> QuestionSet:
        try:
            return self.sets[set_id]
        except KeyError:
            raise KeyError(f"no interview question set {set_id!r} in content/interview") from None


def load_interview_content(root: Path | None = None) -> InterviewContent:
    """Load content/interview/*.yaml; raises ContentErrors listing every problem at file:line."""
    folder = (root or content_root()) / "interview"
    errors: list[ContentError] = []
    consent: Consent | None = None
    criteria: list[Criterion] = []
    sets: dict[str, QuestionSet] = {}
    for name in SPECIAL_FILES:
        if not (folder / name).is_file():
            errors.append(ContentError(folder / name, None, "missing file"))
    for path in sorted(folder.glob("*.yaml")):
        try:
            doc = load_yaml(path)
            if path.name == "consent.yaml":
                consent = doc.validate(Consent)
            elif path.name == "criteria.yaml":
                criteria = doc.validate(Criteria).criteria
                ids = [c.id for c in criteria]
                for i, cid in enumerate(ids):
                    if cid in ids[:i]:
                        raise doc.error(("criteria", i, "id"), f"criterion id {cid!r} used twice")
            else:
                qset = doc.validate(QuestionSet)
                if qset.id in sets:
                    raise doc.error(("id",), f"question set id {qset.id!r} used in two files")
                sets[qset.id] = qset
        except ContentErrors as exc:
            errors.extend(exc.errors)
        except ContentError as exc:
            errors.append(exc)
    if not errors and not sets:
        errors.append(ContentError(folder, None, "no question sets (*.yaml) found"))
    if not errors and not any(s.practice for s in sets.values()):
        errors.append(
            ContentError(folder, None, "no practice set (practice: true) for mock interviews")
        )
    if errors:
        raise ContentErrors(errors)
    assert consent is not None
    return InterviewContent(consent=consent, criteria=criteria, sets=sets)


@register_check("interview")
def check_interview(root: Path) -> None:
    load_interview_content(root)
