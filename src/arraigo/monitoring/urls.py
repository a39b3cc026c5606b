from django.urls import path

from . import views, views_report

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("placements/", views.placements, name="placements"),
    path("referrals/", views.referrals, name="referrals"),
    path("feedback/", views.feedback, name="feedback"),
    path("results/", views_report.results, name="results"),
    path("results/report.<str:fmt>", views_report.results_download, name="results_download"),
    path("export/people.csv", views.export_people, name="export_people"),
    path("export/figures.csv", views.export_figures, name="export_figures"),
]
