"""Case-file pages, mounted under households/ beside the registry's (same paths as before)."""

from django.urls import URLPattern, path

from .views import notes, transfers

app_name = "casefile"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/notes/add/", notes.note_create, name="note_add"),
    path("<int:pk>/transfer/", transfers.transfer_create, name="transfer_create"),
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/answer/", transfers.transfer_decide, name="transfer_decide"),
]
