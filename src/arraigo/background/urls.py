from django.urls import path

from . import views

app_name = "background"

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("<uuid:task_id>/retry/", views.task_retry, name="task_retry"),
]
