from django.urls import path

from . import views, views_surveys

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("placements/", views.placements, name="placements"),
    path("referrals/", views.referrals, name="referrals"),
    path("feedback/", views.feedback, name="feedback"),
    path("export/people.csv", views.export_people, name="export_people"),
    path("export/figures.csv", views.export_figures, name="export_figures"),
    path("surveys/", views_surveys.instruments, name="surveys"),
    path("surveys/<str:round_code>.xlsx", views_surveys.xlsform, name="xlsform"),
    path("surveys/import/", views_surveys.kobo_upload, name="kobo_import"),
]
