from django.urls import path

from . import views, views_instruments, views_kobo_hook, views_report, views_surveys

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
    path("surveys/", views_surveys.survey_list, name="survey_list"),
    path(
        "surveys/<int:household_pk>/<slug:round_code>/",
        views_surveys.survey_entry,
        name="survey_entry",
    ),
    path("instruments/", views_instruments.instruments, name="instruments"),
    path("instruments/<str:round_code>.xlsx", views_instruments.xlsform, name="xlsform"),
    path("instruments/import/", views_instruments.kobo_upload, name="kobo_import"),
    path("kobo/forms/", views_kobo_hook.kobo_forms, name="kobo_forms"),
    path("kobo/forms/new/", views_kobo_hook.kobo_form_create, name="kobo_form_create"),
    path("kobo/forms/<int:pk>/", views_kobo_hook.kobo_form_edit, name="kobo_form_edit"),
    path("kobo/forms/<int:pk>/secret/", views_kobo_hook.kobo_form_secret, name="kobo_form_secret"),
    path(
        "kobo/forms/<int:pk>/retry/",
        views_kobo_hook.kobo_form_retry_failed,
        name="kobo_form_retry_failed",
    ),
    path("kobo/submissions/", views_kobo_hook.kobo_submissions, name="kobo_submissions"),
    path(
        "kobo/submissions/<int:pk>/retry/",
        views_kobo_hook.kobo_submission_retry,
        name="kobo_submission_retry",
    ),
]
