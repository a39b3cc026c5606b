from django.urls import URLPattern, path

from .views import duplicates, edit, households, people, register

app_name = "registry"

# Household list, page and forms.
urlpatterns: list[URLPattern] = [
    path("", households.household_list_view, name="household_list"),
    path("new/", register.household_create, name="household_create"),
    path("<int:pk>/", households.household_detail, name="household_detail"),
    path("<int:pk>/edit/", edit.household_edit, name="household_edit"),
    path("<int:pk>/people/add/", people.person_add, name="person_add"),
    path("<int:pk>/people/<int:person_pk>/edit/", people.person_edit, name="person_edit"),
    path(
        "<int:pk>/people/<int:person_pk>/remove/",
        people.person_remove,
        name="person_remove",
    ),
    path(
        "<int:pk>/people/<int:person_pk>/documents/add/",
        people.document_add,
        name="document_add",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/remove/",
        people.document_remove,
        name="document_remove",
    ),
    path("<int:pk>/needs/add/", edit.need_add, name="need_add"),
    path("<int:pk>/needs/<int:need_pk>/remove/", edit.need_remove, name="need_remove"),
    path("<int:pk>/consent/", edit.consent_record, name="consent_record"),
    path("<int:pk>/preferences/add/", edit.preference_add, name="preference_add"),
    path(
        "<int:pk>/preferences/<int:preference_pk>/remove/",
        edit.preference_remove,
        name="preference_remove",
    ),
    path("<int:pk>/status/", edit.household_transition, name="household_transition"),
    path(
        "<int:pk>/eligibility/approve/",
        edit.eligibility_approve,
        name="eligibility_approve",
    ),
    # Likely-duplicate review (coordinators).
    path("duplicates/", duplicates.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/", duplicates.duplicate_detail, name="duplicate_detail"),
]
