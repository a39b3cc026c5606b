from django.urls import URLPattern, path

from . import views

app_name = "privacy"

urlpatterns: list[URLPattern] = [
    path("households/<int:pk>/erase/", views.request_create, name="request_create"),
    path("erasures/", views.request_list, name="request_list"),
    path("erasures/<int:pk>/", views.request_detail, name="request_detail"),
]
