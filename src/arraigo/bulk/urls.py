from django.urls import path

from . import views

app_name = "bulk"

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("new/", views.import_upload, name="import_upload"),
    path("template/<str:kind>.<str:fmt>", views.template_download, name="template"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/discard/", views.import_discard, name="import_discard"),
    path("export/<str:kind>.<str:fmt>", views.export_download, name="export"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/file/", views.export_file, name="export_file"),
]
