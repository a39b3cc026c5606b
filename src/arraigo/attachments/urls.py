from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("<uuid:public_id>/", views.attachment_download, name="download"),
    path("<uuid:public_id>/remove/", views.attachment_delete, name="remove"),
    path("add/<slug:kind>/", views.attachment_create, name="add"),
]
