from django.urls import URLPattern, path

from . import (
    views_edit,
    views_households,
    views_people,
    views_register,
)

# Household list, page and forms.
urlpatterns: list[URLPattern] = [
    path("", views_households.household_list_view, name="household_list"),
    path("new/", views_register.household_create, name="household_create"),
    path("<int:pk>/", views_households.household_detail, name="household_detail"),
    path("<int:pk>/edit/", views_edit.household_edit, name="household_edit"),
    path("<int:pk>/people/add/", views_people.person_add, name="person_add"),
    path("<int:pk>/people/<int:person_pk>/edit/", views_people.person_edit, name="person_edit"),
    path(
        "<int:pk>/people/<int:person_pk>/remove/",
        views_people.person_remove,
        name="person_remove",
    ),
    path(
        "<int:pk>/people/<int:person_pk>/documents/add/",
        views_people.document_add,
        name="document_add",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/remove/",
        views_people.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/needs/add/", views_edit.need_add, name="need_add"),
    path("<int:pk>/needs/<int:need_pk>/remove/", views_edit.need_remove, name="need_remove"),
    path("<int:pk>/consent/", views_edit.consent_record, name="consent_record"),
    path("<int:pk>/preferences/add/", views_edit.preference_add, name="preference_add"),
    path(
        "<int:pk>/preferences/<int:preference_pk>/remove/",
        views_edit.preference_remove,
        name="preference_remove",
    ),
    path("<int:pk>/status/", views_edit.household_transition, name="household_transition"),
    path(
        "<int:pk>/eligibility/approve/",
        views_edit.eligibility_approve,
        name="eligibility_approve",
    ),
]
