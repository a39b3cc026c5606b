from django.urls import path

from .views import employers, placements, vacancies

app_name = "jobs"

urlpatterns = [
    path("employers/", employers.employer_list, name="employer_list"),
    path("employers/new/", employers.employer_create, name="employer_create"),
    path("employers/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", employers.employer_update, name="employer_update"),
    path("vacancies/", vacancies.vacancy_list, name="vacancy_list"),
    path("vacancies/new/", vacancies.vacancy_create, name="vacancy_create"),
    path("vacancies/<int:pk>/", vacancies.vacancy_detail, name="vacancy_detail"),
    path("vacancies/<int:pk>/edit/", vacancies.vacancy_update, name="vacancy_update"),
    path("vacancies/<int:pk>/close/", vacancies.vacancy_close, name="vacancy_close"),
    path("placements/", placements.placement_list, name="placement_list"),
    path("placements/new/", placements.placement_hire, name="placement_hire"),
    path("placements/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path("turnover/", placements.turnover, name="turnover"),
]
