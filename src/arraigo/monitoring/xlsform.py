"""An instrument as an XLSForm (https://xlsform.org) for KoboToolbox or ODK Collect.

The form carries what the import needs to match the answers: the household's code
(`household`), the interview's date and mode, the round (a calculate field), and a repeat
`members` with each member's number in the household (`member`, 1 for the head) and age in full
years (`age`, which only decides who is asked what: the registry's birth date is what counts).
Member questions are relevant by age and earlier answers as the instrument says (`${age}`,
`${works}`); every question and choice is labelled in each of the instrument's languages.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from .instruments import Instrument, Instruments, Question

REPEAT = "members"


def language_column(code: str) -> str:
    """How XLSForm names a language in column headers: "Español (es)"."""
    try:
        name = str(translation.get_language_info(code)["name_local"])
    except KeyError:
        name = code
    return f"{name[:1].upper()}{name[1:]} ({code})"


def form_id(round_code: str) -> str:
    return f"arraigo_{round_code}"


def relevance(question: Question) -> str:
    parts = []
    if question.ages is not None:
        low, high = question.ages
        parts.append(f"${{age}} >= {low}")
        if high is not None:
            parts.append(f"${{age}} <= {high}")
    if question.if_yes:
        parts.append(f"${{{question.if_yes}}} = 'yes'")
    return " and ".join(parts)


class _Texts:
    """A fixed text of the form in every language (Django's catalogue), or a question's own."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages

    def fixed(self, text: Callable[[], str]) -> list[str]:
        out = []
        for language in self.languages:
            with translation.override(language):
                out.append(text())
        return out


def _survey_rows(instrument: Instrument, texts: _Texts) -> list[list[str]]:
    no_texts = ["" for _language in texts.languages]

    def row(kind: str, name: str, label: list[str], hint: list[str] | None = None, **extra: str):
        return [
            kind,
            name,
            *label,
            *(hint or no_texts),
            extra.get("required", ""),
            extra.get("relevance", ""),
            extra.get("constraint", ""),
            extra.get("calculation", ""),
        ]

    rows = [
        row("start", "start", no_texts),
        row("end", "end", no_texts),
        row("calculate", "round", no_texts, calculation=f"'{instrument.round}'"),
        row(
            "text",
            "household",
            texts.fixed(lambda: _("Household code")),
            texts.fixed(lambda: _("Exactly as written on the household's file.")),
            required="yes",
        ),
        row("date", "date", texts.fixed(lambda: _("Date of the interview")), required="yes"),
        row(
            "select_one mode",
            "mode",
            texts.fixed(lambda: _("How the interview was done")),
            required="yes",
        ),
    ]
    for question in instrument.household_questions:
        kind = "select_one tenure" if question.kind == "tenure" else "select_one yes_no"
        rows.append(row(kind, question.field, [question.texts[x] for x in texts.languages]))
    rows.append(row("begin_repeat", REPEAT, texts.fixed(lambda: _("Members of the household"))))
    rows.append(
        row(
            "integer",
            "member",
            texts.fixed(lambda: _("Member number")),
            texts.fixed(lambda: _("As on the household's file: 1 is the head.")),
            required="yes",
            constraint=". >= 1",
        )
    )
    rows.append(
        row(
            "integer",
            "age",
            texts.fixed(lambda: _("Age in full years")),
            required="yes",
            constraint=". >= 0 and . <= 120",
        )
    )
    for question in instrument.member_questions:
        kind = "decimal" if question.kind == "amount" else "select_one yes_no"
        rows.append(
            row(
                kind,
                question.field,
                [question.texts[x] for x in texts.languages],
                relevance=relevance(question),
                constraint=". >= 0" if question.kind == "amount" else "",
            )
        )
    rows.append(row("end_repeat", REPEAT, no_texts))
    return rows


def _choice_rows(instruments: Instruments, texts: _Texts) -> list[list[str]]:
    rows = [
        ["yes_no", "yes", *texts.fixed(lambda: _("Yes"))],
        ["yes_no", "no", *texts.fixed(lambda: _("No"))],
        ["mode", "phone", *texts.fixed(lambda: pgettext("interview mode", "By phone"))],
        ["mode", "in_person", *texts.fixed(lambda: pgettext("interview mode", "In person"))],
        ["mode", "self", *texts.fixed(lambda: pgettext("interview mode", "Self-completed"))],
    ]
    for code in instruments.tenure:
        rows.append(["tenure", code.code, *(code.texts[x] for x in texts.languages)])
    return rows


def xlsform_workbook(instruments: Instruments, round_code: str) -> Workbook:
    """The XLSForm of the instrument of `round_code` (KeyError if there is none)."""
    instrument = instruments.instrument(round_code)
    texts = _Texts(instruments.languages)
    headers = [language_column(x) for x in instruments.languages]
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            *(f"label::{h}" for h in headers),
            *(f"hint::{h}" for h in headers),
            "required",
            "relevance",
            "constraint",
            "calculation",
        ]
    )
    for values in _survey_rows(instrument, texts):
        survey.append(values)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *(f"label::{h}" for h in headers)])
    for values in _choice_rows(instruments, texts):
        choices.append(values)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    settings.append(
        [
            instrument.texts[instruments.default_language],
            form_id(round_code),
            instruments.version,
            language_column(instruments.default_language),
            "concat(${household}, ' ', ${date})",
        ]
    )
    return book


def xlsform_bytes(instruments: Instruments, round_code: str) -> bytes:
    buffer = io.BytesIO()
    xlsform_workbook(instruments, round_code).save(buffer)
    return buffer.getvalue()
