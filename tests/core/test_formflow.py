"""core.formflow's page helpers: a create/update page (submit_redirect) and a page's table of
actions (Action, action_submit). No database: the service calls are plain functions here."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.formflow import Action, action_posted, action_submit, submit_redirect


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _request(method: str = "post", **data: str):
    request = getattr(RequestFactory(), method)("/page/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_a_call_that_goes_through_is_said_and_redirects_to_its_result():
    request = _request(name="Saltillo")
    form = NameForm(request.POST)

    response = submit_redirect(
        request,
        form,
        lambda: form.cleaned_data["name"].upper(),
        message=lambda name: f"{name} saved.",
        redirect_to=lambda name: f"/cities/{name}/",
    )

    assert (response.status_code, response.url) == (302, "/cities/SALTILLO/")
    assert _said(request) == [("success", "SALTILLO saved.")]


def test_not_posted_or_invalid_shows_the_form_again_without_calling():
    calls = []
    for request, form in [
        (_request("get"), NameForm()),
        (_request(name=""), None),
    ]:
        form = form or NameForm(request.POST)
        result = submit_redirect(
            request, form, lambda: calls.append(1), message="Saved.", redirect_to="/x/"
        )
        assert result is None
        assert _said(request) == []
    assert calls == []


def test_a_refusal_goes_beside_its_field_and_the_form_is_shown_again():
    request = _request(name="Saltillo")
    form = NameForm(request.POST)

    def call() -> None:
        raise ValidationFailed({"name": ["That city exists."], "other": ["On top."]})

    assert submit_redirect(request, form, call, message="Saved.", redirect_to="/x/") is None
    assert form.errors == {"name": ["That city exists."], "__all__": ["On top."]}
    assert _said(request) == []


def test_a_refused_role_is_a_403():
    request = _request(name="Saltillo")

    def call() -> None:
        raise NotPermitted()

    with pytest.raises(PermissionDenied):
        submit_redirect(request, NameForm(request.POST), call, message="-", redirect_to="/x/")


def test_a_step_no_longer_possible_is_said_on_top_and_goes_back_or_propagates():
    def call() -> None:
        raise InvalidTransition("This trip is departed: that step is no longer possible.")

    request = _request(name="a")
    response = submit_redirect(
        request, NameForm(request.POST), call, message="-", redirect_to="/x/", moved_on="/plan/"
    )
    assert (response.status_code, response.url) == (302, "/plan/")
    assert _said(request) == [("error", "This trip is departed: that step is no longer possible.")]

    request = _request(name="a")
    with pytest.raises(InvalidTransition):
        submit_redirect(request, NameForm(request.POST), call, message="-", redirect_to="/x/")


def test_only_the_pressed_action_s_form_is_bound():
    request = _request(action="rename", name="Puebla")

    assert action_posted(request, "rename") is request.POST
    assert action_posted(request, "close") is None
    assert action_posted(_request("get"), "rename") is None


def test_the_pressed_action_runs_its_own_call_and_says_its_own_message():
    request = _request(action="rename", name="Puebla")
    ran = []
    rename = NameForm(action_posted(request, "rename"))
    actions = {
        # a service returns what it saved (None would mean "show the form again")
        "rename": Action(rename, lambda: ran.append(rename.cleaned_data["name"]) or 3, "Renamed."),
        "close": Action(
            NameForm(action_posted(request, "close")), lambda: ran.append("close"), "-"
        ),
    }

    response = action_submit(request, actions, "rename", back="/city/3/")

    assert (response.status_code, response.url) == (302, "/city/3/")
    assert ran == ["Puebla"]
    assert _said(request) == [("success", "Renamed.")]


def test_a_refused_action_leaves_its_form_for_the_page_or_propagates_a_moved_on_step():
    request = _request(action="rename", name="")
    form = NameForm(action_posted(request, "rename"))
    actions = {"rename": Action(form, lambda: None, "Renamed.")}

    assert action_submit(request, actions, "rename", back="/city/3/") is None
    assert form.errors == {"name": ["This field is required."]}

    def moved() -> None:
        raise InvalidTransition("Closed meanwhile.")

    request = _request(action="rename", name="Puebla")
    actions = {"rename": Action(NameForm(request.POST), moved, "Renamed.")}
    with pytest.raises(InvalidTransition):
        action_submit(request, actions, "rename", back="/city/3/", moved_on=False)
    response = action_submit(request, actions, "rename", back="/city/3/")
    assert response.url == "/city/3/"
    assert _said(request) == [("error", "Closed meanwhile.")]
