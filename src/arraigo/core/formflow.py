"""How a page form reaches a service: parse with a plain form, call the service, show refusals.

Shared by every app's pages: the form keeps what the user typed, and a service refusal is shown
beside the field it concerns. Two page shapes recur and have a helper each, the view still
writing its own service call:

- a create or update page: `submit_redirect(...) or <the form page>`;
- a page whose buttons each post an action (`action` in the POST): a table of `Action`s (form,
  service call, message) run by `action_submit`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import fields_for_model, model_to_dict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.versions import StaleEdit, version_refresh

if TYPE_CHECKING:  # a type only: core imports no app at run time (the user model is a setting)
    from arraigo.accounts.models import User

T = TypeVar("T")

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind @login_required."""
    user = request.user
    if not isinstance(user, get_user_model()):
        raise PermissionDenied
    return user


def require_perm(user: Any, perm: str) -> None:
    """403 when the role cannot do this at all (out-of-scope objects are 404 in selectors)."""
    if not user.has_perm(perm):
        raise PermissionDenied


def apply_service_errors(form: forms.BaseForm, exc: ValidationFailed) -> None:
    """Show a service's refusal on the form: each message next to its field, or on top.

    A stale save (core.versions) also gives the form the current version, so that saving
    again, after reading what changed, goes through.
    """
    if isinstance(exc, StaleEdit):
        version_refresh(form, exc.version)
    for field, texts in exc.errors.items():
        target = field if field in form.fields else None
        for message in texts:
            form.add_error(target, message)


def submit(request: HttpRequest, form: forms.BaseForm, call: Callable[[], T]) -> T | None:
    """On a valid POST, run `call` (one service call) and return its result.

    None means "show the form again": not posted, invalid input, or the service refused
    (its messages are then on the form). A NotPermitted refusal is a 403.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return call()
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        apply_service_errors(form, exc)
        return None


def submit_redirect(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[], T],
    *,
    message: str | Callable[[T], str],
    redirect_to: str | Callable[[T], str],
    moved_on: str | None = None,
) -> HttpResponse | None:
    """`submit`, then where to go: when the view's one service call (`call`) went through, say
    `message` (or `message(result)`) and redirect to `redirect_to` (or `redirect_to(result)`).

    None means "show the form again" (not posted, invalid, or refused beside the fields), so a
    create or update view ends `return submit_redirect(...) or <its form page>`.

    `moved_on`, for objects with a state: a step the object no longer allows (InvalidTransition:
    it moved on meanwhile) is said on top, redirecting there; without it, the refusal
    propagates.
    """
    try:
        result = submit(request, form, call)
    except InvalidTransition as exc:
        if moved_on is None:
            raise
        messages.error(request, exc.message)
        return redirect(moved_on)
    if result is None:
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def form_page(
    request: HttpRequest, template: str, form: forms.BaseForm, *, title: str, back_url: str
) -> HttpResponse:
    """The plain create/update page of a template taking `form`, `title` and `back_url`."""
    return render(request, template, {"form": form, "title": title, "back_url": back_url})


def action_posted(request: HttpRequest, name: str) -> QueryDict | None:
    """The POST data for the form of action `name`, if that is the button pressed."""
    return request.POST if request.POST.get("action") == name else None


@dataclass(frozen=True)
class Action(Generic[T]):
    """One button of a page: the form it posts, its service call, what to say once done."""

    form: forms.BaseForm
    call: Callable[[], T]
    message: str


def action_submit(
    request: HttpRequest,
    actions: Mapping[str, Action[Any]],
    name: str,
    *,
    back: str,
    moved_on: bool = True,
) -> HttpResponse | None:
    """Run the action `name` of a page's table (`submit_redirect`, coming `back` to the page).

    None: show the page again, its form holding the refusal. A step the object no longer
    allows is said on top unless `moved_on` is False (then it propagates).
    """
    action = actions[name]
    return submit_redirect(
        request,
        action.form,
        action.call,
        message=action.message,
        redirect_to=back,
        moved_on=back if moved_on else None,
    )


def _formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field:
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    field = db_field.formfield(**kwargs)
    assert field is not None  # only editable fields are listed
    return field


class ModelFieldsForm(forms.Form):
    """A plain form whose fields are generated from model fields.

    Unlike a ModelForm it never touches a model instance and runs no model validation: it
    turns the request into clean Python values, and the service decides.
    """

    model: ClassVar[type[models.Model]]
    model_fields: ClassVar[list[str]]
    widgets: ClassVar[dict[str, type[forms.Widget] | forms.Widget]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        generated = fields_for_model(
            self.model,
            fields=self.model_fields,
            widgets=self.widgets,
            formfield_callback=_formfield,
        )
        self.fields = {**generated, **self.fields}

    @classmethod
    def initial_from(cls, instance: models.Model) -> dict[str, Any]:
        return model_to_dict(instance, fields=cls.model_fields)
