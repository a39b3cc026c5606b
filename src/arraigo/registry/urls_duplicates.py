from django.urls import URLPattern

# Likely-duplicate review (coordinators).
urlpatterns: list[URLPattern] = []
