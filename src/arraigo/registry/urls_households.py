from django.urls import URLPattern

# Household list, page and forms.
urlpatterns: list[URLPattern] = []
