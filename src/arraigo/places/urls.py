from django.urls import path

from .views import cities, providers

app_name = "places"

urlpatterns = [
    path("", cities.city_list, name="city_list"),
    path("new/", cities.city_create, name="city_create"),
    path("<int:pk>/", cities.city_detail, name="city_detail"),
    path("<int:pk>/edit/", cities.city_update, name="city_update"),
    path("<int:pk>/capacity/", cities.capacity_edit, name="capacity_edit"),
    path("<int:pk>/offices/new/", cities.office_create, name="office_create"),
    path("offices/<int:pk>/edit/", cities.office_update, name="office_update"),
    path("providers/", providers.provider_list, name="provider_list"),
    path("providers/new/", providers.provider_create, name="provider_create"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider_detail"),
    path("providers/<int:pk>/edit/", providers.provider_update, name="provider_update"),
    path("providers/<int:pk>/services/new/", providers.service_create, name="service_create"),
    path("services/<int:pk>/edit/", providers.service_update, name="service_update"),
]
