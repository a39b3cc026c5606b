"""The registration page: household fields, the head and any further members, as one form.

Members are a Django formset ("members-N"), each with its own document and language rows
("members-N-documents-M"). "Add another member" re-renders the page with one more blank
member block, so it works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from arraigo.accounts import scope
from arraigo.accounts.models import User
from arraigo.places.models import City, CityKind, Office

from ..models import Modality
from .people import (
    DOCUMENT_ROWS,
    LANGUAGE_ROWS,
    PersonBlock,
    PersonChoices,
    PersonForm,
    place_errors,
)

MEMBER_ROWS = 1
MAX_MEMBERS = 30
HOUSEHOLD_FIELDS = {"modality", "origin_office", "host_city"}


def host_cities() -> Any:
    return City.objects.filter(kind__in=[CityKind.HOST, CityKind.BOTH], active=True)


def offices_for(user: User) -> Any:
    """Offices `user` may register a household at: a caseworker's own office or city only."""
    offices = Office.objects.select_related("city").order_by("name")
    return scope.scope_filter(offices, user, scope.Kind.HOUSEHOLDS, office="pk", city="city")


class HouseholdRegisterForm(forms.Form):
    modality = forms.ChoiceField(
        label=_("Modality"), choices=Modality.choices, initial=Modality.RELOCATION
    )
    origin_office = forms.ModelChoiceField(label=_("Registering office"), queryset=Office.objects)
    host_city = forms.ModelChoiceField(
        label=_("Host city"),
        queryset=City.objects,
        required=False,
        help_text=_("For integration where the household lives: the city it lives in."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        origin_office: Any = self.fields["origin_office"]
        host_city: Any = self.fields["host_city"]
        origin_office.queryset = offices_for(user)
        host_city.queryset = host_cities()
        own = scope.own_id(user, scope.Kind.HOUSEHOLDS)
        if own is not None and scope.anchor(user) is scope.Anchor.OFFICE:
            origin_office.initial = own
            origin_office.empty_label = None
        if own is not None and scope.anchor(user) is scope.Anchor.CITY:
            # A host-city office registers only households integrating where they live.
            host_city.initial = own
            self.fields["modality"].initial = Modality.IN_PLACE


MemberFormSet = formset_factory(PersonForm, extra=MEMBER_ROWS, max_num=MAX_MEMBERS)


def _with_one_more_member(data: Mapping[str, Any]) -> Any:
    """The submitted data with one more (blank) member block and its row counts."""
    copy = data.copy()  # type: ignore[attr-defined]
    try:
        count = int(copy.get("members-TOTAL_FORMS", MEMBER_ROWS))
    except ValueError:
        count = MEMBER_ROWS
    count = max(0, min(count, MAX_MEMBERS - 1))
    copy["members-TOTAL_FORMS"] = str(count + 1)
    prefix = f"members-{count}"
    for rows, rows_prefix in ((DOCUMENT_ROWS, "documents"), (LANGUAGE_ROWS, "languages")):
        copy[f"{prefix}-{rows_prefix}-TOTAL_FORMS"] = str(rows)
        copy[f"{prefix}-{rows_prefix}-INITIAL_FORMS"] = "0"
    return copy


class Registration:
    """Every form on the registration page, validated and read as one."""

    def __init__(self, *, user: User, data: Any = None, add_member: bool = False) -> None:
        choices = PersonChoices.load()
        if data is not None and add_member:
            data = _with_one_more_member(data)
        self.household = HouseholdRegisterForm(data, user=user)
        self.head = PersonBlock(prefix="head", choices=choices, data=data, is_head=True)
        self.member_formset = MemberFormSet(
            data, prefix="members", form_kwargs={"choices": choices}
        )
        self.members = [
            PersonBlock(prefix=form.prefix or "", choices=choices, data=data, person_form=form)
            for form in self.member_formset.forms
        ]
        # A blank block for the page's script to copy ("Add another member" without a reload).
        self.empty_member = PersonBlock(
            prefix="members-__prefix__",
            choices=choices,
            person_form=self.member_formset.empty_form,
        )
        self.used_members: list[PersonBlock] = []
        if add_member:
            self._quiet()

    def _all_forms(self) -> list[forms.Form]:
        found: list[forms.Form] = [self.household]
        for block in [self.head, *self.members]:
            found.append(block.person)
            found.extend(block.languages.forms)
            if block.documents is not None:
                found.extend(block.documents.forms)
        return found

    def _quiet(self) -> None:
        """Show what was typed without judging it yet (the user only asked for a new block)."""
        for form in self._all_forms():
            form.errors.clear()

    def is_valid(self) -> bool:
        self.used_members = [block for block in self.members if block.has_changed()]
        for block in self.used_members:
            block.require()
        valid = self.household.is_valid()
        valid = self.member_formset.is_valid() and valid
        for block in [self.head, *self.members]:
            valid = block.is_valid() and valid
        return valid

    def service_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for services.household_register (actor aside)."""
        data = self.household.cleaned_data
        return {
            "origin_office": data["origin_office"],
            "modality": data["modality"],
            "host_city": data.get("host_city"),
            "head": self.head.person_data(),
            "members": [block.person_data() for block in self.used_members],
        }

    def add_service_errors(self, errors: Mapping[str | None, Sequence[str]]) -> None:
        """Put each error of a ValidationFailed beside the field it is about.

        "head.documents.0.number" goes to the head's first filled document row,
        "members.1.phone" to the second member that was filled in, "modality" to the
        household form; anything else to the top of the household form.
        """
        for key, messages in errors.items():
            root, _sep, rest = (key or "").partition(".")
            if root == "head":
                self.head.add_error(rest, messages)
            elif root == "members" and rest:
                index_text, _sep, field = rest.partition(".")
                if index_text.isdigit() and int(index_text) < len(self.used_members):
                    self.used_members[int(index_text)].add_error(field, messages)
                else:
                    place_errors(self.household, None, messages)
            elif root in HOUSEHOLD_FIELDS and not rest:
                place_errors(self.household, root, messages)
            else:
                place_errors(self.household, None, messages)

    def has_errors(self) -> bool:
        return any(form.errors for form in self._all_forms()) or bool(
            self.member_formset.non_form_errors()
        )
