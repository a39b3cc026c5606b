from django.urls import URLPattern, path

from . import views_duplicates

# Likely-duplicate review (coordinators).
urlpatterns: list[URLPattern] = [
    path("duplicates/", views_duplicates.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/", views_duplicates.duplicate_detail, name="duplicate_detail"),
]
