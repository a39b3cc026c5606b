from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.feedback_list_view, name="feedback_list"),
    path("new/", views.feedback_create, name="feedback_create"),
    path("<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("tell-us/", views.public_form, name="public_form"),
]
