"""Adding, correcting and removing members and their identity documents."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arraigo.accounts.models import User
from arraigo.accounts.permissions import sees_names
from arraigo.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from arraigo.core.versions import VERSION_FIELD, StaleEdit, version_refresh

from .. import services
from ..forms.people import (
    DocumentForm,
    PersonBlock,
    PersonChoices,
    person_initial,
    person_languages,
    place_errors,
)
from ..models import Household, IdentityDocument, Person
from ..services import person_version
from .case import back_to, case_view, form_page, posted, refused, removal


def _person(household: Household, person_pk: int) -> Person:
    people = Person.objects.filter(household=household).prefetch_related(
        "occupations",
        "skills",
        "languages",
        Prefetch("documents", queryset=IdentityDocument.objects.select_related("document_type")),
    )
    return get_object_or_404(people, pk=person_pk)


def _person_page(
    request: HttpRequest,
    *,
    household: Household,
    block: PersonBlock,
    title: str,
    status: int | None = 200,
) -> HttpResponse:
    return render(
        request,
        "registry/person_form.html",
        # Not "block": inside {% block %} Django's template engine shadows that name.
        {"household": household, "person_block": block, "title": title},
        status=status or 200,
    )


def _run_person_service(block: PersonBlock, call: Callable[[], object]) -> int | None:
    """Call the service; None when it succeeded, else the status to re-render with."""
    try:
        call()
    except ValidationFailed as exc:
        if isinstance(exc, StaleEdit):
            version_refresh(block.person, exc.version)
        for key, messages_ in exc.errors.items():
            block.add_error(key or "", messages_)
        return 200
    except (NotPermitted, InvalidTransition) as exc:
        place_errors(block.person, None, [exc.message])
        return 403 if isinstance(exc, NotPermitted) else 200
    return None


def _person_submit(
    request: HttpRequest,
    *,
    household: Household,
    block: PersonBlock,
    call: Callable[[], object],
    success: str,
    title: str,
) -> HttpResponse:
    """A valid POST of `block` runs `call` (one service call) and goes back to the household
    page saying `success`; otherwise the member page again, with the refusal."""
    status: int | None = 200
    if request.method == "POST" and block.is_valid():
        status = _run_person_service(block, call)
        if status is None:
            messages.success(request, success)
            return back_to(household)
    return _person_page(request, household=household, block=block, title=title, status=status)


@case_view("registry.add_person")
def person_add(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    if not sees_names(user):
        return refused(request)
    block = PersonBlock(prefix="person", choices=PersonChoices.load(), data=posted(request))
    return _person_submit(
        request,
        household=household,
        block=block,
        call=lambda: services.person_add(actor=user, household=household, data=block.person_data()),
        success=_("Member added."),
        title=_("Add a member"),
    )


@case_view("registry.change_person")
def person_edit(
    request: HttpRequest, user: User, household: Household, person_pk: int
) -> HttpResponse:
    if not sees_names(user):
        return refused(request)
    person = _person(household, person_pk)
    block = PersonBlock(
        prefix="person",
        choices=PersonChoices.load(),
        data=posted(request),
        is_head=person.relationship == "head",
        initial={**person_initial(person), VERSION_FIELD: person_version(person)},
        languages=person_languages(person),
        with_documents=False,
    )
    return _person_submit(
        request,
        household=household,
        block=block,
        call=lambda: services.person_update(
            actor=user,
            person=person,
            data=block.person_data(),
            version=block.person.cleaned_data.get(VERSION_FIELD) or None,
        ),
        success=_("Member details saved."),
        title=_("Correct a member's details"),
    )


@require_POST
@case_view("registry.change_person")
def person_remove(
    request: HttpRequest, user: User, household: Household, person_pk: int
) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_pk, household=household)
    return removal(
        request,
        household=household,
        call=lambda: services.person_remove(actor=user, person=person),
        success=_("Member removed."),
    )


class DocumentAddForm(DocumentForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("type_code", "number"):
            self.fields[name].required = True


@case_view("registry.change_person")
def document_add(
    request: HttpRequest, user: User, household: Household, person_pk: int
) -> HttpResponse:
    if not sees_names(user):
        return refused(request)
    person = get_object_or_404(Person, pk=person_pk, household=household)
    form = DocumentAddForm(posted(request), choices=PersonChoices.load())
    return form_page(
        request,
        household=household,
        form=form,
        call=lambda _data: services.document_add(
            actor=user, person=person, data=form.document_data()
        ),
        success=_("Document added."),
        title=_("Add an identity document for %(name)s") % {"name": person.full_name},
    )


@require_POST
@case_view("registry.change_person")
def document_remove(
    request: HttpRequest, user: User, household: Household, document_pk: int
) -> HttpResponse:
    document = get_object_or_404(IdentityDocument, pk=document_pk, person__household=household)
    return removal(
        request,
        household=household,
        call=lambda: services.document_remove(actor=user, document=document),
        success=_("Document removed."),
    )
