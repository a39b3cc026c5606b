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
from .case import back_to, case_view, form_page, refused, removal


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


@case_view("registry.add_person")
def person_add(request: HttpRequest, user: User, household: Household) -> HttpResponse:
    if not sees_names(user):
        return refused(request)
    choices = PersonChoices.load()
    title = _("Add a member")
    if request.method != "POST":
        block = PersonBlock(prefix="person", choices=choices)
        return _person_page(request, household=household, block=block, title=title)
    block = PersonBlock(prefix="person", choices=choices, data=request.POST)
    failed: int | None = 200
    if block.is_valid():
        failed = _run_person_service(
            block,
            lambda: services.person_add(actor=user, household=household, data=block.person_data()),
        )
        if failed is None:
            messages.success(request, _("Member added."))
            return back_to(household)
    return _person_page(request, household=household, block=block, title=title, status=failed)


@case_view("registry.change_person")
def person_edit(
    request: HttpRequest, user: User, household: Household, person_pk: int
) -> HttpResponse:
    if not sees_names(user):
        return refused(request)
    person = _person(household, person_pk)
    choices = PersonChoices.load()
    title = _("Correct a member's details")
    block = PersonBlock(
        prefix="person",
        choices=choices,
        data=request.POST if request.method == "POST" else None,
        is_head=person.relationship == "head",
        initial={**person_initial(person), VERSION_FIELD: person_version(person)},
        languages=person_languages(person),
        with_documents=False,
    )
    failed: int | None = 200
    if request.method == "POST" and block.is_valid():
        failed = _run_person_service(
            block,
            lambda: services.person_update(
                actor=user,
                person=person,
                data=block.person_data(),
                version=block.person.cleaned_data.get(VERSION_FIELD) or None,
            ),
        )
        if failed is None:
            messages.success(request, _("Member details saved."))
            return back_to(household)
    return _person_page(request, household=household, block=block, title=title, status=failed)


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
    form = DocumentAddForm(
        request.POST if request.method == "POST" else None, choices=PersonChoices.load()
    )
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
