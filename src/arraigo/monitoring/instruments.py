"""The programme's survey instruments (surveys.yaml) as plain dataclasses.

An instrument is what one round asks: household questions, stored on the `Interview`, and member
questions, stored on each member's `FollowUpAnswer`, with whom each is asked (an age range in
full years, and optionally only when the member answered another question yes). The XLSForm
export, the KoboToolbox import and the caseworkers' web form all read these.

`survey_instruments()` reads ARRAIGO_PROGRAMME_DIR/surveys.yaml once per path; a file that
cannot be fully used raises InstrumentsError with the key at fault (`arraigo check` reports it).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import get_language

from arraigo.core.programme_files import wrong_kinds_as

from .indicators import ROUNDS

INSTRUMENTS_FILENAME = "surveys.yaml"

# Field -> kind: every field a question may name, and how its answer is written.
HOUSEHOLD_FIELDS = {
    "housing_tenure": "tenure",
    "feels_safe": "yes_no",
    "health_access": "yes_no",
    "basic_needs_met": "yes_no",
}
MEMBER_FIELDS = {
    "works": "yes_no",
    "formal": "yes_no",
    "income": "amount",
    "job_satisfied": "yes_no",
    "in_school": "yes_no",
    "bank_account": "yes_no",
}
LEVELS = {"household": HOUSEHOLD_FIELDS, "member": MEMBER_FIELDS}
MAX_AGE = 120


class InstrumentsError(ValueError):
    pass


def _pick(texts: dict[str, str], default: str) -> str:
    language = (get_language() or default)[:2]
    return texts.get(language) or texts[default]


@dataclass(frozen=True)
class TenureCode:
    code: str
    secure: bool
    texts: dict[str, str]  # language -> label
    default_language: str = "es"

    @property
    def label(self) -> str:
        return _pick(self.texts, self.default_language)


@dataclass(frozen=True)
class Question:
    field: str
    level: str  # "household" or "member"
    kind: str  # "yes_no", "amount" or "tenure"
    texts: dict[str, str]
    ages: tuple[int, int | None] | None = None  # full years, both ends included
    if_yes: str | None = None  # asked only when this member field was answered yes
    default_language: str = "es"

    @property
    def text(self) -> str:
        return _pick(self.texts, self.default_language)

    def asks(self, age: int, answers: dict[str, Any] | None = None) -> bool:
        """Whether a member of `age` (full years) is asked, given their other `answers`."""
        if self.ages is not None:
            low, high = self.ages
            if age < low or (high is not None and age > high):
                return False
        return self.if_yes is None or answers is None or answers.get(self.if_yes) is True


@dataclass(frozen=True)
class Instrument:
    round: str
    texts: dict[str, str]
    questions: tuple[Question, ...]
    default_language: str = "es"

    @property
    def title(self) -> str:
        return _pick(self.texts, self.default_language)

    @property
    def household_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.level == "household")

    @property
    def member_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.level == "member")


@dataclass(frozen=True)
class Instruments:
    version: str
    languages: tuple[str, ...]
    default_language: str
    tenure: tuple[TenureCode, ...]
    instruments: tuple[Instrument, ...]

    def instrument(self, round_code: str) -> Instrument:
        for item in self.instruments:
            if item.round == round_code:
                return item
        raise KeyError(round_code)

    @property
    def secure_tenure(self) -> frozenset[str]:
        """The housing-tenure codes that count as secure tenure (results framework 16.1)."""
        return frozenset(code.code for code in self.tenure if code.secure)


def _texts(raw: dict[str, Any], key: str, languages: tuple[str, ...]) -> dict[str, str]:
    texts = {}
    for language in languages:
        text = raw.get(language)
        if not isinstance(text, str) or not text.strip():
            raise InstrumentsError(f"{key}.{language}: missing translation")
        texts[language] = text.strip()
    return texts


def _ages(raw: Any, key: str) -> tuple[int, int | None] | None:
    if raw is None:
        return None
    if not (isinstance(raw, list) and len(raw) == 2):
        raise InstrumentsError(f"{key}.ages: give [lowest age, highest age or null]")
    low, high = raw
    if not isinstance(low, int) or isinstance(low, bool) or not 0 <= low <= MAX_AGE:
        raise InstrumentsError(f"{key}.ages: the lowest age must be a whole number 0-{MAX_AGE}")
    if high is not None and (
        not isinstance(high, int) or isinstance(high, bool) or not low <= high <= MAX_AGE
    ):
        raise InstrumentsError(f"{key}.ages: the highest age must be null or {low}-{MAX_AGE}")
    return (low, high)


def _question(name: str, raw: Any, languages: tuple[str, ...], default: str) -> Question:
    key = f"questions.{name}"
    if not isinstance(raw, dict):
        raise InstrumentsError(f"{key}: a mapping is needed")
    level = raw.get("level")
    if level not in LEVELS:
        raise InstrumentsError(f"{key}.level: {level!r} is not household or member")
    fields = LEVELS[level]
    if name not in fields:
        raise InstrumentsError(f"{key}: unknown {level} field (one of {', '.join(fields)})")
    unknown = set(raw) - {"level", "ages", "if_yes", *languages}
    if unknown:
        raise InstrumentsError(f"{key}: unknown key {sorted(unknown)[0]!r}")
    if_yes = raw.get("if_yes")
    if if_yes is not None and (
        level != "member" or MEMBER_FIELDS.get(if_yes) != "yes_no" or if_yes == name
    ):
        raise InstrumentsError(f"{key}.if_yes: {if_yes!r} is not another yes/no member question")
    ages = _ages(raw.get("ages"), key)
    if ages is not None and level != "member":
        raise InstrumentsError(f"{key}.ages: only member questions have ages")
    return Question(
        field=name,
        level=level,
        kind=fields[name],
        texts=_texts(raw, key, languages),
        ages=ages,
        if_yes=if_yes,
        default_language=default,
    )


def _instrument(
    i: int, raw: Any, questions: dict[str, Question], languages: tuple[str, ...], default: str
) -> Instrument:
    key = f"instruments[{i}]"
    if not isinstance(raw, dict):
        raise InstrumentsError(f"{key}: a mapping is needed")
    round_code = raw.get("round")
    if round_code not in ROUNDS:
        raise InstrumentsError(f"{key}.round: {round_code!r} is not one of {', '.join(ROUNDS)}")
    names = raw.get("questions")
    if not isinstance(names, list) or not names:
        raise InstrumentsError(f"{key}.questions: a list of question names is needed")
    picked: list[Question] = []
    for name in names:
        if name not in questions:
            raise InstrumentsError(f"{key}.questions: unknown question {name!r}")
        if name in {q.field for q in picked}:
            raise InstrumentsError(f"{key}.questions: {name!r} twice")
        picked.append(questions[name])
    for question in picked:
        if question.if_yes and question.if_yes not in names:
            raise InstrumentsError(
                f"{key}.questions: {question.field!r} depends on {question.if_yes!r}, not asked"
            )
    return Instrument(round_code, _texts(raw, key, languages), tuple(picked), default)


def _tenure(raw: Any, languages: tuple[str, ...], default: str) -> tuple[TenureCode, ...]:
    if not isinstance(raw, list) or not raw:
        raise InstrumentsError("housing_tenure: a list of codes is needed")
    codes: list[TenureCode] = []
    for i, item in enumerate(raw):
        key = f"housing_tenure[{i}]"
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str) or not code.isidentifier() or len(code) > 30:
            raise InstrumentsError(f"{key}.code: a name of letters, digits and _ (up to 30)")
        if code in {c.code for c in codes}:
            raise InstrumentsError(f"{key}.code: {code!r} twice")
        if not isinstance(item.get("secure"), bool):
            raise InstrumentsError(f"{key}.secure: true or false")
        codes.append(TenureCode(code, item["secure"], _texts(item, key, languages), default))
    return tuple(codes)


def instruments_parse(data: Any) -> Instruments:
    if not isinstance(data, dict):
        raise InstrumentsError("the file must be a mapping of keys")
    for key in ("version", "languages", "default_language", "questions", "instruments"):
        if key not in data:
            raise InstrumentsError(f"missing key: {key}")
    languages = data["languages"]
    if not (
        isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages)
    ):
        raise InstrumentsError("languages: a list of language codes is needed")
    languages = tuple(languages)
    default = data["default_language"]
    if default not in languages:
        raise InstrumentsError(f"default_language: {default!r} is not in languages")
    if not isinstance(data["questions"], dict):
        raise InstrumentsError("questions: a mapping of field -> question is needed")
    questions = {
        str(name): _question(str(name), raw, languages, default)
        for name, raw in data["questions"].items()
    }
    raw_instruments = data["instruments"]
    if not isinstance(raw_instruments, list) or not raw_instruments:
        raise InstrumentsError("instruments: a list of instruments is needed")
    instruments = [
        _instrument(i, raw, questions, languages, default) for i, raw in enumerate(raw_instruments)
    ]
    rounds = [item.round for item in instruments]
    for i, code in enumerate(rounds):
        if code in rounds[:i]:
            raise InstrumentsError(f"instruments[{i}].round: {code!r} twice")
    return Instruments(
        version=str(data["version"]),
        languages=languages,
        default_language=default,
        tenure=_tenure(data.get("housing_tenure"), languages, default),
        instruments=tuple(instruments),
    )


@functools.cache
def _load(path: Path) -> Instruments:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InstrumentsError(f"not YAML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise InstrumentsError(f"not UTF-8 text: {exc.reason}") from None
    with wrong_kinds_as(InstrumentsError):
        return instruments_parse(data)


def instruments_path() -> Path:
    return Path(settings.ARRAIGO_PROGRAMME_DIR) / INSTRUMENTS_FILENAME


def survey_instruments() -> Instruments:
    return _load(instruments_path())
