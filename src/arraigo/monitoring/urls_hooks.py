"""The addresses other systems post to (no session, no CSRF token: each authenticates itself)."""

from django.urls import path

from . import views_kobo_hook

urlpatterns = [
    path("kobo/<slug:slug>/", views_kobo_hook.kobo_hook, name="kobo_hook"),
]
