from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("tasks/", views.work_list, name="work_list"),
    path("workload/", views.workload_view, name="workload"),
    path("template/", views.template_edit, name="template_edit"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("households/<int:household_pk>/plan/", views.plan_open, name="plan_open"),
]
