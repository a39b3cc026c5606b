"""Forms of the casework pages: they parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from arraigo.accounts.models import User
from arraigo.core.formflow import DATE_WIDGET
from arraigo.core.search import SearchField
from arraigo.core.templatetags.display_tags import user_display

from .models import MilestoneStatus
from .selectors import SORTS, WorklistFilters


class TeamMemberField(forms.ModelChoiceField):
    """A colleague chosen by their name (their username only when they have none)."""

    def label_from_instance(self, obj: User) -> str:
        return user_display(obj)


class MilestoneForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=300)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE_WIDGET)
    responsible = TeamMemberField(
        label=_("Responsible"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, team: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = team  # type: ignore[attr-defined]


class WorklistForm(forms.Form):
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("overdue", _("Overdue")), ("week", _("Due this week"))],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All open")),
            (MilestoneStatus.PENDING, MilestoneStatus.PENDING.label),
            (MilestoneStatus.IN_PROGRESS, MilestoneStatus.IN_PROGRESS.label),
            (MilestoneStatus.BLOCKED, MilestoneStatus.BLOCKED.label),
        ],
    )
    code = forms.ChoiceField(label=_("Milestone"), required=False, choices=[("", _("All"))])
    q = SearchField(label=_("Household code"))
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("due", _("Due date")),
            ("-due", _("Due date, latest first")),
            ("household", _("Household")),
            ("milestone", _("Milestone")),
        ],
    )

    responsible = forms.TypedChoiceField(
        label=_("Responsible"), required=False, coerce=int, empty_value=None
    )
    city = forms.TypedChoiceField(label=_("City"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args: Any,
        codes: list[tuple[str, str]],
        people: list[tuple[int, str]],
        cities: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`cities` for those who see several host cities; None hides that filter."""
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", _("All")), *codes]  # type: ignore[attr-defined]
        self.fields["responsible"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            *people,
            (0, _("Nobody assigned")),
        ]
        if cities is None:
            del self.fields["city"]
        else:
            self.fields["city"].choices = [("", _("All")), *cities]  # type: ignore[attr-defined]

    def filters(self) -> WorklistFilters:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "due"
        return WorklistFilters(
            mine=bool(data.get("mine")),
            when=data.get("when") or "",
            status=data.get("status") or "",
            code=data.get("code") or "",
            q=(data.get("q") or "").strip(),
            sort=sort if sort in SORTS else "due",
            responsible=data.get("responsible"),
            city=data.get("city"),
        )


class TemplateMilestoneForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=120)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=120)
    due_days = forms.IntegerField(label=_("Due (days after the start)"), min_value=0)
    active = forms.BooleanField(label=_("In use"), required=False)
