from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscriber_list, name="subscriber_list"),
    path("new/", views.subscriber_create, name="subscriber_create"),
    path("<int:pk>/", views.subscriber_edit, name="subscriber_edit"),
    path("<int:pk>/secret/", views.subscriber_secret, name="subscriber_secret"),
    path("<int:pk>/ping/", views.subscriber_ping, name="subscriber_ping"),
    path("deliveries/", views.delivery_list, name="delivery_list"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
]
